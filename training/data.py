"""Training data for the block classifier, built from ../shared/datasets.

Each page is run through the pipeline's own stages (decode, parse, metadata, segment,
features), and each block gets a label from the page's truth:
- `body` truth (aeb, wcxb-dev): the share of the block's word 4-grams found in the truth body;
- snippet truth (traf-dev): 1 if the block holds a must-have snippet, 0 if a must-not-have one,
  unlabelled otherwise.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import pickle
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from thresher.classify.features import block_features
from thresher.errors import ThresherError
from thresher.html.decode import decode_page
from thresher.html.metadata import page_metadata
from thresher.html.parse import parse
from thresher.html.segment import segment
from thresher.options import Options

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets"
CACHE = ROOT / "training" / "cache"
TOKEN = re.compile(r"\w+")
WS = re.compile(r"\s+")
N_FOLDS = 5


@dataclass
class Page:
    key: str  # "<set>/<id>"
    x: np.ndarray  # features
    y: np.ndarray  # label in [0, 1], nan = unknown
    ntok: np.ndarray  # tokens per block
    blocks: list  # the Blocks
    title: str | None
    authors: list[str]
    truth: dict
    discussion: bool = False  # a forum thread: apply_rules keeps its comment-markup posts
    declared: str | None = None  # the body text of the page's JSON-LD (recover_declared)


def fold_of(key: str) -> int:
    """Deterministic fold of a page: its hash, not its position or site."""
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % N_FOLDS


def _ngrams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def body_labels(blocks: list, body: str) -> np.ndarray:
    """Share of each block's 4-grams (or whole token tuple, if shorter) in the truth body."""
    truth = TOKEN.findall(body)
    grams = {n: _ngrams(truth, n) for n in (1, 2, 3, 4)}
    out = np.zeros(len(blocks), dtype=np.float32)
    for i, b in enumerate(blocks):
        toks = TOKEN.findall(b.text)
        if not toks:
            continue
        if len(toks) < 4:
            out[i] = float(tuple(toks) in grams[len(toks)])
            continue
        shingles = [tuple(toks[j:j + 4]) for j in range(len(toks) - 3)]
        out[i] = sum(s in grams[4] for s in shingles) / len(shingles)
    return out


def snippet_labels(blocks: list, with_: list[str], without: list[str]) -> np.ndarray:
    """1 where a block holds a must-have snippet, 0 for a must-not-have one, else nan."""
    out = np.full(len(blocks), np.nan, dtype=np.float32)
    pos = [WS.sub(" ", s).strip() for s in with_ or [] if s.strip()]
    neg = [WS.sub(" ", s).strip() for s in without or [] if s.strip()]
    for i, b in enumerate(blocks):
        t = WS.sub(" ", b.text)
        if any(s in t or (len(t) > 40 and t in s) for s in neg):
            out[i] = 0.0
        elif any(s in t or (len(t) > 40 and t in s) for s in pos):
            out[i] = 1.0
    return out


def load_page(dataset: str, truth: dict, options: Options) -> Page | None:
    path = DATASETS / dataset / "pages" / f"{truth['id']}.html.gz"
    try:
        with gzip.open(path) as f:
            root = parse(decode_page(f.read(), options).text)
    except ThresherError:
        return None
    meta = page_metadata(root, truth.get("url"))
    blocks = segment(root, options).blocks
    x = block_features(blocks, meta.title)
    if isinstance(truth.get("body"), str):
        y = body_labels(blocks, truth["body"])
    else:
        y = snippet_labels(blocks, truth.get("with"), truth.get("without"))
    ntok = np.array([len(TOKEN.findall(b.text)) for b in blocks], dtype=np.float32)
    return Page(f"{dataset}/{truth['id']}", x, y, ntok, blocks, meta.title, meta.authors, truth,
                meta.discussion, meta.declared_body)


def load_set(dataset: str, refresh: bool = False) -> list[Page]:
    """All pages of a dataset, cached as a pickle keyed by the package's source hash."""
    CACHE.mkdir(parents=True, exist_ok=True)
    pkg = ROOT / "src" / "thresher"
    # Every module that shapes a cached page: the blocks, the metadata (the title feeds the
    # features), the features, and this file (the Page fields).
    src = sorted([*pkg.glob("*.py"), *(pkg / "html").glob("*.py"),
                  *(pkg / "classify").glob("*.py"), Path(__file__)])
    digest = hashlib.sha1(b"".join(p.read_bytes() for p in src)).hexdigest()[:12]
    cache = CACHE / f"{dataset}-{digest}.pkl"
    if cache.exists() and not refresh:
        return pickle.loads(cache.read_bytes())
    options = Options()
    rows = [json.loads(line) for line in (DATASETS / dataset / "truth.jsonl").open()]
    pages = [p for t in rows if (p := load_page(dataset, t, options)) is not None]
    cache.write_bytes(pickle.dumps(pages))
    return pages
