"""Readers: every input kind streamed as `Page`, `Skipped` and `Ignored` items, never whole.

WARC/ARC (gzip or not), WET (text mode), folders of pages and JSONL with an `html` or `text`
field. A damaged archive member is reported as `truncated` and reading resumes at the next
member, so one bad byte range never costs the rest of the file.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..options import Options
from .records import Ignored, Page, Skipped, provenance

Item = Page | Skipped | Ignored

_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".txt", ".txt.gz")
_JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson", ".ndjson.gz", ".json.gz")
# Control characters never stand in a WARC header. warcio, handed a gzip member cut short,
# may go on with the next member's raw bytes as if they were text: the record's headers then
# hold compressed bytes (b"\x1f\x8b\x08\x00...") and swallow the records that follow.
_DAMAGED_HEADER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def input_kind(path: Path) -> str:
    """One of "dir", "wet", "warc", "jsonl", "urls", "page" for an input path."""
    name = path.name.lower()
    if path.is_dir():
        return "dir"
    if ".wet" in name:
        return "wet"
    if name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
        return "warc"
    if name.endswith(_JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(_PAGE_SUFFIXES) and not _looks_like_urls(path):
        return "page"
    head = _head(path)
    if head.startswith(b"WARC/"):
        return "wet" if b"WARC-Type: warcinfo" in head and b"conversion" in head else "warc"
    if _looks_like_urls(path):
        return "urls"
    return "page"


def shard_stem(path: Path) -> str:
    """The input's name without archive and compression suffixes."""
    name = path.name.rstrip("/") or "input"
    for suffix in (".gz", ".zst", ".warc", ".arc", ".wet", ".jsonl", ".ndjson", ".json",
                   ".txt", ".urls", ".html", ".htm"):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return name


def open_text_or_binary(path: Path) -> IO[bytes]:
    """A binary stream of the file, gzip or zstd decompressed on the fly by its suffix."""
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")
    if path.name.endswith(".zst"):
        import zstandard

        return zstandard.ZstdDecompressor().stream_reader(path.open("rb"), closefd=True)
    return path.open("rb")


def _head(path: Path, size: int = 4096) -> bytes:
    try:
        with open_text_or_binary(path) as fh:
            return fh.read(size)
    except (OSError, EOFError):
        return b""


def _looks_like_urls(path: Path) -> bool:
    lines = [x.strip() for x in _head(path).splitlines()[:20] if x.strip()]
    lines = [x for x in lines if not x.startswith(b"#")]
    return bool(lines) and all(x.startswith((b"http://", b"https://")) for x in lines[:-1] or lines)


# --- WARC, ARC and WET -------------------------------------------------------------------

def read_warc(path: Path, source: str, options: Options, *, text_mode: bool = False
              ) -> Iterator[Item]:
    """Stream the pages of a WARC/ARC (or, in text mode, the conversions of a WET) file."""
    size = path.stat().st_size
    arc = _head(path, 16).startswith(b"filedesc://")
    with path.open("rb") as fh:
        magic = b"\x1f\x8b\x08" if fh.read(2) == b"\x1f\x8b" else b"WARC/"
        pos: int | None = 0
        reported = -1  # the damage already reported, so a resync that fails again is quiet
        while pos is not None and pos < size:
            fh.seek(pos)
            end, error = yield from _read_members(fh, pos, source, options, text_mode, arc)
            if error is None and end >= size:
                break
            if end > max(pos, reported) or reported < 0:
                detail = error or "the archive ends inside a record"
                yield Skipped("truncated", detail, provenance(source, offset=end))
                reported = end
            pos = _find(fh, magic, max(end, pos) + 1)


def _read_members(fh: IO[bytes], base: int, source: str, options: Options, text_mode: bool,
                  arc: bool) -> Iterator[Item]:
    """Yield the items from `base` on; return (end offset reached, error or None)."""
    from warcio.archiveiterator import ArchiveIterator

    end = base
    try:
        iterator = ArchiveIterator(fh, arc2warc=True)
        for record in iterator:
            item = _warc_item(record, iterator, base, source, options, text_mode, arc)
            end = base + iterator.get_record_offset() + iterator.get_record_length()
            yield item
    except Exception as exc:  # noqa: BLE001 - any damage in the archive becomes a skip
        return end, f"{type(exc).__name__}: {str(exc)[:200]}"
    return end, None


def _warc_item(record: Any, iterator: Any, base: int, source: str, options: Options,
               text_mode: bool, arc: bool) -> Item:
    kind = record.rec_type
    for name, value in record.rec_headers.headers:
        if _DAMAGED_HEADER.search(value):
            raise ValueError(f"damaged record: control characters in its {name} header")
    if kind not in (("conversion",) if text_mode else ("response", "resource")):
        return Ignored(kind)
    http = record.http_headers if kind == "response" else None
    headers = record.rec_headers
    content_type = (http or headers).get_header("Content-Type") or \
        headers.get_header("WARC-Identified-Payload-Type")
    code = http.get_statuscode() if http else None
    data = record.content_stream().read(options.max_bytes + 1)
    # warcio makes up a new id for each ARC record on every read: ARC rows get source@offset
    meta = provenance(source, record_id=None if arc else headers.get_header("WARC-Record-ID"),
                      offset=base + iterator.get_record_offset(),
                      target_uri=headers.get_header("WARC-Target-URI"),
                      fetch_date=headers.get_header("WARC-Date"),
                      http_status=int(code) if code and code.isdigit() else None,
                      content_type=content_type)
    if len(data) > options.max_bytes:
        return Skipped("too-large", f"payload over {options.max_bytes} bytes", meta)
    status = meta["http_status"]
    if status is not None and not 200 <= status < 300:
        return Skipped("http-status", f"HTTP {status}", meta)
    if text_mode:
        return Page("text", data.decode("utf-8", "replace"), meta)
    if not is_html(content_type, data):
        return Skipped("not-html", f"content type {content_type or 'unknown'}", meta)
    return Page("html", data, meta)


def is_html(content_type: str | None, data: bytes) -> bool:
    """An HTML content type, or no type at all and bytes that start like markup."""
    if content_type:
        media = content_type.split(";")[0].strip().lower()
        return "html" in media
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--"))


def _find(fh: IO[bytes], magic: bytes, start: int, chunk: int = 1 << 20) -> int | None:
    """The offset of the next `magic` at or after `start`, or None."""
    fh.seek(start)
    offset, tail = start, b""
    while block := fh.read(chunk):
        window = tail + block
        hit = window.find(magic)
        if hit >= 0:
            return offset - len(tail) + hit
        tail = window[-(len(magic) - 1):]
        offset += len(block)
    return None


# --- folders of pages and JSONL ----------------------------------------------------------

def read_dir(path: Path, source: str, options: Options) -> Iterator[Item]:
    """Every page file under a folder, in sorted order (.txt files in text mode)."""
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        yield read_page_file(file, f"{source.rstrip('/')}/{file.relative_to(path)}", options)


def read_page_file(path: Path, source: str, options: Options) -> Item:
    """One page file: HTML (maybe gzipped), or plain text for `.txt`."""
    meta = provenance(source)
    try:
        with open_text_or_binary(path) as fh:
            data = fh.read(options.max_bytes + 1)
    except (OSError, EOFError) as exc:
        return Skipped("read-error", str(exc)[:200], meta)
    if len(data) > options.max_bytes:
        return Skipped("too-large", f"file over {options.max_bytes} bytes", meta)
    if ".txt" in path.name.lower():
        return Page("text", data.decode("utf-8", "replace"), meta)
    return Page("html", data, meta)


def read_jsonl(path: Path, source: str, options: Options) -> Iterator[Item]:
    """Rows with an `html` (or `text`) field, and optional `url`, `id`, `content_type`."""
    offset = 0
    try:
        with open_text_or_binary(path) as raw:
            for line_no, line in enumerate(io.BufferedReader(raw), 1):  # type: ignore[arg-type]
                here, offset = offset, offset + len(line)
                if line.strip():
                    yield _jsonl_item(line, line_no, here, source, options)
    except (OSError, EOFError) as exc:
        yield Skipped("read-error", str(exc)[:200], provenance(source, offset=offset))


def _jsonl_item(line: bytes, line_no: int, offset: int, source: str, options: Options) -> Item:
    meta = provenance(source, offset=offset, record_id=f"line:{line_no}")
    if len(line) > options.max_bytes * 2:
        return Skipped("too-large", f"line over {options.max_bytes * 2} bytes", meta)
    try:
        row = json.loads(line)
    except ValueError as exc:
        return Skipped("decode-error", f"invalid JSON: {exc}", meta)
    if not isinstance(row, dict):
        return Skipped("decode-error", "a JSON line that is not an object", meta)
    meta.update(record_id=str(row.get("id", meta["record_id"])), target_uri=row.get("url"),
                fetch_date=row.get("date"), content_type=row.get("content_type"))
    if isinstance(row.get("html"), str):
        return Page("html", row["html"], meta)
    if isinstance(row.get("text"), str):
        return Page("text", row["text"], meta)
    return Skipped("not-html", "no `html` or `text` string field", meta)
