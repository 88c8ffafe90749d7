"""Stage 2, parse: text to an lxml DOM, parsed once for the whole pipeline."""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

from ..errors import InputError

# huge_tree: libxml2's own caps (10 MB text nodes, depth 256) silently drop the rest of
# the page; thresher's limits (Options.max_bytes, max_depth) apply instead.
_PARSER = HTMLParser(remove_comments=True, remove_pis=True, remove_blank_text=False,
                     collect_ids=False, default_doctype=False, huge_tree=True)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Tags that only wrap: removed to re-parse a page nested past libxml2's depth cap (2048).
_WRAPPERS = re.compile(r"</?(?:div|span|font|b|i|u|s|em|strong|small|big|a|section|article|"
                       r"center|blockquote|ul|ol|li|dl|dd|table|tr|td|tbody)\b[^>]*>",
                       re.IGNORECASE)


def parse(text: str, warnings: list[str] | None = None) -> HtmlElement:
    """Parse HTML text into the root `<html>` element; raises `InputError` if nothing parses.

    A page nested deeper than libxml2 can parse is re-parsed without its wrapper tags
    (structure lost, text kept); a note goes to `warnings` if given.
    """
    text = _XML_DECL.sub("", text, count=1)  # lxml refuses str input with an encoding declaration
    if not text.strip():
        raise InputError("the page is empty")
    root = _parse(text)
    if any("Excessive depth" in e.message for e in _PARSER.error_log):
        root = _parse(_WRAPPERS.sub(" ", text))
        if warnings is not None:
            warnings.append("the page nests elements deeper than the parser allows (2048): "
                            "it was parsed without its wrapper tags")
    return root


def _parse(text: str) -> HtmlElement:
    try:
        root = document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"the page could not be parsed as HTML: {exc}") from exc
    if root is None:
        raise InputError("the page could not be parsed as HTML")
    return root
