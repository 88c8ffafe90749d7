"""Rules for blocks a reader never wants in the text: reader comments (kept on discussion
pages, where they are the body) and bare share buttons."""

from __future__ import annotations

import json

import pytest

import thresher
from thresher.blocks import Block, Decision
from thresher.classify.rules import apply_rules, in_comments
from thresher.html.metadata import page_metadata
from thresher.html.parse import parse

POST = ("Our goal with these quarterly threads is to give readers a place to raise questions "
        "about the charity and its research, in the comments below, and to hear from us.")
REPLIES = [
    "I read the latest report on road safety and could not find how slower buses change "
    "travel times for the passengers who depend on them every single working day.",
    "Thanks for asking. Our best guess is that the effect on speed is small, and the "
    "randomised trial we rely on found no difference in maximum speed between the groups.",
    "Have you written anything about giving now versus investing the money and giving "
    "later, when the research on what works will probably have improved a great deal?",
]


def _page(ld_type: str | None) -> str:
    ld = (f'<script type="application/ld+json">{json.dumps({"@type": ld_type})}</script>'
          if ld_type else "")
    items = "".join(
        f'<li class="comment depth-1" id="comment-{i}"><div class="comment-author">'
        f'<b>Reader {i}</b> on 12 May 2024 said:</div><div class="comment-content">'
        f"<p>{text}</p></div></li>" for i, text in enumerate(REPLIES))
    return (f"<html><head><title>Open thread</title>{ld}</head><body>"
            "<nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
            f"<article><h1>Open thread</h1><p>{POST}</p></article>"
            f'<div id="comments" class="comments-area"><h3 class="comments-title">Comments</h3>'
            f'<ol class="comment-list">{items}</ol></div><footer>© 2024 Blog</footer>'
            "</body></html>")


def _block(text: str, attrs: tuple[str, ...]) -> Block:
    return Block(index=0, text=text, attrs=attrs, path=("body",) + ("div",) * (len(attrs) - 1))


@pytest.mark.parametrize("attrs", [
    ("", "comments-area", "comment-list", "comment depth-1 comment-7"),
    ("", "post-comments comments", "x"),
    ("", "disqus_thread"),
])
def test_blocks_under_a_comment_section_are_in_comments(attrs: tuple[str, ...]) -> None:
    assert in_comments(_block("A reply.", attrs))


@pytest.mark.parametrize("attrs", [
    ("", "entry-content", "post"),
    ("", "comments-enabled article", "body"),  # a token that only starts with "comments"
    ("", "no-comment-yet"),
])
def test_other_blocks_are_not(attrs: tuple[str, ...]) -> None:
    assert not in_comments(_block("A paragraph.", attrs))


def test_rules_relabel_body_blocks_in_comments_unless_the_page_is_a_discussion() -> None:
    blocks = [_block(POST, ("", "entry-content")),
              _block(REPLIES[0], ("", "comments-area", "comment"))]
    body = [Decision("body", 0.9, ""), Decision("body", 0.8, "")]
    labels = [d.label for d in apply_rules(blocks, body, None, [])]
    assert labels == ["body", "comment"]
    labels = [d.label for d in apply_rules(blocks, body, None, [], discussion=True)]
    assert labels == ["body", "body"]


@pytest.mark.parametrize("threshold", [0.0, None])
def test_a_blog_post_keeps_its_comments_out_of_the_text(threshold: float | None) -> None:
    # At threshold 0 the model keeps every block: only the rule can take the replies out.
    options = thresher.Options() if threshold is None else thresher.Options(threshold=threshold)
    article = thresher.extract(_page("BlogPosting"), options=options)
    assert POST in article.text
    assert not any(reply[:40] in article.text for reply in REPLIES)
    assert "said:" not in article.text


def test_a_forum_thread_keeps_its_posts_even_at_threshold_zero() -> None:
    article = thresher.extract(_page("DiscussionForumPosting"),
                               options=thresher.Options(threshold=0.0))
    assert all(reply[:40] in article.text for reply in REPLIES)


@pytest.mark.parametrize("text", ["Facebook", "Share on X", " Email ", "WhatsApp", "Print"])
def test_share_buttons_are_not_body(text: str) -> None:
    blocks = [_block(POST, ("", "entry-content")), _block(text, ("", "entry-content"))]
    body = [Decision("body", 0.9, ""), Decision("body", 0.7, "")]
    assert [d.label for d in apply_rules(blocks, body, None, [])] == ["body", "boilerplate"]


@pytest.mark.parametrize("text", ["Facebook fined over data breach", "Twitter and the press"])
def test_lines_that_only_name_a_network_stay(text: str) -> None:
    blocks = [_block(text, ("", "entry-content"))]
    assert apply_rules(blocks, [Decision("body", 0.9, "")], None, [])[0].label == "body"


def test_a_forum_thread_is_a_discussion_and_a_blog_post_is_not() -> None:
    assert page_metadata(parse(_page("DiscussionForumPosting"))).discussion
    assert not page_metadata(parse(_page("BlogPosting"))).discussion
    assert not page_metadata(parse(_page(None))).discussion
