import importlib
import io
import shutil

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page

from articles.factories import ArticleIndexPageFactory
from cms import roles
from cms.factories import ClinicianFactory, UserFactory, WriterProfileFactory
from home.site_tree import ensure_home_page
from review.factories import DisclaimerFactory


@pytest.fixture(autouse=True, scope="session")
def _clean_test_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def wagtail_roots(transactional_db):
    """What Wagtail's migrations put in the database (default locale, root page, root
    collection), which a transactional test's flush removes: tests on a live server or
    with real transactions start from here, and leave the database as the next expects."""
    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if Page.get_first_root_node() is None:
        Page.add_root(
            instance=Page(
                title="Root",
                slug="root",
                locale=locale,
                content_type=ContentType.objects.get_for_model(Page),
            )
        )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


@pytest.fixture(autouse=True)
def _roots_for_transactional_tests(request):
    """Every test with real transactions (``transaction=True``, a live server) starts
    from Wagtail's roots, whichever transactional test flushed them before it."""
    marker = request.node.get_closest_marker("django_db")
    fixtures = request.fixturenames
    if (
        (marker is not None and marker.kwargs.get("transaction"))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    ):
        request.getfixturevalue("wagtail_roots")


@pytest.fixture
def home(db):
    return ensure_home_page("Test Clinic")


@pytest.fixture
def groups(home):
    return roles.ensure_groups(home)


@pytest.fixture
def article_index(home):
    index = ArticleIndexPageFactory(parent=home)
    index.save_revision().publish()
    return index


def _member(groups, group_name, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(groups[group_name])
    return user


@pytest.fixture
def writer(groups):
    user = _member(groups, roles.WRITERS, username="writer")
    WriterProfileFactory(name="Sam Writer", user=user)
    return user


@pytest.fixture
def editor(groups):
    return _member(groups, roles.EDITORS, username="editor")


@pytest.fixture
def doctor(groups):
    user = _member(groups, roles.MEDICAL_REVIEWERS, username="doctor")
    ClinicianFactory(user=user, name="Dr Test Doctor")
    return user


@pytest.fixture
def required_disclaimer(db):
    return DisclaimerFactory(title="Not a substitute for medical advice", required_for_all=True)


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def claims_word_lists(db):
    """The claims checker's word lists as the data migrations seed them. Seeded again only
    when a transactional test elsewhere flushed them: reseeding touches every row, and the
    checker then recompiles its lists for every test."""
    from django.apps import apps

    from review.models import ClaimPhrase

    if not ClaimPhrase.objects.exists():
        for migration in (
            "0002_seed_word_lists",
            "0004_seed_claims_checker_v2",
            "0006_seed_claims_checker_v3",
            "0007_medicine_sources_checked",
            "0008_seed_claims_checker_v4",
            "0009_seed_claims_checker_v5",
        ):
            importlib.import_module(f"review.migrations.{migration}").seed(apps, None)
