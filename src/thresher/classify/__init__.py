"""Stage 4, classify: blocks to labelled decisions (learned model, then structural rules)."""

from __future__ import annotations

import numpy as np

from ..blocks import Block, Decision
from ..options import Options
from .ancestry import Ancestry
from .features import block_features, feature_names, stacked_features
from .heuristic import classify_heuristic
from .model import load_model

_COL = {name: i for i, name in enumerate(feature_names())}


def _reason_codes(x: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Index into `_REASONS` per row: the features that usually decide, and the label."""
    links = x[:, _COL["link_density"]] > 0.5
    inside = x[:, _COL["in_best"]] > 0
    short = x[:, _COL["log_words"]] < 1.8
    prose = ~short & (x[:, _COL["ends_sentence"]] > 0) & (x[:, _COL["function_word_ratio"]] > 0.15)
    length = np.where(short, 1, np.where(prose, 2, 0))
    return ((links * 2 + inside) * 3 + length) * 2 + keep


def _reason_table() -> list[str]:
    """The human reason of each code of `_reason_codes`."""
    out = []
    for links in (False, True):
        for inside in (False, True):
            for length in ("", "very short", "reads like prose"):
                hints = ["mostly links"] if links else []
                hints.append(("inside" if inside else "outside") + " the main text container")
                hints += [length] if length else []
                out += ["dropped: " + ", ".join(hints), "kept: " + ", ".join(hints)]
    return out


_REASONS = _reason_table()


def classify(blocks: list[Block], title: str | None,
             options: Options) -> tuple[list[Decision], np.ndarray]:
    """Label every block body or boilerplate; also return the feature matrix it saw."""
    tree = Ancestry(blocks)
    x = block_features(blocks, title, tree)
    model = load_model(options.model_path)
    if model is None:
        return classify_heuristic(blocks), x
    probs = model.stage1.predict_proba(x)
    if model.stage2 is not None:
        probs = model.stage2.predict_proba(stacked_features(blocks, x, probs, tree))
    top = float(probs.max()) if len(probs) else 0.0
    if len(probs) and top < FALLBACK_MIN_SCORE:
        # Nothing here looks like anything the model was trained on (a page of one block,
        # say): the rule-only classifier decides rather than an empty article.
        return classify_heuristic(blocks), x
    threshold = options.threshold if top >= options.threshold else top * FALLBACK_SHARE
    keep = probs.astype(np.float64) >= threshold
    return [Decision("body" if k else "boilerplate", p, _REASONS[c]) for k, p, c in
            zip(keep.tolist(), probs.tolist(), _reason_codes(x, keep).tolist(), strict=True)], x


#: When no block reaches the threshold, the best blocks within this share of the top score
#: are kept: an uncertain page (a shop, a listing) yields its likeliest text, not nothing.
#: Below FALLBACK_MIN_SCORE the model is out of its depth and the rules decide.
FALLBACK_SHARE = 0.7
FALLBACK_MIN_SCORE = 0.1
