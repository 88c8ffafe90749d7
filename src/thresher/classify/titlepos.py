"""Block features relative to the headline block: an article's body follows its headline
inside a small shared container; teasers, rails and menus sit apart from it."""

from __future__ import annotations

import numpy as np

from ..blocks import Block
from .ancestry import Ancestry
from .rules import fold, repeats_title

TITLE_NAMES = ["title_found", "title_char_offset", "title_lca_up", "title_lca_share"]


def title_block(blocks: list[Block], title: str | None) -> int:
    """Index of the block that repeats the headline (a heading preferred); -1 if none."""
    if not title:
        return -1
    folded, found = fold(title), -1
    for i, b in enumerate(blocks):
        if repeats_title(b, folded):
            if b.kind == "heading":
                return i
            if found < 0:
                found = i
    return found


def title_relation(blocks: list[Block], title: str | None, tree: Ancestry) -> np.ndarray:
    """Columns TITLE_NAMES: whether a headline block was found; the share of the page's text
    from it to the block (signed); how many levels up from the block their lowest common
    container is; that container's share of the page's text."""
    n = len(blocks)
    out = np.zeros((n, len(TITLE_NAMES)), dtype=np.float32)
    t = title_block(blocks, title) if title else -1
    if t < 0:
        out[:, 1], out[:, 2], out[:, 3] = -2.0, 99.0, 1.0
        return out
    sizes = np.array([len(b.text) for b in blocks], dtype=np.float64)
    total = float(sizes.sum()) or 1.0
    before = np.cumsum(sizes) - sizes
    shared = tree.shared(blocks[t].ancestors)
    some = shared > 0
    common = tree.flat[(tree.starts + shared - 1)[some]]  # the innermost shared ancestor
    out[:, 0] = 1.0
    out[:, 1] = (before - before[t]) / total
    out[:, 2] = tree.lengths - shared
    out[:, 3] = 1.0
    out[some, 3] = tree.sums(sizes)[common] / total
    return out
