"""A rule-only classifier: keeps the text-rich container, drops link lists (fallback)."""

from __future__ import annotations

from collections import defaultdict

from ..blocks import Block, Decision


def classify_heuristic(blocks: list[Block]) -> list[Decision]:
    """Score each ancestor by the plain text under it; keep the best one's dense blocks."""
    score: dict[int, float] = defaultdict(float)
    for b in blocks:
        plain = max(len(b.text) - 2 * b.link_chars, 0)
        if b.kind in ("paragraph", "quote", "list_item") and plain > 25:
            for depth, anc in enumerate(reversed(b.ancestors)):
                score[anc] += plain / (1 + depth) ** 1.5
    best = max(score, key=score.__getitem__) if score else None
    out = []
    for b in blocks:
        dens = b.link_chars / max(len(b.text), 1)
        inside = best is not None and best in b.ancestors
        keep = inside and dens < 0.5
        out.append(Decision("body" if keep else "boilerplate", 1.0 if keep else 0.0,
                            "in main container" if inside else "outside main container"))
    return out
