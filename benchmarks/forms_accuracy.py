"""How well 绩效自评 forms are read, against the fixture generator's ground truth.

"In place" is geometric, so it does not depend on how the reader numbers a form's columns
(forms have no column header): a printed figure is in place when the extracted form has a
cell with exactly that text whose box centre lies inside the rectangle the generator drew
for it.  A spurious row is an extracted form row that sits in no printed row.
Used by tests/checks/test_performance_forms.py and benchmarks/forms.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from auditdesk.parsing.performance_forms import figure, norm


@dataclass
class FormScore:
    forms: int = 0
    found: int = 0
    numbers: int = 0
    in_place: int = 0
    rows: int = 0
    spurious: int = 0
    misses: list[tuple[int, str]] = field(default_factory=list)  # (page, text)

    @property
    def accuracy(self) -> float:
        return self.in_place / self.numbers if self.numbers else 1.0


def _inside(pt, box, tol: float = 1.0) -> bool:
    x, y = pt
    return box[0] - tol <= x <= box[2] + tol and box[1] - tol <= y <= box[3] + tol


def score_forms(info, doc) -> FormScore:
    s = FormScore()
    truth = [t for t in info.forms if t.kind == "form"]
    got = [t for t in doc.tables if t.kind == "form"]
    s.forms, s.found = len(truth), len(got)
    by_page: dict[int, list[tuple[str, tuple[float, float]]]] = {}
    rows_by_page: dict[int, list] = {}
    for t in got:
        for row in t.rows:
            rows_by_page.setdefault(row.page, []).append(row)
            for c in row.cells:
                if c.text and c.bbox:
                    by_page.setdefault(c.page or row.page, []).append(
                        (norm(c.text), ((c.bbox[0] + c.bbox[2]) / 2, (c.bbox[1] + c.bbox[3]) / 2)))
    truth_rows: dict[int, list] = {}
    for t in truth:
        for r in t.rows:
            truth_rows.setdefault(r.page, []).append(r.bbox)
            for c in r.cells:
                text = norm(c.text)
                if not text or figure(text) is None:
                    continue
                s.numbers += 1
                if any(tx == text and _inside(pt, c.bbox) for tx, pt in by_page.get(r.page, [])):
                    s.in_place += 1
                elif len(s.misses) < 50:
                    s.misses.append((r.page, text))
    for page, rows in rows_by_page.items():
        for row in rows:
            s.rows += 1
            centre = ((row.bbox[0] + row.bbox[2]) / 2, (row.bbox[1] + row.bbox[3]) / 2)
            if not any(_inside(centre, b, 2.0) for b in truth_rows.get(page, [])):
                s.spurious += 1
    return s


def plant_severity(doc, report, plant) -> str | None:
    """The severity of the finding that reports a planted error at its very cell (None: not
    reported there)."""
    for f in report.findings:
        if f.rule != plant.rule or f.severity == "info" or f.location.table is None or f.location.col is None:
            continue
        t = doc.table_by_id(f.location.table)
        if t is not None and t.rows[f.location.row].cells[f.location.col].text.replace(" ", "") == plant.new.replace(" ", ""):
            return f.severity
    return None
