"""The demo loader builds a site a clinic can use at once, and is safe to run again."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page, Revision

from articles.models import ArticlePage
from cms.models import Clinician, Disclaimer, Reference
from faq.models import FAQ, FAQPage

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Page, Revision, Reference, Disclaimer, FAQ, Clinician, Group)
    } | {"users": get_user_model().objects.count()}


def test_load_demo_twice_changes_nothing(demo, monkeypatch):
    before = counts()
    passwords = dict(get_user_model().objects.values_list("username", "password"))
    monkeypatch.setenv("DEMO_PASSWORD", "a-different-password")
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    assert counts() == before
    assert dict(get_user_model().objects.values_list("username", "password")) == passwords
    assert "password" not in output.getvalue()


def test_demo_has_the_pages_groups_and_people_the_issue_asks_for(demo):
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Writers",
        "Medical reviewers",
        "Editors",
    }
    for username, group in [
        ("writer", "Writers"),
        ("doctor", "Medical reviewers"),
        ("editor", "Editors"),
    ]:
        assert get_user_model().objects.get(username=username).groups.filter(name=group).exists()
    assert Clinician.objects.get(user__username="doctor").gmc_number == "7012345"
    articles = ArticlePage.objects.order_by("title")
    assert [(a.live, a.has_unpublished_changes) for a in articles] == [
        (True, False),
        (False, True),
    ]
    assert FAQPage.objects.live().count() == 1
    assert Disclaimer.objects.filter(live=True, rules__isnull=False).distinct().count() == 2


def test_published_demo_article_has_the_seed_articles_structure(demo):
    article = ArticlePage.objects.live().get()
    block_types = [block.block_type for block in article.body]
    headings = [b.value["text"] for b in article.body if b.block_type == "heading"]
    lists = [b.value for b in article.body if b.block_type == "numbered_list"]
    assert len(headings) >= 7
    assert len(lists[0]) == 5, "the five reasons"
    assert "bulleted_list" in block_types, "the tips"
    assert len(article.faq_items()) == 5
    assert block_types[-1] == "call_to_action"
    assert len(article.live_references()) == 3
    assert {d.title for d in article.applicable_disclaimers()} == {
        "Not a substitute for medical advice",
        "Treatment claims",
    }
    assert article.reviewed_by.gmc_number == "7012345"


def test_every_demo_page_is_served_and_editable(demo, client):
    client.force_login(get_user_model().objects.get(username="editor"))
    pages = Page.objects.filter(depth__gt=1).specific()
    assert len(pages) == 5
    for page in pages:
        if page.live:
            public = client.get(page.url)
            assert public.status_code == 200, page.url
            assert page.title in public.content.decode()
        else:
            draft = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
            assert draft.status_code == 200, page.title
        edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert edit.status_code == 200, page.title
        listing = client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
        assert listing.status_code == 200
        assert page.title in listing.content.decode()


def test_demo_snippets_and_registers_open_in_the_admin(demo, client):
    client.force_login(get_user_model().objects.get(username="editor"))
    for url in [
        reverse("wagtailsnippets_cms_reference:list"),
        reverse("wagtailsnippets_cms_disclaimer:list"),
        reverse("wagtailsnippets_cms_topic:list"),
        reverse("wagtailsnippets_faq_faq:list"),
        reverse("cms_clinician_modeladmin_index"),
        reverse("cms_writerprofile_modeladmin_index"),
    ]:
        assert client.get(url).status_code == 200, url
    reference = Reference.objects.first()
    edit = client.get(reverse("wagtailsnippets_cms_reference:edit", args=[reference.pk]))
    assert edit.status_code == 200
