"""The headline: the page's `<h1>` weighed against og:title, JSON-LD and `<title>`.

The `<title>` usually carries the site's name ("Headline | Site"), og:title sometimes an
SEO variant; the `<h1>` of the content is what readers see. An `<h1>` wins when it agrees
with the other sources or when they say nothing better; otherwise the `<title>` with the
site's part cut off. The site's part is found by og:site_name, JSON-LD, the host's name
(of the archived page, for an archive's copy) or an `<h1>` linking home; a kicker before
the `<h1>`'s headline, a dateline or chapter number, and a breadcrumb's section labels
are cut too.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from .sources import Sources, clean, visible_text

_SEP = re.compile(r"\s+[|\u2013\u2014\-\u2022\u00b7:\u00bb/~]+\s+|\s*[|\uff5c\u2022\u00b7\u00bb]\s*"
                  r"|(?<=[\u3000-\u9fff\uff00-\uffef])[-_](?=[\u3000-\u9fff])")  # "标题-新华网"
_LABEL = re.compile(r"^\s*(?:thread|topic|view topic|re|subject|thema|sujet|title)"
                    r"\s*[:\-\u2013]\s*", re.IGNORECASE)
_WORD = re.compile(r"\w+")
# a dateline or chapter number before a headline: "23.01.2022 - ", "2021-01-03 ", "3.1 ", "15 - "
_NUMBER = re.compile(r"^(?:\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{2}-\d{2}|\d+(?:\.\d+)+(?=\s+[^\W\d])"
                     r"|\d+(?=\s+[-\u2013\u2014]\s+[^\W\d]))\s*(?:[-\u2013\u2014|:]\s+|(?=[^\W\d]))")
_MIN_SHARE = 0.2  # see _agrees
_CUT_AT = 80  # characters of a JSON-LD headline that may have been cut short
_MAX_KICKER = 8  # words of a section label or kicker before the headline in an <h1>
_SKIP_ANCESTORS = ("nav", "footer", "aside", "form", "dialog")
_SKIP_TOKENS = re.compile(r"\b(?:logo|brand|site-?title|site-?name|masthead|navbar|menu|modal|"
                          r"cookies?|consent|gdpr|dialog|popup|newsletter|sidebar|widget|"
                          r"related|footer)\b")


def words(text: str) -> list[str]:
    """Case- and accent-folded word tokens."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(text)


def _share(a: list[str], b: list[str]) -> float:
    """Share of the words of `a` found in `b`."""
    sb = set(b)
    return sum(w in sb for w in a) / len(a) if a else 0.0


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
    """The words of the host's name; of the page's own host where the URL is an archive's
    or a proxy's copy of another ("https://archive.example/web/2011/http://news.example/")."""
    url = url or ""
    inner = url.find("://", url.find("://") + 3)
    if inner > 0 and "?" not in url[:inner]:  # in the path, not a query's parameter
        url = url[max(url.rfind("http", 0, inner), 0):]
    try:
        host = urlsplit(url).hostname or ""
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
    if site and ("".join(pw) == "".join(sw := words(site)) or (
            _share(pw, sw) >= 0.75 and _share(sw, pw) >= 0.5)):
        return True  # mostly the site's words ("Welpen kaufen" is not the site "Welpen")
    joined = "".join(pw)
    return any(d == joined or (len(d) > 4 and d in joined and len(pw) <= 4) for d in domain)


def strip_site(title: str, site: str | None, url: str | None) -> str:
    """`title` without a leading or trailing part naming the site, and without the
    section labels of a breadcrumb ("Site - Section - Headline")."""
    seps = list(_SEP.finditer(title))
    if not seps:
        return title
    if site and (rest := _without_site_name(title, seps, "".join(words(site)))):
        return _dominant_part(rest)
    parts = _SEP.split(title)
    domain = _domain_words(url)
    if _is_site_part(parts[-1], site, domain):
        return _dominant_part(clean(title[: seps[-1].start()]) or title)
    if _is_site_part(parts[0], site, domain):
        return _dominant_part(clean(title[seps[0].end():]) or title, anywhere=True)
    if "|" in seps[-1].group() and len(words(parts[-1])) <= 4 < len(words(title)) - 1:
        return clean(title[: seps[-1].start()]) or title
    if seps[-1].group() in ("-", "_") and len(parts[-1]) <= 8 < seps[-1].start():  # "标题-新华网"
        return clean(title[: seps[-1].start()]) or title
    return _dominant_part(title)


def _without_site_name(title: str, seps: list[re.Match], site: str) -> str | None:
    """`title` without a head or tail that is the site's whole name, separators and all
    ("... | AOC media - Analyse Opinion Critique")."""
    for m in seps:  # the longest tail first
        if "".join(words(title[m.end():])) == site:
            return clean(title[: m.start()]) or None
    for m in reversed(seps):
        if "".join(words(title[: m.start()])) == site:
            return _dominant_part(clean(title[m.end():]), anywhere=True) or None
    return None


def _dominant_part(title: str, anywhere: bool = False) -> str:
    """Of a title in three or more parts, the one with more than twice as many words as
    the others together: the headline, not the section labels around it. Only the first
    part, unless the site's name opened the title: then the rest is a breadcrumb
    ("Neuigkeiten » Blog » The events of the year"); a long last part may otherwise be the
    site's name ("Electrical - Overview | Occupational Safety and Health Administration")."""
    parts = _SEP.split(title)
    if len(parts) < (2 if anywhere else 3):
        return title
    counts = [len(words(p)) for p in parts]
    best = max(range(len(parts)), key=counts.__getitem__) if anywhere else 0
    return clean(parts[best]) or title if counts[best] > 2 * (sum(counts) - counts[best]) else title


def _usable(el: HtmlElement) -> bool:
    """Not inside page furniture: navigation, sidebars, or a dialog such as a cookie
    banner. The classes of `<body>` and `<html>` describe the whole page and are not
    read ("vector-feature-main-menu-pinned" on a wiki is no menu), nor those around the
    `<article>` or `<main>` holding it ("content-sidebar-wrap" holds the content too)."""
    node = el
    for _ in range(12):
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            return True
        if node.tag in ("article", "main"):  # the layout around the content is not read
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
    href = links[0].get("href") if len(links) == 1 else None
    if href is None or href.startswith("#"):
        return False  # an anchor in the page ("¶" permalinks, <a id="top">) is no home link
    return href.rstrip("/") in ("", ".") or _path(href) in ("", "/")


def _path(href: str | None) -> str | None:
    try:
        return urlsplit(href or "").path
    except ValueError:  # "http://[::1" and the like, from the page
        return None


def _h1s(src: Sources, site: str | None) -> tuple[list[str], list[str]]:
    """The texts of the page's `<h1>`s that may be its headline, and of those that hold
    the site's name (a logo)."""
    out, logos = [], []
    domain = _domain_words(src.url)
    for h in src.named("h1"):
        if h.get("hidden") is not None or "display:none" in (h.get("style") or "").replace(" ", ""):
            continue
        text = _tidy(_heading_text(h))
        if text and len(text) < 300 and _usable(h):
            (logos if _is_logo(h, site, domain) else out).append(text)
    return out, logos


_ASIDE = frozenset({"small"})  # beside a headline inside its <h1>: a date, a kicker


def _heading_text(h: HtmlElement) -> str:
    """The heading's text without its `<small>` parts (a date or a kicker beside the
    headline, as Bootstrap styles them), unless that leaves nothing."""
    text = visible_text(h, skip=_ASIDE)
    return text if text.strip() else visible_text(h)


_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{2}-\d{2}")


def _without_number(h1: str, titles: list[str]) -> str:
    """The `<h1>` without a leading date, or a chapter number that no title of the head
    repeats ("3.1 Git Branching" under the title "Git Branching")."""
    m = _NUMBER.match(h1)
    number = m.group().strip(" -\u2013\u2014|:") if m else ""
    if m and h1[m.end():] and (_DATE.fullmatch(number) or not any(number in t for t in titles)):
        return h1[m.end():]
    return h1


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


def _cut_short(headline: str, titles: list[str]) -> bool:
    """JSON-LD's "headline" cut at a length limit (110 characters for some search
    engines): a long one whose words start a longer title of the head."""
    hw = words(headline)
    return len(headline) >= _CUT_AT and any(
        len(tw := words(t)) > len(hw) and tw[:len(hw)] == hw for t in titles)


def _without_kicker(h1: str, titles: list[str], headline: str | None) -> str:
    """The `<h1>` without a leading section label or kicker ("Local News | ...",
    "Energiewende Oberland: ...", "<small>Einheit der Woche</small> ...") when the rest is
    JSON-LD's `headline`, or a title of the head and no title says the whole `<h1>`;
    without a trailing "| Name" when the rest is a title of the head."""
    hw = words(h1)
    if headline and (cut := _cut_kicker(h1, hw, headline)):
        return cut  # JSON-LD's headline is the <h1>'s end: what the rest labels
    if any(words(t) == hw for t in titles):
        return h1
    for title in titles:
        if cut := _cut_kicker(h1, hw, title):
            return cut
    head = h1[: h1.rfind(" | ")]  # "Headline | Other Site": a title says the headline
    if head != h1 and any(words(t) == words(head) for t in titles):
        return clean(head) or h1
    return h1


def _cut_kicker(h1: str, hw: list[str], title: str) -> str | None:
    """The end of the `<h1>` that is `title` word for word, after a few words of kicker."""
    tw = words(title)
    if not 2 <= len(tw) < len(hw) <= len(tw) + _MAX_KICKER or hw[-len(tw):] != tw:
        return None
    starts = [m.start() for m in _WORD.finditer(h1)]
    if len(starts) == len(hw):  # the same words before and after folding
        return clean(_without_orphan_quote(h1[starts[-len(tw)]:])) or h1
    return title


# closing -> opening mark; not the apostrophes, which end words ("the Players’")
_QUOTE_PAIRS = {"\u201d": "\u201c", "\u00bb": "\u00ab", "\u300d": "\u300c", '"': '"'}


def _without_orphan_quote(text: str) -> str:
    """`text` without a closing quote mark at its end whose opening mark was cut off with a
    kicker ('Results for “Cameras”' -> 'Cameras')."""
    text = text.rstrip()
    opener = _QUOTE_PAIRS.get(text[-1:])
    if opener is None:
        return text
    opened = text.count(opener) if opener != text[-1] else text.count(opener) - 1
    return text if opened % 2 else text[:-1]


def find_title(src: Sources, site: str | None) -> str | None:
    """The article's headline."""
    t = next((t for t in src.named("title") if t is not src.root), None)
    h1s, logos = _h1s(src, site)
    site = site or next(iter(logos), None)  # an <h1> linking home names the site
    candidates = [src.first("og:title", "twitter:title"),
                  clean(t.text_content()) if t is not None else None]
    meta_titles = [m for c in candidates
                   if c and (m := _tidy(strip_site(c, site, src.url)))]
    headline = _tidy(strip_site(clean(src.main.get("headline")) or "", site, src.url))
    if headline and (_describes(src, headline, meta_titles) or _cut_short(headline, meta_titles)):
        headline = None
    if headline:
        meta_titles.insert(0, headline)
    h1s = [_without_number(h, meta_titles) for h in h1s]
    # the first <h1> that agrees with the head, unless it is one word and a later one
    # agrees too: a section's name ("Fachmeldungen" and "Verkündung des Gesetzes" are both
    # parts of "Zoll - Fachmeldungen - Verkündung des Gesetzes")
    agreeing = [h for h in h1s if any(_agrees(h, m) for m in meta_titles)]
    if agreeing:
        h = agreeing[1] if len(agreeing) > 1 and len(words(agreeing[0])) == 1 else agreeing[0]
        return _without_kicker(h, meta_titles, headline)
    article = src.first("og:type") == "article" or bool(src.main.get("headline"))
    if h1s and (not meta_titles or (article and len(words(h1s[0])) >= 4)
                or len(words(h1s[0])) >= len(words(meta_titles[0]))):
        return h1s[0]
    return meta_titles[0] if meta_titles else (h1s[0] if h1s else None)
