"""Page metadata from the markup: what the page says about itself, before the body is known.

The sources (meta tags, JSON-LD, microdata, the head) are read once (`sources.py`); the
field finders in `titles`, `authors`, `dates` and `images` weigh them against the visible
page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from ..article import Comment, Image
from ..options import Options
from .authors import find_authors, personal_site_author
from .comments import find_comments
from .dates import find_dates
from .images import article_images, lead_image
from .sources import ARTICLE_TYPES, LISTING_TYPES, Sources, absolute, clean, ld_types, read_sources
from .titles import find_title, site_name_of


@dataclass(slots=True)
class PageMeta:
    """What the page says about itself, before the body is known."""

    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    description: str | None = None
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    page_type: str | None = None
    images: list[Image] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    detect_language: bool = True
    discussion: bool = False  # a forum thread: its posts, in comment markup, are the body
    declared_body: str | None = None  # the main text as the page's JSON-LD gives it


def _keywords(src: Sources) -> tuple[list[str], list[str]]:
    tags = [clean(v) for v in src.meta.get("article:tag", [])]
    if not tags:
        kw = src.main.get("keywords") or src.first("news_keywords", "keywords") or ""
        parts = kw if isinstance(kw, list) else re.split(r"[,;]", str(kw))
        tags = [clean(p) for p in parts]
    sec = src.meta.get("article:section", []) or src.main.get("articleSection") or []
    cats = [clean(c) for c in (sec if isinstance(sec, list) else [sec])]
    return (list(dict.fromkeys(t for t in tags if t and len(t) < 80))[:30],
            list(dict.fromkeys(c for c in cats if c and len(c) < 80))[:10])


def _page_type(src: Sources) -> str:
    types = set().union(*(ld_types(i) for i in src.ld)) if src.ld else set()
    og = (src.first("og:type") or "").lower()
    if types & ARTICLE_TYPES or og == "article" or src.first("article:published_time"):
        return "article"
    if types & LISTING_TYPES:
        return "listing"
    return "other"


def _site_part(src: Sources) -> str | None:
    """The site's name: og:site_name, else the part of the `<title>` that names the site."""
    if src.first("og:site_name"):
        return src.first("og:site_name")
    t = next((t for t in src.named("title") if t is not src.root), None)
    title = clean(t.text_content()) if t is not None else None
    if not title:
        return None
    parts = re.split(r"\s+[|\u2013\u2014\u00b7\u2022-]\s+", title)
    return clean(parts[-1]) if len(parts) >= 2 else None


def _is_product(src: Sources) -> bool:
    og = (src.first("og:type") or "").lower()
    return og.startswith("product") or any(
        ld_types(i) & {"Product", "ProductGroup", "Offer", "ItemList"} for i in src.ld)


def _canonical(src: Sources) -> str | None:
    for link in src.named("link"):
        if (link.get("rel") or "").lower().strip() == "canonical" and link.get("href"):
            return absolute(link.get("href"), src.url)
    og = src.first("og:url")
    return absolute(og, src.url) if og else None


def _language(src: Sources) -> str | None:
    lang = (src.root.get("lang") or src.root.get("xml:lang") or src.first("content-language")
            or src.first("og:locale") or src.main.get("inLanguage") or "")
    lang = str(lang).replace("_", "-").split("-")[0].strip().lower()
    return lang if re.fullmatch(r"[a-z]{2,3}", lang) else None


_TAGS = re.compile(r"<[^>]{0,500}>")
_PRODUCT_TYPES = frozenset({"Product", "ProductGroup"})


def _declared_body(src: Sources) -> str | None:
    """The main JSON-LD item's text: an article's `articleBody`, a post's `text`, a
    product's `description` (markup removed); None below 20 words."""
    main = src.main
    value = main.get("articleBody") or main.get("text")
    if not value and ld_types(main) & _PRODUCT_TYPES:
        value = main.get("description")
    if not isinstance(value, str):
        return None
    text = _TAGS.sub(" ", value[:200_000])
    return text if len(text.split()) >= 20 else None


def page_metadata(root: HtmlElement, url: str | None = None,
                  options: Options | None = None) -> PageMeta:
    """Metadata from meta tags, JSON-LD, microdata and the visible header of the page;
    reader comments too when `options.comments` asks for them."""
    src = read_sources(root, url)
    pm = PageMeta()
    pm.site_name = site_name_of(src)
    pm.title = src.title = find_title(src, pm.site_name)
    pm.published, pm.modified = find_dates(src, not _is_product(src))
    pm.page_type = _page_type(src)
    # the whole page is searched for a byline only on pages that look like articles
    pm.authors = find_authors(src, pm.site_name,
                              page_wide=bool(pm.published) or pm.page_type == "article")
    try:
        host = (urlsplit(url or "").hostname or "").casefold()
    except ValueError:  # "http://[::1" and the like
        host = ""
    if not pm.authors and pm.published and (
            name := personal_site_author(_site_part(src), host)):
        pm.authors = [name]  # a dated post on a site named after a person
    pm.canonical_url = _canonical(src)
    pm.description = clean(src.first("og:description", "description", "twitter:description"))
    pm.tags, pm.categories = _keywords(src)
    pm.discussion = any("DiscussionForumPosting" in ld_types(i) for i in src.ld)
    pm.language = _language(src)
    pm.declared_body = _declared_body(src)
    image = lead_image(src)
    pm.images = article_images(src, image)
    if options is not None:
        pm.detect_language = options.detect_language
        if options.comments:
            pm.comments = find_comments(src)
    return pm
