"""Findings and coverage: frozen values produced by the rules, consumed by every front end."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

# the words themselves live in the one vocabulary module; re-exported for the rules
from .vocabulary import (ERROR, INFO, NOT_APPLICABLE, RAN, SEVERITY_ORDER, SEVERITY_ZH,  # noqa: F401
                         SKIPPED, WARNING)


@dataclass(frozen=True, slots=True)
class Location:
    """A place a finding points at: a table cell/row, or a narrative sentence."""

    table: str | None = None  # table id ("T03")
    row: int | None = None  # index into table.rows
    column: str | None = None  # column name
    narrative: int | None = None  # index into document.narrative
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    text: str | None = None  # the sentence, for narrative locations
    row_label: str | None = None  # printed row label, for stable keys and messages
    col: int | None = None  # column index: names repeat in side-by-side tables (决算数 | 决算数)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.narrative is not None:
            out["narrative"] = self.narrative
        if self.table is not None:
            out["table"] = self.table
            out["row"] = self.row
            out["column"] = self.column
        if self.page is not None:
            out["page"] = self.page
        if self.bbox is not None:
            out["bbox"] = [round(v, 2) for v in self.bbox]
        if self.text is not None:
            out["text"] = self.text
        return out


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # "A13"
    severity: str  # error / warning / info
    message: str  # shows the arithmetic: "85.69 + 12.30 = 97.99 ≠ 98.00"
    location: Location
    expected: Decimal | None = None
    actual: Decimal | None = None
    difference: Decimal | None = None  # actual − expected
    related: tuple[Location, ...] = ()
    id: str = ""  # "F0007", assigned by the engine in report order

    @property
    def key(self) -> tuple[str, str | None, str | None, str | None, int | None]:
        """Stable across re-runs and re-extractions: notes and statuses hang on it."""
        loc = self.location
        return (self.rule, loc.table, loc.row_label, loc.column, loc.narrative)

    @property
    def key_str(self) -> str:
        return "|".join("" if k is None else str(k) for k in self.key)

    def to_json(self) -> dict[str, Any]:
        loc = self.location
        out: dict[str, Any] = {
            "id": self.id,
            "rule": self.rule,
            "severity": self.severity,
            "table": loc.table,
            "row": loc.row,
            "column": loc.column,
            "expected": _num(self.expected),
            "actual": _num(self.actual),
            "difference": _num(self.difference),
            "message": self.message,
            "related": [r.to_json() for r in self.related],
        }
        if loc.narrative is not None:
            out["narrative"] = loc.narrative
        if loc.page is not None:
            out["page"] = loc.page
        return out


def _num(v: Decimal | None) -> float | None:
    return None if v is None else float(v)


@dataclass(frozen=True, slots=True)
class Comparison:
    """One comparison a rule made, whether it passed or not — the working paper re-performs
    each as a live formula.

    kind ``sum``:   the printed ``target`` = Σ coefficient × term value;
    kind ``le``:    the printed ``target`` ≤ Σ coefficient × term value;
    kind ``share``: the printed percentage ``actual`` = terms[0] ÷ terms[1] × 100;
    kind ``rate``:  the printed 增减率 ``actual`` = (terms[0] ÷ terms[1] − 1) × 100;
    kind ``pct_sum``: printed shares adding up to ``actual`` (100).

    A term is (location, coefficient, value as the rule read it). The coefficient carries the
    sign and the unit conversion into the target's unit (元 → 万元 is 0.0001). A term or target
    that is a narrative sentence (``Location.narrative``) stands for a figure printed in the
    text: its value is that figure, in 万元 (or % for a share)."""

    rule: str
    target: Location
    terms: tuple[tuple[Location, Decimal, Decimal | None], ...]
    expected: Decimal | None  # what the rule recomputed, in the target's unit
    actual: Decimal | None  # the printed figure
    kind: str = "sum"


@dataclass(frozen=True, slots=True)
class Coverage:
    rule: str
    status: str  # ran / skipped / not_applicable
    why: str = ""

    def to_json(self) -> dict[str, str]:
        return {"rule": self.rule, "status": self.status, "why": self.why}


@dataclass(slots=True)
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    coverage: list[Coverage] = field(default_factory=list)
    seconds: float = 0.0
    comparisons: list[Comparison] = field(default_factory=list)  # every comparison, with run_checks(trace=True)
    traced: bool = False  # comparisons were recorded (an empty list then means none were made)

    def counts(self) -> dict[str, int]:
        out = {ERROR: 0, WARNING: 0, INFO: 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def to_frame(self) -> "pd.DataFrame":
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "id": f.id,
                    "rule": f.rule,
                    "severity": f.severity,
                    "table": f.location.table,
                    "row": f.location.row,
                    "row_label": f.location.row_label,
                    "column": f.location.column,
                    "expected": _num(f.expected),
                    "actual": _num(f.actual),
                    "difference": _num(f.difference),
                    "page": f.location.page,
                    "message": f.message,
                }
                for f in self.findings
            ],
            columns=["id", "rule", "severity", "table", "row", "row_label", "column",
                     "expected", "actual", "difference", "page", "message"],
        )
