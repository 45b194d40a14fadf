"""Fetching what recognised bodies publish (DID documents, status lists, label records).

The verifier is anonymous and the URLs it would fetch come from the credential it is given,
so a fetch is allowed only to the host of a body on the trust list, over HTTPS (plain HTTP
only to loopback hosts when the deployment allows it for development), without following
redirects, within a short timeout and a size cap. What went wrong is logged here and never
told to the caller: an error text would say whether a file exists or a port is open.
"""

from __future__ import annotations

import ipaddress
import logging
import urllib.request
from collections.abc import Iterable
from urllib.parse import urlsplit

from certificates import CertificateError, did_web_url
from service.errors import DependencyUnavailable

# Seconds to connect and between reads: a recognised body answers in well under a second; a
# slow one must not hold a worker thread (and the anonymous caller waiting on it) for long.
FETCH_TIMEOUT_S = 3
# Bytes read at most: a DID document, a status list (16 KB compressed bits, base64, signed)
# or a label record are each a few KB.
MAX_FETCH_BYTES = 1_000_000
UNAVAILABLE = "the issuer's published material could not be fetched"
log = logging.getLogger(__name__)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a redirect would leave the recognised host (or HTTPS)


_OPENER = urllib.request.build_opener(_NoRedirects)


def loopback(netloc: str) -> bool:
    """Tell whether a host[:port] is this machine (development without TLS)."""
    host = netloc.rsplit(":", 1)[0].strip("[]") if netloc.count(":") <= 1 else netloc.strip("[]")
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def body_hosts(dids: Iterable[str]) -> frozenset[str]:
    """Return the host[:port] names of the did:web DIDs of recognised bodies."""
    hosts = set()
    for did in dids:
        try:
            hosts.add(urlsplit(did_web_url(did)).netloc.lower())
        except CertificateError:
            continue
    return frozenset(hosts)


def allowed(url: str, hosts: frozenset[str], allow_http: bool) -> bool:
    """Tell whether url may be fetched: a recognised host, over HTTPS (or dev HTTP)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    netloc = parts.netloc.lower()
    if parts.username is not None or parts.password is not None or netloc not in hosts:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and allow_http and loopback(netloc))


def fetch(url: str, hosts: frozenset[str], allow_http: bool) -> bytes:
    """GET url from a recognised body; DependencyUnavailable (without details) otherwise."""
    if not allowed(url, hosts, allow_http):
        log.info("verifier fetch refused: %s", url)
        raise DependencyUnavailable(UNAVAILABLE)
    try:
        with _OPENER.open(url, timeout=FETCH_TIMEOUT_S) as response:
            content = bytes(response.read(MAX_FETCH_BYTES + 1))
    except (OSError, ValueError) as error:
        log.warning("verifier fetch failed: %s: %s", url, error)
        raise DependencyUnavailable(UNAVAILABLE) from None
    if len(content) > MAX_FETCH_BYTES:
        log.warning("verifier fetch too large: %s", url)
        raise DependencyUnavailable(UNAVAILABLE)
    return content
