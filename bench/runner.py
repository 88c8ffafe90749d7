"""Running a tool over pages: per-page results, a per-page time limit, and the cache.

Peer outputs are cached per (tool, version, set, kind) as JSON lines under
`bench/results/cache/`, written page by page, so an interrupted run resumes and a rerun only
computes what is missing.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .data import CACHE, Page, iter_jsonl
from .peers import Extractor

PAGE_SECONDS = 60


class _PageTimeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _PageTimeout(f"no result within {PAGE_SECONDS} s")


def run_page(fn: Extractor, page: Page) -> dict[str, Any]:
    """One page through one tool: its fields, seconds, and the error if it failed."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(PAGE_SECONDS)
    start = time.perf_counter()
    try:
        out = dict(fn(page))
    except Exception as exc:  # a peer failing on a page is scored as empty output
        out = {"text": "", "error": f"{type(exc).__name__}: {str(exc)[:200]}"}
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    out["seconds"] = round(time.perf_counter() - start, 5)
    out["id"] = page.id
    return out


def cache_path(tool: str, version: str, set_name: str, kind: str = "body") -> Path:
    return CACHE / f"{tool}@{version}" / f"{set_name}.{kind}.jsonl"


def run_pages(fn: Extractor, pages: Iterable[Page], cache: Path | None = None,
              label: str = "") -> dict[str, dict[str, Any]]:
    """Results by page id; with `cache`, reuse what it holds and append what is new."""
    pages = list(pages)
    done = {str(r["id"]): r for r in iter_jsonl(cache)} if cache else {}
    todo = [p for p in pages if p.id not in done]
    if cache and todo:
        cache.parent.mkdir(parents=True, exist_ok=True)
    sink = cache.open("a", encoding="utf-8") if cache and todo else None
    try:
        for n, page in enumerate(todo, 1):
            row = run_page(fn, page)
            done[page.id] = row
            if sink:
                sink.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                sink.flush()
            if label and (n % 50 == 0 or n == len(todo)):
                print(f"  {label}: {n}/{len(todo)} pages", file=sys.stderr, flush=True)
    finally:
        if sink:
            sink.close()
    return {p.id: done[p.id] for p in pages}


def count_errors(results: dict[str, dict[str, Any]]) -> int:
    return sum(1 for r in results.values() if r.get("error"))
