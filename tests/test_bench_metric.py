"""bench/metric.py must agree with the reference scorer ../shared/tools/score.py."""

from __future__ import annotations

import json
import random
from pathlib import Path
from types import ModuleType

import pytest
from conftest import load_module

ROOT = Path(__file__).resolve().parent.parent
SCORE_PY = ROOT.parent / "shared" / "tools" / "score.py"
SETS = ("aeb", "wcxb-dev", "traf-dev")


metric = load_module("bench_metric_under_test", ROOT / "bench" / "metric.py")


@pytest.fixture(scope="module")
def score_py() -> ModuleType:
    if not SCORE_PY.is_file():
        pytest.skip("../shared/tools/score.py is absent: the agreement check needs it")
    return load_module("reference_score", SCORE_PY)


def _mangle(body: str, rng: random.Random) -> str | None:
    """A made-up prediction: the truth cut, padded with chaff, recased, empty or absent."""
    words = body.split()
    kind = rng.randrange(7)
    if kind == 0:
        return None
    if kind == 1:
        return ""
    cut = rng.randrange(len(words) + 1)
    if kind == 2:
        return " ".join(words[:cut])
    if kind == 3:
        return " ".join(words[cut:]) + "\nShare on Facebook\nCookie settings Subscribe now"
    if kind == 4:
        return body.upper() if rng.random() < 0.5 else body.replace(" ", "\n  ")
    if kind == 5:
        return "Menu Home News Sport\n" + body + "\nRelated: more stories " * 3
    return " ".join(rng.sample(words, len(words)))


def _meta(truth: dict, rng: random.Random) -> dict:
    """Made-up title/author/date predictions: right, reformatted, wrong or missing."""
    out = {}
    title, author, date = truth.get("title"), truth.get("author"), truth.get("date")
    out["title"] = rng.choice([title, f"{title} | Example Site" if title else None,
                               title.upper() if title else "X", None, "  " + str(title) + "."])
    out["author"] = rng.choice([author, [author] if author else [], "By " + str(author),
                                "Somebody Else", None])
    out["date"] = rng.choice([date, f"{date}T10:00:00+02:00" if date else None,
                              "January 2, 2020", "2001-01-01", None])
    return out


@pytest.mark.parametrize("set_name", SETS)
def test_metric_agrees_with_reference_scorer(score_py: ModuleType, set_name: str) -> None:
    truth_path = SCORE_PY.parent.parent / "datasets" / set_name / "truth.jsonl"
    if not truth_path.is_file():
        pytest.skip(f"{truth_path} is absent")
    rows = [json.loads(line) for line in truth_path.read_text(encoding="utf-8").split("\n")
            if line.strip()][:40]
    rng = random.Random(set_name)
    preds = {}
    for row in rows:
        source = row.get("body") or " ".join(row.get("with") or []) + " " + " ".join(
            row.get("without") or [])
        text = _mangle(source, rng)
        if text is not None:
            preds[row["id"]] = {"id": row["id"], "text": text, **_meta(row, rng)}
    truth = {r["id"]: r for r in rows}
    want = score_py.score(truth, preds, n_boot=0)

    def text_of(r: dict) -> str:
        return (preds.get(r["id"]) or {}).get("text") or ""

    if "body" in want:
        got = metric.body_scores((r["body"], text_of(r)) for r in rows
                                 if isinstance(r.get("body"), str))
        for key in ("f1", "precision", "recall"):
            assert getattr(got, key) == pytest.approx(want["body"][key], abs=5e-4), key
    if "snippets" in want:
        got = metric.snippet_scores(
            metric.snippet_counts(text_of(r), r.get("with"), r.get("without"))
            for r in rows if r.get("with") or r.get("without"))
        for key in ("f1", "precision", "recall"):
            assert getattr(got, key) == pytest.approx(want["snippets"][key], abs=5e-4), key
    for field, ref in want.get("meta", {}).items():
        rate, n = metric.meta_rate(field, rows, preds)
        assert n == ref["truth_n"]
        assert rate == pytest.approx(ref["rate_of_truth"], abs=5e-4), field
    assert "body" in want or "snippets" in want


def test_shingle_edge_cases() -> None:
    assert sum(metric.shingles("a b c").values()) == 1
    assert sum(metric.shingles(" ,. ").values()) == 0
    assert metric.page_overlap("x y z w x y z w", "x y z w")[0] == pytest.approx(1 / 5)


def test_body_scores_empty_prediction_costs_recall_only() -> None:
    s = metric.body_scores([("one two three four five", "one two three four five"),
                            ("alpha beta gamma delta", "")])
    assert s.precision == 1.0
    assert s.recall == 0.5


def test_metadata_normalisation() -> None:
    assert metric.field_match("title", "Hello  World", "hello world.") is True
    assert metric.field_match("author", "A, B and C", ["C", "B", "A"]) is True
    assert metric.field_match("date", "2020-01-02", "2020-01-02T10:00:00Z") is True
    assert metric.field_match("date", "2020-01-02", "January 2, 2020") is False
    assert metric.field_match("date", None, "2020-01-02") is None


def test_title_audit_counts_full_title_truths_and_unsourced_ones() -> None:
    import sys

    sys.path.insert(0, str(ROOT))
    from bench.data import Page
    from bench.metadata import title_audit

    head = b"<title>Tram line approved | Leeds News</title>"
    body = b"<h1>Tram line approved</h1>"
    pages = [Page("s", str(i), b"<html><head>" + head + b"</head><body>" + body + b"</body>",
                  None, None, {"id": str(i), "title": t})
             for i, t in enumerate(["Tram line approved | Leeds News", "Tram Line Approved",
                                    "Something else", None])]
    assert title_audit(pages) == {"pages": 3, "full_title_only": 1, "no_source": 1}
