"""Load test of `thresher serve` on loopback, against `extract` in-process.

    python -m bench.serve_load --clients 50 --requests 400 --workers 2 --kb 100

Starts the server on a free loopback port with N worker processes, lets C concurrent clients
post ~100 KB pages (raw text/html bodies) until the request count or the time cap is reached,
and reports errors, latency percentiles and throughput; then times `thresher.extract` on the
same pages in a pool of N processes. Traffic goes to 127.0.0.1 only; the run stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import glob
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field

import httpx

WORDS = ["river", "market", "council", "school", "winter", "harbour", "storm", "bridge",
         "teacher", "budget", "festival", "museum", "library", "station", "garden", "tower",
         "engineer", "report", "vote", "street", "ferry", "island", "mayor", "orchard"]


def make_page(target_bytes: int = 100_000, seed: int = 0) -> bytes:
    """A news page of about `target_bytes`: a long story among navigation, promos and links."""
    out = [f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Story {seed} | "
           "Gazette</title></head><body><header><nav><ul>"]
    out += [f'<li><a href="/s/{k}">Section {k}</a></li>' for k in range(30)]
    out.append(f"</ul></nav></header><main><article><h1>Story number {seed}</h1>"
               "<p class=byline>By A. Writer</p>")
    size, i = sum(map(len, out)), seed * 1000
    while size < target_bytes * 0.6:
        sentence = " ".join(WORDS[(i * 7 + k * 5) % len(WORDS)] for k in range(22))
        para = f"<p>The {sentence}. Officials said the {sentence[:80]} would continue.</p>"
        out.append(para)
        size, i = size + len(para), i + 1
    out.append("</article><aside class=related><ul>")
    while size < target_bytes:
        link = f'<li class=promo><a href="/n/{i}">Another story about the {WORDS[i % 24]} ' \
               f"and the {WORDS[(i * 3) % 24]}, number {i}</a></li>"
        out.append(link)
        size, i = size + len(link), i + 1
    out.append("</ul></aside></main><footer><p>© Gazette</p></footer></body></html>")
    return "".join(out).encode()


@dataclass
class LoadResult:
    """What the clients saw."""

    requests: int = 0
    errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    throughput: float = 0.0
    p50_ms: float = 0.0
    p90_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    k = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[k]


def _request(host: str, port: int, page: bytes) -> bytes:
    """A complete HTTP/1.1 POST of `page` as text/html, built once and sent as is."""
    head = (f"POST /v1/extract HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Content-Type: text/html\r\nContent-Length: {len(page)}\r\n\r\n")
    return head.encode("ascii") + page


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    request: bytes) -> int:
    """Send one request on a kept-alive connection; read the response; return its status."""
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    return int(lines[0].split()[1])


async def _load(base: str, pages: list[bytes], clients: int, total: int,
                time_cap: float) -> LoadResult:
    """A lean client (raw HTTP on asyncio streams), so the load generator steals little CPU."""
    url = httpx.URL(base)
    host, port = url.host, url.port or 80
    requests = [_request(host, port, p) for p in pages]
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    issued = 0
    deadline = time.monotonic() + time_cap

    async def client() -> None:
        nonlocal issued
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while issued < total and time.monotonic() < deadline:
                request = requests[issued % len(requests)]
                issued += 1
                started = time.perf_counter()
                try:
                    key = str(await asyncio.wait_for(_exchange(reader, writer, request), 60))
                except (OSError, asyncio.IncompleteReadError, TimeoutError) as exc:
                    key = type(exc).__name__
                latencies.append(time.perf_counter() - started)
                statuses[key] = statuses.get(key, 0) + 1
                if key != "200" and not key.isdigit():
                    return
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    seconds = time.perf_counter() - started
    lat = sorted(x * 1000 for x in latencies)
    done = len(lat)
    return LoadResult(requests=done, errors=done - statuses.get("200", 0), statuses=statuses,
                      seconds=round(seconds, 3), throughput=round(done / seconds, 2),
                      p50_ms=round(_percentile(lat, 0.5), 1),
                      p90_ms=round(_percentile(lat, 0.9), 1),
                      p99_ms=round(_percentile(lat, 0.99), 1),
                      max_ms=round(lat[-1], 1) if lat else 0.0)


def load(base: str, pages: list[bytes], *, clients: int = 50, total: int = 400,
         time_cap: float = 120.0) -> LoadResult:
    """Run `clients` concurrent clients until `total` requests or `time_cap` seconds."""
    return asyncio.run(_load(base, pages, clients, total, time_cap))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) of a process and its children, from /proc (Linux only)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, found = 0.0, False
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat, encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        this = int(stat.split("/")[2])
        if this == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
            found = True
    return total if found else None


@contextlib.contextmanager
def server(workers: int, *extra: str, timeout: float = 60.0):
    """`thresher serve` on a free loopback port with `workers` processes; yields (URL, pid)."""
    port = free_port()
    cmd = [sys.executable, "-m", "thresher.service.cli", "--host", "127.0.0.1", "--port",
           str(port), "--workers", str(workers), "--log-level", "warning", *extra]
    proc = subprocess.Popen(cmd)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited with {proc.returncode}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(base + "/health", timeout=1.0, trust_env=False).is_success:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start in time")
            time.sleep(0.2)
        yield base, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _extract_one(page: bytes) -> float:
    """Extract one page; returns the CPU seconds it took."""
    import thresher
    started = time.process_time()
    thresher.extract(page)
    return time.process_time() - started


def inprocess(pages: list[bytes], total: int, workers: int) -> tuple[float, float]:
    """(pages per second, CPU ms per page) of `thresher.extract` in `workers` processes."""
    work = [pages[i % len(pages)] for i in range(total)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        list(pool.map(_extract_one, pages[:workers] * 2))  # warm: imports, model loaded
        started = time.perf_counter()
        cpu = list(pool.map(_extract_one, work))
        return total / (time.perf_counter() - started), sum(cpu) / total * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--concurrency", type=int, default=2,
                    help="extractions at once per server worker")
    ap.add_argument("--kb", type=int, default=100, help="page size in KB")
    ap.add_argument("--time-cap", type=float, default=120.0)
    ap.add_argument("--json", help="also write the result to this file")
    args = ap.parse_args(argv)
    pages = [make_page(args.kb * 1000, seed) for seed in range(16)]
    flags = ["--max-pending", str(max(128, args.clients * 2)),
             "--concurrency", str(args.concurrency)]
    with server(args.workers, *flags) as (base, pid):
        load(base, pages, clients=min(args.clients, 8), total=args.workers * 8)  # warm up
        cpu_before = cpu_seconds(pid)
        result = load(base, pages, clients=args.clients, total=args.requests,
                      time_cap=args.time_cap)
        cpu_after = cpu_seconds(pid)
    baseline, base_cpu_ms = inprocess(pages, result.requests, args.workers)
    report: dict[str, object] = {
        "clients": args.clients, "workers": args.workers, "concurrency": args.concurrency,
        "page_bytes": round(sum(map(len, pages)) / len(pages)), **asdict(result),
        "inprocess_throughput": round(baseline, 2),
        "throughput_ratio": round(result.throughput / baseline, 3),
        "inprocess_cpu_ms_per_page": round(base_cpu_ms, 2)}
    if cpu_before is not None and cpu_after is not None and result.requests:
        server_ms = (cpu_after - cpu_before) / result.requests * 1000
        report["server_cpu_ms_per_request"] = round(server_ms, 2)
        report["cpu_ratio"] = round(base_cpu_ms / server_ms, 3)
    print(json.dumps(report, indent=2))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=2)
    return 0 if result.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
