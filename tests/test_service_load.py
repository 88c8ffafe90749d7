"""A bounded load test of `thresher serve` on loopback (the full one: bench/serve_load.py)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("fastapi", reason="the 'serve' extra (fastapi) is not installed")
pytest.importorskip("uvicorn", reason="the 'serve' extra (uvicorn) is not installed")

ROOT = Path(__file__).resolve().parent.parent


def _bench() -> ModuleType:
    """bench/serve_load.py, imported as `bench.serve_load` (its pool workers import it too)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("bench.serve_load")


def test_fifty_clients_posting_100kb_pages() -> None:
    bench = _bench()
    pages = [bench.make_page(100_000, seed) for seed in range(4)]
    assert all(95_000 <= len(p) <= 110_000 for p in pages)
    with bench.server(2) as (base, _pid):
        result = bench.load(base, pages, clients=50, total=100, time_cap=90.0)
    baseline, _cpu = bench.inprocess(pages, 40, 2)
    print(f"\nserve: {result.requests} requests, p50 {result.p50_ms} ms, p99 {result.p99_ms} ms, "
          f"{result.throughput} req/s; in-process extract: {baseline:.1f} pages/s")
    assert result.statuses == {"200": 100}
    assert result.errors == 0
    assert result.p99_ms < 60_000
    assert result.throughput > 0.3 * baseline  # loose: CI machines are noisy
