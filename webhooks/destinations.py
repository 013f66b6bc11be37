"""Where a webhook may be sent: only to public addresses, so an endpoint URL cannot make the
CMS reach into its own network (the database, the cloud metadata service, the admin on
localhost). The same check runs when an endpoint is saved and before every request.

A request resolves the host once, checks every address it resolves to, and connects to a
checked address itself: the HTTP client never looks the name up again, so a DNS answer
that changes between the check and the connection (DNS rebinding) cannot move the request
to an internal address. The Host header and the TLS server name (SNI, and the name the
certificate must match) stay the URL's host name.

``WEBHOOKS_ALLOWED_PRIVATE_HOSTS`` lists ``host:port`` pairs, exactly as the URL names
them, that may be private anyway: for the tests' receiver on 127.0.0.1 and for local
development. It is empty by default and production settings refuse to start with it set.
"""

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

from django.conf import settings

DEFAULT_PORTS = {"http": 80, "https": 443}
# Names that mean this machine whatever DNS says (RFC 6761), refused before any lookup.
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")
PUBLIC_ONLY = "webhooks are only sent to public addresses."


class BlockedDestination(Exception):
    """The URL points at an address the CMS must not send to. The message is for the
    person who set up the endpoint; ``log_code`` is what the delivery log records."""

    log_code = "refused: private address"


def _embedded_ipv4(address):
    """The IPv4 address an IPv6 address carries and routes to, if any: IPv4-mapped
    (::ffff:a.b.c.d), 6to4 (2002::/16), Teredo and NAT64 (64:ff9b::/96)."""
    if address.version != 6:
        return []
    embedded = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
    if address in NAT64_PREFIX:
        embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return [ip for ip in embedded if ip is not None]


def is_public(address):
    """True only for a globally routable unicast address, and, for an IPv6 address that
    carries an IPv4 one, only if that is public too."""
    address = ipaddress.ip_address(address)
    if any(not is_public(ip) for ip in _embedded_ipv4(address)):
        return False
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or getattr(address, "is_site_local", False)
    )


def host_and_port(url):
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    return host, parts.port or DEFAULT_PORTS.get(parts.scheme.lower(), 80)


def _allowlisted(host, port):
    name = f"[{host}]" if ":" in host else host
    allowed = {entry.strip().lower() for entry in settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS}
    return f"{name}:{port}".lower() in allowed


def _resolve(host, port, numeric_only):
    flags = socket.AI_NUMERICHOST if numeric_only else 0
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=flags)
    # Keep the resolver's order (it prefers what is reachable) without duplicates.
    return list(dict.fromkeys(info[4][0] for info in infos))


def check(host, port, resolve=True):
    """The addresses a request to ``host:port`` may connect to, every one checked.

    Raises ``BlockedDestination`` when the host is a local name or any address it stands
    for is not public (one private address among public ones is enough: the resolver may
    hand either to the connection), and ``socket.gaierror`` when the name does not
    resolve. A literal address in any spelling the resolver accepts (``127.1``,
    ``2130706433``, ``0x7f.0.0.1``, ``[::ffff:127.0.0.1]``) is parsed as the resolver
    would. With ``resolve=False`` only literal addresses and local names are checked
    (no DNS lookup); the result is then empty for a name."""
    host = host.lower()
    if not host:
        raise BlockedDestination("The URL has no host.")
    if _allowlisted(host, port):
        return _resolve(host, port, numeric_only=False) if resolve else []
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        raise BlockedDestination(f"{host} is this server itself: {PUBLIC_ONLY}")
    try:
        addresses, literal = _resolve(host, port, numeric_only=True), True
    except socket.gaierror:
        if not resolve:
            return []
        addresses, literal = _resolve(host, port, numeric_only=False), False
    refused = [address for address in addresses if not is_public(address)]
    if refused:
        subject = host if literal else f"{host} resolves to {refused[0]}, which"
        raise BlockedDestination(
            f"{subject} is a private, loopback, link-local or reserved address: {PUBLIC_ONLY}"
        )
    return addresses


class PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to a checked address, for a request whose Host header names
    ``host``: it never resolves ``host`` itself."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def _open_socket(self):
        return socket.create_connection((self.address, self.port), self.timeout)

    def connect(self):
        self.sock = self._open_socket()


class PinnedHTTPSConnection(PinnedHTTPConnection):
    """The same over TLS: the server name sent (SNI) and verified against the
    certificate is the URL's host, not the address."""

    default_port = 443

    def __init__(self, host, port, address, timeout, ssl_context=None):
        super().__init__(host, port, address, timeout)
        self.ssl_context = ssl_context or ssl.create_default_context()

    def connect(self):
        self.sock = self.ssl_context.wrap_socket(self._open_socket(), server_hostname=self.host)


def connection_for(url, address, timeout):
    host, port = host_and_port(url)
    if urlsplit(url).scheme.lower() == "https":
        return PinnedHTTPSConnection(host, port, address, timeout)
    return PinnedHTTPConnection(host, port, address, timeout)
