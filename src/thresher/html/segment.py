"""Stage 3, segment: the DOM to ordered `Block`s, with the raw facts a classifier needs.

One walk over the tree. Block-level elements start and end blocks; inline content is
gathered into the current block. Tables with data become one Markdown table block, `<pre>`
one code block; headings, list items, quotes and captions keep their kind.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import NamedTuple

from lxml.html import HtmlElement

from ..blocks import Block
from ..limits import current_deadline
from ..options import Options
from .tables import is_data_table, table_block_text
from .visible import SKIP_TAGS, hidden_by, visible_text

BLOCK_TAGS = frozenset({
    "html", "body", "p", "div", "section", "article", "main", "aside", "header", "footer",
    "nav", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table",
    "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "blockquote", "pre", "figure",
    "figcaption", "form", "fieldset", "legend", "address", "details", "summary", "hr",
    "center", "menu", "hgroup", "dialog", "noframes", "listing", "plaintext", "xmp",
})
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Block elements the walk treats apart: one block for the whole element, or a new mode.
_SPECIAL = dict.fromkeys(HEADINGS, "heading") | dict.fromkeys(
    ("pre", "listing", "xmp", "plaintext"), "code") | {"table": "table"} | dict.fromkeys(
    ("ul", "ol", "menu", "dl", "li", "dt", "dd", "blockquote", "figure"), "mode")
_WS = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_BR_RUN = "\x00"  # marks two or more <br> in a row: a paragraph break
# What `_WS` matches, with line and paragraph breaks: a buffer of only these is no text.
_BLANK = (" \t\r\f\v\u00a0" + "".join(map(chr, range(0x2000, 0x200C)))
          + "\u202f\u205f\u3000\ufeff\n" + _BR_RUN)
# Control characters that character references ("&#1;") put back after decode removed them,
# and soft hyphens (U+00AD, "&shy;"): invisible line-break hints that split words in the text.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\xad]")


@dataclass(slots=True)
class Segmentation:
    """Blocks in document order, the element each came from, and what went wrong."""

    blocks: list[Block]
    elements: list[HtmlElement]
    warnings: list[str] = field(default_factory=list)


class _Mode(NamedTuple):
    """What the enclosing block elements make of the text: quote, caption, list item."""

    quote: bool = False
    figure: bool = False
    list_depth: int = 0
    ordered: bool = False
    list_item: list[int] | None = None  # [blocks emitted] of the enclosing <li>, if any


_PLAIN = _Mode()


class _Ctx:
    """Where in the tree the walk is: the block that owns inline text gathered now.

    The path, attribute tokens and ancestor ids of a block element are tuples over all its
    block ancestors: built (`facts`) only for the elements that emit a block, not for every
    wrapper walked through.
    """

    __slots__ = ("element", "tag", "parent", "block_id", "attrib", "depth", "mode", "_facts")

    def __init__(self, element: HtmlElement | None, tag: str, parent: _Ctx | None,
                 block_id: int, attrib: dict[str, str] | None, depth: int,
                 mode: _Mode = _PLAIN) -> None:
        self.element = element
        self.tag = tag
        self.parent = parent
        self.block_id = block_id
        self.attrib = attrib
        self.depth = depth  # len(path)
        self.mode = mode
        self._facts: tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...]] | None = None

    def facts(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...]]:
        """(path, attrs, ancestors): tags, "class id" tokens and block ids from <body> down."""
        if self._facts is None:
            tokens = _attr_tokens(self.attrib)
            if self.parent is None:
                self._facts = ((self.tag,), (tokens,), (self.block_id,))
            else:
                path, attrs, ancestors = self.parent.facts()
                self._facts = (path + (self.tag,), attrs + (tokens,),
                               ancestors + (self.block_id,))
        return self._facts


def normalize_space(text: str) -> str:
    """Collapse runs of horizontal white space; trim each line; drop empty lines."""
    if "\n" not in text:  # most blocks: one line, no generator
        return _WS.sub(" ", text).strip()
    lines = (_WS.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _attr_tokens(attrib: dict[str, str] | None) -> str:
    if not attrib:
        return ""
    # Capped: a 20 MB class would be searched again for every block below it.
    return f"{attrib.get('class', '')[:300]} {attrib.get('id', '')[:300]}".lower().strip()


class _Walker:
    def __init__(self, options: Options, skip: frozenset[str] = SKIP_TAGS) -> None:
        self.options = options
        self.skip = skip
        self.blocks: list[Block] = []
        self.elements: list[HtmlElement] = []
        self.warnings: list[str] = []
        self.buf: list[str] = []
        self.link_chars = 0
        self.nodes = 0
        self.max_nodes = options.max_nodes  # read per node: one attribute lookup, not two
        self.max_depth = options.max_depth
        self.next_id = 0
        self.stopped = False
        # Stop at half the page's time budget: the classifier needs the rest (limits.py).
        shared = current_deadline()
        self.deadline = (shared.start + shared.seconds / 2 if shared is not None
                         else time.monotonic() + options.time_limit)
        self.inline_depth = 0  # nesting of inline elements below the current block

    # -- emitting -------------------------------------------------------------------------
    def flush(self, ctx: _Ctx) -> None:
        if not self.buf:
            return
        raw = "".join(self.buf)
        links = self.link_chars
        self.buf, self.link_chars = [], 0
        if not raw.strip(_BLANK):  # white space between tags: nothing to emit
            return
        for part in raw.split(_BR_RUN):
            text = normalize_space(part)
            if text:
                self.emit(ctx, text, min(links, len(text)))

    def emit(self, ctx: _Ctx, text: str, links: int, kind: str = "", level: int = 0,
             markdown: str = "") -> None:
        if _CONTROLS.search(text):
            text, markdown = _CONTROLS.sub("", text), _CONTROLS.sub("", markdown)
            text = text if kind == "code" else normalize_space(text)
            if not text.strip():
                return
        if not kind:
            kind, level, markdown = self._kind_of(ctx, text)
        path, attrs, ancestors = ctx.facts()
        self.blocks.append(Block(
            index=len(self.blocks), text=text, kind=kind, markdown=markdown or text,
            tag=ctx.tag, level=level, ordered=ctx.mode.ordered, path=path, attrs=attrs,
            depth=ctx.depth, link_chars=links, container=ctx.block_id, ancestors=ancestors,
        ))
        self.elements.append(ctx.element)

    def _kind_of(self, ctx: _Ctx, text: str) -> tuple[str, int, str]:
        mode = ctx.mode
        if mode.list_item is not None:
            first = mode.list_item[0] == 0
            mode.list_item[0] += 1
            indent = "   " * max(mode.list_depth - 1, 0)  # 3: CommonMark nests under "1. "
            if first:
                marker = "1. " if mode.ordered else "- "
                return "list_item", mode.list_depth, indent + marker + text.replace("\n", " ")
            return "list_item", mode.list_depth, indent + "   " + text.replace("\n", " ")
        if ctx.tag == "figcaption":
            return "caption", 0, text
        if mode.quote:
            return "quote", 0, "\n".join("> " + line for line in text.split("\n"))
        if mode.figure:
            return "caption", 0, text
        return "paragraph", 0, text.replace("\n", "  \n")

    # -- walking ----------------------------------------------------------------------------
    def walk(self, root: HtmlElement) -> None:
        body = root.find("body")
        start = body if body is not None else root
        ctx = _Ctx(start, "body", None, 0, dict(start.items()), 1)
        self.add_inline_text(start.text)
        for child in start:
            self.visit(child, ctx)
        # Content that broken markup left outside <body>, or after </html> (libxml2 then
        # starts a second top-level element).
        # Their text does not run on from the body's last words, nor from one top-level
        # element to the next.
        groups = [[c for c in root if c.tag not in ("head", "body")] if body is not None else []]
        groups += [[c for c in top if c.tag != "head"] for top in root.itersiblings()
                   if isinstance(top.tag, str)]
        for strays in groups:
            self.flush(ctx)
            for child in strays:
                self.visit(child, ctx)
        self.flush(ctx)

    def add_inline_text(self, text: str | None, in_link: bool = False) -> None:
        if text:
            self.buf.append(text.replace("\n", " "))
            if in_link:
                self.link_chars += len(text.strip())

    def check_limits(self) -> bool:
        """Past max_nodes, or (every 2000 nodes) past the deadline: stop. `visit` counts
        the nodes and calls this only when one of the two may be true."""
        if self.nodes > self.max_nodes:
            self.warnings.append(f"max_nodes={self.max_nodes} reached: "
                                 "the rest of the page was ignored")
            self.stopped = True
        elif time.monotonic() > self.deadline:
            self.warnings.append(f"half of time_limit={self.options.time_limit}s spent "
                                 "segmenting: the rest of the page was ignored")
            self.stopped = True
        return not self.stopped

    def visit(self, el: HtmlElement, ctx: _Ctx, in_link: bool = False) -> None:
        # The hot loop: run for every node, so the helpers it would call are written out.
        if self.stopped:
            return
        self.nodes = nodes = self.nodes + 1
        if (nodes > self.max_nodes or not nodes % 2000) and not self.check_limits():
            return
        tag = el.tag
        if isinstance(tag, str):  # not a comment nor a processing instruction
            tag = tag.lower()
            items = None if tag in self.skip else el.items()
            attrib = dict(items) if items else None
            if items is None or (attrib and hidden_by(attrib)):
                pass
            elif tag == "br":
                buf = self.buf
                buf.append("\n")
                if buf[-2:] == ["\n", "\n"]:
                    buf[-2:] = [_BR_RUN]
            elif ctx.depth + self.inline_depth >= self.max_depth:
                self.flatten(el, ctx)
            elif tag in BLOCK_TAGS:
                self.visit_block(el, tag, ctx, attrib, in_link)
            else:
                link = in_link or tag == "a"
                text = el.text
                if text:
                    self.buf.append(text.replace("\n", " "))
                    if link:
                        self.link_chars += len(text.strip())
                self.inline_depth += 1
                for child in el:
                    self.visit(child, ctx, link)
                self.inline_depth -= 1
        tail = el.tail
        if tail:
            self.buf.append(tail.replace("\n", " "))
            if in_link:
                self.link_chars += len(tail.strip())

    def flatten(self, el: HtmlElement, ctx: _Ctx) -> None:
        """Past `max_depth`: take the subtree's text as inline text of the current block."""
        if not any("max_depth" in w for w in self.warnings):
            self.warnings.append(f"max_depth={self.options.max_depth} reached: deeper "
                                 "elements were flattened into their ancestor")
        self.add_inline_text(" ".join(el.itertext(with_tail=False)))

    def visit_block(self, el: HtmlElement, tag: str, ctx: _Ctx, attrib: dict[str, str] | None,
                    in_link: bool = False) -> None:
        if self.buf:
            self.flush(ctx)
        self.next_id += 1
        inner = _Ctx(el, tag, ctx, self.next_id, attrib, ctx.depth + 1, ctx.mode)
        special = _SPECIAL.get(tag)
        if special is not None:  # most blocks (div, p, td, ...) are not
            if special == "heading":
                self.emit_whole(el, inner, "heading", HEADINGS[tag])
                return
            if special == "code":
                self.emit_code(el, inner)
                return
            if special == "table":
                if is_data_table(el):  # one block, or none with tables=False
                    if self.options.tables:
                        text, markdown = table_block_text(el)
                        if text:
                            self.emit(inner, text, 0, "table", 0, markdown)
                    return
            else:
                inner.mode = _enter(ctx.mode, tag)
        text = el.text
        if text:
            self.buf.append(text.replace("\n", " "))
            if in_link:
                self.link_chars += len(text.strip())
        for child in el:
            self.visit(child, inner, in_link)
        if self.buf:
            self.flush(inner)

    def emit_whole(self, el: HtmlElement, ctx: _Ctx, kind: str, level: int) -> None:
        links = sum(len(a.text_content().strip()) for a in el.iter("a"))
        text = normalize_space("".join(visible_text(el, self.skip)))
        if text:
            text = text.replace("\n", " ")
            self.emit(ctx, text, min(links, len(text)), kind, level, "#" * level + " " + text)

    def emit_code(self, el: HtmlElement, ctx: _Ctx) -> None:
        code = "".join(visible_text(el, self.skip)).strip("\n")
        if code.strip():
            fence = "````" if "```" in code else "```"
            self.emit(ctx, code, 0, "code", 0, f"{fence}\n{code}\n{fence}")


def _enter(mode: _Mode, tag: str) -> _Mode:
    """The mode inside a list, list item, quote or figure."""
    if tag in ("ul", "ol", "menu", "dl"):
        return mode._replace(list_depth=mode.list_depth + 1, ordered=tag == "ol")
    if tag in ("li", "dt", "dd"):
        return mode._replace(list_item=[0])
    if tag == "blockquote":
        return mode._replace(quote=True)
    return mode._replace(figure=True)  # "figure"


#: Below this much text, a page is taken to need scripts, and its <noscript> is read.
NOSCRIPT_FALLBACK_CHARS = 500


def segment(root: HtmlElement, options: Options) -> Segmentation:
    """Cut the page into blocks in document order.

    `<noscript>` is skipped, unless the page has almost no text without it: script-built
    pages (forums, shops) often put their server-rendered content there.
    """
    walker = _Walker(options)
    walker.walk(root)
    chars = sum(len(b.text) for b in walker.blocks)
    if (chars < NOSCRIPT_FALLBACK_CHARS and not walker.stopped
            and root.find(".//noscript") is not None):
        with_noscript = _Walker(options, SKIP_TAGS - {"noscript"})
        with_noscript.walk(root)
        if sum(len(b.text) for b in with_noscript.blocks) > chars:
            walker = with_noscript
    return Segmentation(walker.blocks, walker.elements, walker.warnings)
