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
from collections.abc import Iterator, Sequence
from itertools import compress, count, pairwise, repeat
from operator import eq
from typing import NamedTuple, overload

import numpy as np

from ..credits import AGENCIES

_BULLET_CHARS = "\u2022\u25aa\u25e6\u2023\u2043\u00b7\u25cf\u25a0\u2013-*+>"
_SENT_END = ".!?\u3002\uff01\uff1f\u2026\u061f\u0964"
_CLOSERS = "\"'\u201d\u2019\u00bb)]\u300d\u300f*"
# Control characters and lone surrogates never reach the output: each ends a line (as the
# vertical tab, form feed, record separators and NEL already do for `splitlines`).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# A list marker ("•", "-", "1." ...) followed by space at the start of a stripped line.
_MARKER = re.compile(r"([" + re.escape(_BULLET_CHARS) + r"]|\d{1,3}[.)])\s+(?=\S)")
_BREAKS = re.compile("\r\n?|[\u2028\u2029]")  # the other line ends of `str.splitlines`
_BOILER_WORDS = """
cookie cookies share shares shared sharing subscribe subscribed subscription subscriptions
subscriber subscribers newsletter newsletters login logout signin signup sign register
registration comment comments follow advertisement advertisements advertising ads ad
privacy terms copyright reserved related skip menu search facebook twitter instagram
linkedin whatsapp pinterest youtube tiktok reddit telegram email mail print loading
javascript www http https com back top next previous prev tags tag category categories
teilen anmelden abmelden abonnieren abonnement werbung anzeige datenschutz impressum
kontakt partager connexion abonnez publicité compartir suscríbete suscribirse
publicidad condividi accedi iscriviti pubblicità entrar assine publicidade
поделиться войти реклама подписаться
"""
_BOILER_SET = frozenset(_BOILER_WORDS.split())
_STOP = """
the of and to a in is that for it as was with be by on not he i this are or his from at
which but have an they you were her she we there been their has will would its who our
der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an
werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über so zum war
le la les de des et un une du en que qui dans pour pas sur au est il elle ce par plus avec
son se sont ne aux mais ou nous vous leur ses
el los las y del se por con para una es lo como más pero sus al le ya fue este ha sí
il di che è per non una sono della nel alla gli delle anche come ma si ha dei
o os as do da em um uma para com não no na por mais dos como mas ao ele das à seu sua ou
het een van en is dat op te zijn voor met niet aan er maar om ook als bij
och att är som för på av med till den inte har ett jag om vi så
и в не на я что он с как а то все она так его но да ты к у же вы за бы по из ее от
się nie w z na i do to że jest o jak ale po co tak za od
yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada
bir ve bu da de için ile olarak daha gibi çok
"""
#: Frequent function words of common languages: a high share marks running prose.
STOP_WORDS = frozenset(_STOP.split())
#: Token -> 1 for a function word, 2 for a word of site furniture (menus, sharing, legal).
_STOP, _FURNITURE, _AGENCY, _COOKIE, _CONSENT = 1, 2, 4, 8, 16
# A cookie notice: a line with "cookie(s)" and one of these (asking for consent).
_CONSENT_WORDS = """
use uses using accept accepting agree consent continue continuing browse browsing policy
settings preferences privacy allow necessary verwenden nutzen akzeptieren zustimmen
einverstanden zustimmung einstellungen datenschutz utilise utilisons accepter acceptez
consentement paramètres utiliza utilizamos aceptar aceptas consentimiento configuración
utilizziamo accetta accetti consenso usamos aceitar consentimento gebruikt accepteren
akceptuję zgoda używamy
"""


def _agency_word(spelling: str) -> str:
    """The first word of an agency's name, lower-cased ("The Associated Press": "associated",
    which `AGENCIES` also lists alone)."""
    words = re.findall(r"\w+", spelling)
    return (words[1] if words[0] == "The" and len(words) > 1 else words[0]).lower()


#: Token -> bits: 1 a function word, 2 a word of site furniture (menus, sharing, legal),
#: 4 the first word of a wire agency's name (only a line with one can credit an agency).
_WORD_CODE = {**{w: _FURNITURE for w in _BOILER_SET}, **{w: _STOP for w in STOP_WORDS}}
for _w in _CONSENT_WORDS.split():
    _WORD_CODE[_w] = _WORD_CODE.get(_w, 0) | _CONSENT
for _w in ("cookie", "cookies"):
    _WORD_CODE[_w] = _WORD_CODE.get(_w, 0) | _COOKIE
for _w in {_agency_word(s) for names in AGENCIES.values() for s in names}:
    _WORD_CODE[_w] = _WORD_CODE.get(_w, 0) | _AGENCY

# Character classes of the Basic Multilingual Plane, built on first use: the class bits, then
# marks for ". ! ?", separators ("|", "·", "•"), "©", closers (quotes, brackets) and the ends
# of a sentence, ":" and "," / ";" (the last four for the line's last character).
_ALPHA, _UPPER, _LOWER, _DIGIT, _SPACE, _PUNCT, _NONASCII = (1, 2, 4, 8, 16, 32, 64)
_STOP_MARK, _SEP, _COPY, _CLOSER, _END, _COLON, _COMMA = (128, 256, 512, 1024, 2048, 4096, 8192)
_TABLE: list[np.ndarray] = []
_PACK: list[tuple[np.ndarray, np.ndarray]] = []


def char_classes() -> np.ndarray:
    """uint16 class bits of every BMP code point (cached)."""
    if not _TABLE:
        t = np.zeros(0x10000, dtype=np.uint16)
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
                           (",;", _COMMA)):
            t[[ord(c) for c in chars]] |= bit
        _TABLE.append(t)
    return _TABLE[0]


def _packed() -> tuple[np.ndarray, np.ndarray]:
    """Class bits -> four 16-bit counters in a uint64 (upper, lower, digit, space) and
    (punct, non-ASCII, separator, ©): one sum per line adds all four at once."""
    if not _PACK:
        code = np.arange(1 << 14, dtype=np.uint64)
        def pack(bits: tuple[int, ...]) -> np.ndarray:
            return sum((((code & np.uint64(b)) > 0).astype(np.uint64) << np.uint64(16 * k)
                        for k, b in enumerate(bits)), np.zeros_like(code))
        _PACK.append((pack((_UPPER, _LOWER, _DIGIT, _SPACE)),
                      pack((_PUNCT, _NONASCII, _SEP, _COPY))))
    return _PACK[0]


def _codes(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The code points of `text` and their class bits."""
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return cps, np.where(cps < 0x10000, char_classes()[np.minimum(cps, 0xFFFF)],
                         _PUNCT | _NONASCII).astype(np.uint16)


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
    `lines[i].text`, which builds a `Line`); slicing keeps the columns."""

    __slots__ = ("text", "raw", "bullet", "indent", "blank_before", "blank_after")

    def __init__(self, text: list[str], raw: list[str], bullet: list[str], indent: list[int],
                 blank_before: list[bool], blank_after: list[bool]) -> None:
        self.text, self.raw, self.bullet, self.indent = text, raw, bullet, indent
        self.blank_before, self.blank_after = blank_before, blank_after

    def __len__(self) -> int:
        return len(self.text)

    @overload
    def __getitem__(self, i: int) -> Line: ...
    @overload
    def __getitem__(self, i: slice) -> Lines: ...
    def __getitem__(self, i: int | slice) -> Line | Lines:
        if isinstance(i, slice):
            return Lines(*(getattr(self, name)[i] for name in self.__slots__))
        i = range(len(self.text))[i]
        return Line(i, *(getattr(self, name)[i] for name in self.__slots__))

    def __iter__(self) -> Iterator[Line]:
        return map(Line, count(), *(getattr(self, name) for name in self.__slots__))


def split_lines(text: str) -> Lines:
    """The non-blank lines of `text` (where `str.splitlines` ends lines), list markers split
    off, blank neighbours noted."""
    if _CONTROL.search(text):
        text = _CONTROL.sub("\n", text)
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        text = _BREAKS.sub("\n", text)
    raws = text.split("\n")
    if text.endswith("\n"):
        raws.pop()
    stripped = list(map(str.strip, raws))
    where = list(compress(range(len(raws)), stripped))
    if not where:
        return Lines([], [], [], [], [], [])
    texts = list(compress(stripped, stripped))
    raws = list(compress(raws, stripped))
    n = len(texts)
    indent = (np.fromiter(map(len, raws), np.intp, n) -
              np.fromiter(map(len, map(str.lstrip, raws)), np.intp, n)).tolist()
    gap = (np.diff(np.array(where), prepend=-2) > 1).tolist()
    after = gap[1:] + [where[-1] < len(stripped) - 1]
    bullet = [""] * n
    bodies = texts[:]
    marks = list(map(_MARKER.match, texts))
    for i in compress(range(n), marks):
        m = marks[i]
        bullet[i], bodies[i] = m.group(1), texts[i][m.end():]
    spaced = np.zeros(n, dtype=bool)
    for mark in ("  ", "\t", "\u00a0"):  # white space to normalise (one str test per line)
        spaced |= np.fromiter(map(str.__contains__, bodies, repeat(mark)), bool, n)
    for i in np.flatnonzero(spaced).tolist():
        bodies[i] = " ".join(bodies[i].split())
    return Lines(bodies, texts, bullet, indent, gap, after)


def _line_sums(values: np.ndarray, line_starts: np.ndarray) -> list[np.ndarray]:
    """The four 16-bit counters packed in `values`, summed per line (lines < 65,536 chars)."""
    s = np.add.reduceat(values, line_starts)
    return [((s >> np.uint64(16 * k)) & np.uint64(0xFFFF)).astype(np.float64) for k in range(4)]


def _char_counts(code: np.ndarray, line_starts: np.ndarray) -> list[np.ndarray]:
    """Per line: upper, lower, digit, space, punct, non-ASCII, separator and © counts."""
    p1, p2 = _packed()
    idx = code & ((1 << 14) - 1)
    if np.diff(line_starts, append=len(code)).max() < 0xFFFF:
        return _line_sums(p1[idx], line_starts) + _line_sums(p2[idx], line_starts)
    return [np.add.reduceat(((code & b) > 0).astype(np.int32), line_starts).astype(np.float64)
            for b in (_UPPER, _LOWER, _DIGIT, _SPACE, _PUNCT, _NONASCII, _SEP, _COPY)]


def _line_of(positions: np.ndarray, line_starts: np.ndarray) -> np.ndarray:
    return np.searchsorted(line_starts, positions, "right") - 1


def _hash_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(lower-case code point of each BMP character, powers of the hash base, and a table
    indexed by `_slot` of a hash: the hash of the word of `_WORD_CODE` there, its code),
    built once. The base is the first that gives every word a slot of its own."""
    if not _HASH:
        low = np.arange(0x10000, dtype=np.uint64)
        for cp in range(0x10000):
            lower = chr(cp).lower()
            if len(lower) == 1:
                low[cp] = ord(lower)
        base = _BASE
        while len({_slot(_word_hash(w, base)) for w in _WORD_CODE}) < len(_WORD_CODE):
            base += 2
        keys = np.zeros(1 << (64 - _SHIFT), dtype=np.uint64)
        codes = np.zeros(len(keys), dtype=np.int8)
        for w, c in _WORD_CODE.items():
            h = _word_hash(w, base)
            keys[_slot(h)], codes[_slot(h)] = h, c
        powers = np.array([pow(base, k, 1 << 64) for k in range(_MAX_WORD)], dtype=np.uint64)
        _HASH.append((low, powers, keys, codes))
    return _HASH[0]


def _slot(h: int) -> int:
    """The table slot of hash `h` (the top bits of h * _MIX mod 2**64)."""
    return (h * _MIX) % (1 << 64) >> _SHIFT


def _word_hash(word: str, base: int) -> int:
    """The polynomial hash of `word` modulo 2**64, as `_word_counts` computes it."""
    return sum(ord(c) * pow(base, k, 1 << 64) for k, c in enumerate(word)) % (1 << 64)


_BASE = 0x9E3779B97F4A7C15
_MIX = 0xD6E8FEB86659FD93
_SHIFT = 64 - 18  # a table of 2**18 slots
_MAX_WORD = max(map(len, _WORD_CODE))
_HASH: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []


def _word_counts(cps: np.ndarray, code: np.ndarray, line_starts: np.ndarray,
                 n: int) -> tuple[np.ndarray, ...]:
    """Per line: function, furniture, agency, cookie and consent words (lower-cased runs of
    letters and digits).

    Each run is hashed with numpy and looked up in the table of the words' hashes."""
    low, powers, keys, word_codes = _hash_tables()
    inside = np.flatnonzero((code & (_SPACE | _PUNCT)) == 0)  # no astral: those are _PUNCT
    if len(inside) == 0:
        return tuple(np.zeros(n) for _ in range(5))
    run = np.empty(len(inside), dtype=bool)
    run[0] = True
    np.not_equal(np.diff(inside), 1, out=run[1:])
    starts = np.flatnonzero(run)
    length = np.diff(starts, append=len(inside))
    pos = np.arange(len(inside)) - np.repeat(starts, length)
    mixed = low[cps[inside]] * powers[np.minimum(pos, _MAX_WORD - 1)]
    h = np.add.reduceat(mixed, starts)
    at = (h * np.uint64(_MIX)) >> np.uint64(_SHIFT)
    codes = np.where((keys[at] == h) & (length <= _MAX_WORD), word_codes[at], 0)
    word_line = _line_of(inside[starts], line_starts)
    return tuple(np.bincount(word_line[(codes & bit) > 0], minlength=n).astype(np.float64)
                 for bit in (_STOP, _FURNITURE, _AGENCY, _COOKIE, _CONSENT))


def _last_chars(cps: np.ndarray, code: np.ndarray, line_starts: np.ndarray) -> np.ndarray:
    """Class bits of each line's last character before closing quotes and brackets (0 for a
    line of closers only)."""
    ends = np.append(line_starts[1:] - 1, len(cps) - 1)  # the "\n" ending each line
    kept = np.flatnonzero(((code & _CLOSER) == 0) & (cps != 10))
    k = np.searchsorted(kept, ends) - 1
    found = kept[np.maximum(k, 0)] if len(kept) else np.zeros(len(ends), np.intp)
    ok = (k >= 0) & (found >= line_starts)
    return np.where(ok, code[found], 0)


def _caps(code: np.ndarray, line_starts: np.ndarray, n: int) -> np.ndarray:
    """Per line: capitalised words among its first 12."""
    space = (code & _SPACE) > 0
    starts = np.flatnonzero(~space & np.concatenate(([True], space[:-1])))
    start_line = _line_of(starts, line_starts)
    rank = np.arange(len(starts)) - np.searchsorted(starts, line_starts)[start_line]
    head = rank < 12
    upper = (code[starts[head]] & _UPPER) > 0
    return np.bincount(start_line[head][upper], minlength=n).astype(np.float64)


def _char_facts(texts: list[str]) -> np.ndarray:
    """(lines, 18) per line, from its characters: the counts of upper, lower, digit, space,
    punct, non-ASCII, separator, ©, sentence breaks, function, furniture, agency, cookie and
    consent words, capitals among the first 12 words, and characters; the class bits of its
    first and last character (before closing quotes and brackets)."""
    n = len(texts)
    cps, code = _codes("\n".join(texts) + "\n")
    line_starts = np.zeros(n, np.intp)
    line_starts[1:] = np.flatnonzero(cps == 10)[:-1] + 1
    mark = np.flatnonzero((code[:-1] & _STOP_MARK) > 0)
    mark = mark[cps[mark + 1] == 32]
    return np.column_stack([
        *_char_counts(code, line_starts), np.bincount(_line_of(mark, line_starts), minlength=n),
        *_word_counts(cps, code, line_starts, n), _caps(code, line_starts, n),
        np.diff(line_starts, append=len(cps)) - 1, code[line_starts],
        _last_chars(cps, code, line_starts)])


#: Characters per batch of lines: bounds the per-character arrays on a huge page.
_BATCH_CHARS = 1 << 20


def _batched_char_facts(texts: list[str]) -> np.ndarray:
    """`_char_facts` of the lines, in batches of about _BATCH_CHARS characters."""
    ends = np.cumsum(np.fromiter(map(len, texts), np.intp, len(texts)) + 1)
    if ends[-1] <= _BATCH_CHARS:
        return _char_facts(texts)
    cuts = np.unique(np.searchsorted(ends, np.arange(_BATCH_CHARS, ends[-1], _BATCH_CHARS)) + 1)
    bounds = [0, *cuts[cuts < len(texts)].tolist(), len(texts)]
    return np.concatenate([_char_facts(texts[a:b]) for a, b in pairwise(bounds)])


def line_features(lines: Lines) -> np.ndarray:
    """(n_lines, len(FEATURES_PER_LINE)) float32 facts of each line on its own."""
    n = len(lines)
    out = np.zeros((n, len(FEATURES_PER_LINE)), dtype=np.float32)
    if n == 0:
        return out
    texts, bullets = lines.text, lines.bullet
    facts = _batched_char_facts(texts)
    upper, lower, digits, spaces, punct, nonascii, seps, copyright_, sent = facts[:, :9].T
    stop, furniture, agency, cookie, consent, caps = facts[:, 9:15].T
    chars = np.maximum(facts[:, 15], 1)
    first, last = facts[:, 16].astype(np.intp), facts[:, 17].astype(np.intp)
    words = spaces  # the newline ending each line is the extra space: words = spaces + 1
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
        out[:, k] = col
    return out
