"""Walks of a part of the tree: around an element, and up from it to judge where it sits.

Each element object lxml makes costs about as much as the work done with it, so the
window around a headline is walked outwards from it rather than cut from a list of the
whole page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain

from lxml import etree
from lxml.html import HtmlElement

_E = etree.Element  # as a tag filter: elements only, no comments or entities
_NOT_ELEMENTS = (etree._Comment, etree._ProcessingInstruction, etree._Entity)


def smallest_ancestor(el: HtmlElement, size: int) -> HtmlElement | None:
    """The nearest ancestor of `el` with at least `size` descendant elements, below
    `<html>` and `<body>`; None when there is none."""
    has_size = _nth_descendant(size)
    for parent in el.iterancestors():
        if parent.tag in ("html", "body"):
            return None
        if has_size(parent):
            return parent
    return None


@lru_cache(maxsize=8)
def _nth_descendant(n: int) -> etree.XPath:
    """The `n`th descendant element, if there is one: libxml2 counts the elements up to
    it without a Python object for each (a count in Python took a twentieth of the
    metadata time)."""
    return etree.XPath(f"descendant::*[{max(int(n), 1)}]")


def following(el: HtmlElement, scope: HtmlElement) -> Iterator[HtmlElement]:
    """`el`, its descendants, then the elements after it inside `scope`, in document
    order."""
    return chain.from_iterable(_subtrees_after(el, scope))  # no Python code per element


def _subtrees_after(el: HtmlElement, scope: HtmlElement) -> Iterator[Iterator[HtmlElement]]:
    yield el.iter(_E)
    node = el
    while node is not scope:
        for sibling in node.itersiblings(_E):
            yield sibling.iter(_E)
        node = node.getparent()
        if node is None:
            return


def preceding(el: HtmlElement, scope: HtmlElement) -> Iterator[HtmlElement]:
    """The elements before `el` inside `scope` (its ancestors up to `scope` included),
    nearest first: reverse document order."""
    node = el
    while node is not scope:
        prev = _element(node.getprevious())
        if prev is None:
            node = node.getparent()
            if node is None:
                return
        else:  # the last element inside the previous sibling
            while len(prev) and (last := _element(prev[-1])) is not None:
                prev = last
            node = prev
        yield node


def _element(node: HtmlElement | None) -> HtmlElement | None:
    """`node` if it is an element, else its nearest previous sibling that is one."""
    while node is not None and isinstance(node, _NOT_ELEMENTS):
        node = node.getprevious()
    return node


_AVOID_STEMS = ("comment", "related", "recommend", "popular", "footer", "sidebar", "widget",
                "teaser", "promo", "newsletter", "reply", "replies", "trending", "weather",
                "ticker", "copyright", "nav", "menu", "share", "social", "breadcrumb", "cookie",
                "modal", "popup", "subscribe", "signup", "login", "advert", "readmore", "bio",
                "today", "clock", "topbar")
_AVOID_RAW = re.compile(r"current[-_]?(?:date|time|day)|date[-_]?today")
# a class or id word (split at white space, "_" and "-") that starts with one of the stems
_AVOID = re.compile(r"(?:^|[\s_\-])(?:" + "|".join(_AVOID_STEMS) + r")|" + _AVOID_RAW.pattern)
_AVOID_LENIENT = re.compile(r"(?:^|[\s_\-])(?:" + "|".join(
    s for s in _AVOID_STEMS if s != "sidebar") + r")|" + _AVOID_RAW.pattern)


def outside_content(el: HtmlElement, stop: HtmlElement | None = None, depth: int = 10,
                    lenient: bool = False, memo: dict[str, bool] | None = None) -> bool:
    """The element sits in navigation, a footer, comments, teasers or similar page furniture.

    `lenient` lets asides and sidebars pass (a post's own metadata column). `memo` keeps
    the verdicts on class and id texts for calls with the same `lenient`.
    """
    avoid = _AVOID_LENIENT if lenient else _AVOID
    memo = {} if memo is None else memo
    node = el
    for _ in range(depth):
        if node is None or node is stop:
            return False
        tag = node.tag
        if tag in ("footer", "nav") or (tag == "aside" and not lenient):
            return True
        if tag in ("main", "article", "body"):  # inside the content container
            return False
        cls, id_ = node.get("class"), node.get("id")
        if cls is not None or id_ is not None:
            tokens = f"{cls or ''} {id_ or ''}"
            if (hit := memo.get(tokens)) is None:
                hit = memo[tokens] = avoid.search(tokens.lower()) is not None
            if hit:
                return True
        node = node.getparent()
    return False
