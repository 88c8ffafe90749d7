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


def _reason(row: np.ndarray, keep: bool) -> str:
    """A short human reason from the features that usually decide."""
    hints = []
    if row[_COL["link_density"]] > 0.5:
        hints.append("mostly links")
    inside = row[_COL["in_best"]] > 0
    hints.append(("inside" if inside else "outside") + " the main text container")
    if row[_COL["log_words"]] < 1.8:
        hints.append("very short")
    elif row[_COL["ends_sentence"]] > 0 and row[_COL["function_word_ratio"]] > 0.15:
        hints.append("reads like prose")
    return ("kept: " if keep else "dropped: ") + ", ".join(hints)


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
    decisions = []
    for row, p in zip(x, probs.tolist(), strict=True):
        keep = p >= threshold
        decisions.append(Decision("body" if keep else "boilerplate", p, _reason(row, keep)))
    return decisions, x


#: When no block reaches the threshold, the best blocks within this share of the top score
#: are kept: an uncertain page (a shop, a listing) yields its likeliest text, not nothing.
#: Below FALLBACK_MIN_SCORE the model is out of its depth and the rules decide.
FALLBACK_SHARE = 0.7
FALLBACK_MIN_SCORE = 0.1
