"""Structural rules for what a block classifier cannot see: title, byline, captions."""

from __future__ import annotations

import re
import unicodedata

from ..blocks import Block, Decision

_BYLINE = re.compile(r"^(?:by|von|par|por|di|door|av|af|autor|author|written by|text)\b[:\s]",
                     re.IGNORECASE)
_PUNCT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                        "\u2013": "-", "\u2014": "-"})


def fold(text: str) -> str:
    """Case-, width- and punctuation-folded text for comparisons."""
    text = unicodedata.normalize("NFKC", text).translate(_PUNCT).casefold()
    return " ".join(text.split()).rstrip(" .:;,!?")


def is_title_block(block: Block, title: str | None) -> bool:
    """The block repeats the page's headline."""
    if not title or block.kind not in ("heading", "paragraph") or len(block.text) > 400:
        return False
    a, b = fold(block.text), fold(title)
    return bool(a) and (a == b or (len(a) > 15 and (a in b or b in a) and block.kind == "heading"))


def is_byline(block: Block, authors: list[str]) -> bool:
    """A short "By Jane Doe" line, or a short line made of the known author names."""
    if len(block.text) > 120 or block.kind in ("table", "code"):
        return False
    if _BYLINE.match(block.text):
        return True
    if authors:
        t = fold(block.text)
        return all(fold(a) in t for a in authors) and len(t) < 40 * len(authors) + 20
    return False


def apply_rules(blocks: list[Block], decisions: list[Decision], title: str | None,
                authors: list[str]) -> list[Decision]:
    """Relabel kept blocks that are the title or a byline; they are fields, not body."""
    out = list(decisions)
    first_body = next((i for i, d in enumerate(out) if d.label == "body"), None)
    if first_body is None:
        return out
    for i in range(max(0, first_body - 3), min(len(blocks), first_body + 6)):
        b, d = blocks[i], out[i]
        if is_title_block(b, title):
            out[i] = Decision("title", d.score, "repeats the page title")
        elif d.label == "body" and is_byline(b, authors):
            out[i] = Decision("byline", d.score, "byline")
    return out
