"""The end of a job: deduplicate across shards, merge the skips, write the manifest and
`_SUCCESS`. Every step is safe to redo, so a run killed here simply finishes next time."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from .. import __version__
from .config import CrawlConfig
from .dedup import Mark, find_duplicates
from .pool import PoolStats
from .shard import ShardPlan
from .writers import ShardWriter, dumps, write_json_atomic


def finish(plans: list[ShardPlan], cfg: CrawlConfig, done: dict[str, Any], seconds: float,
           stats: PoolStats) -> dict[str, Any]:
    """Dedup (if asked), merge skips, and write `_manifest.json` and `_SUCCESS`."""
    outdir = Path(cfg.outdir)
    shards = [done[p.name] for p in plans]
    dedup: dict[str, Any] = {}
    dropped: list[dict[str, Any]] = []
    if cfg.dedup:
        dedup, dropped = _deduplicate(plans, cfg, shards)
    _merge_skips(plans, outdir, dropped)
    totals: Counter[str] = Counter()
    for info in shards:
        totals.update({k: info[k] for k in ("records", "written", "skipped")})
    reasons: Counter[str] = Counter()
    for info in shards:
        reasons.update(info["skip_reasons"])
    manifest = {
        "thresher_version": __version__, "format": cfg.format, "engine": cfg.engine,
        "finished": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "totals": {**totals, "skip_reasons": dict(reasons)}, "dedup": dedup,
        "run": {"seconds": round(seconds, 2), "restarts": stats.restarts,
                "killed": stats.killed, "peak_worker_rss_mb": round(stats.peak_rss_mb, 1)},
        "shards": shards,
    }
    write_json_atomic(outdir / "_manifest.json", manifest)
    (outdir / "_SUCCESS").write_text("", encoding="utf-8")
    return manifest


def _deduplicate(plans: list[ShardPlan], cfg: CrawlConfig, shards: list[dict[str, Any]]
                 ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Find clusters from the saved signatures and write the marks into every shard."""
    outdir = Path(cfg.outdir)
    ids = [_load(plan, outdir)[0] for plan in plans]
    marks = find_duplicates(_signatures(plans, outdir), cfg.dedup_settings)
    named = {key: (ids[key[0]][key[1]], mark) for key, mark in marks.items()}
    dropped: list[dict[str, Any]] = []
    for index, (plan, info) in enumerate(zip(plans, shards, strict=True)):
        shard_marks = [_named(named.get((index, row)), ids) for row in range(len(ids[index]))]
        info["written_after_dedup"] = _rewrite(plan.output(outdir, cfg.format), cfg,
                                               ids[index], shard_marks)
        if cfg.drop_dups:
            dropped += [{"shard": plan.name, "reason": "duplicate", "id": row_id,
                         "detail": f"{mark[2]} duplicate of {mark[1]}"}
                        for row_id, mark in zip(ids[index], shard_marks, strict=True)
                        if mark and mark[1] is not None]
    kinds = Counter(m.kind for m in marks.values() if m.kind)
    clusters = sum(1 for m in marks.values() if m.dup_of is None)
    return {"exact": kinds["exact"], "near": kinds["near"], "clusters": clusters,
            "dropped": cfg.drop_dups, "threshold": cfg.dedup_settings.threshold}, dropped


def _named(entry: tuple[str, Mark] | None, ids: list[list[str]]
           ) -> tuple[str, str | None, str | None] | None:
    """(cluster id, dup_of id, kind) with the keys turned back into row ids."""
    if entry is None:
        return None
    _, mark = entry
    original = ids[mark.cluster[0]][mark.cluster[1]]
    return original, original if mark.dup_of is not None else None, mark.kind


def _load(plan: ShardPlan, outdir: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    with np.load(plan.signatures(outdir), allow_pickle=False) as data:
        return [str(x) for x in data["ids"]], data["keys"], data["sigs"]


def _signatures(plans: list[ShardPlan], outdir: Path
                ) -> Iterator[tuple[tuple[int, int], bytes, np.ndarray]]:
    for index, plan in enumerate(plans):
        _, keys, sigs = _load(plan, outdir)
        for row in range(len(keys)):
            yield (index, row), keys[row].tobytes(), sigs[row]


def _rewrite(path: Path, cfg: CrawlConfig, ids: list[str],
             marks: list[tuple[str, str | None, str | None] | None]) -> int:
    """Set the dedup columns of a shard, dropping copies if asked; return the rows kept.

    The shard's rows are its signature rows in order, less any dropped by an earlier run.
    """
    writer = ShardWriter(path, cfg.format, dedup=True, row_group_size=cfg.row_group_size)
    cursor = 0
    try:
        for row in read_rows(path, cfg.format):
            while cursor < len(ids) and ids[cursor] != row["id"]:
                cursor += 1
            mark = marks[cursor] if cursor < len(ids) else None
            cursor += 1
            row["cluster"], row["dup_of"], row["dup_kind"] = mark or (None, None, None)
            if not (cfg.drop_dups and row["dup_of"] is not None):
                writer.write(row)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return writer.rows


def read_rows(path: Path, fmt: str) -> Iterator[dict[str, Any]]:
    """Stream the rows of a shard written in `fmt`."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=1000):
            yield from batch.to_pylist()
        return
    if fmt == "jsonl.zst":
        import io

        import zstandard

        with path.open("rb") as raw, zstandard.ZstdDecompressor().stream_reader(raw) as zs:
            yield from (json.loads(line) for line in io.TextIOWrapper(zs, encoding="utf-8"))
        return
    opener = gzip.open if fmt == "jsonl.gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        yield from (json.loads(line) for line in fh)


def _merge_skips(plans: list[ShardPlan], outdir: Path, extra: list[dict[str, Any]]) -> None:
    tmp = outdir / "_skipped.jsonl.tmp"
    with tmp.open("wb") as out:
        for plan in plans:
            with plan.skipped(outdir).open("rb") as part:
                shutil.copyfileobj(part, out)
        for row in extra:
            out.write(dumps(row).encode("utf-8"))
    os.replace(tmp, outdir / "_skipped.jsonl")
