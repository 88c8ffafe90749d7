"""Pages per second of `thresher.extract_text` on one core, over a dataset's text dumps.

    .venv/bin/python training/text/speed.py [../shared/datasets/aeb/text] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import thresher

DEFAULT = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "aeb" / "text"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", type=Path, default=[DEFAULT])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    for d in args.dirs:
        texts = [p.read_text(encoding="utf-8") for p in sorted(d.glob("*.txt"))]
        thresher.extract_text(texts[0])  # load the model, build the tables
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
