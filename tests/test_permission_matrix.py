"""Every role against every surface the CMS offers (admin screens, bulk actions, the v2 and
v3 APIs, the preview token, the commands), from one table: each cell is its own test, and
a refused cell asserts how it is refused and that nothing changed. The README's
*Permissions* table is rendered from the same rows (``tools/permission_matrix.py``), so it
says what is tested."""

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import APIToken, Page, WorkflowState

from articles.factories import ArticlePageFactory, body_from_outline
from articles.models import ArticlePage
from cms.factories import ClinicianFactory, TopicFactory, UserFactory
from cms.models import PreviewToken, Reference, Topic
from delivery.api.preview import issue_token
from faq.factories import FAQFactory
from review.claims import check_page
from review.factories import DisclaimerFactory, ReferenceFactory
from review.gate import approve_revision
from review.models import ClaimAcceptance
from review.review_screen import review_url
from review.setup import ensure_medical_review_workflow
from tests.admin_forms import article_edit_data

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "writer", "doctor", "editor", "superuser")
COLUMNS = {
    "anonymous": "anonymous",
    "writer": "Writers",
    "doctor": "Medical reviewers",
    "editor": "Editors",
    "superuser": "superuser",
}
STAFF = frozenset(ROLES) - {"anonymous"}
EVERYONE = frozenset(ROLES)
NOBODY = frozenset()
README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- permission-matrix:start -->", "<!-- permission-matrix:end -->"
PERMISSION_DENIED = "Sorry, you do not have permission to access this area."
IMPORT_FILE = Path(__file__).parent / "data" / "import" / "blood-tests-for-tiredness.md"
CLAIM = "This drip cures fatigue in a week."


class World:
    """The content a cell needs, made on first use, so each test builds only its own."""

    def __init__(self, request, role):
        self.request = request
        self.role = role

    def fixture(self, name):
        return self.request.getfixturevalue(name)

    @cached_property
    def user(self):
        if self.role == "anonymous":
            return None
        if self.role == "superuser":
            return UserFactory(username="admin", is_superuser=True, is_staff=True)
        return self.fixture(self.role)

    @cached_property
    def token(self):
        if self.user is None:
            return None
        return APIToken.create_token(user=self.user, name="matrix")[1]

    def article(self, title, **kwargs):
        index = self.fixture("article_index")
        return ArticlePageFactory(parent=index, owner=self.fixture("writer"), title=title, **kwargs)

    @cached_property
    def draft(self):
        return self.article("Iron and tiredness")

    @cached_property
    def approved(self):
        """A draft a clinician (not one of the roles) approved, so only permission stands
        between a role and publishing it."""
        page = self.article("Approved iron")
        approve_revision(page.get_latest_revision(), ClinicianFactory().user)
        return ArticlePage.objects.get(pk=page.pk)

    @cached_property
    def live(self):
        return self.article("Live iron", published=True)

    @cached_property
    def submitted(self):
        """The writer's draft, with a sentence the claims checker flags, in review."""
        self.fixture("claims_word_lists")
        workflow = ensure_medical_review_workflow()
        page = self.article(
            "Iron drips", body=body_from_outline([("paragraph", f"<p>{CLAIM}</p>")])
        )
        page.save_revision(user=self.fixture("writer"))
        workflow.start(page, self.fixture("writer"))
        return ArticlePage.objects.get(pk=page.pk)

    @cached_property
    def topic(self):
        return TopicFactory(name="Fatigue", slug="fatigue")

    @cached_property
    def reference(self):
        return ReferenceFactory(title="Iron for fatigue", doi="10.1000/iron.1")

    @cached_property
    def disclaimer(self):
        return DisclaimerFactory(title="See your GP")

    @cached_property
    def faq(self):
        return FAQFactory()


# How each kind of surface allows and refuses


def signed_in(client, world):
    if world.user is not None:
        client.force_login(world.user)
    return client


def admin_refusal(response):
    """Whether the admin refused: anonymous to the sign-in page, a signed-in user to the
    dashboard with Wagtail's permission-denied message, or a 403."""
    if response.status_code == 403:
        return True
    if response.status_code != 302:
        return False
    location = response["Location"]
    if location.startswith(reverse("wagtailadmin_login")):
        return True
    messages = [str(m).strip() for m in get_messages(response.wsgi_request)]
    return location == reverse("wagtailadmin_home") and PERMISSION_DENIED in messages


def admin_get(url_of, content_type="text/html"):
    def exercise(client, world):
        response = signed_in(client, world).get(url_of(world))
        if response.status_code == 200:
            assert response["Content-Type"].startswith(content_type), response["Content-Type"]
            return True
        assert admin_refusal(response), (response.status_code, response.get("Location"))
        return False

    return exercise


def admin_write(request_of, changed):
    """Allowed when the write took effect; refused only as the admin refuses, with nothing
    changed."""

    def exercise(client, world):
        url, data = request_of(world)
        response = signed_in(client, world).post(url, data)
        if changed(world):
            return True
        assert admin_refusal(response), (response.status_code, response.get("Location"))
        return False

    return exercise


def publish_in_editor(client, world):
    """The editor's Publish button: a role without publish permission gets a saved draft
    at most; "refused" is that nothing went live."""
    page = world.approved.get_latest_revision_as_object()
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = signed_in(client, world).post(
        url, article_edit_data(page, **{"action-publish": "1"})
    )
    if ArticlePage.objects.get(pk=page.pk).live:
        return True
    if world.user is None:
        assert admin_refusal(response)
    else:
        assert response.status_code == 302, "saved as a draft"
    return False


def bulk(app_label, model_name, action, target, changed, data=None):
    """Refused: the confirmation page lists the object as one the user may not act on,
    and the confirmed action leaves it as it was (Wagtail skips it)."""

    def exercise(client, world):
        obj = target(world)
        url = reverse("wagtail_bulk_action", args=(app_label, model_name, action))
        url = f"{url}?id={obj.pk}"
        confirmation = signed_in(client, world).get(url)
        client.post(url, data or {})
        if world.user is None:
            assert admin_refusal(confirmation)
            assert not changed(world, obj)
            return False
        assert confirmation.status_code == 200, confirmation.status_code
        # Page bulk actions list {"item": page, ...}, snippet ones the objects themselves.
        refused = confirmation.context["items_with_no_access"]
        refused_ids = {(o["item"] if isinstance(o, dict) else o).pk for o in refused}
        listed_as_refused = obj.pk in refused_ids
        assert changed(world, obj) is not listed_as_refused
        return not listed_as_refused

    return exercise


def assert_told_nothing_was_done(response, world, url, message):
    """A user who may open the screen but not decide is sent back to it, told why."""
    if world.user is None:
        assert admin_refusal(response)
        return
    assert response.status_code == 302 and response["Location"] == url, response.status_code
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages and messages[0].startswith(message), messages


def review_decision(client, world):
    page = world.submitted
    data = {"decision": "reject", "reject-comment": "Say how long the drip takes."}
    response = signed_in(client, world).post(review_url(page), data)
    state = WorkflowState.objects.get(pk=page.current_workflow_state.pk)
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return True
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert_told_nothing_was_done(response, world, review_url(page), "Nothing was decided")
    return False


def accept_claim(client, world):
    page = world.submitted
    [claim] = [c for c in check_page(page.get_latest_revision_as_object()) if not c.is_resolved]
    url = reverse("lifecycle_page_claims", args=[page.pk])
    data = {"sentence_hash": claim.hash, "note": "A figure of speech; the text says otherwise."}
    response = signed_in(client, world).post(url, data)
    if ClaimAcceptance.objects.filter(page=page).exists():
        return True
    assert_told_nothing_was_done(response, world, url, "Nothing was accepted")
    return False


def api_read(url_of, refused_anonymous=404, refused_signed_in=404):
    """A session's read: refused with the status given, JSON, and never content."""

    def exercise(client, world):
        response = signed_in(client, world).get(url_of(world))
        if response.status_code == 200:
            return True
        expected = refused_anonymous if world.user is None else refused_signed_in
        assert response.status_code == expected, response.status_code
        assert response["Content-Type"].startswith("application/json")
        assert "title" not in response.json()
        return False

    return exercise


def v3(method, url_of, payload_of=None, changed=None):
    """A bearer token of the role's user; anonymous sends none. Refused: 401 without a
    token, 403 (or 404 for what the token may not see) with one, problem+json, nothing
    changed."""

    def exercise(client, world):
        url = url_of(world)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {world.token}"} if world.token else {}
        if method == "get":
            response = client.get(url, **headers)
        else:
            payload = json.dumps(payload_of(world) if payload_of else {})
            response = getattr(client, method)(
                url, payload, content_type="application/json", **headers
            )
        if response.status_code < 300:
            assert changed is None or changed(world), "allowed but nothing changed"
            return True
        expected = (401,) if world.token is None else (403, 404)
        assert response.status_code in expected, (response.status_code, response.content[:300])
        assert response["Content-Type"] == "application/problem+json"
        assert changed is None or not changed(world)
        return False

    return exercise


def command(run):
    """The role is the user the command names; anonymous names a user who does not exist."""

    def exercise(client, world):
        username = world.user.username if world.user else "nobody"
        try:
            run(world, username)
        except CommandError:
            return False
        return True

    return exercise


def import_articles(world, username):
    world.fixture("article_index")
    call_command("import_articles", str(IMPORT_FILE), user=username, stdout=io.StringIO())
    assert ArticlePage.objects.filter(owner__username=username).exists()


def reset_2fa(world, username):
    if world.user:
        TOTPDevice.objects.create(user=world.user, name="phone")
    call_command("reset_2fa", username, stdout=io.StringIO())
    assert not TOTPDevice.objects.exists()


def revoke_preview_tokens(world, username):
    if world.user:
        issue_token(world.user, world.draft.get_latest_revision())
    call_command("preview_tokens", "revoke", "--user", username, stdout=io.StringIO())
    assert not PreviewToken.objects.active().filter(user__username=username).exists()


def snippet_url(name, obj=None):
    def url_of(world):
        return reverse(name, args=[getattr(world, obj).pk] if obj else [])

    return url_of


def submit_url(world):
    ensure_medical_review_workflow()
    return f"{V3}{world.draft.pk}/actions/submit-for-review/"


def draft_payload(world):
    return {
        "meta": {"type": "articles.ArticlePage", "parent_id": world.fixture("article_index").pk},
        "title": "Iron by API",
        "slug": "iron-by-api",
        "summary": "Why low iron can leave you tired.",
        "body": [{"type": "paragraph", "value": "<p>Iron helps blood carry oxygen.</p>"}],
    }


# The table


@dataclass(frozen=True)
class Row:
    surface: str
    allowed: frozenset
    exercise: Callable


EDITORS = frozenset({"editor", "superuser"})
AUTHORS = frozenset({"writer", "editor", "superuser"})
MEDICAL_TEAM = frozenset({"doctor", "editor", "superuser"})
V3 = "/api/v3/pages/"

ROWS = [
    # The admin
    Row("admin: dashboard", STAFF, admin_get(lambda w: reverse("wagtailadmin_home"))),
    Row(
        "admin: page explorer",
        STAFF,
        admin_get(lambda w: reverse("wagtailadmin_explore", args=[w.fixture("article_index").pk])),
    ),
    Row(
        "admin: edit a draft article",
        STAFF,
        admin_get(lambda w: reverse("wagtailadmin_pages:edit", args=[w.draft.pk])),
    ),
    Row("admin: publish an approved article (editor's Publish)", EDITORS, publish_in_editor),
    Row(
        "admin: delete the writer's own draft article",
        AUTHORS,
        admin_write(
            lambda w: (reverse("wagtailadmin_pages:delete", args=[w.draft.pk]), {}),
            lambda w: not Page.objects.filter(pk=w.draft.pk).exists(),
        ),
    ),
    *(
        Row(f"admin: snippets: {verb} a {label}", allowed, admin_get(url_of))
        for label, model in (
            ("reference", "cms_reference"),
            ("disclaimer", "cms_disclaimer"),
            ("shared FAQ", "faq_faq"),
        )
        # Clinicians may edit what they review, not add to the library.
        for verb, url_of, allowed in (
            ("add", snippet_url(f"wagtailsnippets_{model}:add"), AUTHORS),
            ("edit", snippet_url(f"wagtailsnippets_{model}:edit", model.split("_")[1]), STAFF),
        )
    ),
    Row(
        "admin: snippets: add a topic",
        EDITORS,
        admin_write(
            lambda w: (reverse("wagtailsnippets_cms_topic:add"), {"name": "Iron", "slug": "iron"}),
            lambda w: Topic.objects.filter(slug="iron").exists(),
        ),
    ),
    Row(
        "admin: snippets: rename a topic",
        EDITORS,
        admin_write(
            lambda w: (
                reverse("wagtailsnippets_cms_topic:edit", args=[w.topic.pk]),
                {"name": "Tiredness", "slug": "fatigue"},
            ),
            lambda w: Topic.objects.get(pk=w.topic.pk).name == "Tiredness",
        ),
    ),
    Row(
        "admin: clinician register",
        EDITORS,
        admin_get(lambda w: reverse("cms_clinician_modeladmin_create")),
    ),
    Row(
        "admin: writer profiles register",
        EDITORS,
        admin_get(lambda w: reverse("cms_writerprofile_modeladmin_create")),
    ),
    Row(
        "admin: clinic settings",
        EDITORS,
        admin_get(
            lambda w: reverse(
                "wagtailsettings:edit",
                args=["cms", "clinicsettings", w.fixture("home").get_site().pk],
            )
        ),
    ),
    Row("admin: medical review screen", STAFF, admin_get(lambda w: review_url(w.submitted))),
    Row("admin: medical review decision", frozenset({"doctor"}), review_decision),
    Row(
        "admin: claims to check",
        STAFF,
        admin_get(lambda w: reverse("lifecycle_page_claims", args=[w.submitted.pk])),
    ),
    Row("admin: accept a flagged claim", frozenset({"doctor"}), accept_claim),
    Row(
        "admin: review status report",
        MEDICAL_TEAM,
        admin_get(lambda w: reverse("lifecycle_review_status")),
    ),
    Row(
        "admin: review status report, CSV",
        MEDICAL_TEAM,
        admin_get(lambda w: reverse("lifecycle_review_status") + "?export=csv", "text/csv"),
    ),
    Row(
        "admin: review records report",
        MEDICAL_TEAM,
        admin_get(lambda w: reverse("cms_review_records")),
    ),
    Row(
        "admin: users",
        frozenset({"superuser"}),
        admin_get(lambda w: reverse("wagtailusers_users:index")),
    ),
    Row(
        "admin: API tokens", AUTHORS, admin_get(lambda w: reverse("wagtailusers_api_tokens:index"))
    ),
    # Wagtail's own report, open to every admin user: each sees the entries of what they
    # may edit.
    Row(
        "admin: site history",
        STAFF,
        admin_get(lambda w: reverse("wagtailadmin_reports:site_history")),
    ),
    # Bulk actions
    Row(
        "bulk: publish an approved article",
        EDITORS,
        bulk(
            "wagtailcore",
            "page",
            "publish",
            lambda w: w.approved,
            lambda w, page: Page.objects.get(pk=page.pk).live,
            {"include_descendants": ""},
        ),
    ),
    Row(
        "bulk: unpublish a live article",
        EDITORS,
        bulk(
            "wagtailcore",
            "page",
            "unpublish",
            lambda w: w.live,
            lambda w, page: not Page.objects.get(pk=page.pk).live,
            {"include_descendants": ""},
        ),
    ),
    Row(
        "bulk: delete the writer's own draft article",
        AUTHORS,
        bulk(
            "wagtailcore",
            "page",
            "delete",
            lambda w: w.draft,
            lambda w, page: not Page.objects.filter(pk=page.pk).exists(),
        ),
    ),
    Row(
        "bulk: delete a topic",
        EDITORS,
        bulk(
            "cms",
            "topic",
            "delete",
            lambda w: w.topic,
            lambda w, topic: not Topic.objects.filter(pk=topic.pk).exists(),
        ),
    ),
    # API v2 (a session, as a browser signed in to the CMS sends)
    Row("v2: pages listing", EVERYONE, api_read(lambda w: "/api/v2/pages/")),
    Row("v2: a draft's detail", NOBODY, api_read(lambda w: f"/api/v2/pages/{w.draft.pk}/")),
    Row("v2: images listing", EVERYONE, api_read(lambda w: "/api/v2/images/")),
    Row("v2: documents listing", EVERYONE, api_read(lambda w: "/api/v2/documents/")),
    Row(
        "preview: a token for a draft",
        STAFF,
        api_read(lambda w: reverse("cms_preview_token", args=[w.draft.pk]), 401, 403),
    ),
    # API v3 (a bearer token of the role's user)
    Row("v3: pages listing", EVERYONE, v3("get", lambda w: V3)),
    Row(
        "v3: create a draft page",
        AUTHORS,
        v3(
            "post",
            lambda w: V3,
            draft_payload,
            lambda w: ArticlePage.objects.filter(slug="iron-by-api").exists(),
        ),
    ),
    Row(
        "v3: update a draft page",
        STAFF,
        v3(
            "patch",
            lambda w: f"{V3}{w.draft.pk}/",
            lambda w: {"summary": "Changed by the API."},
            lambda w: (
                ArticlePage.objects.get(pk=w.draft.pk).get_latest_revision_as_object().summary
                == "Changed by the API."
            ),
        ),
    ),
    Row(
        "v3: publish an approved page",
        EDITORS,
        v3(
            "post",
            lambda w: f"{V3}{w.approved.pk}/actions/publish/",
            changed=lambda w: Page.objects.get(pk=w.approved.pk).live,
        ),
    ),
    Row(
        "v3: submit a draft for review",
        STAFF,
        v3(
            "post",
            submit_url,
            changed=lambda w: ArticlePage.objects.get(pk=w.draft.pk).workflow_in_progress,
        ),
    ),
    Row(
        "v3: create a topic (snippet)",
        EDITORS,
        v3(
            "post",
            lambda w: "/api/v3/snippets/cms.Topic/",
            lambda w: {"name": "Iron", "slug": "iron"},
            lambda w: Topic.objects.filter(slug="iron").exists(),
        ),
    ),
    Row(
        "v3: create a draft reference (snippet)",
        AUTHORS,
        v3(
            "post",
            lambda w: "/api/v3/snippets/cms.Reference/",
            lambda w: {
                "authors": "Smith J, Jones A",
                "title": "Iron infusions for fatigue",
                "journal": "BMJ",
                "year": 2020,
                "doi": "10.1000/iron.api",
            },
            lambda w: Reference.objects.filter(doi="10.1000/iron.api", live=False).exists(),
        ),
    ),
    # Commands (run at the shell by an administrator, naming a user)
    Row(
        "command: import_articles --user",
        AUTHORS,
        command(import_articles),
    ),
    Row("command: reset_2fa", STAFF, command(reset_2fa)),
    Row("command: preview_tokens revoke --user", STAFF, command(revoke_preview_tokens)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", ROWS, ids=[row.surface for row in ROWS])
def test_permission(client, request, row, role):
    allowed = row.exercise(client, World(request, role))
    expected = role in row.allowed
    assert allowed == expected, f"{COLUMNS[role]} {'was' if allowed else 'was not'} allowed"


# The README's table


def markdown(rows=ROWS):
    lines = [
        "| surface | " + " | ".join(COLUMNS[role] for role in ROLES) + " |",
        "|---" * (len(ROLES) + 1) + "|",
    ]
    for row in rows:
        cells = ("✓" if role in row.allowed else "—" for role in ROLES)
        lines.append(f"| {row.surface} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def readme_with_table(text):
    before, rest = text.split(START)
    _, after = rest.split(END)
    return f"{before}{START}\n{markdown()}\n{END}{after}"


def test_the_readme_holds_the_tested_table():
    text = README.read_text()
    assert text == readme_with_table(text), (
        "The README's permission table differs from tests/test_permission_matrix.py: "
        "run `python tools/permission_matrix.py --write`."
    )
