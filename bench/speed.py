"""`python -m bench speed`: pages/s and peak RSS of each tool on the same pages.

Each (tool, set) runs in its own subprocess pinned to one core, so the peak RSS
(`ru_maxrss`) is that tool's alone; the pages are read into memory as bytes before the clock
starts, and the first pages are run once untimed (warm-up: lazy imports, caches). The
`baseline` row is a subprocess that loads the pages and does nothing: the floor of the RSS.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import time
from typing import Any

from .accuracy import parse_tools
from .data import ROOT, load_pages, parse_sets, stamp
from .peers import BODY_PEERS, PEERS, THRESHER, Tool, load, quiet_logs
from .report import publish, ratio, table

WARMUP_PAGES = 3
TOOL_TIMEOUT = 3600
BASELINE = "baseline"


def add_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sets", help="comma-separated sets (default: all three)")
    p.add_argument("--tools", help="comma-separated peers (default: all; 'none' for thresher "
                   "alone); known: " + ",".join(BODY_PEERS))
    p.add_argument("--limit", type=int, help="only the first N pages of each set")
    p.add_argument("--core", type=int, help="CPU to pin to (default: the last one allowed)")
    p.add_argument("--worker", nargs=2, metavar=("TOOL", "SET"), help=argparse.SUPPRESS)


def _tool(name: str) -> Tool | None:
    return THRESHER if name == "thresher" else PEERS.get(name)


def worker(name: str, set_name: str, limit: int | None, core: int) -> dict[str, Any]:
    """Inside the subprocess: pin, load pages, warm up, time every page, report."""
    os.sched_setaffinity(0, {core})
    quiet_logs()
    pages = load_pages(set_name, limit)
    tool = _tool(name)
    if tool is None:
        fn, version = (lambda page: {"text": ""}), "-"
    else:
        fn, version = load(tool)
        if fn is None:
            return {"skipped": version}
    for page in pages[:WARMUP_PAGES]:
        with contextlib.suppress(Exception):
            fn(page)
    errors = 0
    start = time.perf_counter()
    for page in pages:
        try:
            fn(page)
        except Exception:  # a failing page still costs its time; counted, not fatal
            errors += 1
    seconds = time.perf_counter() - start
    rss_mb = peak_rss_mb()
    return {"version": version, "pages": len(pages), "seconds": seconds, "errors": errors,
            "pages_per_s": len(pages) / seconds if seconds else None, "rss_mb": rss_mb}


def peak_rss_mb() -> float:
    """This process's peak RSS. VmHWM belongs to the process's own address space; ru_maxrss
    would not do: Linux carries it over from the parent through fork and exec, so every
    worker of a large `bench all` process reported the parent's size."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def spawn(name: str, set_name: str, limit: int | None, core: int) -> dict[str, Any]:
    """Run `worker` in a fresh interpreter and return its JSON report."""
    cmd = [sys.executable, "-m", "bench", "speed", "--worker", name, set_name,
           "--core", str(core)] + (["--limit", str(limit)] if limit else [])
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True,
                              timeout=TOOL_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return {"skipped": f"no result within {TOOL_TIMEOUT} s"}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode or not lines:
        return {"skipped": f"worker exited {proc.returncode}: {proc.stderr.strip()[-300:]}"}
    return json.loads(lines[-1])


def own_mb(rows: dict[str, dict[str, Any]], name: str) -> float | None:
    """The tool's peak RSS above the baseline's (python, bench and the loaded pages)."""
    base = rows.get(BASELINE, {}).get("rss_mb")
    rss = rows.get(name, {}).get("rss_mb")
    return None if rss is None or base is None else max(rss - base, 0.0)


def set_table(set_name: str, rows: dict[str, dict[str, Any]]) -> str:
    ref = rows.get("trafilatura", {})
    ok = {n: r for n, r in rows.items() if "skipped" not in r}
    order = sorted(ok, key=lambda n: (n == BASELINE, -(ok[n]["pages_per_s"] or 0)))
    body = []
    for n in order:
        r, timed, mb = ok[n], n != BASELINE, own_mb(rows, n)
        body.append([n, r["version"], r["pages"], f"{r['seconds']:.1f}" if timed else None,
                     f"{r['pages_per_s']:.1f}" if timed else None,
                     ratio(r["pages_per_s"], ref.get("pages_per_s")) if timed else None,
                     f"{r['rss_mb']:.1f}", f"{mb:.1f}" if timed and mb is not None else None,
                     ratio(mb, own_mb(rows, "trafilatura")) if timed else None, r["errors"]])
    head = ["tool", "version", "pages", "seconds", "pages/s", "speed / trafilatura",
            "peak RSS MB", "above baseline MB", "above baseline / trafilatura", "errors"]
    return "\n".join([f"### {set_name}", "", table(head, body)])


def target_lines(results: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """Issue 2's speed targets (3x trafilatura's pages/s, no more memory than it) per set."""
    lines = []
    for set_name, rows in results.items():
        mine, ref = rows.get("thresher", {}), rows.get("trafilatura", {})
        if "pages_per_s" not in mine or "pages_per_s" not in ref:
            continue
        times = mine["pages_per_s"] / ref["pages_per_s"]
        mb, ref_mb = own_mb(rows, "thresher"), own_mb(rows, "trafilatura")
        mem_ok = mb is not None and ref_mb is not None and mb <= ref_mb
        lines.append(f"- {set_name}: {times:.2f}x trafilatura's pages/s (>= 3): "
                     f"{'met' if times >= 3 else 'not met'}; memory above baseline "
                     f"{mb or 0:.0f} MB vs {ref_mb or 0:.0f} MB: {'met' if mem_ok else 'not met'}")
    return lines


def render(results: dict[str, dict[str, dict[str, Any]]], core: int, limit: int | None,
           when: str) -> str:
    """speed.md from the per-set results (also re-renderable from speed.json)."""
    skipped = {n: r["skipped"] for per in results.values() for n, r in per.items()
               if "skipped" in r}
    parts = ["# Speed", "", when, "",
             f"One subprocess per tool and set, pinned to CPU {core}; pages pre-loaded as "
             f"bytes; {WARMUP_PAGES} warm-up pages untimed; every tool gets the raw bytes and "
             "decodes them itself. Peak RSS = the subprocess's VmHWM, which includes the "
             "interpreter and the loaded pages; `baseline` loads them and does nothing, and "
             "`above baseline` = peak RSS - baseline's: the tool's own memory."]
    if limit:
        parts.append(f"\nOnly the first {limit} pages of each set (--limit).")
    targets = target_lines(results)
    if targets:
        parts += ["", "Targets (issue 2):", *targets]
    parts += ["", *(set_table(s, r) + "\n" for s, r in results.items())]
    if skipped:
        parts.append("Skipped: " + "; ".join(f"{k} ({v})" for k, v in skipped.items()))
    return "\n".join(parts).rstrip() + "\n"


def main(args: argparse.Namespace) -> int:
    if args.worker:
        print(json.dumps(worker(args.worker[0], args.worker[1], args.limit, args.core)))
        return 0
    sets = parse_sets(args.sets)
    tools = [BASELINE, "thresher", *parse_tools(args.tools)]
    core = args.core if args.core is not None else max(os.sched_getaffinity(0))
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for set_name in sets:
        results[set_name] = {}
        for name in tools:
            print(f"[{set_name}] {name} ...", file=sys.stderr, flush=True)
            results[set_name][name] = spawn(name, set_name, args.limit, core)
    when = stamp()
    text = render(results, core, args.limit, when)
    publish(args, "speed", text, lambda: {"stamp": when, "core": core, "sets": results})
    return 0

