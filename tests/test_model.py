"""The numpy tree ensemble: exact predictions, save/load round trip, clear load errors."""

from __future__ import annotations

import io
import math
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

import thresher
from thresher.classify import classify
from thresher.classify.features import block_features, feature_names, stacked_features
from thresher.classify.heuristic import classify_heuristic
from thresher.classify.model import MODEL_FILE, Classifier, TreeEnsemble, load_model
from thresher.errors import ThresherError
from thresher.html.parse import parse
from thresher.html.segment import segment
from thresher.options import Options

BASELINE = 0.25


def ensemble(names: list[str] | None = None) -> TreeEnsemble:
    """Two trees over features (f0, f1), padded to 5 nodes, depth 2.

    tree 0: f0 <= 0.5 ? -1.0 : 2.0
    tree 1: f1 <= 10 ? 0.5 : (f0 <= 0.2 ? -0.5 : 1.0)
    """
    return TreeEnsemble(dict(
        feature=np.array([[0, 0, 0, 0, 0], [1, 0, 0, 0, 0]]),
        threshold=np.array([[0.5, 0, 0, 0, 0], [10, 0, 0.2, 0, 0]], dtype=np.float32),
        left=np.array([[1, 0, 0, 0, 0], [1, 0, 3, 0, 0]]),
        right=np.array([[2, 0, 0, 0, 0], [2, 0, 4, 0, 0]]),
        value=np.array([[0, -1.0, 2.0, 0, 0], [0, 0.5, 0, -0.5, 1.0]], dtype=np.float32),
        is_leaf=np.array([[False, True, True, True, True], [False, True, False, True, True]]),
        baseline=np.float64(BASELINE),
        depth=np.int32(2),
        feature_names=np.array(names or ["f0", "f1"]),
    ))


def sigmoid(v: float) -> float:
    return 1.0 / (1.0 + math.exp(-v))


X = np.array([[0.0, 0.0], [1.0, 20.0], [0.5, 10.0], [0.1, 11.0], [0.3, 50.0]],
             dtype=np.float32)
RAW = [BASELINE - 1 + 0.5,  # left, left
       BASELINE + 2 + 1.0,  # right, right-right
       BASELINE - 1 + 0.5,  # thresholds are inclusive (<=)
       BASELINE - 1 - 0.5,  # left, right-left
       BASELINE - 1 + 1.0]  # left, right-right


def test_hand_built_ensemble_gives_the_exact_probabilities() -> None:
    p = ensemble().predict_proba(X)
    assert p.dtype == np.float32 and p.shape == (len(X),)
    assert p.tolist() == pytest.approx([sigmoid(r) for r in RAW], abs=1e-6)


def test_no_rows_gives_no_probabilities() -> None:
    assert ensemble().predict_proba(np.zeros((0, 2), dtype=np.float32)).shape == (0,)


def test_single_leaf_tree_gives_the_baseline_plus_its_value() -> None:
    stump = TreeEnsemble(dict(
        feature=np.zeros((1, 1)), threshold=np.zeros((1, 1)), left=np.zeros((1, 1)),
        right=np.zeros((1, 1)), value=np.array([[0.75]]), is_leaf=np.array([[True]]),
        baseline=np.float64(-0.75), depth=np.int32(0), feature_names=np.array(["f0"])))
    assert stump.predict_proba(X).tolist() == pytest.approx([0.5] * len(X))


@pytest.mark.parametrize("with_stage2", [False, True])
def test_save_and_load_round_trip(tmp_path: Path, with_stage2: bool) -> None:
    model = Classifier(ensemble(), ensemble(["a", "b"]) if with_stage2 else None)
    path = tmp_path / f"model-{with_stage2}.npz"
    model.save(path)
    loaded = load_model(str(path))
    assert loaded is not None
    assert loaded.stage1.feature_names == ["f0", "f1"]
    assert np.array_equal(loaded.stage1.predict_proba(X), model.stage1.predict_proba(X))
    if with_stage2:
        assert loaded.stage2 is not None and loaded.stage2.feature_names == ["a", "b"]
        assert np.array_equal(loaded.stage2.predict_proba(X), model.stage2.predict_proba(X))
    else:
        assert loaded.stage2 is None


def _npz_bytes() -> bytes:
    buf = io.BytesIO()
    Classifier(ensemble(), None).save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("content", [
    b"this is not a model",
    b"",
    "truncated",
    "no stage arrays",
], ids=["garbage", "empty", "truncated", "missing-arrays"])
def test_corrupt_model_file_raises_thresher_error(tmp_path: Path, content: bytes | str) -> None:
    if content == "truncated":
        content = _npz_bytes()[:200]
    elif content == "no stage arrays":
        buf = io.BytesIO()
        np.savez_compressed(buf, s1_feature=np.zeros((1, 3)))
        content = buf.getvalue()
    path = tmp_path / "corrupt.npz"
    path.write_bytes(content)
    with pytest.raises(ThresherError):
        load_model(str(path))


def test_missing_model_file_raises_thresher_error(tmp_path: Path) -> None:
    with pytest.raises(ThresherError):
        load_model(str(tmp_path / "absent.npz"))


def _link_density_model(tmp_path: Path) -> str:
    """One stump: body when link_density <= 0.5, with probability sigmoid(+-4)."""
    col = feature_names().index("link_density")
    stump = TreeEnsemble(dict(
        feature=np.array([[col, 0, 0]]), threshold=np.array([[0.5, 0, 0]]),
        left=np.array([[1, 0, 0]]), right=np.array([[2, 0, 0]]),
        value=np.array([[0, 4.0, -4.0]]), is_leaf=np.array([[False, True, True]]),
        baseline=np.float64(0), depth=np.int32(1), feature_names=np.array(feature_names())))
    path = tmp_path / "links.npz"
    Classifier(stump, None).save(path)
    return str(path)


PAGE = ("<html><body><ul><li><a href='/a'>Home</a></li><li><a href='/b'>World</a></li></ul>"
        "<p>A plain paragraph without any links in it at all.</p>"
        "<p>Mostly <a href='/c'>a link that takes up the most room</a>.</p></body></html>")


def test_classify_uses_the_model_given_in_options(tmp_path: Path) -> None:
    options = Options(model_path=_link_density_model(tmp_path))
    blocks = segment(parse(PAGE), options).blocks
    decisions, x = classify(blocks, None, options)
    assert x.shape == (len(blocks), len(feature_names()))
    assert [d.label for d in decisions] == ["boilerplate", "boilerplate", "body", "boilerplate"]
    assert [d.score for d in decisions] == pytest.approx(
        [sigmoid(-4), sigmoid(-4), sigmoid(4), sigmoid(-4)], abs=1e-6)
    assert decisions[2].reason.startswith("kept: ")
    assert decisions[0].reason.startswith("dropped: ") and "mostly links" in decisions[0].reason


def test_threshold_option_moves_the_decision(tmp_path: Path) -> None:
    path = _link_density_model(tmp_path)
    blocks = segment(parse(PAGE), Options()).blocks
    loose, _ = classify(blocks, None, Options(model_path=path, threshold=0.01))
    strict, _ = classify(blocks, None, Options(model_path=path, threshold=0.99))
    kept = [sum(d.label == "body" for d in ds) for ds in (loose, strict)]
    # Above the top score only the fallback keeps anything: the likeliest blocks.
    top = max(d.score for d in strict)
    assert kept[0] > kept[1] >= 1
    assert all(d.label == "body" for d in strict if d.score >= 0.7 * top)
    assert all(d.label == "boilerplate" for d in strict if d.score < 0.7 * top)


def test_extract_with_a_custom_model(tmp_path: Path) -> None:
    article = thresher.extract(PAGE, options=Options(model_path=_link_density_model(tmp_path)))
    assert article.text == "A plain paragraph without any links in it at all."


def test_extract_with_a_corrupt_model_raises_thresher_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.npz"
    path.write_bytes(b"garbage")
    with pytest.raises(ThresherError, match="model"):
        thresher.extract(PAGE, options=Options(model_path=str(path)))


def test_the_package_ships_a_model_matching_the_features() -> None:
    """The shipped model reads columns by position: its names must be today's features."""
    model = load_model()
    assert model is not None, (
        "no classify/model.npz ships with the package: extraction falls back to rules")
    names = feature_names()
    assert model.stage1.feature_names == names
    assert int(model.stage1.feature.max()) < len(names)
    if model.stage2 is not None:
        blocks = segment(parse(PAGE), Options()).blocks
        x = block_features(blocks)
        width = stacked_features(blocks, x, np.zeros(len(blocks), np.float32)).shape[1]
        assert model.stage2.feature_names[: len(names)] == names
        assert len(model.stage2.feature_names) == width


def test_the_shipped_model_is_small() -> None:
    ref = resources.files("thresher.classify").joinpath(MODEL_FILE)
    if not ref.is_file():
        pytest.skip("no model ships (see test_the_package_ships_a_model_matching_the_features)")
    with resources.as_file(ref) as path:
        assert path.stat().st_size < 5_000_000


def test_heuristic_fallback_keeps_the_text_rich_container() -> None:
    prose = "A sentence of plain prose that runs on for a while without links. " * 2
    html = (f"<div class='nav'><p><a href='/a'>Home</a> <a href='/b'>World news</a></p></div>"
            f"<div class='story'><p>{prose}</p><p>{prose}</p><p>{prose}</p>"
            f"<p>See <a href='/c'>all of our other stories here</a></p></div>"
            f"<div class='side'><p>A short aside.</p></div>")
    blocks = segment(parse(html), Options()).blocks
    labels = [d.label for d in classify_heuristic(blocks)]
    assert labels == ["boilerplate", "body", "body", "body", "boilerplate", "boilerplate"]
    assert classify_heuristic([]) == []


@pytest.mark.parametrize("sentences", [5, 300])
def test_a_page_of_one_paragraph_is_not_extracted_empty(sentences: int) -> None:
    """The model scores a lone block far below anything it saw in training; the rule-only
    classifier then decides, and the paragraph is the article."""
    prose = "The council met again on Tuesday, and the vote was close. " * sentences
    html = f"<html><head><title>A headline</title></head><body><p>{prose}</p></body></html>"
    assert thresher.extract(html).text == prose.strip()


def test_a_page_with_no_prose_stays_empty() -> None:
    html = "<html><body><p>Page not found</p><a href='/'>Home</a></body></html>"
    assert thresher.extract(html).text == ""


def test_the_shipped_model_is_loaded_once_however_it_is_asked_for() -> None:
    from thresher.classify.model import load_model

    assert load_model() is load_model(None) is load_model(path=None)
