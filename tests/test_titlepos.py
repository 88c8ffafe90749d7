"""Features relative to the headline block: body paragraphs sit just after it in a small
shared container, menus and rails far from it."""

from __future__ import annotations

from test_features import ENGLISH, page_blocks, row_of

from thresher.classify.features import block_features, feature_names
from thresher.classify.titlepos import title_block

PAGE = f"""<html><body>
<div class="rail"><ul><li><a href="/a">Another story about something else</a></li></ul></div>
<div class="main"><article><h1>Budget approved</h1><p>{ENGLISH}</p></article></div>
<footer><p>Copyright 2026 Example News</p></footer></body></html>"""


def test_headline_block_prefers_a_heading() -> None:
    blocks = page_blocks(PAGE)
    assert blocks[title_block(blocks, "Budget approved")].kind == "heading"
    assert title_block(blocks, None) == -1
    assert title_block(blocks, "Something else entirely") == -1


def test_body_is_near_the_headline_and_the_rail_is_not() -> None:
    blocks = page_blocks(PAGE)
    col = {n: i for i, n in enumerate(feature_names())}
    x = block_features(blocks, "Budget approved")
    body, rail = row_of(blocks, ENGLISH[:20]), row_of(blocks, "Another story")
    assert x[body, col["title_found"]] == 1.0
    assert x[body, col["title_char_offset"]] > 0 > x[rail, col["title_char_offset"]]
    assert x[body, col["title_lca_up"]] < x[rail, col["title_lca_up"]]
    assert x[body, col["title_lca_share"]] < x[rail, col["title_lca_share"]]


def test_without_a_headline_the_columns_hold_their_defaults() -> None:
    blocks = page_blocks(PAGE)
    col = {n: i for i, n in enumerate(feature_names())}
    x = block_features(blocks, None)
    assert (x[:, col["title_found"]] == 0).all()
    assert (x[:, col["title_lca_up"]] == 99).all()
