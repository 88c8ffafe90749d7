"""The scoring metrics of `../shared/tools/score.py`, reimplemented (no bootstrap).

* body: word-4-gram shingles of `\\w+` tokens; per page the multiset overlap normalised to
  sum 1; precision averaged over pages with any predicted shingle, recall over pages with any
  true shingle; F1 is the harmonic mean of the two averages.
* snippets: whitespace-normalised, case-sensitive substring matching of the truth's `with`
  and `without` snippets, micro-averaged over all snippets.
* metadata: normalised exact match; `rate_of_truth` = matches / pages whose truth has a value.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
SHINGLE = 4


@dataclass(frozen=True, slots=True)
class Scores:
    """Precision, recall and F-score of one tool on one set."""

    f1: float
    precision: float
    recall: float
    n: int


def shingles(text: str | None) -> Counter[tuple[str, ...]]:
    """Multiset of 4-token shingles; a text of 1-3 tokens is one shorter shingle."""
    words = _WORD.findall(text or "")
    if len(words) < SHINGLE:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def page_overlap(truth: str | None, pred: str | None) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) shingle shares of one page; zeros when both are empty."""
    t, p = shingles(truth), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _ratio(hit: float, miss: float, other_miss: float) -> float:
    """hit / (hit + miss), with score.py's conventions for the degenerate cases."""
    if miss == 0 and other_miss == 0:
        return 1.0
    return hit / (hit + miss) if hit + miss else 0.0


def body_scores(pairs: Iterable[tuple[str | None, str | None]]) -> Scores:
    """Body metric over (truth, prediction) pairs."""
    precisions, recalls, n = [], [], 0
    for truth, pred in pairs:
        n += 1
        tp, fp, fn = page_overlap(truth, pred)
        if tp + fp > 0:
            precisions.append(_ratio(tp, fp, fn))
        if tp + fn > 0:
            recalls.append(_ratio(tp, fn, fp))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return Scores(2 * p * r / (p + r) if p + r else 0.0, p, r, n)


def _ws(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def snippet_counts(text: str | None, with_: list[str] | None,
                   without: list[str] | None) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) of one page's snippets."""
    flat = _ws(text)
    found_with = sum(_ws(s) in flat for s in with_ or [])
    found_without = sum(_ws(s) in flat for s in without or [])
    return (found_with, found_without, len(with_ or []) - found_with,
            len(without or []) - found_without)


def snippet_scores(counts: Iterable[tuple[int, int, int, int]]) -> Scores:
    """Micro-averaged snippet precision, recall and F over all pages' counts."""
    tp = fp = fn = n = 0
    for a, b, c, _ in counts:
        tp, fp, fn, n = tp + a, fp + b, fn + c, n + 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return Scores(f, p, r, n)


_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
                       "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"',
                       "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-",
                       "\u2010": "-", "\u2011": "-"})
_NOT_NAME = frozenset({
    "and", "und", "et", "y", "by", "von", "par", "por", "de", "ph", "d", "phd", "md", "ms",
    "mph", "mba", "rd", "rdn", "fand", "dr", "jr", "sr", "mr", "mrs", "cpt", "cscs"})


def _joined(value: Any, sep: str) -> str:
    return sep.join(str(v) for v in value if v) if isinstance(value, list) else str(value)


def norm_title(value: Any) -> str | None:
    """NFKC, typographic quotes/dashes folded, case folded, spaces collapsed, end punct cut."""
    text = unicodedata.normalize("NFKC", _joined(value, "; ")).translate(_FOLD)
    return _SPACE.sub(" ", text).strip().casefold().rstrip(" .:;,") or None


def norm_author(value: Any) -> str | None:
    """The sorted set of name words (separators, order, honorifics and degrees ignored)."""
    text = unicodedata.normalize("NFKC", _joined(value, " ; ")).translate(_FOLD).casefold()
    words = {w for w in re.findall(r"[^\W\d_]+", text) if w not in _NOT_NAME}
    return " ".join(sorted(words)) or None


def norm_date(value: Any) -> str | None:
    """The leading ISO date as YYYY-MM-DD, or None."""
    m = _ISO_DATE.match(str(value))
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


NORMALISERS = {"title": norm_title, "author": norm_author, "date": norm_date}


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str | list) and not value)


def field_match(field: str, truth: Any, pred: Any) -> bool | None:
    """Whether the prediction matches; None when the truth has no value for the field."""
    norm = NORMALISERS[field]
    want = norm(truth) if _given(truth) else None
    if want is None:
        return None
    return _given(pred) and norm(pred) == want


def meta_rate(field: str, truths: Iterable[Mapping[str, Any]],
              preds: Mapping[str, Mapping[str, Any]]) -> tuple[float | None, int]:
    """(matches / pages whose truth has the field, that page count); a missing value is
    wrong."""
    outcomes = [field_match(field, t.get(field), (preds.get(str(t["id"])) or {}).get(field))
                for t in truths]
    judged = [o for o in outcomes if o is not None]
    return (sum(judged) / len(judged) if judged else None), len(judged)
