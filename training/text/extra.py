"""Extra training pages for text mode: a set with HTML pages but no text dumps and no truth
body (traf-dev: must-have / must-not snippets and titles only).

Its dumps are made with the recipe of `../shared/datasets/aeb/README.md` (Resiliparse
`extract_plain_text`, the arguments listed there) and cached under `training/cache/` (git
ignores it). Its lines are labelled by thresher's HTML mode on the same page: a line is body
when most of its shingles are in the HTML extractor's text; a line holding a must-have
snippet is body and one holding a must-not snippet is not, whatever the extractor said.
Labels come from each HTML fold model (`training/cv/fold_K.npz`, so a text fold's labels
come from the HTML model that did not see that fold's test pages) and from the shipped HTML
model (for the shipped text model); all cached per model file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import pickle
import re
import sys
from pathlib import Path

import numpy as np

from thresher.text.lines import Lines

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "training" / "cache" / "text"
HTML_CV = ROOT / "training" / "cv"
HTML_MODEL = ROOT / "src" / "thresher" / "classify" / "model.npz"
_WS = re.compile(r"\s+")


def dump_text(raw: bytes) -> str:
    """The page as a whole-page plain-text dump, exactly as the aeb/wcxb-dev `text/` ones."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding
    from resiliparse.parse.html import HTMLTree

    try:
        html = raw.decode("utf-8")
    except UnicodeDecodeError:
        html = bytes_to_str(raw, detect_encoding(raw, from_html_meta=True))
    tree = HTMLTree.parse(html)
    return extract_plain_text(tree, preserve_formatting=True, main_content=False,
                              list_bullets=True, alt_texts=True, links=False,
                              form_fields=False, noscript=True)


def raw_page(root: Path, page_id: str) -> bytes:
    return gzip.decompress((root / "pages" / f"{page_id}.html.gz").read_bytes())


def dumps(root: Path, ids: list[str]) -> dict[str, str]:
    """{id: text dump} of a set's pages, made once and cached as files."""
    out_dir = CACHE / root.name
    out_dir.mkdir(parents=True, exist_ok=True)
    out = {}
    for pid in ids:
        path = out_dir / f"{pid}.txt"
        if not path.exists():
            path.write_text(dump_text(raw_page(root, pid)), encoding="utf-8")
        out[pid] = path.read_text(encoding="utf-8")
    return out


def html_texts(root: Path, truths: list[dict], model: Path) -> dict[str, str]:
    """{id: thresher's HTML-mode body text} with the block model at `model`, cached."""
    import thresher

    digest = hashlib.sha1(model.read_bytes() + _source_digest()).hexdigest()[:12]
    cache = CACHE / f"{root.name}-html-{model.stem}-{digest}.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    options = thresher.Options(model_path=str(model))
    out = {}
    for t in truths:
        try:
            out[t["id"]] = thresher.extract(raw_page(root, t["id"]), url=t.get("url"),
                                            options=options).text
        except thresher.ThresherError as exc:
            print(f"{root.name}/{t['id']}: {exc}", file=sys.stderr)
            out[t["id"]] = ""
    CACHE.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(out))
    return out


def _source_digest() -> bytes:
    src = ROOT / "src" / "thresher"
    files = sorted((src / "html").glob("*.py")) + sorted((src / "classify").glob("*.py"))
    files += [src / "pipeline.py", src / "render.py"]
    return hashlib.sha1(b"".join(p.read_bytes() for p in files if p.exists())).digest()


def snippet_fix(lines: Lines, labels: np.ndarray, with_: list[str] | None,
                without: list[str] | None) -> tuple[np.ndarray, int, int]:
    """The labels with snippet truth applied (must-not wins); and how many must-have and
    must-not snippets the labels got wrong before."""
    labels = labels.copy()
    pos = [_WS.sub(" ", s).strip() for s in with_ or [] if s.strip()]
    neg = [_WS.sub(" ", s).strip() for s in without or [] if s.strip()]
    missed = wrong = 0
    for snippets, value in ((pos, 1), (neg, 0)):
        for s in snippets:
            hit = [i for i, ln in enumerate(lines)
                   if s in (t := _WS.sub(" ", ln.text)) or (len(t) > 40 and t in s)]
            bad = [i for i in hit if labels[i] != value]
            if value:
                missed += bool(bad)
            else:
                wrong += bool(bad)
            labels[bad] = value
    return labels, missed, wrong


def html_models() -> dict[int, Path]:
    """{fold: HTML fold model} and, under -1, the shipped HTML model."""
    folds = {int(p.stem.split("_")[1]): p for p in sorted(HTML_CV.glob("fold_*.npz"))}
    return {**folds, -1: HTML_MODEL}


def load_truths(root: Path) -> list[dict]:
    with open(root / "truth.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
