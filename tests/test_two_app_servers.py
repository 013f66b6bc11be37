"""Two app servers (real gunicorn processes, production settings, caching on) sharing one
PostgreSQL and one Redis: a page published or unpublished through one, or a disclaimer
changed by a third writer, is what the other serves within a second."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from wagtail.models import APIToken

from articles.factories import ArticlePageFactory
from articles.models import ArticlePage
from review.factories import DisclaimerFactory, publish_with_approval
from review.gate import approve_revision
from tests.test_api_response_cache import redis_url

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two server processes need one database server: runs on PostgreSQL (CI), "
        "not on the test run's in-memory SQLite",
    ),
    pytest.mark.django_db(transaction=True),
]

WITHIN_SECONDS = 1.0


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class Server:
    """gunicorn serving this checkout with production settings on a loopback port."""

    def __init__(self, media_root, redis_location):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "clinic.settings.production",
            "SECRET_KEY": settings.SECRET_KEY,  # the API token was made with it
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url(),
            "DATABASE_CONN_MAX_AGE": "60",
            "REDIS_URL": redis_location,
            "API_CACHE_TIMEOUT": "3600",
            "MEDIA_ROOT": str(media_root),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "WAGTAILADMIN_BASE_URL": self.url,
        }
        env.pop("API_CONTENT_VERSION_MAX_AGE", None)  # production's own default
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(
            [str(gunicorn), "clinic.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{self.port}"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def wait(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(self.process.stderr.read().decode()[-3000:])
            try:
                self.get("/api/v2/pages/?limit=1")
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn on {self.url} did not start")

    def request(self, path, method="GET", token=None):
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(
            self.url + path, method=method, headers=headers, data=b"{}" if token else None
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def get(self, path):
        return self.request(path)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def servers(tmp_path):
    # Their entries are keyed by this test database and its content versions: nobody
    # else's, and they expire.
    started = [Server(tmp_path, redis_url()), Server(tmp_path, redis_url())]
    try:
        for server in started:
            server.wait()
        yield started
    finally:
        for server in started:
            server.stop()


def eventually(read, expected, within=WITHIN_SECONDS):
    """Seconds until ``read()`` returns what ``expected`` accepts; fails after ``within``."""
    started = time.monotonic()
    while True:
        result = read()
        if expected(result):
            return time.monotonic() - started
        if time.monotonic() - started > within:
            raise AssertionError(f"still {result[0]} {result[1][:300]!r} after {within} s")
        time.sleep(0.02)


def test_a_change_through_one_server_is_served_by_the_other_within_a_second(
    servers, article_index, doctor, editor, writer
):
    one, other = servers
    disclaimer = DisclaimerFactory(
        title="Not medical advice",
        text="<p>Ask your doctor.</p>",
        required_for_all=True,
        approved_by=doctor,
    )
    article = ArticlePageFactory(
        parent=article_index, title="Iron and tiredness", published=True, approved_by=doctor
    )
    detail = f"/api/v2/pages/{article.pk}/"
    content = f"/api/content{article.get_url_parts()[2]}"
    _, token = APIToken.create_token(user=editor, name="two servers")

    # Both servers serve it, and the other one from its cache: a change the application
    # never makes (a bulk update of the row, which skips every signal) is not seen there.
    for server in servers:
        assert "Iron and tiredness" in server.get(detail)[1]
    ArticlePage.objects.filter(pk=article.pk).update(title="Changed beneath the application")
    assert "Iron and tiredness" in other.get(detail)[1]

    # A new title, approved by a clinician, published through one server
    draft = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    draft.title = "Iron, ferritin and tiredness"
    revision = draft.save_revision(user=writer)
    approve_revision(revision, doctor)
    status, body = one.request(f"/api/v3/pages/{article.pk}/actions/publish/", "POST", token)
    assert status == 200, body
    eventually(lambda: other.get(detail), lambda r: "Iron, ferritin and tiredness" in r[1])
    eventually(lambda: other.get(content), lambda r: "Iron, ferritin and tiredness" in r[1])

    # A disclaimer's new wording, published by a third writer (this test's process)
    draft = disclaimer.get_latest_revision_as_object()
    draft.text = "<p>Speak to a registered doctor first.</p>"
    draft.save_revision(user=writer)
    publish_with_approval(draft, approved_by=doctor)
    for server in servers:
        eventually(lambda s=server: s.get(detail), lambda r: "registered doctor first" in r[1])

    # Unpublished through one server: gone from the other
    status, body = one.request(f"/api/v3/pages/{article.pk}/actions/unpublish/", "POST", token)
    assert status == 200, body
    eventually(lambda: other.get(detail), lambda r: r[0] == 404)
    eventually(lambda: other.get(content), lambda r: r[0] == 404)
    listing = other.get("/api/v2/pages/?type=articles.ArticlePage")
    assert listing[0] == 200 and "tiredness" not in listing[1]
