"""`thresher crawl`: extract articles from WARC/WET files, JSONL, folders and URL lists."""

from __future__ import annotations

import os
from dataclasses import replace

import click

from ..errors import ThresherError
from ..options import Options
from .config import CrawlConfig
from .dedup import DedupSettings
from .pool import PoolLimits
from .urls import FetchPolicy
from .writers import FORMATS


@click.command("crawl")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--outdir", required=True, type=click.Path(file_okay=False),
              help="Output folder: one shard per input, _manifest.json, _skipped.jsonl.")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="jsonl.gz",
              show_default=True, help="Shard format.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local",
              show_default=True, help="Local process pool, or Ray Data (one task per input).")
@click.option("--workers", type=click.IntRange(1), default=None,
              help="Worker processes (local engine). [default: all cores]")
@click.option("--ray-address", default=None, help="Ray cluster to join (default: local Ray).")
@click.option("--dedup", is_flag=True, help="Mark exact and near duplicates (dup_of, cluster).")
@click.option("--drop-dups", is_flag=True, help="Drop the copies --dedup finds.")
@click.option("--dedup-threshold", type=click.FloatRange(0.1, 1.0), default=0.8,
              show_default=True, help="Estimated Jaccard similarity of near duplicates.")
@click.option("--time-limit", type=click.FloatRange(0.1), default=10.0, show_default=True,
              help="Seconds per page; a hung worker is killed after 3x this plus 5 s.")
@click.option("--max-bytes", type=click.IntRange(1), default=Options().max_bytes,
              show_default=True, help="Larger payloads are skipped as too-large.")
@click.option("--worker-memory", type=click.IntRange(64), default=2048, show_default=True,
              help="MB a worker may grow by before a page fails as out-of-memory.")
@click.option("--recycle-rss", type=click.IntRange(64), default=600, show_default=True,
              help="MB of RSS after which a worker is replaced.")
@click.option("--recycle-after", type=click.IntRange(1), default=2000, show_default=True,
              help="Pages after which a worker is replaced.")
@click.option("--user-agent", default=FetchPolicy().user_agent, help="For URL lists.")
@click.option("--no-robots", is_flag=True, help="Do not honour robots.txt (URL lists).")
@click.option("--per-host", type=click.IntRange(1), default=1, show_default=True,
              help="Concurrent requests per host (URL lists).")
@click.option("--delay", type=click.FloatRange(0), default=1.0, show_default=True,
              help="Seconds between requests to one host (URL lists).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar. [default: when stderr is a terminal]")
def crawl(inputs: tuple[str, ...], outdir: str, fmt: str, engine: str, workers: int | None,
          ray_address: str | None, dedup: bool, drop_dups: bool, dedup_threshold: float,
          time_limit: float, max_bytes: int, worker_memory: int, recycle_rss: int,
          recycle_after: int, user_agent: str, no_robots: bool, per_host: int, delay: float,
          progress: bool | None) -> None:
    """Extract the articles of INPUT... (WARC/ARC, WET, JSONL, folders, URL lists) into
    OUTDIR. Run it again with the same arguments to resume after a stop."""
    from .runner import run_crawl

    options = Options(time_limit=time_limit, max_bytes=max_bytes)
    limits = PoolLimits(workers=workers or os.cpu_count() or 1, memory_mb=worker_memory,
                        recycle_rss_mb=recycle_rss, recycle_after=recycle_after,
                        hard_timeout=time_limit * 3 + 5)
    cfg = CrawlConfig(
        inputs=inputs, outdir=outdir, format=fmt, engine=engine, options=options,
        limits=limits, dedup=dedup or drop_dups, drop_dups=drop_dups,
        dedup_settings=replace(DedupSettings(), threshold=dedup_threshold),
        fetch=FetchPolicy(user_agent=user_agent, robots=not no_robots, per_host=per_host,
                          delay=delay),
        ray_address=ray_address,
        progress=click.get_text_stream("stderr").isatty() if progress is None else progress)
    try:
        manifest = run_crawl(cfg)
    except ThresherError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        click.echo("\ninterrupted: run the same command again to resume", err=True)
        raise SystemExit(130) from None
    totals = manifest["totals"]
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(totals["skip_reasons"].items()))
    click.echo(f"{totals.get('records', 0)} records: {totals.get('written', 0)} written, "
               f"{totals.get('skipped', 0)} skipped" + (f" ({reasons})" if reasons else "")
               + f" -> {outdir}", err=True)
    if manifest["dedup"]:
        d = manifest["dedup"]
        click.echo(f"duplicates: {d['exact']} exact, {d['near']} near, in {d['clusters']} "
                   f"clusters{' (dropped)' if drop_dups else ''}", err=True)
