from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from cms.validators import validate_gmc_number


class WriterProfile(index.Indexed, models.Model):
    """The byline a patient sees: who wrote the article and with what credentials."""

    name = models.CharField(max_length=150)
    role = models.CharField(max_length=150, help_text="For example “Health writer”.")
    credentials = models.CharField(
        max_length=150, blank=True, help_text="Qualifications shown after the name, e.g. “MSc”."
    )
    bio = models.TextField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="writer_profile",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("credentials"),
        FieldPanel("bio"),
        FieldPanel("user"),
    ]

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Clinician(index.Indexed, models.Model):
    """A registered doctor who may approve medical content. The GMC number is what makes
    an approval accountable; an inactive clinician can no longer approve anything."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="clinician"
    )
    name = models.CharField(max_length=150, help_text="As registered, e.g. “Dr Amelia Hart”.")
    gmc_number = models.CharField(
        "GMC number",
        max_length=20,
        unique=True,
        validators=[validate_gmc_number],
        help_text="The 7-digit General Medical Council reference number.",
    )
    specialty = models.CharField(max_length=150)
    registration_checked_on = models.DateField(
        help_text="When the GMC register was last checked for this doctor."
    )
    is_active = models.BooleanField(
        default=True, help_text="Untick to stop this clinician approving content."
    )

    panels = [
        FieldPanel("user"),
        FieldPanel("name"),
        FieldPanel("gmc_number"),
        FieldPanel("specialty"),
        FieldPanel("registration_checked_on"),
        FieldPanel("is_active"),
    ]

    search_fields = [index.SearchField("name"), index.SearchField("gmc_number")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} (GMC {self.gmc_number})"
