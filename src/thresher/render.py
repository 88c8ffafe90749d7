"""Stage 6, render: kept blocks to plain text and Markdown (Markdown comes from blocks)."""

from __future__ import annotations

from collections.abc import Iterable

from .blocks import Block


def render_text(blocks: Iterable[Block]) -> str:
    """Plain text: one paragraph per block, separated by one blank line."""
    return "\n\n".join(b.text for b in blocks if b.text)


def render_markdown(blocks: Iterable[Block]) -> str:
    """Markdown: consecutive list items form one list; other blocks are split by a blank line."""
    out: list[str] = []
    prev_kind = ""
    for b in blocks:
        md = b.markdown or b.text
        if not md:
            continue
        if out and not (b.kind == "list_item" and prev_kind == "list_item"):
            out.append("\n\n")
        elif out:
            out.append("\n")
        out.append(md)
        prev_kind = b.kind
    return "".join(out)


def render(blocks: list[Block]) -> tuple[str, str]:
    """(text, markdown) of the given blocks."""
    return render_text(blocks), render_markdown(blocks)
