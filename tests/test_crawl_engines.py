"""thresher crawl end to end: killed and resumed, the Ray engine, the datatrove step."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("warcio", reason="the crawl extra is not installed: pip install -e '.[crawl]'")

from thresher.corpus.config import CrawlConfig  # noqa: E402
from thresher.corpus.pool import PoolLimits  # noqa: E402
from thresher.corpus.runner import run_crawl  # noqa: E402
from thresher.corpus.warcgen import Capture, write_warc  # noqa: E402

TOPICS = ["the new bridge", "the school garden", "the winter market", "the ferry timetable",
          "the library roof", "the harvest fair", "the flood defences", "the cycling route"]


def page(n: int) -> bytes:
    """A made-up news page; every `n` gives a different story."""
    topic = TOPICS[n % len(TOPICS)]
    paras = "".join(
        f"<p>Residents spoke about {topic} at meeting {n}, part {k}: the council heard that "
        f"work would start in week {n % 50 + k} and cost {n * 37 + k} thousand.</p>"
        for k in range(6))
    return (f"<html><head><title>Update {n} on {topic}</title></head><body>"
            f"<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav><article>"
            f"<h1>Update {n} on {topic}</h1>{paras}</article>"
            "<footer>Contact | Privacy</footer></body></html>").encode()


def make_warcs(folder: Path, files: int, per_file: int) -> list[Path]:
    paths = []
    for f in range(files):
        paths.append(folder / f"crawl-{f:02d}.warc.gz")
        write_warc(paths[-1], [Capture(f"https://town.example/{f}/{i}", page(f * 1000 + i),
                                       http_headers=[("Content-Type", "text/html")])
                               for i in range(per_file)])
    return paths


def output_uris(out: Path) -> list[str]:
    uris = []
    for shard in sorted(out.glob("*.jsonl.gz")):
        with gzip.open(shard, "rt", encoding="utf-8") as fh:
            uris += [json.loads(line)["target_uri"] for line in fh]
    return uris


def _crawl_cmd(inputs: list[Path], out: Path) -> list[str]:
    return [sys.executable, "-c", "from thresher.cli import main; main()", "crawl",
            *map(str, inputs), "-o", str(out), "--workers", "1", "--no-progress"]


def _run_and_kill(cmd: list[str], out: Path, shards_before_kill: int) -> None:
    """Start the CLI, wait until `shards_before_kill` shards are done, then SIGKILL it all."""
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            markers = [p for p in (out / "_state").glob("crawl-*.json")] \
                if (out / "_state").is_dir() else []
            if len(markers) >= shards_before_kill:
                break
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def test_killed_and_resumed_every_record_exactly_once(tmp_path):
    inputs = make_warcs(tmp_path, files=4, per_file=25)
    out = tmp_path / "out"
    cmd = _crawl_cmd(inputs, out)
    _run_and_kill(cmd, out, shards_before_kill=1)
    assert not (out / "_SUCCESS").exists(), "the run finished before it could be killed"
    _run_and_kill(cmd, out, shards_before_kill=2)  # killed again while resuming
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    uris = output_uris(out)
    expected = [f"https://town.example/{f}/{i}" for f in range(4) for i in range(25)]
    assert sorted(uris) == sorted(expected)  # all there, none twice
    manifest = json.loads((out / "_manifest.json").read_text())
    assert manifest["totals"]["written"] == 100 and manifest["totals"]["skipped"] == 0
    assert (out / "_SUCCESS").exists() and not list(out.rglob("*.tmp"))


def test_ray_engine_matches_local(tmp_path):
    ray = pytest.importorskip("ray", reason="the ray extra is not installed: "
                                            "pip install -e '.[ray]'")
    pytest.importorskip("ray.data", reason="Ray Data is not installed")
    inputs = make_warcs(tmp_path, files=2, per_file=6)
    base = dict(inputs=tuple(map(str, inputs)), format="jsonl", progress=False,
                limits=PoolLimits(workers=2))
    run_crawl(CrawlConfig(outdir=str(tmp_path / "local"), **base))
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=80 * 2**20,
             log_to_driver=False)
    try:
        manifest = run_crawl(CrawlConfig(outdir=str(tmp_path / "ray"), engine="ray", **base))
    finally:
        ray.shutdown()
    assert manifest["totals"]["written"] == 12
    for name in ("crawl-00.jsonl", "crawl-01.jsonl", "_skipped.jsonl"):
        assert (tmp_path / "ray" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()


def test_datatrove_step_in_a_pipeline(tmp_path):
    pytest.importorskip("datatrove", reason="the datatrove extra is not installed")
    from datatrove.data import Document
    from datatrove.executor import LocalPipelineExecutor

    from thresher.integrations.datatrove import Thresher

    docs = [Document(text=page(1).decode(), id="a", metadata={"url": "https://town.example/a"}),
            Document(text="<html><body></body></html>", id="empty"),
            Document(text=page(2).decode(), id="b")]
    kept: list[Document] = []

    def collect(data, rank: int = 0, world_size: int = 1):
        kept.extend(data)
        return iter(())

    LocalPipelineExecutor(pipeline=[docs, Thresher(timeout=20), collect], tasks=1,
                          logging_dir=str(tmp_path / "logs")).run()
    assert [d.id for d in kept] == ["a", "b"]
    assert "Residents spoke about the school garden at meeting 1" in kept[0].text
    assert "Privacy" not in kept[0].text
    assert kept[0].metadata["article_title"] == "Update 1 on the school garden"
