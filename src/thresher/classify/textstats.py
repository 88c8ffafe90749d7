"""Per-block text statistics for a whole page at once, from one pass over its code points.

The page's block texts are joined and decoded to code points; a table of character classes
(filled from the `str` predicates the first time a code point is seen) gives every count a
block needs as a difference of cumulative sums. The result equals counting block by block
with `str.isalpha`, `str.isupper`, `re.findall(r"\\w+")` and friends, at numpy speed.
"""

from __future__ import annotations

import math
import re

import numpy as np

from ..limits import checkpoint
from ..text.lists import CJK_RANGES
from .words import FUNCTION_WORDS

_TOKEN = re.compile(r"\w+")  # the words counted
SENT_END = ".!?\"'”’»)。！？…:"
#: Thai, and text mode's kana and CJK ideographs: scripts written without spaces
_UNSPACED = ((0x0E00, 0x0E7F), *CJK_RANGES)
_PUNCT = re.compile(r"[.,;:!?。、，！？]")
#: Longer texts are judged by their head and tail (a 20 MB text node took 6 s).
HEAD_TAIL = 50_000
CHUNK_CHARS = 1_000_000

KNOWN, ALPHA, UPPER, DIGIT, WORD, PUNCT, UNSPACED, SPACE, SEP, BULLET, BLANK = (
    1 << k for k in range(11))
_CLASSES = np.zeros(0x110000, np.uint16)  # bits above, per code point; 0 = not yet seen


def _classify_points(points: np.ndarray) -> None:
    """Fill the class table for code points not seen before."""
    for cp in np.unique(points).tolist():
        c = chr(cp)
        bits = KNOWN
        bits |= ALPHA if c.isalpha() else 0
        bits |= UPPER if c.isupper() else 0
        bits |= DIGIT if c.isdigit() else 0
        bits |= WORD if _TOKEN.fullmatch(c) else 0
        bits |= PUNCT if _PUNCT.fullmatch(c) else 0
        bits |= UNSPACED if any(a <= cp <= b for a, b in _UNSPACED) else 0
        bits |= SPACE if c.isspace() else 0
        bits |= SEP if c in "|·" else 0
        bits |= BULLET if c == "•" else 0
        bits |= BLANK if c == " " else 0
        _CLASSES[cp] = bits


_classify_points(np.arange(128))


def _classes(joined: str, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Class bits of the `joined` texts ("\\n" between them), and each text's [start, end)."""
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), np.uint32)
    bits = _CLASSES[points]
    if not bits.all():
        _classify_points(points[bits == 0])
        bits = _CLASSES[points]
    lengths = np.fromiter(map(len, texts), np.intp, len(texts))
    starts = np.cumsum(lengths + 1) - lengths - 1
    return bits, starts, starts + lengths


def _counts(flag: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """How many positions of each text have `flag` set (a row of counts per row of flags)."""
    cum = np.zeros(flag.shape[:-1] + (flag.shape[-1] + 1,), np.intp)
    np.cumsum(flag, axis=-1, out=cum[..., 1:])
    return cum[..., ends] - cum[..., starts]


_COUNTED = np.asarray([ALPHA, UPPER, DIGIT, PUNCT, SPACE, UNSPACED], np.uint16)
_LONGEST = max(map(len, FUNCTION_WORDS))


def _words(joined: str, bits: np.ndarray, starts: np.ndarray,
           ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The \\w+ runs of each text, and how many of them are function words once lower-cased.
    Only runs no longer than the longest function word are looked at (lower() never
    shortens a string)."""
    word = np.concatenate([[False], (bits & WORD) != 0, [False]])
    edges = np.flatnonzero(word[1:] != word[:-1])
    first, last = edges[0::2], edges[1::2]
    short = np.flatnonzero(last - first <= _LONGEST)
    func = np.zeros(len(first) + 1, np.intp)
    found = map(FUNCTION_WORDS.__contains__, map(str.lower, map(joined.__getitem__, map(
        slice, first[short].tolist(), last[short].tolist()))))
    func[short + 1] = np.fromiter(found, np.intp, len(short))
    func = np.cumsum(func)
    upto = np.searchsorted(first, ends), np.searchsorted(first, starts)
    return upto[0] - upto[1], func[upto[0]] - func[upto[1]]


_SENT_TUPLE = tuple(SENT_END)


def text_columns(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(stats, words, non-space chars): the BASE_NAMES columns (float64, a row per text),
    the word counts, and the non-space characters counted (of the head and tail only).
    Texts are taken in runs of about CHUNK_CHARS characters: bounded memory on huge pages."""
    parts, run, size = [], [], 0
    for text in texts:
        run.append(text)
        size += min(len(text), 2 * HEAD_TAIL + 1) + 1
        if size >= CHUNK_CHARS:
            parts.append(_columns(run))
            checkpoint("classifying")  # the page's time limit (limits.py)
            run, size = [], 0
    if run or not parts:
        parts.append(_columns(run))
    stats, words, solid = zip(*parts, strict=True)
    return np.concatenate(stats), np.concatenate(words), np.concatenate(solid)


def _columns(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`text_columns` of a run of texts."""
    sizes = [len(t) for t in texts]
    cut = [t if len(t) <= 2 * HEAD_TAIL else t[:HEAD_TAIL] + " " + t[-HEAD_TAIL:]
           for t in texts]
    joined = "\n".join(cut)
    bits, starts, ends = _classes(joined, cut)
    chars = ends - starts
    letters, upper, digits, punct, space, unspaced = _counts(
        (bits & _COUNTED[:, None]) != 0, starts, ends)
    runs, func = _words(joined, bits, starts, ends)
    # Unspaced scripts (Chinese, Japanese, Thai) make one \w+ run of a whole clause: count
    # about one word per two of their characters instead.
    n = runs + unspaced // 2
    stats = np.empty((len(texts), 10), np.float64)
    stats[:, 0] = list(map(math.log1p, sizes))
    density = np.zeros(len(texts), np.float64)
    some = chars > 0
    density[some] = (n * np.asarray(sizes, np.int64))[some] / chars[some]
    stats[:, 1] = list(map(math.log1p, density.tolist()))
    stats[:, 2] = punct / (n + 1)
    stats[:, 3] = [t.rstrip().endswith(_SENT_TUPLE) for t in cut]
    stats[:, 4] = (chars > 0) & ((bits[np.minimum(starts, len(bits) - 1)] & UPPER) != 0)
    stats[:, 5] = digits / (chars + 1)
    stats[:, 6] = upper / (letters + 1)
    stats[:, 7] = func / (n + 1)
    stats[:, 8] = np.divide(letters, n, out=np.zeros(len(texts)), where=n > 0)
    stats[:, 9] = _has_separators(bits, starts, ends)
    return stats, n, chars - space


def _has_separators(bits: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """A "|" or "·" anywhere, or a " • " inside the text."""
    spaced = np.zeros(len(bits), bool)
    if len(bits) > 2:
        spaced[1:-1] = (((bits[1:-1] & BULLET) != 0) & ((bits[:-2] & BLANK) != 0)
                        & ((bits[2:] & BLANK) != 0))
    return (_counts((bits & SEP) != 0, starts, ends) + _counts(spaced, starts, ends)) > 0
