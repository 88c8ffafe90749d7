"""Markdown tables, number formatting, and the JSON summaries beside each results file."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from .data import RESULTS, write_result


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table; None cells print as "-"."""
    def cell(v: Any) -> str:
        return "-" if v is None else str(v)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def f3(v: float | None) -> str | None:
    return None if v is None else f"{v:.3f}"


def ratio(v: float | None, ref: float | None, digits: int = 2) -> str | None:
    """v / ref as "1.23x", None when either is missing or ref is 0."""
    if v is None or not ref:
        return None
    return f"{v / ref:.{digits}f}x"


def delta(v: float | None, ref: float | None) -> str | None:
    return None if v is None or ref is None else f"{v - ref:+.3f}"


def save_json(name: str, data: Any) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / name).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n",
                                encoding="utf-8")


def load_json(name: str) -> Any:
    path = RESULTS / name
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def full_run(args: Any) -> bool:
    """Only a run over the default sets and tools, without --limit, overwrites the results."""
    return not args.limit and args.tools is None and args.sets is None


def publish(args: Any, stem: str, text: str, summary: Callable[[], Any]) -> None:
    """Print a report; a full run also writes it to `<stem>.md` and `summary()` to
    `<stem>.json` in bench/results/."""
    print(text)
    if not full_run(args):
        print("partial run (--sets/--tools/--limit): results not saved")
        return
    save_json(f"{stem}.json", summary())
    print(f"written {write_result(f'{stem}.md', text)}")
