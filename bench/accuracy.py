"""`python -m bench accuracy`: thresher and the peers on each development set.

Body F1/P/R on sets with a truth body, snippet F/P/R on traf-dev, with the ratio and
difference to trafilatura; on traf-dev also thresher vs trafilatura per language. Peer outputs
are cached; thresher is always rerun. With `--cv DIR` (default `training/cv/` when it exists)
thresher runs each page with the fold model not trained on it, and that row is the headline.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from . import metric
from .data import ROOT, Page, load_pages, parse_sets, stamp
from .peers import BODY_PEERS, PEERS, THRESHER, _thresher, load, quiet_logs
from .report import delta, f3, publish, ratio, table
from .runner import cache_path, count_errors, run_pages

DEFAULT_CV = ROOT / "training" / "cv"
CV_ROW, IN_SAMPLE_ROW = "thresher (CV)", "thresher (in-sample)"
LANG_MIN_PAGES, LANG_MAX_GAP = 20, 0.03
#: issue 2's targets per set: (absolute F1 floor, or margin over trafilatura's F1)
TARGETS = {"aeb": (0.965, None), "wcxb-dev": (None, 0.03), "traf-dev": (None, 0.01)}


def add_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sets", help="comma-separated sets (default: aeb,wcxb-dev,traf-dev)")
    p.add_argument("--tools", help="comma-separated peers (default: all); 'none' for "
                   "thresher alone; known: " + ",".join(BODY_PEERS))
    p.add_argument("--limit", type=int, help="only the first N pages of each set")
    p.add_argument("--cv", type=Path, default=DEFAULT_CV,
                   help="folder with folds.json and fold_<k>.npz (default: training/cv)")


def parse_tools(value: str | None, known: tuple[str, ...] = BODY_PEERS) -> list[str]:
    if value is None:
        return list(known)
    names = [t.strip() for t in value.split(",") if t.strip() and t.strip() != "none"]
    bad = [t for t in names if t not in known and t != "thresher"]
    if bad:
        raise SystemExit(f"bench: unknown tool(s) {', '.join(bad)}; known: {', '.join(known)}")
    return [t for t in names if t != "thresher"]


def run_cv(cv: Path, pages: list[Page]) -> tuple[dict[str, dict[str, Any]], int]:
    """Thresher with each page's held-out fold model; (results, pages absent from folds)."""
    from thresher import Options

    folds = json.loads((cv / "folds.json").read_text(encoding="utf-8"))
    by_fold: dict[Any, list[Page]] = defaultdict(list)
    for page in pages:
        by_fold[folds.get(page.key)].append(page)
    results: dict[str, dict[str, Any]] = {}
    for k, group in by_fold.items():
        if k is None:
            continue
        fn = _thresher(Options(model_path=str(cv / f"fold_{k}.npz")))
        results.update(run_pages(fn, group))
    return {p.id: results[p.id] for p in pages if p.id in results}, len(by_fold.get(None, []))


def score(set_name: str, pages: list[Page], res: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Body or snippet scores of one tool's results on one set."""
    def text(p: Page) -> str:
        return (res.get(p.id) or {}).get("text") or ""
    out: dict[str, Any] = {"errors": count_errors(res), "pages": len(res)}
    body = [(p.truth["body"], text(p)) for p in pages if isinstance(p.truth.get("body"), str)]
    if body:
        out["body"] = metric.body_scores(body)
    snips = [metric.snippet_counts(text(p), p.truth.get("with"), p.truth.get("without"))
             for p in pages if p.truth.get("with") or p.truth.get("without")]
    if snips:
        out["snippets"] = metric.snippet_scores(snips)
    return out


def per_language(pages: list[Page], a: dict[str, dict[str, Any]],
                 b: dict[str, dict[str, Any]]) -> list[tuple[str, int, float, float]]:
    """(lang, pages, snippet F of a, snippet F of b) for each declared language."""
    groups: dict[str, list[Page]] = defaultdict(list)
    for p in pages:
        if p.truth.get("with") or p.truth.get("without"):
            groups[p.lang or "?"].append(p)
    rows = []
    for lang, group in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        fa, fb = (metric.snippet_scores(
            metric.snippet_counts((r.get(p.id) or {}).get("text"), p.truth.get("with"),
                                  p.truth.get("without")) for p in group).f1 for r in (a, b))
        rows.append((lang, len(group), fa, fb))
    return rows


def run_set(set_name: str, tools: list[str], limit: int | None, cv: Path | None,
            skipped: dict[str, str]) -> dict[str, Any]:
    """All rows of one set: {"rows": {name: scores}, "versions", "results"}."""
    pages = load_pages(set_name, limit)
    rows: dict[str, dict[str, Any]] = {}
    results: dict[str, dict[str, dict[str, Any]]] = {}
    versions: dict[str, str] = {}
    fn, version = load(THRESHER)
    if fn is None:
        skipped["thresher"] = version
    else:
        versions["thresher"] = version
        print(f"[{set_name}] thresher on {len(pages)} pages", flush=True)
        results["thresher"] = run_pages(fn, pages, label=f"{set_name} thresher")
        if cv is not None:
            results["thresher_cv"], missing = run_cv(cv, pages)
            rows[CV_ROW] = score(set_name, pages, results["thresher_cv"])
            rows[CV_ROW]["not_in_folds"] = missing
            rows[IN_SAMPLE_ROW] = score(set_name, pages, results["thresher"])
        else:
            rows["thresher"] = score(set_name, pages, results["thresher"])
    for name in tools:
        fn, version = load(PEERS[name])
        if fn is None:
            skipped[name] = version
            continue
        versions[name] = version
        print(f"[{set_name}] {name} {version}", flush=True)
        results[name] = run_pages(fn, pages, cache_path(name, version, set_name),
                                  label=f"{set_name} {name}")
        rows[name] = score(set_name, pages, results[name])
    return {"pages": pages, "rows": rows, "versions": versions, "results": results}


def set_table(set_name: str, done: dict[str, Any]) -> str:
    rows, versions = done["rows"], done["versions"]
    metric_key = "body" if any("body" in r for r in rows.values()) else "snippets"
    label = "body" if metric_key == "body" else "snippet"
    ref = rows.get("trafilatura", {}).get(metric_key)
    ref_f1 = ref.f1 if ref else None
    order = sorted(rows, key=lambda n: (n != CV_ROW, not n.startswith("thresher"),
                                        -rows[n][metric_key].f1))
    body = []
    for name in order:
        s = rows[name][metric_key]
        version = versions.get(name.split(" ")[0], "")
        body.append([name, version, f3(s.f1), f3(s.precision), f3(s.recall),
                     delta(s.f1, ref_f1), ratio(s.f1, ref_f1, 3), rows[name]["errors"]])
    head = ["tool", "version", f"{label} F1", "P", "R", "Δ F1 vs trafilatura",
            "F1 / trafilatura", "errors"]
    n = len(done["pages"])
    out = [f"### {set_name} ({n} pages, {label} metric)", "", table(head, body)]
    if CV_ROW in rows and rows[CV_ROW].get("not_in_folds"):
        out.append(f"\n{rows[CV_ROW]['not_in_folds']} page(s) are absent from folds.json and "
                   "missing from the CV row (scored as empty).")
    kinds = error_kinds(done["results"])
    if kinds:
        out.append("\nErrors: " + "; ".join(kinds))
    return "\n".join(out)


def error_kinds(results: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """'tool: message (count)' for each distinct error, message cut at its first line."""
    counts: Counter[tuple[str, str]] = Counter()
    for tool, res in results.items():
        for r in res.values():
            if r.get("error"):
                counts[tool, r["error"].splitlines()[0][:90]] += 1
    return [f"{tool}: {msg} ({n})" for (tool, msg), n in sorted(counts.items())]


def language_table(done: dict[str, Any]) -> str:
    res = done["results"]
    if "trafilatura" not in res or "thresher" not in res:
        return ""
    mine = res.get("thresher_cv", res["thresher"])
    who = "thresher (CV)" if "thresher_cv" in res else "thresher"
    body, flagged = [], []
    for lang, n, fa, fb in per_language(done["pages"], mine, res["trafilatura"]):
        bad = n >= LANG_MIN_PAGES and fa < fb - LANG_MAX_GAP
        if bad:
            flagged.append(lang)
        body.append([lang, n, f3(fa), f3(fb), f"{fa - fb:+.3f}", "**below**" if bad else ""])
    verdict = (f"Languages with {LANG_MIN_PAGES}+ pages more than {LANG_MAX_GAP} below "
               f"trafilatura: {', '.join(flagged) if flagged else 'none'}.")
    return "\n".join([f"#### traf-dev snippet F by declared language ({who} vs trafilatura)",
                      "", table(["lang", "pages", who, "trafilatura", "Δ", ""], body), "",
                      verdict])


def summary(done_sets: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Plain numbers for accuracy.json (read by `bench all` for the README)."""
    out: dict[str, Any] = {}
    for set_name, done in done_sets.items():
        rows = {}
        for name, r in done["rows"].items():
            s = r.get("body") or r.get("snippets")
            rows[name] = {"metric": "body" if "body" in r else "snippets", "f1": s.f1,
                          "precision": s.precision, "recall": s.recall, "errors": r["errors"]}
        out[set_name] = {"pages": len(done["pages"]), "rows": rows, "versions": done["versions"]}
    return out


def _f1(row: dict[str, Any]) -> float:
    return (row.get("body") or row["snippets"]).f1


def target_lines(done: dict[str, dict[str, Any]]) -> list[str]:
    """Issue 2's accuracy targets, each with thresher's headline figure and a verdict."""
    lines = []
    for set_name, d in done.items():
        rows = d["rows"]
        key = CV_ROW if CV_ROW in rows else "thresher"
        if key not in rows or set_name not in TARGETS:
            continue
        floor, margin = TARGETS[set_name]
        if floor is not None:
            want, how = floor, f">= {floor}"
        elif "trafilatura" in rows:
            ref = _f1(rows["trafilatura"])
            want, how = ref + margin, f">= trafilatura {ref:.3f} + {margin}"
        else:
            continue
        mine = _f1(rows[key])
        lines.append(f"- {set_name}: {key} {mine:.3f}, target {how}: "
                     f"{'met' if mine >= want else 'not met'}")
    return lines


def main(args: argparse.Namespace) -> int:
    quiet_logs()
    sets = parse_sets(args.sets)
    tools = parse_tools(args.tools)
    cv = args.cv if args.cv and (args.cv / "folds.json").is_file() else None
    if args.cv != DEFAULT_CV and cv is None:
        raise SystemExit(f"bench: --cv {args.cv} has no folds.json")
    skipped: dict[str, str] = {}
    done = {s: run_set(s, tools, args.limit, cv, skipped) for s in sets}
    parts = ["# Accuracy", "", stamp(), ""]
    if args.limit:
        parts += [f"Only the first {args.limit} pages of each set (--limit).", ""]
    parts.append("Metric as `../shared/tools/score.py` (bench/metric.py): body = word-4-gram "
                 "shingle P/R averaged per page, F1 of the averages; snippet = with/without "
                 "snippets, micro-averaged. errors = pages where the tool raised (scored as "
                 "empty).")
    if cv is not None:
        parts.append(f"\n`{CV_ROW}` runs each page with the fold model not trained on it "
                     f"({cv}); `{IN_SAMPLE_ROW}` is the shipped model, trained on these pages.")
    else:
        parts.append("\nthresher's shipped model is trained on these development sets: "
                     "its figures here are in-sample (no training/cv folds were found).")
    targets = target_lines(done)
    if targets and not args.limit:
        parts += ["", "Targets (issue 2):", *targets]
    for s, d in done.items():
        parts += ["", set_table(s, d)]
        if s == "traf-dev":
            parts += ["", language_table(d)]
    if skipped:
        parts += ["", "Skipped peers: " + "; ".join(f"{k} ({v})" for k, v in skipped.items())]
    text = "\n".join(parts) + "\n"
    publish(args, "accuracy", text, lambda: {"stamp": stamp(), "sets": summary(done),
                                             "skipped": skipped})
    return 0
