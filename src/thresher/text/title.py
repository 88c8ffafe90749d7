"""Text mode, title: rank the lines around the start of the body as the article's title.

The candidates are the lines from `BEFORE` lines above the first body line of running text
(`anchor`: a headline or a widget may open the body run) to `AFTER` lines below it; a
logistic regression (weights in the shipped model, trained on pages whose truth has a
title) scores each from facts that hold in any language: distance to the body, length,
capitals, end punctuation, whether the line recurs on the page (titles come back in
breadcrumbs and share texts), menu words, and the line's own body probability.
"""

from __future__ import annotations

import re
from itertools import islice

import numpy as np

from .lines import FEATURES_PER_LINE, Lines

BEFORE, AFTER = 20, 6
_COL = {name: i for i, name in enumerate(FEATURES_PER_LINE)}
N_TITLE_FEATURES = 23
# A byline or a date: the line starts with one of these words, or has a year (two regexes:
# one unanchored alternative made the search slow).
_BYLINE_START = re.compile(r"(?:by|von|par|por|di|door|posted|published|updated|"
                           r"veröffentlicht|publié|publicado)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_END = (".", "!", "?", "\u3002", "\u2026", '"', "\u201d", "\u00bb")
MIN_LOGIT = -4.0  # the best candidate is taken unless it is very unlikely


def anchor(lines: Lines, probs: list[float], first: int) -> int:
    """Where the title search starts: the first body line of running text among the first
    four body lines (a headline, a dateline or a widget may open the body run), else
    `first`."""
    for j in range(first, min(first + 4, len(lines))):
        words = lines.words[j]
        if probs[j] >= 0.5 and (words >= 25 or words >= 8 and lines.text[j].endswith(_END)):
            return j
    return first


def candidates(lines: Lines, base: np.ndarray, probs: list[float], first: int,
               skip: set[int] | None = None) -> tuple[list[int], np.ndarray]:
    """Indices of the candidate lines (not in `skip`) and their features; `first` is the
    body line the title search starts from (`anchor`)."""
    texts, bullets, n = lines.text, lines.bullet, len(lines)
    words = lines.words
    idx = [j for j in range(max(0, first - BEFORE), min(n, first + AFTER))
           if not bullets[j] and 1 <= words[j] <= 40
           and (j <= first or probs[j] < 0.5)  # never a line inside the body
           and not (skip and j in skip)]
    x = np.zeros((len(idx), N_TITLE_FEATURES))
    if not idx:
        return idx, x
    rank: dict[int, int] = {}
    headings_between = 0
    for j in reversed(idx):
        if j < first and words[j] >= 2 and not texts[j].endswith((".", ":", ",")):
            headings_between += 1
        rank[j] = headings_between
    blob = "\n".join(texts[max(0, first - 60):min(n, first + 60)])
    meta = [_BYLINE_START.match(texts[k]) is not None or _YEAR.search(texts[k]) is not None
            for k in range(idx[0] + 1, min(n, idx[-1] + 4))]
    rows = []
    for j in idx:
        t = texts[j]
        nw = words[j]
        short_near = sum(1 for k in range(max(0, j - 2), min(n, j + 3))
                         if k != j and words[k] <= 3)
        rows.append((
            max(-BEFORE, j - first) / 10, abs(j - first) / 10, nw,
            3 <= nw <= 20 and not t.endswith((".", ",", ";", ":")), t.endswith("."),
            t.endswith("?"), t.endswith(":"), min(blob.count(t) - 1, 3), probs[j],
            min(rank[j], 8) / 8, short_near / 4, any(meta[j - idx[0]:j - idx[0] + 3]), j == 0,
        ))
    own = np.array(rows, dtype=np.float64)
    f = base[idx]
    x[:, [0, 1, 2, 4, 5, 6, 7, 10, 12, 16, 17, 19, 20]] = own
    x[:, 2] = np.log1p(own[:, 2])
    x[:, [3, 8, 9, 11, 14, 15, 18]] = f[:, [_COL[c] for c in (
        "log_chars", "cap_words", "first_upper", "boiler", "stop_ratio", "all_caps",
        "digit_ratio")]]
    x[:, 13] = f[:, _COL["dup_prev"]] + f[:, _COL["dup_next"]]
    x[:, 21] = np.minimum(f[:, _COL["separators"]], 3)
    blanks = any(islice(lines.blank_before, 1, None))  # some dumps have no blank lines
    x[:, 22] = f[:, _COL["blank_before"]] if blanks else 0.5
    return idx, x


def pick_title(lines: Lines, base: np.ndarray, probs: list[float], first: int,
               weights: np.ndarray, skip: set[int] | None = None) -> int | None:
    """The index of the most title-like line near the body start (not in `skip`), or None."""
    idx, x = candidates(lines, base, probs, anchor(lines, probs, first), skip)
    if not idx:
        return None
    score = x @ weights[:-1] + weights[-1]
    best = int(np.argmax(score))
    return idx[best] if score[best] > MIN_LOGIT else None
