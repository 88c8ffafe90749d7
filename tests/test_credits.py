"""The cheap pre-tests that share credits.py's word lists stay in step with its regexes."""

from __future__ import annotations

import re

import pytest

from thresher.credits import CAPTION_TIDY, CREDIT_STEMS, CREDIT_WORDS, split_credit


def test_the_alternatives_parser_splits_at_the_top_level_only(alternatives) -> None:
    assert alternatives(r"a|b(?:c|d)?|[|]e|\|f") == ["a", "b(?:c|d)?", "[|]e", "\\|f"]


def test_every_credit_word_opens_with_a_stem(alternatives) -> None:
    """A credit word missing from CREDIT_STEMS would be skipped by the pre-tests."""
    inner = CREDIT_WORDS.removeprefix("(?:").removesuffix(")")
    words = [re.split(r"[(?\[\\]", alt)[0].lower() for alt in alternatives(inner)]
    assert len(words) > 20
    missing = [w for w in words if not w.startswith(CREDIT_STEMS)]
    assert not missing, missing


@pytest.mark.parametrize("line", ["Jane Doe at the vote | Photo: AP",
                                  "Jane Doe at the vote \u2014 Image: Getty"])
def test_the_caption_loses_what_caption_tidy_holds(line: str) -> None:
    caption, credit = split_credit(line)
    assert credit and caption == "Jane Doe at the vote"
    assert not caption.endswith(tuple(CAPTION_TIDY))
