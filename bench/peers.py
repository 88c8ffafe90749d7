"""Adapters: each tool as a function page -> {"text", and optionally "title", "author",
"date"}.

A tool is imported only when it is used, so a peer that is not installed is reported as
skipped (with the reason) instead of breaking the run. Every adapter takes the page's raw
bytes; tools that need a str get it decoded here, and that decoding is part of their time.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .data import Page
from .metric import norm_date

Result = dict[str, Any]
Extractor = Callable[[Page], Result]

_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot",
    "tr", "ul"})


def to_str(raw: bytes) -> str:
    """UTF-8 if it decodes, else the charset-normalizer guess (or Latin-1)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        return str(best) if best is not None else raw.decode("latin-1")


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one line per block element."""
    import lxml.html
    from lxml import etree

    if not fragment.strip():
        return ""
    root = lxml.html.fromstring(fragment)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCK_TAGS:
            el.text = "\n" + (el.text or "")
            el.tail = "\n" + (el.tail or "")
        elif el.tag in ("td", "th"):
            el.tail = "\t" + (el.tail or "")
    text = etree.tostring(root, method="text", encoding="unicode")
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _thresher(options: Any = None) -> Extractor:
    import thresher

    def run(page: Page) -> Result:
        art = thresher.extract(page.raw, url=page.url, options=options)
        return {"text": art.text, "title": art.title, "author": art.authors,
                "date": art.published}
    return run


def _trafilatura(**kw: bool) -> Callable[[], Extractor]:
    def load() -> Extractor:
        import trafilatura

        def run(page: Page) -> Result:
            return {"text": trafilatura.extract(page.raw, url=page.url, **kw) or ""}
        return run
    return load


def _trafilatura_meta() -> Extractor:
    from trafilatura.metadata import extract_metadata

    def run(page: Page) -> Result:
        doc = extract_metadata(page.raw, default_url=page.url)
        return {"title": doc.title, "author": doc.author, "date": doc.date}
    return run


def _readability() -> Extractor:
    from readability import Document

    def run(page: Page) -> Result:
        doc = Document(to_str(page.raw), url=page.url)
        return {"text": html_to_text(doc.summary(html_partial=True)),
                "title": doc.short_title()}
    return run


def _resiliparse() -> Extractor:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding
    from resiliparse.parse.html import HTMLTree

    def run(page: Page) -> Result:
        html = bytes_to_str(page.raw, detect_encoding(page.raw))
        return {"text": extract_plain_text(HTMLTree.parse(html), main_content=True)}
    return run


_JUSTEXT_LANGS = {"de": "German", "en": "English", "es": "Spanish", "fr": "French",
                  "it": "Italian", "pl": "Polish", "pt": "Portuguese", "ru": "Russian",
                  "id": "Indonesian", "ar": "Arabic"}


def justext_stoplist(lang: str | None) -> frozenset[str]:
    """jusText's stop list for the page's declared language, English when it has none."""
    import justext

    name = _JUSTEXT_LANGS.get(lang or "", "English")
    try:
        return justext.get_stoplist(name)
    except ValueError:
        return justext.get_stoplist("English")


def _justext() -> Extractor:
    import justext

    def run(page: Page) -> Result:
        paras = justext.justext(page.raw, justext_stoplist(page.lang))
        return {"text": "\n".join(p.text for p in paras if not p.is_boilerplate)}
    return run


def _newspaper() -> Extractor:
    import newspaper

    def run(page: Page) -> Result:
        art = newspaper.Article(page.url or "https://example.invalid/", fetch_images=False)
        art.download(input_html=to_str(page.raw), ignore_read_more=True)
        art.parse()
        date = art.publish_date.isoformat() if art.publish_date else None
        return {"text": art.text, "title": art.title, "author": art.authors, "date": date}
    return run


def _goose() -> Extractor:
    from goose3 import Goose

    goose = Goose()

    def run(page: Page) -> Result:
        art = goose.extract(url=page.url, raw_html=to_str(page.raw))
        # the page's own date string when it is ISO; else goose's parsed UTC datetime
        date = art.publish_date if norm_date(art.publish_date or "") else None
        if date is None and art.publish_datetime_utc is not None:
            date = art.publish_datetime_utc.isoformat()
        return {"text": art.cleaned_text, "title": art.title, "author": art.authors,
                "date": date}
    return run


def _boilerpy() -> Extractor:
    from boilerpy3 import extractors

    extractor = extractors.ArticleExtractor()

    def run(page: Page) -> Result:
        return {"text": extractor.get_content(to_str(page.raw))}
    return run


def _inscriptis() -> Extractor:
    import inscriptis

    def run(page: Page) -> Result:
        return {"text": inscriptis.get_text(to_str(page.raw))}
    return run


def _htmldate() -> Extractor:
    from htmldate import find_date

    def run(page: Page) -> Result:
        return {"date": find_date(page.raw, url=page.url, original_date=True)}
    return run


@dataclass(frozen=True, slots=True)
class Tool:
    """A peer: its distribution (for the version), body extractor, metadata extractor.

    `meta` None means the body call also returns the metadata fields it has."""

    name: str
    dist: str
    body: Callable[[], Extractor] | None
    meta: Callable[[], Extractor] | None = None

    def version(self) -> str:
        return importlib.metadata.version(self.dist)


PEERS: dict[str, Tool] = {t.name: t for t in (
    Tool("trafilatura", "trafilatura", _trafilatura(), _trafilatura_meta),
    Tool("trafilatura_precision", "trafilatura", _trafilatura(favor_precision=True)),
    Tool("trafilatura_recall", "trafilatura", _trafilatura(favor_recall=True)),
    Tool("readability", "readability-lxml", _readability),
    Tool("resiliparse", "resiliparse", _resiliparse),
    Tool("justext", "justext", _justext),
    Tool("newspaper4k", "newspaper4k", _newspaper),
    Tool("goose3", "goose3", _goose),
    Tool("boilerpy3", "boilerpy3", _boilerpy),
    Tool("inscriptis", "inscriptis", _inscriptis),
    Tool("htmldate", "htmldate", None, _htmldate),
)}
BODY_PEERS = tuple(name for name, t in PEERS.items() if t.body is not None)
THRESHER = Tool("thresher", "thresher", _thresher)


def load(tool: Tool, kind: str = "body") -> tuple[Extractor | None, str]:
    """(extractor, version) or (None, why it is skipped)."""
    factory = tool.body if kind == "body" else (tool.meta or tool.body)
    if factory is None:
        return None, f"{tool.name} has no {kind} extractor"
    try:
        version = tool.version()
        return factory(), version
    except Exception as exc:  # an absent or broken peer is reported, never fatal
        return None, f"{type(exc).__name__}: {exc}"


def quiet_logs() -> None:
    """Silence the peers' per-page warnings (they would drown the tables)."""
    import logging
    import warnings

    logging.disable(logging.CRITICAL)
    warnings.filterwarnings("ignore")
