"""Stage 3, segment: the DOM to ordered `Block`s, with the raw facts a classifier needs.

One walk over the tree. Block-level elements start and end blocks; inline content is
gathered into the current block. Tables with data become one Markdown table block, `<pre>`
one code block; headings, list items, quotes and captions keep their kind.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from ..blocks import Block
from ..limits import current_deadline
from ..options import Options
from .tables import is_data_table, table_block_text
from .visible import SKIP_TAGS, is_hidden, visible_text

BLOCK_TAGS = frozenset({
    "html", "body", "p", "div", "section", "article", "main", "aside", "header", "footer",
    "nav", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table",
    "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "blockquote", "pre", "figure",
    "figcaption", "form", "fieldset", "legend", "address", "details", "summary", "hr",
    "center", "menu", "hgroup", "dialog", "noframes", "listing", "plaintext", "xmp",
})
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_WS = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_BR_RUN = "\x00"  # marks two or more <br> in a row: a paragraph break
# Control characters that character references ("&#1;") put back after decode removed them,
# and soft hyphens (U+00AD, "&shy;"): invisible line-break hints that split words in the text.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\xad]")


@dataclass(slots=True)
class Segmentation:
    """Blocks in document order, the element each came from, and what went wrong."""

    blocks: list[Block]
    elements: list[HtmlElement]
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Ctx:
    """Where in the tree the walk is: the block that owns inline text gathered now."""

    element: HtmlElement | None
    path: tuple[str, ...]
    attrs: tuple[str, ...]
    ancestors: tuple[int, ...]
    quote: bool = False
    figure: bool = False
    list_depth: int = 0
    ordered: bool = False
    list_item: list[int] | None = None  # [blocks emitted] of the enclosing <li>, if any


def normalize_space(text: str) -> str:
    """Collapse runs of horizontal white space; trim each line; drop empty lines."""
    if "\n" not in text:  # most blocks: one line, no generator
        return _WS.sub(" ", text).strip()
    lines = (_WS.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _attr_tokens(el: HtmlElement) -> str:
    attrib = el.attrib
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
        tag = ctx.path[-1] if ctx.path else "body"
        if not kind:
            kind, level, markdown = self._kind_of(ctx, text)
        self.blocks.append(Block(
            index=len(self.blocks), text=text, kind=kind, markdown=markdown or text, tag=tag,
            level=level, ordered=ctx.ordered, path=ctx.path, attrs=ctx.attrs,
            depth=len(ctx.path), link_chars=links,
            container=ctx.ancestors[-1] if ctx.ancestors else 0, ancestors=ctx.ancestors,
        ))
        self.elements.append(ctx.element)

    def _kind_of(self, ctx: _Ctx, text: str) -> tuple[str, int, str]:
        if ctx.list_item is not None:
            first = ctx.list_item[0] == 0
            ctx.list_item[0] += 1
            indent = "   " * max(ctx.list_depth - 1, 0)  # 3: CommonMark nests under "1. "
            if first:
                marker = "1. " if ctx.ordered else "- "
                return "list_item", ctx.list_depth, indent + marker + text.replace("\n", " ")
            return "list_item", ctx.list_depth, indent + "   " + text.replace("\n", " ")
        if ctx.path and ctx.path[-1] == "figcaption":
            return "caption", 0, text
        if ctx.quote:
            return "quote", 0, "\n".join("> " + line for line in text.split("\n"))
        if ctx.figure:
            return "caption", 0, text
        return "paragraph", 0, text.replace("\n", "  \n")

    # -- walking ----------------------------------------------------------------------------
    def walk(self, root: HtmlElement) -> None:
        body = root.find("body")
        start = body if body is not None else root
        ctx = _Ctx(start, ("body",), (_attr_tokens(start),), (0,))
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
        if self.stopped:
            return
        self.nodes += 1
        if (self.nodes > self.max_nodes or not self.nodes % 2000) and not self.check_limits():
            return
        tag = el.tag
        if not isinstance(tag, str):  # comments and processing instructions
            self.add_inline_text(el.tail, in_link)
            return
        tag = tag.lower()
        if tag in self.skip or is_hidden(el):
            pass
        elif tag == "br":
            self.buf.append("\n")
            if self.buf[-2:] == ["\n", "\n"]:
                self.buf[-2:] = [_BR_RUN]
        elif len(ctx.path) + self.inline_depth >= self.max_depth:
            self.flatten(el, ctx)
        elif tag in BLOCK_TAGS:
            self.visit_block(el, tag, ctx, in_link)
        else:
            link = in_link or tag == "a"
            self.add_inline_text(el.text, link)
            self.inline_depth += 1
            for child in el:
                self.visit(child, ctx, link)
            self.inline_depth -= 1
        self.add_inline_text(el.tail, in_link)

    def flatten(self, el: HtmlElement, ctx: _Ctx) -> None:
        """Past `max_depth`: take the subtree's text as inline text of the current block."""
        if not any("max_depth" in w for w in self.warnings):
            self.warnings.append(f"max_depth={self.options.max_depth} reached: deeper "
                                 "elements were flattened into their ancestor")
        self.add_inline_text(" ".join(el.itertext(with_tail=False)))

    def visit_block(self, el: HtmlElement, tag: str, ctx: _Ctx, in_link: bool = False) -> None:
        self.flush(ctx)
        self.next_id += 1
        inner = _Ctx(el, ctx.path + (tag,), ctx.attrs + (_attr_tokens(el),),
                     ctx.ancestors + (self.next_id,), ctx.quote, ctx.figure, ctx.list_depth,
                     ctx.ordered, ctx.list_item)
        if tag in HEADINGS:
            self.emit_whole(el, inner, "heading", HEADINGS[tag])
            return
        if tag == "pre" or tag in ("listing", "xmp", "plaintext"):
            self.emit_code(el, inner)
            return
        if tag == "table" and is_data_table(el):  # one block, or none with tables=False
            if self.options.tables:
                text, markdown = table_block_text(el)
                if text:
                    self.emit(inner, text, 0, "table", 0, markdown)
            return
        if tag in ("ul", "ol", "menu", "dl"):
            inner.list_depth += 1
            inner.ordered = tag == "ol"
        elif tag in ("li", "dt", "dd"):
            inner.list_item = [0]
        elif tag == "blockquote":
            inner.quote = True
        elif tag == "figure":
            inner.figure = True
        self.add_inline_text(el.text, in_link)
        for child in el:
            self.visit(child, inner, in_link)
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
