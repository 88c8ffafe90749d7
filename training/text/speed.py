"""Pages per second of `thresher.extract_text` on one core, over a dataset's text dumps.

    .venv/bin/python training/text/speed.py [../shared/datasets/aeb/text] [--repeat 3]
    .venv/bin/python training/text/speed.py DIR --stages   # ms a page in each stage
    .venv/bin/python training/text/speed.py DIR --against /tmp/base/src/thresher

CPU time, best of the repeats; other processes on the machine still slow it (shared caches),
so compare two versions in one process, interleaved, rather than across runs: `--against`
imports another copy of the package (e.g. `git worktree add /tmp/base HEAD~3`) under another
name and times both on the same pages, in alternating order, median of the repeats, after
checking that both give the same `Article.to_dict()` for every page.
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import thresher
from thresher.text.extract import bound_lines, build_article, split_lines
from thresher.text.features import N_PROB_FEATURES, context_features, prob_features
from thresher.text.lines import line_features
from thresher.text.model import load_model

Extract = Callable[..., thresher.Article]

DEFAULT = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "aeb" / "text"
STAGES = ("split", "line_features", "context", "stage1", "prob_features", "stage2", "rules")


def stage_times(texts: list[str]) -> dict[str, float]:
    """CPU seconds spent in each stage of `extract_text` over `texts` (as extract.py runs
    them, without the input checks and the time limit)."""
    model = load_model()
    spent = dict.fromkeys(STAGES, 0.0)
    clock = time.process_time
    for text in texts:
        t = [clock()]
        lines = split_lines(bound_lines(text)[0])
        t.append(clock())
        base = line_features(lines)
        t.append(clock())
        if len(lines):
            x = context_features(base, spare=N_PROB_FEATURES)
            t.append(clock())
            p1 = model.stage1.predict(x)
            t.append(clock())
            prob_features(p1, base, out=x[:, x.shape[1] - N_PROB_FEATURES:])
            t.append(clock())
            probs = model.stage2.predict(x).tolist()
            t.append(clock())
            build_article(lines, probs, model.threshold, None, base, model.title, False)
            t.append(clock())
        for name, a, b in zip(STAGES, t, t[1:], strict=False):  # (no model for no lines)
            spent[name] += b - a
    return spent


def other_version(package: Path) -> Extract:
    """`extract_text` of the package at `package` (a copy of src/thresher), imported as
    `thresher_against` (its imports within the package are relative)."""
    where = Path(tempfile.mkdtemp(prefix="thresher-speed-"))
    atexit.register(shutil.rmtree, where, True)
    shutil.copytree(package, where / "thresher_against")
    sys.path.insert(0, str(where))
    return importlib.import_module("thresher_against").extract_text


def differing(texts: list[str], names: list[str], other: Extract) -> list[str]:
    """The names of the pages whose `Article.to_dict()` differs between the two versions."""
    return [name for name, t in zip(names, texts, strict=True)
            if thresher.extract_text(t).to_dict() != other(t).to_dict()]


def compare(texts: list[str], other: Extract, repeat: int) -> str:
    """Pages per second of this version and the other, interleaved, median of `repeat`."""
    runs: dict[str, list[float]] = {"this": [], "other": []}
    fns = [("this", thresher.extract_text), ("other", other)]
    for r in range(repeat):
        for name, fn in fns if r % 2 == 0 else fns[::-1]:
            t0 = time.process_time()
            for t in texts:
                fn(t)
            runs[name].append(len(texts) / (time.process_time() - t0))
    this, base = (statistics.median(runs[k]) for k in ("this", "other"))
    return f"{this:.0f} pages/s, other {base:.0f} pages/s (x{this / base:.3f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", type=Path, default=[DEFAULT])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--stages", action="store_true", help="time each stage instead")
    ap.add_argument("--against", type=Path, help="another copy of src/thresher to compare")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    other = other_version(args.against) if args.against else None
    for d in args.dirs:
        paths = sorted(d.glob("*.txt"))
        texts = [p.read_text(encoding="utf-8") for p in paths]
        thresher.extract_text(texts[0])  # load the model, build the tables
        if other is not None:
            diff = differing(texts, [p.name for p in paths], other)
            print(f"{d}: {len(diff)} of {len(texts)} pages differ {diff[:5]}")
            print(f"{d}: {len(texts)} pages, {compare(texts, other, args.repeat)}")
            continue
        if args.stages:
            runs = [stage_times(texts) for _ in range(args.repeat)]
            best = {k: min(r[k] for r in runs) / len(texts) * 1e3 for k in STAGES}
            print(f"{d}: " + ", ".join(f"{k} {v:.2f}" for k, v in best.items())
                  + f" ms/page (sum {sum(best.values()):.2f})")
            continue
        best = float("inf")
        for _ in range(args.repeat):
            t0 = time.process_time()
            for t in texts:
                thresher.extract_text(t)
            best = min(best, time.process_time() - t0)
        print(f"{d}: {len(texts)} pages, {len(texts) / best:.0f} pages/s "
              f"({best / len(texts) * 1e3:.2f} ms/page, CPU time, one core)")


if __name__ == "__main__":
    main()
