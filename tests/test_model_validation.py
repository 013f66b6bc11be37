"""Bad input in the admin gets a clear form error and saves nothing."""

import pytest
from django.urls import reverse

from articles.models import ArticlePage
from cms.factories import ImageFactory
from cms.models import Clinician, Reference
from review.factories import ReferenceFactory
from tests.admin_forms import article_form_data

REFERENCE = {
    "authors": "Vaucher P, Druais PL",
    "title": "Effect of iron supplementation on fatigue",
    "journal": "CMAJ",
    "year": "2012",
    "volume": "184",
    "issue": "11",
    "pages": "1247-54",
    "doi": "",
    "pmid": "",
    "url": "",
    "accessed_on": "",
}


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"doi": "doi.org/10.1503/cmaj"}, "doi", "Enter a DOI such as 10.1186"),
        ({"doi": "10.12/too-short-prefix"}, "doi", "Enter a DOI such as 10.1186"),
        ({"pmid": "123456789"}, "pmid", "PubMed ID of 1 to 8 digits"),
        ({"pmid": "PMC12345"}, "pmid", "PubMed ID of 1 to 8 digits"),
        ({}, "url", "Give at least one of DOI, PubMed ID or URL"),
    ],
)
def test_reference_with_bad_identifier_is_refused_with_a_form_error(
    client, editor, fields, field, message
):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailsnippets_cms_reference:add"), {**REFERENCE, **fields, "action-publish": "1"}
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert not Reference.objects.exists()


def test_reference_with_valid_doi_is_saved(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailsnippets_cms_reference:add"), {**REFERENCE, "doi": "10.1503/cmaj.110950"}
    )
    assert response.status_code == 302
    assert Reference.objects.get().doi == "10.1503/cmaj.110950"


def test_vancouver_citation():
    reference = Reference(
        authors="Vaucher P, Druais PL, Waldvogel S, Favrat B",
        title="Effect of iron supplementation on fatigue in nonanemic menstruating women",
        journal="CMAJ",
        year=2012,
        volume="184",
        issue="11",
        pages="1247-54",
        doi="10.1503/cmaj.110950",
        pmid="22777991",
    )
    assert reference.citation == (
        "Vaucher P, Druais PL, Waldvogel S, Favrat B. Effect of iron supplementation on "
        "fatigue in nonanemic menstruating women. CMAJ. 2012;184(11):1247-54. "
        "doi:10.1503/cmaj.110950. PMID: 22777991."
    )


@pytest.mark.parametrize("gmc_number", ["123456", "12345678", "GMC1234", "123 456"])
def test_clinician_with_bad_gmc_number_is_refused_with_a_form_error(
    client, editor, writer, gmc_number
):
    client.force_login(editor)
    response = client.post(
        reverse("cms_clinician_modeladmin_create"),
        {
            "user": writer.pk,
            "name": "Dr Someone",
            "gmc_number": gmc_number,
            "specialty": "General practice",
            "registration_checked_on": "2026-11-01",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "exactly 7 digits" in response.context["form"].errors["gmc_number"][0]
    assert not Clinician.objects.exists()


def add_article_url(index):
    return reverse("wagtailadmin_pages:add", args=("articles", "articlepage", index.pk))


def test_hero_image_without_alt_text_is_refused(client, writer, article_index):
    client.force_login(writer)
    image = ImageFactory()
    data = article_form_data(author=writer.writer_profile, hero_image=str(image.pk))
    response = client.post(add_article_url(article_index), data)
    assert response.status_code == 200
    assert "Describe the hero image" in response.context["form"].errors["hero_image_alt"][0]
    assert not ArticlePage.objects.exists()


def test_submitting_without_a_required_disclaimer_names_it_and_saves_nothing(
    client, writer, article_index, required_disclaimer
):
    client.force_login(writer)
    data = article_form_data(author=writer.writer_profile, **{"action-submit": "1"})
    response = client.post(add_article_url(article_index), data)
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert "Attach the required disclaimer “Not a substitute for medical advice”" in errors[0]
    assert "Not a substitute for medical advice" in response.content.decode()
    assert not ArticlePage.objects.exists()


def test_a_draft_may_be_saved_before_its_disclaimers_are_attached(
    client, writer, article_index, required_disclaimer
):
    client.force_login(writer)
    response = client.post(
        add_article_url(article_index), article_form_data(author=writer.writer_profile)
    )
    assert response.status_code == 302
    assert ArticlePage.objects.get().live is False


def test_submitting_with_the_required_disclaimer_passes(
    client, writer, article_index, required_disclaimer
):
    client.force_login(writer)
    reference = ReferenceFactory()
    data = article_form_data(
        author=writer.writer_profile,
        references=[reference],
        disclaimers=[required_disclaimer],
        **{"action-submit": "1"},
    )
    response = client.post(add_article_url(article_index), data)
    assert response.status_code == 302
    article = ArticlePage.objects.get()
    assert [d.title for d in article.attached_disclaimers()] == [required_disclaimer.title]
    assert [r.pk for r in article.live_references()] == [reference.pk]
