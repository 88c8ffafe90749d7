"""The WHATWG Encoding Standard's labels, and the HTML standard's meta prescan.

`get_encoding(label)` is the standard's "get an encoding" (labels are matched exactly after
trimming ASCII white space and lowercasing); `prescan(data)` is "prescan a byte stream to
determine its encoding". Both return WHATWG encoding names (lowercase); `PYTHON_CODEC` maps
each name to the Python codec that decodes it (the closest superset where they differ).
"""

from __future__ import annotations

_LABELS: dict[str, tuple[str, ...]] = {
    "utf-8": ("unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8",
              "x-unicode20utf8"),
    "ibm866": ("866", "cp866", "csibm866", "ibm866"),
    "iso-8859-2": ("csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592",
                   "iso_8859-2", "iso_8859-2:1987", "l2", "latin2"),
    "iso-8859-3": ("csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593",
                   "iso_8859-3", "iso_8859-3:1988", "l3", "latin3"),
    "iso-8859-4": ("csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594",
                   "iso_8859-4", "iso_8859-4:1988", "l4", "latin4"),
    "iso-8859-5": ("csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5",
                   "iso88595", "iso_8859-5", "iso_8859-5:1988"),
    "iso-8859-6": ("arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic",
                   "ecma-114", "iso-8859-6", "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127",
                   "iso8859-6", "iso88596", "iso_8859-6", "iso_8859-6:1987"),
    "iso-8859-7": ("csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7",
                   "iso-ir-126", "iso8859-7", "iso88597", "iso_8859-7", "iso_8859-7:1987",
                   "sun_eu_greek"),
    "iso-8859-8": ("csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e",
                   "iso-ir-138", "iso8859-8", "iso88598", "iso_8859-8", "iso_8859-8:1988",
                   "visual"),
    "iso-8859-8-i": ("csiso88598i", "iso-8859-8-i", "logical"),
    "iso-8859-10": ("csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910",
                    "l6", "latin6"),
    "iso-8859-13": ("iso-8859-13", "iso8859-13", "iso885913"),
    "iso-8859-14": ("iso-8859-14", "iso8859-14", "iso885914"),
    "iso-8859-15": ("csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15",
                    "l9"),
    "iso-8859-16": ("iso-8859-16",),
    "koi8-r": ("cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"),
    "koi8-u": ("koi8-ru", "koi8-u"),
    "macintosh": ("csmacintosh", "mac", "macintosh", "x-mac-roman"),
    "windows-874": ("dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620",
                    "windows-874"),
    "windows-1250": ("cp1250", "windows-1250", "x-cp1250"),
    "windows-1251": ("cp1251", "windows-1251", "x-cp1251"),
    "windows-1252": ("ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819",
                     "iso-8859-1", "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1",
                     "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252",
                     "x-cp1252"),
    "windows-1253": ("cp1253", "windows-1253", "x-cp1253"),
    "windows-1254": ("cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9",
                     "iso88599", "iso_8859-9", "iso_8859-9:1989", "l5", "latin5",
                     "windows-1254", "x-cp1254"),
    "windows-1255": ("cp1255", "windows-1255", "x-cp1255"),
    "windows-1256": ("cp1256", "windows-1256", "x-cp1256"),
    "windows-1257": ("cp1257", "windows-1257", "x-cp1257"),
    "windows-1258": ("cp1258", "windows-1258", "x-cp1258"),
    "x-mac-cyrillic": ("x-mac-cyrillic", "x-mac-ukrainian"),
    "gbk": ("chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80",
            "gbk", "iso-ir-58", "x-gbk"),
    "gb18030": ("gb18030",),
    "big5": ("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"),
    "euc-jp": ("cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"),
    "iso-2022-jp": ("csiso2022jp", "iso-2022-jp"),
    "shift_jis": ("csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis",
                  "windows-31j", "x-sjis"),
    "euc-kr": ("cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean",
               "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949"),
    "replacement": ("csiso2022kr", "hz-gb-2312", "iso-2022-cn", "iso-2022-cn-ext",
                    "iso-2022-kr", "replacement"),
    "utf-16be": ("unicodefffe", "utf-16be"),
    "utf-16le": ("csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16",
                 "utf-16le"),
    "x-user-defined": ("x-user-defined",),
}
LABELS: dict[str, str] = {label: name for name, labels in _LABELS.items() for label in labels}

#: WHATWG encoding name -> Python codec. WHATWG's legacy CJK decoders are the Microsoft
#: supersets (GBK is decoded as gb18030, Shift_JIS as cp932, EUC-KR as cp949, Big5 with
#: HKSCS). "replacement" and "x-user-defined" have no codec: see `decode`.
PYTHON_CODEC: dict[str, str] = {
    "utf-8": "utf-8", "ibm866": "cp866", "iso-8859-8-i": "iso8859-8", "koi8-r": "koi8-r",
    "koi8-u": "koi8-u", "macintosh": "mac-roman", "windows-874": "cp874",
    "x-mac-cyrillic": "mac-cyrillic", "gbk": "gb18030", "gb18030": "gb18030",
    "big5": "big5hkscs", "euc-jp": "euc-jp", "iso-2022-jp": "iso2022-jp",
    "shift_jis": "cp932", "euc-kr": "cp949", "utf-16be": "utf-16-be", "utf-16le": "utf-16-le",
    **{f"iso-8859-{n}": f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)},
    **{f"windows-125{n}": f"cp125{n}" for n in range(9)},
}
#: Encodings whose bytes 0x00-0x7F mean ASCII (a meta prescan can read them).
ASCII_COMPATIBLE = frozenset(PYTHON_CODEC) - {"utf-16be", "utf-16le", "iso-2022-jp"}

_WS = b"\t\n\x0c\r "
_ASCII_WS = "\t\n\x0c\r "


def get_encoding(label: str | bytes | None) -> str | None:
    """The WHATWG encoding a label names, or None ("failure")."""
    if label is None:
        return None
    if isinstance(label, bytes):
        label = label.decode("latin-1")
    return LABELS.get(label.strip(_ASCII_WS).lower())


def encoding_from_meta_content(content: str) -> str | None:
    """The standard's "extract a character encoding from a meta element" on `content`."""
    low, pos = content.lower(), 0
    while True:
        i = low.find("charset", pos)
        if i < 0:
            return None
        j = i + 7
        while j < len(low) and low[j] in _ASCII_WS:
            j += 1
        if j < len(low) and low[j] == "=":
            break
        pos = j
    j += 1
    while j < len(low) and low[j] in _ASCII_WS:
        j += 1
    if j >= len(low):
        return None
    if low[j] in "\"'":
        end = low.find(low[j], j + 1)
        return None if end < 0 else get_encoding(content[j + 1:end])
    end = j
    while end < len(low) and low[end] not in _ASCII_WS + ";":
        end += 1
    return get_encoding(content[j:end])


def _get_attribute(data: bytes, pos: int) -> tuple[bytes, bytes, int] | None:
    """The standard's "get an attribute": (name, value, position), or None at '>' / end."""
    n = len(data)
    while pos < n and data[pos] in _WS + b"/":
        pos += 1
    if pos >= n or data[pos] == 0x3E:
        return None
    name = bytearray()
    while pos < n:
        c = data[pos]
        if c == 0x3D and name:  # '='
            pos += 1
            break
        if c in _WS:
            while pos < n and data[pos] in _WS:
                pos += 1
            if pos >= n or data[pos] != 0x3D:
                return bytes(name), b"", pos
            pos += 1
            break
        if c in b"/>":
            return bytes(name), b"", pos
        name.append(c | 0x20 if 0x41 <= c <= 0x5A else c)
        pos += 1
    else:
        return None
    while pos < n and data[pos] in _WS:
        pos += 1
    if pos >= n:
        return None
    value = bytearray()
    quote = data[pos]
    if quote in b"\"'":
        end = data.find(bytes([quote]), pos + 1)
        if end < 0:
            return None
        return bytes(name), data[pos + 1:end].lower(), end + 1
    if quote == 0x3E:
        return bytes(name), b"", pos
    while pos < n and data[pos] not in _WS + b">":
        value.append(data[pos])
        pos += 1
    return (bytes(name), bytes(value).lower(), pos) if pos < n else None


def _meta_charset(data: bytes, pos: int) -> tuple[str | None, int]:
    """Read the attributes of a `<meta` whose name ends at `pos`; (encoding, position)."""
    seen: set[bytes] = set()
    got_pragma, need_pragma, charset = False, None, None
    while (attr := _get_attribute(data, pos)) is not None:
        name, value, pos = attr
        if name in seen:
            continue
        seen.add(name)
        if name == b"http-equiv" and value == b"content-type":
            got_pragma = True
        elif name == b"content" and charset is None:
            charset = encoding_from_meta_content(value.decode("latin-1"))
            if charset is not None:
                need_pragma = True
        elif name == b"charset":
            charset = get_encoding(value)
            need_pragma = False
    if need_pragma is None or (need_pragma and not got_pragma) or charset is None:
        return None, pos
    if charset in ("utf-16be", "utf-16le"):
        charset = "utf-8"
    elif charset == "x-user-defined":
        charset = "windows-1252"
    return charset, pos


def prescan(data: bytes, limit: int = 1024) -> str | None:
    """The encoding a `<meta>` in the first `limit` bytes declares, or None."""
    data = data[:limit]
    if b"charset" not in data.lower():  # fast exit: the byte walk below is pure Python
        return None
    n, pos = len(data), 0
    while (pos := data.find(b"<", pos)) >= 0:  # bytes other than '<' start nothing
        if data.startswith(b"<!--", pos):
            end = data.find(b"-->", pos + 2)
            if end < 0:
                return None
            pos = end + 3
            continue
        low = data[pos:pos + 6].lower()
        if low[:5] == b"<meta" and len(low) == 6 and low[5] in _WS + b"/":
            charset, pos = _meta_charset(data, pos + 5)
            if charset is not None:
                return charset
        elif low[:1] == b"<" and (low[1:2].isalpha() or (low[1:2] == b"/"
                                                          and low[2:3].isalpha())):
            pos += 2
            while pos < n and data[pos] not in _WS + b">":
                pos += 1
            while (attr := _get_attribute(data, pos)) is not None:
                pos = attr[2]
        elif low[:2] in (b"<!", b"</", b"<?"):
            end = data.find(b">", pos + 2)
            if end < 0:
                return None
            pos = end
        pos += 1
    return None


def find_meta_charset(data: bytes, limit: int = 65536) -> str | None:
    """The charset of the first `<meta>` in `limit` bytes that declares one, or None.

    Stands in for the parser's "change the encoding" on a `<meta>` past the prescan's
    window: it reads each `<meta` tag as the prescan does, without walking the tags between.
    """
    data = data[:limit]
    lower, pos = data.lower(), 0
    if b"charset" not in lower:
        return None
    while (pos := lower.find(b"<meta", pos)) >= 0:
        pos += 5
        if pos < len(data) and data[pos] in _WS + b"/":
            charset, _ = _meta_charset(data, pos)
            if charset is not None:
                return charset
    return None

