"""Cell accuracy of AuditDesk's extraction against the fixture generator's ground truth.

Used by tests/parsing/test_fixture_accuracy.py and benchmarks/extract.py. A ground-truth
cell counts as exact when the extracted table with the same title has, in the row matched
to that printed row, a cell with exactly that text in the same printed column.
"""
from __future__ import annotations

from dataclasses import dataclass, field


import re

_AMOUNT = re.compile(r"^-?[\d,]*\d\.\d+%?$")


def _norm(t: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", t or "").replace(" ", "").replace("\u3000", "")


@dataclass
class Score:
    cells: int = 0
    exact: int = 0
    missing_tables: list[str] = field(default_factory=list)
    wrong: list[tuple[str, int, str, str]] = field(default_factory=list)  # title, row, expected, got

    @property
    def accuracy(self) -> float:
        return self.exact / self.cells if self.cells else 1.0


def truth_rows(info) -> dict[str, list[list[str]]]:
    """title → printed body rows (after code splitting), in order."""
    out: dict[str, list[list[str]]] = {}
    for t in info.tables:
        out.setdefault(_norm(t.title), []).extend([[_norm(c.text) for c in r.cells] for r in t.rows])
    return out


def score_rows(truth: dict[str, list[list[str]]], extracted: dict[str, list[list[str]]]) -> Score:
    """Order-aware row matching: each truth row is matched to the extracted row at the same
    position when lengths agree, else to the best-overlapping row."""
    s = Score()
    for title, rows in truth.items():
        nonblank = sum(1 for r in rows for c in r if c)
        if not rows:
            continue
        got = extracted.get(title)
        if got == [] and not any(_AMOUNT.match(c) for r in rows for c in r):
            continue  # printed empty (本表无数据): kept with no rows, as the contract says
        if got is None:
            s.missing_tables.append(title)
            s.cells += nonblank
            continue
        for i, r in enumerate(rows):
            cand = got[i] if len(got) == len(rows) else max(got, key=lambda g: _overlap(r, g), default=[])
            for j, c in enumerate(r):
                if not c:
                    continue
                s.cells += 1
                if j < len(cand) and cand[j] == c:
                    s.exact += 1
                elif len(s.wrong) < 200:
                    s.wrong.append((title, i, c, cand[j] if j < len(cand) else "∅"))
    return s


def _overlap(a: list[str], b: list[str]) -> int:
    return sum(1 for x, y in zip(a, b) if x and x == y)


def auditdesk_rows(doc) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {}
    for t in doc.tables:
        out.setdefault(_norm(t.title), []).extend([[_norm(c.text) for c in r.cells] for r in t.rows])
    return out
