"""Stage 6, render: kept blocks to plain text and Markdown."""

from __future__ import annotations

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
