"""Write small WARC and WET files (with warcio): for tests, benchmarks and examples."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Capture:
    """One record to write: a response (`http_headers` set), or another WARC record type."""

    url: str
    body: bytes
    status: str = "200 OK"
    http_headers: list[tuple[str, str]] | None = field(
        default_factory=lambda: [("Content-Type", "text/html; charset=utf-8")])
    record_type: str = "response"
    content_type: str | None = None  # the WARC Content-Type for non-response records


def write_warc(path: Path, captures: Iterable[Capture], *, gzip: bool = True) -> list[int]:
    """Write the captures (each its own gzip member) and return each record's offset."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    offsets = []
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        for cap in captures:
            offsets.append(fh.tell())
            http = None
            if cap.record_type == "response" and cap.http_headers is not None:
                http = StatusAndHeaders(cap.status, cap.http_headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                cap.url, cap.record_type, payload=io.BytesIO(cap.body), http_headers=http,
                warc_content_type=cap.content_type or "")
            writer.write_record(record)
    return offsets


def write_wet(path: Path, pages: Iterable[tuple[str, str]]) -> None:
    """Write a WET file: a warcinfo record, then one `conversion` record per (url, text)."""
    captures = [Capture("", b"software: thresher test\r\n", record_type="warcinfo",
                        http_headers=None, content_type="application/warc-fields")]
    captures += [Capture(url, text.encode("utf-8"), record_type="conversion", http_headers=None,
                         content_type="text/plain") for url, text in pages]
    write_warc(path, captures)
