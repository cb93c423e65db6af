"""The one review vocabulary: finding severities, auditor statuses, coverage states, their
Chinese labels and colours (style.md item 18).

CLI, window, workbook and JSON import these names; nobody retypes a label or a hex colour.
Plain Python (no Qt, no openpyxl): colours are "#RRGGBB" strings — Qt turns them into a
QColor (`widgets/severity.py`), the workbook into a fill (`hex_argb`).
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

# ---------------------------------------------------------------- severities (contract.md)
ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)  # worst first
SEVERITY_ZH = {ERROR: "错误", WARNING: "核实", INFO: "提示"}
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}

# strong colour: text, pens, dots; cell fill: the cell a finding is on (grid and workbook);
# row fill: the rest of its row, and cells a finding only refers to
SEVERITY_COLOR = {ERROR: "#C81E2D", WARNING: "#D68C00", INFO: "#2878C8"}
SEVERITY_FILL = {ERROR: "#FFC7CE", WARNING: "#FFEB9C", INFO: "#DDEBF7"}  # Excel's own palette
SEVERITY_ROW_FILL = {ERROR: "#FDEFEE", WARNING: "#FEF7E4", INFO: "#F0F6FC"}

# ---------------------------------------------------------------- the auditor's status per finding
# The values are the Chinese words themselves: session files store them as written.
PENDING = "待核实"
CONFIRMED = "已确认问题"
DISMISSED = "已排除"
STATUSES = (PENDING, CONFIRMED, DISMISSED)
STATUS_COLOR = {PENDING: "#000000", CONFIRMED: "#B00020", DISMISSED: "#808080"}

# ---------------------------------------------------------------- coverage of a rule on a document
RAN = "ran"
SKIPPED = "skipped"
NOT_APPLICABLE = "not_applicable"
COVERAGE_ZH = {RAN: "已检查", SKIPPED: "未检查", NOT_APPLICABLE: "不适用"}
COVERAGE_COLOR = {RAN: "#1A7F37", SKIPPED: "#8A5A00", NOT_APPLICABLE: "#808080"}

# ---------------------------------------------------------------- 公开情况检查表 verdicts
# a template may print other words (its own `yes` / `no`); these are the defaults and colours
VERDICT_YES = "是"
VERDICT_NO = "否"
VERDICT_FILL = {VERDICT_YES: "#E2EFDA", VERDICT_NO: SEVERITY_FILL[ERROR]}

# ---------------------------------------------------------------- sign-off
SIGNED_COLOR = "#1A7F37"
VOID_COLOR = "#B36B00"

# ---------------------------------------------------------------- the auditor's own marks
EDITED_COLOR = "#0078D7"  # corrected cells
NOTE_COLOR = "#E66E00"  # notes and tick tags
TICK_COLOR = "#B41E1E"
OCR_COLOR = "#8C3CC8"  # OCR'd cells to confirm
SELECTION_COLOR = "#0064E6"


def severity_zh(severity: str) -> str:
    return SEVERITY_ZH.get(severity, severity)


def worst(severities) -> str | None:
    """The most serious of some severities (None for none)."""
    best = None
    for s in severities:
        if best is None or SEVERITY_ORDER.get(s, 9) < SEVERITY_ORDER.get(best, 9):
            best = s
    return best


_INTERNAL_DOT = re.compile(r"(?<=[\u4e00-\u9fff）)])\.(?=[\u4e00-\u9fff（(])")


def printed(text: str) -> str:
    """Internal "行.列" names as printed: "合计.本年收入合计" → "合计 / 本年收入合计"."""
    return _INTERNAL_DOT.sub(" / ", text or "")


def _amount(v: Any) -> str:
    return f"{v:,.2f}" if isinstance(v, Decimal) else str(v)


def figures(f: Any) -> str:
    """The two figures and their difference, first: "印 98.00 ≠ 应为 97.99（差 +0.01）"."""
    if f.actual is None or f.expected is None:
        return ""
    diff = f.difference if f.difference is not None else f.actual - f.expected
    return f"印 {_amount(f.actual)} ≠ 应为 {_amount(f.expected)}（差 {diff:+,.2f}）"


def headline(f: Any) -> str:
    """A finding that explains itself at a glance: the figures lead, then the arithmetic in
    printed names. Every front end (list, status bar, CLI, workbook) shows this."""
    lead = figures(f)
    msg = printed(f.message)
    return f"{lead}　{msg}" if lead else msg


def in_document_words(text: str, kind: str | None) -> str:
    """A sentence about tables in the document's own words: 预算 on a 预算 disclosure."""
    if kind and "预算" in kind:
        return text.replace("决算", "预算")
    return text


def hex_argb(color: str) -> str:
    """"#RRGGBB" → "RRGGBB", the form openpyxl fills and fonts take."""
    return color.lstrip("#").upper()


def counts_line(counts: dict[str, int], skipped: int | None = None) -> str:
    """"错误 2，核实 1，提示 0，未检查 14" — the one summary wording (CLI, window, workbook)."""
    parts = [f"{SEVERITY_ZH[s]} {counts.get(s, 0)}" for s in SEVERITIES]
    if skipped is not None:
        parts.append(f"{COVERAGE_ZH[SKIPPED]} {skipped}")
    return "，".join(parts)


__all__ = [
    "ERROR", "WARNING", "INFO", "SEVERITIES", "SEVERITY_ZH", "SEVERITY_ORDER", "SEVERITY_COLOR",
    "SEVERITY_FILL", "SEVERITY_ROW_FILL", "PENDING", "CONFIRMED", "DISMISSED", "STATUSES", "STATUS_COLOR",
    "RAN", "SKIPPED", "NOT_APPLICABLE", "COVERAGE_ZH", "COVERAGE_COLOR", "SIGNED_COLOR", "VOID_COLOR",
    "VERDICT_YES", "VERDICT_NO", "VERDICT_FILL", "EDITED_COLOR", "NOTE_COLOR", "TICK_COLOR", "OCR_COLOR", "SELECTION_COLOR",
    "severity_zh", "worst", "hex_argb", "counts_line", "printed", "figures", "headline", "in_document_words",
]
