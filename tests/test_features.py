"""Block features: one finite float32 row per block, columns named by `feature_names()`."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from thresher.blocks import Block
from thresher.classify.features import BASE_NAMES, block_features, feature_names, stacked_features
from thresher.classify.textstats import SENT_END, text_columns
from thresher.classify.words import FUNCTION_WORDS
from thresher.html.parse import parse
from thresher.html.segment import segment
from thresher.options import Options

ENGLISH = ("The city council approved the new budget on Tuesday, and the mayor said it would "
           "fund schools, parks and transit for the coming year.")
RUSSIAN = ("Городской совет во вторник утвердил новый бюджет, и мэр заявил, что он позволит "
           "финансировать школы, парки и транспорт в следующем году.")
CHINESE = "市议会周二批准了新的预算，市长表示，这笔资金将用于明年的学校、公园和公共交通建设。"

PAGE = f"""<html><body>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article class="story"><h1>Budget approved</h1>
<p>{ENGLISH}</p><p>{RUSSIAN}</p><p>{CHINESE}</p>
<p>Read <a href="/more">the full budget document here</a></p></article>
<footer class="site-footer"><p>Copyright 2026 Example News</p></footer>
</body></html>"""


def page_blocks(html: str = PAGE) -> list[Block]:
    return segment(parse(html), Options()).blocks


@pytest.fixture(scope="module")
def matrix() -> tuple[list[Block], np.ndarray, dict[str, int]]:
    blocks = page_blocks()
    x = block_features(blocks, "Budget approved")
    return blocks, x, {n: i for i, n in enumerate(feature_names())}


def row_of(blocks: list[Block], text: str) -> int:
    return next(i for i, b in enumerate(blocks) if b.text.startswith(text))


def test_shape_dtype_and_finite(matrix) -> None:
    blocks, x, _ = matrix
    assert x.shape == (len(blocks), len(feature_names()))
    assert x.dtype == np.float32
    assert np.isfinite(x).all()


def test_feature_names_are_unique() -> None:
    names = feature_names()
    assert len(names) == len(set(names))


def test_no_blocks_gives_an_empty_matrix_of_the_right_width() -> None:
    assert block_features([]).shape == (0, len(feature_names()))


def test_link_density_column(matrix) -> None:
    blocks, x, col = matrix
    ld = x[:, col["link_density"]]
    assert ld[row_of(blocks, "Home")] == pytest.approx(1.0)
    assert ld[row_of(blocks, "The city council")] == 0.0
    i = row_of(blocks, "Read ")
    b = blocks[i]
    assert ld[i] == pytest.approx(b.link_chars / len(b.text))
    assert 0.5 < ld[i] < 1.0


def test_structural_columns(matrix) -> None:
    blocks, x, col = matrix
    head, nav = row_of(blocks, "Budget approved"), row_of(blocks, "Home")
    assert x[head, col["kind_heading"]] == 1.0 and x[head, col["level"]] == 1.0
    assert x[head, col["equals_title"]] == 1.0
    assert x[nav, col["kind_list_item"]] == 1.0 and x[nav, col["in_nav"]] == 1.0
    assert x[nav, col["attr_nav_far"]] == 1.0
    assert x[row_of(blocks, "Copyright"), col["in_footer"]] == 1.0
    prose = row_of(blocks, "The city council")
    assert x[prose, col["in_article"]] == 1.0 and x[prose, col["in_nav"]] == 0.0
    assert x[prose, col["attr_content_near"]] == 1.0  # class="story"


def test_position_columns_run_from_start_to_end(matrix) -> None:
    _, x, col = matrix
    pos = x[:, col["pos_index"]]
    assert pos[0] == 0.0 and (np.diff(pos) > 0).all() and pos[-1] < 1.0


@pytest.mark.parametrize("text", [ENGLISH, RUSSIAN, CHINESE])
def test_prose_in_any_script_looks_like_prose(matrix, text: str) -> None:
    """Language-neutral signals: length, punctuation, sentence end, no links."""
    blocks, x, col = matrix
    row = x[row_of(blocks, text[:10])]
    nav = x[row_of(blocks, "Home")]
    assert row[col["ends_sentence"]] == 1.0 and nav[col["ends_sentence"]] == 0.0
    assert row[col["link_density"]] == 0.0
    assert row[col["punct_per_word"]] > 0.1
    assert row[col["log_chars"]] > np.log1p(40)
    assert row[col["log_chars"]] > nav[col["log_chars"]] + 2


JAPANESE = ("金沢市の中心部で百二十年以上続く和菓子店「松風堂」が、およそ百年ぶりとなる店舗の"
            "全面改装を終え、一日に営業を再開した。")


@pytest.mark.parametrize("text", [CHINESE, JAPANESE], ids=["zh", "ja"])
def test_cjk_sentences_count_about_as_many_words_as_spaced_ones(text: str) -> None:
    x = block_features(page_blocks(f"<p>{text}</p>"))
    words = np.expm1(x[0, feature_names().index("log_words")])
    assert words >= 15  # an English sentence of the same content has 20-25 words


def test_russian_prose_has_function_words_like_english(matrix) -> None:
    blocks, x, col = matrix
    fw = col["function_word_ratio"]
    assert x[row_of(blocks, RUSSIAN[:10]), fw] > 0.1
    assert x[row_of(blocks, ENGLISH[:10]), fw] > 0.1
    assert x[row_of(blocks, "Home"), fw] == 0.0


def test_duplicate_text_flags_repeated_blocks() -> None:
    blocks = page_blocks("<p>Share this</p><p>Unique paragraph.</p><p>Share this</p>")
    x = block_features(blocks)
    dup = x[:, feature_names().index("duplicate_text")]
    assert dup.tolist() == [1.0, 0.0, 1.0]


def test_in_best_marks_only_the_text_rich_container(matrix) -> None:
    blocks, x, col = matrix
    assert x[row_of(blocks, "The city council"), col["in_best"]] == 1.0
    assert x[row_of(blocks, "Home"), col["in_best"]] == 0.0


def test_stacked_features_append_neighbour_scores(matrix) -> None:
    blocks, x, _ = matrix
    probs = np.linspace(0.1, 0.9, len(blocks)).astype(np.float32)
    s = stacked_features(blocks, x, probs)
    assert s.shape[0] == len(blocks) and s.shape[1] > x.shape[1]
    assert np.isfinite(s).all()
    assert np.array_equal(s[:, : x.shape[1]], x)
    own = s[:, x.shape[1]]
    assert np.allclose(own, probs)
    assert np.allclose(s[1:, x.shape[1] + 1], probs[:-1])  # the previous block's score
    assert stacked_features([], x[:0], probs[:0]).shape == (0, s.shape[1])


def _stats_one(text: str) -> list[float]:
    """BASE_NAMES of one text, counted the plain way (the reference for `text_columns`)."""
    size = len(text)
    if size > 100_000:
        text = text[:50_000] + " " + text[-50_000:]
    words = re.findall(r"\w+", text)
    n = len(words) + len(re.findall(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
                                    r"\uf900-\ufaff]", text)) // 2
    chars = len(text)
    letters, upper = sum(map(str.isalpha, text)), sum(map(str.isupper, text))
    digits = sum(map(str.isdigit, text))
    func = sum(w.lower() in FUNCTION_WORDS for w in words)
    return [math.log1p(size), math.log1p(n * size / chars if chars else 0),
            len(re.findall(r"[.,;:!?。、，！？]", text)) / (n + 1),
            float(text.rstrip().endswith(tuple(SENT_END))), float(text[:1].isupper()),
            digits / (chars + 1), upper / (letters + 1), func / (n + 1),
            (letters / n) if n else 0.0,
            float("|" in text or "·" in text or " • " in text)]


ODD_TEXTS = ["", "Plain ASCII, 42 words; MORE_text\t!", "Ünïcode 12 ½ ² Ⅻ", "日本語のテキスト 2024",
             "mixed ascii and é", "   ", "Ends here.  \n", "a • b", "a •b", "•", " • ", "x | y",
             "İstanbul'da ΣΊΣΥΦΟΣ ǅ ﬁ", "emoji 😀 and \U0001d400 \ud800 lone", "under_score ٣٤",
             "The cat and the dog.", "x" * 100_001 + " end.", "a" * 60_000 + " • " + "b" * 60_000,
             "".join(map(chr, range(1, 1000)))]


def test_text_columns_match_counting_text_by_text() -> None:
    stats, words, _ = text_columns(ODD_TEXTS)
    ref = np.asarray([_stats_one(t) for t in ODD_TEXTS])
    assert stats.shape == (len(ODD_TEXTS), len(BASE_NAMES))
    assert np.array_equal(stats, ref)
    assert words[ODD_TEXTS.index("The cat and the dog.")] == 5


def test_repetition_tells_running_text_from_a_list_of_items() -> None:
    teasers = "".join(f'<div class="card card-{i}"><h3><a href="/s{i}">Story {i} headline</a>'
                      f"</h3><p>Teaser {i} of another story.</p></div>" for i in range(4))
    html = (f'<html><body><div class="content">{"<p>" + ENGLISH + "</p>" * 1}'
            f"<p>{ENGLISH} Again.</p><p>{ENGLISH} Once more.</p></div>"
            f'<div class="related">{teasers}</div></body></html>')
    blocks = page_blocks(html)
    x = block_features(blocks)
    col = {n: i for i, n in enumerate(feature_names())}
    prose, teaser = row_of(blocks, "The city council"), row_of(blocks, "Teaser 2")
    # three paragraphs under one parent; four teasers, one card each ("card-2": digits ignored)
    assert x[prose, col["repeat_log_group"]] == pytest.approx(np.log1p(3))
    assert x[prose, col["repeat_parent_share"]] == pytest.approx(1 / 3)
    assert x[teaser, col["repeat_log_group"]] == pytest.approx(np.log1p(4))
    assert x[teaser, col["repeat_parent_share"]] == pytest.approx(1.0)
    assert x[teaser, col["repeat_log_parents"]] == pytest.approx(np.log1p(4))


def test_class_id_group_masks_match_a_search_per_group() -> None:
    from thresher.classify.features import ATTR_GROUPS, _new_masks

    texts = ["", "entry-content", "site-header nav", "adsbygoogle", "x", "newsletter",
             "banner-ad", "a\0content", "sidebar", "comment-respond", "main main", "\0"]
    expect = [sum(1 << g for g, words in enumerate(ATTR_GROUPS.values())
                  if any(w in t for w in words)) for t in texts]
    assert _new_masks(texts) == expect
    assert _new_masks(texts[::-1]) == expect[::-1]


def test_digits_leave_class_strings_whatever_their_characters() -> None:
    from thresher.classify.features import _without_digits

    texts = ["card-12", "x9y", "", "é-3", "a\0b7", "000"]
    assert _without_digits(texts) == {"card-12": "card-", "x9y": "xy", "": "", "é-3": "é-",
                                      "a\0b7": "a\0b", "000": ""}
    assert _without_digits(["row-1", "col2"]) == {"row-1": "row-", "col2": "col"}


def test_text_columns_in_runs_equal_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    from thresher.classify import textstats

    whole = text_columns(ODD_TEXTS * 3)
    monkeypatch.setattr(textstats, "CHUNK_CHARS", 50)
    runs = text_columns(ODD_TEXTS * 3)
    assert all(np.array_equal(a, b) for a, b in zip(whole, runs, strict=True))
    assert text_columns([])[0].shape == (0, len(BASE_NAMES))


def test_class_strings_masked_name_by_name_as_a_whole() -> None:
    from thresher.classify.features import _new_masks, _split_masks

    texts = ["entry-content post-12", "  site-header\tnav ", "", "ad-slot newsletter", "x y z"]
    assert _split_masks(texts) == _new_masks(texts)
