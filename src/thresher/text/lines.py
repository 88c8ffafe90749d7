"""Text mode, segment: a plain-text page to `Line`s and their per-line facts.

A text dump keeps one block element per line; list items come as "  • item" (or "-", "*",
"1."), paragraphs are often, not always, separated by a blank line. Each non-blank line
becomes a `Line` with the facts the classifier needs, counted in ways that work in any
language: lengths, punctuation, capitals, digits, bullets, blank neighbours and the share of
function words from a small multilingual set.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from itertools import compress, count, pairwise
from operator import eq, sub
from typing import NamedTuple, overload

import numpy as np

from .lists import CJK_RANGES, SENT_END, is_prose
from .words import word_counts

_BULLET_CHARS = "\u2022\u25aa\u25e6\u2023\u2043\u00b7\u25cf\u25a0\u2013-*+>"
_SENT_END = ".!?\u3002\uff01\uff1f\u2026\u061f\u0964"
_CLOSERS = "\"'\u201d\u2019\u00bb)]\u300d\u300f*"
# Control characters and lone surrogates never reach the output: each ends a line (as the
# vertical tab, form feed, record separators and NEL already do for `splitlines`).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# A list marker ("•", "-", "1." ...) followed by space at the start of a stripped line.
_MARKER = re.compile(r"([" + re.escape(_BULLET_CHARS) + r"]|\d{1,3}[.)])\s+(?=\S)")
# Zero-width spaces, joiners, the word joiner and the byte-order mark: invisible, not white
# space to `str.strip`.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_SPACE = _INVISIBLE + " \t\u00a0\u3000"
_BREAKS = re.compile("\r\n?|[\u2028\u2029]")  # the other line ends of `str.splitlines`
# Character classes of the Basic Multilingual Plane, built on first use: the class bits, then
# marks for ". ! ?", separators ("|", "·", "•"), "©", closers (quotes, brackets) and the ends
# of a sentence, ":" and "," / ";", the ends of a sentence of `is_prose` (the last five for
# the line's last character).
_ALPHA, _UPPER, _LOWER, _DIGIT, _SPACE, _PUNCT, _NONASCII = (1, 2, 4, 8, 16, 32, 64)
_STOP_MARK, _SEP, _COPY, _CLOSER, _END, _COLON, _COMMA = (128, 256, 512, 1024, 2048, 4096, 8192)
_PROSE_END, _CJK = 16384, 32768  # (_CJK: kana and CJK ideographs, as `lists.CJK`)
_TABLE: list[np.ndarray] = []
_PACK: list[np.ndarray] = []


def char_classes() -> np.ndarray:
    """uint16 class bits of every BMP code point, then those of any astral one (cached)."""
    if not _TABLE:
        t = np.full(0x10001, _PUNCT | _NONASCII, dtype=np.uint16)
        for cp in range(0x10000):
            c = chr(cp)
            bits = _NONASCII if cp > 127 else 0
            if c.isalpha():
                bits |= _ALPHA | (_UPPER if c.isupper() else 0) | (_LOWER if c.islower() else 0)
            elif c.isdigit():
                bits |= _DIGIT
            elif c.isspace():
                bits |= _SPACE
            elif not c.isalnum():
                bits |= _PUNCT
            t[cp] = bits
        for chars, bit in ((".!?", _STOP_MARK), ("|\u00b7\u2022", _SEP), ("\u00a9", _COPY),
                           (_CLOSERS, _CLOSER), (_SENT_END, _END), (":", _COLON),
                           (",;", _COMMA), ("".join(SENT_END), _PROSE_END)):
            t[[ord(c) for c in chars]] |= bit
        for a, b in CJK_RANGES:
            t[a:b + 1] |= _CJK
        _TABLE.append(t)
    return _TABLE[0]


def _packed() -> np.ndarray:
    """Class bits -> (2,) uint64: four 16-bit counters in each, (upper, lower, digit, space)
    and (punct, non-ASCII, separator, ©): one sum per line adds all eight at once."""
    if not _PACK:
        code = np.arange(1 << 14, dtype=np.uint64)
        def pack(bits: tuple[int, ...]) -> np.ndarray:
            return sum((((code & np.uint64(b)) > 0).astype(np.uint64) << np.uint64(16 * k)
                        for k, b in enumerate(bits)), np.zeros_like(code))
        _PACK.append(np.stack([pack((_UPPER, _LOWER, _DIGIT, _SPACE)),
                               pack((_PUNCT, _NONASCII, _SEP, _COPY))], axis=1))
    return _PACK[0]


def _codes(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The code points of `text` and their class bits."""
    cps = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    if len(cps) != len(text):  # astral characters (UTF-16 is the faster codec)
        cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return cps, char_classes().take(cps, mode="clip")


FEATURES_PER_LINE = (
    "log_chars", "log_words", "sent_end", "colon_end", "comma_end", "punct_ratio",
    "digit_ratio", "first_upper", "cap_words", "all_caps", "bullet", "ordered", "indent",
    "blank_before", "blank_after", "repeated", "dup_prev", "dup_next", "stop_ratio",
    "separators", "boiler", "mean_word_len", "non_ascii", "sentences", "agency", "cookie_notice",
)


class Line(NamedTuple):
    """One non-blank line of a text page: its text without the list marker, and layout."""

    index: int  # position among the non-blank lines
    text: str
    raw: str  # the stripped line as written, marker included
    bullet: str = ""  # the list marker ("•", "-", "1." ...) or ""
    indent: int = 0
    blank_before: bool = False
    blank_after: bool = False


class Lines(Sequence[Line]):
    """The non-blank lines of a page, stored by column (`lines.text[i]` is cheaper than
    `lines[i].text`, which builds a `Line`); slicing keeps the columns. The word count and
    `is_prose` of each line are worked out once, on first use (`line_features` gives them
    from the characters it counts anyway)."""

    _COLUMNS = ("text", "raw", "bullet", "indent", "blank_before", "blank_after")
    __slots__ = (*_COLUMNS, "_words", "_prose")

    def __init__(self, text: list[str], raw: list[str], bullet: list[str], indent: list[int],
                 blank_before: list[bool], blank_after: list[bool]) -> None:
        self.text, self.raw, self.bullet, self.indent = text, raw, bullet, indent
        self.blank_before, self.blank_after = blank_before, blank_after
        self._words: list[int] | None = None
        self._prose: list[bool] | None = None

    @property
    def words(self) -> list[int]:
        """The number of words (`str.split`) of each line's text."""
        if self._words is None:
            self._words = [len(t.split()) for t in self.text]
        return self._words

    @property
    def prose(self) -> list[bool]:
        """Whether each line's text `is_prose`."""
        if self._prose is None:
            self._prose = list(map(is_prose, self.text))
        return self._prose

    def __len__(self) -> int:
        return len(self.text)

    @overload
    def __getitem__(self, i: int) -> Line: ...
    @overload
    def __getitem__(self, i: slice) -> Lines: ...
    def __getitem__(self, i: int | slice) -> Line | Lines:
        if isinstance(i, slice):
            return Lines(*(getattr(self, name)[i] for name in self._COLUMNS))
        i = range(len(self.text))[i]
        return Line(i, *(getattr(self, name)[i] for name in self._COLUMNS))

    def __iter__(self) -> Iterator[Line]:
        return map(Line, count(), *(getattr(self, name) for name in self._COLUMNS))


def _has_control(text: str) -> bool:
    """Whether `text` has a character of `_CONTROL` (by a table of the BMP: faster than the
    regex, which a text with astral characters, whose UTF-16 has surrogates, still takes)."""
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    if len(units) != len(text):
        return _CONTROL.search(text) is not None
    if not _CONTROL_TABLE:
        table = np.zeros(0x10000, dtype=bool)
        table[[cp for cp in range(0x10000) if _CONTROL.match(chr(cp))]] = True
        _CONTROL_TABLE.append(table)
    return bool(_CONTROL_TABLE[0].take(units).any())


_CONTROL_TABLE: list[np.ndarray] = []


def split_lines(text: str) -> Lines:
    """The non-blank lines of `text` (where `str.splitlines` ends lines), list markers split
    off, blank neighbours noted."""
    if _has_control(text):
        text = _CONTROL.sub("\n", text)
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        text = _BREAKS.sub("\n", text)
    raws = text.split("\n")
    if text.endswith("\n"):
        raws.pop()
    stripped = list(map(str.strip, raws))
    if any(c in text for c in _INVISIBLE):  # a line of only these is blank too
        stripped = [t if t.strip(_INVISIBLE_SPACE) else "" for t in stripped]
    where = list(compress(range(len(raws)), stripped))
    if not where:
        return Lines([], [], [], [], [], [])
    texts = list(compress(stripped, stripped))
    raws = list(compress(raws, stripped))
    n = len(texts)
    indent = list(map(sub, map(len, raws), map(len, map(str.lstrip, raws))))
    gap = list(map((1).__lt__, map(sub, where, [-2, *where[:-1]])))
    after = gap[1:] + [where[-1] < len(stripped) - 1]
    bullet = [""] * n
    bodies = texts[:]
    marks = list(map(_MARKER.match, texts))
    for i in compress(range(n), marks):
        m = marks[i]
        bullet[i], bodies[i] = m.group(1), texts[i][m.end():]
    joined = "\n" + "\n".join(texts)  # line i follows the i-th "\n"
    for i in sorted(lines_with(joined, ("  ", "\t", "\u00a0"))):
        if "  " in bodies[i] or "\t" in bodies[i] or "\u00a0" in bodies[i]:
            bodies[i] = " ".join(bodies[i].split())  # white space to normalise
    return Lines(bodies, texts, bullet, indent, gap, after)


def _line_counter(joined: str) -> Callable[[int], int]:
    """For "\\n" + the lines joined by "\\n": the index of the line at a position, for
    positions given in increasing order (one `str.count` over the text in all)."""
    last, line = 0, -1

    def line_at(pos: int) -> int:
        nonlocal last, line
        line += joined.count("\n", last, pos)
        last = pos
        return line
    return line_at


def lines_with(joined: str, marks: tuple[str, ...]) -> set[int]:
    """Indices of the lines (in `joined` as `_line_counter` reads it) that contain one of
    `marks`: one `str.find` per line that has one."""
    found: set[int] = set()
    for mark in marks:
        line_at = _line_counter(joined)
        k = joined.find(mark)
        while k >= 0:
            found.add(line_at(k))
            k = joined.find("\n", k)
            k = joined.find(mark, k) if k >= 0 else -1
    return found


def _char_counts(code: np.ndarray, line_starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """(8, lines): upper, lower, digit, space, punct, non-ASCII, separator and © counts
    (`sizes`: the characters of each line, its newline included)."""
    if sizes.max() < 0xFFFF:  # no 16-bit counter overflows
        packed = _packed().take(code & ((1 << 14) - 1), axis=0)
        s = np.add.reduceat(packed, line_starts, axis=0)  # (lines, 2)
        counts = (s[:, :, None] >> _SHIFTS) & np.uint64(0xFFFF)  # (lines, 2, 4)
        return counts.reshape(len(s), 8).T.astype(np.float64)
    return np.array([np.add.reduceat(((code & b) > 0).astype(np.int32), line_starts)
                     for b in (_UPPER, _LOWER, _DIGIT, _SPACE, _PUNCT, _NONASCII, _SEP, _COPY)],
                    dtype=np.float64)


_SHIFTS = np.array([0, 16, 32, 48], dtype=np.uint64)


def _line_of(positions: np.ndarray, line_starts: np.ndarray) -> np.ndarray:
    return np.searchsorted(line_starts, positions, "right") - 1


def _last_chars(texts: list[str], code: np.ndarray, line_starts: np.ndarray) -> np.ndarray:
    """Class bits of each line's last character before closing quotes and brackets (0 for a
    line of closers only)."""
    ends = np.append(line_starts[1:] - 1, len(code) - 1)  # the "\n" ending each line
    last = np.where(ends > line_starts, code[ends - 1], 0)
    classes = char_classes()
    for i in np.flatnonzero(last & _CLOSER).tolist():  # few lines end in a closer
        kept = texts[i].rstrip(_CLOSERS)
        last[i] = classes[min(ord(kept[-1]), 0x10000)] if kept else 0
    return last


def _caps(code: np.ndarray, line_starts: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per line: capitalised words among its first 12 (by a running count of capitalised
    word starts, read at each line's first start and at most 12 starts further), and words
    (runs of non-space characters, as `str.split` finds them)."""
    space = (code & _SPACE) > 0
    starts = np.flatnonzero(space[:-1] > space[1:]) + 1  # a space, then not
    if len(space) and not space[0]:
        starts = np.concatenate(([0], starts))
    first = np.searchsorted(starts, line_starts)
    following = np.append(first[1:], len(starts))
    end = np.minimum(first + 12, following)
    capitals = np.zeros(len(starts) + 1, np.intp)
    np.cumsum((code[starts] & _UPPER) > 0, out=capitals[1:])
    return capitals[end] - capitals[first], following - first


def _char_facts(texts: list[str]) -> np.ndarray:
    """(20, lines) per line, from its characters: the counts of upper, lower, digit, space,
    punct, non-ASCII, separator, ©, sentence breaks, function, furniture, agency, cookie and
    consent words, capitals among the first 12 words, and characters; the class bits of its
    first and last character (before closing quotes and brackets); its words; its kana and
    CJK ideographs."""
    n = len(texts)
    cps, code = _codes("\n".join(texts) + "\n")
    line_starts = np.zeros(n, np.intp)
    line_starts[1:] = np.flatnonzero(cps == 10)[:-1] + 1
    mark = np.flatnonzero((code[:-1] & _STOP_MARK) > 0)
    mark = mark[cps[mark + 1] == 32]
    sizes = np.empty(n, np.intp)
    sizes[:-1] = line_starts[1:] - line_starts[:-1]
    sizes[-1] = len(cps) - line_starts[-1]
    caps, words = _caps(code, line_starts, n)
    return np.vstack([
        *_char_counts(code, line_starts, sizes),
        np.bincount(_line_of(mark, line_starts), minlength=n),
        word_counts(cps, (code & (_SPACE | _PUNCT)) == 0, line_starts, n).T,
        caps, sizes - 1, code[line_starts],
        _last_chars(texts, code, line_starts), words, _cjk_counts(code, line_starts)],
        dtype=np.float64)


def _cjk_counts(code: np.ndarray, line_starts: np.ndarray) -> np.ndarray:
    """Kana and CJK ideographs in each line (zeros without a look at each line when the
    page has none: their class bit is the top one)."""
    if code.max(initial=0) < _CJK:
        return np.zeros(len(line_starts))
    return np.add.reduceat((code >= _CJK).astype(np.intp), line_starts)


#: Characters per batch of lines: bounds the per-character arrays on a huge page.
_BATCH_CHARS = 1 << 20


def _batched_char_facts(texts: list[str]) -> np.ndarray:
    """`_char_facts` of the lines, in batches of about _BATCH_CHARS characters."""
    if sum(map(len, texts)) + len(texts) <= _BATCH_CHARS:
        return _char_facts(texts)
    ends = np.cumsum(np.fromiter(map(len, texts), np.intp, len(texts)) + 1)
    cuts = np.unique(np.searchsorted(ends, np.arange(_BATCH_CHARS, ends[-1], _BATCH_CHARS)) + 1)
    bounds = [0, *cuts[cuts < len(texts)].tolist(), len(texts)]
    return np.concatenate([_char_facts(texts[a:b]) for a, b in pairwise(bounds)], axis=1)


def line_features(lines: Lines) -> np.ndarray:
    """(n_lines, len(FEATURES_PER_LINE)) float32 facts of each line on its own."""
    n = len(lines)
    if n == 0:
        return np.zeros((n, len(FEATURES_PER_LINE)), dtype=np.float32)
    out = np.empty((len(FEATURES_PER_LINE), n), dtype=np.float32)  # by feature: the .T
    texts, bullets = lines.text, lines.bullet
    facts = _batched_char_facts(texts)
    upper, lower, digits, spaces, punct, nonascii, seps, copyright_, sent = facts[:9]
    stop, furniture, agency, cookie, consent, caps = facts[9:15]
    chars = np.maximum(facts[15], 1)
    first, last = facts[16].astype(np.intp), facts[17].astype(np.intp)
    words = spaces  # the newline ending each line is the extra space: words = spaces + 1
    if isinstance(lines, Lines):
        split_words = facts[18].astype(np.intp)
        lines._words = split_words.tolist()
        prose_end = (last & _PROSE_END) > 0
        if facts[19].any():  # kana and ideographs: two make a word (`lists.prose_words`)
            split_words = split_words + facts[19].astype(np.intp) // 2
        lines._prose = ((split_words >= 25) | ((split_words >= 8) & prose_end)).tolist()
    counts = Counter(texts)
    dup = np.fromiter(map(eq, texts[:-1], texts[1:]), bool, n - 1)
    marker = np.fromiter(map(len, bullets), np.intp, n)
    cols = [
        np.log1p(chars), np.log1p(words), (last & _END) > 0, (last & _COLON) > 0,
        (last & _COMMA) > 0, punct / chars, digits / chars, (first & _UPPER) > 0,
        caps / np.minimum(words, 12), (upper > 0) & (lower == 0), marker == 1, marker > 1,
        np.minimum(np.fromiter(lines.indent, np.intp, n), 8) / 8,
        lines.blank_before, lines.blank_after,
        np.minimum(np.fromiter(map(counts.__getitem__, texts), np.intp, n) - 1, 3),
        np.append(False, dup), np.append(dup, False), stop / words, seps,
        (chars < 120) & ((furniture > 0) | (copyright_ > 0)), chars / words, nonascii / chars,
        np.minimum(sent, 10), agency > 0, (cookie > 0) & (consent > 0),
    ]
    for k, col in enumerate(cols):
        out[k] = col
    return out.T
