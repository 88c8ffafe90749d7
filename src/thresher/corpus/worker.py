"""The worker process of the crawl pool: `python -m thresher.corpus.worker RFD WFD`.

A plain subprocess (not multiprocessing's spawn), so it starts the same way from a script,
a notebook or a Ray task. Jobs and results travel as pickles over two pipes.
"""

from __future__ import annotations

import contextlib
import gc
import os
import resource
import sys
from multiprocessing.connection import Connection

from .records import Page
from .work import extract_page

_MARGIN = 32 * 1024 * 1024  # a page that came this close to the cap ran into it
_WARM_UP = ("<html><head><title>Warm up</title></head><body><article><h1>Warm up</h1>"
            + "<p>The workers read a short page first, so that the classifier model and "
              "lazy imports are loaded before the first real page is timed.</p>" * 4
            + "</article></body></html>").encode()


def serve(jobs: Connection, results: Connection) -> None:
    """Warm up, cap memory, then extract pages until told to stop (None) or the pipe closes."""
    task, limits = jobs.recv()
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
            job = jobs.recv()
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


def vm_peak() -> int:
    """The peak address-space size of this process in bytes (0 where /proc is absent)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def rss_mb() -> float:
    """The resident set size of this process in MB (the peak where /proc is absent)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    jobs = Connection(int(sys.argv[1]), writable=False)
    results = Connection(int(sys.argv[2]), readable=False)
    with contextlib.suppress(BrokenPipeError, EOFError, KeyboardInterrupt):
        serve(jobs, results)


if __name__ == "__main__":
    main()
