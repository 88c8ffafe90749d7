"""Corpus processing: WARC/WET/JSONL/folders/URL lists in, sharded JSONL or Parquet out.

    from thresher.corpus import CrawlConfig, run_crawl
    manifest = run_crawl(CrawlConfig(inputs=("a.warc.gz",), outdir="out", format="parquet"))

`thresher crawl` is the command-line face of `run_crawl`; see the README section
"Processing Common Crawl".
"""

from .config import CrawlConfig
from .dedup import DedupSettings
from .pool import PoolLimits
from .runner import run_crawl
from .urls import FetchPolicy

__all__ = ["CrawlConfig", "DedupSettings", "FetchPolicy", "PoolLimits", "run_crawl"]
