"""The HTML pipeline: decode, parse, segment, classify, assemble, render."""

from __future__ import annotations

from dataclasses import dataclass

from .article import Article
from .assemble import assemble
from .blocks import Block, Decision
from .classify.heuristic import classify_heuristic
from .classify.rules import apply_rules
from .errors import ThresherError
from .html.decode import decode
from .html.metadata import page_metadata
from .html.parse import parse
from .html.segment import segment
from .options import DEFAULT_OPTIONS, Options


@dataclass(frozen=True, slots=True)
class Explanation:
    """An extraction with its working: every block, what was decided and why."""

    article: Article
    blocks: list[Block]
    decisions: list[Decision]
    features: list[dict[str, float]]


def explain(html: bytes | str, *, url: str | None = None, options: Options | None = None,
            content_type: str | None = None) -> Explanation:
    """Extract the article and return the blocks and decisions behind it."""
    options = options or DEFAULT_OPTIONS
    try:
        text = decode(html, options, content_type)
        root = parse(text)
        meta = page_metadata(root, url)
        seg = segment(root, options)
        decisions = classify_heuristic(seg.blocks)
        decisions = apply_rules(seg.blocks, decisions, meta.title, meta.authors)
        article = assemble(seg.blocks, decisions, meta, url, seg.warnings)
    except ThresherError:
        raise
    except RecursionError as exc:
        raise ThresherError(f"the page is nested too deeply to process: {exc}") from exc
    return Explanation(article, seg.blocks, decisions, [{} for _ in seg.blocks])


def extract(html: bytes | str, *, url: str | None = None, options: Options | None = None,
            content_type: str | None = None) -> Article:
    """Extract the article of an HTML page given as bytes (encoding detected) or str."""
    return explain(html, url=url, options=options, content_type=content_type).article
