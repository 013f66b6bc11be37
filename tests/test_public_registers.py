"""What live pages display without a review of its own: registers (topics, clinic settings)
only Editors change, in the audit log; images and documents, public only while a live page
uses them, and unchangeable while a live medical page shows them."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, ModelLogEntry

from articles.factories import ArticlePageFactory, body_from_outline
from cms.factories import ImageFactory, TopicFactory
from cms.models import ClinicSettings
from review.gate import MedicalReviewRequired

pytestmark = pytest.mark.django_db


def document(title="Price list"):
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(b"%PDF-1.4 prices", name="prices.pdf"),
        collection=Collection.get_first_root_node(),
    )


def test_a_writer_cannot_rename_a_topic_an_editor_can_on_the_record(client, writer, editor):
    topic = TopicFactory(name="Fatigue", slug="fatigue")
    url = reverse("wagtailsnippets_cms_topic:edit", args=[topic.pk])
    client.force_login(writer)
    client.post(url, {"name": "ME/CFS cure", "slug": "fatigue"})
    topic.refresh_from_db()
    assert topic.name == "Fatigue"

    client.force_login(editor)
    assert client.post(url, {"name": "Tiredness", "slug": "fatigue"}).status_code == 302
    topic.refresh_from_db()
    assert topic.name == "Tiredness"
    entry = ModelLogEntry.objects.filter(object_id=str(topic.pk), action="wagtail.edit").get()
    assert entry.user == editor


def test_clinic_settings_changes_are_in_the_audit_log_with_the_editor(client, editor, home):
    client.force_login(editor)
    settings = ClinicSettings.objects.create(site=home.get_site(), name="Clinic")
    url = reverse("wagtailsettings:edit", args=["cms", "clinicsettings", home.get_site().pk])
    data = {"name": "Clinic", "address": "", "phone": "020 7946 0000", "email": ""}
    data.update({"booking_url": "", "default_review_interval_months": "12"})
    assert client.post(url, data).status_code == 302
    entry = ModelLogEntry.objects.filter(object_id=str(settings.pk), action="wagtail.edit").last()
    assert entry is not None and entry.user == editor


def test_an_upload_is_not_public_until_a_live_page_uses_it(client, article_index, doctor):
    unused_image, hero = ImageFactory(), ImageFactory()
    unused_document = document()
    ArticlePageFactory(
        parent=article_index,
        hero_image=hero,
        hero_image_alt="A drip stand",
        published=True,
        approved_by=doctor,
    )
    images = {item["id"] for item in client.get("/api/v2/images/").json()["items"]}
    assert images == {hero.pk}
    assert client.get(f"/api/v2/images/{unused_image.pk}/").status_code == 404
    assert client.get("/api/v2/documents/").json()["items"] == []
    assert client.get(unused_document.url).status_code == 404


def test_staff_can_open_an_unused_document(client, writer):
    unused = document()
    client.force_login(writer)
    assert client.get(unused.url).status_code == 200


def test_an_image_live_medical_pages_show_cannot_be_retitled_or_replaced(
    client, article_index, doctor, editor
):
    hero = ImageFactory(title="Drip stand")
    page = ArticlePageFactory(
        parent=article_index,
        hero_image=hero,
        hero_image_alt="A drip",
        published=True,
        approved_by=doctor,
    )
    hero.title = "IV iron cures ME/CFS"
    with pytest.raises(MedicalReviewRequired, match=f"“{page.title}”"):
        hero.save()
    client.force_login(editor)
    url = reverse("wagtailimages:edit", args=[hero.pk])
    response = client.post(url, {"title": "IV iron cures ME/CFS", "collection": hero.collection_id})
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("cannot be changed" in m for m in messages), messages
    hero.refresh_from_db()
    assert hero.title == "Drip stand"

    unused = ImageFactory(title="Spare")
    unused.title = "Renamed"
    unused.save()


def test_what_live_pages_show_saves_unchanged_and_a_new_row_with_its_own_id_saves(
    article_index, doctor
):
    """Only a change is refused: Wagtail saves images and documents for its own reasons
    (tags, collections, file hashes), and fixtures and restores create rows with ids."""
    hero, leaflet = ImageFactory(title="Drip stand"), document("Aftercare leaflet")
    link = f'<p>Read the <a linktype="document" id="{leaflet.pk}">leaflet</a>.</p>'
    ArticlePageFactory(
        parent=article_index,
        hero_image=hero,
        hero_image_alt="A drip",
        body=body_from_outline([("paragraph", link)]),
        published=True,
        approved_by=doctor,
    )
    hero.save()
    leaflet.save()
    leaflet.title = "Aftercare: iron cures fatigue"
    with pytest.raises(MedicalReviewRequired, match="cannot be changed"):
        leaflet.save()

    restored = ImageFactory.build(pk=hero.pk + 100, title="Restored")
    restored.save()
    assert type(hero).objects.filter(pk=hero.pk + 100, title="Restored").exists()


def test_renaming_the_reviewer_in_the_register_does_not_rewrite_live_attribution(
    client, article_index, doctor, editor
):
    clinician = doctor.clinician
    page = ArticlePageFactory(parent=article_index, published=True, approved_by=doctor)
    approved_as = (clinician.name, clinician.gmc_number, clinician.specialty)
    client.force_login(editor)
    url = reverse("cms_clinician_modeladmin_edit", args=[clinician.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(name="Prof. Cure", gmc_number="7000001", specialty="ME/CFS cure specialist")
    assert client.post(url, data).status_code == 302
    clinician.refresh_from_db()
    assert clinician.name == "Prof. Cure"
    assert ModelLogEntry.objects.filter(object_id=str(clinician.pk), action="wagtail.edit").exists()

    client.logout()
    api = client.get(f"/api/v2/pages/{page.pk}/").json()
    reviewed_by = api["medical_review"]["reviewed_by"]
    assert (reviewed_by["name"], reviewed_by["gmc_number"], reviewed_by["specialty"]) == approved_as
    [web_page] = [o for o in api["structured_data"] if o["@type"] == "MedicalWebPage"]
    assert web_page["reviewedBy"]["name"] == approved_as[0]
    html = client.get(page.url).content.decode()
    assert f"Medically reviewed by {approved_as[0]}" in html
    for text in (api, html):
        assert "Prof. Cure" not in str(text) and "cure specialist" not in str(text)
