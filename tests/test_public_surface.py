"""The public surface of an article is declared in one place: every string the public can
read (HTML, API v2, API v3, JSON-LD) comes from a reviewed field (``medical_fields`` of the
page, or of the reference, disclaimer or FAQ it shows) or from a source the page type names
in ``public_unreviewed`` with its reason. Every text field is filled with a marker naming
its source; a marker in any output whose source is undeclared fails the test."""

import re

import pytest
from wagtail.models import APIToken

from articles.factories import ArticlePageFactory, body_from_outline
from articles.models import ArticleAuthor, ArticleDisclaimer, ArticlePage, ArticleReference
from cms.factories import ClinicianFactory, ImageFactory, TopicFactory, WriterProfileFactory
from cms.models import ClinicSettings, Disclaimer, Reference
from faq.factories import FAQFactory
from faq.models import FAQ
from review.factories import DisclaimerFactory, ReferenceFactory

pytestmark = pytest.mark.django_db

MARKER = re.compile(r"mkr([a-z]+)x")


def m(source):
    return f"mkr{source}x"


# Each marker's source: a page field, a field of a snippet the page shows, or a register
# reached through the page relation named.
PAGE_FIELDS = ["title", "slug", "seo_title", "search_description", "summary", "hero_image_alt"]
SOURCES = {
    **{name.replace("_", ""): ("page", name) for name in PAGE_FIELDS},
    "bodyheading": ("page", "body"),
    "bodyparagraph": ("page", "body"),
    "bodylisttitle": ("page", "body"),
    "bodylisttext": ("page", "body"),
    "bodyquestion": ("page", "body"),
    "bodyanswer": ("page", "body"),
    "bodycta": ("page", "body"),
    "imagetitle": ("page", "hero_image"),
    "referencetitle": (Reference, "title"),
    "referenceauthors": (Reference, "authors"),
    "referencejournal": (Reference, "journal"),
    "disclaimertitle": (Disclaimer, "title"),
    "disclaimertext": (Disclaimer, "text"),
    "faqquestion": (FAQ, "question"),
    "faqanswer": (FAQ, "answer"),
    "writername": ("page", "authors"),
    "writerrole": ("page", "authors"),
    "writercredentials": ("page", "authors"),
    "topicname": ("page", "topics"),
    "topicslug": ("page", "topics"),
    "clinicianname": ("page", "review_record"),
    "clinicianspecialty": ("page", "review_record"),
    "clinicname": ("page", "clinic"),
    "clinicaddress": ("page", "clinic"),
}


def declared(source):
    owner, field = SOURCES[source]
    if owner == "page":
        return field in ArticlePage.medical_fields or field in ArticlePage.public_unreviewed
    return field in owner.medical_fields


@pytest.fixture
def full_page(article_index, home, groups):
    doctor = ClinicianFactory(name=m("clinicianname"), specialty=m("clinicianspecialty")).user
    doctor.groups.add(groups["Medical reviewers"])
    ClinicSettings.objects.update_or_create(
        site=home.get_site(), defaults={"name": m("clinicname"), "address": m("clinicaddress")}
    )
    reference = ReferenceFactory(
        title=m("referencetitle"),
        authors=m("referenceauthors"),
        journal=m("referencejournal"),
        approved_by=doctor,
    )
    disclaimer = DisclaimerFactory(
        title=m("disclaimertitle"), text=f"<p>{m('disclaimertext')}</p>", approved_by=doctor
    )
    shared = FAQFactory(
        question=m("faqquestion"), answer=f"<p>{m('faqanswer')}</p>", approved_by=doctor
    )
    body = body_from_outline(
        [
            ("heading", m("bodyheading")),
            ("paragraph", f"<p>{m('bodyparagraph')} [1]</p>"),
            ("numbered_list", [(m("bodylisttitle"), f"<p>{m('bodylisttext')}</p>")]),
            ("faq_section", [(m("bodyquestion"), f"<p>{m('bodyanswer')}</p>")]),
            ("call_to_action", m("bodycta")),
        ]
    )
    body[3]["value"]["items"].append({"type": "shared_faq", "value": shared.pk})
    writer = WriterProfileFactory(
        name=m("writername"), role=m("writerrole"), credentials=m("writercredentials")
    )
    page = ArticlePageFactory(
        parent=article_index,
        **{name: m(name.replace("_", "")) for name in PAGE_FIELDS},
        hero_image=ImageFactory(title=m("imagetitle")),
        body=body,
        authors=[ArticleAuthor(author=writer)],
        topics=[TopicFactory(name=m("topicname"), slug=m("topicslug"))],
        references=[ArticleReference(reference=reference)],
        disclaimers=[ArticleDisclaimer(disclaimer=disclaimer)],
        published=True,
        approved_by=doctor,
    )
    return ArticlePage.objects.get(pk=page.pk)


def public_outputs(client, page, editor):
    _, token = APIToken.create_token(user=editor, name="surface")
    yield "HTML", client.get(page.url).content.decode()
    yield "v2", client.get(f"/api/v2/pages/{page.pk}/?fields=*").content.decode()
    yield (
        "v2 listing",
        client.get("/api/v2/pages/?type=articles.ArticlePage&fields=*").content.decode(),
    )
    yield "v3", client.get(f"/api/v3/pages/{page.pk}/").content.decode()
    yield (
        "v3 staff",
        client.get(
            f"/api/v3/pages/{page.pk}/", HTTP_AUTHORIZATION=f"Bearer {token}"
        ).content.decode(),
    )


def test_every_public_string_comes_from_a_declared_source(client, full_page, editor):
    found = {}
    for output, text in public_outputs(client, full_page, editor):
        for source in MARKER.findall(text.lower()):
            found.setdefault(source, set()).add(output)

    unknown = {s: outputs for s, outputs in found.items() if s not in SOURCES}
    undeclared = {s: outputs for s, outputs in found.items() if s in SOURCES and not declared(s)}
    assert not unknown, f"public strings from sources the test does not know: {unknown}"
    assert not undeclared, f"public strings from undeclared sources: {undeclared}"
    # The outputs really were read: the reviewed words and the registers all show.
    for source in ("title", "summary", "bodyparagraph", "referencetitle", "disclaimertext"):
        assert "HTML" in found[source] and "v2" in found[source], source
    assert {"writername", "topicname", "clinicianname", "faqquestion"} <= set(found)


@pytest.mark.parametrize("field", ["authors", "topics", "review_record", "clinic"])
def test_each_unreviewed_source_says_why(field):
    assert len(ArticlePage.public_unreviewed[field].split()) >= 5
    assert field not in ArticlePage.medical_fields


def test_served_text_carries_no_editor_attributes(client, article_index, doctor):
    keyed = '<p data-block-key="a1b2c">Usually, under supervision.</p>'
    body = body_from_outline([("faq_section", [("Is it safe?", keyed)]), ("paragraph", keyed)])
    page = ArticlePageFactory(parent=article_index, body=body, published=True, approved_by=doctor)
    outputs = dict(public_outputs(client, page, doctor))
    json_ld = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', outputs["HTML"], re.S
    )
    # v3 is Wagtail's read/write API: it serves the stored form so that writes round-trip.
    assert any("Usually, under supervision." in text for text in json_ld)
    for text in [outputs["v2"], outputs["v2 listing"], *json_ld]:
        assert "data-block-key" not in text
    assert "Usually, under supervision." in outputs["v2"]
