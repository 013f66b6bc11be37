"""What the README tells staff about v3 tokens is true for them: a writer (or an editor)
opens Settings -> API tokens, creates a token for themselves, sees it once, and it works
on the v3 API; they manage only their own tokens. Medical reviewers are not offered
tokens."""

import re

import pytest
from django.urls import reverse
from wagtail.models import APIToken

from cms.factories import UserFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("wagtailusers_api_tokens:index")
ADD = reverse("wagtailusers_api_tokens:add")


def created_token(response):
    match = re.search(r'id="api-token-value"\s+value="(wagtail_[0-9A-Za-z]+)"', response.text)
    assert match, "the created token is shown"
    return match.group(1)


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_staff_create_a_token_under_settings_and_it_works_on_v3(client, role, request):
    user = request.getfixturevalue(role)
    client.force_login(user)

    home = client.get(reverse("wagtailadmin_home"))
    assert INDEX in home.text  # the Settings menu offers API tokens
    assert client.get(INDEX).status_code == 200

    response = client.post(ADD, {"name": "importer", "user": user.pk})

    assert response.status_code == 200
    token = created_token(response)
    assert APIToken.objects.get(name="importer").user == user
    api = client.__class__()  # no session: the token alone
    schema = api.get(
        "/api/v3/schema/articles.ArticlePage/", headers={"Authorization": f"Bearer {token}"}
    )
    assert schema.status_code == 200
    assert api.get("/api/v3/schema/articles.ArticlePage/").status_code == 401


def test_a_writer_sees_and_revokes_only_their_own_tokens(client, writer, editor):
    editors_token, _ = APIToken.create_token(user=editor, name="editor's automation")
    writers_token, _ = APIToken.create_token(user=writer, name="writer's automation")
    client.force_login(writer)

    listing = client.get(INDEX)
    assert "writer&#x27;s automation" in listing.text
    assert "editor&#x27;s automation" not in listing.text
    # Tokens are created for oneself only: another user's id is not a valid choice.
    response = client.post(ADD, {"name": "as the editor", "user": editor.pk})
    assert response.status_code == 200
    assert not APIToken.objects.filter(name="as the editor").exists()

    revoke = reverse("wagtailusers_api_tokens:delete", args=[editors_token.pk])
    assert client.post(revoke).status_code == 404
    editors_token.refresh_from_db()
    assert editors_token.revoked_at is None

    client.post(reverse("wagtailusers_api_tokens:delete", args=[writers_token.pk]))
    writers_token.refresh_from_db()
    assert writers_token.revoked_at is not None


def test_medical_reviewers_are_not_offered_tokens(client, doctor):
    client.force_login(doctor)

    assert INDEX not in client.get(reverse("wagtailadmin_home")).text
    response = client.post(ADD, {"name": "reviewer", "user": doctor.pk})

    assert response.status_code in (302, 403)
    assert not APIToken.objects.exists()


def test_the_readme_names_the_menu_that_really_holds_tokens():
    from django.conf import settings

    readme = (settings.BASE_DIR / "README.md").read_text()
    assert "*Settings → API tokens*" in readme
    assert "Account → API tokens" not in readme


def test_superusers_still_manage_everyones_tokens(client, writer):
    admin = UserFactory(username="admin", is_superuser=True)
    APIToken.create_token(user=writer, name="writer's automation")
    client.force_login(admin)

    assert "writer&#x27;s automation" in client.get(INDEX).text
