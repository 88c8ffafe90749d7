"""The development sets in `../shared/datasets`, the results folder, and the machine."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import platform
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATASETS = Path(os.environ.get("THRESHER_DATASETS", ROOT.parent / "shared" / "datasets"))
RESULTS = Path(__file__).resolve().parent / "results"
CACHE = RESULTS / "cache"
SETS = ("aeb", "wcxb-dev", "traf-dev")
TEXT_SETS = ("aeb", "wcxb-dev")


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a set: its bytes, URL, declared language, and truth record."""

    set: str
    id: str
    raw: bytes
    url: str | None
    lang: str | None
    truth: dict[str, Any]

    @property
    def key(self) -> str:
        return f"{self.set}/{self.id}"


def truth_rows(name: str) -> list[dict[str, Any]]:
    """The truth records of a set, in id order."""
    path = DATASETS / name / "truth.jsonl"
    if not path.is_file():
        raise SystemExit(f"bench: {path} is absent (the datasets live in ../shared/datasets)")
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return sorted(rows, key=lambda r: str(r["id"]))


def load_pages(name: str, limit: int | None = None) -> list[Page]:
    """The HTML pages of a set (decompressed bytes), the first `limit` ids if given."""
    rows = truth_rows(name)[:limit] if limit else truth_rows(name)
    folder = DATASETS / name / "pages"
    pages = []
    for row in rows:
        rid = str(row["id"])
        raw = gzip.decompress((folder / f"{rid}.html.gz").read_bytes())
        pages.append(Page(name, rid, raw, row.get("url"), row.get("lang"), row))
    return pages


def load_texts(name: str, limit: int | None = None) -> list[tuple[dict[str, Any], str]]:
    """(truth record, whole-page text dump) of a set's `text/` folder."""
    rows = truth_rows(name)[:limit] if limit else truth_rows(name)
    folder = DATASETS / name / "text"
    return [(r, (folder / f"{r['id']}.txt").read_text(encoding="utf-8")) for r in rows]


def parse_sets(value: str | None, allowed: tuple[str, ...] = SETS) -> list[str]:
    """A comma-separated list of set names, checked."""
    names = [s.strip() for s in (value or ",".join(allowed)).split(",") if s.strip()]
    bad = [s for s in names if s not in allowed]
    if bad:
        raise SystemExit(f"bench: unknown set(s) {', '.join(bad)}; known: {', '.join(allowed)}")
    return names


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo, else platform's processor string."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine() -> str:
    """One line naming the machine a result was measured on."""
    return (f"{platform.platform()}, {cpu_model()}, {os.cpu_count()} logical CPUs, "
            f"Python {platform.python_version()}")


def stamp() -> str:
    """Date-and-machine line heading every results file."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"Measured {now} on {machine()}."


def write_result(name: str, body: str) -> Path:
    """Write `bench/results/<name>` and return its path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / name
    path.write_text(body, encoding="utf-8")
    return path


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The objects of a JSON-lines file; a torn last line (interrupted run) is skipped."""
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as f:
        for line in f:
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue
