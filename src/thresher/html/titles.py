"""The headline: the page's `<h1>` weighed against og:title, JSON-LD and `<title>`.

The `<title>` usually carries the site's name ("Headline | Site"), og:title sometimes an
SEO variant; the `<h1>` of the content is what readers see. An `<h1>` wins when it agrees
with the other sources or when they say nothing better; otherwise the `<title>` with the
site's part cut off.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from .sources import Sources, clean, visible_text

_SEP = re.compile(r"\s+[|\u2013\u2014\-\u2022\u00b7:\u00bb/~]+\s+|\s*[|\u2022\u00b7\u00bb]\s*")
_LABEL = re.compile(r"^\s*(?:thread|topic|view topic|re|subject|thema|sujet)\s*[:\-\u2013]\s*",
                    re.IGNORECASE)
_WORD = re.compile(r"\w+")
_MIN_SHARE = 0.2  # see _agrees
_KICKER = re.compile(r":\s+|\s+\|\s+")  # after a section label or kicker
_SKIP_ANCESTORS = ("nav", "footer", "aside", "form", "dialog")
_SKIP_TOKENS = re.compile(r"\b(?:logo|brand|site-?title|site-?name|masthead|navbar|menu|modal|"
                          r"cookies?|consent|gdpr|dialog|popup|newsletter|sidebar|widget|"
                          r"related|footer)\b")


def words(text: str) -> list[str]:
    """Case- and accent-folded word tokens."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(text)


def similarity(a: str, b: str) -> float:
    """Share of the shorter text's words found in the longer one (0..1)."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    if len(wa) > len(wb):
        wa, wb = wb, wa
    sb = set(wb)
    return sum(w in sb for w in wa) / len(wa)


def site_name_of(src: Sources) -> str | None:
    """The site's name: og:site_name, JSON-LD publisher or WebSite, application-name."""
    name = src.first("og:site_name", "application-name", "apple-mobile-web-app-title")
    if name:
        return name
    for item in src.ld:
        pub = item.get("publisher")
        if isinstance(pub, dict) and (n := clean(pub.get("name"))):
            return n
        if "WebSite" in str(item.get("@type")) and (n := clean(item.get("name"))):
            return n
    return None


def _domain_words(url: str | None) -> set[str]:
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:  # "http://[::1" and the like
        host = ""
    parts = [p for p in host.split(".") if p not in ("www", "com", "org", "net", "co", "uk")]
    out = set(parts)
    out.update(w for p in parts for w in p.split("-"))
    return {w for w in out if len(w) > 2}


def _is_site_part(part: str, site: str | None, domain: set[str]) -> bool:
    pw = words(part)
    if not pw:
        return True
    if site and (similarity(part, site) >= 0.8 or "".join(pw) == "".join(words(site))):
        return True
    joined = "".join(pw)
    return any(d == joined or (len(d) > 4 and d in joined and len(pw) <= 4) for d in domain)


def strip_site(title: str, site: str | None, url: str | None) -> str:
    """`title` without a leading or trailing part naming the site."""
    parts = _SEP.split(title)
    if len(parts) < 2:
        return title
    domain = _domain_words(url)
    seps = _SEP.findall(title)
    if _is_site_part(parts[-1], site, domain):
        return clean(title[: title.rfind(seps[-1])]) or title
    if _is_site_part(parts[0], site, domain):
        return clean(title[title.find(seps[0]) + len(seps[0]):]) or title
    if "|" in seps[-1] and len(words(parts[-1])) <= 4 < len(words(title)) - 1:
        return clean(title[: title.rfind(seps[-1])]) or title
    return title


def _usable(el: HtmlElement) -> bool:
    """Not inside page furniture: navigation, sidebars, or a dialog such as a cookie
    banner. The classes of `<body>` and `<html>` describe the whole page and are not
    read ("vector-feature-main-menu-pinned" on a wiki is no menu)."""
    node = el
    for _ in range(12):
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            return True
        if node.tag in _SKIP_ANCESTORS or node.get("role") in ("dialog", "alertdialog") or (
                node.get("aria-modal") == "true"):
            return False
        tokens = f"{node.get('class', '')} {node.get('id', '')}".lower()
        if tokens.strip() and _SKIP_TOKENS.search(tokens):
            return False
    return True


def _tidy(text: str | None) -> str | None:
    """A headline without Markdown hashes, forum labels ("Thread:") or a pilcrow anchor."""
    if not text:
        return None
    return clean(_LABEL.sub("", text.lstrip("# ")).rstrip("\u00b6#\u00a7 "))


def _is_logo(h: HtmlElement, site: str | None, domain: set[str]) -> bool:
    """An `<h1>` holding the site's name or a link to its home page."""
    text = words(h.text_content())
    if not text:
        return True
    if site and "".join(text) in "".join(words(site)):
        return True
    if "".join(text) in domain:
        return True
    links = h.findall(".//a")
    if len(links) != 1 or (links[0].get("href") or "").startswith("#"):
        return False  # an anchor in the page ("¶" permalinks) is no home link
    href = links[0].get("href")
    return (href or "").rstrip("/") in ("", ".", "/") or _path(href) in ("", "/")


def _path(href: str | None) -> str | None:
    try:
        return urlsplit(href or "").path
    except ValueError:  # "http://[::1" and the like, from the page
        return None


def _h1s(src: Sources, site: str | None) -> list[str]:
    out = []
    domain = _domain_words(src.url)
    for h in src.named("h1"):
        if h.get("hidden") is not None or "display:none" in (h.get("style") or "").replace(" ", ""):
            continue
        text = _tidy(visible_text(h))
        if text and len(text) < 300 and _usable(h) and not _is_logo(h, site, domain):
            out.append(text)
    return out


def _agrees(h1: str, title: str) -> bool:
    """The `<h1>` and a title of the head say the same: mostly the same words, and the
    shorter no mere fragment of the longer ("Discord" is not "How we broke into X,
    Discord and hundreds of companies"), unless it starts the longer ("Headlamps" of
    "Headlamps for Camping & Hiking") or is a whole part of it ("Advanced Usage" of
    "Advanced Usage — Harbourlib 2.3 documentation")."""
    if similarity(h1, title) < 0.7:
        return False
    a, b = words(h1), words(title)
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return (len(short) >= _MIN_SHARE * len(long) or long[:len(short)] == short
            or any(words(part) == a for part in _SEP.split(title)))


def _describes(src: Sources, headline: str, titles: list[str]) -> bool:
    """JSON-LD's "headline" is a description of the page, not its title: its "name" is
    what the head's titles say, the headline is not (a wiki's "Wikimedia list article"
    for "List of harbours")."""
    name = clean(src.main.get("name"))
    return bool(name) and any(similarity(name, t) >= 0.7 for t in titles) and not any(
        similarity(headline, t) >= 0.5 for t in titles)


def _without_kicker(h1: str, title: str) -> str:
    """The `<h1>` without a leading section label or kicker ("Local News | ...",
    "Energiewende Oberland: ...") when the rest is the head's title word for word."""
    parts = _KICKER.split(h1, maxsplit=1)
    if len(parts) == 2 and words(parts[0]) and words(parts[1]) == words(title):
        return clean(parts[1]) or h1
    return h1


def find_title(src: Sources, site: str | None) -> str | None:
    """The article's headline."""
    t = next((t for t in src.named("title") if t is not src.root), None)
    candidates = [src.first("og:title", "twitter:title"),
                  clean(t.text_content()) if t is not None else None]
    meta_titles = [m for c in candidates
                   if c and (m := _tidy(strip_site(c, site, src.url)))]
    if (m := _tidy(strip_site(clean(src.main.get("headline")) or "", site, src.url))) and (
            not _describes(src, m, meta_titles)):
        meta_titles.insert(0, m)
    h1s = _h1s(src, site)
    for h in h1s:  # an <h1> that agrees with the head
        if m := next((m for m in meta_titles if _agrees(h, m)), None):
            return _without_kicker(h, m)
    article = src.first("og:type") == "article" or bool(src.main.get("headline"))
    if h1s and (not meta_titles or (article and len(words(h1s[0])) >= 4)
                or len(words(h1s[0])) >= len(words(meta_titles[0]))):
        return h1s[0]
    return meta_titles[0] if meta_titles else (h1s[0] if h1s else None)
