"""The worker process of the crawl pool: `python -m thresher.corpus.worker RFD WFD`.

A plain subprocess (not multiprocessing's spawn), so it starts the same way from a script,
a notebook or a Ray task. Jobs and results travel as pickles over two pipes.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import resource
import struct
import sys
from multiprocessing.connection import Connection
from typing import Any

from .records import Page
from .work import extract_page

_MARGIN = 32 * 1024 * 1024  # a page that came this close to the cap ran into it
_WARM_UP = ("<html><head><title>Warm up</title></head><body><article><h1>Warm up</h1>"
            + "<p>The workers read a short page first, so that the classifier model and "
              "lazy imports are loaded before the first real page is timed.</p>" * 4
            + "</article></body></html>").encode()


def serve(jobs: Connection, results: Connection) -> None:
    """Warm up, cap memory, then extract pages until told to stop (None) or the pipe closes."""
    task, limits = receive(jobs.fileno())
    extract_page(Page("html", _WARM_UP), task)  # lazy imports and models load before "ready"
    # This process only extracts pages: the modules and models loaded so far live as long as
    # it does, so the cycle collector stops scanning them, and runs less often (a page makes
    # thousands of short-lived objects, few of them in cycles).
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    cap = cap_address_space(limits.memory_mb) if limits.memory_mb else 0
    results.send(("ready", rss_mb()))
    done = 0
    while True:
        try:
            job = receive(jobs.fileno())
        except EOFError:
            return
        if job is None:
            return
        seq, page = job
        result = extract_page(page, task)
        done += 1
        rss = rss_mb()
        retire = done >= limits.recycle_after or rss > limits.recycle_rss_mb
        if cap and vm_peak() > cap - _MARGIN:  # the page ran into the cap: start afresh
            retire = True
            if result[0] == "skip":
                result = ("skip", "out-of-memory", f"over the worker's memory limit "
                          f"({limits.memory_mb} MB): {result[2]}"[:300])
        results.send((seq, result, retire, rss))


def receive(fd: int) -> Any:
    """The next message `Connection.send` wrote to pipe `fd`, read straight into one buffer.

    `Connection.recv` reads a page in pipe-sized chunks, each a fresh bytes object copied
    into a BytesIO; a page is ~250 KB, so that was three copies and as many allocations.
    """
    (size,) = struct.unpack("!i", _read_exact(fd, 4))
    if size == -1:
        (size,) = struct.unpack("!Q", _read_exact(fd, 8))
    return pickle.loads(_read_exact(fd, size))


def _read_exact(fd: int, size: int) -> bytearray:
    buf = bytearray(size)
    view, got = memoryview(buf), 0
    while got < size:
        n = os.readv(fd, [view[got:]])
        if n == 0:
            if got:
                raise OSError("got end of file during message")
            raise EOFError
        got += n
    return buf


def cap_address_space(extra_mb: int) -> int:
    """Let the address space grow by `extra_mb` at most: past it, allocations fail."""
    with open("/proc/self/statm") as fh:
        size = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    cap = size + extra_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    return cap


_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
_PROC: dict[str, int] = {}  # /proc/self files kept open: read after every page


def _proc_self(name: str) -> bytes:
    """The current text of /proc/self/`name` (OSError where /proc is absent)."""
    fd = _PROC.get(name)
    if fd is None:
        fd = _PROC[name] = os.open(f"/proc/self/{name}", os.O_RDONLY | os.O_CLOEXEC)
    return os.pread(fd, 16384, 0)


def vm_peak() -> int:
    """The peak address-space size of this process in bytes (0 where /proc is absent)."""
    try:
        status = _proc_self("status")
    except OSError:
        return 0
    start = status.find(b"\nVmPeak:")
    return int(status[start + 8:status.index(b"\n", start + 1)].split()[0]) * 1024 \
        if start >= 0 else 0


def rss_mb() -> float:
    """The resident set size of this process in MB (the peak where /proc is absent)."""
    try:
        return int(_proc_self("statm").split()[1]) * _PAGE_SIZE / 1048576
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    jobs = Connection(int(sys.argv[1]), writable=False)
    results = Connection(int(sys.argv[2]), readable=False)
    with contextlib.suppress(BrokenPipeError, EOFError, KeyboardInterrupt):
        serve(jobs, results)


if __name__ == "__main__":
    main()
