"""Fetch a web page over HTTP(S) with httpx: bounded in time, size and redirects.

Every failure is a `FetchError` whose message says what went wrong in one line: the HTTP
status, a DNS failure, a TLS failure, a refused connection, a timeout, a page that is too
large or one whose content type is not a page.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Collection
from dataclasses import dataclass

import httpx

from . import __version__
from .errors import FetchError

#: Content types read as HTML pages.
HTML_TYPES: tuple[str, ...] = ("text/html", "application/xhtml+xml")
#: Content types read as plain-text pages.
TEXT_TYPES: tuple[str, ...] = ("text/plain",)
DEFAULT_USER_AGENT = f"thresher/{__version__} (+https://example.invalid/thresher)"
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A fetched page: the final URL (after redirects), HTTP status, Content-Type and body."""

    url: str
    status: int
    content_type: str | None
    body: bytes


def fetch(url: str, *, timeout: float = 15.0, max_bytes: int = 10_000_000,
          user_agent: str = DEFAULT_USER_AGENT, max_redirects: int = 10,
          accept_types: Collection[str] | None = HTML_TYPES) -> FetchedPage:
    """Fetch `url`, following up to `max_redirects` redirects.

    `timeout` bounds each network step (connect, each read) in seconds; the body is streamed
    and reading stops with an error once it passes `max_bytes`. `accept_types` lists the
    media types accepted (None accepts any); a response without a Content-Type is accepted.
    """
    headers = {"User-Agent": user_agent, "Accept": _ACCEPT}
    try:
        with (
            httpx.Client(follow_redirects=True, max_redirects=max_redirects, timeout=timeout,
                         headers=headers, trust_env=True) as client,
            client.stream("GET", url) as response,
        ):
            return _read(url, response, max_bytes, accept_types)
    except FetchError:
        raise
    except httpx.HTTPError as exc:
        raise FetchError(f"cannot fetch {url}: {_reason(exc, timeout, max_redirects)}") from exc
    except ValueError as exc:  # httpx rejects some malformed URLs with ValueError
        raise FetchError(f"cannot fetch {url}: invalid URL ({exc})") from exc


def _read(url: str, response: httpx.Response, max_bytes: int,
          accept_types: Collection[str] | None) -> FetchedPage:
    final = str(response.url)
    where = url if final == url else f"{url} (redirected to {final})"
    if response.status_code >= 400:
        phrase = f" {response.reason_phrase}" if response.reason_phrase else ""
        raise FetchError(f"cannot fetch {where}: HTTP {response.status_code}{phrase}")
    content_type = response.headers.get("content-type")
    media = media_type(content_type)
    if accept_types is not None and media and media not in accept_types:
        raise FetchError(f"cannot fetch {where}: not an HTML page (content type {media})")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"cannot fetch {where}: the page is {declared} bytes, "
                         f"over the limit of {max_bytes} bytes")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"cannot fetch {where}: the page is over the limit of "
                             f"{max_bytes} bytes")
        chunks.append(chunk)
    return FetchedPage(final, response.status_code, content_type, b"".join(chunks))


def media_type(content_type: str | None) -> str | None:
    """The lower-case media type of a Content-Type header (`text/html; charset=x` → text/html)."""
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def _reason(exc: httpx.HTTPError, timeout: float, max_redirects: int) -> str:
    """One line saying why a request failed, from the exception and its causes."""
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out after {timeout:g} s"
    if isinstance(exc, httpx.TooManyRedirects):
        return f"more than {max_redirects} redirects"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "only http:// and https:// URLs can be fetched"
    if isinstance(exc, httpx.InvalidURL):
        return f"invalid URL ({exc})"
    causes = list(_chain(exc))
    if any(isinstance(c, socket.gaierror) for c in causes) or _says(exc, "name or service",
                                                                    "name resolution",
                                                                    "nodename nor servname"):
        return "DNS lookup failed (unknown host or no network)"
    if any(isinstance(c, ssl.SSLError) for c in causes) or _says(exc, "ssl", "certificate"):
        return f"TLS failure ({_last_line(exc)})"
    if any(isinstance(c, ConnectionRefusedError) for c in causes) or _says(exc, "refused"):
        return "connection refused"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"the server broke the HTTP protocol ({_last_line(exc)})"
    return _last_line(exc) or type(exc).__name__


def _chain(exc: BaseException):
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _says(exc: BaseException, *words: str) -> bool:
    text = " ".join(str(c) for c in _chain(exc)).lower()
    return any(w in text for w in words)


def _last_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[-1] if lines else ""
