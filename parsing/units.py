"""One PDF that bundles several disclosures — a 部门 and its 所属单位, or several 单位, one after
another, each with its own cover, 目录, tables and 情况说明.

Each is a `Unit` (its pages, department, year, kind); the checks run on each alone, so that one
unit's 情况说明 is never compared with another unit's tables (checks/engine.py). A bundle is told
by its table sets: the 收支总表 (01) printed again after a set of tables, and followed by more
of the same set. Where the next unit starts is its cover, its 目录 or its 第一部分 heading after
the previous unit's last table; without any of them, the page where the 情况说明 between the two
units' tables turns from restating the one's figures to the other's (else its first table).
Pure Python, no Qt.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

from auditdesk.parsing.lines import page_lines
from auditdesk.parsing.model import Table

_FIRST_PART = re.compile(r"^第一部分")
_FIGURE = re.compile(r"\d[\d,]*\.\d{2}")


@dataclass(frozen=True, slots=True)
class Unit:
    first: int  # 1-based page numbers, inclusive
    last: int
    department: str | None = None
    year: int | None = None
    kind: str | None = None

    def holds(self, page: int) -> bool:
        return self.first <= page <= self.last


def _restarts(tables: Sequence[Table]) -> list[int]:
    """Indexes (into `tables`) of the 收支总表 that open a second, third … set."""
    typed = [(i, t.type) for i, t in enumerate(tables) if t.type and t.kind == "table"]
    out: list[int] = []
    seen: set[str] = set()
    for k, (i, role) in enumerate(typed):
        if role == "01" and "01" in seen and len(seen) >= 3:
            # the set printed again: more of the previous set's types follow this 01 (a 01 read
            # twice — a continuation page taken for a new table — is followed by nothing new)
            after = set()
            for _j, r in typed[k + 1:]:
                if r == "01":
                    break
                after.add(r)
            if len(after & seen) >= 2:
                out.append(i)
                seen = set()
        seen.add(role)
    return out


def starts_a_document(page, is_cover: Callable, is_toc: Callable) -> bool:
    lines = page_lines(page)
    if not lines:
        return False
    head = [ln.text.replace(" ", "") for ln in lines[:3]]
    return is_cover(lines) or is_toc(lines) or any(_FIRST_PART.match(t) for t in head)


def _table_figures(tables: Sequence[Table]) -> set[str]:
    """The figures the tables print, as a sentence would restate them (also 元 in 万元)."""
    out: set[str] = set()
    for t in tables:
        for r in t.rows:
            for c in r.cells:
                if c.value is not None and c.value != 0:
                    out.add(f"{c.value:.2f}")
                    if t.unit == "元":
                        out.add(f"{c.value / 10000:.2f}")
    return out


def _by_figures(first: int, end: int, sentences: Sequence, before: set[str], after: set[str]) -> int:
    """Where the sentences on pages first … end-1 (between two units' tables, with no cover or
    heading to tell) change from restating the one unit's tables to the other's: the page that
    best splits them; `end` (all to the first unit) when their figures do not tell."""
    own_a, own_b = before - after, after - before
    pages = [(s.page, {f.replace(",", "") for f in _FIGURE.findall(s.text)}) for s in sentences
             if first <= s.page < end]
    best, best_score = end, sum(len(f & own_a) for _p, f in pages)
    for b in range(end - 1, first - 1, -1):
        score = sum(len(f & own_a) for p, f in pages if p < b) + sum(len(f & own_b) for p, f in pages if p >= b)
        if score > best_score:
            best, best_score = b, score
    return best


def find_units(pages: Sequence, tables: Sequence[Table], facts: Callable, is_cover: Callable,
               is_toc: Callable, sentences: Sequence = ()) -> list[Unit]:
    """The disclosures a file bundles, in page order; [] for a file of one disclosure.
    `facts(pages, tables)` → (department, year, kind) of a unit (the document's own reader);
    `is_cover(lines)` and `is_toc(lines)` tell the pages a disclosure starts with; without them,
    the `sentences` (the 情况说明) between two units' tables go with the tables they restate."""
    restarts = _restarts(tables)
    if not restarts:
        return []
    by_number = {p.number: p for p in pages}
    bounds = [pages[0].number]
    cuts = [0, *restarts, len(tables)]
    for k, i in enumerate(restarts):
        # (over the whole set: the table read last need not be printed last)
        last_table_page = max((p for t in tables[cuts[k]:i] for p in t.pages), default=bounds[-1])
        first = min(tables[i].pages, default=last_table_page + 1)
        start = next((n for n in range(last_table_page + 1, first + 1)
                      if n in by_number and starts_a_document(by_number[n], is_cover, is_toc)), None)
        if start is None:
            start = _by_figures(last_table_page + 1, first, sentences, _table_figures(tables[cuts[k]:i]),
                                _table_figures(tables[i:cuts[k + 2]]))
        bounds.append(start)
    bounds.append(pages[-1].number + 1)
    units = []
    for a, b in zip(bounds, bounds[1:]):
        own_pages = [p for p in pages if a <= p.number < b]
        own_tables = [t for t in tables if a <= min(t.pages, default=0) < b]
        units.append(Unit(a, b - 1, *facts(own_pages, own_tables)))
    return units
