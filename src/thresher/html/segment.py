"""Stage 3, segment: the DOM to ordered `Block`s, with the raw facts a classifier needs.

One walk over the tree. Block-level elements start and end blocks; inline content is
gathered into the current block. Tables with data become one Markdown table block, `<pre>`
one code block; headings, list items, quotes and captions keep their kind.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple

from lxml import etree
from lxml.html import HtmlElement

from ..blocks import Block
from ..limits import current_deadline
from ..options import Options
from . import tags
from .tables import is_data_table, table_block_text
from .tags import BLOCK, BR, CODE, HEADING, HEADINGS, INLINE, LINK, SKIP, TABLE
from .visible import SKIP_TAGS, hidden_by, visible_text

# Horizontal white space, zero-width space and BOM included: runs collapse to one space.
_SPACES = (" \t\r\f\v\u00a0" + "".join(map(chr, range(0x2000, 0x200C)))
           + "\u202f\u205f\u3000\ufeff")
_WS = re.compile(f"[{_SPACES}]+")
_BR_RUN = "\x00"  # marks two or more <br> in a row: a paragraph break
_BLANK = _SPACES + "\n" + _BR_RUN  # a buffer of only these is no text
# Control characters that character references ("&#1;") put back after decode removed them,
# and soft hyphens (U+00AD, "&shy;"): invisible line-break hints that split words in the text.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\xad]")


@dataclass(slots=True)
class Segmentation:
    """Blocks in document order, and what went wrong."""

    blocks: list[Block]
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

    __slots__ = ("tag", "parent", "block_id", "attrib", "depth", "mode", "_facts")

    def __init__(self, tag: str, parent: _Ctx | None, block_id: int,
                 attrib: dict[str, str] | None, depth: int, mode: _Mode = _PLAIN) -> None:
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
            # Capped: a 20 MB class would be searched again for every block below it.
            tokens = (f"{attrib.get('class', '')[:300]} {attrib.get('id', '')[:300]}"
                      .lower().strip() if (attrib := self.attrib) else "")
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


class _Walker:
    def __init__(self, options: Options, skip: frozenset[str] = SKIP_TAGS) -> None:
        self.options = options
        self.skip = skip
        self.blocks: list[Block] = []
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
        self.check_at = min(self.max_nodes + 1, 2000)  # the node count of the next check
        self.actions = dict(tags.actions_for(skip))  # a copy: `action_of` adds to it

    # -- emitting -------------------------------------------------------------------------
    def flush(self, ctx: _Ctx) -> None:
        if not self.buf:
            return
        raw = "".join(self.buf)
        links = self.link_chars
        self.buf.clear()  # in place: `visit` holds the list
        self.link_chars = 0
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
        path, attrs, ancestors = ctx._facts or ctx.facts()
        # Positional, in the order of Block's fields: a fifth faster than by keyword.
        self.blocks.append(Block(
            len(self.blocks), text, kind, markdown or text, ctx.tag, level, ctx.mode.ordered,
            path, attrs, ctx.depth, links, ctx.block_id, ancestors))

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
        ctx = _Ctx("body", None, 0, dict(start.items()), 1)
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
        the nodes and calls this only when one of the two may be true (`check_at`)."""
        if self.nodes > self.max_nodes:
            self.warnings.append(f"max_nodes={self.max_nodes} reached: "
                                 "the rest of the page was ignored")
            self.stopped = True
        elif time.monotonic() > self.deadline:
            self.warnings.append(f"half of time_limit={self.options.time_limit}s spent "
                                 "segmenting: the rest of the page was ignored")
            self.stopped = True
        self.check_at = min(self.max_nodes + 1, (self.nodes // 2000 + 1) * 2000)
        return not self.stopped

    def visit(self, top: HtmlElement, ctx: _Ctx) -> None:
        """Walk `top`, its subtree and its tail into blocks under `ctx`.

        One loop over lxml's start and end events rather than a Python call per element:
        the hot loop of the stage, so the helpers it would call are written out.
        """
        if self.stopped:
            return
        actions, buf, max_depth = self.actions, self.buf, self.max_depth
        nodes, inline_depth, in_link = self.nodes, 0, False
        stack: list[int] = []  # the action taken on each open element
        events = (etree.iterwalk(top, events=("start", "end", "comment", "pi"))
                  if isinstance(top.tag, str) else [("comment", top)])  # not an element
        for event, el in events:
            if event == "end":
                action = stack.pop()
                if action == BLOCK:
                    if buf:
                        self.flush(ctx)
                    ctx = ctx.parent  # type: ignore[assignment]
                elif action == INLINE:
                    inline_depth -= 1
                elif action == LINK:
                    inline_depth, in_link = inline_depth - 1, False
            else:  # a start, comment or processing instruction: one more node
                nodes += 1
                if nodes >= self.check_at:
                    self.nodes = nodes
                    if not self.check_limits():
                        break
                if event == "start":
                    tag = el.tag
                    action = actions.get(tag)
                    if action is None:  # upper case, an unknown tag, an entity
                        tag, action = tags.action_of(tag, actions)
                    if action != SKIP and (items := el.items()):
                        attrib = dict(items)
                        if hidden_by(attrib):
                            action = SKIP
                    else:
                        attrib = None
                    if action == SKIP:
                        pass
                    elif action == BR:
                        buf.append("\n")
                        if buf[-2:] == ["\n", "\n"]:
                            buf[-2:] = [_BR_RUN]
                    elif ctx.depth + inline_depth >= max_depth:
                        self.flatten(el)
                    elif action <= LINK:  # inline: its text joins the current block
                        if (text := el.text):
                            buf.append(text.replace("\n", " "))
                            if in_link or action == LINK:
                                self.link_chars += len(text.strip())
                        inline_depth += 1
                        if action == LINK and in_link:
                            action = INLINE  # a link in a link ends inside the outer one
                        in_link = in_link or action == LINK
                        stack.append(action)
                        continue
                    elif (inner := self.open_block(el, tag, action, ctx, attrib,
                                                   in_link)) is not None:
                        ctx = inner
                        stack.append(BLOCK)
                        continue
                    events.skip_subtree()  # skipped, hidden, or taken whole
                    stack.append(SKIP)
                    continue
            # White space between tags, with nothing before it in the block: left out, so
            # that the next block's start or this block's end has nothing to flush.
            if (tail := el.tail) and (buf or tail.strip(_BLANK)):
                buf.append(tail.replace("\n", " "))
                if in_link:
                    self.link_chars += len(tail.strip())
        self.nodes = nodes
        if self.stopped:  # close the elements left open, as their end events would
            for action, open_el in zip(reversed(stack), el.iterancestors(), strict=False):
                if action == BLOCK:
                    if buf:
                        self.flush(ctx)
                    ctx = ctx.parent  # type: ignore[assignment]
                elif action == LINK:
                    in_link = False
                self.add_inline_text(open_el.tail, in_link)

    def flatten(self, el: HtmlElement) -> None:
        """Past `max_depth`: take the subtree's text as inline text of the current block."""
        if not any("max_depth" in w for w in self.warnings):
            self.warnings.append(f"max_depth={self.options.max_depth} reached: deeper "
                                 "elements were flattened into their ancestor")
        self.add_inline_text(" ".join(el.itertext(with_tail=False)))

    def open_block(self, el: HtmlElement, tag: str, action: int, ctx: _Ctx,
                   attrib: dict[str, str] | None, in_link: bool) -> _Ctx | None:
        """Start the block of a block element: the context for its content, or None if
        the element was taken whole (a heading, code, a data table)."""
        if self.buf:
            self.flush(ctx)
        self.next_id += 1
        inner = _Ctx(tag, ctx, self.next_id, attrib, ctx.depth + 1, ctx.mode)
        if action != BLOCK:  # most blocks (div, p, td, ...) are plain
            if action == HEADING:
                self.emit_whole(el, inner, "heading", HEADINGS[tag])
                return None
            if action == CODE:
                self.emit_code(el, inner)
                return None
            if action == TABLE:
                if is_data_table(el):  # one block, or none with tables=False
                    if self.options.tables:
                        text, markdown = table_block_text(el)
                        if text:
                            self.emit(inner, text, 0, "table", 0, markdown)
                    return None
            else:
                inner.mode = _enter(ctx.mode, tag)
        text = el.text
        if text and text.strip(_BLANK):  # the buffer is empty: see the tails in `visit`
            self.buf.append(text.replace("\n", " "))
            if in_link:
                self.link_chars += len(text.strip())
        return inner

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
    quote, figure, list_depth, ordered, list_item = mode  # not `_replace`: 3x slower
    if tag in ("ul", "ol", "menu", "dl"):
        return _Mode(quote, figure, list_depth + 1, tag == "ol", list_item)
    if tag in ("li", "dt", "dd"):
        return _Mode(quote, figure, list_depth, ordered, [0])
    if tag == "blockquote":
        return _Mode(True, figure, list_depth, ordered, list_item)
    return _Mode(quote, True, list_depth, ordered, list_item)  # "figure"


#: Below this much text, a page is taken to need scripts, and its <noscript> is read.
NOSCRIPT_FALLBACK_CHARS = 500
_TEXT = attrgetter("text")


def segment(root: HtmlElement, options: Options) -> Segmentation:
    """Cut the page into blocks in document order.

    `<noscript>` is skipped, unless the page has almost no text without it: script-built
    pages (forums, shops) often put their server-rendered content there.
    """
    walker = _Walker(options)
    walker.walk(root)
    chars = sum(map(len, map(_TEXT, walker.blocks)))  # in C: no generator step per block
    if (chars < NOSCRIPT_FALLBACK_CHARS and not walker.stopped
            and root.find(".//noscript") is not None):
        with_noscript = _Walker(options, SKIP_TAGS - {"noscript"})
        with_noscript.walk(root)
        if sum(map(len, map(_TEXT, with_noscript.blocks))) > chars:
            walker = with_noscript
    return Segmentation(walker.blocks, walker.warnings)
