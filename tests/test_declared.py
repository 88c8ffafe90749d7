"""The body a page declares in JSON-LD: read by page_metadata, used by recover_declared."""

from __future__ import annotations

import json

from thresher.blocks import Decision
from thresher.classify.declared import recover_declared
from thresher.html.metadata import page_metadata
from thresher.html.parse import parse
from thresher.html.segment import segment
from thresher.options import Options

POST = ("My landlord kept the whole deposit after I moved out, although the flat was cleaned "
        "by professionals and the inspection report lists no damage at all. What are my "
        "options before going to the small claims court, and how long do I have?")
REPLY = ("You have three years to claim, and a letter before action citing the inspection "
         "report usually gets the deposit back without a hearing in most cases I have seen.")


def _page(ld: dict | None, body: str) -> str:
    script = (f'<script type="application/ld+json">{json.dumps(ld)}</script>'
              if ld else "")
    return f"<html><head><title>Deposit</title>{script}</head><body>{body}</body></html>"


def _forum(ld_text: str | None) -> str:
    ld = {"@type": "DiscussionForumPosting", "headline": "Deposit kept",
          "text": ld_text} if ld_text else None
    return _page(ld, f'<div class="post"><p>{POST}</p></div>'
                     f'<div class="reply"><p>{REPLY}</p></div>')


def test_metadata_reads_the_declared_body() -> None:
    assert page_metadata(parse(_forum(POST))).declared_body == POST
    product = {"@type": "Product", "name": "Mug", "description": f"<p>{POST}</p>"}
    assert page_metadata(parse(_page(product, ""))).declared_body.strip() == POST
    article = {"@type": "NewsArticle", "description": POST}  # a summary, not the body
    assert page_metadata(parse(_page(article, ""))).declared_body is None
    short = {"@type": "BlogPosting", "articleBody": "Too short to trust."}
    assert page_metadata(parse(_page(short, ""))).declared_body is None


def _decide(html: str, labels: list[str]) -> list[str]:
    root = parse(html)
    blocks = segment(root, Options()).blocks
    assert len(blocks) == len(labels)
    decisions = [Decision(label, 0.3, "") for label in labels]
    declared = page_metadata(root).declared_body
    return [d.label for d in recover_declared(blocks, decisions, declared)]


def test_a_missed_declared_body_is_recovered() -> None:
    assert _decide(_forum(POST), ["boilerplate", "body"]) == ["body", "body"]


def test_a_body_that_covers_the_declared_text_is_left_alone() -> None:
    assert _decide(_forum(POST), ["body", "boilerplate"]) == ["body", "boilerplate"]
    assert _decide(_forum(None), ["boilerplate", "body"]) == ["boilerplate", "body"]
    # a block that shares only a few words with the declared text stays out
    other = POST.split(",")[0] + " and then a long run of unrelated words about the weather."
    assert _decide(_forum(other + " " + REPLY), ["boilerplate", "boilerplate"]) == \
        ["boilerplate", "body"]

