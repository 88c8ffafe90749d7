"""Reader comments (only when `Options.comments` asks): a list of its own, never body text.

Sources: JSON-LD `comment` items of the main entity, microdata (`itemprop=comment`,
`itemtype=.../Comment`) and elements classed as single comments ("comment", "comment-body",
"comment-item"), each with its author and date when the markup gives them.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..article import Comment
from .sources import Sources, clean, visible_text
from .textdates import parse_date

_ITEM = re.compile(r"^(?:comment|comment-item|comment-container|single-comment|c-comment|"
                   r"js-comment|commentlist-item|comment-wrapper)$")
_TEXT = re.compile(r"-(?:content|text|body|message)\b|(?:^|\s)(?:content|text|message|body)"
                   r"(?:\s|$)")
_AUTHOR = re.compile(r"author|user-?name|fn|nickname|commenter")
_MAX = 500


def _from_ld(src: Sources) -> list[Comment]:
    items = src.main.get("comment") or []
    out = []
    for c in items if isinstance(items, list) else [items]:
        c = src.resolve(c)
        if not isinstance(c, dict) or not (text := clean(c.get("text"))):
            continue
        author = src.resolve(c.get("author"))
        name = clean(author.get("name") if isinstance(author, dict) else author)
        date = c.get("dateCreated") or c.get("datePublished")
        out.append(Comment(text, name, parse_date(date) if isinstance(date, str) else None))
    return out


def _is_item(el: HtmlElement) -> bool:
    if el.get("itemprop") == "comment" or "schema.org/Comment" in (el.get("itemtype") or ""):
        return True
    cls = (el.get("class") or "").lower().split()
    return any(_ITEM.match(c) for c in cls) or bool(
        re.match(r"^comment-\d+$", el.get("id") or ""))


def _part(el: HtmlElement, rx: re.Pattern[str]) -> HtmlElement | None:
    for node in el.iter():
        if node is not el and isinstance(node.tag, str) and rx.search(
                (node.get("class") or "").lower()):
            return node
    return None


def _comment(el: HtmlElement) -> Comment | None:
    body = _part(el, _TEXT)
    if body is None:
        body = el.find(".//*[@itemprop='text']")
    text = clean(visible_text(body if body is not None else el))
    if not text:
        return None
    author_el = el.find(".//*[@itemprop='author']")
    if author_el is None:
        author_el = _part(el, _AUTHOR)
    author = clean(visible_text(author_el)) if author_el is not None else None
    t = el.find(".//time")
    when = (t.get("datetime") or clean(t.text_content()) or "") if t is not None else ""
    return Comment(text, author if author and len(author) < 80 else None,
                   parse_date(when) if when else None)


def find_comments(src: Sources) -> list[Comment]:
    """The page's reader comments in document order."""
    out = _from_ld(src)
    if out:
        return out[:_MAX]
    seen: set[str] = set()
    for el in src.elements():
        if not isinstance(el.tag, str) or not _is_item(el):
            continue
        if (c := _comment(el)) is not None and c.text not in seen:
            seen.add(c.text)
            out.append(c)
        if len(out) >= _MAX:
            break
    return out

