"""Text mode: `thresher.extract_text` on pages flattened to plain text."""

from __future__ import annotations

import numpy as np
import pytest

import thresher
from thresher.text.dates import dateline_date
from thresher.text.features import best_span, run_length, window_mean
from thresher.text.lines import FEATURES_PER_LINE, line_features, split_lines
from thresher.text.rules import apply_rules, byline_authors
from thresher.text.title import anchor


@pytest.fixture(scope="module")
def page(fixtures_dir):
    def load(name: str) -> str:
        return (fixtures_dir / "text" / name).read_text(encoding="utf-8")
    return load


# -- end to end ---------------------------------------------------------------------------

def test_issue_example(page):
    art = thresher.extract_text(page("tram.txt"))
    assert art.title == "City council approves new tram line after decade of delays"
    assert art.subtitle == ("The £1.2bn route will link the station to the eastern suburbs "
                            "by 2029.")
    assert art.text.startswith("COUNCILLORS VOTED 58 to 12 last night")
    assert art.text.endswith("Residents in the east say the route ignores them.")
    assert "“This is a historic day for the city,” Smith said." in art.text
    assert "## Opponents" in art.markdown
    assert [(i.caption, i.credit) for i in art.images] == [
        ("Council leader Jane Smith at the vote", "Image: John Doe via Example Images")]
    assert "Jane Smith at the vote" not in art.text
    assert art.credits == ["Reuters"]
    assert "Reuters" not in art.text
    assert art.published is None
    for chaff in ("cookies", "Subscribe", "Share on Facebook", "Leave a comment", "°C"):
        assert chaff not in art.text


def test_non_english_page(page):
    art = thresher.extract_text(page("german.txt"))
    assert art.title == "Neue Brücke über die Elbe soll 2027 fertig werden"
    assert art.authors == ["Anna Schneider"]
    assert art.published == "2025-03-12"
    assert art.language == "de"
    assert art.text.startswith("Die Stadt Magdeburg hat am Dienstag")
    assert art.text.endswith("die im Sommer auch am Abend fährt.")
    for chaff in ("Artikel teilen", "WhatsApp", "Impressum", "Startseite", "Von Anna"):
        assert chaff not in art.text


def test_article_with_its_own_lists(page):
    art = thresher.extract_text(page("recipe_lists.txt"))
    assert art.title == "How to keep a sourdough starter alive while you travel"
    assert art.authors == ["Maria Lopez", "Tom Baker"]
    assert art.published == "2024-06-03"
    assert "- A clean glass jar with a loose lid" in art.markdown
    assert "1. Mix a stiff starter" in art.markdown
    assert "3. When you return" in art.markdown
    assert art.text.endswith("they revive in a few days.")
    for chaff in ("Classic country loaf", "Newsletter", "Sign up", "All rights reserved"):
        assert chaff not in art.text


def test_comment_thread_is_not_body(page):
    art = thresher.extract_text(page("comments.txt"))
    assert art.title == "Why the village library still matters"
    assert art.authors == ["Sam Carter"]
    assert art.published == "2023-09-21"
    assert art.text.startswith("When the county proposed closing")
    assert art.text.endswith("simply too expensive to keep.")
    for chaff in ("Helen Ward", "I was at that meeting", "Reply", "Comments"):
        assert chaff not in art.text


def test_empty_and_boilerplate_only_pages():
    assert thresher.extract_text("").text == ""
    art = thresher.extract_text("Home\nAbout\nContact\n© 2024 Example")
    assert art.text == ""
    assert isinstance(art, thresher.Article)


# -- limits and input ---------------------------------------------------------------------

def test_non_str_input_is_an_input_error():
    with pytest.raises(thresher.InputError):
        thresher.extract_text(b"bytes are not text")  # type: ignore[arg-type]


def test_text_limit_names_the_limit():
    opts = thresher.Options(max_text_chars=100)
    with pytest.raises(thresher.LimitExceeded) as exc:
        thresher.extract_text("x" * 101, options=opts)
    assert exc.value.limit == "max_text_chars"
    assert "max_text_chars" in str(exc.value)
    thresher.extract_text("x" * 100, options=opts)


# -- lines and features -------------------------------------------------------------------

def test_split_lines_bullets_and_blanks():
    lines = split_lines("Title\n\n  • first item\n- second\n  2. third\n\nA sentence.\n")
    assert [ln.text for ln in lines] == ["Title", "first item", "second", "third",
                                        "A sentence."]
    assert [ln.bullet for ln in lines] == ["", "•", "-", "2.", ""]
    assert lines[1].indent == 2
    assert [ln.blank_before for ln in lines] == [True, True, False, False, True]
    assert lines[0].blank_after and lines[3].blank_after and not lines[1].blank_after


def test_a_line_of_zero_width_characters_is_blank():
    lines = split_lines("First.\n\u200b\n\ufeff \u200b\nSecond \u200b one.\n")
    assert [ln.text for ln in lines] == ["First.", "Second \u200b one."]
    assert lines[1].blank_before


def test_line_features_values():
    lines = split_lines("Share on Facebook\nThe cat sat on the mat and it was happy.\n"
                        "The cat sat on the mat and it was happy.\nPREISE 2025")
    f = line_features(lines)
    col = {n: i for i, n in enumerate(FEATURES_PER_LINE)}
    assert f.shape == (4, len(FEATURES_PER_LINE))
    assert f[0, col["boiler"]] == 1 and f[1, col["boiler"]] == 0
    assert f[1, col["sent_end"]] == 1 and f[0, col["sent_end"]] == 0
    assert f[1, col["stop_ratio"]] > 0.4 and f[0, col["stop_ratio"]] < 0.4
    assert f[1, col["dup_next"]] == 1 and f[2, col["dup_prev"]] == 1
    assert f[1, col["repeated"]] == 1 and f[0, col["repeated"]] == 0
    assert f[3, col["all_caps"]] == 1 and f[3, col["digit_ratio"]] > 0.3
    assert line_features([]).shape == (0, len(FEATURES_PER_LINE))


def test_cookie_notice_needs_cookies_and_consent():
    lines = split_lines("We use cookies to improve your experience. By continuing, you agree.\n"
                        "These chocolate cookies are the best I have baked.\n"
                        "Wir verwenden Cookies, um die Website zu verbessern.\n"
                        "Please accept the terms.")
    f = line_features(lines)[:, FEATURES_PER_LINE.index("cookie_notice")]
    assert f.tolist() == [1, 0, 1, 0]


def test_title_anchor_skips_a_headline_opening_the_body():
    lines = split_lines("Menu\nCity council approves new tram line\n"
                        "The route will link the station to the eastern suburbs by 2029.\n"
                        "More text of the article follows here, line by line.")
    assert anchor(lines, [0.1, 0.8, 0.9, 0.9], 1) == 2  # the headline is no running text
    assert anchor(lines, [0.1, 0.8, 0.3, 0.9], 1) == 3  # the standfirst is no body
    assert anchor(lines, [0.1, 0.8, 0.3, 0.3], 1) == 1  # no running text: the body start


def test_sequence_helpers():
    assert np.allclose(window_mean(np.array([0.0, 3.0, 0.0, 3.0]), 1), [1.5, 1.0, 2.0, 1.5])
    assert best_span(np.array([-1.0, 2.0, -0.5, 2.0, -5.0, 1.0])) == (1, 3)
    assert run_length(np.array([1, 1, 0, 1])).tolist() == [2, 2, 1, 1]



def test_lines_columns_slices_and_line_ends():
    text = "one\r\ntwo\u2028  • three\r\rfour  five\t six \n\n"
    lines = split_lines(text)
    assert lines.text == ["one", "two", "three", "four five six"]
    assert lines.raw == [s.strip() for s in text.splitlines() if s.strip()]
    assert lines[2] == lines[-2] and lines[2].bullet == "•" and lines[2].indent == 2
    assert lines[1:3].text == ["two", "three"] and list(lines)[3] == lines[3]
    assert lines.blank_before == [True, False, False, True] and lines[3].blank_after


def test_long_lines_are_cut(monkeypatch):
    from thresher.text import extract
    monkeypatch.setattr(extract, "MAX_LINE_CHARS", 3)
    assert extract.bound_lines("abcdefg\nab")[0] == "abc\ndef\ng\nab"
    assert extract.bound_lines("abc\nab")[0] == "abc\n\nab"
    assert extract.bound_lines("ab\nab") == ("ab\nab", [])


@pytest.mark.parametrize("line", [
    "Image: John Doe via Example Images", "Photo: Jane Roe/AP", "PHOTOGRAPH: JANE ROE",
    "Foto: dpa", "Credit: Getty", "\u00a9 2024 Example Ltd", "The mayor (Getty Images)",
    "The mayor at the vote. Jane Roe / Reuters", "Jane Roe (AFP via Getty Images)",
    "Smith at the vote (Photo by Jane Roe/Example)", "Copyright (c) Example", "Bild: Keystone",
])
def test_credit_precheck_keeps_every_credit(line):
    from thresher.credits import split_credit
    from thresher.text import rules
    assert split_credit(line)[1] is not None
    assert rules._may_credit(line) and rules._is_credit(line)



def test_credit_pattern_without_case_is_the_lower_cased_one_but_on_fold_apart():
    """A line may be lower-cased for the credit pre-check unless it has one of FOLD_APART:
    on every other cased character a letter of the pattern matches without case exactly
    when the character lower-cased is that letter (and \\w, \\s say the same of both)."""
    import re
    import sys

    from thresher.text.rules import _CREDIT_CI, FOLD_APART
    letters = [re.compile(c, re.IGNORECASE) for c in sorted(set(_CREDIT_CI)) if c.isalpha()]
    apart = set()
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        if 0xD800 <= cp <= 0xDFFF or c.lower() == c == c.upper():
            continue  # (an uncased character is compared as it is)
        low = c.lower()
        if len(low) != 1 or c.isspace() != low.isspace() or \
                (re.fullmatch(r"\w", c) is None) != (re.fullmatch(r"\w", low) is None) or \
                any((rx.fullmatch(c) is not None) != (low == rx.pattern) for rx in letters):
            apart.add(c)
    assert apart == set(FOLD_APART)


def test_trees_compare_float32_features_as_float64():
    from thresher.text.model import Trees
    t = 0.1  # not a float32: the float32 threshold is rounded down, comparisons unchanged
    trees = Trees(np.array([[0, 0, 0]]), np.array([[t, np.inf, np.inf]]),
                  np.array([[1, 1, 2]]), np.array([[2, 1, 2]]), np.array([[0.0, -1.0, 1.0]]),
                  0.0, 1)
    x = np.array([[np.float32(t)], [np.nextafter(np.float32(t), np.float32(0))]], np.float32)
    expected = np.where(x[:, 0].astype(np.float64) > t, 1.0, -1.0)
    assert np.allclose(trees.predict(x), 1 / (1 + np.exp(-expected)))

# -- rules --------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "expected"), [
    ("Published March 4, 2025", "2025-03-04"),
    ("Updated: 2024-11-02 10:15", "2024-11-02"),
    ("4. März 2025, 10:12 Uhr", "2025-03-04"),
    ("4. März 2025", "2025-03-04"),
    ("Tuesday 4 March, 2025", "2025-03-04"),
    ("Leeds: 12 °C Tuesday 4 March, 2025", None),
    ("Today is Tuesday 4 March 2025", None),
    ("The council met on 4 March 2025 to vote on the line.", None),
    ("Publié le 3 janvier 2023", "2023-01-03"),
])
def test_datelines(line, expected):
    assert dateline_date(line) == expected


def test_byline_names():
    assert byline_authors("By Jane Doe and John Roe | March 4, 2025") == ["Jane Doe", "John Roe"]
    assert byline_authors("Von Anna Schneider") == ["Anna Schneider"]
    assert byline_authors("By the way, this is not a byline at all") == []
    assert byline_authors("Opponents") == []


def test_rules_from_given_probabilities(page):
    """Without the title model: captions, credits, headings, title and subtitle by rule."""
    lines = split_lines(page("tram.txt"))
    body = {"COUNCILLORS", "“This", "Residents"}
    probs = [0.9 if ln.text.split()[0] in body else 0.2 if ln.text == "Opponents" else 0.05
             for ln in lines]
    labels = apply_rules(lines, probs, 0.5)
    kinds = [(lines[i].text.split()[0], kind) for i, kind in labels.body]
    assert kinds == [("COUNCILLORS", "paragraph"), ("“This", "paragraph"),
                     ("Opponents", "heading"), ("Residents", "paragraph")]
    assert labels.title == "City council approves new tram line after decade of delays"
    assert labels.subtitle is not None and labels.subtitle.startswith("The £1.2bn route")
    assert labels.images == [thresher.Image(src="", caption="Council leader Jane Smith at the vote",
                                            credit="Image: John Doe via Example Images")]
    assert labels.credits == ["Reuters"]
    assert labels.published is None


def test_control_characters_end_lines_and_never_reach_the_output():
    lines = split_lines("one\x00two\x7fthree\ud800\x0cfour")
    assert [ln.text for ln in lines] == ["one", "two", "three", "four"]
    art = thresher.extract_text("\x7f")
    assert art.title is None and art.text == ""


def test_kana_and_ideographs_count_as_words_for_prose():
    from thresher.text.lists import is_prose, prose_words
    sentence = "日本語の文章です。これはテストの文章でありますよ。"
    assert prose_words(sentence) == len(sentence.split()) + 22 // 2 and is_prose(sentence)
    lines = split_lines("\n".join([sentence, "短い", "English words that make no sentence"]))
    line_features(lines)
    assert lines.prose == [is_prose(t) for t in lines.text] == [True, False, False]
