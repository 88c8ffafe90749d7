"""Stage 5, assemble: labelled blocks and page metadata into an `Article`.

The body is rendered from the blocks labelled body only; the rules have already moved the
headline, dek, byline, dateline, captions and credits out of it. Wire credits come from the
body and credit lines, the language from the markup checked against the body text.
"""

from __future__ import annotations

from .article import Article, Image
from .blocks import Block, Decision
from .classify.rules import subtitle_of
from .credits import find_credits, split_credit
from .html.metadata import PageMeta
from .language import choose_language
from .render import render


def _sort(blocks: list[Block], decisions: list[Decision]) -> tuple[list[Block], list[Block],
                                                                    int, int]:
    """One pass over the labels: the body blocks, the caption blocks, and the first and last
    index of a body, credit or byline block (-1, -1 if none)."""
    body: list[Block] = []
    captions: list[Block] = []
    first = last = -1
    for i, (b, d) in enumerate(zip(blocks, decisions, strict=True)):
        label = d.label
        if label == "body":
            body.append(b)
        elif label == "caption":
            captions.append(b)
            continue
        elif label != "credit" and label != "byline":
            continue
        if first < 0:
            first = i
        last = i
    return body, captions, first, last


def _credits(blocks: list[Block], first: int, last: int) -> list[str]:
    """Wire agencies credited from the start of the body (block `first`) to a few blocks
    after its end (`last`), where "Additional reporting by ..." lines sit, whatever their
    label."""
    if first < 0:
        return []
    head = blocks[first: min(first + 3, last + 1)]
    tail = blocks[max(last - 2, first + 3): last + 4]
    found: list[str] = []
    for part in (head, tail):
        text = "\n".join(b.text for b in part)
        found.extend(c for c in find_credits(text) if c not in found)
    return found


def _images(meta: PageMeta, captions: list[Block]) -> list[Image]:
    """The page's images; a caption block the markup did not tie to an image is given to
    the first image without one."""
    images = list(meta.images)
    known = {i.caption for i in images if i.caption}
    for b in captions:
        caption, credit = split_credit(b.text)
        if not caption or caption in known:
            continue
        k = next((k for k, i in enumerate(images) if not i.caption and k > 0), None)
        if k is None:
            break
        images[k] = Image(images[k].src, images[k].alt, caption, credit or images[k].credit)
        known.add(caption)
    return images


def _page_type(meta: PageMeta, text: str) -> str:
    if meta.page_type == "article" or (meta.published and meta.authors and len(text) > 800):
        return "article"
    return meta.page_type or "other"


def assemble(blocks: list[Block], decisions: list[Decision], meta: PageMeta, url: str | None,
             warnings: list[str]) -> Article:
    """Build the Article: body from the kept blocks, fields from the metadata."""
    body, captions, first, last = _sort(blocks, decisions)
    text, markdown = render(body)
    subtitle = subtitle_of(blocks, decisions) or meta.subtitle
    return Article(
        text=text, markdown=markdown, url=url, title=meta.title, subtitle=subtitle,
        authors=list(meta.authors), published=meta.published, modified=meta.modified,
        site_name=meta.site_name, canonical_url=meta.canonical_url,
        language=choose_language(meta.language, text, meta.detect_language),
        description=meta.description, tags=list(meta.tags), categories=list(meta.categories),
        page_type=_page_type(meta, text),
        images=_images(meta, captions), credits=_credits(blocks, first, last),
        comments=list(meta.comments), warnings=list(warnings),
    )
