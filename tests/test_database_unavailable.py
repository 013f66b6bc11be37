"""A database that cannot be reached (restarting, failing over) is a 503 with Retry-After
wherever the request fails: in a view of the APIs, in a middleware before them (a
signed-in request's session), while v3 builds its answer, and on the admin and the pages;
never a 500 or a 4xx. The next request after it is back is served. ``make faults`` does the
same with a real PostgreSQL restart under load."""

import socket

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from articles.factories import ArticlePageFactory
from articles.models import ArticleDisclaimer
from delivery.api.errors import server_error

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="closes the connection under the request: PostgreSQL only (the test run's "
    "in-memory SQLite cannot be closed)",
)


@pytest.fixture
def database_down():
    """The default connection pointed at a port nobody listens on; calling what it gives
    points it back (teardown does too)."""
    saved = dict(connection.settings_dict)

    def back():
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)

    connection.close()
    with socket.socket() as sock:  # bound, never listening: connections are refused
        sock.bind(("127.0.0.1", 0))
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(sock.getsockname()[1]))
        yield back
    back()


def test_the_database_settings_replace_a_dropped_kept_connection():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@needs_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "path, content_type",
    [
        ("/api/v2/pages/", "application/json"),
        ("/api/v3/pages/", "application/problem+json"),
        ("/api/content/", "application/json"),
        ("/admin/", "text/html"),
        ("/", "text/html"),
    ],
)
def test_an_unreachable_database_is_a_503_with_retry_after(database_down, path, content_type):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a-session-the-database-would-have"

    response = client.get(path, HTTP_ACCEPT="application/json")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"].startswith(content_type)
    assert b"briefly unavailable" in response.content


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_served_again_once_the_database_is_back(home, database_down):
    client = Client(raise_request_exception=False)
    assert client.get("/api/v2/pages/").status_code == 503
    database_down()
    assert client.get("/api/v2/pages/").status_code == 200


def test_any_other_error_is_still_a_500(rf):
    """Only an unreachable database is a 503; the handler answers anything else as before."""
    try:
        raise ValueError("a bug")
    except ValueError:
        api = server_error(rf.get("/api/v2/pages/"))
        page = server_error(rf.get("/"))
    assert api.status_code == page.status_code == 500
    assert api["Content-Type"] == "application/json"


@pytest.fixture
def connection_dies_at():
    """Ends this process's connection on the PostgreSQL server, for real, just before the
    first query that reads ``table``, as a restart would mid-request."""

    def terminate_before(table):
        def wrapper(execute, sql, params, many, context):
            if table in sql and not terminated:
                terminated.append(context["connection"].connection.info.backend_pid)
                with psycopg.connect(**killer) as other:
                    other.execute("SELECT pg_terminate_backend(%s)", terminated)
            return execute(sql, params, many, context)

        return connection.execute_wrapper(wrapper)

    terminated = []
    db = connection.settings_dict
    killer = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or "5432",
        "user": db["USER"] or "postgres",
        "password": db["PASSWORD"] or None,
        "dbname": db["NAME"],
    }
    yield terminate_before
    connection.close()


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_v3_answer_the_database_fails_under_is_a_503(article_index, doctor, connection_dies_at):
    """v3 builds its answer after the view, reading relations as it goes: a field the
    database failed under is a 503, not Wagtail's 422 for a client's invalid input."""
    article = ArticlePageFactory(parent=article_index, published=True, approved_by=doctor)
    client = Client(raise_request_exception=False)

    with connection_dies_at(ArticleDisclaimer._meta.db_table):
        response = client.get(f"/api/v3/pages/{article.pk}/")

    assert response.status_code == 503, response.content
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "application/problem+json"
    connection.close()
    assert client.get(f"/api/v3/pages/{article.pk}/").status_code == 200
