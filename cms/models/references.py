from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable
from wagtail.search import index

from cms.validators import validate_doi, validate_pmid

from .medical import MedicalSnippet


class Reference(index.Indexed, MedicalSnippet):
    """A study or source in the clinic's reference library, reusable across articles.
    A claim is only as good as its citation, so each reference must be findable by
    DOI, PubMed ID or URL."""

    authors = models.CharField(
        max_length=500,
        help_text="Vancouver style: surnames and initials, e.g. “Smith J, Jones AB”.",
    )
    title = models.CharField(max_length=500)
    journal = models.CharField(
        "journal or publisher",
        max_length=255,
        help_text="Journal abbreviation (e.g. “BMC Med”) or the publishing organisation.",
    )
    year = models.PositiveSmallIntegerField()
    volume = models.CharField(max_length=20, blank=True)
    issue = models.CharField(max_length=20, blank=True)
    pages = models.CharField(max_length=30, blank=True, help_text="e.g. “123-9” or “e104”.")
    doi = models.CharField(
        "DOI", max_length=255, blank=True, validators=[validate_doi], help_text="e.g. 10.1186/…"
    )
    pmid = models.CharField("PubMed ID", max_length=20, blank=True, validators=[validate_pmid])
    url = models.URLField("URL", max_length=500, blank=True)
    accessed_on = models.DateField(
        "accessed date", null=True, blank=True, help_text="When a web source was last checked."
    )
    source_text = models.TextField(
        blank=True,
        help_text="The citation as it appeared in an imported article. Find the study it "
        "describes and add its DOI, PubMed ID or URL to verify it.",
    )

    panels = [
        FieldPanel("authors"),
        FieldPanel("title"),
        FieldPanel("journal"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("volume"), FieldPanel("issue")]),
        FieldPanel("pages"),
        MultiFieldPanel(
            [FieldPanel("doi"), FieldPanel("pmid"), FieldPanel("url"), FieldPanel("accessed_on")],
            heading="Where to find it (at least one of DOI, PubMed ID or URL)",
        ),
        FieldPanel("source_text", read_only=True),
    ]

    search_fields = [
        index.SearchField("title"),
        index.SearchField("authors"),
        index.AutocompleteField("title"),
        index.FilterField("doi"),
        index.FilterField("pmid"),
    ]

    # Staff automation reads and writes the library through API v3 (/api/v3/snippets/); only
    # a live, approved reference is ever shown to readers.
    # What a citation is made of: reviewed, written by staff automation and the chooser's
    # creation form alike. The access date only says when a URL was read.
    medical_fields = [
        "authors",
        "title",
        "journal",
        "year",
        "volume",
        "issue",
        "pages",
        "doi",
        "pmid",
        "url",
    ]
    citation_fields = [*medical_fields, "accessed_on"]

    api_fields = [
        *(APIField(name, writable=True) for name in citation_fields),
        APIField("source_text"),
    ]

    class Meta:
        ordering = ["authors", "year"]

    def __str__(self):
        return f"{self.authors} ({self.year}). {self.title}"

    def clean(self):
        super().clean()
        if not (self.doi or self.pmid or self.url):
            message = "Give at least one of DOI, PubMed ID or URL so readers can find the source."
            raise ValidationError({"doi": message, "pmid": message, "url": message})

    @property
    def is_verified(self):
        """Findable by its reader. An imported reference starts without an identifier;
        the admin form will not save one until it has one."""
        return bool(self.doi or self.pmid or self.url)

    @property
    def citation(self):
        """The reference in Vancouver style (as used by the BMJ and ICMJE journals)."""
        parts = [f"{self.authors.rstrip('.')}.", f"{self.title.rstrip('.')}.", f"{self.journal}."]
        locator = str(self.year)
        if self.volume:
            locator += f";{self.volume}"
            if self.issue:
                locator += f"({self.issue})"
        if self.pages:
            locator += f":{self.pages}"
        parts.append(f"{locator}.")
        if self.doi:
            parts.append(f"doi:{self.doi}.")
        if self.pmid:
            parts.append(f"PMID: {self.pmid}.")
        if self.url:
            accessed = (
                f" [accessed {self.accessed_on.day} {self.accessed_on:%b %Y}]"
                if self.accessed_on
                else ""
            )
            parts.append(f"Available from: {self.url}{accessed}.")
        return " ".join(parts)

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def pubmed_url(self):
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else ""


class PageReference(Orderable):
    """A reference cited by a page, in citation order. Concrete subclasses add the
    ParentalKey to their page type."""

    reference = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("reference")]

    class Meta(Orderable.Meta):
        abstract = True
