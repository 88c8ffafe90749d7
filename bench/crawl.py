"""`python -m bench crawl`: the crawl runner on a WARC of every dev page, per extractor.

The WARC holds every page of `../shared/datasets/*/pages`, repeated until it has at least
`--records` records. thresher, trafilatura and resiliparse each run through the same runner
(`thresher.corpus`: reader, guarded worker pool, JSONL writer) with 1 and then 2 workers.
Reported: pages/s of wall time, pages per worker-CPU-second (the per-core rate, robust to a
busy machine), the 2-worker speed-up, the peak RSS of any worker, its warm-up (median RSS
over the second pass through the pages minus that over the first: caches filling, the
high-water mark of the largest pages) and its growth after that (the last pass minus the
second: what a leak would show; it needs `--records` of at least three times the page count).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "datasets"
RESULTS = Path(__file__).resolve().parent / "results"
TOOLS = {"thresher": None, "trafilatura": "bench.crawl:trafilatura_page",
         "resiliparse": "bench.crawl:resiliparse_page"}


def trafilatura_page(page: Any, options: Any) -> dict[str, Any]:
    """trafilatura's default extraction, as a runner plug-in."""
    import trafilatura

    url = page.meta.get("target_uri")
    return {"text": trafilatura.extract(page.payload, url=url) or ""}


def resiliparse_page(page: Any, options: Any) -> dict[str, Any]:
    """resiliparse's main-content extraction, as a runner plug-in."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding
    from resiliparse.parse.html import HTMLTree

    html = bytes_to_str(page.payload, detect_encoding(page.payload))
    return {"text": extract_plain_text(HTMLTree.parse(html), main_content=True)}


def build_warc(path: Path, records: int) -> tuple[int, int]:
    """Write the bench WARC (every dev page, cycled through to `records` records); return
    (records, distinct pages)."""
    from thresher.corpus.warcgen import Capture, write_warc

    pages = sorted(SHARED.glob("*/pages/*"))
    if not pages:
        raise SystemExit(f"no dev pages under {SHARED}")
    bodies = [gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
              for p in pages]
    total = records  # every page when records >= the page count, cycling through them

    def captures():
        for i in range(total):
            yield Capture(f"https://bench.example/{i}", bodies[i % len(bodies)],
                          http_headers=[("Content-Type", "text/html")])

    write_warc(path, captures())
    return total, len(bodies)


def run_one(warc: Path, tool: str, workers: int, workdir: Path, cycle: int) -> dict[str, Any]:
    """One tool with `workers` workers through the runner; the figures of that run."""
    from dataclasses import replace

    from thresher.corpus.config import CrawlConfig
    from thresher.corpus.runner import run_local
    from thresher.corpus.shard import plan_shards

    out = workdir / f"{tool}-{workers}"
    cfg = CrawlConfig(inputs=(str(warc),), outdir=str(out), format="jsonl", progress=False,
                      extractor=TOOLS[tool])
    cfg = replace(cfg, limits=replace(cfg.limits, workers=workers, recycle_after=10**9))
    out.mkdir(parents=True, exist_ok=True)
    done: dict[str, Any] = {}
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    stats = run_local(plan_shards(cfg.inputs), cfg, done)
    wall = time.perf_counter() - start
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    own_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (children_after.ru_utime + children_after.ru_stime
           - children.ru_utime - children.ru_stime)
    parent_cpu = own_after.ru_utime + own_after.ru_stime - own.ru_utime - own.ru_stime
    info = next(iter(done.values()))
    rss = stats.rss_samples  # the same pages come round again every `cycle` records
    passes = [statistics.median(rss[k:k + cycle]) for k in range(0, len(rss) - cycle + 1, cycle)]
    warmup = passes[1] - passes[0] if len(passes) >= 2 else None
    growth = statistics.median(rss[-cycle:]) - passes[1] if len(passes) >= 3 else None
    return {"tool": tool, "workers": workers, "pages": info["records"],
            "written": info["written"], "skipped": info["skipped"], "wall_s": round(wall, 2),
            "pages_per_s": round(info["records"] / wall, 1),
            "pages_per_cpu_s": round(info["records"] / cpu, 1) if cpu else None,
            "parent_cpu_s": round(parent_cpu, 2), "worker_cpu_s": round(cpu, 2),
            "peak_rss_mb": round(stats.peak_rss_mb, 1),
            "rss_warmup_mb": None if warmup is None else round(warmup, 1),
            "rss_growth_mb": None if growth is None else round(growth, 1)}


def _available(tool: str) -> bool:
    module = {"thresher": "thresher", "trafilatura": "trafilatura",
              "resiliparse": "resiliparse"}[tool]
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def report(rows: list[dict[str, Any]], records: int) -> str:
    """The Markdown table of the runs, with the speed-ups and ratios to thresher."""
    by = {(r["tool"], r["workers"]): r for r in rows}
    lines = [f"Bench WARC: {records} records (every dev page, repeated). "
             "pages/CPU-s is per worker core; speed-up is 2 workers over 1 (wall time).", "",
             "| tool | workers | pages/s | pages/CPU-s | speed-up | peak RSS/worker MB "
             "| RSS warm-up MB | RSS growth after MB | skipped |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        one = by.get((r["tool"], 1))
        speed = f"{r['pages_per_s'] / one['pages_per_s']:.2f}x" \
            if one and r["workers"] == 2 else "-"
        lines.append(f"| {r['tool']} | {r['workers']} | {r['pages_per_s']} | "
                     f"{r['pages_per_cpu_s']} | {speed} | {r['peak_rss_mb']} | "
                     f"{r.get('rss_warmup_mb')} | {r['rss_growth_mb']} | {r['skipped']} |")
    base = by.get(("thresher", 1))
    if base and base["pages_per_cpu_s"]:
        for tool in ("trafilatura", "resiliparse"):
            peer = by.get((tool, 1))
            if peer and peer["pages_per_cpu_s"]:
                lines.append(f"\nthresher / {tool} per core: "
                             f"{base['pages_per_cpu_s'] / peer['pages_per_cpu_s']:.2f}x")
    return "\n".join(lines) + "\n"


def add_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--records", type=int, default=5000,
                        help="records in the bench WARC (at least; default 5000)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated tools")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--keep", type=Path, help="build the WARC and outputs here and keep")


def main(args: argparse.Namespace | list[str] | None = None) -> int:
    if not isinstance(args, argparse.Namespace):
        parser = argparse.ArgumentParser(prog="python -m bench crawl", description=__doc__)
        add_args(parser)
        args = parser.parse_args(args)
    os.environ["PYTHONPATH"] = os.pathsep.join(  # workers import the plug-ins from bench/
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    sys.path.insert(0, str(ROOT))
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-crawl-"))
    workdir.mkdir(parents=True, exist_ok=True)
    warc = workdir / "bench.warc.gz"
    records, cycle = build_warc(warc, args.records)
    rows = []
    for tool in args.tools.split(","):
        if not _available(tool):
            print(f"{tool}: not installed, skipped", file=sys.stderr)
            continue
        for workers in (int(w) for w in args.workers.split(",")):
            rows.append(run_one(warc, tool, workers, workdir, cycle))
            print(json.dumps(rows[-1]), file=sys.stderr)
    text = report(rows, records)
    print(text)
    if args.tools == ",".join(TOOLS) and args.workers == "1,2" and args.records >= 5000:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "crawl.json").write_text(json.dumps({"records": records, "runs": rows},
                                                       indent=1) + "\n", encoding="utf-8")
        (RESULTS / "crawl.md").write_text(text, encoding="utf-8")
    else:
        print("partial run (--tools/--workers/--records): results not saved")
    if not args.keep:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
