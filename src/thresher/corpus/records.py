"""The plain data that walks through a crawl: pages to extract, records skipped, shard marks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Why a record produced no output row; every skipped record carries one of these.
SKIP_REASONS = (
    "not-html",      # a response whose content type is not HTML (or text for WET)
    "http-status",   # not a 2xx response (redirects, errors)
    "too-large",     # payload over Options.max_bytes
    "timeout",       # the page ran past its time limit
    "out-of-memory", # the page ran past the worker's memory limit
    "crashed",       # the worker died on the page (twice)
    "decode-error",  # the bytes could not be decoded
    "empty",         # no article text was found
    "error",         # any other extraction error
    "truncated",     # a damaged or cut archive member; reading resumed after it
    "read-error",    # the input could not be read
    "fetch-error",   # a URL could not be fetched
    "robots",        # a URL disallowed by robots.txt
    "unsupported",   # the installed thresher lacks the needed entry point
    "duplicate",     # a near or exact duplicate dropped by --drop-dups
)


@dataclass(frozen=True, slots=True)
class Page:
    """One page to extract: the payload and where it came from.

    `mode` is "html" (bytes or str, decoded by thresher with `content_type`) or "text"
    (a WET conversion record or a plain-text page).
    """

    mode: str
    payload: bytes | str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record that gives no output row, with the reason and its provenance."""

    reason: str
    detail: str
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "detail": self.detail, **self.meta}


@dataclass(frozen=True, slots=True)
class Ignored:
    """A record that is not a page at all (warcinfo, request, metadata): counted, not kept."""

    kind: str


def provenance(source: str, *, record_id: str | None = None, offset: int | None = None,
               target_uri: str | None = None, fetch_date: str | None = None,
               http_status: int | None = None, content_type: str | None = None) -> dict[str, Any]:
    """The provenance fields every output row and skipped record carries."""
    return {"source_file": source, "record_id": record_id, "record_offset": offset,
            "target_uri": target_uri, "fetch_date": fetch_date, "http_status": http_status,
            "content_type": content_type}
