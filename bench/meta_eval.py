"""Metadata eval: run thresher on a dataset's pages and score title/author/date with score.py.

    python bench/meta_eval.py wcxb-dev [--limit N] [--dump errors.jsonl]
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

import thresher

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--out", default="/tmp/meta_pred.jsonl")
    ap.add_argument("--dump", help="write truth vs prediction of each page here")
    args = ap.parse_args()
    ds = SHARED / "datasets" / args.dataset
    with open(ds / "truth.jsonl", encoding="utf-8") as f:
        truth = {r["id"]: r for r in map(json.loads, f)}
    ids = sorted(truth)[: args.limit or None]
    preds, dump, total, errors = [], [], 0.0, 0
    for i in ids:
        html = gzip.decompress((ds / "pages" / f"{i}.html.gz").read_bytes())
        t0 = time.perf_counter()
        try:
            a = thresher.extract(html, url=truth[i].get("url"))
        except thresher.ThresherError as exc:
            errors += 1
            if errors <= 3:
                print(i, exc, file=sys.stderr)
            continue
        dt = time.perf_counter() - t0
        total += dt
        p = {"id": i, "text": a.text, "title": a.title, "author": "; ".join(a.authors),
             "date": a.published, "seconds": dt}
        preds.append(p)
        t = truth[i]
        dump.append({"id": i, "url": t.get("url"), "type": t.get("page_type"),
                     "T": [t.get("title"), a.title], "A": [t.get("author"), a.authors],
                     "D": [t.get("date"), a.published], "lang": [t.get("lang"), a.language]})
    with open(args.out, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in preds)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in dump)
    res = json.loads(subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score.py"), str(ds / "truth.jsonl"), args.out,
         "--json"], capture_output=True, text=True, check=True).stdout)
    r = next(iter(res["results"].values()))
    meta = r["meta"]
    body = r.get("body") or r.get("snippets")
    print(f"{args.dataset}: n={len(preds)} " + " ".join(
        f"{k}={v['rate_of_truth']:.3f}" for k, v in meta.items())
        + f" body_f1={body['f1']:.3f} ms/page={1000 * total / max(len(preds), 1):.1f}")


if __name__ == "__main__":
    main()
