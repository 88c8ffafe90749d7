"""Plain data passed between stages: `Block` (one unit of the page) and `Decision`."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Structural kinds of blocks.
KINDS = ("paragraph", "heading", "list_item", "quote", "code", "table", "caption", "other")

#: Labels the classifier and the rules assign.
LABELS = ("body", "title", "subtitle", "byline", "date", "caption", "credit", "comment",
          "boilerplate")


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-like unit of a page, in document order.

    `markdown` is the block rendered on its own (a heading with its `#`s, a list item with
    its marker, a table as a Markdown table, code fenced); `text` is the plain text.
    The remaining fields are the raw facts a classifier turns into features.
    """

    index: int
    text: str
    kind: str = "paragraph"
    markdown: str = ""
    tag: str = "p"
    level: int = 0  # heading level (1-6) or list nesting depth
    ordered: bool = False  # list item of an <ol>
    path: tuple[str, ...] = ()  # tags from <body> down to the block's element
    attrs: tuple[str, ...] = ()  # "class id" of each element of `path`, lower-cased
    depth: int = 0
    link_chars: int = 0
    container: int = 0  # id of the nearest sectioning ancestor (groups sibling blocks)
    ancestors: tuple[int, ...] = ()  # ids of the block-level ancestors, outermost first
    extra: dict[str, object] = field(default_factory=dict)  # stage-specific facts


@dataclass(frozen=True, slots=True)
class Decision:
    """What the classifier made of a block: a label, a score in [0, 1] and a reason."""

    label: str
    score: float
    reason: str
