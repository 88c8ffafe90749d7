"""Fetch a URL for the service without letting a caller reach the inside network.

The rules: only http and https; the host is resolved first and every address it resolves to
must be public (private, loopback, link-local, multicast, reserved and unspecified ranges are
refused, also when embedded in an IPv6 address) unless `allow_private`; the connection goes to
the checked address with the Host header and TLS SNI set to the name, so a second DNS answer
(rebinding) is never used; every redirect hop is checked the same way; the body and the time
are capped; no proxy from the environment is used.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import anyio
import httpx

from ..errors import FetchError, LimitExceeded

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: Resolves (host, port) to IP address strings; replaceable in tests.
Resolver = Callable[[str, int], Awaitable[list[str]]]

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_REDIRECTS = (301, 302, 303, 307, 308)
_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"


class BlockedAddress(FetchError):
    """The URL points at an address the service may not reach."""


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Caps on one fetch: redirects followed, bytes read, seconds spent."""

    max_redirects: int = 5
    max_bytes: int = 5_000_000
    timeout: float = 10.0
    allow_private: bool = False
    user_agent: str = "thresher-serve/0.1 (+article extraction)"


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched page: the final URL, its bytes and its Content-Type header."""

    url: str
    content: bytes
    content_type: str | None


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address carried inside an IPv6 one (mapped, 6to4, Teredo, NAT64), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public(ip: IPAddress) -> bool:
    """True when `ip` is a globally routable unicast address."""
    if (not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified
            or ip.is_loopback or ip.is_link_local or ip.is_private):
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_v4(ip)
        if inner is not None:
            return is_public(inner)
    return True


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve with the system resolver (in a worker thread)."""
    try:
        infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise FetchError(f"cannot resolve {host!r}: {exc}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _ascii_host(url: httpx.URL) -> str:
    """The host as DNS and TLS see it (IDNA-encoded)."""
    return url.raw_host.decode("ascii")


def _parse_url(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise FetchError(f"not a valid URL: {url!r}") from exc
    if parsed.scheme not in ("http", "https"):
        raise BlockedAddress(f"only http and https URLs are fetched, not {parsed.scheme!r}")
    if not parsed.host:
        raise FetchError(f"the URL has no host: {url!r}")
    return parsed


async def check_url(url: httpx.URL, resolver: Resolver, allow_private: bool) -> str:
    """The address to connect to for `url`; raises BlockedAddress when it is not allowed."""
    port = url.port or (443 if url.scheme == "https" else 80)
    host = _ascii_host(url)
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        addresses = [ipaddress.ip_address(a.split("%")[0]) for a in await resolver(host, port)]
    if not addresses:
        raise FetchError(f"{url.host!r} resolves to no address")
    addresses.sort(key=lambda a: a.version)  # IPv4 first: IPv6 routes are often missing
    if not allow_private:
        blocked = [str(a) for a in addresses if not is_public(a)]
        if blocked:
            raise BlockedAddress(
                f"{url.host!r} resolves to a non-public address ({', '.join(blocked)}); "
                "the server refuses it (start it with --allow-private to permit)")
    return str(addresses[0])


def _pinned_request(client: httpx.AsyncClient, url: httpx.URL, ip: str,
                    limits: FetchLimits) -> httpx.Request:
    """A GET to `url` that connects to `ip`, with Host and SNI naming the original host."""
    host_header = url.netloc.decode("ascii").rpartition("@")[2]
    headers = {"Host": host_header, "User-Agent": limits.user_agent, "Accept": _ACCEPT}
    extensions = {"sni_hostname": _ascii_host(url)} if url.scheme == "https" else {}
    return client.build_request("GET", url.copy_with(host=ip), headers=headers,
                                extensions=extensions)


async def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise LimitExceeded("fetch_max_bytes", max_bytes,
                            f"the page is {declared} bytes, over the fetch limit of {max_bytes}")
    chunks, total = [], 0
    async for chunk in response.aiter_bytes():
        total += len(chunk)
        if total > max_bytes:
            raise LimitExceeded("fetch_max_bytes", max_bytes,
                                f"the page is over the fetch limit of {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def _follow(client: httpx.AsyncClient, url: str, resolver: Resolver,
                  limits: FetchLimits) -> Fetched:
    current = _parse_url(url)
    for _hop in range(limits.max_redirects + 1):
        ip = await check_url(current, resolver, limits.allow_private)
        request = _pinned_request(client, current, ip, limits)
        response = await client.send(request, stream=True)
        try:
            if response.status_code in _REDIRECTS and "location" in response.headers:
                current = _parse_url(str(current.join(response.headers["location"])))
                continue
            if response.status_code >= 400:
                raise FetchError(f"{current} answered HTTP {response.status_code}")
            content = await _read_capped(response, limits.max_bytes)
            return Fetched(str(current), content, response.headers.get("content-type"))
        finally:
            await response.aclose()
    raise FetchError(f"more than {limits.max_redirects} redirects from {url}")


async def fetch(url: str, limits: FetchLimits, *, resolver: Resolver = system_resolver,
                transport: httpx.AsyncBaseTransport | None = None) -> Fetched:
    """GET `url` under the rules above; every failure is a FetchError or LimitExceeded."""
    timeout = httpx.Timeout(limits.timeout)
    try:
        with anyio.fail_after(limits.timeout):
            async with httpx.AsyncClient(transport=transport, timeout=timeout, trust_env=False,
                                         follow_redirects=False) as client:
                return await _follow(client, url, resolver, limits)
    except TimeoutError as exc:
        raise FetchError(f"fetching {url} took longer than {limits.timeout} s") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"fetching {url} failed: {exc}") from exc
