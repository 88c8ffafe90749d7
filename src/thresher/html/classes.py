"""Elements marked as bylines or datelines by their class: the verdicts on class attributes
and the walk of the page that finds such elements."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from lxml import etree
from lxml.html import HtmlElement

#: a byline's class (or id) word: "byline", "post-author", ...
BYLINE_CLASS = re.compile(r"(?:^|[\s_-])(?:byline|by-line|author|authors|writer|contributor|"
                           r"creator|autor|auteur|reporter|posted-by|entry-author|post-author|"
                           r"article-author|meta-author)(?:$|[\s_-])")
_KIND_WORDS = re.compile(r"auth|byline|by-line|writer|contributor|creator|autor|reporter|"
                         r"posted|date|time|publish|stamp|datum|fecha")  # see class_kind

#: how far into `<body>` (in elements, document order) `class_walk` looks: a byline or
#: dateline found only further on is in a sidebar, a teaser list or the footer (on wcxb-dev
#: and traf-dev the whole-page walk found only four more, all dates of product, forum and
#: listing pages that have none), and the walk of a whole page was a fifth of the metadata
#: time
WALK_LIMIT = 1500

#: `class_kind`'s verdicts, kept from page to page (a site's pages share their classes)
KINDS: dict[str, tuple[bool, bool]] = {}


def class_kind(cls: str) -> tuple[bool, bool]:
    """(byline-like, date-like) for a class attribute (`Sources.kinds` keeps them by
    class)."""
    low = cls.lower()
    if _KIND_WORDS.search(low) is None:  # most classes: one search instead of the tests
        return False, False
    return (maybe_byline_class(low) and BYLINE_CLASS.search(low) is not None,
            "date" in low or "time" in low or "publish" in low or "posted" in low
            or "stamp" in low or "datum" in low or "fecha" in low)


def kind_of(cls: str, kinds: dict[str, tuple[bool, bool]]) -> tuple[bool, bool]:
    """`class_kind(cls)`, looked up in (and added to) `kinds`, the verdicts so far."""
    if (kind := kinds.get(cls)) is None:
        kind = kinds[cls] = class_kind(cls)
    return kind


def maybe_byline_class(low: str) -> bool:
    """A quick test of a lower-cased class attribute before the byline regex."""
    return ("auth" in low or "byline" in low or "by-line" in low or "writer" in low
            or "contributor" in low or "creator" in low or "autor" in low or "reporter" in low
            or "posted-by" in low)


def class_walk(body: HtmlElement, kinds: dict[str, tuple[bool, bool]],
               bylines: list[HtmlElement], dates: list[HtmlElement]) -> Iterator[None]:
    """Fill `bylines` (by class, or `<a rel=author>`) and `dates` (by class, or `<time>`)
    in one walk of the first `WALK_LIMIT` elements of `body`, in document order, pausing
    after each element added (see `Sources.byline_hits` and `date_hits`)."""
    for el in islice(body.iter(etree.Element), WALK_LIMIT):
        if cls := el.get(b"class"):  # a bytes name: lxml need not encode it on each call
            if (kind := kinds.get(cls)) is None:  # kind_of, inlined: the walk is hot
                kind = kinds[cls] = class_kind(cls)
            if kind[0]:
                bylines.append(el)
                yield
            if kind[1]:
                dates.append(el)
                yield
        tag = el.tag  # cheaper than a second walk for <time> and <a>
        if tag == "time":
            dates.append(el)
            yield
        elif tag == "a" and "author" in (el.get("rel") or ""):
            bylines.append(el)
            yield
