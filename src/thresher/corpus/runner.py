"""Run a crawl job: plan shards, skip finished ones, process the rest, then finish.

The local engine streams every unfinished input through one `WorkerPool` in order, so a
shard is written by one process from start to end and renamed into place when whole; its
marker is written last. A killed run leaves at most unfinished `.tmp` files, which the next
run discards before redoing those shards: every record ends up exactly once.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import InputError
from .config import CrawlConfig
from .finish import finish
from .pool import PoolStats, WorkerPool
from .records import Page
from .shard import STATE, ShardPlan, ShardSink, finished, plan_shards, read_input
from .work import Task
from .writers import FORMATS, write_json_atomic


class _Begin:
    def __init__(self, plan: ShardPlan) -> None:
        self.plan = plan


class _End(_Begin):
    pass


def run_crawl(cfg: CrawlConfig) -> dict[str, Any]:
    """Process every input of `cfg` into `cfg.outdir`; return the manifest."""
    if cfg.format not in FORMATS:
        raise InputError(f"unknown format {cfg.format!r}; choose one of {', '.join(FORMATS)}")
    outdir = Path(cfg.outdir)
    plans = plan_shards(cfg.inputs)
    if missing := [p.input for p in plans if p.kind == "missing"]:
        raise InputError(f"no such input: {', '.join(missing[:5])}")
    _require(plans, cfg)
    _claim(outdir, cfg)
    done = {p.name: info for p in plans if (info := finished(p, cfg)) is not None}
    todo = [p for p in plans if p.name not in done]
    _clean(outdir, todo, cfg)
    started = time.monotonic()
    stats = PoolStats()
    if todo and cfg.engine == "ray":
        from .ray_engine import run_ray

        done.update(run_ray(todo, cfg))
    elif todo:
        stats = run_local(todo, cfg, done)
    elif cfg.engine not in ("local", "ray"):
        raise InputError(f"unknown engine {cfg.engine!r}; choose local or ray")
    return finish(plans, cfg, done, time.monotonic() - started, stats)


def _require(plans: list[ShardPlan], cfg: CrawlConfig) -> None:
    """Fail before starting when a package the job needs is missing."""
    import importlib.util

    needs = {"warcio": any(p.kind in ("warc", "wet") for p in plans),
             "pyarrow": cfg.format == "parquet",
             "zstandard": cfg.format.endswith("zst") or any(
                 p.input.endswith(".zst") for p in plans),
             "datasketch": cfg.dedup}
    if absent := [m for m, needed in needs.items() if needed and not importlib.util.find_spec(m)]:
        raise InputError(f"this job needs {', '.join(absent)}: pip install 'thresher[crawl]'")


def task_of(cfg: CrawlConfig) -> Task:
    """The worker settings of a job."""
    return Task(cfg.options, cfg.dedup_settings.num_perm if cfg.dedup else 0,
                extractor=cfg.extractor)


def run_local(plans: list[ShardPlan], cfg: CrawlConfig, done: dict[str, Any],
              workers: int | None = None) -> PoolStats:
    """Process `plans` in order on a local pool, adding each shard's marker to `done`."""
    # the hard deadline never cuts in before the page's own limit and the worker's timer
    hard = max(cfg.limits.hard_timeout, cfg.options.time_limit * 2 + 5)
    limits = replace(cfg.limits, hard_timeout=hard, workers=workers or cfg.limits.workers)
    with WorkerPool(task_of(cfg), limits) as pool, _Progress(cfg, len(plans)) as bar:
        sink: ShardSink | None = None
        try:
            for item, result in pool.run(_stream(plans, cfg)):
                if isinstance(item, _End):
                    assert sink is not None
                    done[item.plan.name] = sink.commit()
                    sink = None
                    bar.file_done()
                elif isinstance(item, _Begin):
                    sink = ShardSink(item.plan, cfg)
                else:
                    assert sink is not None
                    bar.page(isinstance(item, Page), sink.add(item, result))
        finally:
            if sink is not None:
                sink.abort()
        return pool.stats


def _stream(plans: list[ShardPlan], cfg: CrawlConfig) -> Iterator[Any]:
    for plan in plans:
        yield _Begin(plan)
        yield from read_input(plan, cfg)
        yield _End(plan)


def _claim(outdir: Path, cfg: CrawlConfig) -> None:
    """Record the job's format in OUTDIR, refusing a folder that holds another kind of job."""
    (outdir / STATE).mkdir(parents=True, exist_ok=True)
    job = outdir / STATE / "_job.json"
    mine = {"format": cfg.format, "dedup": cfg.dedup, "drop_dups": cfg.drop_dups}
    if job.is_file():
        theirs = json.loads(job.read_text(encoding="utf-8"))
        if theirs != mine:
            raise InputError(f"{outdir} holds a job with other settings ({theirs}); "
                             "use a new output folder or the same settings")
    else:
        write_json_atomic(job, mine)


def _clean(outdir: Path, todo: list[ShardPlan], cfg: CrawlConfig) -> None:
    """Remove what an interrupted run left of unfinished shards, and the job's end marks."""
    for name in ("_SUCCESS", "_manifest.json"):
        (outdir / name).unlink(missing_ok=True)
    for plan in todo:
        for path in (plan.output(outdir, cfg.format), plan.skipped(outdir),
                     plan.signatures(outdir), plan.marker(outdir)):
            path.unlink(missing_ok=True)
            path.with_name(path.name + ".tmp").unlink(missing_ok=True)


class _Progress:
    """A tqdm bar of pages with files done and errors, or nothing when disabled."""

    def __init__(self, cfg: CrawlConfig, files: int) -> None:
        self.files, self.files_done, self.errors = files, 0, 0
        self.bar: Any = None
        if cfg.progress:
            from tqdm import tqdm

            self.bar = tqdm(unit="page", dynamic_ncols=True, smoothing=0.1)
            self._postfix()

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()

    def _postfix(self) -> None:
        self.bar.set_postfix_str(f"files {self.files_done}/{self.files} skipped {self.errors}",
                                 refresh=False)

    def page(self, is_page: bool, skipped: bool) -> None:
        self.errors += skipped
        if self.bar is not None and (is_page or skipped):
            self.bar.update(1)
            if skipped:
                self._postfix()

    def file_done(self) -> None:
        self.files_done += 1
        if self.bar is not None:
            self._postfix()
            self.bar.refresh()
