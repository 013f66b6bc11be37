"""Webhooks: publishing, unpublishing and deleting pages POSTs a signed JSON event to each
subscribed endpoint, from a background task, retried with backoff, every delivery logged
and visible (read-only) in the admin. The receiver is a real HTTP server on 127.0.0.1,
which the tests allow through WEBHOOKS_ALLOWED_PRIVATE_HOSTS (loopback is otherwise
refused: tests/test_webhook_destinations.py)."""

import datetime
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from webhooks import signing
from webhooks.factories import WebhookDeliveryFactory, WebhookEndpointFactory
from webhooks.models import Event, WebhookDelivery, WebhookEndpoint
from webhooks.tasks import attempt_delivery

Status = WebhookDelivery.Status
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# The receiver: a real HTTP server in a thread


@dataclass
class Received:
    path: str
    headers: Message
    body: bytes

    @property
    def payload(self):
        return json.loads(self.body)

    def signature_is_valid(self, secret, body=None):
        return signing.verify(
            secret,
            self.headers[signing.TIMESTAMP_HEADER],
            self.body if body is None else body,
            self.headers[signing.SIGNATURE_HEADER],
        )


class Receiver:
    def __init__(self):
        self.requests = []
        self.statuses = []  # answers to give, in order; 200 once they run out
        self.lock = threading.Lock()
        self.url = ""


@pytest.fixture
def receiver(settings):
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with state.lock:
                state.requests.append(Received(self.path, self.headers, body))
                status = state.statuses.pop(0) if state.statuses else 200
            answer = b"thanks" if status < 300 else b"receiver broke: internal detail"
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    state.port = server.server_address[1]
    state.url = f"http://127.0.0.1:{state.port}/hooks/cms"
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = [f"127.0.0.1:{state.port}"]
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def publish(article_index, doctor, django_capture_on_commit_callbacks):
    """Publish an article through the real approval gate, and run what waits for the
    commit (the test's transaction never commits)."""

    def publish_article(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return ArticlePageFactory(
                parent=article_index, published=True, approved_by=doctor, **kwargs
            )

    return publish_article


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block and then what waits for the commit, as a real request would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def closed_port_url(settings):
    """A URL on 127.0.0.1, allowed for the test, where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = [f"127.0.0.1:{port}"]
    return f"http://127.0.0.1:{port}/hooks"


# Events, payload and signature


@pytest.mark.django_db
def test_publish_posts_one_signed_event(receiver, publish):
    endpoint = WebhookEndpointFactory(url=receiver.url)
    before = timezone.now()

    page = publish(title="Iron infusions")

    page.refresh_from_db()
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    assert request.path == "/hooks/cms"
    payload = request.payload
    sent_at = datetime.datetime.fromisoformat(payload.pop("timestamp").replace("Z", "+00:00"))
    assert before <= sent_at <= timezone.now() and sent_at.utcoffset() == datetime.timedelta(0)
    assert payload == {
        "event": "page.published",
        "page": {
            "id": page.pk,
            "type": "articles.ArticlePage",
            "title": "Iron infusions",
            "url_path": page.url_path,
            "revision": page.live_revision_id,
        },
    }
    assert page.live_revision_id is not None
    delivery = WebhookDelivery.objects.get()
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers[signing.EVENT_HEADER] == "page.published"
    assert request.headers[signing.DELIVERY_HEADER] == str(delivery.pk)
    assert request.headers[signing.SIGNATURE_HEADER].startswith("sha256=")
    assert request.signature_is_valid(endpoint.secret)
    assert (delivery.status, delivery.attempts, delivery.response_status_code) == (
        Status.SUCCEEDED,
        1,
        200,
    )
    assert (delivery.error, delivery.next_attempt_at) == ("", None)
    assert delivery.duration_ms is not None and delivery.duration_ms < 5000
    assert delivery.payload == request.payload


@pytest.mark.django_db
def test_a_tampered_or_replayed_request_fails_verification(receiver, publish):
    endpoint = WebhookEndpointFactory(url=receiver.url)
    publish(title="Iron infusions")
    request = receiver.requests[0]
    timestamp = request.headers[signing.TIMESTAMP_HEADER]
    signature = request.headers[signing.SIGNATURE_HEADER]

    tampered = request.body.replace(b"Iron infusions", b"Iron infusions cure everything")
    assert not request.signature_is_valid(endpoint.secret, body=tampered)
    assert not request.signature_is_valid("not-the-secret")
    later = int(timestamp) + signing.DEFAULT_TOLERANCE + 1
    assert not signing.verify(endpoint.secret, timestamp, request.body, signature, now=later)
    assert not signing.verify(endpoint.secret, int(timestamp) + 1, request.body, signature)
    assert not signing.verify(endpoint.secret, timestamp, request.body, signature[7:])
    assert signing.verify(endpoint.secret, timestamp, request.body, signature)


@pytest.mark.django_db
def test_unpublish_sends_its_event(receiver, publish, committed):
    endpoint = WebhookEndpointFactory(url=receiver.url)
    page = publish()

    committed(page.unpublish)

    assert [r.payload["event"] for r in receiver.requests] == ["page.published", "page.unpublished"]
    request = receiver.requests[1]
    assert request.payload["page"] == {
        "id": page.pk,
        "type": "articles.ArticlePage",
        "title": page.title,
        "url_path": page.url_path,
        "revision": None,
    }
    assert request.headers[signing.EVENT_HEADER] == "page.unpublished"
    assert request.signature_is_valid(endpoint.secret)


@pytest.mark.django_db
def test_deleting_a_section_sends_an_event_for_each_live_page_in_it(
    receiver, committed, article_index
):
    """Approved medical pages cannot be deleted (their review records protect them), so
    this deletes a section of index pages, one live, one never published."""
    endpoint = WebhookEndpointFactory(url=receiver.url)
    live = ArticleIndexPageFactory(parent=article_index, title="Heart health", slug="heart")
    committed(live.save_revision().publish)
    ArticleIndexPageFactory(
        parent=article_index, title="Not yet published", slug="draft", live=False
    )
    ArticlePageFactory(parent=article_index, title="A draft nobody outside has seen")
    article_index.refresh_from_db()
    live.refresh_from_db()
    index_path, live_path = article_index.url_path, live.url_path
    index_revision, live_revision = article_index.live_revision_id, live.live_revision_id
    receiver.requests.clear()

    committed(article_index.delete)

    deleted = {r.payload["page"]["id"]: r.payload for r in receiver.requests}
    assert set(deleted) == {article_index.pk, live.pk}
    # Wagtail unpublishes a live page as it deletes it; only page.deleted is sent for that.
    assert [r.headers[signing.EVENT_HEADER] for r in receiver.requests] == ["page.deleted"] * 2
    assert deleted[live.pk] == {
        "event": "page.deleted",
        "page": {
            "id": live.pk,
            "type": "articles.ArticleIndexPage",
            "title": "Heart health",
            "url_path": live_path,
            "revision": live_revision,
        },
        "timestamp": deleted[live.pk]["timestamp"],
    }
    assert deleted[article_index.pk]["page"]["url_path"] == index_path
    assert deleted[article_index.pk]["page"]["revision"] == index_revision
    assert all(r.signature_is_valid(endpoint.secret) for r in receiver.requests)


@pytest.mark.django_db
def test_an_endpoint_gets_only_the_events_it_subscribes_to(receiver, publish, committed):
    WebhookEndpointFactory(url=receiver.url, events=[Event.PAGE_PUBLISHED])
    page = publish()

    committed(page.unpublish)

    assert [r.payload["event"] for r in receiver.requests] == ["page.published"]
    assert list(WebhookDelivery.objects.values_list("event", flat=True)) == ["page.published"]


@pytest.mark.django_db
def test_an_inactive_endpoint_gets_nothing(receiver, publish, committed):
    WebhookEndpointFactory(url=receiver.url, is_active=False)
    page = publish()
    committed(page.unpublish)

    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


@pytest.mark.django_db
def test_each_endpoint_gets_its_own_signed_delivery(receiver, publish):
    first = WebhookEndpointFactory(url=receiver.url + "/first")
    second = WebhookEndpointFactory(url=receiver.url + "/second")

    publish()

    by_path = {r.path: r for r in receiver.requests}
    assert set(by_path) == {"/hooks/cms/first", "/hooks/cms/second"}
    assert by_path["/hooks/cms/first"].signature_is_valid(first.secret)
    assert by_path["/hooks/cms/second"].signature_is_valid(second.secret)
    assert not by_path["/hooks/cms/second"].signature_is_valid(first.secret)


# Failures and retries


@pytest.mark.django_db
def test_a_failed_delivery_is_retried_after_a_delay_then_succeeds(receiver, publish):
    endpoint = WebhookEndpointFactory(url=receiver.url)
    receiver.statuses = [500]

    with time_machine.travel(timezone.now(), tick=False) as clock:
        publish()

        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts) == (Status.RETRYING, 1)
        assert (delivery.response_status_code, delivery.error) == (500, "HTTP 500")
        assert delivery.next_attempt_at == timezone.now() + datetime.timedelta(minutes=1)

        # Not due yet: nothing is sent.
        call_command("send_due_webhooks", stdout=io.StringIO())
        assert len(receiver.requests) == 1

        clock.shift(datetime.timedelta(minutes=1, seconds=1))
        out = io.StringIO()
        call_command("send_due_webhooks", stdout=out)

    assert "Enqueued 1 webhook delivery." in out.getvalue()
    assert len(receiver.requests) == 2
    first, retry = receiver.requests
    assert retry.body == first.body
    assert retry.headers[signing.DELIVERY_HEADER] == first.headers[signing.DELIVERY_HEADER]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status_code) == (
        Status.SUCCEEDED,
        2,
        200,
    )
    assert (delivery.error, delivery.next_attempt_at) == ("", None)
    assert retry.signature_is_valid(endpoint.secret)


@pytest.mark.django_db
def test_delays_grow_and_the_fifth_failure_gives_up(receiver, publish):
    WebhookEndpointFactory(url=receiver.url)
    receiver.statuses = [503] * 6

    with time_machine.travel(timezone.now(), tick=False) as clock:
        publish()
        delivery = WebhookDelivery.objects.get()
        delays = []
        while delivery.status == Status.RETRYING:
            delays.append(delivery.next_attempt_at - timezone.now())
            clock.move_to(delivery.next_attempt_at)
            attempt_delivery(delivery.pk)
            delivery.refresh_from_db()

    assert delays == [datetime.timedelta(minutes=m) for m in (1, 5, 25, 125)]
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (
        Status.FAILED,
        5,
        None,
    )
    assert len(receiver.requests) == 5
    assert attempt_delivery(delivery.pk) == "skipped"
    assert len(receiver.requests) == 5


@pytest.mark.django_db
def test_an_unreachable_endpoint_is_logged_and_retried_without_raising(publish, closed_port_url):
    WebhookEndpointFactory(url=closed_port_url)

    publish()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status_code) == (
        Status.RETRYING,
        1,
        None,
    )
    # The class of failure only: no address, port or socket error text to scan with.
    assert delivery.error == "connection refused"
    assert delivery.next_attempt_at is not None


@pytest.mark.django_db
def test_a_redirect_is_a_failure_not_a_resend(receiver, publish):
    WebhookEndpointFactory(url=receiver.url)
    receiver.statuses = [302]

    publish()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_status_code) == (Status.RETRYING, 302)
    assert len(receiver.requests) == 1


@pytest.mark.django_db
def test_a_delivery_due_twice_is_sent_once(receiver):
    """A retry and `send_due_webhooks` may both enqueue the same delivery."""
    delivery = WebhookDeliveryFactory(endpoint__url=receiver.url, next_attempt_at=timezone.now())

    assert attempt_delivery(delivery.pk) == Status.SUCCEEDED
    assert attempt_delivery(delivery.pk) == "skipped"
    assert len(receiver.requests) == 1


@pytest.mark.django_db
def test_deliveries_of_a_disabled_endpoint_stop(receiver):
    delivery = WebhookDeliveryFactory(
        endpoint__url=receiver.url, endpoint__is_active=False, next_attempt_at=timezone.now()
    )

    assert attempt_delivery(delivery.pk) == Status.FAILED

    delivery.refresh_from_db()
    assert delivery.error == "Not sent: the endpoint is inactive."
    assert receiver.requests == []


@pytest.mark.django_db
@override_settings(WEBHOOKS_REQUIRE_HTTPS=True)
def test_production_sends_nothing_over_plain_http(receiver):
    delivery = WebhookDeliveryFactory(endpoint__url=receiver.url, next_attempt_at=timezone.now())

    assert attempt_delivery(delivery.pk) == Status.FAILED
    assert receiver.requests == []


# Transactions and the database queue


class Rollback(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_publish_sends_nothing(receiver, article_index, doctor):
    WebhookEndpointFactory(url=receiver.url)

    with pytest.raises(Rollback), transaction.atomic():
        ArticlePageFactory(parent=article_index, published=True, approved_by=doctor)
        assert WebhookDelivery.objects.count() == 1
        raise Rollback

    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()

    # The same publish, committed for real, is sent.
    ArticlePageFactory(parent=article_index, published=True, approved_by=doctor)
    assert [r.payload["event"] for r in receiver.requests] == ["page.published"]


def run_db_worker():
    """`manage.py db_worker --batch`: run every task that is due, then exit. The worker
    installs its own signal handlers; pytest's are put back afterwards."""
    handled = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    saved = {signum: signal.getsignal(signum) for signum in handled}
    try:
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO()
        )
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


def delivery_tasks():
    return DBTaskResult.objects.filter(task_path="webhooks.tasks.deliver_webhook").order_by(
        "enqueued_at"
    )


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_database_queue_and_its_worker_deliver_and_retry(receiver, article_index, doctor):
    endpoint = WebhookEndpointFactory(url=receiver.url)

    page = ArticlePageFactory(parent=article_index, published=True, approved_by=doctor)

    # Queued, not sent, until the worker runs.
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.PENDING
    queued = delivery_tasks().get()
    assert queued.status == TaskResultStatus.READY
    assert queued.args_kwargs == {"args": [delivery.pk], "kwargs": {}}

    run_db_worker()

    assert [r.payload["event"] for r in receiver.requests] == ["page.published"]
    assert receiver.requests[0].signature_is_valid(endpoint.secret)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.SUCCEEDED, 1)
    assert delivery_tasks().get().status == TaskResultStatus.SUCCESSFUL

    # A failure is retried by a deferred task, which the worker runs once it is due.
    receiver.statuses = [503]
    with time_machine.travel(timezone.now(), tick=False) as clock:
        page.unpublish()
        run_db_worker()

        failed = WebhookDelivery.objects.get(event=Event.PAGE_UNPUBLISHED)
        assert (failed.status, failed.attempts, failed.response_status_code) == (
            Status.RETRYING,
            1,
            503,
        )
        retry = delivery_tasks().get(status=TaskResultStatus.READY)
        assert retry.run_after == failed.next_attempt_at
        assert retry.args_kwargs["args"] == [failed.pk]

        run_db_worker()  # not due yet
        assert len(receiver.requests) == 2

        clock.move_to(failed.next_attempt_at + datetime.timedelta(seconds=1))
        run_db_worker()

    assert [r.payload["event"] for r in receiver.requests] == [
        "page.published",
        "page.unpublished",
        "page.unpublished",
    ]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.next_attempt_at) == (Status.SUCCEEDED, 2, None)
    assert not delivery_tasks().filter(status=TaskResultStatus.READY).exists()


# Settings

SETTING_NAMES = [
    "TASKS",
    "WEBHOOKS_REQUIRE_HTTPS",
    "WEBHOOKS_ALLOWED_PRIVATE_HOSTS",
    "REQUIRE_2FA",
    "CORS_ALLOWED_ORIGINS",
    "CORS_URLS_REGEX",
    "MIDDLEWARE",
]
SETTINGS_SCRIPT = (
    "import json, django; django.setup(); from django.conf import settings; "
    f"print(json.dumps({{name: getattr(settings, name) for name in {SETTING_NAMES!r}}}))"
)
SETTINGS_ENVIRONMENT = (
    "SECRET_KEY",
    "WEBHOOKS_ALLOWED_PRIVATE_HOSTS",
    "REQUIRE_2FA",
    "ALLOWED_HOSTS",
    "CORS_ALLOWED_ORIGINS",
    "DJANGO_SETTINGS_MODULE",
)


def settings_of(module, **env):
    """A settings module's values, read in a fresh interpreter with the environment given."""
    environment = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENVIRONMENT}
    environment.update(env, DJANGO_SETTINGS_MODULE=module)
    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_SCRIPT],
        cwd=Path(__file__).resolve().parent.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_queues_tasks_for_the_worker_and_requires_https_endpoints():
    production = settings_of(
        "clinic.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="cms.example",
        WAGTAILADMIN_BASE_URL="https://cms.example",
    )
    assert production["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert production["WEBHOOKS_REQUIRE_HTTPS"] is True
    assert production["WEBHOOKS_ALLOWED_PRIVATE_HOSTS"] == []
    development = settings_of("clinic.settings.dev")
    assert development["TASKS"]["default"]["BACKEND"] == (
        "django_tasks.backends.immediate.ImmediateBackend"
    )
    assert development["WEBHOOKS_REQUIRE_HTTPS"] is False
    assert development["WEBHOOKS_ALLOWED_PRIVATE_HOSTS"] == []


# Endpoints


@pytest.mark.django_db
def test_endpoints_get_a_strong_secret_of_their_own():
    first, second = WebhookEndpointFactory(), WebhookEndpointFactory()
    assert len(first.secret) >= 40 and first.secret != second.secret
    assert first.events == ["page.published", "page.unpublished", "page.deleted"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, require_https, valid",
    [
        ("https://frontend.example/hooks", False, True),
        ("http://frontend.example/hooks", False, True),
        ("ftp://frontend.example/hooks", False, False),
        ("https://frontend.example/hooks", True, True),
        ("http://frontend.example/hooks", True, False),
    ],
)
def test_endpoint_urls_are_http_or_https_and_https_only_in_production(url, require_https, valid):
    endpoint = WebhookEndpoint(name="Frontend", url=url)
    with override_settings(WEBHOOKS_REQUIRE_HTTPS=require_https):
        if valid:
            endpoint.full_clean()
        else:
            with pytest.raises(ValidationError) as error:
                endpoint.full_clean()
            assert "url" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("events", [[], ["page.moved"], "page.published"])
def test_endpoint_events_must_be_known(events):
    endpoint = WebhookEndpoint(name="Frontend", url="https://frontend.example", events=events)
    with pytest.raises(ValidationError) as error:
        endpoint.full_clean()
    assert "events" in error.value.message_dict


# The admin


DELIVERIES = reverse("webhook_deliveries:index")
ENDPOINTS = reverse("webhook_endpoints:index")
DENIED = "Sorry, you do not have permission to access this area."


@pytest.fixture
def logged_delivery(db):
    return WebhookDeliveryFactory(
        endpoint__name="Patient website",
        status=Status.FAILED,
        attempts=5,
        response_status_code=500,
        error="HTTP 500",
    )


def test_superusers_see_the_delivery_log_but_cannot_change_it(admin_client, logged_delivery):
    listing = admin_client.get(DELIVERIES)
    assert listing.status_code == 200
    assert "Patient website" in listing.text
    inspect = admin_client.get(reverse("webhook_deliveries:inspect", args=[logged_delivery.pk]))
    assert inspect.status_code == 200
    assert "HTTP 500" in inspect.text
    assert reverse("webhook_deliveries:add") not in listing.text
    assert reverse("webhook_deliveries:edit", args=[logged_delivery.pk]) not in listing.text

    for url in (
        reverse("webhook_deliveries:add"),
        reverse("webhook_deliveries:edit", args=[logged_delivery.pk]),
        reverse("webhook_deliveries:delete", args=[logged_delivery.pk]),
    ):
        response = admin_client.post(url, {"status": "succeeded"})
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")
    logged_delivery.refresh_from_db()
    assert logged_delivery.status == Status.FAILED
    assert WebhookDelivery.objects.count() == 1


def test_the_delivery_log_filters_by_status_and_endpoint(admin_client, logged_delivery):
    other = WebhookDeliveryFactory(endpoint__name="Booking app", status=Status.SUCCEEDED)

    def listed(response):
        return {
            delivery.pk
            for delivery in (logged_delivery, other)
            if reverse("webhook_deliveries:inspect", args=[delivery.pk]) in response.text
        }

    assert listed(admin_client.get(DELIVERIES)) == {logged_delivery.pk, other.pk}
    assert listed(admin_client.get(DELIVERIES, {"status": "failed"})) == {logged_delivery.pk}
    by_endpoint = admin_client.get(DELIVERIES, {"endpoint": other.endpoint.pk})
    assert listed(by_endpoint) == {other.pk}


def test_editors_see_the_delivery_log_and_manage_endpoints(client, editor, groups, logged_delivery):
    client.force_login(editor)

    assert "Patient website" in client.get(DELIVERIES).text
    response = client.post(
        reverse("webhook_endpoints:add"),
        {
            "name": "Booking app",
            "url": "https://booking.clinic.example/hooks",
            "events": ["page.published", "page.deleted"],
            "is_active": "on",
            "secret": "a",  # not a field: a typed secret is ignored
        },
    )
    assert response.status_code == 200
    endpoint = WebhookEndpoint.objects.get(name="Booking app")
    assert endpoint.events == ["page.published", "page.deleted"]
    # The generated secret, shown once on the page that answers the creation.
    assert endpoint.secret != "a" and len(endpoint.secret) >= 40
    assert f'value="{endpoint.secret}"' in response.text
    assert "it will not be shown again" in response.text
    listing = client.get(ENDPOINTS)
    assert "Booking app" in listing.text
    assert endpoint.secret not in listing.text
    assert f"…{endpoint.secret[-4:]}" in listing.text
    edit = client.get(reverse("webhook_endpoints:edit", args=[endpoint.pk]))
    assert endpoint.secret not in edit.text
    assert reverse("webhook_endpoints:rotate_secret", args=[endpoint.pk]) in edit.text


def test_editors_rotate_a_secret_and_see_the_new_one_once(client, editor, groups):
    endpoint = WebhookEndpointFactory(name="Booking app")
    old_secret = endpoint.secret
    client.force_login(editor)
    rotate = reverse("webhook_endpoints:rotate_secret", args=[endpoint.pk])

    confirm = client.get(rotate)
    assert confirm.status_code == 200
    assert old_secret not in confirm.text
    endpoint.refresh_from_db()
    assert endpoint.secret == old_secret  # a GET changes nothing

    response = client.post(rotate)

    endpoint.refresh_from_db()
    assert endpoint.secret != old_secret and len(endpoint.secret) >= 40
    assert f'value="{endpoint.secret}"' in response.text
    assert endpoint.secret not in client.get(rotate).text
    entry = ModelLogEntry.objects.get(action="webhooks.rotate_secret")
    assert (entry.object_id, entry.user_id) == (str(endpoint.pk), editor.pk)
    assert endpoint.secret not in json.dumps(entry.data)


def test_writers_cannot_rotate_a_secret(client, writer):
    endpoint = WebhookEndpointFactory()
    old_secret = endpoint.secret
    client.force_login(writer)

    response = client.post(reverse("webhook_endpoints:rotate_secret", args=[endpoint.pk]))

    assert response.status_code in (302, 403)
    assert old_secret not in response.text
    endpoint.refresh_from_db()
    assert endpoint.secret == old_secret


def test_the_endpoint_form_refuses_an_endpoint_without_events(client, editor, groups):
    client.force_login(editor)

    response = client.post(
        reverse("webhook_endpoints:add"),
        {"name": "Booking app", "url": "https://booking.clinic.example/hooks"},
    )

    assert response.status_code == 200
    assert not WebhookEndpoint.objects.exists()


def test_the_endpoint_form_refuses_an_internal_address(client, editor, groups):
    client.force_login(editor)

    response = client.post(
        reverse("webhook_endpoints:add"),
        {
            "name": "Metadata",
            "url": "http://169.254.169.254/latest/meta-data/",
            "events": ["page.published"],
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert (
        "169.254.169.254 is a private, loopback, link-local or reserved address: "
        "webhooks are only sent to public addresses."
    ) in response.text
    assert 'value="Metadata"' in response.text  # what was typed is kept
    assert not WebhookEndpoint.objects.exists()


def test_writers_are_refused_the_delivery_log_and_endpoints(client, writer, logged_delivery):
    client.force_login(writer)

    for url in (
        DELIVERIES,
        reverse("webhook_deliveries:inspect", args=[logged_delivery.pk]),
        ENDPOINTS,
        reverse("webhook_endpoints:edit", args=[logged_delivery.endpoint.pk]),
    ):
        response = client.get(url, follow=True)
        assert DENIED in response.text, url
        assert "Patient website" not in response.text
        assert logged_delivery.endpoint.secret not in response.text


def readme_receiver_check():
    """The receiver's signature check the README gives frontend developers."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    section = readme[readme.index("A receiver checks it") :]
    code = section[section.index("```python") + len("```python") : section.index("```\n", 10)]
    namespace = {}
    exec(code, namespace)  # noqa: S102 - our own README
    return namespace["verify"]


def test_the_readme_receiver_check_accepts_our_signature_and_refuses_tampering():
    verify = readme_receiver_check()
    body = json.dumps({"event": "page.published", "page": {"id": 7}}).encode()
    timestamp = str(int(timezone.now().timestamp()))
    headers = {
        "X-Clinic-Timestamp": timestamp,
        "X-Clinic-Signature": signing.sign("s3cret", timestamp, body),
    }
    assert verify(b"s3cret", headers, body)
    assert not verify(b"other-secret", headers, body)
    assert not verify(b"s3cret", headers, body.replace(b"7", b"8"))
    stale = str(int(timestamp) - 3600)
    old = {"X-Clinic-Timestamp": stale, "X-Clinic-Signature": signing.sign("s3cret", stale, body)}
    assert not verify(b"s3cret", old, body)
