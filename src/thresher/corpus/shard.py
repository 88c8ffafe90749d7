"""One shard: plan it from an input, read the input, and collect its rows and skips."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .. import __version__
from .config import CrawlConfig
from .readers import input_kind, read_dir, read_jsonl, read_page_file, read_warc, shard_stem
from .records import Ignored, Page, Skipped, provenance
from .writers import DEDUP, FORMATS, PROVENANCE, ShardWriter, dumps, write_json_atomic

STATE = "_state"


@dataclass(frozen=True, slots=True)
class ShardPlan:
    """An input and the name of the shard it becomes."""

    input: str
    kind: str
    name: str

    def output(self, outdir: Path, fmt: str) -> Path:
        return outdir / f"{self.name}{FORMATS[fmt]}"

    def marker(self, outdir: Path) -> Path:
        return outdir / STATE / f"{self.name}.json"

    def skipped(self, outdir: Path) -> Path:
        return outdir / STATE / f"{self.name}.skipped.jsonl"

    def signatures(self, outdir: Path) -> Path:
        return outdir / STATE / f"{self.name}.sig.npz"


def plan_shards(inputs: tuple[str, ...]) -> list[ShardPlan]:
    """One plan per input, with unique shard names (a numeric suffix on a clash)."""
    plans, seen = [], Counter[str]()
    for raw in inputs:
        path = Path(raw)
        stem = shard_stem(path)
        seen[stem] += 1
        name = stem if seen[stem] == 1 else f"{stem}-{seen[stem]}"
        plans.append(ShardPlan(raw, input_kind(path) if path.exists() else "missing", name))
    return plans


def read_input(plan: ShardPlan, cfg: CrawlConfig) -> Iterator[Page | Skipped | Ignored]:
    """Every item of one input; an input that cannot be read at all becomes one skip."""
    path, opts = Path(plan.input), cfg.options
    try:
        if plan.kind == "missing":
            raise FileNotFoundError(f"no such file or folder: {plan.input}")
        if plan.kind in ("warc", "wet"):
            yield from read_warc(path, plan.input, opts, text_mode=plan.kind == "wet")
        elif plan.kind == "dir":
            yield from read_dir(path, plan.input, opts)
        elif plan.kind == "jsonl":
            yield from read_jsonl(path, plan.input, opts)
        elif plan.kind == "urls":
            from .urls import read_urls

            yield from read_urls(path, plan.input, opts, cfg.fetch)
        else:
            yield read_page_file(path, plan.input, opts)
    except (OSError, ValueError, EOFError) as exc:
        yield Skipped("read-error", f"{type(exc).__name__}: {str(exc)[:200]}",
                      provenance(plan.input))


def row_id(meta: dict[str, Any]) -> str:
    """A row's id: the WARC record id, else the source file and offset."""
    if meta.get("record_id"):
        return str(meta["record_id"])
    offset = meta.get("record_offset")
    return meta["source_file"] if offset is None else f"{meta['source_file']}@{offset}"


class ShardSink:
    """Collects the rows, skips and signatures of one shard; `commit` makes them final."""

    def __init__(self, plan: ShardPlan, cfg: CrawlConfig) -> None:
        self.plan, self.cfg = plan, cfg
        self.outdir = Path(cfg.outdir)
        (self.outdir / STATE).mkdir(parents=True, exist_ok=True)
        self.writer = ShardWriter(plan.output(self.outdir, cfg.format), cfg.format,
                                  dedup=cfg.dedup, row_group_size=cfg.row_group_size)
        self.skip_path = plan.skipped(self.outdir)
        self.skip_tmp = self.skip_path.with_name(self.skip_path.name + ".tmp")
        self.skips = self.skip_tmp.open("w", encoding="utf-8")
        self.reasons: Counter[str] = Counter()
        self.ignored: Counter[str] = Counter()
        self.ids: list[str] = []
        self.keys: list[bytes] = []
        self.sigs: list[bytes] = []

    def add(self, item: Page | Skipped | Ignored, result: Any) -> bool:
        """Record one item and its result; say whether it was skipped."""
        if isinstance(item, Ignored):
            self.ignored[item.kind] += 1
            return False
        if isinstance(item, Page) and result[0] == "ok":
            self._row(item, result[1], result[2])
            return False
        skip = item if isinstance(item, Skipped) else Skipped(result[1], result[2], item.meta)
        self.reasons[skip.reason] += 1
        self.skips.write(dumps({"shard": self.plan.name, **skip.to_dict()}))
        return True

    def _row(self, page: Page, article: dict[str, Any], sig: Any) -> None:
        meta = page.meta
        row = {**article, "id": row_id(meta)}
        row.update({k: meta.get(k) for k in PROVENANCE[1:-1]})
        row["thresher_version"] = __version__
        if self.cfg.dedup:
            row.update(dict.fromkeys(DEDUP))
            self.ids.append(row["id"])
            self.keys.append(sig[0])
            self.sigs.append(sig[1])
        self.writer.write(row)

    def commit(self) -> dict[str, Any]:
        """Make the shard final: skips, signatures, the shard, then its marker (last)."""
        self.skips.close()
        os.replace(self.skip_tmp, self.skip_path)
        if self.cfg.dedup:
            num_perm = self.cfg.dedup_settings.num_perm
            sigs = np.frombuffer(b"".join(self.sigs), dtype=np.uint32).reshape(-1, num_perm)
            with open(self.plan.signatures(self.outdir), "wb") as fh:
                np.savez(fh, ids=np.array(self.ids, dtype=object).astype(str),
                         keys=np.frombuffer(b"".join(self.keys), dtype=np.uint8).reshape(-1, 16),
                         sigs=sigs)
        self.writer.commit()
        info = {"input": self.plan.input, "kind": self.plan.kind,
                "shard": self.writer.path.name, "written": self.writer.rows,
                "skipped": sum(self.reasons.values()), "skip_reasons": dict(self.reasons),
                "ignored": dict(self.ignored)}
        info["records"] = info["written"] + info["skipped"]
        write_json_atomic(self.plan.marker(self.outdir), info)
        return info

    def abort(self) -> None:
        self.skips.close()
        self.skip_tmp.unlink(missing_ok=True)
        self.writer.abort()


def finished(plan: ShardPlan, cfg: CrawlConfig) -> dict[str, Any] | None:
    """The marker of a shard already done by an earlier run with the same input, or None."""
    marker = plan.marker(Path(cfg.outdir))
    if not marker.is_file():
        return None
    info = json.loads(marker.read_text(encoding="utf-8"))
    if info.get("input") != plan.input or not plan.output(Path(cfg.outdir), cfg.format).exists():
        return None
    return info
