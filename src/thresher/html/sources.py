"""The page's machine-readable self-description (meta tags, JSON-LD), read once."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

_WS = re.compile(r"\s+")
_INVISIBLE = frozenset({"script", "style", "svg", "template", "noscript", "button", "select",
                        "rt", "rp"})
_INLINE = frozenset({"a", "span", "em", "strong", "b", "i", "u", "small", "sup", "sub", "mark",
                     "abbr", "time", "cite", "code", "q", "s", "font", "label", "ruby", "rb"})
_COUNT = etree.XPath("count(.//*)")
_ITEMPROPS = etree.XPath("//body//*[@itemprop]")
_PROPS = frozenset({"datePublished", "dateModified", "dateCreated", "author"})
_BYLINE_CLASS = re.compile(r"(?:^|[\s_-])(?:byline|by-line|author|authors|writer|contributor|"
                           r"creator|autor|auteur|reporter|posted-by|entry-author|post-author|"
                           r"article-author|meta-author)(?:$|[\s_-])")

_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

#: JSON-LD types that describe the page's main item, best first.
MAIN_TYPES = ("NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
              "BlogPosting", "Article", "LiveBlogPosting", "TechArticle", "ScholarlyArticle",
              "Report", "SocialMediaPosting", "DiscussionForumPosting", "Question", "Recipe",
              "HowTo", "VideoObject", "Review", "Product", "Event", "WebPage", "ItemPage",
              "AboutPage", "CollectionPage", "QAPage", "ProfilePage")
ARTICLE_TYPES = frozenset(MAIN_TYPES[:13])
LISTING_TYPES = frozenset({"CollectionPage", "ItemList", "SearchResultsPage", "Blog"})


@dataclass(slots=True)
class Sources:
    """The page's machine-readable self-description, read once."""

    root: HtmlElement
    url: str | None
    meta: dict[str, list[str]]
    ld: list[dict]
    main: dict  # the JSON-LD item of the page's main content, or {}
    ids: dict[str, dict] = field(default_factory=dict)  # JSON-LD items by "@id"
    title: str | None = None  # the headline's text, once known
    _headline: list[HtmlElement | None] = field(default_factory=list)
    _near: list[HtmlElement] | None = None
    _elements: list[HtmlElement] | None = None
    _h1_ancestors: set[HtmlElement] | None = None
    _classed: tuple[list[HtmlElement], list[HtmlElement]] | None = None
    _itemprops: dict[str, list[HtmlElement]] | None = None

    def elements(self) -> list[HtmlElement]:
        """Every element of `<body>` in document order (computed once)."""
        if self._elements is None:
            body = self.root.find("body")
            self._elements = list(body.iter(etree.Element)) if body is not None else []
        return self._elements

    def itemprops(self) -> dict[str, list[HtmlElement]]:
        """The page's microdata dates and authors by property name (one XPath pass)."""
        if self._itemprops is None:
            self._itemprops = {}
            bodies = list(self.root.iter("body"))
            for el in (_ITEMPROPS(self.root) if len(bodies) != 1 else  # the XPath is slower
                       (e for e in bodies[0].iterdescendants(etree.Element) if e.get("itemprop"))):
                if (prop := el.get("itemprop")) in _PROPS:
                    self._itemprops.setdefault(prop, []).append(el)
        return self._itemprops

    def classed(self) -> tuple[list[HtmlElement], list[HtmlElement]]:
        """One pass over the page: (byline-like elements, date-like elements), by their
        class, itemprop, rel or tag."""
        if self._classed is None:
            bylines, dates = [], []
            body = self.root.find("body")
            if body is not None:
                kinds: dict[str, tuple[bool, bool]] = {}  # class -> (byline?, date?)
                tagged = set(body.iter("time", "a"))  # el.tag on every element costs more
                for el in body.iter(etree.Element):
                    if cls := el.get("class"):
                        if (kind := kinds.get(cls)) is None:
                            kind = kinds[cls] = _class_kind(cls)
                        if kind[0]:
                            bylines.append(el)
                        if kind[1]:
                            dates.append(el)
                    if el in tagged:
                        if el.tag == "time":
                            dates.append(el)
                        elif "author" in (el.get("rel") or ""):
                            bylines.append(el)
            bylines.extend(el for el in self.itemprops().get("author", ()) if el not in bylines)
            self._classed = (bylines, dates)
        return self._classed

    def headline(self) -> HtmlElement | None:
        """The element showing the headline: the heading that repeats `title`, else the
        first `<h1>` with text outside page furniture."""
        if not self._headline:
            self._headline.append(self._find_headline())
        return self._headline[0]

    def _find_headline(self) -> HtmlElement | None:
        if self.title:
            key = _fold(self.title)
            for tags in (("h1",), ("h2", "h3")):
                for h in self.root.iter(*tags):
                    text = _fold(h.text_content())
                    if text and (text == key or (len(key) > 20 and key in text and
                                                 len(text) < len(key) + 30)) and (
                            not outside_content(h)):
                        return h
        first = next((h for h in self.root.iter("h1")
                      if h.text_content().strip() and not outside_content(h)), None)
        if first is None and self.title:  # a headline in a <div> or <p>
            key = _fold(self.title)
            return next((el for el in self.elements()[:20_000]  # 500k elements took 3 s
                         if el.text and len(el.text) < 400 and _fold(el.text) == key), None)
        return first

    def _around(self, h1: HtmlElement, size: int) -> list[HtmlElement]:
        """The elements of the smallest ancestor of `h1` holding about `size` elements (the
        whole page only when it is small), so the window needs no walk of the whole page."""
        if self._elements is not None:
            return self._elements
        node = h1
        while True:
            parent = node.getparent()
            if parent is None or parent.tag in ("html", "body"):
                return self.elements()
            node = parent
            if _COUNT(node) >= 2 * size:
                return list(node.iter(etree.Element))  # elements only, no comments

    def near_headline(self, before: int = 150, after: int = 300) -> list[HtmlElement]:
        """Elements around the headline in document order, nearest first."""
        if self._near is not None:
            return self._near
        h1 = self.headline()
        out: list[HtmlElement] = []
        els = self._around(h1, before + after) if h1 is not None else []
        if h1 is not None:
            try:
                i = els.index(h1)
            except ValueError:
                i = -1
            if i >= 0:
                end = i + sum(1 for _ in h1.iter())  # skip the headline's own children
                fwd, back = els[end:end + after], els[max(0, i - before):i][::-1]
                for k in range(max(len(fwd), len(back))):
                    if k < len(fwd):
                        out.append(fwd[k])
                    if k < len(back):
                        out.append(back[k])
        self._near = out
        return out

    def resolve(self, value: object) -> object:
        """A JSON-LD reference {"@id": ...} replaced by the item it names."""
        if isinstance(value, dict) and len(value) <= 2 and isinstance(value.get("@id"), str):
            return self.ids.get(value["@id"], value)
        return value

    def furniture(self, el: HtmlElement) -> bool:
        """`outside_content` judged only below the element's common ancestor with the
        headline (a byline beside the headline is not a teaser, whatever its classes)."""
        h1 = self.headline()
        if h1 is None:
            return outside_content(el)
        if self._h1_ancestors is None:
            self._h1_ancestors = set(h1.iterancestors())
        stop = next((a for a in el.iterancestors() if a in self._h1_ancestors), None)
        return outside_content(el, stop)

    @property
    def dayfirst(self) -> bool:
        """Numeric dates of this page read day first ("04/05/2022" is 4 May) unless the
        page is in American English (or does not say)."""
        lang = (self.root.get("lang") or self.first("content-language") or "en").lower()
        lang = lang.replace("_", "-")
        return not lang.startswith("en") or lang[3:5] in ("gb", "uk", "au", "nz", "in", "ie",
                                                          "za")

    def first(self, *keys: str) -> str | None:
        """The first non-empty meta value among `keys` (lower-case names)."""
        for key in keys:
            for value in self.meta.get(key, ()):
                if value := clean(value):
                    return value
        return None


def _fold(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _class_kind(cls: str) -> tuple[bool, bool]:
    """(byline-like, date-like) for a class attribute."""
    low = cls.lower()
    return (maybe_byline_class(low) and _BYLINE_CLASS.search(low) is not None,
            "date" in low or "time" in low or "publish" in low or "posted" in low
            or "stamp" in low or "datum" in low or "fecha" in low)


def maybe_byline_class(low: str) -> bool:
    """A quick test of a lower-cased class attribute before the byline regex."""
    return ("auth" in low or "byline" in low or "by-line" in low or "writer" in low
            or "contributor" in low or "creator" in low or "autor" in low or "reporter" in low
            or "posted-by" in low)


def clean(value: object) -> str | None:
    """White space collapsed, or None for empty and non-string values."""
    if not isinstance(value, str):
        return None
    value = value[:20_000]  # a 10 MB <title> or meta value took seconds downstream
    if "&" in value:
        value = html.unescape(html.unescape(value))
    value = _WS.sub(" ", _CTRL.sub("", value)).strip()
    return value or None


def visible_text(el: HtmlElement) -> str:
    """The text of an element without script, style, svg and template contents."""
    parts: list[str] = [el.text or ""]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag and tag not in _INVISIBLE:
            inner = visible_text(child)
            parts.append(inner if tag in _INLINE else f" {inner} ")
        elif tag == "br":
            parts.append(" ")
        parts.append(child.tail or "")
    return "".join(parts)


def _meta(root: HtmlElement) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    head = root.find("head")
    for m in (root.iter("meta") if head is None or len(head) < 3 else head.iter("meta")):
        content = m.get("content")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (m.get(attr) or "").lower().strip()
            if key:
                out.setdefault(key, []).append(content)
    return out


def _ld_items(root: HtmlElement) -> list[dict]:
    """Every JSON-LD object on the page, nested ones (`@graph`, `mainEntity`) included."""
    items: list[dict] = []
    for s in root.iter("script"):
        kind = (s.get("type") or "").lower()
        if kind and "ld+json" not in kind:  # JavaScript: its text is never read
            continue
        text = s.text  # read once: each read copies the script out of the tree
        if not text or not (kind or (text.lstrip().startswith("{") and '"@context"' in text[:300])):
            continue
        try:
            data = json.loads(text.strip().rstrip(";"), strict=False)
        except (ValueError, RecursionError):  # deeply nested JSON: ignored, not fatal
            continue
        stack = [data]
        while stack and len(items) < 500:
            d = stack.pop()
            if isinstance(d, list):
                stack.extend(reversed(d))
            elif isinstance(d, dict):
                items.append(d)
                for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemReviewed"):
                    if isinstance(d.get(key), (list, dict)):
                        stack.append(d[key])
    return items


def ld_types(item: dict) -> set[str]:
    """The `@type`s of a JSON-LD item, without schema.org prefixes."""
    t = item.get("@type")
    types = t if isinstance(t, list) else [t]
    return {x.rsplit("/", 1)[-1] for x in types if isinstance(x, str)}


def _main_item(items: list[dict]) -> dict:
    best, rank = {}, len(MAIN_TYPES)
    for item in items:
        for t in ld_types(item):
            if t in MAIN_TYPES and MAIN_TYPES.index(t) < rank:
                best, rank = item, MAIN_TYPES.index(t)
    return best


def absolute(href: str | None, base: str | None) -> str | None:
    """`href` resolved against `base`; None for empty or non-web references."""
    href = (href or "").strip()
    if not href or href.startswith(("data:", "javascript:", "#")):
        return None
    try:  # urljoin and urlsplit raise ValueError on "http://[::1" and the like
        out = urljoin(base, href) if base else href
        return out if urlsplit(out).scheme in ("http", "https", "") else None
    except ValueError:
        return None




def read_sources(root: HtmlElement, url: str | None) -> Sources:
    """Collect the meta tags and JSON-LD items of a page."""
    ld = _ld_items(root)
    ids = {i["@id"]: i for i in ld if isinstance(i.get("@id"), str) and len(i) > 2}
    return Sources(root, url, _meta(root), ld, _main_item(ld), ids)


def content_scope(root: HtmlElement) -> HtmlElement | None:
    """The first `<article>`, else `<main>`, else `<body>`."""
    for tag in ("article", "main", "body"):
        el = next(root.iter(tag), None)
        if el is not None:
            return el
    return None


_AVOID_STEMS = ("comment", "related", "recommend", "popular", "footer", "sidebar", "widget",
                "teaser", "promo", "newsletter", "reply", "replies", "trending", "weather",
                "ticker", "copyright", "nav", "menu", "share", "social", "breadcrumb", "cookie",
                "modal", "popup", "subscribe", "signup", "login", "advert", "readmore", "bio",
                "today", "clock", "topbar")
_AVOID_RAW = re.compile(r"current[-_]?(?:date|time|day)|date[-_]?today")
_TOKEN_SPLIT = re.compile(r"[\s_\-]+")


def outside_content(el: HtmlElement, stop: HtmlElement | None = None, depth: int = 10,
                    lenient: bool = False) -> bool:
    """The element sits in navigation, a footer, comments, teasers or similar page furniture.

    `lenient` lets asides and sidebars pass (a post's own metadata column).
    """
    node = el
    for _ in range(depth):
        if node is None or node is stop:
            return False
        if node.tag in ("footer", "nav") or (node.tag == "aside" and not lenient):
            return True
        if node.tag in ("main", "article", "body"):  # inside the content container
            return False
        attrib = node.attrib
        if "class" in attrib or "id" in attrib:
            tokens = f"{attrib.get('class', '')} {attrib.get('id', '')}".lower()
            if any(w.startswith(_AVOID_STEMS) and not (lenient and w.startswith("sidebar"))
                   for w in _TOKEN_SPLIT.split(tokens)) or _AVOID_RAW.search(tokens):
                return True
        node = node.getparent()
    return False
