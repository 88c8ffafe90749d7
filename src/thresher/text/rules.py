"""Text mode, rules: what the line classifier cannot tell on its own.

The classifier says which lines are body. These rules find, around its first body line, the
title, the subtitle, the byline and the dateline; they take image captions and their credits
out of the body, name the wire agencies credited, cut a comment thread off the end, and mark
short lines between body lines as headings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress
from operator import eq

import numpy as np

from ..article import Image
from ..credits import (
    AGENCIES,
    CREDIT_STEMS,
    CREDIT_WORDS,
    PHOTO_AGENCIES,
    find_credits,
    split_credit,
)
from .dates import dateline_date
from .features import best_span
from .furniture import (
    BYLINE,
    cut_comments,
    cut_related,
    is_label,
    is_share_bar,
    labelled_captions,
    share_bars,
    tag_lists,
)
from .lines import FEATURES_PER_LINE, Lines
from .lists import SENT_END as _SENT_END
from .lists import colon_lists
from .teasers import cut_teasers, drop_repeats
from .title import pick_title

_POSTED_BY = re.compile(r"^(?:posted|published|written|updated|veröffentlicht|publié|publicado)\b"
                        r".{0,60}?\b(?:by|von|par|por)\s+(?=[A-Z])", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bи\b)\s*")
_NAME_END = re.compile(r"\s+(?:[|\u2013\u2014•·]|-\s|on\s|am\s|le\s|el\s|il\s|\d).*$")
_NOT_HEADING_END = (".", ",", ";", ":", "!", "?")
_WINDOW = 15
_EXTEND_FLOOR = 0.15
_HOLE, _HOLE_MARGIN = 2, 0.05  # lines; probability
_LIST_FLOOR, _LIST_MIN = 0.3, 3  # probability; lines
_SHORT_PAGE = 80  # lines
# An agency named as a word ("-AFP" counts): `find_credits` finds none in a line without one.
_AGENCY_WORD = re.compile(r"(?<!\w)(?:" + "|".join(sorted(
    (re.escape(s) for v in AGENCIES.values() for s in v), key=len, reverse=True))
    + r")(?![\w-])")
_AGENCY_COL = FEATURES_PER_LINE.index("agency")
# (" by " as "by" with a look back: a search that stops at every space is slower)
_CREDIT_MARKS = re.compile(r":|\u00a9|\(|/|via |Credit|credit|CREDIT|by (?<= by )|\|")
# What one of `split_credit`'s patterns needs to find a credit: a credit word and ":" / "by"
# / a dash, "©" / "(c)" / "copyright" (these without case), an agency before the closing
# bracket that ends the line, "/" before an agency, or "via". Regexes of many alternatives are
# slow, so plain substring tests go first (each of the last three is looked for only in a line
# with its ")" at the end, "/" or "via"); an ASCII line is lower-cased instead of IGNORECASE.
_CREDIT_CI = CREDIT_WORDS + r"\s*(?::|by\b|\u2013|\u2014|-)|\u00a9|\(c\)|copyright"
_CREDIT_NEEDS_CI = re.compile(_CREDIT_CI)
_CREDIT_AT_END = re.compile(rf"(?:{PHOTO_AGENCIES})(?:\s+via\s+[^()\n]+)?\)\s*$")
_CREDIT_SLASH = re.compile(rf"/\s*(?:{PHOTO_AGENCIES})")
_CREDIT_VIA = re.compile(r"\bvia\s")
_CREDIT_NEEDS_ANY_CASE = re.compile(_CREDIT_CI, re.IGNORECASE)
# The characters on which _CREDIT_NEEDS_ANY_CASE and _CREDIT_NEEDS_CI over the lower-cased
# text disagree (a test checks them): a line without them is lower-cased instead.
FOLD_APART = "\u0130\u0131\u017f\u1c82\u1c84\u1c85"
_FOLD_APART = re.compile(f"[{FOLD_APART}]")
_STEM = re.compile("|".join(map(re.escape, CREDIT_STEMS)))


@dataclass(slots=True)
class Labels:
    """The rules' result: body lines with their kind, and the article's fields."""

    body: list[tuple[int, str]] = field(default_factory=list)  # (line index, kind)
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    images: list[Image] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)


def heading_like(text: str, max_words: int = 25, words: int | None = None) -> bool:
    """Short, no full stop at the end: a title or a section heading (`words`: the words of
    `text`, when known)."""
    return len(text) <= 200 and not text.endswith((".", ",", ";", ":")) and \
        1 <= (len(text.split()) if words is None else words) <= max_words


def byline_authors(text: str) -> list[str]:
    """The names of a "By Jane Doe and John Roe | 4 March" line, or [] if it is not one."""
    if len(text) > 120:
        return []
    m = BYLINE.match(text) or _POSTED_BY.match(text)
    if not m:
        return []
    rest = _NAME_END.sub("", text[m.end():]).strip(" .,:")
    names = [n.strip(" .") for n in _NAME_SPLIT.split(rest) if n.strip(" .")]
    names = [n for n in names if 1 <= len(n.split()) <= 5 and n[:1].isupper()]
    return names


def _may_credit(text: str, marked: bool = False) -> bool:
    """Cheap pre-check: could `split_credit` find a credit in this line? (`marked`: the line
    is known to have one of `_CREDIT_MARKS`.)"""
    if len(text) >= 200 or not (marked or _CREDIT_MARKS.search(text)):
        return False
    if text.rstrip().endswith(")") and _CREDIT_AT_END.search(text) or \
            "/" in text and _CREDIT_SLASH.search(text) or \
            "via" in text and _CREDIT_VIA.search(text):
        return True
    if not text.isascii() and _FOLD_APART.search(text):
        return _CREDIT_NEEDS_ANY_CASE.search(text) is not None
    low = text.lower()
    return "(c)" in low or "copyright" in low or "\u00a9" in low or \
        (_STEM.search(low) is not None and _CREDIT_NEEDS_CI.search(low) is not None)


def _is_credit(text: str) -> bool:
    return _may_credit(text) and split_credit(text)[1] is not None


def _captions(lines: Lines, lo: int, hi: int, first: int, out: Labels) -> set[int]:
    """Caption + credit lines in [lo, hi) as images; the lines they used.

    A line repeated on the next line (alt text, then caption) is a caption without a
    credit only inside the body: above it, the repeat may be the title's."""
    texts, bullets = lines.text, lines.bullet
    taken: set[int] = set()
    # Only a line repeated on the next line, or one that may hold a credit and does not end
    # with a full stop, can be a caption.
    repeated = compress(range(first, hi - 1), map(eq, texts[first:hi - 1], texts[first + 1:hi]))
    marked = {i for i, t in enumerate(texts[lo:hi], lo)
              if not t.endswith(".") and _CREDIT_MARKS.search(t)}
    for i in sorted(marked.union(repeated)):
        t = texts[i]
        if i in taken or len(t) > 250 or bullets[i]:
            continue
        # (a line not marked ends with "." or has no credit mark: `_may_credit` says no)
        caption, credit = split_credit(t) if i in marked and _may_credit(t, True) \
            else (t, None)
        if credit:
            taken.add(i)
            prev = texts[i - 1] if i > lo else None
            if not caption and prev and i - 1 not in taken and len(prev) < 250 \
                    and not bullets[i - 1]:
                caption = prev
                taken.add(i - 1)
                if i - 2 >= lo and texts[i - 2] == caption:
                    taken.add(i - 2)
            out.images.append(Image(src="", caption=caption or None, credit=credit))
        elif i >= first and i + 1 < hi and texts[i + 1] == t and \
                not (i + 2 < len(texts) and _is_credit(texts[i + 2])):
            taken.update((i, i + 1))
            out.images.append(Image(src="", caption=t))
    return taken


def _head(lines: Lines, first: int, pick: Callable[[set[int]], int | None] | None,
          out: Labels, captions: set[int]) -> set[int]:
    """Title, subtitle, byline and dateline before (or just inside) the body start."""
    texts = lines.text
    used: set[int] = set(captions)
    lo = max(0, first - _WINDOW)
    for i in range(lo, min(len(texts), first + 4)):
        t = texts[i]
        names = byline_authors(t)
        if names and not out.authors:
            out.authors = names
            used.add(i)
        date = dateline_date(t, byline=bool(names))
        if date and not out.published:
            out.published = date
            used.add(i)
    title_at = pick(used) if pick else _backward_title(lines, first, lo, used)
    if title_at is not None:
        t = texts[title_at]
        out.title = t
        used.update(k for k in (title_at - 1, title_at, title_at + 1)
                    if 0 <= k < len(texts) and texts[k] == t)
        # A title found below the body's first line: the lines above it are the page's
        # header run into the body, not body, and so is a standfirst right below it.
        below = title_at > first
        if below:
            used.update(range(first, title_at))
        for k in range(title_at + 1, min(title_at + 4, title_at + 2 if below else first,
                                         len(texts))):
            s = texts[k]
            if k in used or s == t or _is_credit(s):
                continue
            if s.endswith(_SENT_END) and lines.words[k] >= 6 and len(s) < 400 and \
                    not lines.bullet[k]:
                out.subtitle = s
                used.add(k)
            break
    return used


def _backward_title(lines: Lines, first: int, lo: int, used: set[int]) -> int | None:
    """Without a title model: the nearest heading-like line above the body start."""
    texts, words = lines.text, lines.words
    for j in range(first - 1, lo - 1, -1):
        t = texts[j]
        if j in used or lines.bullet[j] or words[j] <= 2:
            continue
        if _is_credit(t) or (j + 1 < len(texts) and _is_credit(texts[j + 1])):
            continue  # a credit, or the caption it belongs to
        if t.endswith(_SENT_END[:1]) and words[j] >= 6:
            continue
        if heading_like(t, words=words[j]):
            return j
    return None


def apply_rules(lines: Lines, probs: list[float], threshold: float,
                base: np.ndarray | None = None, title_weights: np.ndarray | None = None
                ) -> Labels:
    """Body lines (probability >= threshold) and the fields found around them.

    With the line features `base` and the title model's weights, the title is the best
    ranked line near the body start; otherwise the nearest heading-like line above it.
    """
    out = Labels()
    keep = set(compress(range(len(probs)), map(float(threshold).__le__, probs)))
    if len(lines) < _SHORT_PAGE:
        keep = _main_run(lines, probs, keep, threshold)
    keep = _extend(lines, probs, keep)
    keep = _fill_holes(lines, probs, keep, threshold)
    keep = _inner_prose(lines, probs, keep)
    keep = _extend_lists(lines, probs, keep)
    keep = colon_lists(lines.text, probs, keep, _LIST_FLOOR)
    if not keep:
        return out
    first, last = min(keep), max(keep)
    pick = None
    if base is not None and title_weights is not None:
        def pick(skip: set[int]) -> int | None:
            return pick_title(lines, base, probs, first, title_weights, skip)
    used = _captions(lines, max(0, first - _WINDOW), last + 1, first, out)
    used |= _head(lines, first, pick, out, used)
    used |= _credit_lines(lines.text, first, min(len(lines), last + 4), keep, out, base)
    body = sorted(keep - used)
    body = cut_related(lines.text, cut_comments(lines.text, body), lines.prose)
    body = drop_repeats(lines.text, cut_teasers(lines.text, body, lines.prose))
    bars = share_bars(lines.text, body) | tag_lists(lines.text, body)
    body = [b for b in body if b not in bars]
    body, captions = labelled_captions(lines.text, body)
    out.images.extend(Image(src="", caption=c) for c in captions)
    out.body = _kinds(lines, body, probs, threshold)
    return out


def _credit_lines(texts: list[str], lo: int, hi: int, keep: set[int], out: Labels,
                  base: np.ndarray | None = None) -> set[int]:
    """Wire agencies credited by the lines [lo, hi) into `out.credits`; the lines that are
    credit lines rather than body. Only lines naming an agency (by the "agency" feature of
    `base`, when given) are looked at."""
    used: set[int] = set()
    if base is not None:
        named = np.flatnonzero(base[lo:hi, _AGENCY_COL]) + lo
    else:
        named = [i for i in range(lo, hi) if _AGENCY_WORD.search(texts[i])]
    for i in named:
        i = int(i)
        t = texts[i]
        if len(t) < 150 and (found := find_credits(t)):
            out.credits.extend(c for c in found if c not in out.credits)
            if len(t) < 100 and i not in keep or not t.endswith(_SENT_END):
                used.add(i)
    return used


def _main_run(lines: Lines, probs: list[float], keep: set[int], threshold: float) -> set[int]:
    """The kept lines of the page's best run of body (by probability margin times words):
    on a short page the model sees little context and strays lines far from the article
    (a cookie banner, a standfirst above the pictures) come through."""
    if not keep:
        return keep
    words = np.array([max(w, 1) for w in lines.words], dtype=np.float64)
    a, b = best_span((np.asarray(probs) - threshold) * words)
    return {i for i in keep if a <= i <= b}


def _extend(lines: Lines, probs: list[float], keep: set[int]) -> set[int]:
    """Grow the body by the prose lines next to it (over one heading-like line at most);
    on a short page where the model is unsure, take the page's main run of prose."""
    texts, words, prose = lines.text, lines.words, lines.prose
    if len(texts) < 80 and sum(words[i] for i in keep) < 30:
        score = np.array([w if p else -5.0 for w, p in zip(words, prose, strict=True)])
        if len(score) and score.max() > 0:
            a, b = best_span(score)
            keep = keep | {i for i in range(a, b + 1) if prose[i] and probs[i] >= 0.05}
    if not keep:
        return keep

    def ok(j: int) -> bool:
        return 0 <= j < len(texts) and j not in keep and probs[j] >= _EXTEND_FLOOR and prose[j]

    for step, edge in ((-1, min(keep)), (1, max(keep))):
        while True:
            j = edge + step
            if not ok(j) and 0 <= j < len(texts) and heading_like(texts[j], 12, words[j]):
                j += step
            if not ok(j):
                break
            keep.add(j)
            edge = j
    return keep


def _fill_holes(lines: Lines, probs: list[float], keep: set[int],
                threshold: float) -> set[int]:
    """Take the lines of a gap of at most `_HOLE` lines inside the body that are nearly body
    (probability within `_HOLE_MARGIN` of the threshold) or prose the model is not sure of:
    a paragraph the model doubted between two it kept is the article's."""
    if len(keep) < 2:
        return keep
    prose = lines.prose
    at = sorted(keep)
    add = [j for a, b in zip(at, at[1:], strict=False) if 1 < b - a <= _HOLE + 1
           for j in range(a + 1, b)
           if probs[j] >= threshold - _HOLE_MARGIN or probs[j] >= _EXTEND_FLOOR and prose[j]]
    return keep.union(add)


def _inner_prose(lines: Lines, probs: list[float], keep: set[int]) -> set[int]:
    """Prose between the body's first and last lines that the model half believes
    (probability `_LIST_FLOOR` or more) is body: a paragraph of a long document, a post of
    a thread, the model doubted on its own."""
    if not keep:
        return keep
    prose = lines.prose
    return keep.union(j for j in range(min(keep) + 1, max(keep))
                      if j not in keep and probs[j] >= _LIST_FLOOR and prose[j])


def _extend_lists(lines: Lines, probs: list[float], keep: set[int]) -> set[int]:
    """A body of mostly short lines (a list, a table, a product sheet: `_LIST_MIN` lines or
    more, fewer than half of them prose) goes on through the lines next to it that the model
    half believes (probability `_LIST_FLOOR` or more): the model is less sure of such lines
    than of prose."""
    texts = lines.text
    if len(keep) < _LIST_MIN:
        return keep
    prose_at = lines.prose
    need, prose = (len(keep) + 1) // 2, 0  # prose lines that make it an article
    for i in keep:
        if prose_at[i]:
            prose += 1
            if prose >= need:
                return keep
    grown = set(keep)
    for i in keep:
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(texts) and j not in grown and probs[j] >= _LIST_FLOOR:
                grown.add(j)
                j += step
    return grown


def _kinds(lines: Lines, body: list[int], probs: list[float],
           threshold: float) -> list[tuple[int, str]]:
    """Kinds of the body lines; short lines between body lines come back as headings."""
    texts, bullets, words = lines.text, lines.bullet, lines.words
    out: list[tuple[int, str]] = []
    last = len(body) - 1
    for n, i in enumerate(body):
        if bullets[i]:
            kind = "list_item"
        # (heading_like(t, 12), the cheap tests first: most body lines are longer)
        elif 1 <= words[i] <= 12 and n < last and len(t := texts[i]) <= 200 and \
                not t.endswith(_NOT_HEADING_END):
            kind = "heading"
        else:
            kind = "paragraph"
        out.append((i, kind))
        if n < last and body[n + 1] == i + 2 and heading_like(texts[i + 1], 12, words[i + 1]) and \
                not bullets[i + 1] and probs[i + 1] >= threshold * 0.3 and \
                not is_share_bar(texts[i + 1]) and not is_label(texts[i + 1]):
            out.append((i + 1, "heading"))
    return out
