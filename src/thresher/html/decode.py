"""Stage 1, decode: page bytes to str (BOM, transport charset, meta charset, detection)."""

from __future__ import annotations

import codecs
import re

from ..errors import DecodeError, InputError, LimitExceeded
from ..options import Options

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)
# WHATWG: these labels in a meta tag mean the page is really UTF-8 (or compatible).
_META_OVERRIDES = {"utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
                   "x-user-defined": "windows-1252"}
# WHATWG maps these labels to supersets; Python's codecs are stricter.
_SUPERSETS = {"iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254",
              "gb2312": "gb18030", "gbk": "gb18030", "euc_kr": "cp949", "shift_jis": "cp932",
              "iso8859-11": "cp874", "tis-620": "cp874", "big5": "big5hkscs"}


def normalize_encoding(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None if Python does not know it."""
    if not label:
        return None
    label = label.strip().lower()
    label = _META_OVERRIDES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type header, if any."""
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return normalize_encoding(m.group(1)) if m else None


def sniff_encoding(data: bytes, transport: str | None = None) -> tuple[str, str]:
    """(codec, source) in the WHATWG order: BOM, transport header, meta prescan, detection."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, "bom"
    if enc := normalize_encoding(transport):
        return enc, "transport"
    m = _META_CHARSET.search(data[:4096])
    if m and (enc := normalize_encoding(m.group(1).decode("ascii", "ignore"))):
        return enc, "meta"
    return _detect(data), "detected"


def _detect(data: bytes) -> str:
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:  # a multi-byte sequence cut at the end
            return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    return normalize_encoding(best.encoding if best else None) or "cp1252"


def decode(data: bytes | str, options: Options, content_type: str | None = None) -> str:
    """Decode page bytes (or validate a str) into text, enforcing `Options.max_bytes`."""
    if isinstance(data, str):
        if len(data) > options.max_bytes:
            raise LimitExceeded("max_bytes", options.max_bytes,
                                f"input has {len(data)} characters, over max_bytes={options.max_bytes}")
        return _clean(data)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(f"expected bytes or str, got {type(data).__name__}")
    data = bytes(data)
    if len(data) > options.max_bytes:
        raise LimitExceeded("max_bytes", options.max_bytes,
                            f"input has {len(data)} bytes, over max_bytes={options.max_bytes}")
    encoding, source = sniff_encoding(data, charset_from_content_type(content_type))
    if source == "bom":
        data = data[len(_bom_of(encoding)):]
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError as exc:  # pragma: no cover - normalize_encoding checked the codec
        raise DecodeError(f"unknown encoding {encoding!r}") from exc
    if source == "meta" and text.count("\ufffd") > max(8, len(text) // 200):
        # A wrong meta charset: trust the bytes over the label.
        alt = _detect(data)
        if alt != encoding:
            text = data.decode(alt, errors="replace")
    return _clean(text)


def _bom_of(encoding: str) -> bytes:
    return next(bom for bom, name in _BOMS if name == encoding)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _clean(text: str) -> str:
    """Drop NUL and other control characters and lone surrogates, which lxml rejects."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text
