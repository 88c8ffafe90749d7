"""Data tables: telling them from layout tables, and rendering them as Markdown."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from .visible import visible_text

_WS = re.compile(r"\s+")
_BLOCKY = ("p", "div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "blockquote", "pre")
MAX_CELL_CHARS = 400


def _rows(table: HtmlElement) -> list[HtmlElement]:
    rows = []
    for child in table:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if r.tag == "tr")
    return rows


def _cells(row: HtmlElement) -> list[HtmlElement]:
    return [c for c in row if c.tag in ("td", "th")]


def is_data_table(table: HtmlElement) -> bool:
    """A table of data (rows and columns), not a table used to lay out a page."""
    rows = _rows(table)
    if not rows or table.find(".//table") is not None:
        return False
    widths = [len(_cells(r)) for r in rows]
    if max(widths, default=0) < 2 and len(rows) < 2:
        return False
    if (table.get("role") or "").lower() == "presentation":
        return False
    for row in rows:
        for cell in _cells(row):
            if len(cell.text_content()) > MAX_CELL_CHARS:
                return False
            if sum(1 for _ in cell.iter(*_BLOCKY)) > 2:
                return False
    return True


def _cell_text(cell: HtmlElement) -> str:
    """What a reader sees in the cell: no script, style or hidden parts."""
    return _WS.sub(" ", "".join(visible_text(cell))).strip()


def table_block_text(table: HtmlElement) -> tuple[str, str]:
    """(plain text, Markdown table) of a data table; ("", "") if it has no text."""
    grid: list[list[str]] = []
    header_rows = 0
    for row in _rows(table):
        cells = []
        for cell in _cells(row):
            text = _cell_text(cell)
            span = cell.get("colspan", "1")
            cells.append(text)
            if span.isdigit() and 1 < int(span) <= 50:
                cells.extend([""] * (int(span) - 1))
        if cells:
            if len(grid) == header_rows and all(c.tag == "th" for c in _cells(row)):
                header_rows += 1
            grid.append(cells)
    if not any(any(row) for row in grid):
        return "", ""
    caption = table.find("caption")
    text_lines = [" | ".join(c for c in row if c) for row in grid]
    text = "\n".join(line for line in text_lines if line)
    width = max(len(r) for r in grid)
    grid = [r + [""] * (width - len(r)) for r in grid]

    def md_row(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    head = grid[0]
    md = [md_row(head), "| " + " | ".join(["---"] * width) + " |"]
    md.extend(md_row(r) for r in grid[1:])
    if caption is not None and (cap := _cell_text(caption)):
        text = cap + "\n" + text
        md.insert(0, f"*{cap}*\n")
    return text, "\n".join(md)
