"""Rules for captions that end in an image credit and for calls to action (follow, share,
subscribe) that the classifier keeps because they read like prose."""

from __future__ import annotations

import re

import pytest

from thresher.blocks import Block, Decision
from thresher.classify.rules import (
    apply_rules,
    is_call_to_action,
    is_credited_caption,
    is_dateline,
)


def _block(text: str, kind: str = "paragraph") -> Block:
    return Block(index=0, text=text, kind=kind, attrs=("", "entry-content"),
                 path=("body", "div", "p"))


@pytest.mark.parametrize("text", [
    "Protesters have worn masks to protect their identities (Image: GETTY )",
    "Guests pick their pastries from glass-enclosed cabinets. | Photo by Lisa Jennings",
    "Der Minister dringt auf eine schnelle Entscheidung. (Foto: dpa)",
])
def test_a_line_ending_in_an_image_credit_is_a_caption(text: str) -> None:
    assert is_credited_caption(_block(text))


@pytest.mark.parametrize("text", [
    "The agency said the photos were taken by a drone over the harbour last week.",
    "For both ethical and legal reasons, all materials must meet copyright rules.",
    "Image: Getty",  # a bare credit: the credit-line rule's business
    "A long paragraph " * 20 + "(Image: Getty)",
])
def test_prose_and_bare_credits_are_not_credited_captions(text: str) -> None:
    assert not is_credited_caption(_block(text))


@pytest.mark.parametrize("text", [
    "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
    "Like this story? Share it with a friend!",
    "Sharing is caring!",
    "This slideshow requires JavaScript.",
    "Have a tip? Jane Doe may be reached at jdoe@example.com.",
    "Email the author at x@example.com or follow him @someone.",
    "CLICK HERE TO GET THE NEWS APP",
])
def test_calls_to_action(text: str) -> None:
    assert is_call_to_action(_block(text))


@pytest.mark.parametrize("text", [
    "Morrison testified that he didn't always follow through on suggestions from Sondland.",
    "If you just want the service, you can sign up for a free 7-day trial.",
    "Read more about recent LG innovations.",
    "Follow the river north for two miles until you reach the old mill.",
])
def test_prose_is_not_a_call_to_action(text: str) -> None:
    assert not is_call_to_action(_block(text))


def test_apply_rules_relabels_both() -> None:
    blocks = [_block("The council approved the budget on Tuesday after a long debate."),
              _block("The plague wiped out half of Europe (Image: GETTY)"),
              _block("Like this story? Share it with a friend!")]
    decisions = [Decision("body", 0.9, "")] * 3
    out = apply_rules(blocks, decisions, None, [])
    assert [d.label for d in out] == ["body", "caption", "boilerplate"]


def test_following_someone_in_a_story_is_prose() -> None:
    assert not is_call_to_action(_block("The dog would follow her to school every day."))
    assert not is_call_to_action(_block("Officers asked them to follow us to the station."))


def test_a_wire_caption_opener_is_a_caption() -> None:
    assert is_credited_caption(_block(
        "In this Dec. 12, 2006, file photo, made available by NASA, astronauts work outside."))
    assert is_credited_caption(_block("In this photo taken on May 3, a boat leaves the port."))
    assert not is_credited_caption(_block(
        "In this example, we fetch an image and read it as a Blob."))


@pytest.mark.parametrize("text", [
    "segunda-feira, 22 de janeiro de 2018 às 0:13",
    "Montag, 3. März 2025 um 10:30 Uhr",
    "Publicado el 5 de mayo de 2023",
])
def test_datelines_in_other_languages(text: str) -> None:
    assert is_dateline(_block(text))


def test_a_sentence_with_a_date_is_not_a_dateline() -> None:
    assert not is_dateline(_block("The council met on 3 March 2024 to vote on the budget."))


def _in(index: int, text: str, ancestors: tuple[int, ...], kind: str = "paragraph") -> Block:
    return Block(index=index, text=text, kind=kind, ancestors=ancestors,
                 attrs=("", "entry-content"), path=("body", "div", "p"))


def _labels(blocks: list[Block]) -> list[str]:
    body = [Decision("body", 0.9, "model") for _ in blocks]
    return [d.label for d in apply_rules(blocks, body, None, [])]


STORY = "The council met on Tuesday and voted for the new tram line after a long debate. "


def test_a_newsletter_box_inside_the_article_is_dropped() -> None:
    blocks = [_in(0, STORY, (1, 2)), _in(1, STORY, (1, 3)),
              _in(2, "Sign up for the Harbour Post newsletter", (1, 4, 5), "heading"),
              _in(3, "Every day we send you the latest news in one handy email.", (1, 4, 6)),
              _in(4, "You can unsubscribe at any time.", (1, 4, 7)),
              _in(5, STORY, (1, 8)), _in(6, STORY, (1, 9))]
    assert _labels(blocks) == ["body", "body", "boilerplate", "boilerplate", "boilerplate",
                               "body", "body"]


def test_a_newsletter_heading_of_the_article_itself_keeps_the_article() -> None:
    # the heading's parent is the article: not a box
    blocks = [_in(k, STORY, (1, 2 + k)) for k in range(3)]
    blocks.append(_in(3, "Why our newsletter changed", (1, 20), "heading"))
    blocks += [_in(4 + k, STORY, (1, 30 + k)) for k in range(10)]
    assert set(_labels(blocks)) == {"body"}


@pytest.mark.parametrize("text", [
    "FOLLOW US ON Twitter for more",
    "\u017fign up for our letter today",  # the long s the pattern's case-blind "s" matches
    "Have a t\u0131p? Write to us",
    "Also on example.com: more stories",
])
def test_calls_to_action_in_any_case_pass_the_word_sieve(text: str) -> None:
    assert is_call_to_action(_block(text))


@pytest.mark.parametrize("text", [
    "Photo: Jane Doe", "(Image: Getty)", "| Credit: Reuters", "\u00a9 2020 Example Ltd",
    "(c) Example", "Jane Doe/AP", "Bild: dpa", "Fot\u043e: Example",
])
def test_bare_credit_lines_pass_the_sieve(text: str) -> None:
    from thresher.classify.rules import _may_be_bare_credit
    assert _may_be_bare_credit(text)


#: at least one call to action for each alternative of rules._CALL_TO_ACTION
_CTA_EXAMPLES = (
    "Follow us on Instagram", "Or follow her @janedoe for more", "Follow Newsbeat on Twitter",
    "Sharing is caring!", "Like it? Share this story with a friend",
    "This slideshow requires JavaScript.", "Have a tip? Write to us",
    "Jane Doe may be reached at jdoe@example.com.", "Also on example.com: more stories",
    "[Related: The budget vote]", "Like this article? Tell us", "Sign up for Morning Brief today",
    "Click here to get the app", "Subscribe to Example News on YouTube",
)


def test_the_word_sieve_passes_a_call_to_action_of_every_alternative(alternatives) -> None:
    """Each wording of _CALL_TO_ACTION has an example here, and _may_call_to_action lets
    every example through: a new wording without a word in the sieve fails this test."""
    from thresher.classify.rules import _CALL_TO_ACTION, _may_call_to_action

    for alt in alternatives(_CALL_TO_ACTION.pattern):
        rx = re.compile(alt, _CALL_TO_ACTION.flags)
        matched = [t for t in _CTA_EXAMPLES if rx.search(t)]
        assert matched, f"no example of {alt!r}"
        assert all(_may_call_to_action(t) for t in matched), (alt, matched)
