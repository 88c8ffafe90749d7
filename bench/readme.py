"""`python -m bench readme`: the README `## Benchmarks` section from the saved results in
bench/results/*.json, without rerunning anything (`python -m bench all` ends with it)."""

from __future__ import annotations

import argparse
import re
from typing import Any

from . import accuracy
from .data import ROOT
from .report import load_json, table

README = ROOT / "README.md"
HEADING = "## Benchmarks"
SET_LABEL = {"aeb": "aeb (181 news/blog pages, body F1)",
             "wcxb-dev": "wcxb-dev (461 pages of 7 types, body F1)",
             "traf-dev": "traf-dev (519 pages, mostly German, snippet F)"}


def _thresher_row(rows: dict[str, Any]) -> str:
    return accuracy.CV_ROW if accuracy.CV_ROW in rows else (
        "thresher" if "thresher" in rows else accuracy.IN_SAMPLE_ROW)


def set_block(set_name: str, acc: dict[str, Any], spd: dict[str, Any] | None) -> str:
    rows = acc["rows"]
    speeds = (spd or {}).get(set_name, {})
    mine = _thresher_row(rows)
    my_speed = (speeds.get("thresher") or {}).get("pages_per_s")
    order = sorted(rows, key=lambda n: (n != accuracy.CV_ROW, not n.startswith("thresher"),
                                        -rows[n]["f1"]))
    body = []
    for name in order:
        r = rows[name]
        pps = (speeds.get(name.split(" ")[0]) or {}).get("pages_per_s")
        times = f"{my_speed / pps:.1f}x" if my_speed and pps and not name.startswith(
            "thresher") else None
        body.append([f"**{name}**" if name == mine else name, f"{r['f1']:.3f}",
                     f"{r['precision']:.3f}", f"{r['recall']:.3f}",
                     f"{pps:.1f}" if pps else None, times])
    head = ["tool", "F1", "P", "R", "pages/s (1 core)", "thresher is faster by"]
    return "\n".join([f"**{SET_LABEL.get(set_name, set_name)}**", "", table(head, body)])


def readme_section() -> str:
    acc = load_json("accuracy.json")
    spd = load_json("speed.json")
    intro = ("`bench/` compares thresher with the open-source extractors on the development "
             "sets in `../shared/datasets` (not installed with the package):\n\n"
             "```\npip install -e '.[bench]'\n"
             "python -m bench accuracy   # F1/P/R per set -> bench/results/accuracy.md\n"
             "python -m bench speed      # pages/s, peak RSS -> bench/results/speed.md\n"
             "python -m bench text       # text mode vs line filters -> bench/results/text.md\n"
             "python -m bench metadata   # title/author/date -> bench/results/metadata.md\n"
             "python -m bench all        # all of them, then this table\n```\n\n"
             "`--sets`, `--tools` and `--limit N` make quick runs; peer outputs are cached in "
             "`bench/results/cache/`, thresher is always rerun. The metric is that of "
             "`../shared/tools/score.py` (a test checks agreement).")
    if not acc:
        return intro + "\n\nNo results yet: run `python -m bench all`."
    parts = [intro, "", acc["stamp"] + (f" Speed: {spd['stamp'][9:]}" if spd else
                                        " (no speed run yet)")]
    if any(accuracy.CV_ROW in s["rows"] for s in acc["sets"].values()):
        parts.append(f"\n`{accuracy.CV_ROW}`: each page extracted by the fold model not "
                     "trained on it; the in-sample row uses the shipped model.")
    else:
        parts.append("\nthresher's figures are in-sample: its model is trained on these sets.")
    for set_name, s in acc["sets"].items():
        parts += ["", set_block(set_name, s, (spd or {}).get("sets"))]
    parts.append("\nDetails: bench/results/accuracy.md, speed.md, text.md, metadata.md.")
    return "\n".join(parts)


def update_readme(section: str) -> None:
    text = README.read_text(encoding="utf-8") if README.is_file() else "# thresher\n"
    block = f"{HEADING}\n\n{section.strip()}\n\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + block
    README.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def add_args(p: argparse.ArgumentParser) -> None:
    """No options."""


def main(args: argparse.Namespace) -> int:
    update_readme(readme_section())
    print(f"updated {README} ({HEADING})")
    return 0
