"""Webhooks go to public addresses only: an endpoint URL cannot make the CMS reach into its
own network. Refused when the endpoint is saved (model validation, the admin form) and
again before each request, after DNS resolution, with the connection pinned to the checked
address. Receivers are real HTTP(S) servers on 127.0.0.1."""

import json
import os
import socket
import ssl
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.test_webhooks import settings_of
from webhooks import destinations, tasks
from webhooks.factories import WebhookDeliveryFactory, WebhookEndpointFactory
from webhooks.models import WebhookDelivery, WebhookEndpoint, validate_webhook_url
from webhooks.tasks import attempt_delivery

Status = WebhookDelivery.Status
SECRET_BODY = b"root:x:0:0 internal response the log must never hold"


class Server:
    """A real server on 127.0.0.1 that records each request's Host header, path and (for
    TLS) the server name the client asked for."""

    def __init__(self, tls_context=None, status=200, answer=True):
        self.requests = []
        self.server_names = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                server.requests.append({"host": self.headers["Host"], "path": self.path})
                if not answer:
                    threading.Event().wait(2)  # hang past the client's timeout
                    return
                self.send_response(status)
                self.send_header("Content-Length", str(len(SECRET_BODY)))
                self.end_headers()
                self.wfile.write(SECRET_BODY)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        if tls_context:
            tls_context.sni_callback = lambda sock, name, ctx: self.server_names.append(name)
            self.httpd.socket = tls_context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def server():
    running = Server(status=500)
    yield running
    running.close()


# Saving an endpoint

REFUSED_URLS = [
    "http://127.0.0.1:5432/",
    "http://169.254.169.254/latest/meta-data/",
    "https://localhost/",
    "http://localhost:8000/admin/",
    "http://LOCALHOST./",
    "http://api.localhost/",
    "http://127.1/",
    "http://2130706433/",
    "http://0x7f.0.0.1/",
    "http://0177.0.0.1/",
    "http://0.0.0.0/",
    "http://10.0.0.5/",
    "http://172.16.3.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://198.18.0.1/",
    "http://224.0.0.1/",
    "http://239.255.255.250/",
    "http://255.255.255.255/",
    "http://[::1]/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[ff02::1]/",
    "http://[2002:7f00:1::]/",  # 6to4 for 127.0.0.1
    "http://[64:ff9b::a00:5]/",  # NAT64 for 10.0.0.5
]


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_internal_addresses_are_refused_when_saved(url, settings):
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = []
    with pytest.raises(ValidationError) as refusal:
        validate_webhook_url(url)
    assert refusal.value.code == "private_address"
    assert "webhooks are only sent to public addresses" in refusal.value.messages[0]

    endpoint = WebhookEndpoint(name="Internal", url=url)
    with pytest.raises(ValidationError) as error:
        endpoint.full_clean()
    assert "url" in error.value.message_dict


@pytest.mark.parametrize(
    "url",
    [
        "https://93.184.216.34/hooks",
        "https://[2606:4700:4700::1111]/hooks",
        # Not resolvable here: accepted, and checked again before every request.
        "https://frontend.clinic.example/hooks",
    ],
)
def test_public_addresses_and_names_are_accepted(url, settings):
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = []
    WebhookEndpoint(name="Frontend", url=url).full_clean()


def test_the_refusal_names_what_a_name_resolves_to(settings):
    """localhost's own name is refused before any lookup; a name that resolves to loopback
    is refused for its address."""
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = []
    loopback_name = socket.gethostname()  # resolves to this machine
    addresses = {info[4][0] for info in socket.getaddrinfo(loopback_name, 80)}
    if not any(not destinations.is_public(a) for a in addresses):
        pytest.fail(f"{loopback_name} should resolve to a local address here: {addresses}")
    with pytest.raises(destinations.BlockedDestination) as refusal:
        destinations.check(loopback_name, 80)
    assert f"{loopback_name.lower()} resolves to" in str(refusal.value)


@pytest.mark.parametrize(
    "address, public",
    [
        ("93.184.216.34", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("::ffff:93.184.216.34", False),  # IPv4-mapped is never a public destination
        ("::ffff:10.0.0.1", False),
        ("2002:a00:1::", False),  # 6to4 carrying 10.0.0.1
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", False),  # Teredo carrying 10.0.0.1
        ("fec0::1", False),  # site-local
    ],
)
def test_which_addresses_are_public(address, public):
    assert destinations.is_public(address) is public


def test_the_allowlist_lets_one_host_and_port_through_and_nothing_else(settings):
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1:8025"]
    validate_webhook_url("http://127.0.0.1:8025/hooks")
    for url in ("http://127.0.0.1:8026/hooks", "http://localhost:8025/hooks"):
        with pytest.raises(ValidationError):
            validate_webhook_url(url)


# Sending


@pytest.mark.django_db
@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "localhost", "2130706433", "0x7f.0.0.1", "127.1", "[::ffff:127.0.0.1]"],
)
def test_a_delivery_to_loopback_is_refused_before_connecting(host, server, settings):
    """The row holds a URL saved before the rule (or by a path that skipped validation):
    the send-time check refuses it, for a server that is really listening there."""
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = []
    endpoint = WebhookEndpointFactory()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url=f"http://{host}:{server.port}/h")
    delivery = WebhookDeliveryFactory(endpoint=endpoint, next_attempt_at=timezone.now())

    assert attempt_delivery(delivery.pk) == Status.RETRYING

    delivery.refresh_from_db()
    assert server.requests == []
    assert (delivery.error, delivery.response_status_code) == ("refused: private address", None)


@pytest.mark.django_db
def test_the_same_receiver_is_reached_once_allowlisted(server, settings):
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = [f"127.0.0.1:{server.port}"]
    delivery = WebhookDeliveryFactory(
        endpoint__url=f"http://127.0.0.1:{server.port}/hooks?x=1", next_attempt_at=timezone.now()
    )

    attempt_delivery(delivery.pk)

    assert server.requests == [{"host": f"127.0.0.1:{server.port}", "path": "/hooks?x=1"}]


@pytest.mark.django_db
def test_the_log_keeps_the_status_and_time_but_never_the_response_body(
    server, settings, admin_client
):
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = [f"127.0.0.1:{server.port}"]
    delivery = WebhookDeliveryFactory(
        endpoint__url=f"http://127.0.0.1:{server.port}/", next_attempt_at=timezone.now()
    )

    attempt_delivery(delivery.pk)

    row = WebhookDelivery.objects.filter(pk=delivery.pk).values().get()
    assert (row["response_status_code"], row["error"]) == (500, "HTTP 500")
    assert isinstance(row["duration_ms"], int)
    assert SECRET_BODY.decode()[:20] not in json.dumps(row, default=str)
    inspect = admin_client.get(reverse("webhook_deliveries:inspect", args=[delivery.pk]))
    assert "HTTP 500" in inspect.text
    assert SECRET_BODY.decode()[:20] not in inspect.text


@pytest.mark.django_db
def test_a_receiver_that_never_answers_is_logged_as_a_timeout(settings, monkeypatch):
    hanging = Server(answer=False)
    try:
        settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = [f"127.0.0.1:{hanging.port}"]
        monkeypatch.setattr(tasks, "TIMEOUT", 0.3)
        delivery = WebhookDeliveryFactory(
            endpoint__url=f"http://127.0.0.1:{hanging.port}/", next_attempt_at=timezone.now()
        )

        assert attempt_delivery(delivery.pk) == Status.RETRYING

        delivery.refresh_from_db()
        assert (delivery.error, delivery.response_status_code) == ("timeout", None)
        assert len(hanging.requests) == 1
    finally:
        hanging.close()


def test_the_connection_goes_to_the_checked_address_and_never_resolves_the_name(server):
    """DNS rebinding: the name is looked up once, for the check; the connection uses the
    address that was checked. Here the name does not resolve at all, so reaching the
    server proves the client never looked it up, while the Host header still names it."""
    connection = destinations.connection_for(
        f"http://rebinding.example:{server.port}/hooks", "127.0.0.1", timeout=5
    )
    try:
        connection.request("POST", "/hooks", body=b"{}")
        assert connection.getresponse().status == 500
    finally:
        connection.close()
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("rebinding.example", server.port)
    assert server.requests == [{"host": f"rebinding.example:{server.port}", "path": "/hooks"}]


@pytest.fixture
def tls_certificate(tmp_path):
    """A self-signed certificate for webhooks.test, trusted by the client through
    SSL_CERT_FILE (read by ssl.create_default_context)."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=webhooks.test",
            "-addext",
            "subjectAltName=DNS:webhooks.test",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return key, cert


@pytest.fixture
def tls_server(tls_certificate, monkeypatch):
    key, cert = tls_certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    running = Server(tls_context=context)
    yield running
    running.close()


def test_https_sends_the_url_host_as_server_name_and_verifies_its_certificate(tls_server):
    connection = destinations.connection_for(
        f"https://webhooks.test:{tls_server.port}/hooks", "127.0.0.1", timeout=5
    )
    try:
        connection.request("POST", "/hooks", body=b"{}")
        assert connection.getresponse().status == 200
    finally:
        connection.close()
    assert tls_server.server_names == ["webhooks.test"]
    assert tls_server.requests == [{"host": f"webhooks.test:{tls_server.port}", "path": "/hooks"}]


@pytest.mark.django_db
def test_a_certificate_for_another_name_is_refused(tls_server, settings):
    """Pinned to 127.0.0.1 but asked for as 127.0.0.1: the certificate (for webhooks.test)
    does not match, so nothing is sent."""
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = [f"127.0.0.1:{tls_server.port}"]
    delivery = WebhookDeliveryFactory(
        endpoint__url=f"https://127.0.0.1:{tls_server.port}/", next_attempt_at=timezone.now()
    )

    attempt_delivery(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.error == "TLS certificate not valid"
    assert tls_server.requests == []


def test_production_refuses_to_start_with_private_hosts_allowed():
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "WEBHOOKS_ALLOWED_PRIVATE_HOSTS")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="clinic.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="cms.example",
        WAGTAILADMIN_BASE_URL="https://cms.example",
        WEBHOOKS_ALLOWED_PRIVATE_HOSTS="10.0.0.8:3000",
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=Path(__file__).resolve().parent.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "WEBHOOKS_ALLOWED_PRIVATE_HOSTS is for development only" in result.stderr
    assert settings_of("clinic.settings.dev", WEBHOOKS_ALLOWED_PRIVATE_HOSTS="127.0.0.1:3000")[
        "WEBHOOKS_ALLOWED_PRIVATE_HOSTS"
    ] == ["127.0.0.1:3000"]
