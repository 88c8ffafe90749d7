"""The settings of a crawl job, in one frozen dataclass passed down."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..options import DEFAULT_OPTIONS, Options
from .dedup import DedupSettings
from .pool import PoolLimits
from .urls import FetchPolicy


@dataclass(frozen=True, slots=True)
class CrawlConfig:
    """Everything `run_crawl` needs: inputs, output folder and format, engine and guards."""

    inputs: tuple[str, ...]
    outdir: str
    format: str = "jsonl.gz"
    engine: str = "local"
    options: Options = DEFAULT_OPTIONS
    limits: PoolLimits = field(default_factory=PoolLimits)
    fetch: FetchPolicy = field(default_factory=FetchPolicy)
    dedup: bool = False
    drop_dups: bool = False
    dedup_settings: DedupSettings = field(default_factory=DedupSettings)
    ray_address: str | None = None
    progress: bool = True
    row_group_size: int = 2000
    #: "module:function" to run another extractor through the runner (see `work.Task`).
    extractor: str | None = None
