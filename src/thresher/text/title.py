"""Text mode, title: rank the lines around the start of the body as the article's title.

The candidates are the lines from `BEFORE` lines above the first body line to `AFTER` lines
below it; a logistic regression (weights in the shipped model, trained on pages whose truth
has a title) scores each from facts that hold in any language: distance to the body, length,
capitals, end punctuation, whether the line recurs on the page (titles come back in
breadcrumbs and share texts), menu words, and the line's own body probability.
"""

from __future__ import annotations

import re

import numpy as np

from .lines import FEATURES_PER_LINE, Line

BEFORE, AFTER = 20, 6
_COL = {name: i for i, name in enumerate(FEATURES_PER_LINE)}
N_TITLE_FEATURES = 23
_BYLINE_OR_DATE = re.compile(r"^(?:by|von|par|por|di|door|posted|published|updated|"
                             r"veröffentlicht|publié|publicado)\b|\b(?:19|20)\d\d\b",
                             re.IGNORECASE)
MIN_LOGIT = -4.0  # the best candidate is taken unless it is very unlikely


def candidates(lines: list[Line], base: np.ndarray, probs: list[float], first: int,
               skip: set[int] | None = None) -> tuple[list[int], np.ndarray]:
    """Indices of the candidate lines (not in `skip`) and their features."""
    idx = [j for j in range(max(0, first - BEFORE), min(len(lines), first + AFTER))
           if not lines[j].bullet and 1 <= len(lines[j].text.split()) <= 40
           and (j <= first or probs[j] < 0.5)  # never a line inside the body
           and not (skip and j in skip)]
    rows = []
    texts = [ln.text for ln in lines]
    lo, hi = max(0, first - 60), min(len(lines), first + 60)
    headings_between = 0
    rank: dict[int, int] = {}
    for j in sorted(idx, reverse=True):
        t = texts[j]
        if j < first and len(t.split()) >= 2 and not t.endswith((".", ":", ",")):
            headings_between += 1
        rank[j] = headings_between
    blob = "\n".join(texts[lo:hi])
    blanks = any(ln.blank_before for ln in lines[1:])  # some dumps have no blank lines
    for j in idx:
        t = texts[j]
        f = base[j]
        nw = len(t.split())
        inside = blob.count(t) - 1
        near = range(max(0, j - 2), min(len(lines), j + 3))
        short_near = sum(1 for k in near if k != j and len(texts[k].split()) <= 3)
        meta_after = any(_BYLINE_OR_DATE.search(texts[k])
                         for k in range(j + 1, min(len(lines), j + 4)))
        rows.append((
            max(-BEFORE, j - first) / 10, abs(j - first) / 10, np.log1p(nw), f[_COL["log_chars"]],
            3 <= nw <= 20 and not t.endswith((".", ",", ";", ":")), t.endswith("."),
            t.endswith("?"), t.endswith(":"), f[_COL["cap_words"]], f[_COL["first_upper"]],
            min(inside, 3), f[_COL["boiler"]], probs[j], f[_COL["dup_prev"]] + f[_COL["dup_next"]],
            f[_COL["stop_ratio"]], f[_COL["all_caps"]], min(rank[j], 8) / 8,
            short_near / 4, f[_COL["digit_ratio"]], meta_after, j == 0,
            min(f[_COL["separators"]], 3), f[_COL["blank_before"]] if blanks else 0.5,
        ))
    return idx, np.asarray(rows, dtype=np.float64).reshape(len(idx), N_TITLE_FEATURES)


def pick_title(lines: list[Line], base: np.ndarray, probs: list[float], first: int,
               weights: np.ndarray, skip: set[int] | None = None) -> int | None:
    """The index of the most title-like line near the body start (not in `skip`), or None."""
    idx, x = candidates(lines, base, probs, first, skip)
    if not idx:
        return None
    score = x @ weights[:-1] + weights[-1]
    best = int(np.argmax(score))
    return idx[best] if score[best] > MIN_LOGIT else None
