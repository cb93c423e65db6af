"""Where things are, and what they are called as printed (no Qt).

Pure functions over the document model shared by the window's controllers, the review
session's edit log and the finding texts: a cell's place on the page, the table cell under
a click, and a cell's printed row and column names — in side-by-side tables (收入 | 支出)
the row name of a right-hand cell is the label printed in *its* block, not the row's first
label, and the column name carries its block header ("支出 › 决算数").
"""
from __future__ import annotations

from typing import Any

from auditdesk.parsing.model import Document, Table

BBox = tuple[float, float, float, float]
_LABEL_NAMES = ("项目", "科目名称", "项目名称", "名称")


def column_index(table: Table, name: str | None) -> int | None:
    if name is None:
        return None
    if name in table.columns:
        return table.columns.index(name)
    return table.col(name)


def location_column(table: Table, loc: Any) -> int | None:
    """A Location's column: its index when given (names repeat side by side), else by name."""
    col = getattr(loc, "col", None)
    if col is not None and 0 <= col < len(table.columns):
        return col
    return column_index(table, loc.column)


def blocks(table: Table) -> list[int]:
    """Start column of each side-by-side block ([0] for an ordinary table)."""
    if len(table.blocks) > 1:
        return list(table.blocks)
    starts = [i for i, c in enumerate(table.columns) if c == "项目"]
    return starts if len(starts) > 1 else [0]

def block_of(table: Table, col: int) -> int:
    b = 0
    for i, start in enumerate(blocks(table)):
        if col >= start:
            b = i
    return b


def _block_label_col(table: Table, block: int) -> int:
    starts = blocks(table)
    start = starts[block]
    end = starts[block + 1] if block + 1 < len(starts) else len(table.columns)
    for j in range(start, end):
        if table.columns[j] in _LABEL_NAMES:
            return j
    return start


def row_label(table: Table, row: int, col: int | None = None) -> str:
    """The printed name of `row` as seen from column `col` (its block's label)."""
    if not 0 <= row < len(table.rows):
        return ""
    r = table.rows[row]
    if col is not None and len(blocks(table)) > 1:
        b = block_of(table, col)
        if b > 0:
            j = _block_label_col(table, b)
            text = r.cells[j].text.strip() if j < len(r.cells) else ""
            if text:
                return text
            return ""
    label = f"{r.code} {r.label}".strip() if r.code and r.code not in r.label else r.label
    return label


def column_label(table: Table, col: int) -> str:
    """The printed column name with its parent headers ("支出 › 决算数"), no repeats."""
    if not 0 <= col < len(table.columns):
        return f"第{col + 1}列"
    path = list(table.column_paths[col]) if col < len(table.column_paths) and table.column_paths[col] else []
    parts: list[str] = []
    for p in [*path, table.columns[col]]:
        p = (p or "").strip()
        if p and (not parts or parts[-1] != p) and p not in parts:
            parts.append(p)
    return " › ".join(parts) or f"第{col + 1}列"


def cell_name(table: Table, row: int, col: int | None) -> str:
    """"收入支出决算总表 / 八、社会保障和就业支出 / 支出 › 决算数" — a cell as printed."""
    parts = [table.title]
    label = row_label(table, row, col)
    parts.append(label or f"第{row + 1}行")
    if col is not None:
        parts.append(column_label(table, col))
    return " / ".join(parts)


def cell_place(table: Table, row: int, col: int) -> tuple[int, BBox] | None:
    """Where a cell is printed: its own bbox, or the row band × column x-range."""
    if not 0 <= row < len(table.rows):
        return None
    r = table.rows[row]
    cell = r.cells[col] if 0 <= col < len(r.cells) else None
    if cell is not None and cell.bbox is not None:
        return (cell.page or r.page), tuple(cell.bbox)
    xs = table.column_x.get(r.page)
    if xs and 0 <= col < len(xs):
        x0, x1 = xs[col]
        return r.page, (x0, r.bbox[1], x1, r.bbox[3])
    return r.page, tuple(r.bbox)


def location_place(doc: Document | None, loc: Any) -> tuple[int, BBox] | None:
    """Where a finding's Location is printed (cell, row, or narrative sentence)."""
    if doc is None or loc is None:
        return None
    if loc.table is not None:
        t = doc.table_by_id(loc.table)
        if t is not None and loc.row is not None and 0 <= loc.row < len(t.rows):
            col = location_column(t, loc)
            if col is not None:
                return cell_place(t, loc.row, col)
            r = t.rows[loc.row]
            return r.page, tuple(r.bbox)
    if loc.page is not None and loc.bbox is not None:
        return loc.page, tuple(loc.bbox)
    if loc.narrative is not None and 0 <= loc.narrative < len(doc.narrative):
        s = doc.narrative[loc.narrative]
        return s.page, tuple(s.bbox)
    return None


def location_name(doc: Document | None, loc: Any) -> str:
    """A Location as printed: the cell's names, or the narrative sentence."""
    if doc is not None and loc.table is not None:
        t = doc.table_by_id(loc.table)
        if t is not None and loc.row is not None and 0 <= loc.row < len(t.rows):
            return cell_name(t, loc.row, location_column(t, loc))
        if t is not None:
            return t.title
    if loc.narrative is not None:
        text = loc.text or ""
        return "情况说明：" + (text[:30] + "…" if len(text) > 30 else text)
    return f"第 {loc.page} 页" if loc.page else ""


def hit_test(doc: Document | None, page: int, x: float, y: float) -> tuple[str, int, int] | None:
    """The table cell printed at (x, y) on `page` → (table id, row, column)."""
    if doc is None:
        return None
    tol = 1.0
    for t in doc.tables:
        if page not in t.pages and not any(r.page == page for r in t.rows):
            continue
        for ri, r in enumerate(t.rows):
            if r.page != page:
                continue
            x0, y0, x1, y1 = r.bbox
            if not (y0 - tol <= y <= y1 + tol and x0 - tol <= x <= x1 + tol):
                continue
            for ci, c in enumerate(r.cells):
                if c.bbox is not None and (c.page or r.page) == page and c.bbox[0] - tol <= x <= c.bbox[2] + tol:
                    return t.id, ri, ci
            for ci, (cx0, cx1) in enumerate(t.column_x.get(page, [])):
                if cx0 - tol <= x <= cx1 + tol:
                    return t.id, ri, ci
            return t.id, ri, 0
    return None


def sentence_at(doc: Document | None, page: int, x: float, y: float) -> Any:
    if doc is None:
        return None
    for s in doc.narrative:
        if s.page == page and s.bbox[0] - 2 <= x <= s.bbox[2] + 2 and s.bbox[1] - 2 <= y <= s.bbox[3] + 2:
            return s
    return None
