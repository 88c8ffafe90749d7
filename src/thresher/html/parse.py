"""Stage 2, parse: text to an lxml DOM, parsed once for the whole pipeline."""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

from ..errors import InputError

_PARSER = HTMLParser(remove_comments=True, remove_pis=True, remove_blank_text=False,
                     collect_ids=False, default_doctype=False)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def parse(text: str) -> HtmlElement:
    """Parse HTML text into the root `<html>` element; raises `InputError` if nothing parses."""
    text = _XML_DECL.sub("", text, count=1)  # lxml refuses str input with an encoding declaration
    if not text.strip():
        raise InputError("the page is empty")
    try:
        root = document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"the page could not be parsed as HTML: {exc}") from exc
    if root is None:
        raise InputError("the page could not be parsed as HTML")
    return root
