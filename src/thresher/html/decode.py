"""Stage 1, decode: page bytes to str, in the WHATWG encoding sniffing order.

1. A byte order mark (UTF-8, UTF-16 LE/BE; UTF-32 LE/BE too, which browsers lack).
2. The transport charset (the HTTP `Content-Type` header's `charset=`).
3. The `<meta>` prescan of the first 1024 bytes (then of the first 64 KiB, standing in for
   the parser's later "change the encoding" on a `<meta>` further into the head).
4. Detection: valid UTF-8 is UTF-8; UTF-16 without a BOM by its zero bytes; otherwise
   charset-normalizer on a sample; windows-1252 when all else fails.

Labels go through the Encoding Standard's table (`whatwg.get_encoding`), so `latin1` and
`us-ascii` decode as windows-1252, `gb2312` as GBK, and so on. One deliberate departure:
a declared encoding is checked against the bytes. Valid UTF-8 with non-ASCII sequences
labelled as a legacy encoding is decoded as UTF-8, and a label whose decoding produces many
errors gives way to the next candidate; both add a warning.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

import numpy as np

from ..errors import DecodeError, InputError, InputTooLarge, NotHTML
from ..options import Options
from .whatwg import ASCII_COMPATIBLE, PYTHON_CODEC, find_meta_charset, get_encoding, prescan

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16le"),
    (codecs.BOM_UTF16_BE, "utf-16be"),
)
_CODEC = {**PYTHON_CODEC, "utf-32le": "utf-32-le", "utf-32be": "utf-32-be"}
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';,\s]+)""", re.IGNORECASE)
_MAGIC = (
    (b"%PDF-", "a PDF document"), (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b", "gzip-compressed data (decompress it first, e.g. thresher.limits.read_gzip)"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"), (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"), (b"\x00asm", "a WebAssembly module"),
    (b"OggS", "an Ogg media file"), (b"ID3", "an MP3 audio file"), (b"wOFF", "a font"),
    (b"wOF2", "a font"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
)
_WINDOWS_1252 = "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in range(256))
# Bytes that never occur in text (MIME sniffing's "binary data bytes"), less NUL and ESC.
_BINARY = bytes(b for b in range(32) if b not in b"\t\n\x0c\r\x1b")
_SAMPLE = 4096
# The legacy encodings of the web that detection chooses from (Python codec names).
_COMMON = {"cp1252": 0.06, "cp1251": 0.05, "cp932": 0.05, "gb18030": 0.05, "cp949": 0.05,
           "big5hkscs": 0.04, "euc_jp": 0.04, "cp1250": 0.03, "iso8859_2": 0.03,
           "cp1256": 0.03, "cp1254": 0.03, "koi8_r": 0.02, "cp1253": 0.02, "cp1255": 0.02,
           "cp874": 0.02, "iso8859_15": 0.02, "iso8859_7": 0.01, "iso8859_5": 0.01}
_DETECTABLE = sorted({PYTHON_CODEC[n] for n in ASCII_COMPATIBLE} - {"utf-8", "iso8859-8"})
#: A share of decoding errors above this means the declared label does not fit the bytes.
MAX_ERROR_RATE = 0.005


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded page text, the codec used, where it came from, and what was odd."""

    text: str
    encoding: str
    source: str  # "str", "bom", "transport", "meta", "detected"
    warnings: list[str] = field(default_factory=list)


def normalize_encoding(label: str | None) -> str | None:
    """The Python codec for a WHATWG charset label, or None if the label is unknown."""
    name = get_encoding(label)
    return _CODEC.get(name) if name else None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset label of an HTTP Content-Type header, if any (not yet resolved)."""
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return m.group(1) if m else None


def sniff_encoding(data: bytes, transport: str | None = None) -> tuple[str, str]:
    """(WHATWG encoding name, source) by the sniffing order, before any plausibility check."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, "bom"
    if enc := get_encoding(transport):
        return enc, "transport"
    if enc := prescan(data):
        return enc, "meta"
    return detect(data), "detected"


def detect(data: bytes) -> str:
    """Guess the encoding of unlabelled bytes (a WHATWG name or a Python codec)."""
    if utf16 := _utf16_without_bom(data):
        return utf16
    if _is_utf8(data):
        return "utf-8"
    from charset_normalizer import from_bytes

    results = list(from_bytes(data[:65536], steps=4, chunk_size=512, cp_isolation=_DETECTABLE))
    if not results:
        return "windows-1252"
    # The mess detector alone confuses related code pages: weigh coherence (letter
    # frequencies) against mess, with a small bonus for the encodings common on the web.
    best = max(results, key=lambda r: r.coherence - r.chaos + _COMMON.get(r.encoding, 0.0))
    return get_encoding(best.encoding.replace("_", "-")) or best.encoding


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(data) - 3 and exc.reason == "unexpected end of data"
    return True


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:_SAMPLE]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if half >= 8 and odd > 0.1 * half and even < 0.01 * half:
        return "utf-16le"
    if half >= 8 and even > 0.1 * half and odd < 0.01 * half:
        return "utf-16be"
    return None


def check_not_binary(data: bytes | str) -> None:
    """Raise `NotHTML` for a known binary format or bytes that are not text at all."""
    head = data[:_SAMPLE]
    if isinstance(head, str):
        head = head.encode("latin-1", "replace")
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise NotHTML(kind)
    if head[8:12] in (b"WEBP", b"WAVE", b"AVI ") and head.startswith(b"RIFF"):
        raise NotHTML("a media file (RIFF)")
    if head[4:8] == b"ftyp":
        raise NotHTML("a media file (MP4/HEIF)")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(head):
        return
    # NUL alone is a common corruption of text pages; other control bytes mark binary data.
    binary = sum(head.count(b) for b in _BINARY[1:])
    if binary > max(8, len(head) // 20) or head.count(0) > len(head) // 3:
        raise NotHTML("binary data")


def _decode_as(data: bytes, name: str) -> tuple[str, int]:
    """(text, number of decoding errors) of the bytes in WHATWG encoding `name`."""
    if name == "replacement":
        raise DecodeError("the page declares an encoding that browsers refuse to decode "
                          "(ISO-2022-KR/CN, HZ: the 'replacement' encoding)")
    if name == "x-user-defined":
        text = data.decode("latin-1")
        return text.translate({b: 0xF700 + b for b in range(0x80, 0x100)}), 0
    if name == "windows-1252":  # WHATWG fills cp1252's five holes with C1 controls
        return codecs.charmap_decode(data, "strict", _WINDOWS_1252)[0], 0
    if name == "utf-8":
        try:  # valid UTF-8 (most pages): no U+FFFD to count but the page's own
            return data.decode("utf-8"), 0
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode(_CODEC.get(name, name), errors="replace")
    except LookupError as exc:
        raise DecodeError(f"unknown encoding {name!r}") from exc
    errors = text.count("\ufffd")
    if errors and name == "utf-8":
        errors -= data.count("\ufffd".encode())  # U+FFFD written in the page itself
    return text, errors


def _fits(data: bytes, name: str, text: str, errors: int) -> str | None:
    """Why a declared encoding does not fit the bytes, or None if it does."""
    if name not in ("utf-8", "utf-16le", "utf-16be") and not data.isascii() and _is_utf8(data):
        return "the bytes are valid UTF-8"
    if errors > max(4, len(text) * MAX_ERROR_RATE):
        return f"{errors} decoding errors"
    return None


def decode_page(data: bytes | str, options: Options,
                content_type: str | None = None) -> Decoded:
    """Decode page bytes (or check a str) into text, enforcing `Options.max_bytes`."""
    if isinstance(data, str):
        if len(data) > options.max_bytes:
            raise InputTooLarge("max_bytes", options.max_bytes,
                                f"input has {len(data):,} characters, over the limit "
                                f"max_bytes={options.max_bytes:,}")
        check_not_binary(data)
        return cap_markup(Decoded(clean(data), "str", "str"), options.max_nodes)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(f"expected bytes or str, got {type(data).__name__}")
    data = bytes(data)
    if len(data) > options.max_bytes:
        raise InputTooLarge("max_bytes", options.max_bytes,
                            f"input has {len(data):,} bytes, over the limit "
                            f"max_bytes={options.max_bytes:,}")
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = clean(_decode_as(data[len(bom):], name)[0])
            return cap_markup(Decoded(text, _CODEC[name], "bom"), options.max_nodes)
    check_not_binary(data)
    decoded = _decode_declared(data, charset_from_content_type(content_type))
    return cap_markup(decoded, options.max_nodes)


def _decode_declared(data: bytes, transport: str | None) -> Decoded:
    warnings: list[str] = []
    candidates = []
    if enc := get_encoding(transport):
        candidates.append((enc, "transport"))
    elif transport:
        warnings.append(f"unknown charset {transport!r} in the Content-Type was ignored")
    if enc := prescan(data) or find_meta_charset(data, 65536):
        candidates.append((enc, "meta"))
    for name, source in candidates:
        text, errors = _decode_as(data, name)
        if (why := _fits(data, name, text, errors)) is None:
            return Decoded(clean(text), _CODEC.get(name, name), source, warnings)
        warnings.append(f"the {source} charset {name} does not fit the page ({why})")
    name = detect(data)
    text, _ = _decode_as(data, name)
    if warnings:
        warnings[-1] += f": decoded as {name}"
    return Decoded(clean(text), _CODEC.get(name, name), "detected", warnings)


def cap_markup(decoded: Decoded, max_nodes: int) -> Decoded:
    """Bound what the parser is given: at most `MAX_ATTRIBUTES` per tag, `max_nodes` tags.

    The parser cannot stop midway. libxml2 checks each attribute against the earlier ones of
    its tag (quadratic: 300,000 attributes took minutes), and its tree costs several hundred
    bytes per element. So tags with too many attributes lose the extra ones, and the text is
    cut before its (2 x max_nodes)th `<`. A warning says what was done.
    """
    decoded = _cap_attributes(decoded)
    text, budget = decoded.text, 2 * max_nodes
    if len(text) <= budget or text.count("<") <= budget:  # most pages: no count
        return decoded
    chunk, seen, pos = 1 << 16, 0, 0
    while seen + (n := text.count("<", pos, pos + chunk)) <= budget:
        seen, pos = seen + n, pos + chunk
    for _ in range(budget - seen + 1):
        pos = text.index("<", pos) + 1
    warning = (f"max_nodes={max_nodes:,} reached: the page was cut at character {pos - 1:,} "
               f"of {len(text):,} before parsing")
    return Decoded(text[:pos - 1], decoded.encoding, decoded.source,
                   [*decoded.warnings, warning])


MAX_ATTRIBUTES = 1000
LONG_RUN = 65536


def long_runs(text: str, size: int = LONG_RUN) -> list[tuple[int, int]]:
    """(start, end) of each maximal run of `size` or more characters without '>'.

    Such a run covers a whole aligned window of size/2, so only the windows without '>' are
    looked at (a few `str.find` calls per page instead of a regex over all of it).
    """
    half = size // 2
    runs: list[tuple[int, int]] = []
    end = 0
    for k in range(0, len(text) - half + 1, half):
        if k < end or text.find(">", k, k + half) >= 0:
            continue
        start = text.rfind(">", 0, k) + 1
        end = text.find(">", k + half)
        end = len(text) if end < 0 else end
        if end - start >= size:
            runs.append((start, end))
    return runs


def _cap_attributes(decoded: Decoded) -> Decoded:
    text = decoded.text
    if len(text) < LONG_RUN or not (runs := long_runs(text)):
        return decoded
    out, last, capped = [], 0, 0
    for start, end in runs:
        tag = text.rfind("<", start, end)
        if tag < 0 or text.count("=", tag, end) <= MAX_ATTRIBUTES:
            continue
        cut = tag
        for _ in range(MAX_ATTRIBUTES):
            cut = text.index("=", cut) + 1
        cut = max(text.rfind(" ", tag, cut), tag + 2)
        out.append(text[last:cut])
        last, capped = end, capped + 1
    if not capped:
        return decoded
    out.append(text[last:])
    warning = (f"{capped} tag(s) with over {MAX_ATTRIBUTES} attributes: the extra attributes "
               "were dropped")
    return Decoded("".join(out), decoded.encoding, decoded.source,
                   [*decoded.warnings, warning])


def decode(data: bytes | str, options: Options, content_type: str | None = None) -> str:
    """Decode page bytes (or check a str) into text; see `decode_page`."""
    return decode_page(data, options, content_type).text


# C0 and C1 controls but tab and LF; lone surrogates; U+FFFE/U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# The same set as a lookup table over the BMP (index 0x10000 stands for every code point
# above it): one numpy gather scans a page ~3x faster than the regex does.
_CONTROL_TABLE = np.zeros(0x10001, bool)
for _lo, _hi in ((0, 8), (0xB, 0xB), (0xE, 0x1F), (0x7F, 0x9F), (0xD800, 0xDFFF),
                 (0xFFFE, 0xFFFF)):
    _CONTROL_TABLE[_lo:_hi + 1] = True
_SCAN_CHARS = 1 << 20  # code points per numpy pass: bounded memory on a 20 MB page


def _has_control(text: str) -> bool:
    """Whether `text` holds a character of `_CONTROL`."""
    for start in range(0, len(text), _SCAN_CHARS):
        part = text[start:start + _SCAN_CHARS]
        raw = part.encode("utf-16-le", "surrogatepass")
        if len(raw) == 2 * len(part):  # all in the BMP: one code unit a character
            codes = np.frombuffer(raw, np.uint16)
        else:
            raw = part.encode("utf-32-le", "surrogatepass")
            codes = np.minimum(np.frombuffer(raw, np.uint32), 0x10000)
        # take and count_nonzero: twice as fast as indexing and any()
        if np.count_nonzero(np.take(_CONTROL_TABLE, codes)):
            return True
    return False


def clean(text: str) -> str:
    """Normalise newlines (CR LF and CR to LF, as HTML does) and form feeds (to spaces);
    drop NUL, other control characters, noncharacters and lone surrogates."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x0c" in text:
        text = text.replace("\x0c", " ")
    return _CONTROL.sub("", text) if _has_control(text) else text
