"""`--engine ray`: the same job on Ray Data, one task per input file.

Each task runs the local code path for its shard (one guarded worker process), so the
shards, skips and markers are the same bytes as the local engine's; only the order in which
shards finish differs. On a cluster, OUTDIR must be storage every node sees (NFS, a mount).
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from typing import Any

from ..errors import ThresherError
from .config import CrawlConfig
from .shard import ShardPlan


def run_ray(plans: list[ShardPlan], cfg: CrawlConfig) -> dict[str, dict[str, Any]]:
    """Process `plans` as Ray Data tasks; return each shard's marker by shard name."""
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise ThresherError("--engine ray needs Ray Data: pip install 'thresher[ray]'") from exc
    if not ray.is_initialized():
        ray.init(address=cfg.ray_address, ignore_reinit_error=True, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = cfg.progress
    items = [{"plan": json.dumps(asdict(plan))} for plan in plans]
    dataset = ray.data.from_items(items, override_num_blocks=len(items))
    task_cfg = replace(cfg, progress=False)
    rows = dataset.map(_process_shard, fn_kwargs={"cfg": task_cfg}, num_cpus=1).take_all()
    return {row["name"]: json.loads(row["info"]) for row in rows}


def _process_shard(row: dict[str, Any], cfg: CrawlConfig) -> dict[str, Any]:
    """One Ray task: the whole shard on one guarded worker process."""
    from .runner import run_local

    plan = ShardPlan(**json.loads(row["plan"]))
    done: dict[str, Any] = {}
    run_local([plan], cfg, done, workers=1)
    return {"name": plan.name, "info": json.dumps(done[plan.name])}
