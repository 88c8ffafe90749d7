"""Text mode, features: each line's facts seen in the context of its neighbours and page.

A line of prose alone says little; what tells the article apart is where it sits: inside a
run of long, punctuated lines, how far from the page's main run of prose, among short menu
lines or bullet lists. Everything is vectorised with numpy over the lines of one page.
"""

from __future__ import annotations

import numpy as np

from .lines import FEATURES_PER_LINE

_COL = {name: i for i, name in enumerate(FEATURES_PER_LINE)}
_WINDOWED = ("log_words", "sent_end", "stop_ratio", "boiler", "bullet", "punct_ratio")
_SHIFTED = ("log_words", "sent_end", "bullet", "boiler", "cap_words", "digit_ratio")
# Blank lines are left out: many dumps (WET files among them) have none; "agency" is for the
# credit rules.
_UNUSED = frozenset({"blank_before", "blank_after", "agency"})
_OWN = [i for i, name in enumerate(FEATURES_PER_LINE) if name not in _UNUSED]
_WIN_COLS = [_COL[name] for name in _WINDOWED]
_SHIFT_COLS = [_COL[name] for name in _SHIFTED]


def window_means(x: np.ndarray, radii: tuple[int, ...]) -> np.ndarray:
    """Mean of `x` (rows = lines; 1-D or 2-D) over [i - r, i + r] for each radius r, clipped
    at the page's ends (one cumulative sum for all radii): (n, radii) for a 1-D `x`;
    (n, columns * radii) for a 2-D one, the radii of a column side by side."""
    n = len(x)
    c = np.zeros((n + 1,) + x.shape[1:])
    np.cumsum(x, axis=0, dtype=np.float64, out=c[1:])
    idx = np.arange(n)[:, None]
    r = np.array(radii)
    lo = np.maximum(idx - r, 0)
    hi = np.minimum(idx + (r + 1), n)
    width = hi - lo
    if x.ndim == 1:
        return (c[hi] - c[lo]) / width
    return ((c[hi] - c[lo]) / width[..., None]).transpose(0, 2, 1).reshape(n, -1)


def window_mean(x: np.ndarray, radius: int) -> np.ndarray:
    """Mean of `x` over [i - radius, i + radius], clipped at the page's ends."""
    return window_means(x, (radius,)).reshape(x.shape)


def shifts(x: np.ndarray, ks: tuple[int, ...], fill: float = -1.0) -> np.ndarray:
    """`x` moved by each k (k > 0: the value of line i - k), `fill` past the ends: (n, ks)
    for a 1-D `x`; (n, columns * ks) for a 2-D one, the shifts of a column side by side."""
    n, pad = len(x), max(abs(k) for k in ks)
    padded = np.full((n + 2 * pad,) + x.shape[1:], fill, dtype=x.dtype)
    padded[pad:pad + n] = x
    return np.stack([padded[pad - k:pad - k + n] for k in ks], axis=-1).reshape(n, -1)


def best_span(score: np.ndarray) -> tuple[int, int]:
    """[start, end] of the contiguous run with the largest sum of `score` (Kadane's answer:
    the first best end, the latest start for it)."""
    if len(score) == 0:
        return 0, 0
    c = np.concatenate(([0.0], np.cumsum(score, dtype=np.float64)))
    gains = c[1:] - np.minimum.accumulate(c[:-1])
    end = int(np.argmax(gains))
    start = end - int(np.argmin(c[end::-1]))
    return start, end


def run_length(flag: np.ndarray) -> np.ndarray:
    """For each line, the length of the run of equal `flag` values it belongs to."""
    n = len(flag)
    if n == 0:
        return np.zeros(0)
    change = np.flatnonzero(np.diff(flag)) + 1
    bounds = np.concatenate(([0], change, [n]))
    return np.repeat(np.diff(bounds), np.diff(bounds)).astype(np.float64)


def span_features(weight: np.ndarray, positive: np.ndarray) -> list[np.ndarray]:
    """Where each line sits relative to the best run of `positive` lines."""
    n = len(weight)
    a, b = best_span(np.where(positive, weight, -np.maximum(weight, 1.0) * 0.5 - 1.0))
    idx = np.arange(n)
    inside = np.zeros(n)
    inside[a:b + 1] = 1.0
    before = np.maximum(a - idx, 0)
    after = np.maximum(idx - b, 0)
    mass = np.where(positive, weight, 0.0)
    total = mass.sum() or 1.0
    cum = np.cumsum(mass) - mass
    return [inside, np.log1p(before), np.log1p(after), before / n, after / n, cum / total,
            1 - (cum + mass) / total]


def context_features(base: np.ndarray, spare: int = 0) -> np.ndarray:
    """Stage-one features: the line's own facts, its neighbours', windows and page spans;
    then `spare` columns of zeros (room for the stage-two features, `prob_features`)."""
    n = len(base)
    if n == 0:
        return np.zeros((0, n_context_features() + spare), dtype=np.float32)
    words = np.expm1(base[:, _COL["log_words"]])
    chars = np.expm1(base[:, _COL["log_chars"]])
    prose = ((words >= 8) & (base[:, _COL["sent_end"]] > 0)) | (words >= 25)
    win = np.column_stack([base[:, _WIN_COLS], prose])
    idx = np.arange(n)
    short = words <= 4
    blocks = [
        base[:, _OWN], prose[:, None],
        window_means(win, (1, 3, 8)),
        shifts(base[:, _SHIFT_COLS], (1, 2, -1, -2)),
        np.column_stack(span_features(words, prose)),
        np.column_stack([
            idx / n, np.log1p(idx), np.log1p(n - 1 - idx),
            np.log1p(run_length(short)) * short, np.log1p(run_length(base[:, _COL["bullet"]])),
            base[:, _COL["log_chars"]] - base[:, _COL["log_chars"]].max(),
            np.full(n, np.log1p(n)), np.full(n, prose.mean()), np.full(n, np.log1p(chars.sum()))]),
    ]
    if spare:
        blocks.append(np.zeros((n, spare)))
    return np.concatenate(blocks, axis=1, dtype=np.float32, casting="same_kind")


def prob_features(p: np.ndarray, base: np.ndarray, out: np.ndarray | None = None
                  ) -> np.ndarray:
    """Stage-two features: the stage-one body probability smoothed over the neighbourhood
    (written into `out`, float32 (n, N_PROB_FEATURES), when given)."""
    n = len(p)
    if n == 0:
        return np.zeros((0, N_PROB_FEATURES), dtype=np.float32) if out is None else out
    p = p.astype(np.float64)
    words = np.expm1(base[:, _COL["log_words"]].astype(np.float64))
    w = p * (words + 1)
    cols = [p[:, None], window_means(p, (1, 2, 5, 10, 25)),
            shifts(p, (1, 2, 3, -1, -2, -3)), np.column_stack(span_features(words + 1.0, p >= 0.5)),
            np.column_stack([np.full(n, p.mean()), np.full(n, (p >= 0.5).mean()),
                             np.full(n, w.sum() / ((words + 1).sum() or 1.0))])]
    return np.concatenate(cols, axis=1, out=out, dtype=None if out is not None else np.float32,
                          casting="same_kind")


#: How many columns `prob_features` gives.
N_PROB_FEATURES = 22


def n_context_features() -> int:
    """How many columns `context_features` gives."""
    return len(_OWN) + 1 + 3 * (len(_WINDOWED) + 1) + 4 * len(_SHIFTED) + 7 + 9
