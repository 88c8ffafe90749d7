"""The HTML pipeline: decode, parse, segment, classify, assemble, render."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .article import Article
from .assemble import assemble
from .blocks import Block, Decision
from .classify import classify
from .classify.declared import recover_declared
from .classify.features import feature_names
from .classify.rules import apply_rules
from .errors import guard
from .html.decode import decode_page
from .html.metadata import page_metadata
from .html.parse import parse
from .html.segment import segment
from .limits import checkpoint, deadline_scope
from .options import DEFAULT_OPTIONS, Options


@dataclass(frozen=True, slots=True)
class Explanation:
    """An extraction with its working: every block, what was decided and why."""

    article: Article
    blocks: list[Block]
    decisions: list[Decision]
    features: list[dict[str, float]]


def _run(html: bytes | str, url: str | None, options: Options,
         content_type: str | None) -> tuple[Article, list[Block], list[Decision], np.ndarray]:
    # Every failure leaves as a ThresherError; the time limit is checked between stages
    # and, through the deadline scope, inside the loops of the stages (see limits.py).
    with guard("extracting the page"), deadline_scope(options.time_limit):
        decoded = decode_page(html, options, content_type)
        checkpoint("decoding")
        root = parse(decoded.text, decoded.warnings)
        checkpoint("parsing")
        meta = page_metadata(root, url, options)
        seg = segment(root, options)
        blocks, warnings = seg.blocks, decoded.warnings + seg.warnings
        # The tree is no longer needed: freed now, while the walk has left it in the CPU
        # cache, it costs less time than after the classifier (best of 4, a page: aeb 0.30
        # vs 0.72 ms, traf-dev 0.50 vs 0.68, wcxb-dev about the same), and less peak memory.
        del root, seg
        checkpoint("segmenting")
        decisions, x = classify(blocks, meta.title, options)
        decisions = recover_declared(blocks, decisions, meta.declared_body)
        decisions = apply_rules(blocks, decisions, meta.title, meta.authors, meta.discussion)
        article = assemble(blocks, decisions, meta, url, warnings)
    return article, blocks, decisions, x


def explain(html: bytes | str, *, url: str | None = None, options: Options | None = None,
            content_type: str | None = None) -> Explanation:
    """Extract the article and return the blocks, features and decisions behind it."""
    article, blocks, decisions, x = _run(html, url, options or DEFAULT_OPTIONS, content_type)
    names = feature_names()
    features = [dict(zip(names, row.tolist(), strict=True)) for row in x]
    return Explanation(article, blocks, decisions, features)


def extract(html: bytes | str, *, url: str | None = None, options: Options | None = None,
            content_type: str | None = None) -> Article:
    """Extract the article of an HTML page given as bytes (encoding detected) or str."""
    return _run(html, url, options or DEFAULT_OPTIONS, content_type)[0]
