"""Authors: person names from JSON-LD, meta tags, microdata and the visible byline.

Every source gives raw strings; `split_names` turns one into clean names ("By", "Von",
"Par", job titles and organisations removed). The visible byline is preferred when it
names more people than the markup; an organisation is returned only when no person is
named anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree
from lxml.html import HtmlElement

from .classes import BYLINE_CLASS, kind_of
from .sources import (
    Sources,
    clean,
    ld_types,
    visible_text,
)
from .walk import outside_content

#: the words that label a byline before its "by" ("Posted by", "Eingestellt von")
_POSTED = ("written", "posted", "eingestellt", "gespeichert", "erstellt", "verfasst",
           "geschrieben", "publié", "escrito", "scritto", "pubblicato")
_PREFIX = re.compile(
    r"^(?:(?:fact[- ]checked|reviewed|edited|medically reviewed)\s+by\b.*$)|"
    rf"^(?:(?:{'|'.join(_POSTED)}|published|reported|compiled|edited|reviewed|words|story|"
    r"text|photos?|interview|ein beitrag|article|artikel|post|opinion)\s+)?"
    r"(?:by|von|par|por|di|door|av|af|de|från|from|author|autor|auteur|autore|verfasser|"
    r"redakteur|redaktion|text|texte|testo|tekst)\s*[:\-]?\s+",
    re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:[,;|/&+\n\u2022\u00b7]|\s(?:and|und|et|y|e|en|och|og|i|и|oraz)\s)\s*",
                    re.IGNORECASE)
_CONJ = re.compile(r"^(?:and|und|et|y|e|en|och|og|i|oraz)\s+", re.IGNORECASE)
_JOB = re.compile(
    r"\b(?:editor|reporter|correspondent|writer|columnist|contributor|journalist|staff|"
    r"author|founder|ceo|cto|cfo|coo|president|director|manager|head of|chief|lead|senior|"
    r"associate|assistant|intern|freelance|analyst|producer|photographer|host|anchor|fellow|"
    r"professor|student|expert|specialist|consultant|officer|engineer|developer|designer|"
    r"strategist|marketer|redakteur(?:in)?|autor(?:in)?|korrespondent(?:in)?|journaliste|"
    r"rédact(?:eur|rice)|redattore|periodista|corresponsal|md|phd|rn|rd|mba|cpa|esq|"
    r"updated|published|posted|min read|read more|follow|contact|email|twitter|linkedin)\b",
    re.IGNORECASE)
_NOT_NAME = re.compile(
    r"^(?:home|menu|login|log in|sign in|sign up|register|subscribe|search|share|comments?|"
    r"admin|administrator|guest|anonymous|unknown|staff|editor|editors|team|news|blog|"
    r"the team|our team|the editors|"
    r"more|read more|about|contact|follow|all posts|view all|see all|posts|articles|by|"
    r"learn more|view profile|view full profile|full profile|see more|everything|profile|"
    r"redaktion|veröffentlicht|veröffentlicht am|alle artikel|autorenseite(?: von)?|"
    r"por|par|von|vom|door|di|de|af|av|auteurs?|auteur\(s|autor(?:in|en)?|autores|"
    r"published|updated|posted|second|minute|minutes)$",
    re.IGNORECASE)
_DATEISH = re.compile(r"\d{1,4}[./-]\d{1,2}|\b(?:19|20)\d\d\b|\d+\s*(?:min|hours?|days?)\b")
_AUTHOR_HREF = re.compile(r"/(?:author|authors|autor|auteur|people|person|profile|profiles|"
                          r"staff|team|members?|users?|u|contributors?|writers?|journalists?)/")
_LABEL_ONLY = re.compile(r"^(?:written by|posted by|by|von|par|author|authors|autor|autorin|"
                         r"auteur|words by|text)\s*:?$", re.IGNORECASE)
_GLUED_BY = re.compile(r"^(?:by|von|par)(?=[A-Z])")
_CUT = re.compile(
    r"(?:(?<=[a-z])|\b)(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s*\d"
    r"|\b\d|\s[-\u2013\u2014|\u2022\u00b7/\u00bb]\s|\s?\u00bb|(?<=[a-z])Last\b|"
    r"\s(?:on|at|am|le|el|il|op|last|updated|published|"
    r"posted|aktualisiert|veröffentlicht|related|follow|in)\s|(?<=[a-z])(?:Updated|Published"
    r"|Posted|Editor|Related)", re.IGNORECASE)
_ITEMPROP_NAME = etree.XPath(".//*[@itemprop='name']")  # compiled once, not per call
_NOT_BYLINE_TAGS = frozenset({"script", "style", "meta", "link", "img", "body", "html", "main",
                              "article", "svg", "picture", "source", "noscript"})
_CREDENTIAL = re.compile(r"^[A-Z]{2,6}$")  # "Jane Doe, MS, RD"
_BY_LINE = re.compile(rf"^(?:(?:{'|'.join(_POSTED)})\s+)?(?:by|von|par|por|door|di|da|av|af)"
                      r"\s+\S", re.IGNORECASE)


def _valid_person(name: str) -> bool:
    if not name or len(name) > 60 or _NOT_NAME.match(name) or "@" in name or "://" in name:
        return False
    if _DATEISH.search(name) or any(c in name for c in "{}<>[]=#?!:\"|/"):
        return False
    ws = name.split()
    if not 1 <= len(ws) <= 5:
        return False
    letters = [w for w in ws if w[0].isalpha()]
    caps = [w for w in letters if w[0].isupper() or not w[0].isascii()]
    return len(ws) == 1 or len(caps) >= max(1, len(letters) - 2)


def split_names(raw: str, site: str | None = None) -> list[str]:
    """Clean person names out of a raw byline string."""
    raw = clean(raw) or ""
    if not raw or len(raw) > 300 or "://" in raw:
        return []
    raw = _PREFIX.sub("", raw)
    out: list[str] = []
    titled = False  # after "Name, Job title", the parts name the employer, not more people
    for part in _SPLIT.split(raw):
        part = _PREFIX.sub("", part.strip(" .:-\u2013\u2014()"))
        part = re.sub(r"\s*\(.*?\)\s*", " ", part).strip()
        part = _CONJ.sub("", part)
        if not part or (site and part.casefold() == site.casefold()):
            continue
        if _JOB.search(part) or (out and _CREDENTIAL.match(part)):
            titled = titled or bool(out)
            continue
        if out and _ORG_WORDS.search(part):  # "Jane Doe, Acme Marketing, Acme": employer
            titled = True
            continue
        if titled and " " not in part:
            continue
        if _valid_person(part) and part not in out:
            out.append(part)
    return out


def _ld_names(src: Sources, value: object, persons: list[str], orgs: list[str],
              site: str | None) -> None:
    for a in (value if isinstance(value, list) else [value])[:100]:  # 200,000 took seconds
        a = src.resolve(a)
        if isinstance(a, str):
            (orgs if site and a.casefold() == site.casefold() else persons).extend(
                split_names(a))
        elif isinstance(a, dict):
            name = a.get("name")
            if isinstance(name, list):
                name = " and ".join(n for n in name if isinstance(n, str))
            if not isinstance(name, str):
                g, f = a.get("givenName"), a.get("familyName")
                name = f"{g} {f}" if isinstance(g, str) and isinstance(f, str) else None
            if not (name := clean(name)):
                continue
            types = ld_types(a)
            if (types & {"Organization", "NewsMediaOrganization", "Corporation"}
                    or (site and name.casefold() == site.casefold())):
                if len(name) < 80:
                    orgs.append(name)
            else:
                persons.extend(split_names(name))


def _tokens(el: HtmlElement) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}".lower()


def _avoided(el: HtmlElement) -> bool:
    return outside_content(el.getparent(), depth=8)


def _is_hit(el: HtmlElement) -> bool:
    if el.get("itemprop") == "author" or "author" in (el.get("rel") or ""):
        return True
    tokens = _tokens(el)
    return bool(tokens.strip() and BYLINE_CLASS.search(tokens))


def _names_in(el: HtmlElement) -> list[str]:
    """Names inside one byline element: itemprop=name, author links, or its cut text."""
    for node in _ITEMPROP_NAME(el):
        text = node.get("content") if node.tag == "meta" else visible_text(node)
        if names := split_names(_cut(text or "")):
            return names
    links = [a for a in el.iter("a") if _AUTHOR_HREF.search(a.get("href") or "")
             or "author" in (a.get("rel") or "")]
    names = [n for a in links for n in split_names(_cut(visible_text(a)))]
    if names:
        return _dedupe(names)
    text = clean(visible_text(el)) or ""
    if _LABEL_ONLY.match(text):  # "Written by" with the name in the next element
        nxt = el.getnext()
        text = clean(visible_text(nxt)) or "" if nxt is not None else ""
    return split_names(_cut(text)) if len(text) < 200 else []


def _cut(text: str) -> str:
    """A byline's text up to the first date, separator or label after the names."""
    text = _GLUED_BY.sub("", clean(text) or "")
    m = _CUT.search(text)
    return text[: m.start()] if m else text


_BY_WORDS = frozenset({"by", "von", "par", "por", "door", "av", "af", "di", "author", "autor",
                       "auteur", "text", *_POSTED})
#: twitter:label1 texts (Yoast's "Written by" in the page's language) that make twitter:data1
#: the author.
_WRITTEN_BY_LABEL = re.compile(r"author|written|verfasst|geschrieben|autor|auteur|écrit|"
                               r"escrito|scritto", re.IGNORECASE)


def _near_hits(src: Sources) -> list[HtmlElement]:
    """The byline-like elements around the headline, by their class, itemprop or rel."""
    out = []
    kinds = src.kinds
    marked = src.may_have("author")  # else no element's itemprop needs reading
    for el in src.near_headline():
        if cls := el.get("class"):
            if (kind := kinds.get(cls)) is None:  # the cached verdict read inline: ~450 a page
                kind = kind_of(cls, kinds)
            if kind[0]:
                out.append(el)
                continue
        if (marked and el.get("itemprop") == "author") or (
                el.tag == "a" and "author" in (el.get("rel") or "")):
            out.append(el)
    return out


def _byline_names(src: Sources, hits: Iterable[HtmlElement], near: bool) -> list[str]:
    """The names of the first byline element among `hits` that has any."""
    for tried, el in enumerate(hits):
        if tried > 30:
            break
        if isinstance(el.tag, str) and el.tag not in _NOT_BYLINE_TAGS and _is_hit(el) and (
                not (src.furniture(el) if near else _avoided(el))) and (
                names := _names_in(el)):
            return names[:8]
    return []


def _by_lines(src: Sources) -> list[str]:
    """Names from a short "By Jane Doe" text (or a "Written by" label) near the headline."""
    for el in src.near_headline():
        if not (text := el.text):  # most elements: no text of their own
            continue
        words = text.split(None, 1)
        if not words or words[0].lower().rstrip(":") not in _BY_WORDS:
            continue
        text = clean(el.text_content()) or ""
        if _LABEL_ONLY.match(text) and (nxt := el.getnext()) is not None:
            text = clean(visible_text(nxt)) or ""
        elif not _BY_LINE.match(text):
            continue
        if len(text) < 100 and not src.furniture(el) and (names := split_names(_cut(text))):
            return names
    return []


def _first_post_author(src: Sources, near: list[HtmlElement]) -> list[str]:
    """On a thread, the author of the first post: forum software marks each post with
    `data-author` or microdata `itemprop=author`, whichever comes first near the headline."""
    posts = sorted((el for el in src.near_headline() if el.get("data-author")),
                   key=lambda el: el.sourceline or 0)
    marked = [el for el in near if el.get("itemprop") == "author"]
    if posts and marked and (marked[0].sourceline or 0) < (posts[0].sourceline or 0):
        posts = []
    if posts:
        name = clean(posts[0].get("data-author"))
        if name and len(name) < 60 and _valid_person(name):
            return [name]
    return _byline_names(src, marked, True)


def _meta_names(src: Sources) -> list[str]:
    out: list[str] = []
    for key in ("author", "article:author", "dc.creator", "dcterms.creator", "sailthru.author",
                "parsely-author", "byl"):
        for v in src.meta.get(key, ()):
            out.extend(split_names(v))
    cites = src.meta.get("citation_author", [])
    out.extend(" ".join(reversed(c.split(",", 1))).strip() if "," in c else c for c in cites)
    if _WRITTEN_BY_LABEL.search(src.first("twitter:label1") or ""):
        out.extend(split_names(re.sub(r"\s@\w+", "", src.first("twitter:data1") or "")))
    return out


def _username(name: str) -> bool:
    return " " not in name and (name.islower() or any(c in name for c in "._") or
                                any(c.isdigit() for c in name))


def find_authors(src: Sources, site: str | None = None, page_wide: bool = True) -> list[str]:
    """The article's authors, persons first; an organisation only when no person is named.

    The visible byline is looked for around the headline, and with `page_wide` in the
    whole page when none is there.
    """
    persons: list[str] = []
    orgs: list[str] = []
    for key in ("author", "creator"):
        if src.main.get(key):
            _ld_names(src, src.main[key], persons, orgs, site)
            break
    near = _near_hits(src)
    visible = (_first_post_author(src, near) or _byline_names(src, near, True) or _by_lines(src)
               or (_byline_names(src, src.byline_hits(), False) if page_wide else []))
    if site:
        visible = [v for v in visible if v.casefold() != site.casefold()]
    persons = [p for p in persons if not (site and p.casefold() == site.casefold())]
    if persons:
        if visible and (all(p in visible for p in persons) or all(map(_username, persons))):
            return _dedupe(visible)
        return _dedupe(persons)
    if visible:
        return _dedupe(visible)
    if meta := [m for m in _meta_names(src) if not (site and m.casefold() == site.casefold())]:
        return _dedupe(meta[:8])
    return _dedupe(orgs[:1])


def _dedupe(names: list[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        if not any(n.casefold() == o.casefold() for o in out):
            out.append(n)
    return out


_ORG_WORDS = re.compile(
    r"\b(?:blog|news|magazine|media|inc|ltd|llc|gmbh|ag|group|company|co|corp|the|times|"
    r"post|daily|journal|lab|labs|studio|studios|agency|team|press|online|digital|network|"
    r"tv|radio|club|shop|store|school|university|institute|foundation|association|review|"
    r"weekly|world|guide|center|centre|official|app|cloud|ai|data|tech|solutions|services|"
    r"consulting|marketing|health|home|travel|food|kitchen|photography|design|wiki|forum|"
    r"docs|documentation|help|support)\b",
    re.IGNORECASE)


def personal_site_author(name: str | None, host: str) -> str | None:
    """A site named after a person as its author: "Jane Doe" on jane.example or
    janed.blog (an organisation's site spells its whole name in the host; "Jane Doe's
    notes" is no name)."""
    if not name:
        return None
    key = [w.casefold() for w in name.split()]
    if not key or key[0] not in host or "".join(key) in host.replace("-", ""):
        return None
    ws = name.split()
    if not 2 <= len(ws) <= 3 or _ORG_WORDS.search(name) or not _valid_person(name) or any(
            c.isdigit() for c in name):
        return None
    return name if all(w[0].isupper() and w[1:].islower() for w in ws if len(w) > 1) else None
