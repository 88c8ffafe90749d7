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


def window_means(x: np.ndarray, radii: tuple[int, ...], out: np.ndarray | None = None
                 ) -> np.ndarray:
    """Mean of `x` (rows = lines; 1-D or 2-D) over [i - r, i + r] for each radius r, clipped
    at the page's ends (one cumulative sum for all radii): (n, radii) for a 1-D `x`;
    (n, columns * radii) for a 2-D one, the radii of a column side by side (written into
    `out` when given)."""
    n, m, pad = len(x), len(radii), max(radii)
    x2 = x.reshape(n, -1)
    # c[pad + k] = sum of the first k rows, for any k (0 below 0, the total past n).
    c = np.zeros((n + 1 + 2 * pad, x2.shape[1]))
    np.cumsum(x2, axis=0, dtype=np.float64, out=c[pad + 1:pad + 1 + n])
    c[pad + 1 + n:] = c[pad + n]
    if out is None:
        out = np.empty((n, x2.shape[1] * m))
    idx = np.arange(n)
    for j, r in enumerate(radii):
        width = np.minimum(idx + (r + 1), n) - np.maximum(idx - r, 0)
        np.divide(c[pad + r + 1:pad + r + 1 + n] - c[pad - r:pad - r + n], width[:, None],
                  out=out[:, j::m])
    return out


def window_mean(x: np.ndarray, radius: int) -> np.ndarray:
    """Mean of `x` over [i - radius, i + radius], clipped at the page's ends."""
    return window_means(x, (radius,)).reshape(x.shape)


def shifts(x: np.ndarray, ks: tuple[int, ...], fill: float = -1.0,
           out: np.ndarray | None = None) -> np.ndarray:
    """`x` moved by each k (k > 0: the value of line i - k), `fill` past the ends: (n, ks)
    for a 1-D `x`; (n, columns * ks) for a 2-D one, the shifts of a column side by side
    (written into `out` when given)."""
    n, m = len(x), len(ks)
    x2 = x.reshape(n, -1)
    if out is None:
        out = np.empty((n, x2.shape[1] * m), dtype=x.dtype)
    for j, k in enumerate(ks):
        moved = out[:, j::m]
        if k >= 0:  # the first k rows have no line i - k
            cut = min(k, n)
            moved[:cut], moved[cut:] = fill, x2[:n - cut]
        else:  # the last -k rows have no line i - k
            cut = max(n + k, 0)
            moved[:cut], moved[cut:] = x2[-k:], fill
    return out


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
    change = np.flatnonzero(flag[1:] != flag[:-1]) + 1
    bounds = np.concatenate(([0], change, [n]))
    runs = bounds[1:] - bounds[:-1]
    return np.repeat(runs, runs).astype(np.float64)


def span_features(weight: np.ndarray, positive: np.ndarray,
                  out: np.ndarray | None = None) -> np.ndarray:
    """Where each line sits relative to the best run of `positive` lines: (n, 7), written
    into `out` when given."""
    n = len(weight)
    a, b = best_span(np.where(positive, weight, -np.maximum(weight, 1.0) * 0.5 - 1.0))
    idx = np.arange(n)
    before = np.maximum(a - idx, 0)
    after = np.maximum(idx - b, 0)
    mass = np.where(positive, weight, 0.0)
    total = mass.sum() or 1.0
    cum = np.cumsum(mass) - mass
    if out is None:
        out = np.empty((n, 7))
    out[:, 0] = 0.0
    out[a:b + 1, 0] = 1.0
    for k, col in enumerate((np.log1p(before), np.log1p(after), before / n, after / n,
                             cum / total, 1 - (cum + mass) / total), 1):
        out[:, k] = col
    return out


def context_features(base: np.ndarray, spare: int = 0) -> np.ndarray:
    """Stage-one features: the line's own facts, its neighbours', windows and page spans;
    then `spare` columns of zeros (room for the stage-two features, `prob_features`)."""
    n = len(base)
    out = np.zeros((n, n_context_features() + spare), dtype=np.float32)
    if n == 0:
        return out
    words = np.expm1(base[:, _COL["log_words"]])
    chars = np.expm1(base[:, _COL["log_chars"]])
    prose = ((words >= 8) & (base[:, _COL["sent_end"]] > 0)) | (words >= 25)
    win = np.column_stack([base[:, _WIN_COLS], prose])
    idx = np.arange(n)
    short = words <= 4
    k = len(_OWN)
    out[:, :k] = base[:, _OWN]
    out[:, k] = prose
    k += 1
    window_means(win, (1, 3, 8), out=out[:, k:k + 3 * win.shape[1]])
    k += 3 * win.shape[1]
    shifts(base[:, _SHIFT_COLS], (1, 2, -1, -2), out=out[:, k:k + 4 * len(_SHIFT_COLS)])
    k += 4 * len(_SHIFT_COLS)
    span_features(words, prose, out=out[:, k:k + 7])
    k += 7
    for j, col in enumerate((
            idx / n, np.log1p(idx), np.log1p(n - 1 - idx),
            np.log1p(run_length(short)) * short, np.log1p(run_length(base[:, _COL["bullet"]])),
            base[:, _COL["log_chars"]] - base[:, _COL["log_chars"]].max(),
            np.log1p(n), prose.mean(), np.log1p(chars.sum()))):
        out[:, k + j] = col
    return out


def prob_features(p: np.ndarray, base: np.ndarray, out: np.ndarray | None = None
                  ) -> np.ndarray:
    """Stage-two features: the stage-one body probability smoothed over the neighbourhood
    (written into `out`, float32 (n, N_PROB_FEATURES), when given)."""
    n = len(p)
    if out is None:
        out = np.empty((n, N_PROB_FEATURES), dtype=np.float32)
    if n == 0:
        return out
    p = p.astype(np.float64)
    words = np.expm1(base[:, _COL["log_words"]].astype(np.float64))
    cols = np.empty((n, N_PROB_FEATURES))  # (float64, cast once into `out`)
    cols[:, 0] = p
    window_means(p, (1, 2, 5, 10, 25), out=cols[:, 1:6])
    shifts(p, (1, 2, 3, -1, -2, -3), out=cols[:, 6:12])
    span_features(words + 1.0, p >= 0.5, out=cols[:, 12:19])
    cols[:, 19] = p.mean()
    cols[:, 20] = (p >= 0.5).mean()
    cols[:, 21] = (p * (words + 1)).sum() / ((words + 1).sum() or 1.0)
    out[:] = cols
    return out


#: How many columns `prob_features` gives.
N_PROB_FEATURES = 22


def n_context_features() -> int:
    """How many columns `context_features` gives."""
    return len(_OWN) + 1 + 3 * (len(_WINDOWED) + 1) + 4 * len(_SHIFTED) + 7 + 9
