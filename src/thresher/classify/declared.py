"""The body text a page declares in its structured data, as a check on the model's body.

Many pages repeat their main text in JSON-LD (a news article's `articleBody`, a forum post's
`text`, a product's `description`). When the blocks the model kept cover little of that
text, the blocks that repeat it are the page's own content, whatever the layout suggests:
a description set apart from the rest, a body behind a script-lifted gate.
"""

from __future__ import annotations

import re

from ..blocks import Block, Decision

_WORD = re.compile(r"\w+")
#: Below this share of the declared text's word pairs in the model's body, the body is
#: taken to have missed it.
MISSED = 0.5
#: A block is part of the declared text when this share of its word pairs is in it.
PART = 0.8


def _pairs(text: str) -> set[tuple[str, str]]:
    words = _WORD.findall(text.casefold())
    return set(zip(words, words[1:], strict=False))


def recover_declared(blocks: list[Block], decisions: list[Decision],
                     declared: str | None) -> list[Decision]:
    """`decisions` with the boilerplate blocks that repeat the declared body made body, when
    the body the model kept covers less than MISSED of it."""
    if not declared:
        return decisions
    known = _pairs(declared)
    if not known:
        return decisions
    if len(blocks) != len(decisions):  # (the loop below may stop before zip could tell)
        raise ValueError("blocks and decisions differ in length")
    enough = MISSED * len(known)
    kept: set[tuple[str, str]] = set()
    for b, d in zip(blocks, decisions, strict=True):
        if d.label == "body":
            kept |= _pairs(b.text) & known
            if len(kept) >= enough:
                return decisions  # (most pages: the rest of the pairs are never built)
    out = list(decisions)
    for i, (b, d) in enumerate(zip(blocks, decisions, strict=True)):
        if d.label == "boilerplate" and (p := _pairs(b.text)) and len(p & known) >= PART * len(p):
            out[i] = Decision("body", d.score, "repeats the page's declared body")
    return out
