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


def body_blocks(blocks: list[Block], decisions: list[Decision]) -> list[Block]:
    """The blocks labelled body, in document order."""
    return [b for b, d in zip(blocks, decisions, strict=True) if d.label == "body"]


def _labelled(blocks: list[Block], decisions: list[Decision], label: str) -> list[Block]:
    return [b for b, d in zip(blocks, decisions, strict=True) if d.label == label]


def _credits(blocks: list[Block], decisions: list[Decision]) -> list[str]:
    """Wire agencies credited from the start of the body to a few blocks after its end
    (where "Additional reporting by ..." lines sit, whatever their label)."""
    kept = [i for i, d in enumerate(decisions) if d.label in ("body", "credit", "byline")]
    if not kept:
        return []
    head = blocks[kept[0]: min(kept[0] + 3, kept[-1] + 1)]
    tail = blocks[max(kept[-1] - 2, kept[0] + 3): kept[-1] + 4]
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
    body = body_blocks(blocks, decisions)
    text, markdown = render(body)
    subtitle = subtitle_of(blocks, decisions) or meta.subtitle
    return Article(
        text=text, markdown=markdown, url=url, title=meta.title, subtitle=subtitle,
        authors=list(meta.authors), published=meta.published, modified=meta.modified,
        site_name=meta.site_name, canonical_url=meta.canonical_url,
        language=choose_language(meta.language, text, meta.detect_language),
        description=meta.description, tags=list(meta.tags), categories=list(meta.categories),
        page_type=_page_type(meta, text),
        images=_images(meta, _labelled(blocks, decisions, "caption")),
        credits=_credits(blocks, decisions),
        comments=list(meta.comments), warnings=list(warnings),
    )
