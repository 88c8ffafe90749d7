"""The page's machine-readable self-description (meta tags, JSON-LD), read once."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from .classes import KINDS, class_walk
from .walk import following, outside_content, preceding, smallest_ancestor

_WS = re.compile(r"\s+")
_WORDS = re.compile(r"\w+")
_INVISIBLE = frozenset({"script", "style", "svg", "template", "noscript", "button", "select",
                        "rt", "rp"})
_INLINE = frozenset({"a", "span", "em", "strong", "b", "i", "u", "small", "sup", "sub", "mark",
                     "abbr", "time", "cite", "code", "q", "s", "font", "label", "ruby", "rb",
                     "wbr"})  # lxml gives <wbr> the text after it: one word, no break
_PROPS = ("datePublished", "dateModified", "dateCreated", "author")
# the itemprop attributes naming one of `_PROPS` below an element, found by libxml2 at a
# third of the cost of a walk that reads each element's attribute
_ITEMPROPS = etree.XPath("descendant::*/@itemprop["
                         + " or ".join(f".='{p}'" for p in _PROPS) + "]")
_JSON_OBJECT = re.compile(r"\s*\{")  # as text.lstrip().startswith("{"), without a copy
# an absolute web URL that urllib parses and puts back together unchanged (no params,
# fragment, empty query, user, port or non-ASCII host)
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?:/[^\s;?#]*)?(?:\?[^\s#]+)?")
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
    _whole_page: bool = False  # the headline was found by a scan of the whole page
    _h1_ancestors: set[HtmlElement] | None = None
    _walk: Iterator[None] | None = None  # see `_step`
    _walked: bool = False
    _bylines: list[HtmlElement] = field(default_factory=list)
    _dates: list[HtmlElement] = field(default_factory=list)
    _itemprops: dict[str, list[HtmlElement]] | None = None
    kinds: dict[str, tuple[bool, bool]] = field(default_factory=dict)  # see `class_kind`
    index: dict[str, list[HtmlElement]] = field(default_factory=dict)  # see `named`

    def named(self, *tags: str) -> list[HtmlElement]:
        """The page's elements with one of these tags (all in `_INDEXED`), in document
        order."""
        if len(tags) == 1:
            return self.index[tags[0]]
        return [el for el in self.index["*"] if el.tag in tags]

    def content_scope(self) -> HtmlElement | None:
        """The first `<article>`, else `<main>`, else `<body>`."""
        for tag in ("article", "main", "body"):
            if els := self.named(tag):
                return els[0]
        return None

    def elements(self) -> list[HtmlElement]:
        """Every element of `<body>` in document order (computed once)."""
        if self._elements is None:
            body = self.root.find("body")
            self._elements = list(body.iter(etree.Element)) if body is not None else []
        return self._elements

    def itemprops(self) -> dict[str, list[HtmlElement]]:
        """The microdata dates and authors inside `<body>` (not `<body>`'s own): the
        elements with an itemprop among `_PROPS`, by property name, in document order."""
        if self._itemprops is None:
            self._itemprops = {}
            body = self.root.find("body")
            for value in _ITEMPROPS(body) if body is not None else ():  # no walk in Python
                self._itemprops.setdefault(str(value), []).append(value.getparent())
        return self._itemprops

    def may_have(self, prop: str) -> bool:
        """False when `itemprops` has run and found no element with this itemprop (one of
        `_PROPS`)."""
        return self._itemprops is None or prop in self._itemprops

    def byline_hits(self) -> Iterator[HtmlElement]:
        """The page's byline-like elements (by class, or `<a rel=author>`) in document
        order, then those with itemprop=author not among them; the page is walked only as
        far as the caller reads."""
        return self._hits(self._bylines)

    def date_hits(self) -> Iterator[HtmlElement]:
        """The page's date-like elements (by class, or `<time>`) in document order, walked
        as far as the caller reads."""
        return self._hits(self._dates)

    def _hits(self, found: list[HtmlElement]) -> Iterator[HtmlElement]:
        i = 0
        while True:
            if i < len(found):
                yield found[i]
                i += 1
            elif self._walked:
                return
            else:
                self._step()

    def _step(self) -> None:
        """Walk on to the next element that joins `_bylines` or `_dates`."""
        if self._walk is None:
            body = self.root.find("body")
            self._walk = iter(()) if body is None else class_walk(
                body, self.kinds, self._bylines, self._dates)
        if next(self._walk, _END) is _END:
            self._walked = True
            self._bylines.extend(el for el in self.itemprops().get("author", ())
                                 if el not in self._bylines)

    def headline(self) -> HtmlElement | None:
        """The element showing the headline: the heading that repeats `title`, else the
        first `<h1>` with text outside page furniture."""
        if not self._headline:
            self._headline.append(self._find_headline())
        return self._headline[0]

    def _find_headline(self) -> HtmlElement | None:
        if self.title:
            key = _fold(self.title)
            probe = max(key.split(), key=len, default="")  # a quick test before folding
            for tags in (("h1",), ("h2", "h3")):
                for h in self.named(*tags):
                    raw = h.text_content()
                    if probe not in raw.casefold():
                        continue
                    text = _fold(raw)
                    if text and (text == key or (len(key) > 20 and key in text and
                                                 len(text) < len(key) + 30)) and (
                            not outside_content(h)):
                        return h
        first = next((h for h in self.named("h1")
                      if h.text_content().strip() and not outside_content(h)), None)
        body = self.root.find("body")
        if first is None and self.title and body is not None:  # a headline in a <div> or <p>
            self._whole_page = True
            return _text_match(islice(body.iter(etree.Element), 20_000),  # 500k took 3 s
                               _fold(self.title))
        return first

    def near_headline(self, before: int = 150, after: int = 300) -> list[HtmlElement]:
        """Elements around the headline in document order, nearest first: within the
        smallest ancestor of the headline holding about `before + after` elements (the
        whole page only when it is small), so a large page is never walked whole."""
        if self._near is not None:
            return self._near
        h1 = self.headline()
        out: list[HtmlElement] = []
        scope = None if h1 is None or self._whole_page else smallest_ancestor(
            h1, 2 * (before + after))
        if scope is None and h1 is not None:  # the whole page, if the headline is in it
            body = self.root.find("body")
            scope = body if any(a is body for a in h1.iterancestors("body")) or (
                h1 is body) else None
        if scope is not None:
            # the headline and its descendants, counted as `following` yields them
            skip = sum(1 for _ in h1.iter(etree.Element))
            fwd = list(islice(following(h1, scope), skip, skip + after))
            back = list(islice(preceding(h1, scope), before))
            n = min(len(fwd), len(back))  # alternately after and before, then the rest
            out = [el for pair in zip(fwd, back, strict=False) for el in pair]
            out += fwd[n:] + back[n:]
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
    return " ".join(_WORDS.findall(text.casefold()))


def _text_match(elements: Iterable[HtmlElement], key: str) -> HtmlElement | None:
    """The first element whose own short text folds to `key`."""
    probe = max(key.split(), key=len, default="")  # a quick test before folding
    for el in elements:
        text = el.text
        if text and len(text) < 400 and probe in text.casefold() and _fold(text) == key:
            return el
    return None


def clean(value: object) -> str | None:
    """White space collapsed, or None for empty and non-string values."""
    if not isinstance(value, str):
        return None
    value = value[:20_000]  # a 10 MB <title> or meta value took seconds downstream
    if "&" in value:
        value = html.unescape(html.unescape(value))
    value = _WS.sub(" ", _CTRL.sub("", value)).strip()
    return value or None


def visible_text(el: HtmlElement, skip: frozenset[str] = frozenset()) -> str:
    """The text of an element without script, style, svg and template contents, nor (a
    space for) its children with a tag in `skip`."""
    parts: list[str] = [el.text or ""]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in skip:
            parts.append(" ")
        elif tag and tag not in _INVISIBLE:
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
        attrs = dict(m.items())  # one call: each get() costs about as much
        content = attrs.get("content")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (attrs.get(attr) or "").lower().strip()
            if key:
                out.setdefault(key, []).append(content)
    return out


def _ld_items(scripts: list[HtmlElement]) -> list[dict]:
    """Every JSON-LD object in the scripts, nested ones (`@graph`, `mainEntity`) included."""
    items: list[dict] = []
    for s in scripts:
        kind = (s.get("type") or "").lower()
        if kind and "ld+json" not in kind:  # JavaScript: its text is never read
            continue
        text = s.text  # read once: each read copies the script out of the tree
        if not text or not (kind or (_JSON_OBJECT.match(text) and '"@context"' in text[:300])):
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
        if _PLAIN_URL.fullmatch(href):  # most: urljoin gives these back unchanged...
            if base:
                urlsplit(base)  # ...but refuses a base it cannot parse
            return href
        out = urljoin(base, href) if base else href
        return out if urlsplit(out).scheme in ("http", "https", "") else None
    except ValueError:
        return None


_END = object()  # the end of `class_walk`

#: The tags `Sources.named` finds (each a walk of the page otherwise).
_INDEXED = ("script", "h1", "h2", "h3", "body", "link", "title", "article", "main")


def _index(root: HtmlElement) -> dict[str, list[HtmlElement]]:
    """The elements of the `_INDEXED` tags by tag, and all of them as "*", in document
    order: one walk of the page."""
    out: dict[str, list[HtmlElement]] = {tag: [] for tag in _INDEXED}
    every = out["*"] = list(root.iter(*_INDEXED))
    for el in every:
        out[el.tag].append(el)
    return out


def read_sources(root: HtmlElement, url: str | None) -> Sources:
    """Collect the meta tags and JSON-LD items of a page."""
    index = _index(root)
    ld = _ld_items(index["script"])
    ids = {i["@id"]: i for i in ld if isinstance(i.get("@id"), str) and len(i) > 2}
    if len(KINDS) > 50_000:  # a bound on the memory the verdicts take
        KINDS.clear()
    return Sources(root, url, _meta(root), ld, _main_item(ld), ids, kinds=KINDS, index=index)
