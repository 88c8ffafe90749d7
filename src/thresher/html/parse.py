"""Stage 2, parse: text to an lxml DOM, parsed once for the whole pipeline."""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HtmlProcessingInstruction,
    document_fromstring,
)

from ..errors import InputError

# libxml2 stops at depth 256 and at 10 MB text nodes and drops the rest of the page, unless
# told huge_tree. Most pages are parsed without it: its depth of 2048 multiplies the time of
# every stray end tag (libxml2 scans the open elements), so a page of them took 10 s. The
# few pages that hit a cap are parsed again: with huge_tree, and past depth 256 also without
# their wrapper tags (structure lost, text kept).
_OPTIONS = dict(remove_comments=True, remove_pis=True, remove_blank_text=False,
                collect_ids=False, default_doctype=False)


def _parser(**options: bool | str) -> etree.HTMLParser:
    """An HTML parser whose elements are `HtmlElement`s, chosen in C: lxml.html's own
    lookup is a Python call for every element object made (a sixth of the pipeline's
    time), for form-control classes the pipeline never uses."""
    parser = etree.HTMLParser(**options)
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction,
        entity=HtmlEntity))
    return parser


# The text goes to libxml2 as UTF-8 bytes: handed a str, lxml passes its UTF-16 or UCS-4
# buffer, which libxml2 converts more slowly than Python encodes (parsing takes ~10% less
# time; the same tree and errors on every page tried).
_PARSERS = {huge: _parser(huge_tree=huge, encoding="utf-8", **_OPTIONS) for huge in (False, True)}
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# "<script .../>": HTML ignores the slash on a non-void element, so browsers run what follows
# as script up to "</script>"; libxml2 closes the element and shows the code as text.
_SELF_CLOSED_RAW = re.compile(r"<(?:script|style|SCRIPT|STYLE|Script)\b[^>]*/>")
_WRAPPERS = re.compile(r"</?(?:div|span|font|b|i|u|s|em|strong|small|big|a|section|article|"
                       r"center|blockquote|ul|ol|li|dl|dd|table|tr|td|tbody)\b[^>]*>",
                       re.IGNORECASE)


def parse(text: str, warnings: list[str] | None = None) -> HtmlElement:
    """Parse HTML text into the root `<html>` element; raises `InputError` if nothing parses.

    A page nested deeper than libxml2 parses quickly (256) is parsed again without its
    wrapper tags; a note goes to `warnings` if given.
    """
    text = _XML_DECL.sub("", text, count=1)  # lxml refuses str input with an encoding declaration
    text = _SELF_CLOSED_RAW.sub(lambda m: m[0][:-2] + ">", text)
    if not text or text.isspace():  # as `not text.strip()`, without copying the page
        raise InputError("the page is empty")
    root, errors = _parse(text)
    fatal = [e.message for e in errors if e.level_name == "FATAL"]
    if any("Excessive depth" in m for m in fatal):
        root = _parse(_WRAPPERS.sub(" ", text), huge=True)[0]
        if warnings is not None:
            warnings.append("the page nests elements deeper than 256: it was parsed "
                            "without its wrapper tags (div, span, lists, tables, ...)")
    elif any("XML_PARSE_HUGE" in m for m in fatal):
        root = _parse(text, huge=True)[0]
    return root


def _parse(text: str, huge: bool = False) -> tuple[HtmlElement, etree._ListErrorLog]:
    """The root element and the parser's error log."""
    # A lone surrogate (decode drops them; a caller of `parse` may not) becomes "?": passed
    # as a str, libxml2 dropped the rest of its text node.
    data = text.encode("utf-8", "replace")
    parser = _PARSERS[huge]
    try:
        root = document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"the page could not be parsed as HTML: {exc}") from exc
    if root is None:
        raise InputError("the page could not be parsed as HTML")
    return root, parser.error_log
