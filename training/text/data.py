"""Pages, line labels and the reference metric for training the text-mode line classifier.

A line is labelled body when most of its word 4-gram shingles occur in the page's truth body
(a line of 1-3 words: when its words and a neighbour's occur as a run in the truth). The
extra, training-only pages of a set without truth bodies come from extra.py. Used only for
training and evaluation; nothing here ships.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import extra
import numpy as np

from thresher.text.lines import Lines, split_lines

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
    lines: Lines
    labels: np.ndarray  # 1 = body
    tokens: np.ndarray  # \w+ tokens per line
    group: str  # pages with the same text share a group (never split across folds)
    fold: int = 0  # CV fold (set by `assign_folds`)
    scored: bool = True  # False: a training-only page (no truth body; not in the report)
    fold_labels: dict[int, np.ndarray] | None = None  # labels to train fold K's model with

    def labels_for(self, fold: int) -> np.ndarray:
        """The labels the model of CV fold `fold` (-1: the shipped model) trains with."""
        return self.labels if self.fold_labels is None else self.fold_labels[fold]

    @property
    def english(self) -> bool:
        return (self.truth.get("lang") or "en") == "en"


def shingles(tokens: list[str]) -> list[tuple[str, ...]]:
    return [tuple(tokens[i:i + 4]) for i in range(max(1, len(tokens) - 3))]


def label_lines(lines: Lines, body: str) -> tuple[np.ndarray, np.ndarray]:
    """(labels, token counts) of the lines against the truth body. A line of 4+ words is
    body when half its shingles are in the truth; a shorter one when its words are a run of
    the truth together with the last words of the line before or the first of the line
    after (alone, "Men's" of a menu would match any truth that says "men's")."""
    truth_tokens = _TOKEN.findall(body)
    truth_sh = Counter(shingles(truth_tokens))
    joined = " " + " ".join(truth_tokens) + " "
    toks = [_TOKEN.findall(t) for t in lines.text]
    labels = np.zeros(len(lines), dtype=np.int8)
    ntok = np.array([len(t) for t in toks], dtype=np.float32)
    for i, tk in enumerate(toks):
        if not tk:
            continue
        if len(tk) >= 4:
            sh = shingles(tk)
            labels[i] = sum(1 for s in sh if s in truth_sh) >= 0.5 * len(sh)
        elif (" " + " ".join(tk) + " ") in joined:
            j, k = i - 1, i + 1
            while j >= 0 and not toks[j]:
                j -= 1
            while k < len(toks) and not toks[k]:
                k += 1
            prev = toks[j][-3:] if j >= 0 else []
            after = toks[k][:3] if k < len(toks) else []
            runs = [r for r in (prev + tk if prev else [], tk + after if after else []) if r]
            labels[i] = not runs or any((" " + " ".join(r) + " ") in joined for r in runs)
    return labels, ntok


def load_pages(datasets: tuple[str, ...] = DATASETS, extra: tuple[str, ...] = ()) -> list[Page]:
    """Every page of the dev sets with a text dump, labelled; then the training-only pages
    of the `extra` sets (see extra.py); folds assigned."""
    pages = _truth_pages(datasets)
    hosts = {urlsplit(p.truth.get("url") or "").netloc for p in pages} - {""}
    for ds in extra:
        pages += extra_pages(SHARED / "datasets" / ds, hosts)
    return assign_folds(pages)


def assign_folds(pages: list[Page], k: int = 5) -> list[Page]:
    """Each page's fold: the hash of "set/id" (as the HTML model's folds, so that the HTML
    fold model K never saw text fold K's test pages), of the group's first page (pages with
    the same text share a fold)."""
    first: dict[str, str] = {}
    for p in pages:
        key = f"{p.dataset}/{p.id}"
        first[p.group] = min(first.get(p.group, key), key)
    for p in pages:
        p.fold = int(hashlib.sha1(first[p.group].encode()).hexdigest(), 16) % k
    return pages


def extra_pages(root: Path, skip_hosts: set[str]) -> list[Page]:
    """A snippet-truth set's pages with labels from thresher's HTML mode (extra.py), less
    those from a host of the scored sets (no same-site page trains a model it tests)."""
    models = extra.html_models()
    truths = [t for t in extra.load_truths(root)
              if urlsplit(t.get("url") or "").netloc not in skip_hosts]
    texts = extra.dumps(root, [t["id"] for t in truths])
    html = {f: extra.html_texts(root, truths, m) for f, m in models.items()}
    pages = []
    for t in truths:
        text = texts[t["id"]]
        lines = split_lines(text)
        by_fold = {}
        for f in models:
            labels, ntok = label_lines(lines, html[f][t["id"]])
            by_fold[f] = extra.snippet_fix(lines, labels, t.get("with"), t.get("without"))[0]
        if not lines or not by_fold[-1].any():
            continue
        group = hashlib.sha1(text.encode("utf-8")).hexdigest()
        pages.append(Page(root.name, t["id"], text, t, lines, by_fold[-1], ntok, group,
                          scored=False, fold_labels=by_fold))
    return pages


def _truth_pages(datasets: tuple[str, ...]) -> list[Page]:
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
