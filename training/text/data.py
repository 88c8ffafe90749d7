"""Pages, line labels and the reference metric for training the text-mode line classifier.

A line is labelled body when most of its word 4-gram shingles occur in the page's truth body
(a line of 1-3 words: when its words occur as a run in the truth). Used only for training and
evaluation; nothing here ships.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from thresher.text.lines import Line, split_lines

SHARED = Path(__file__).resolve().parents[3] / "shared"
DATASETS = ("aeb", "wcxb-dev")
_TOKEN = re.compile(r"\w+")


def load_scorer():
    """The reference scorer `../shared/tools/score.py` as a module."""
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@dataclass
class Page:
    """One dev page: its text dump, truth and the labelled lines."""

    dataset: str
    id: str
    text: str
    truth: dict
    lines: list[Line]
    labels: np.ndarray  # 1 = body
    tokens: np.ndarray  # \w+ tokens per line
    group: str  # pages with the same text share a group (never split across folds)

    @property
    def english(self) -> bool:
        return (self.truth.get("lang") or "en") == "en"


def shingles(tokens: list[str]) -> list[tuple[str, ...]]:
    return [tuple(tokens[i:i + 4]) for i in range(max(1, len(tokens) - 3))]


def label_lines(lines: list[Line], body: str) -> tuple[np.ndarray, np.ndarray]:
    """(labels, token counts) of the lines against the truth body."""
    truth_tokens = _TOKEN.findall(body)
    truth_sh = Counter(shingles(truth_tokens))
    joined = " " + " ".join(truth_tokens) + " "
    labels = np.zeros(len(lines), dtype=np.int8)
    ntok = np.zeros(len(lines), dtype=np.float32)
    for i, ln in enumerate(lines):
        toks = _TOKEN.findall(ln.text)
        ntok[i] = len(toks)
        if not toks:
            continue
        if len(toks) < 4:
            labels[i] = (" " + " ".join(toks) + " ") in joined
        else:
            sh = shingles(toks)
            labels[i] = sum(1 for s in sh if s in truth_sh) >= 0.5 * len(sh)
    return labels, ntok


def load_pages(datasets: tuple[str, ...] = DATASETS) -> list[Page]:
    """Every page of the dev sets with a text dump, labelled."""
    pages = []
    for ds in datasets:
        root = SHARED / "datasets" / ds
        with open(root / "truth.jsonl", encoding="utf-8") as f:
            truths = [json.loads(line) for line in f if line.strip()]
        for t in truths:
            path = root / "text" / f"{t['id']}.txt"
            if not path.exists():
                continue
            text = path.read_text(encoding="utf-8")
            lines = split_lines(text)
            labels, ntok = label_lines(lines, t.get("body") or "")
            group = hashlib.sha1(text.encode("utf-8")).hexdigest()
            pages.append(Page(ds, t["id"], text, t, lines, labels, ntok, group))
    return pages
