"""Turn command-line arguments into inputs: files (.gz too), directories, URLs and stdin.

A `Source` names one page and knows how to read it; `read_page` returns its bytes with the
mode to extract it in ("html" or "text"), decided by the caller's choice or by the content.
"""

from __future__ import annotations

import gzip
import re
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, LimitExceeded

MODES = ("auto", "html", "text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt",)
_GZIP_MAGIC = b"\x1f\x8b"
_URL = re.compile(r"^https?://", re.IGNORECASE)
# A tag that only markup has, near the start of the page.
_HTML_START = re.compile(
    rb"^\s*<(?:!--|(?:!doctype|html|\?xml|head|body|meta|title|style|script|link|base)\b)", re.I)
_TAGS = (rb"(?:!doctype\s+html|html|head|body|meta|title|script|style|link|div|p|span|a|b|i|em"
         rb"|strong|table|tr|td|ul|ol|li|br|hr|h[1-6]|section|article|header|footer|nav|main"
         rb"|form|img|iframe|figure|blockquote|pre|code)")
_HTML_TAG = re.compile(rb"<" + _TAGS + rb"[\s>/]", re.I)
# A whole tag, opening or closing, of a common element (its length measures the markup).
_MARKUP = re.compile(rb"</?" + _TAGS + rb"(?:[\s/][^<>]{0,2000})?>", re.I)


@dataclass(frozen=True, slots=True)
class Page:
    """One input's content: bytes, the mode to read it in, its URL and Content-Type."""

    data: bytes
    mode: str
    url: str | None = None
    content_type: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """One page to process: an id for the output, where it is (`location`) and its kind."""

    id: str
    location: str
    kind: str  # "file", "url" or "stdin"


def page_id(name: str) -> str:
    """The id of a file name: a trailing `.gz`, then `.html`/`.htm`/`.txt` removed.

    >>> page_id("site.com.story.html.gz")
    'site.com.story'
    """
    stem = name[:-3] if name.lower().endswith(".gz") else name
    for suffix in HTML_SUFFIXES + TEXT_SUFFIXES:
        if stem.lower().endswith(suffix) and len(stem) > len(suffix):
            return stem[: -len(suffix)]
    return stem


def is_url(arg: str) -> bool:
    """Whether a command-line argument is an http(s) URL."""
    return bool(_URL.match(arg))


def sources_for(arg: str, mode: str = "auto", *, recursive: bool = False) -> list[Source]:
    """The sources an argument stands for: a URL, `-` (stdin), a file, or a directory's pages.

    A directory yields its `*.html`/`*.htm` (mode html), `*.txt` (mode text), or all of them
    (mode auto), each also gzipped (`.gz`), sorted by name; subdirectories only if `recursive`.
    """
    if arg == "-":
        return [Source("stdin", "-", "stdin")]
    if is_url(arg):
        return [Source(arg, arg, "url")]
    path = Path(arg)
    if path.is_dir():
        return _dir_sources(path, mode, recursive)
    if path.exists():  # a file, or a pipe such as /dev/stdin or <(zcat page.gz)
        return [Source(page_id(path.name), str(path), "file")]
    if "://" in arg:
        raise InputError(f"{arg}: only http:// and https:// URLs can be fetched")
    raise InputError(f"{arg}: no such file or directory")


def _dir_sources(root: Path, mode: str, recursive: bool) -> list[Source]:
    suffixes = {"html": HTML_SUFFIXES, "text": TEXT_SUFFIXES}.get(
        mode, HTML_SUFFIXES + TEXT_SUFFIXES)
    wanted = tuple(suffixes) + tuple(s + ".gz" for s in suffixes)
    files = root.rglob("*") if recursive else root.iterdir()
    found = []
    for path in files:
        name = path.name.lower()
        if name.endswith(wanted) and not name.startswith(".") and path.is_file():
            rel = path.relative_to(root)
            ident = "/".join((*rel.parent.parts, page_id(path.name)))
            found.append(Source(ident, str(path), "file"))
    found.sort(key=lambda s: s.location)
    return found


def load(source: Source, mode: str = "auto", *, max_bytes: int = 50_000_000,
         url: str | None = None, timeout: float = 15.0) -> Page:
    """Read a source (fetching a URL, gunzipping a .gz) and decide its mode.

    `url` is the page's own URL for a file or stdin (the final URL is used for a fetch).
    """
    content_type = None
    if source.kind == "url":
        from .fetch import HTML_TYPES, TEXT_TYPES, fetch  # httpx is imported only when needed

        accept = HTML_TYPES + TEXT_TYPES if mode == "auto" else None
        fetched = fetch(source.location, timeout=timeout, max_bytes=max_bytes,
                        accept_types=accept)
        data, url, content_type = fetched.body, fetched.url, fetched.content_type
    elif source.kind == "stdin":
        data = _read_capped(sys.stdin.buffer.read, max_bytes, "standard input")
    else:
        try:
            with open(source.location, "rb") as fh:
                data = _read_capped(fh.read, max_bytes, source.location)
        except OSError as exc:
            raise InputError(f"{source.location}: {exc.strerror or exc}") from exc
    what = "standard input" if source.kind == "stdin" else source.location
    data = gunzip(data, max_bytes, what)
    if not data.strip():
        raise InputError(f"{what}: the input is empty")
    hint = mode_hint(None if source.kind == "stdin" else source.location, content_type)
    return Page(data, choose_mode(data, mode, hint), url, content_type)


def _read_capped(read: Callable[[int], bytes], max_bytes: int, what: str) -> bytes:
    # Gzip data may be up to max_bytes once inflated; compressed, it is never larger.
    data = read(max_bytes + 1)
    if len(data) > max_bytes:
        raise LimitExceeded("max_bytes", max_bytes, f"{what} is over max_bytes={max_bytes}")
    return data


def gunzip(data: bytes, max_bytes: int, what: str) -> bytes:
    """Inflate gzip data (recognised by its magic bytes), refusing more than `max_bytes`."""
    if not data.startswith(_GZIP_MAGIC):
        return data
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise InputError(f"{what}: broken gzip data ({exc})") from exc
    if len(out) > max_bytes:
        raise LimitExceeded("max_bytes", max_bytes,
                            f"{what} inflates to over max_bytes={max_bytes}")
    if inflater.unused_data.startswith(_GZIP_MAGIC):  # a multi-member gzip file
        try:
            out = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"{what}: broken gzip data ({exc})") from exc
        if len(out) > max_bytes:
            raise LimitExceeded("max_bytes", max_bytes,
                                f"{what} inflates to over max_bytes={max_bytes}")
    elif not inflater.eof:
        raise InputError(f"{what}: truncated gzip data")
    return out


def looks_like_html(data: bytes, hint: str | None = None) -> bool:
    """Whether page content is HTML rather than plain text, judged by its first 4 KB.

    HTML if it starts with a doctype, an XML declaration, a comment or a head-only tag, or
    if markup fills a fifth of it; text if it has no common tag. Text dumps often keep a few
    leaked tags, so between the two the `hint` ("html" or "text", from the file name or the
    Content-Type) decides, and without one: two common tags and a closing tag make HTML.
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: judge the ASCII bytes only
        head = head.replace(b"\x00", b"")
    if not head.strip():
        return False
    if _HTML_START.match(head):
        return True
    markup = sum(len(m) for m in _MARKUP.findall(head))
    if markup * 5 >= len(head.strip()):
        return True
    tags = len(_HTML_TAG.findall(head))
    if not tags:
        return False
    if hint in ("html", "text"):
        return hint == "html"
    return tags >= 2 and b"</" in head


def choose_mode(data: bytes, mode: str, hint: str | None = None) -> str:
    """The mode to read a page in: the caller's choice, or detected from the content."""
    if mode in ("html", "text"):
        return mode
    if mode != "auto":
        raise InputError(f"unknown input mode {mode!r}; expected one of {', '.join(MODES)}")
    return "html" if looks_like_html(data, hint) else "text"


def mode_hint(name: str | None = None, content_type: str | None = None) -> str | None:
    """What a file name or a Content-Type suggests the page is ("html", "text" or None)."""
    if content_type:
        media = content_type.split(";", 1)[0].strip().lower()
        if media in ("text/html", "application/xhtml+xml"):
            return "html"
        if media == "text/plain":
            return "text"
    if name:
        stem = name.lower().removesuffix(".gz")
        if stem.endswith(HTML_SUFFIXES):
            return "html"
        if stem.endswith(TEXT_SUFFIXES):
            return "text"
    return None
