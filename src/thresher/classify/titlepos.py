"""Block features relative to the headline block: an article's body follows its headline
inside a small shared container; teasers, rails and menus sit apart from it."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..blocks import Block
from .rules import fold

TITLE_NAMES = ["title_found", "title_char_offset", "title_lca_up", "title_lca_share"]


def title_block(blocks: list[Block], title: str | None) -> int:
    """Index of the block that repeats the headline (a heading preferred); -1 if none."""
    if not title:
        return -1
    key = fold(title)
    found = -1
    for i, b in enumerate(blocks):
        if b.kind not in ("heading", "paragraph") or len(b.text) > 400:
            continue
        text = fold(b.text)
        if text and (text == key or (b.kind == "heading" and len(text) > 15
                                     and (text in key or key in text))):
            if b.kind == "heading":
                return i
            if found < 0:
                found = i
    return found


def title_relation(blocks: list[Block], title: str | None,
                   container_sums: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Columns TITLE_NAMES: whether a headline block was found; the share of the page's text
    from it to the block (signed); how many levels up from the block their lowest common
    container is; that container's share of the page's text. `container_sums(per_block)`
    gives the per-container sums of a per-block array (indexed by ancestor id)."""
    n = len(blocks)
    out = np.zeros((n, len(TITLE_NAMES)), dtype=np.float32)
    t = title_block(blocks, title)
    if t < 0:
        out[:, 1], out[:, 2], out[:, 3] = -2.0, 99.0, 1.0
        return out
    sizes = np.fromiter((len(b.text) for b in blocks), np.float64, n)
    total = float(sizes.sum()) or 1.0
    before = np.cumsum(sizes) - sizes
    under = container_sums(sizes)
    head = blocks[t].ancestors
    out[:, 0] = 1.0
    out[:, 1] = (before - before[t]) / total
    for i, b in enumerate(blocks):
        anc = b.ancestors
        c = 0
        for x, y in zip(anc, head, strict=False):
            if x != y:
                break
            c += 1
        out[i, 2] = len(anc) - c
        out[i, 3] = under[anc[c - 1]] / total if c else 1.0
    return out
