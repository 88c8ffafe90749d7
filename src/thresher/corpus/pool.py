"""A process pool for pages: bounded memory, recycled workers, hard time guards, in order.

The parent streams items in; pages go to worker processes (a few queued per worker, a
bounded window overall for backpressure), everything else passes through, and results come
out in input order. A worker retires after `recycle_after` pages or when its RSS passes
`recycle_rss_mb`; an address-space limit turns a runaway page into a MemoryError. A worker
that hangs past the hard deadline is killed and its page skipped as `timeout`; one that dies
is replaced and its page retried once, then skipped as `crashed`.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import queue
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from ..errors import ThresherError
from .records import Page
from .work import Task

_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
#: The job pipe's buffer (Linux; 64 KB by default): a page, ~250 KB, then goes through in
#: one write and one read instead of a few of each with a context switch in between.
_PIPE_SIZE = 1 << 20



@dataclass(frozen=True, slots=True)
class PoolLimits:
    """Worker count and the guards on each worker."""

    workers: int = max(1, os.cpu_count() or 1)
    memory_mb: int = 2048  # address-space growth a worker may reach before MemoryError
    recycle_rss_mb: int = 600  # a worker past this RSS retires after its page
    recycle_after: int = 2000  # pages per worker before it retires
    prefetch: int = 2  # pages queued per worker
    hard_timeout: float = 60.0  # seconds without an answer before a worker is killed
    startup_timeout: float = 120.0  # seconds a new worker may take to become ready


@dataclass
class PoolStats:
    """What the pool saw: pages, restarts and the peak RSS of any worker (MB)."""

    pages: int = 0
    restarts: int = 0
    killed: int = 0
    peak_rss_mb: float = 0.0
    rss_samples: list[float] = field(default_factory=list)


class _Worker:
    """A worker subprocess, its two pipes and a feeder thread that never blocks the parent."""

    def __init__(self, task: Task, limits: PoolLimits) -> None:
        job_r, job_w = os.pipe()
        res_r, res_w = os.pipe()
        with contextlib.suppress(AttributeError, OSError):  # not Linux, or over pipe-max-size
            fcntl.fcntl(job_w, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
        env = {**os.environ, **dict.fromkeys(_THREAD_VARS, "1")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "thresher.corpus.worker", str(job_r), str(res_w)],
            pass_fds=(job_r, res_w), env=env, stdin=subprocess.DEVNULL)
        os.close(job_r)
        os.close(res_w)
        self.jobs = Connection(job_w, readable=False)
        self.conn = Connection(res_r, writable=False)
        self.feed: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.feeder = threading.Thread(target=self._feed, daemon=True)
        self.feeder.start()
        self.feed.put((task, limits))
        self.outstanding: deque[tuple[int, Page, int]] = deque()
        self.ready = False
        self.retiring = False
        self.started = time.monotonic()

    def _feed(self) -> None:
        while (item := self.feed.get()) is not _STOP:
            try:
                self.jobs.send(item)
            except OSError:
                break
        self.jobs.close()

    def send(self, job: Any) -> None:
        self.feed.put(job)

    def stop(self, kill: bool = False) -> None:
        if not kill:
            self.feed.put(None)
        self.feed.put(_STOP)
        try:
            self.proc.wait(timeout=0 if kill else 10)
        except subprocess.TimeoutExpired:
            kill = True
        if kill:
            self.proc.kill()
            self.proc.wait()
        self.feeder.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """Runs `extract_page` on worker processes; `run` maps a stream of items in order."""

    def __init__(self, task: Task, limits: PoolLimits) -> None:
        self.task, self.limits = task, limits
        self.workers: list[_Worker] = []
        self.stats = PoolStats()
        self._failed_starts = 0

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for worker in self.workers:
            worker.stop(kill=bool(worker.outstanding))
        self.workers.clear()

    def run(self, items: Iterable[Any], window: int = 0) -> Iterator[tuple[Any, Any]]:
        """(item, result) in input order; result is None for anything but a `Page`."""
        window = window or self.limits.workers * (self.limits.prefetch + 4)
        source = iter(items)
        self._done: dict[int, tuple[Any, Any]] = {}
        self._queue: deque[tuple[int, Page, int]] = deque()
        next_seq = next_emit = 0
        exhausted = False
        while True:
            while not exhausted and next_seq - next_emit < window:
                item = next(source, _END)
                if item is _END:
                    exhausted = True
                elif isinstance(item, Page):
                    self._queue.append((next_seq, item, 0))
                    next_seq += 1
                else:
                    self._done[next_seq] = (item, None)
                    next_seq += 1
            self._dispatch()
            while next_emit in self._done:
                yield self._done.pop(next_emit)
                next_emit += 1
            if exhausted and next_emit == next_seq:
                return
            if next_emit not in self._done:
                self._poll()

    def _dispatch(self) -> None:
        self.workers = [w for w in self.workers if not self._reap(w)]
        while len([w for w in self.workers if not w.retiring]) < self.limits.workers:
            self.workers.append(_Worker(self.task, self.limits))
        for worker in self.workers:
            while (self._queue and not worker.retiring
                   and len(worker.outstanding) < self.limits.prefetch):
                job = self._queue.popleft()
                if not worker.outstanding:
                    worker.started = time.monotonic()
                worker.outstanding.append(job)
                worker.send(job[:2])

    def _reap(self, worker: _Worker) -> bool:
        """Stop a retiring worker with nothing left to do; say whether it is gone."""
        if worker.retiring and not worker.outstanding:
            worker.stop()
            return True
        return False

    def _poll(self) -> None:
        busy = [w for w in self.workers if w.outstanding or not w.ready]
        if not busy:
            return
        now = time.monotonic()
        clocks = [w.started + self.limits.hard_timeout for w in busy if w.ready]
        timeout = min(min(clocks, default=now + 1.0) - now, 1.0)
        handles = {w.conn: w for w in busy}
        for handle in wait(list(handles), timeout=max(0.01, timeout)):
            worker = handles[handle]  # type: ignore[index]
            if not self._receive(worker):
                if worker.retiring and not worker.outstanding:  # it finished and left
                    continue
                code = worker.proc.poll()
                self._lost(worker, "crashed", f"the worker died (exit status {code})")
        now = time.monotonic()
        for worker in list(self.workers):
            if not worker.ready and now - worker.started > self.limits.startup_timeout:
                self._lost(worker, "crashed",
                           f"the worker did not start in {self.limits.startup_timeout:g} s")
            elif worker.ready and worker.outstanding and \
                    now - worker.started > self.limits.hard_timeout:
                self.stats.killed += 1
                self._lost(worker, "timeout",
                           f"no answer in {self.limits.hard_timeout:g} s; the worker was killed")

    def _receive(self, worker: _Worker) -> bool:
        """Take every waiting message of a worker; False when its pipe is closed (it died)."""
        try:
            while worker.conn.poll():
                self._handle(worker, worker.conn.recv())
        except (EOFError, OSError):
            return False
        return True

    def _handle(self, worker: _Worker, message: tuple[Any, ...]) -> None:
        if message[0] == "ready":
            worker.ready, worker.started = True, time.monotonic()
            self._failed_starts = 0
            self._note_rss(message[1])
            return
        seq, result, retire, rss = message
        _, page, _ = worker.outstanding.popleft()
        self._done[seq] = (page, result)
        self.stats.pages += 1
        self._note_rss(rss)
        worker.started = time.monotonic()
        if retire and not worker.retiring:
            worker.retiring = True
            worker.send(None)
            self.stats.restarts += 1

    def _note_rss(self, rss: float) -> None:
        self.stats.peak_rss_mb = max(self.stats.peak_rss_mb, rss)
        if len(self.stats.rss_samples) < 100_000:
            self.stats.rss_samples.append(rss)

    def _lost(self, worker: _Worker, reason: str, detail: str) -> None:
        """A worker died or hangs: kill it, skip or retry its page, requeue the rest."""
        self.workers.remove(worker)
        worker.stop(kill=True)
        self.stats.restarts += 1
        if not worker.ready:
            self._failed_starts += 1
            if self._failed_starts >= 3:
                raise ThresherError(f"crawl workers fail to start ({detail})")
        if worker.outstanding:
            seq, page, tries = worker.outstanding.popleft()
            rest = list(worker.outstanding)
            if reason == "crashed" and tries == 0:
                rest.insert(0, (seq, page, 1))
            else:
                self._done[seq] = (page, ("skip", reason, detail))
            self._queue.extendleft(reversed(rest))


_END = object()
_STOP = object()
