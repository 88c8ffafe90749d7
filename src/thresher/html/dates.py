"""Publication and modification dates: markup weighed against the visible dateline.

Machine-readable dates (JSON-LD, OpenGraph/article:*, meta tags, microdata, `<time>`) are
the candidates; the date printed in the article's header, next to the headline, decides
between them. A date is accepted from the header region only (never from a "today"
widget in the top bar, a copyright line, comments or teasers of other articles). The URL
and htmldate are the last resorts.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from lxml.html import HtmlElement

from .sources import Sources, clean
from .textdates import parse_date, text_dates
from .walk import outside_content

_PUB_META = ("article:published_time", "og:published_time", "article:published",
             "datepublished", "published_time", "publishdate", "publish-date", "publish_date",
             "pubdate", "date", "dc.date", "dc.date.issued", "dc.date.created",
             "dcterms.date", "dcterms.issued", "dcterms.created", "sailthru.date",
             "parsely-pub-date", "article.published", "article_date_original",
             "cxenseparse:recs:publishtime", "citation_publication_date", "citation_date",
             "originalpublicationdate", "date_published", "og:article:published_time",
             "created", "datecreated", "uploaddate")
_MOD_META = ("article:modified_time", "og:updated_time", "article:modified", "datemodified",
             "modified_time", "last-modified", "dc.date.modified", "dcterms.modified",
             "lastmod", "updated", "revised", "article.updated")
_HEADER_WINDOW = 250  # elements around the headline searched for its dateline
_LD_PUB = ("datePublished", "dateCreated", "uploadDate", "startDate")
_MONTH_YEAR = re.compile(r"((?:published|posted|updated|last updated|date|veröffentlicht|"
                         r"aktualisiert|stand))\s*:?\s*([A-Za-zäéû]{3,9})\.?\s+((?:19|20)\d\d)\b",
                         re.IGNORECASE)
_NOT_PUBLICATION = re.compile(
    r"(?:joined|member since|registered|mitglied seit|dabei seit|inscrit|today|heute|"
    r"aujourd'hui|hoy|oggi|vandaag|copyright|\u00a9|\(c\)|\bborn\b|geboren|expires|"
    r"valid until|deadline|event date|last login|last seen|local time|current time)",
    re.IGNORECASE)
_UPDATED = re.compile(r"(?:updated|modified|aktualisiert|actualizado|mis à jour|"
                      r"aggiornato|bijgewerkt|last edited|edited)\W*\s*(?:on|am|le|el|:)?\s*$",
                      re.IGNORECASE)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])?"
                       r"(?:/|[_-]|$)")


def _ld_date(src: Sources, keys: tuple[str, ...]) -> str | None:
    items = [src.main] + [i for i in src.ld if i is not src.main]
    for item in items:
        for key in keys:
            value = item.get(key)
            if isinstance(value, list) and value:
                value = value[0]
            if isinstance(value, str) and (d := parse_date(value)):
                return d
    return None


def _meta_date(src: Sources, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        for value in src.meta.get(key, ()):
            if d := parse_date(value):
                return d
    return None


def _meta_like(src: Sources) -> str | None:
    """A date from a meta tag named like a publication date ("x-published-date")."""
    for key, values in src.meta.items():
        if ("publish" in key or "pubdate" in key) and ("date" in key or "time" in key):
            for value in values:
                if d := parse_date(value):
                    return d
    return None


def _microdata(src: Sources, prop: str) -> str | None:
    for el in src.itemprops().get(prop, ()):
        value = el.get("datetime") or el.get("content") or clean(el.text_content())
        if value and (d := parse_date(value)):
            return d
    return None


def _header_dates(src: Sources) -> list[tuple[str, bool]]:
    """Dates printed around the headline: (ISO date, labelled as an update), nearest first.

    Only the nearest level of the headline's surroundings that shows a date counts, and
    only short texts (a dateline, not a paragraph).
    """
    out: list[tuple[str, bool]] = []
    found_at = None
    dayfirst = src.dayfirst
    digit = _DIGIT.search
    h1 = src.headline()
    inside = [] if h1 is None else list(h1.iter("small", "time"))  # <h1>... <small>date</small>
    for k, el in enumerate(inside + src.near_headline()[:_HEADER_WINDOW]):
        if found_at is not None and k > found_at + 40:
            break
        tag = el.tag
        if tag in ("script", "style", "svg"):
            continue
        if tag != "time" and not ((text := el.text) and digit(text)) and not (
                len(el) and _has_digit(el, False)):  # _has_digit, the common case inlined
            continue
        if (d := _element_date(el, dayfirst)) and not src.furniture(el):
            out.append(d)
            found_at = k if found_at is None else found_at
    return out


def _has_digit(el: HtmlElement, own: bool = True) -> bool:
    """The element's own text (unless not `own`), or the text after one of its children,
    has a digit."""
    if own and (text := el.text) and _DIGIT.search(text):
        return True
    for child in el:
        tail = child.tail
        if tail and _DIGIT.search(tail):
            return True
    return False


def _element_date(el: HtmlElement, dayfirst: bool = False) -> tuple[str, bool] | None:
    """The date an element shows, if it is a short dateline of its own."""
    is_time = el.tag == "time"
    value = el.get("datetime") if is_time else None
    text = el.text or ""
    if is_time or 0 < len(el) <= 6:
        text = el.text_content()
    if len(text) > 160 and len(text := " ".join(text.split())) > 160:  # indented markup
        return None
    if not (value or any(map(str.isdigit, text))):
        return None
    found = text_dates(text, dayfirst)
    m = None if value or found else _MONTH_YEAR.search(text)
    if not (value or found or m):  # no date here: the label tests below are not needed
        return None
    if _NOT_PUBLICATION.search(text) or _NOT_PUBLICATION.search(_before(el)):
        return None
    if value and (d := parse_date(value)):
        return d, bool(found and found[0][1]) or _label_updated(el)
    if found:
        return found[0][0], found[0][1] or _label_updated(el)
    if m or (m := _MONTH_YEAR.search(text)):  # "Last updated: June 2022"
        month = parse_date(f"1 {m.group(2)} {m.group(3)}")
        return (month, bool(_UPDATED.search(m.group(1) + ":"))) if month else None
    return None


def _before(el: HtmlElement) -> str:
    """The text just before an element: its previous sibling or its parent's leading text."""
    prev = el.getprevious()
    if prev is not None:
        return (prev.tail or "") + (prev.text_content()[-40:] if not prev.tail else "")
    parent = el.getparent()
    return (parent.text or "") if parent is not None else ""


def _label_updated(el: HtmlElement) -> bool:
    prev = el.getprevious()
    before = (clean(prev.text_content()) if prev is not None else "") or ""
    before = before[-60:]
    parent = el.getparent()
    if parent is not None and parent.text:
        before += " " + parent.text
    return bool(_UPDATED.search(before.strip()))


def _first_time(src: Sources) -> str | None:
    scope = src.content_scope()
    if scope is None:
        return None
    for el in scope.iter("time"):
        value = el.get("datetime") or clean(el.text_content())
        if value and not outside_content(el) and (d := parse_date(value)):
            return d
    return None


def _url_date(url: str | None) -> str | None:
    m = _URL_DATE.search(url or "")
    if not m or not m.group(3):
        return None
    return _plausible(f"{m.group(1)}-{m.group(2)}-{m.group(3)}")


def _plausible(iso: str | None) -> str | None:
    if not iso:
        return None
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return None
    latest = datetime.now(UTC).date() + timedelta(days=2)
    return iso if date(1995, 1, 1) <= d <= latest else None


def _same_day(a: str | None, b: str | None) -> bool:
    return bool(a and b and a[:10] == b[:10])


_DIGIT = re.compile(r"\d")


def _page_dateline(src: Sources) -> str | None:
    """The first element of the page classed as a date that shows one (a last resort)."""
    for el in src.date_hits():
        if (el.tag == "time" or _has_digit(el)) and (d := _element_date(el, src.dayfirst)) and (
                not outside_content(el, lenient=True)):
            return d[0]
    return None


def find_dates(src: Sources, articleish: bool = True) -> tuple[str | None, str | None]:
    """(published, modified) as ISO 8601 strings, or None where the page does not say."""
    pub = _plausible(_ld_date(src, _LD_PUB) or _meta_date(src, _PUB_META)
                     or _microdata(src, "datePublished") or _meta_like(src))
    mod = _plausible(_ld_date(src, ("dateModified",)) or _meta_date(src, _MOD_META)
                     or _microdata(src, "dateModified"))
    shown = [(d, upd) for d, upd in _header_dates(src) if _plausible(d)]
    if len({d[:10] for d, _ in shown}) >= 3:  # a list of teasers, not a dateline...
        confirmed = [(d, u) for d, u in shown if _same_day(d, pub) or _same_day(d, mod)]
        shown = confirmed if (pub or mod) else shown[:1]  # ...unless it is all there is
    if shown:
        plain = [d for d, upd in shown if not upd]
        seen = plain[0] if plain else shown[0][0]
        for cand in (pub, mod):
            if _same_day(cand, seen):
                return cand, mod
        if not pub or not any(_same_day(pub, d) for d, _ in shown):
            return seen, mod
    if pub:
        return pub, mod
    fallback = _plausible(_first_time(src)) or _url_date(src.url)
    if not fallback and articleish:
        fallback = _plausible(_page_dateline(src))
    return fallback, mod
