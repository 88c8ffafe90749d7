"""`python -m bench readme`: the README `## Benchmarks` section from the saved results in
bench/results/*.json, without rerunning anything (`python -m bench all` ends with it)."""

from __future__ import annotations

import argparse
import re
from typing import Any

from . import accuracy, speed
from .data import ROOT
from .report import load_json, table

README = ROOT / "README.md"
HEADING = "## Benchmarks"


def _speed(spd: dict[str, Any] | None, tool: str) -> tuple[float | None, float | None]:
    """(pages/s over all sets' pages, largest RSS above the baseline in MB) of a tool."""
    per_set = [per for per in (spd or {}).get("sets", {}).values()
               if "pages_per_s" in per.get(tool, {})]
    if not per_set:
        return None, None
    seconds = sum(per[tool]["seconds"] for per in per_set)
    pps = sum(per[tool]["pages"] for per in per_set) / seconds if seconds else None
    own = [speed.own_mb(per, tool) for per in per_set]
    return pps, max((mb for mb in own if mb is not None), default=None)


def summary_table(acc: dict[str, Any], spd: dict[str, Any] | None) -> str:
    """One row per tool: F1 on each set, pages/s, how much faster thresher is, peak RSS."""
    sets = acc["sets"]
    names: list[str] = []
    for s in sets.values():
        names += [n for n in s["rows"] if n not in names]
    mean = {n: sum(s["rows"][n]["f1"] for s in sets.values() if n in s["rows"]) / len(sets)
            for n in names}
    order = sorted(names, key=lambda n: (n != accuracy.CV_ROW, not n.startswith("thresher"),
                                         -mean[n]))
    mine, _ = _speed(spd, "thresher")
    body = []
    for name in order:
        pps, rss = _speed(spd, name.split(" ")[0])
        faster = (f"{mine / pps:.1f}x" if mine and pps and not name.startswith("thresher")
                  else None)
        f1s = [f"{sets[s]['rows'][name]['f1']:.3f}" if name in sets[s]["rows"] else None
               for s in sets]
        body.append([f"**{name}**" if name == order[0] else name, *f1s,
                     f"{pps:.1f}" if pps else None, faster,
                     f"{rss:.0f}" if rss is not None else None])
    head = ["tool", *(f"{s} {'F1' if _metric(sets[s]) == 'body' else 'snippet F'}"
                      for s in sets), "pages/s (1 core)", "thresher faster by",
             "RSS above baseline MB"]
    return table(head, body)


def _metric(s: dict[str, Any]) -> str:
    return next(iter(s["rows"].values()))["metric"]


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
             "`--sets`, `--tools` and `--limit N` make quick runs (printed, not saved); peer "
             "outputs are cached in `bench/results/cache/`, thresher is always rerun, so a "
             "full `accuracy` rerun costs about thresher's own time. With `training/cv/` "
             "(folds.json + fold_<k>.npz) present, `accuracy` scores each page with the model "
             "not trained on it. The metric is that of `../shared/tools/score.py` (a test "
             "checks agreement).")
    if not acc:
        return intro + "\n\nNo results yet: run `python -m bench all`."
    parts = [intro, "", acc["stamp"] + (f" Speed: {spd['stamp'][9:]}" if spd else
                                        " (no speed run yet)")]
    if any(accuracy.CV_ROW in s["rows"] for s in acc["sets"].values()):
        parts.append(f"\n`{accuracy.CV_ROW}`: each page extracted by the fold model not "
                     "trained on it; the in-sample row uses the shipped model.")
    else:
        parts.append("\nthresher's figures are in-sample: its model is trained on these sets.")
    pages = ", ".join(f"{k} {v['pages']} pages" for k, v in acc["sets"].items())
    parts += ["", f"Body F1 (snippet F on traf-dev) per set ({pages}); speed over all their "
              "pages, one core, one tool per process:", "", summary_table(acc, spd)]
    parts += extra_lines()
    parts.append("\nDetails: bench/results/accuracy.md, speed.md, text.md, metadata.md.")
    return "\n".join(parts)


def extra_lines() -> list[str]:
    """One line each for text mode and metadata, from text.json and metadata.json."""
    lines = []
    text = load_json("text.json")
    for set_name, rows in (text or {}).get("sets", {}).items():
        mine = rows.get("thresher (text)")
        peers = {n: r["f1"] for n, r in rows.items() if not n.startswith("thresher")}
        if mine and peers:
            best = max(peers, key=peers.__getitem__)
            # the headline row is out-of-fold when the in-sample row stands beside it
            fair = (" out-of-fold (5-fold CV)" if "thresher (text, in-sample)" in rows
                    else " (in-sample)")
            lines.append(f"- Text mode, {set_name}/text: thresher F1 {mine['f1']:.3f}{fair}; "
                         f"best baseline {best} {peers[best]:.3f}.")
    meta = load_json("metadata.json")
    for set_name, rows in (meta or {}).get("sets", {}).items():
        if "thresher" not in rows:
            continue
        cells = []
        for field, r in rows["thresher"].items():
            peers = [v[field]["rate"] for n, v in rows.items()
                     if n != "thresher" and v[field]["rate"] is not None
                     and (n != "htmldate" or field == "date")]
            best = f" (best peer {max(peers):.2f})" if peers else ""
            cells.append(f"{field} {r['rate']:.2f}{best}")
        lines.append(f"- Metadata, {set_name}: " + ", ".join(cells) + ".")
    return ["", *lines] if lines else []


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
