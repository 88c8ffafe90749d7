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
from dataclasses import dataclass
from itertools import repeat

import numpy as np

_BULLET_CHARS = frozenset("\u2022\u25aa\u25e6\u2023\u2043\u00b7\u25cf\u25a0\u2013-*+>")
_ORDERED = re.compile(r"^(\d{1,3})[.)]\s+(?=\S)")
_SENT_END = frozenset(".!?\u3002\uff01\uff1f\u2026\u061f\u0964")
_CLOSERS = "\"'\u201d\u2019\u00bb)]\u300d\u300f*"
# Control characters and lone surrogates never reach the output: each ends a line (as the
# vertical tab, form feed, record separators and NEL already do for `splitlines`).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_NON_WORD = re.compile(r"[^\w\s]+")
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
_WORD_CODE = {**{w: 2 for w in _BOILER_SET}, **{w: 1 for w in STOP_WORDS}}

# Character classes of the Basic Multilingual Plane, built on first use.
_ALPHA, _UPPER, _LOWER, _DIGIT, _SPACE, _PUNCT, _NONASCII = (1, 2, 4, 8, 16, 32, 64)
_TABLE: list[np.ndarray] = []


def char_classes() -> np.ndarray:
    """uint8 class bits of every BMP code point (cached)."""
    if not _TABLE:
        t = np.zeros(0x10000, dtype=np.uint8)
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
        _TABLE.append(t)
    return _TABLE[0]


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _classes(cps: np.ndarray) -> np.ndarray:
    table = char_classes()
    return np.where(cps < 0x10000, table[np.minimum(cps, 0xFFFF)], _PUNCT | _NONASCII)


FEATURES_PER_LINE = (
    "log_chars", "log_words", "sent_end", "colon_end", "comma_end", "punct_ratio",
    "digit_ratio", "first_upper", "cap_words", "all_caps", "bullet", "ordered", "indent",
    "blank_before", "blank_after", "repeated", "dup_prev", "dup_next", "stop_ratio",
    "separators", "boiler", "mean_word_len", "non_ascii", "sentences",
)


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line of a text page: its text without the list marker, and layout."""

    index: int  # position among the non-blank lines
    text: str
    raw: str  # the stripped line as written, marker included
    bullet: str = ""  # the list marker ("•", "-", "1." ...) or ""
    indent: int = 0
    blank_before: bool = False
    blank_after: bool = False


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of `text`, list markers split off, blank neighbours noted."""
    if _CONTROL.search(text):
        text = _CONTROL.sub("\n", text)
    rows: list[list] = []
    blank = True
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped:
            blank = True
            if rows:
                rows[-1][6] = True
            continue
        bullet, body = "", stripped
        first = stripped[0]
        if first in _BULLET_CHARS and len(stripped) > 2 and stripped[1].isspace():
            bullet, body = first, stripped[2:].lstrip()
        elif first.isdigit() and (m := _ORDERED.match(stripped)):
            bullet, body = m.group(0).strip(), stripped[m.end():]
        if "  " in body or "\t" in body or "\u00a0" in body:
            body = " ".join(body.split())
        rows.append([len(rows), body, stripped, bullet, len(raw) - len(raw.lstrip()), blank,
                     False])
        blank = False
    return [Line(*r) for r in rows]


def _per_line(line_of: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
    """How many of each line's words have `mask` set."""
    return np.bincount(line_of[mask], minlength=n)[:n].astype(np.float64)


def _word_counts(cps: np.ndarray, cls: np.ndarray, line_starts: np.ndarray,
                 n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per line: function words and furniture words (punctuation-free lower-cased tokens)."""
    gap = (cls & (_SPACE | _PUNCT)) > 0
    clean = np.where(gap & (cps != 10), 32, cps).astype("<u4").tobytes().decode("utf-32-le")
    tokens = clean.lower().split()
    codes = np.array(list(map(_WORD_CODE.get, tokens, repeat(0))), dtype=np.int8)
    starts = np.flatnonzero(~gap & np.concatenate(([True], gap[:-1])))
    if len(codes) != len(starts):  # lower() never splits a token; be safe all the same
        return np.zeros(n), np.zeros(n)
    word_line = np.searchsorted(line_starts, starts, "right") - 1
    return _per_line(word_line, codes == 1, n), _per_line(word_line, codes == 2, n)


def _char_counts(cps: np.ndarray, cls: np.ndarray, line_starts: np.ndarray) -> np.ndarray:
    """(n_lines, 11) counts per line: the 8 class bits of `_classes`, then sentence breaks
    (". "), separators ("|", "·", "•") and "©"."""
    sent = np.append(np.isin(cps[:-1], (33, 46, 63)) & (cps[1:] == 32), False)
    columns = [(cls >> k) & 1 for k in range(8)]
    columns += [sent, np.isin(cps, (124, 183, 8226)), cps == 169]
    # One column at a time: a (chars x 11) int64 matrix took 2 GB on a 19 MB line.
    return np.column_stack([np.add.reduceat(c.astype(np.int32), line_starts)
                            for c in columns]).astype(np.float64)


def line_features(lines: list[Line]) -> np.ndarray:
    """(n_lines, len(FEATURES_PER_LINE)) float32 facts of each line on its own."""
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(FEATURES_PER_LINE)), dtype=np.float32)
    texts = [ln.text for ln in lines]
    cps = _codepoints("\n".join(texts) + "\n")
    cls = _classes(cps)
    line_starts = np.concatenate(([0], np.flatnonzero(cps == 10)[:-1] + 1))
    counts_ = _char_counts(cps, cls, line_starts)
    upper, lower, digits, spaces, punct, nonascii = (counts_[:, k] for k in (1, 2, 3, 4, 5, 6))
    sent, seps, copyright_ = counts_[:, 8], counts_[:, 9], counts_[:, 10]
    chars = np.maximum(np.diff(np.append(line_starts, len(cps))) - 1, 1).astype(np.float64)
    words = spaces  # the newline ending each line is the extra space: words = spaces + 1
    space = (cls & _SPACE) > 0
    starts = np.flatnonzero(~space & np.concatenate(([True], space[:-1])))
    start_line = np.searchsorted(line_starts, starts, "right") - 1
    rank = np.arange(len(starts)) - np.searchsorted(start_line, start_line)
    head = rank < 12
    caps = _per_line(start_line[head], (cls[starts[head]] & _UPPER) > 0, n)
    caps /= np.minimum(words, 12)
    stop, furniture = _word_counts(cps, cls, line_starts, n)
    last = [t.rstrip(_CLOSERS)[-1:] for t in texts]
    counts = Counter(texts)
    repeated = np.array([counts[t] - 1 for t in texts], dtype=np.float64)
    dup_prev = np.array([False] + [a == b for a, b in zip(texts[:-1], texts[1:], strict=True)])
    first = cls[line_starts]
    short = chars < 120
    cols = [
        np.log1p(chars), np.log1p(words), np.array([c in _SENT_END for c in last]),
        np.array([c == ":" for c in last]), np.array([c in (",", ";") for c in last]),
        punct / chars, digits / chars, (first & _UPPER) > 0, caps, (upper > 0) & (lower == 0),
        np.array([ln.bullet != "" and not ln.bullet[0].isdigit() for ln in lines]),
        np.array([ln.bullet[:1].isdigit() for ln in lines]),
        np.array([min(ln.indent, 8) / 8 for ln in lines]),
        np.array([ln.blank_before for ln in lines]), np.array([ln.blank_after for ln in lines]),
        np.minimum(repeated, 3), dup_prev, np.append(dup_prev[1:], False), stop / words,
        seps, short & ((furniture > 0) | (copyright_ > 0)), chars / words, nonascii / chars,
        np.minimum(sent, 10),
    ]
    return np.column_stack(cols).astype(np.float32)
