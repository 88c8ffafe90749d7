"""Line-filter baselines for plain-text pages, written from their papers.

They judge each line on its own, as a boilerplate remover must (the papers also drop whole
documents; those document-level verdicts are measured separately through datatrove when it
is installed, see `datatrove_filters`).

* C4 (Raffel et al. 2020, and TFDS's c4_utils): keep lines that end in terminal punctuation
  (not an ellipsis), have at least 3 words, no word over 1000 characters, no "javascript" and
  no cookie/terms-of-use phrase; citation marks are removed.
* Gopher (Rae et al. 2021, appendix A): its quality rules as line rules: drop lines that
  start with a bullet, end with an ellipsis, have under 80% of words with a letter, a
  symbol-to-word ratio above 0.1, or repeat an earlier line.
* FineWeb (Penedo et al. 2024): its line rules: drop lines of 30 characters or fewer and
  lines that repeat an earlier line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_CITATION = re.compile(r"\[\d*]|\[edit]|\[citation needed]")
_C4_END = (".", "?", "!", '"', "'")
_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies",
           "use cookies")
_BULLETS = ("•", "●", "‣", "◦", "▪", "-", "*", "–", "—", "·")
_ELLIPSES = ("...", "…")
_LETTER = re.compile(r"[^\W\d_]")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def c4_lines(text: str) -> str:
    kept = []
    for line in _lines(text):
        words = line.split()
        if any(len(w) > 1000 for w in words):
            continue
        line = _CITATION.sub("", line)
        low = line.lower()
        if (not line.endswith(_C4_END) or line.endswith("...") or len(words) < 3
                or "javascript" in low or any(p in low for p in _POLICY)):
            continue
        kept.append(line)
    return "\n".join(kept)


def _gopher_ok(line: str) -> bool:
    words = line.split()
    if not words or line.startswith(_BULLETS) or line.endswith(_ELLIPSES):
        return False
    if sum(1 for w in words if _LETTER.search(w)) < 0.8 * len(words):
        return False
    symbols = line.count("#") + sum(line.count(e) for e in _ELLIPSES)
    return symbols <= 0.1 * len(words)


def gopher_lines(text: str) -> str:
    seen: set[str] = set()
    kept = []
    for line in _lines(text):
        if _gopher_ok(line) and line not in seen:
            kept.append(line)
        seen.add(line)
    return "\n".join(kept)


def fineweb_lines(text: str) -> str:
    seen: set[str] = set()
    kept = []
    for line in _lines(text):
        if len(line) > 30 and line not in seen:
            kept.append(line)
        seen.add(line)
    return "\n".join(kept)


def keep_everything(text: str) -> str:
    return text


def justext_lines(lang: str | None) -> Callable[[str], str]:
    """jusText on the lines: each line becomes a paragraph of a minimal HTML page."""
    import html

    import justext

    from .peers import justext_stoplist

    stoplist = justext_stoplist(lang)

    def run(text: str) -> str:
        page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>"
                                        for line in _lines(text)) + "</body></html>"
        paras = justext.justext(page, stoplist)
        return "\n".join(p.text for p in paras if not p.is_boilerplate)
    return run


def datatrove_filters() -> dict[str, Callable[[str], str]]:
    """datatrove's own C4, Gopher and FineWeb filters (document text after the filter, empty
    when it drops the document); {} when datatrove (with spacy) cannot be used."""
    from datatrove.data import Document
    from datatrove.pipeline.filters import (
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )

    def wrap(*filters: object) -> Callable[[str], str]:
        def run(text: str) -> str:
            doc = Document(text=text, id="page")
            for f in filters:
                verdict = f.filter(doc)  # type: ignore[attr-defined]
                if verdict is not True:
                    return ""
            return doc.text
        return run

    return {"datatrove_c4": wrap(C4QualityFilter()),
            "datatrove_gopher": wrap(GopherRepetitionFilter(), GopherQualityFilter()),
            "datatrove_fineweb": wrap(FineWebQualityFilter())}
