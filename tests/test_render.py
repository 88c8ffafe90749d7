"""Stage 6, render: kept blocks to plain text and Markdown."""

from __future__ import annotations

import pytest

from thresher.blocks import Block
from thresher.html.parse import parse
from thresher.html.segment import segment
from thresher.options import Options
from thresher.render import render, render_markdown, render_text


def b(text: str, kind: str = "paragraph", markdown: str = "") -> Block:
    return Block(index=0, text=text, kind=kind, markdown=markdown)


def test_text_separates_blocks_by_one_blank_line() -> None:
    assert render_text([b("One."), b("Two."), b("Three.")]) == "One.\n\nTwo.\n\nThree."


def test_text_skips_empty_blocks() -> None:
    assert render_text([b("One."), b(""), b("Two.")]) == "One.\n\nTwo."
    assert render_text([]) == ""


def test_markdown_uses_each_blocks_markdown_and_falls_back_to_text() -> None:
    md = render_markdown([b("Title", "heading", "## Title"), b("Plain paragraph.")])
    assert md == "## Title\n\nPlain paragraph."


def test_markdown_groups_consecutive_list_items_into_one_list() -> None:
    md = render_markdown([
        b("Intro.", markdown="Intro."),
        b("one", "list_item", "- one"),
        b("two", "list_item", "- two"),
        b("nested", "list_item", "  1. nested"),
        b("Outro.", markdown="Outro."),
    ])
    assert md == "Intro.\n\n- one\n- two\n  1. nested\n\nOutro."


def test_markdown_separates_two_tables_and_code_by_blank_lines() -> None:
    md = render_markdown([
        b("x = 1", "code", "```\nx = 1\n```"),
        b("a | b", "table", "| a | b |\n| --- | --- |"),
        b("Quote", "quote", "> Quote"),
    ])
    assert md == "```\nx = 1\n```\n\n| a | b |\n| --- | --- |\n\n> Quote"


def test_render_returns_text_and_markdown_of_the_same_blocks() -> None:
    html = ("<h2>Steps</h2><p>Do this:</p><ol><li>Mix</li><li>Bake</li></ol>"
            "<blockquote><p>Tasty.</p></blockquote><pre>oven = 180</pre>")
    text, md = render(segment(parse(html), Options()).blocks)
    assert text == "Steps\n\nDo this:\n\nMix\n\nBake\n\nTasty.\n\noven = 180"
    assert md == ("## Steps\n\nDo this:\n\n1. Mix\n1. Bake\n\n> Tasty.\n\n"
                  "```\noven = 180\n```")


def md_tokens(html: str) -> list[tuple[str, int]]:
    """The Markdown of `html` parsed back by a CommonMark parser: (block token, nesting)."""
    mdit = pytest.importorskip("markdown_it")
    md = render_markdown(segment(parse(html), Options()).blocks)
    parser = mdit.MarkdownIt("commonmark").enable("table")
    return [(t.type, t.level) for t in parser.parse(md)
            if t.type.endswith("_open") or t.type == "fence"]


def level_of(tokens: list[tuple[str, int]], kind: str) -> list[int]:
    return [level for t, level in tokens if t == kind]


def test_markdown_parses_back_to_the_same_structure() -> None:
    html = ("<h2>Head</h2><p>Para.</p><ul><li>a<ol><li>a1</li></ol></li><li>b</li></ul>"
            "<blockquote><p>Q</p></blockquote><pre>x = 1</pre>"
            "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>")
    tokens = md_tokens(html)
    assert [t for t, _ in tokens[:2]] == ["heading_open", "paragraph_open"]
    (bullets,) = level_of(tokens, "bullet_list_open")
    (ordered,) = level_of(tokens, "ordered_list_open")
    assert ordered > bullets  # the inner list is nested in the outer one
    assert len(level_of(tokens, "list_item_open")) == 3
    for kind in ("blockquote_open", "fence", "table_open"):
        assert level_of(tokens, kind) == [0]


def test_bullet_list_nested_in_an_ordered_item_stays_nested() -> None:
    tokens = md_tokens("<ol><li>one<ul><li>sub a</li><li>sub b</li></ul></li><li>two</li></ol>")
    (ordered,) = level_of(tokens, "ordered_list_open")
    (bullets,) = level_of(tokens, "bullet_list_open")
    assert bullets > ordered
