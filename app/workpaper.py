"""The Excel 审计工作底稿 (working paper) with openpyxl — no Qt, runs headless.

`write_workpaper(doc, report, session, path)` writes one workbook per disclosure:

- ``封面``: the header block of 《审计机关审计工作底稿准则（试行）》第四条 (被审计单位, 审计事项,
  期间, 索引号及页次, 编制人员及日期, 复核人员及日期, 审计结论), the source file + sha256
  and the list of sheets, hyperlinked;
- ``问题清单``: one row per finding, hyperlinked to its cell on the table sheet;
- ``公开情况检查表``: the filled form `auditdesk check --checklist` writes (same 是/否, problems
  and page crops), under this workbook's header block and print rules;
- one sheet per table: the header block, the corrected grid (numbers as numbers,
  ``#,##0.00``; the extracted value as a comment where the auditor edited; flagged cells
  filled by severity), source page and tick-mark columns, and LIVE formulas re-performing
  the footings (类/款/项 roll-ups per amount column, row 合计 = Σ its parts, and the
  engine's own sum findings) each with a difference column;
- ``审计标识说明``, ``修改记录`` (edit log + annotations + open conflicts), ``检查覆盖``.

Text from the PDF is never written as a formula.  The function returns a
`WorkpaperResult` listing every formula with the value AuditDesk computed for it, so a
test (or an auditor) can verify the workbook recalculates to the same figures.
"""
from __future__ import annotations

import math
import os
import re
from copy import copy
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from auditdesk.checks.vocabulary import (COVERAGE_ZH, ERROR, INFO, NOT_APPLICABLE, PENDING, RAN, SEVERITY_FILL,
                                         SEVERITY_ORDER,
                                         SEVERITY_ZH, SKIPPED, WARNING, hex_argb)
from auditdesk.parsing.model import SUBTOTAL, TOTAL, Document, Table, _numeric_column
from auditdesk.parsing.numbers import is_percent
from auditdesk.parsing.progress import reporter
from auditdesk.app import places
from auditdesk.app import workpaper_evidence as evidence
from auditdesk.app import workpaper_formulas as formulas
from auditdesk.app import workpaper_forms  # noqa: F401  (registers the 绩效自评表 form formulas hook)
from auditdesk.app import workpaper_print as printing
from auditdesk.app.workpaper_print import BASE_PT

if TYPE_CHECKING:
    from auditdesk.app.session import ReviewSession
    from auditdesk.checks.finding import CheckReport, Comparison, Finding, Location

COVER = "封面"
FINDINGS = "问题清单"
LEGEND = "审计标识说明"
EDIT_LOG = "修改记录"
COVERAGE = "检查覆盖"
CHECKLIST = "公开情况检查表"  # the same form `auditdesk check --checklist` writes (issue 18)
FIXED_SHEETS = (COVER, FINDINGS, CHECKLIST, LEGEND, EDIT_LOG, COVERAGE)
NARRATIVE = "情况说明复算"  # when the rules compared figures printed in the text
EVIDENCE = "证据"  # when findings point at PDF pages
OPTIONAL_SHEETS = (NARRATIVE, EVIDENCE)

NUM_FMT = "#,##0.00"
PCT_FMT = "0.00%"
FILLS = {s: PatternFill("solid", fgColor=hex_argb(c)) for s, c in SEVERITY_FILL.items()}
HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
FORMULA_FILL = PatternFill("solid", fgColor="F2F2F2")
# Every cell names its font: a style without a name prints in LibreOffice's default serif
# (the bold totals came out in DejaVu Serif). 等线 is the CJK sans of current Chinese Office;
# where it is missing (LibreOffice on Linux) fontconfig substitutes the system sans, and the
# CJK glyphs fall back to the installed CJK sans font.
FONT_NAME = "等线"
BASE = Font(name=FONT_NAME, size=BASE_PT)
BOLD = Font(name=FONT_NAME, size=BASE_PT, bold=True)
TITLE_FONT = Font(name=FONT_NAME, bold=True, size=14)
EDITED_FONT = Font(name=FONT_NAME, size=BASE_PT, color="1F4E79", italic=True)
EDITED_BOLD = Font(name=FONT_NAME, size=BASE_PT, color="1F4E79", italic=True, bold=True)
LINK_FONT = Font(name=FONT_NAME, size=BASE_PT, color="0563C1", underline="single")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
CENTER = Alignment(horizontal="center", vertical="center")
HEAD_WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEAD_CHARS = 6  # a figure column's header wraps after ~6 CJK characters (12 width units)
LABEL_MAX = 36  # a text column wider than this wraps instead
_NOTE_PREFIX = re.compile(r"^(?:注[:：]\s*)+")

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_FORMULA_START = ("=", "+", "-", "@")


# --------------------------------------------------------------------------- result


@dataclass(frozen=True, slots=True)
class FormulaCheck:
    """A live formula written to the workbook and the value AuditDesk computed for it."""

    sheet: str
    cell: str  # "H12"
    formula: str
    expected: Decimal
    kind: str  # "rule" (the re-performed figure) / "difference" (printed − re-performed)
    rule: str = ""  # the rule whose comparison it re-performs


@dataclass(slots=True)
class WorkpaperResult:
    path: Path
    sheets: list[str]
    table_sheets: dict[str, str]  # table id → sheet name
    formulas: list[FormulaCheck] = field(default_factory=list)
    seconds: float = 0.0
    not_written: dict[str, dict[str, int]] = field(default_factory=dict)  # rule → why no formula → count
    crops: int = 0  # evidence images embedded


# --------------------------------------------------------------------------- small helpers


def display_width(text: Any) -> int:
    """Column width units: CJK / full-width characters count as 2."""
    s = "" if text is None else str(text)
    best = 0
    for line in s.splitlines() or [""]:
        best = max(best, sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line))
    return best


# Row heights (points) for wrapped text: Excel / LibreOffice do not grow a row whose height
# was never computed (openpyxl writes none, and merged cells are never auto-fitted), so a
# printed sheet would cut wrapped text off. One line of 11 pt CJK text needs ~15.6 pt.
LINE_PT = 14.0
ROW_PAD_PT = 3.0
MAX_ROW_PT = 409.0  # Excel's limit
# a column is `width` characters of the default font wide; a CJK glyph takes ~2 of them,
# a bold label a little more — labels get this much room on top of their display width
LABEL_SLACK = 1.15


def wrapped_lines(text: Any, width: float) -> int:
    """How many lines `text` takes when wrapped in a column `width` characters wide."""
    s = "" if text is None else str(text)
    if not s:
        return 1
    usable = max(1.0, float(width) - 1.5)  # cell padding
    return sum(max(1, math.ceil(display_width(line) / usable)) for line in s.split("\n"))


def fit_row(ws: Worksheet, row: int, cells: list[tuple[Any, float]]) -> None:
    """Make `row` tall enough for each (text, column width) in `cells`, wrapped."""
    lines = max((wrapped_lines(text, width) for text, width in cells), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = min(MAX_ROW_PT, lines * LINE_PT + ROW_PAD_PT)


def col_width(ws: Worksheet, col: int, default: float = 8.43) -> float:
    w = ws.column_dimensions[get_column_letter(col)].width
    return float(w) if w else default


def label_width(label: str) -> float:
    return display_width(label) * LABEL_SLACK + 3


def _clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:32000]


# Setting a style attribute makes openpyxl hash the style objects against the workbook's
# lists — most of an export's time. A cell's whole style (indices into those lists) is
# computed once per combination and workbook, and copied to every other cell with that look.


def _styled(cell, font: Font, fill: PatternFill | None, fmt: str | None, align: Alignment | None,
            border: bool) -> None:
    wb = cell.parent.parent
    cache = wb.__dict__.setdefault("_auditdesk_styles", {})  # the indices are this workbook's
    key = (id(font), id(fill), fmt, id(align), border)
    hit = cache.get(key)
    if hit is not None:
        cell._style = copy(hit[0])
        return
    cell.font = font
    if fill is not None:
        cell.fill = fill
    if fmt is not None:
        cell.number_format = fmt
    if align is not None:
        cell.alignment = align
    if border:
        cell.border = BORDER
    cache[key] = (copy(cell._style), font, fill, align)  # holding them keeps their ids unique


def put(ws: Worksheet, row: int, col: int, value: Any, *, font: Font | None = None,
        fill: PatternFill | None = None, fmt: str | None = None, align: Alignment | None = None,
        border: bool = False):
    """Write one cell. Strings are always text: never a formula, even when they start with =+-@."""
    cell = ws.cell(row=row, column=col)
    _styled(cell, font if font is not None else BASE, fill, fmt, align, border)
    if isinstance(value, str):
        value = _clean(value)
        cell.value = value
        if value.startswith(_FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def put_formula(ws: Worksheet, row: int, col: int, formula: str, fmt: str = NUM_FMT):
    cell = ws.cell(row=row, column=col)
    cell.value = formula
    _styled(cell, BASE, FORMULA_FILL, fmt, TOP, True)
    return cell


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def internal_link(cell, sheet: str, coord: str = "A1") -> None:
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{quote_sheet(sheet)}!{coord}",
                               display=str(cell.value or ""))
    cell.font = LINK_FONT


def sheet_name_for(title: str, used: set[str], fallback: str = "表") -> str:
    """≤ 31 characters, none of []:*?/\\, unique (case-insensitively) among `used`."""
    name = _BAD_SHEET_CHARS.sub("", _clean(title)).strip().strip("'") or fallback
    name = name[:31]
    base, n = name, 1
    while name.casefold() in {u.casefold() for u in used} or name.lower() == "history":
        n += 1
        suffix = f"({n})"
        name = base[: 31 - len(suffix)] + suffix
    used.add(name)
    return name


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    rows = sorted(set(rows))
    out: list[tuple[int, int]] = []
    for r in rows:
        if out and r == out[-1][1] + 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out


def sum_formula(refs: list[tuple[str | None, int, int]]) -> str:
    """=SUM(...) over (sheet or None, row, col) refs; contiguous runs become ranges
    (down a column, or along a row when all refs share one row)."""
    parts: list[str] = []
    groups: dict[tuple[str | None, str, int], list[int]] = {}
    along_row = len({(s, r) for s, r, _ in refs}) == 1 and len(refs) > 1
    for sheet, r, c in refs:
        k = (sheet, "row", r) if along_row else (sheet, "col", c)
        groups.setdefault(k, []).append(c if along_row else r)
    for (sheet, how, fixed), items in groups.items():
        prefix = f"{quote_sheet(sheet)}!" if sheet else ""
        for a, b in _runs(items):
            if how == "row":
                ca, cb = get_column_letter(a), get_column_letter(b)
                parts.append(f"{prefix}{ca}{fixed}" if a == b else f"{prefix}{ca}{fixed}:{cb}{fixed}")
            else:
                letter = get_column_letter(fixed)
                parts.append(f"{prefix}{letter}{a}" if a == b else f"{prefix}{letter}{a}:{letter}{b}")
    return "=SUM(" + ",".join(parts) + ")"




def _rules_registry() -> dict[str, Any]:
    try:
        from auditdesk.checks.registry import RULES  # the engine may not be there yet
    except Exception:  # pragma: no cover - depends on the other packages' state
        return {}
    return dict(RULES)


def _rule_text(rules: dict[str, Any], rule_id: str) -> tuple[str, str]:
    """(rule id + name, 依据) for a rule id; falls back to the id."""
    r = rules.get(rule_id)
    if r is None:
        return rule_id, ""
    name = getattr(r, "name", "") or getattr(r, "description", "")
    desc = getattr(r, "description", "")
    basis = getattr(r, "basis", "")
    basis_text = "；".join(p for p in (desc if desc != name else "", basis) if p)
    return f"{rule_id} {name}".strip(), basis_text


class _Widths:
    """Tracks the widest text per column of one sheet."""

    def __init__(self, ws: Worksheet, minimum: int = 6, maximum: int = 60):
        self.ws, self.min, self.max = ws, minimum, maximum
        self.w: dict[int, int] = {}

    def see(self, col: int, value: Any, fmt_number: bool = False) -> None:
        if value is None:
            return
        if fmt_number and isinstance(value, (int, float, Decimal)):
            n = len(f"{value:,.2f}")
        else:
            n = display_width(value)
        if n > self.w.get(col, 0):
            self.w[col] = n

    def fix(self, widths: dict[int, int] | None = None) -> None:
        for col, n in self.w.items():
            if widths and col in widths:
                continue
            self.ws.column_dimensions[get_column_letter(col)].width = max(self.min, min(self.max, n + 2))
        for col, n in (widths or {}).items():
            self.ws.column_dimensions[get_column_letter(col)].width = n


# --------------------------------------------------------------------------- header info


@dataclass(slots=True)
class _Header:
    unit: str
    matter: str
    period: str
    index_no: str
    conclusion: str
    preparer: str
    reviewer: str


def _header(doc: Document, session: "ReviewSession | None") -> _Header:
    if session is not None:
        h = session.header
        preparer = " ".join(p for p in (session.preparer.name, session.preparer.date) if p)
        reviewer = " ".join(p for p in (session.reviewer.name, session.reviewer.date) if p)
        if session.signoff is not None:
            so = session.signoff  # a void sign-off says so, and why (issue 16)
            reviewer += f"（{so.state_zh()}）" if getattr(so, "void", "") else \
                "（已签字" + ("，签字后有修改" if so.stale else "") + "）"
        return _Header(h.unit or doc.department or "", h.matter, h.period, h.index_no or "", h.conclusion,
                       preparer, reviewer)
    year = f"{doc.year}年度" if doc.year else ""
    return _Header(doc.department or "", f"{year}{doc.kind or '决算'}公开审核", year, "", "", "", "")


def _sheet_index(base: str, suffix: str) -> str:
    return f"{base}-{suffix}" if base else suffix


# --------------------------------------------------------------------------- the writer


class _Writer:
    def __init__(self, doc: Document, report: "CheckReport", session: "ReviewSession | None", path: Path):
        self._header_blocks: dict[str, tuple[str, int]] = {}  # sheet → (extra line, width)
        self.doc, self.report, self.session, self.path = doc, report, session, path
        self.wb = Workbook()
        self.h = _header(doc, session)
        self.rules = _rules_registry()
        self.formulas: list[FormulaCheck] = []
        used: set[str] = set(FIXED_SHEETS + OPTIONAL_SHEETS)
        self.table_sheet: dict[str, str] = {t.id: sheet_name_for(t.title, used, t.id) for t in doc.tables}
        self.table_index: dict[str, str] = {t.id: _sheet_index(self.h.index_no, t.id) for t in doc.tables}
        # (table id, row, col) → (sheet row, sheet col) and the stored number
        self.coord: dict[tuple[str, int, int], tuple[int, int]] = {}
        self.stored: dict[tuple[str, int, int], Decimal | None] = {}
        self.col_of: dict[tuple[str, str], int] = {}
        self.findings_by_table: dict[str, list["Finding"]] = {}
        self.numeric: dict[str, list[bool]] = {}
        self._notes: dict[int, list[str]] = {}  # sheet row → row notes, for the current table sheet
        self._written: dict[str, set[tuple[str, int, int]]] = {}  # table id → cells re-performed
        self._finding_rows: dict[str, int] = {}  # finding id → its row on 问题清单
        self._evidence_rows: dict[str, int] = {}  # finding id → its row on 证据
        self.crops = 0
        for f in report.findings:
            if f.location.table is not None:
                self.findings_by_table.setdefault(f.location.table, []).append(f)
        self.comparisons_by_table: dict[str, list["Comparison"]] = {}
        self.text_comparisons: list["Comparison"] = []  # the printed figure is in the narrative
        seen_c: set = set()
        for c in self._comparisons(doc, report):
            key = (c.rule, c.target, c.terms, c.kind)
            if key in seen_c:
                continue  # the same comparison made twice (two rules' passes over one sentence)
            seen_c.add(key)
            if c.target.table is not None:
                self.comparisons_by_table.setdefault(c.target.table, []).append(c)
            elif c.target.narrative is not None:
                self.text_comparisons.append(c)
        # cells a rule read as a figure are written as numbers even in a column that is
        # mostly text (a figure column parsing did not classify): formulas must add them up
        self.compared_cells: set[tuple[str, int, int]] = set()
        for cs in [*self.comparisons_by_table.values(), self.text_comparisons]:
            for c in cs:
                for loc in (c.target, *(t for t, _k, _v in c.terms)):
                    if loc.table is not None and loc.row is not None and loc.col is not None:
                        self.compared_cells.add((loc.table, loc.row, loc.col))
        self.not_written: dict[str, dict[str, int]] = {}  # rule → why a comparison has no formula → count

    @staticmethod
    def _comparisons(doc: Document, report: "CheckReport") -> list["Comparison"]:
        """The comparisons behind the report: recorded by run_checks(trace=True), else the
        rules that ran are run once more on `doc` with the record on (the window's reports
        are made without it: recording costs the re-check after an edit time)."""
        if getattr(report, "traced", False):
            return list(report.comparisons)
        ran = [c.rule for c in report.coverage if c.status == RAN]
        if not ran or not doc.tables:
            return []
        from auditdesk.checks.engine import run_checks

        return run_checks(doc, rules=ran, trace=True).comparisons

    # ---------------------------------------------------------------- locations
    def cell_of(self, loc: "Location", value: Decimal | None = None) -> tuple[str, int, int] | None:
        """(table id, row, col) of a finding Location, when it points at one cell.

        A Location names its column; side-by-side tables repeat names (决算数 | 决算数), so
        among same-named columns the one holding `value` (the finding's printed figure) wins.
        """
        if loc.table is None or loc.row is None or loc.column is None:
            return None
        t = self.doc.table_by_id(loc.table)
        if t is None or loc.row >= len(t.rows):
            return None
        same = [j for j, name in enumerate(t.columns) if name == loc.column]
        if not same:
            return None
        j = same[0]
        if len(same) > 1:
            if value is not None:
                hit = [k for k in same if self.stored.get((t.id, loc.row, k)) == value]
                if hit:
                    j = hit[0]
            elif len(t.blocks) > 1:
                return None  # ambiguous: better no formula or link target than a wrong one
        return loc.table, loc.row, j

    def sheet_coord(self, tid: str, r: int, c: int) -> str | None:
        rc = self.coord.get((tid, r, c))
        return None if rc is None else f"{get_column_letter(rc[1])}{rc[0]}"

    # ---------------------------------------------------------------- print
    def print_setup(self, ws: Worksheet, index_no: str, title_rows: str | None = None,
                    title_cols: str | None = None, last_col: int | None = None) -> printing.PrintPlan:
        head = printing.PageHeader(self.h.unit, index_no, self.h.preparer, self.h.reviewer)
        return printing.setup(ws, head, title_rows=title_rows, title_cols=title_cols, last_col=last_col)

    # ---------------------------------------------------------------- header block
    def header_block(self, ws: Worksheet, title: str, index_no: str, extra: str = "", width: int = 8) -> int:
        """Rows 1–4: title, 被审计单位/索引号, 编制/复核, extra. Returns the next free row.

        The label and its value share one merged cell ("被审计单位：…"), placed by
        fit_header_block once the columns are sized: a label never widens a data column."""
        put(ws, 1, 1, title, font=TITLE_FONT)
        if extra:
            put(ws, 4, 1, extra, align=WRAP)
        self._header_blocks[ws.title] = (title, index_no, extra, max(width, 2))
        return 6

    def fit_header_block(self, ws: Worksheet, last_col: int | None = None) -> None:
        """After a sheet's columns are sized: rows 2–3 split the printed width in two merged
        halves (left 被审计单位 / 编制, right 索引号 / 复核), rows tall enough to wrap."""
        title, index_no, extra, width = self._header_blocks[ws.title]
        last = max(2, last_col or width)
        widths = [col_width(ws, c) for c in range(1, last + 1)]
        # a sheet printed in bands of columns: the block stays on the first band's pages
        room = printing.printable_points(True) / printing.PT_PER_CHAR
        band, acc = 0, 0.0
        for w in widths:
            if band >= 2 and acc + w > room:
                break
            acc += w
            band += 1
        last = max(2, band)
        widths = widths[:last]
        total = sum(widths)
        split, acc = 1, 0.0
        for c, w in enumerate(widths, start=1):  # the left half ends nearest the middle
            acc += w
            split = c
            if acc >= total / 2:
                break
        split = min(split, last - 1)
        left, right = sum(widths[:split]), sum(widths[split:])
        pairs = (("被审计单位", self.h.unit, "索引号", index_no),
                 ("编制人员及日期", self.h.preparer, "复核人员及日期", self.h.reviewer))
        for r, (l_label, l_value, r_label, r_value) in zip((2, 3), pairs):
            lt, rt = f"{l_label}：{l_value or ''}", f"{r_label}：{r_value or ''}"
            put(ws, r, 1, lt, font=BOLD, align=WRAP)
            put(ws, r, split + 1, rt, font=BOLD, align=WRAP)
            if split > 1:
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=split)
            if last > split + 1:
                ws.merge_cells(start_row=r, start_column=split + 1, end_row=r, end_column=last)
            fit_row(ws, r, [(lt, left * 0.95), (rt, right * 0.95)])  # bold runs a little wider
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
        if extra:
            ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=last)
            fit_row(ws, 4, [(extra, total)])

    # ---------------------------------------------------------------- table sheets
    HDR_ROW = 6  # the grid's header row on every table sheet (rows 1–4: header block)
    C0 = 3  # the grid starts in column C: A = 页码, B = 审计标识

    def layout(self, t: Table) -> None:
        """Where each cell goes and the number stored there — known for every table before
        any sheet is written, so formulas can reference other sheets."""
        ncols = max([len(t.columns)] + [len(r.cells) for r in t.rows])
        numeric = [j < len(t.columns) and _numeric_column(t, j) for j in range(ncols)]
        self.numeric[t.id] = numeric
        for j, name_j in enumerate(t.columns):
            self.col_of.setdefault((t.id, name_j), j)
        first = self.HDR_ROW + 1
        for i, row in enumerate(t.rows):
            for j in range(ncols):
                key = (t.id, i, j)
                self.coord[key] = (first + i, self.C0 + j)
                cell = row.cells[j] if j < len(row.cells) else None
                v = None
                if cell is not None and (numeric[j] or key in self.compared_cells) and cell.value is not None:
                    v = cell.value / 100 if is_percent(cell.text) else cell.value
                self.stored[key] = v

    def table_sheet_(self, t: Table) -> None:
        name = self.table_sheet[t.id]
        ws = self.wb.create_sheet(name)
        widths = _Widths(ws)
        ncols = max([len(t.columns)] + [len(r.cells) for r in t.rows])
        numeric = self.numeric[t.id]
        pages = "、".join(str(p) for p in t.pages)
        extra = "　".join(p for p in (t.label or "", f"金额单位：{t.unit}" if t.unit else "",
                                      f"来源：第{pages}页" if pages else "") if p)
        tann = self.session.annotations_at(t.id) if self.session else []
        if tann:
            extra += "　表级批注：" + "；".join(" ".join(x for x in (a.tick or "", a.text) if x) for a in tann)
        hdr_row = self.header_block(ws, t.title, self.table_index[t.id], extra, ncols + 2)
        assert hdr_row == self.HDR_ROW
        C0 = self.C0
        put(ws, hdr_row, 1, "页码", font=BOLD, fill=HEAD_FILL, border=True, align=CENTER)
        put(ws, hdr_row, 2, "审计标识", font=BOLD, fill=HEAD_FILL, border=True, align=CENTER)
        side_by_side = len(places.blocks(t)) > 1
        for j in range(ncols):
            name_j = t.columns[j] if j < len(t.columns) else ""
            if name_j and t.columns.count(name_j) > 1:
                name_j = places.column_label(t, j)  # "支出 › 支出用途 › 金额": which 金额 it is, on its own page too
            put(ws, hdr_row, C0 + j, name_j, font=BOLD, fill=HEAD_FILL, border=True, align=HEAD_WRAP)
            # a figure column is as wide as its figures; its (long) name wraps in the header
            widths.see(C0 + j, name_j[:HEAD_CHARS] if numeric[j] else name_j)
        first = hdr_row + 1

        # flagged cells: worst severity and the messages
        flags: dict[tuple[int, int], list["Finding"]] = {}
        for f in self.findings_by_table.get(t.id, []):
            rc = self.cell_of(f.location, f.actual)
            if rc is not None:
                flags.setdefault((rc[1], rc[2]), []).append(f)

        session = self.session
        long_text: list[tuple[int, int, str]] = []  # cells wrapped in a capped column
        for i, row in enumerate(t.rows):
            r = first + i
            put(ws, r, 1, row.page or None, align=CENTER)
            ticks, notes = self._row_marks(t.id, i)
            if ticks:
                put(ws, r, 2, " ".join(ticks), align=CENTER)
            bold = row.kind in (TOTAL, SUBTOTAL)
            for j in range(ncols):
                cell = row.cells[j] if j < len(row.cells) else None
                if cell is None:
                    continue
                fill = None
                if (i, j) in flags:
                    worst = min(flags[(i, j)], key=lambda f: SEVERITY_ORDER.get(f.severity, 9))
                    fill = FILLS.get(worst.severity)
                font = (EDITED_BOLD if bold else EDITED_FONT) if cell.edited else (BOLD if bold else None)
                if (numeric[j] or (t.id, i, j) in self.compared_cells) and cell.value is not None:
                    if is_percent(cell.text):
                        v = cell.value / 100
                        c = put(ws, r, C0 + j, v, fmt=PCT_FMT, font=font, fill=fill, border=True)
                    else:
                        v = cell.value
                        c = put(ws, r, C0 + j, v, fmt=NUM_FMT, font=font, fill=fill, border=True)
                        widths.see(C0 + j, v, fmt_number=True)
                else:
                    c = put(ws, r, C0 + j, cell.text, font=font, fill=fill, border=True,
                            align=WRAP if display_width(cell.text) > LABEL_MAX else None)
                    widths.see(C0 + j, cell.text)
                    if display_width(cell.text) > LABEL_MAX:
                        long_text.append((r, C0 + j, cell.text))
                comment = []
                if cell.edited:
                    e = session.edit_at(t.id, i, j) if session else None
                    who = f"（{e.who} {e.when[:16].replace('T', ' ')}）" if e else ""
                    comment.append(f"提取值：{cell.original}{who}")
                for f in flags.get((i, j), []):
                    comment.append(f"{f.id} {f.rule} {SEVERITY_ZH.get(f.severity, f.severity)}：{f.message}")
                if session:
                    for a in session.annotations_at(t.id, i, j):
                        comment.append(" ".join(x for x in (a.tick or "", a.text) if x))
                if comment:
                    text = _clean("\n".join(comment))
                    c.comment = Comment(text, "AuditDesk", width=320, height=min(400, 40 + 18 * len(comment)))
            if notes:
                self._notes.setdefault(r, []).extend(notes)

        next_col = C0 + ncols
        next_col = self._reperform(ws, t, first, hdr_row, next_col, widths)
        next_col = self._rule_formulas(ws, t, first, hdr_row, next_col, widths)
        for hook in formulas.TABLE_FORMULA_HOOKS:  # e.g. the 绩效自评表 form formulas
            next_col = hook(self, ws, t, first, next_col)
        notes_col = None
        if self._notes:
            notes_col = next_col
            put(ws, hdr_row, next_col, "审计说明", font=BOLD, fill=HEAD_FILL, border=True, align=CENTER)
            for r, ns in self._notes.items():
                put(ws, r, next_col, "；".join(ns), align=WRAP)
                long_text.append((r, next_col, "；".join(ns)))
            self._notes = {}
            next_col += 1
        last_col = next_col - 1
        if t.empty:
            put(ws, first, C0, t.note or "本表无数据")

        first_num = next((j for j in range(ncols) if numeric[j]), 0)
        label_cols = first_num if any(numeric) else min(ncols, 1)  # repeated with 页码 | 审计标识
        if side_by_side:
            label_cols = 0  # the first block's names are not the rows' names beside another block's figures
        ws.freeze_panes = ws.cell(row=first, column=C0 + first_num).coordinate
        widths.fix({1: 6, 2: 9} | ({notes_col: 30} if notes_col else {}))
        for col in range(C0, C0 + ncols):  # label columns stop growing at LABEL_MAX; longer labels wrap
            dim = ws.column_dimensions[get_column_letter(col)]
            if (dim.width or 0) > LABEL_MAX + 2:
                dim.width = LABEL_MAX + 2
        # the heading row wraps: the grid's and the formula columns' names alike
        fit_row(ws, hdr_row, [(ws.cell(row=hdr_row, column=c).value, col_width(ws, c)) for c in range(1, last_col + 1)])
        by_row: dict[int, list[tuple[Any, float]]] = {}
        for r, c, text in long_text:
            by_row.setdefault(r, []).append((text, col_width(ws, c)))
        for r, cells in by_row.items():
            fit_row(ws, r, cells)
        last_row = first + len(t.rows) - 1
        if t.note:
            # the note wraps inside the printed columns: an unwrapped long line would widen the
            # print area (LibreOffice prints the overflow) and shrink every page of the sheet
            last_row = first + len(t.rows) + 1
            note = _NOTE_PREFIX.sub("", t.note.strip())
            put(ws, last_row, 1, f"注：{note}", align=WRAP)
            ws.merge_cells(start_row=last_row, start_column=1, end_row=last_row, end_column=last_col)
            fit_row(ws, last_row, [(f"注：{note}", sum(col_width(ws, c) for c in range(1, last_col + 1)))])
        self.fit_header_block(ws, last_col)
        self.print_setup(ws, self.table_index[t.id], f"{hdr_row}:{hdr_row}",
                         f"A:{get_column_letter(C0 + label_cols - 1)}", last_col)

    def _row_marks(self, tid: str, i: int) -> tuple[list[str], list[str]]:
        if self.session is None:
            return [], []
        ticks: list[str] = []
        notes: list[str] = []
        for a in self.session.annotations.values():
            an = a.anchor
            if an.table_id != tid or an.row != i or a.id in self.session.orphans or an.kind not in ("row", "cell"):
                continue
            if a.tick and a.tick not in ticks:
                ticks.append(a.tick)
            if an.kind == "row" and a.text:
                notes.append(a.text)
        return ticks, notes

    # ---------------------------------------------------------------- re-performance
    def _cell(self, loc: "Location") -> tuple[str, int, int] | None:
        """(table id, row, col) of a table-cell Location (its column index when it has one)."""
        if loc.table is None or loc.row is None:
            return None
        if loc.col is not None:
            key = (loc.table, loc.row, loc.col)
            return key if key in self.coord else None
        return self.cell_of(loc)

    def cell_ref(self, table_id: str, row: int, col: int, from_sheet: str) -> str | None:
        rc = self.coord.get((table_id, row, col))
        if rc is None:
            return None
        sheet = self.table_sheet[table_id]
        prefix = "" if sheet == from_sheet else f"{quote_sheet(sheet)}!"
        return f"{prefix}{get_column_letter(rc[1])}{rc[0]}"

    def write_formula(self, ws: Worksheet, row: int, col: int, formula: str, expected: Decimal,
                      rule: str, kind: str = "rule"):
        cell = put_formula(ws, row, col, formula)
        self.formulas.append(FormulaCheck(ws.title, f"{get_column_letter(col)}{row}", formula, expected, kind, rule))
        return cell

    def expression(self, c: "Comparison", here: str) -> tuple[str, Decimal] | None:
        """The Excel expression (no "=") re-performing `c` from the workbook's cells, and its
        value from the stored figures; None when a term is not in the workbook or the stored
        figure is not the one the rule used."""
        sums: list[tuple[str | None, int, int]] = []
        parts: list[tuple[str, Decimal]] = []
        values: list[Decimal] = []
        for loc, k, v in c.terms:
            if loc.table is not None:
                rc = self._cell(loc)
                if rc is None:
                    return None
                stored = self.stored.get(rc)
                if stored != v and not (stored is None and v is None):
                    return None  # a percent cell, or one the auditor changed after the run
                sr, sc = self.coord[rc]
                sheet = self.table_sheet[rc[0]]
                if k == 1 and c.kind not in ("share", "rate"):
                    sums.append((None if sheet == here else sheet, sr, sc))
                else:
                    parts.append((self.cell_ref(rc[0], rc[1], rc[2], here) or "", k))
                values.append((stored or Decimal(0)) * k)
            else:
                if v is None:
                    return None
                parts.append((formulas.number(v), k))
                values.append(v * k)
        if c.kind in ("share", "rate"):
            if len(parts) != 2 or sums or values[1] == 0:
                return None
            num, den = (formulas.join_terms([p]) for p in parts)
            ratio = values[0] / values[1] * 100
            if c.kind == "share":
                return f"({num})/({den})*100", ratio
            return f"(({num})/({den})-1)*100", ratio - 100
        body = sum_formula(sums)[1:] if sums else None
        return formulas.join_terms(parts, body), sum(values, Decimal(0))

    def _reperform(self, ws: Worksheet, t: Table, first: int, hdr: int, col: int, widths: _Widths) -> int:
        """One formula + difference column pair per (rule, checked column): every comparison
        the rules made on this table, passed or not, beside the printed figure."""
        slots: dict[tuple[str, int, int], int] = {}  # (rule, column, n) → formula column
        taken: dict[tuple[str, int, int], set[int]] = {}
        for c in self.comparisons_by_table.get(t.id, []):
            target = self._cell(c.target)
            made = self.expression(c, ws.title) if target is not None else None
            if target is None or made is None:
                self._unformulated(c.rule, "所涉单元格未写入工作簿或已被修改")
                continue
            expr, value = made
            if c.expected is not None and abs(value - c.expected) > Decimal("0.005"):
                self._unformulated(c.rule, "工作簿中的数与检查所用的数不一致")
                continue
            _tid, i, j = target
            n = 0
            while i in taken.get((c.rule, j, n), set()):
                n += 1
            key = (c.rule, j, n)
            if key not in slots:
                slots[key] = col
                cname = t.columns[j] if j < len(t.columns) else ""
                what = "≤ 上限" if c.kind == "le" else "复算"
                for k, head in enumerate((f"{c.rule} {what}·{cname}", f"{c.rule} 差异·{cname}")):
                    put(ws, hdr, col + k, head, font=BOLD, fill=HEAD_FILL, border=True, align=HEAD_WRAP)
                    widths.see(col + k, "#" * 12)
                col += 2
            taken.setdefault(key, set()).add(i)
            fcol = slots[key]
            r = self.coord[target][0]
            self.write_formula(ws, r, fcol, "=" + expr, value, c.rule, "rule")
            own = f"{get_column_letter(self.coord[target][1])}{r}"
            diff = (self.stored.get(target) or Decimal(0)) - value
            dc = self.write_formula(ws, r, fcol + 1, f"=N({own})-{get_column_letter(fcol)}{r}", diff, c.rule,
                                    "difference")
            bad = diff > 0 if c.kind == "le" else diff != 0
            if bad:
                dc.fill = FILLS[ERROR if abs(diff) > Decimal("0.01") else INFO]
            self._written.setdefault(t.id, set()).add((c.rule, i, j))
        return col

    def _unformulated(self, rule: str, why: str) -> None:
        self.not_written.setdefault(rule, {}).setdefault(why, 0)
        self.not_written[rule][why] += 1

    def _rule_formulas(self, ws: Worksheet, t: Table, first: int, hdr: int, col: int, widths: _Widths) -> int:
        """Sum findings the engine recorded no comparison for (a report built by hand or by an
        older engine) whose addends (Finding.related) are all known cells."""
        done = self._written.get(t.id, set())
        rows: dict[int, tuple["Finding", tuple[str, int, int], list[tuple[str, int, int]]]] = {}
        for f in self.findings_by_table.get(t.id, []):
            target = self.cell_of(f.location, f.actual)
            if target is None or not f.related or f.expected is None:
                continue
            refs = [self.cell_of(loc) for loc in f.related]
            if any(x is None for x in refs):
                continue
            refs_ok = [x for x in refs if x is not None]
            if not all(self.numeric[x[0]][x[2]] for x in [target, *refs_ok]):
                continue  # a code / label column: nothing to add up
            if any(self._unit(x[0]) != t.unit for x in refs_ok):
                continue  # a 元 table against 万元: the formula would not mean the same
            if sum((self.stored.get(x) or Decimal(0)) for x in refs_ok) != f.expected:
                continue  # the engine listed only some addends: do not write a misleading formula
            if (f.rule, target[1], target[2]) in done:
                continue  # already re-performed from the engine's record of the comparison
            rows.setdefault(target[1], (f, target, refs_ok))
        if not rows:
            return col
        put(ws, hdr, col, "规则", font=BOLD, fill=HEAD_FILL, border=True, align=CENTER)
        put(ws, hdr, col + 1, "规则复算", font=BOLD, fill=HEAD_FILL, border=True, align=CENTER)
        put(ws, hdr, col + 2, "差异", font=BOLD, fill=HEAD_FILL, border=True, align=CENTER)
        for i, (f, target, refs) in rows.items():
            put(ws, first + i, col, f"{f.id} {f.rule}·{target and self._colname(target)}")
            self._sum_and_diff(ws, t, i, target[2],
                               [(self.table_sheet[x[0]] if x[0] != t.id else None, x[0], x[1], x[2]) for x in refs],
                               col + 1, col + 2, "rule", f.rule)
        widths.see(col, "F0000 A00·" + max((self._colname(v[1]) for v in rows.values()), key=len))
        widths.see(col + 1, "规则复算" + " " * 8)
        return col + 3

    def _colname(self, rc: tuple[str, int, int]) -> str:
        t = self.doc.table_by_id(rc[0])
        return t.columns[rc[2]] if t and rc[2] < len(t.columns) else ""

    def _unit(self, tid: str) -> str | None:
        t = self.doc.table_by_id(tid)
        return t.unit if t else None

    def _sum_and_diff(self, ws: Worksheet, t: Table, i: int, j: int,
                      refs: list[tuple[str | None, str, int, int]], fcol: int, dcol: int, kind: str,
                      rule: str = "") -> None:
        """Formula Σ refs at (row i, fcol) and printed − Σ at dcol, with AuditDesk's figures."""
        r = self.coord[(t.id, i, j)][0]
        sheet_refs = []
        total = Decimal(0)
        for sheet, tid, rr, cc in refs:
            if (tid, rr, cc) not in self.coord:
                return
            sr, sc = self.coord[(tid, rr, cc)]
            sheet_refs.append((sheet, sr, sc))
            total += self.stored.get((tid, rr, cc)) or Decimal(0)
        formula = sum_formula(sheet_refs)
        put_formula(ws, r, fcol, formula)
        name = ws.title
        self.formulas.append(FormulaCheck(name, f"{get_column_letter(fcol)}{r}", formula, total, kind, rule))
        printed = self.stored.get((t.id, i, j)) or Decimal(0)
        own = f"{get_column_letter(self.coord[(t.id, i, j)][1])}{r}"
        diff_formula = f"=N({own})-{get_column_letter(fcol)}{r}"
        dc = put_formula(ws, r, dcol, diff_formula)
        diff = printed - total
        if diff != 0:
            dc.fill = FILLS[ERROR]
        self.formulas.append(FormulaCheck(name, f"{get_column_letter(dcol)}{r}", diff_formula, diff, "difference",
                                          rule))
        self._written.setdefault(t.id, set()).add((rule, i, j))

    # ---------------------------------------------------------------- 封面
    def cover(self, ws: Worksheet, sheets: list[tuple[str, str, str, str]]) -> None:
        h = self.h
        put(ws, 1, 1, "审计工作底稿", font=Font(name=FONT_NAME, bold=True, size=16))
        ws.merge_cells("A1:D1")
        put(ws, 2, 1, f"{self.doc.department or ''}{self.doc.year or ''}年度{self.doc.kind or '决算'}公开")
        ws.merge_cells("A2:D2")
        counts = self.report.counts()
        ran = [c.rule for c in self.report.coverage if c.status == RAN]
        skipped = [c.rule for c in self.report.coverage if c.status == SKIPPED]
        not_applicable = [c.rule for c in self.report.coverage if c.status == NOT_APPLICABLE]
        status_counts: dict[str, int] = {}
        if self.session is not None:
            for f in self.report.findings:
                st = self.session.status_of(f)
                k = st.status if st else PENDING
                status_counts[k] = status_counts.get(k, 0) + 1
        fields = [
            ("被审计单位", h.unit),
            ("审计事项", h.matter),
            ("期间", h.period),
            ("索引号及页次", f"{h.index_no or '（未编）'}　共 {len(sheets)} 个工作表"),
            ("编制人员及日期", h.preparer),
            ("复核人员及日期", h.reviewer),
            ("审计结论", h.conclusion),
            ("审计过程", f"AuditDesk 自动提取 {len(self.doc.tables)} 张表，执行 {len(ran)} 条规则；"
                        f"发现 错误 {counts.get(ERROR, 0)} 项、核实 {counts.get(WARNING, 0)} 项、"
                        f"提示 {counts.get(INFO, 0)} 项" + (
                            "；审核状态：" + "、".join(f"{k} {v}" for k, v in status_counts.items())
                            if status_counts else "")),
            # "no finding" must never read as "checked and clean": what was not checked is named
            ("未检查规则", (f"{len(skipped)} 条未检查（缺少所需表格或数据）：{'、'.join(skipped)}"
                          if skipped else "无：所有适用规则均已执行")
                         + (f"；{len(not_applicable)} 条不适用：{'、'.join(not_applicable)}" if not_applicable else "")
                         + "（详见“检查覆盖”）"),
            ("来源文件", os.path.basename(self.doc.path)),
            *([("所含公开", f"本文件含 {len(self.doc.units)} 份公开，已分别检查、互不比对："
                        + "；".join(f"第{u.first}–{u.last}页" + (f" {u.department}" if u.department else "")
                                   + (f"（{u.kind}）" if u.kind else "") for u in self.doc.units))]
              if len(self.doc.units) > 1 else []),
            ("SHA-256", self.doc.sha256),
            ("生成时间", datetime.now().astimezone().strftime("%Y-%m-%d %H:%M") + f"（AuditDesk {_version()}）"),
        ]
        widths = {"A": 16.0, "B": 24, "C": 24, "D": 12}
        value_width = widths["B"] + widths["C"] + widths["D"]
        r = 4
        for label, value in fields:
            put(ws, r, 1, label, font=BOLD, border=True, fill=HEAD_FILL, align=TOP)
            put(ws, r, 2, value, border=True, align=WRAP,
                fill=FILLS[WARNING] if label == "未检查规则" and skipped else None)
            for c in (3, 4):  # borders on the merged cells too (printed as one box)
                ws.cell(row=r, column=c).border = BORDER
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
            fit_row(ws, r, [(label, widths["A"]), (value, value_width)])
            r += 1
        r += 1
        put(ws, r, 1, "工作表目录", font=BOLD)
        r += 1
        for c, label in enumerate(("索引号", "工作表", "内容", "来源页"), start=1):
            put(ws, r, c, label, font=BOLD, fill=HEAD_FILL, border=True)
        for index_no, sheet, what, pages in sheets:
            r += 1
            # the link on the 索引号 (the paper's cross-reference): a cell holding a link is not
            # wrapped when LibreOffice prints it, and a sheet's name runs over the 内容 column
            internal_link(put(ws, r, 1, index_no, border=True, align=WRAP), sheet)
            put(ws, r, 2, sheet, border=True, align=WRAP)
            put(ws, r, 3, what, border=True, align=WRAP)
            put(ws, r, 4, pages, border=True, align=WRAP)
            fit_row(ws, r, [(index_no, widths["A"]), (sheet, widths["B"]), (what, widths["C"]),
                            (pages, widths["D"])])
        for letter, w in widths.items():
            ws.column_dimensions[letter].width = w
        self.print_setup(ws, h.index_no or "封面")

    # ---------------------------------------------------------------- 问题清单
    # (heading, print width, wraps): what a reviewer reads first comes first; the audit-trail
    # columns and the long 依据 follow, on a second band of pages when printed
    FINDINGS_COLUMNS = (
        ("编号", 6, False), ("索引号", 9, True), ("规则", 11, True), ("严重程度", 5, True),
        ("说明", 30, True), ("表格", 12, True), ("行", 11, True), ("列", 8, True), ("本方数值", 11, False),
        ("对方数值（应为）", 11, False), ("差异", 9, False), ("页码", 4, False), ("证据", 6, False),
        ("审核状态", 8, True), ("审核意见", 16, True), ("排除理由", 16, True), ("处理人", 8, True),
        ("处理时间", 11, True), ("批注", 20, True), ("依据", 50, True),
    )

    def findings_sheet(self, ws: Worksheet) -> None:
        heads = [h for h, _w, _wrap in self.FINDINGS_COLUMNS]
        col = {h: i + 1 for i, h in enumerate(heads)}
        idx_w = _sheet_index(self.h.index_no, "W")
        hdr = self.header_block(ws, "问题清单", idx_w,
                                "本方数值 = 表中所列数；对方数值 = 复算数或对方表数；差异 = 本方 − 对方；"
                                "证据 = 原文截图（“证据”表）", len(heads))
        for c, label in enumerate(heads, start=1):
            put(ws, hdr, c, label, font=BOLD, fill=HEAD_FILL, border=True, align=HEAD_WRAP)
        for c, (_h, w, _wrap) in enumerate(self.FINDINGS_COLUMNS, start=1):
            ws.column_dimensions[get_column_letter(c)].width = w
        fit_row(ws, hdr, [(h, w) for h, w, _wrap in self.FINDINGS_COLUMNS])
        r = hdr
        for f in self.report.findings:
            r += 1
            loc = f.location
            t = self.doc.table_by_id(loc.table) if loc.table else None
            rc = self.cell_of(loc, f.actual)
            coord = self.sheet_coord(*rc) if rc else None
            sheet = self.table_sheet.get(loc.table or "")
            idx = self.table_index.get(loc.table or "", "")
            st = self.session.status_of(f) if self.session else None
            rule, basis = _rule_text(self.rules, f.rule)
            notes = ""
            if self.session is not None:
                notes = "；".join(" ".join(x for x in (a.tick or "", a.text) if x)
                                 for a in self.session.annotations_for_finding(f.key_str))
            row_label = loc.row_label
            if row_label is None and t is not None and loc.row is not None and loc.row < len(t.rows):
                row_label = t.rows[loc.row].label
            values = {
                "编号": f.id, "索引号": f"{idx} {coord}" if coord else idx, "规则": rule,
                "严重程度": SEVERITY_ZH.get(f.severity, f.severity),
                "表格": t.title if t else ("情况说明" if loc.narrative is not None else ""),
                "行": row_label or (loc.text if loc.narrative is not None else ""), "列": loc.column or "",
                "本方数值": f.actual, "对方数值（应为）": f.expected, "差异": f.difference, "页码": loc.page,
                "说明": f.message, "证据": None,
                "审核状态": st.status if st else PENDING, "审核意见": st.comment if st else "",
                "排除理由": st.reason if st else "", "处理人": st.who if st else "",
                "处理时间": (st.when[:16].replace("T", " ") if st and st.when else ""), "批注": notes,
                "依据": basis,
            }
            for c, (h, _w, wrap) in enumerate(self.FINDINGS_COLUMNS, start=1):
                v = values[h]
                num = isinstance(v, Decimal)
                put(ws, r, c, v, fmt=NUM_FMT if num else None, border=True, align=WRAP if wrap else TOP)
            fit_row(ws, r, [(values[h], w) for h, w, wrap in self.FINDINGS_COLUMNS if wrap])
            ws.cell(row=r, column=col["严重程度"]).fill = FILLS.get(f.severity, HEAD_FILL)
            if sheet:
                target = coord or "A1"
                for h in ("编号", "索引号", "表格"):
                    internal_link(ws.cell(row=r, column=col[h]), sheet, target)
            if f.id in self._evidence_rows:  # the crop of the printed figure, on 证据
                ev = ws.cell(row=r, column=col["证据"], value="截图")
                internal_link(ev, EVIDENCE, f"D{self._evidence_rows[f.id]}")
            self._finding_rows[f.id] = r
        if not self.report.findings:
            put(ws, hdr + 1, 1, "未发现问题（见“检查覆盖”了解已执行与跳过的规则）")
        ws.freeze_panes = ws.cell(row=hdr + 1, column=2).coordinate
        ws.auto_filter.ref = f"A{hdr}:{get_column_letter(len(heads))}{max(r, hdr + 1)}"
        self.fit_header_block(ws)
        self.print_setup(ws, idx_w, f"{hdr}:{hdr}", "A:A")

    # ---------------------------------------------------------------- 情况说明复算
    NARRATIVE_COLUMNS = (("规则", 6), ("页码", 5), ("情况说明原文", 44), ("印出数", 11), ("复算（公式）", 12),
                         ("差异", 10), ("口径", 12))
    KIND_ZH = {"sum": "金额（万元）", "le": "金额（万元，明细之和 ≤ 印出数）", "share": "比率（%）", "rate": "增减率（%）",
               "pct_sum": "占比合计（%）"}

    def narrative_sheet(self, ws: Worksheet) -> None:
        """Each figure the rules read in the 情况说明, beside a formula re-performing it from
        the table cells (or from the other figures the text prints)."""
        idx = _sheet_index(self.h.index_no, "N")
        heads = self.NARRATIVE_COLUMNS
        hdr = self.header_block(ws, "情况说明复算", idx, "印出数 = 情况说明所列数（金额折合万元）；复算 = 由表中单元格"
                                                       "（或说明所列其他数）重新计算；差异 = 印出数 − 复算", len(heads))
        for c, (label, w) in enumerate(heads, start=1):
            put(ws, hdr, c, label, font=BOLD, fill=HEAD_FILL, border=True, align=HEAD_WRAP)
            ws.column_dimensions[get_column_letter(c)].width = w
        r = hdr
        for c in sorted(self.text_comparisons, key=lambda c: (c.target.narrative or 0, c.rule)):
            made = self.expression(c, ws.title)
            if made is None or c.actual is None:
                self._unformulated(c.rule, "所涉单元格未写入工作簿或已被修改")
                continue
            expr, value = made
            r += 1
            text = c.target.text or ""
            vals = (c.rule, c.target.page, text, c.actual)
            for k, v in enumerate(vals, start=1):
                put(ws, r, k, v, border=True, align=WRAP if k == 3 else TOP,
                    fmt=NUM_FMT if isinstance(v, Decimal) else None)
            self.write_formula(ws, r, 5, "=" + expr, value, c.rule, "rule")
            diff = c.actual - value
            dc = self.write_formula(ws, r, 6, f"=D{r}-E{r}", diff, c.rule, "difference")
            if (diff < 0) if c.kind == "le" else abs(diff) > Decimal("0.01"):  # le: Σ listed ≤ printed
                dc.fill = FILLS[ERROR]
            put(ws, r, 7, self.KIND_ZH.get(c.kind, c.kind), border=True, align=WRAP)
            fit_row(ws, r, [(text, heads[2][1])])
        ws.freeze_panes = ws.cell(row=hdr + 1, column=3).coordinate
        self.fit_header_block(ws)
        self.print_setup(ws, idx, f"{hdr}:{hdr}", "A:B")

    # ---------------------------------------------------------------- 证据
    EVIDENCE_COLUMNS = (("编号", 7), ("页码", 5), ("说明", 28), ("原文截图（红框为所涉数字）", 66), ("原文", 9))
    EVIDENCE_PX = 460  # shown width of a crop: column D in Excel (66 × 7 px + padding)

    def _boxes(self, loc: "Location"):
        """(figure box, row box) on the page for a finding's location: the cell as printed
        (its own box, or the row band × the column's x-range) and its table row."""
        from auditdesk.app.places import location_place

        row_box = None
        if loc.table is not None and loc.row is not None:
            t = self.doc.table_by_id(loc.table)
            if t is not None and 0 <= loc.row < len(t.rows):
                row_box = t.rows[loc.row].bbox
        place = location_place(self.doc, loc)
        figure = place[1] if place is not None and place[0] == loc.page else loc.bbox
        return figure, row_box

    def evidence_sheet(self, ws: Worksheet) -> None:
        """Per finding: the PDF region of the printed figure and its row (and of the other side's
        figure when it is printed elsewhere), and a link opening the PDF at that page."""
        idx = _sheet_index(self.h.index_no, "E")
        heads = self.EVIDENCE_COLUMNS
        hdr = self.header_block(ws, "证据", idx, "原文截图为所涉数字所在的行（红框为该数字）；“打开”在支持的 PDF "
                                               "阅读器中直接打开原文该页", len(heads))
        for c, (label, w) in enumerate(heads, start=1):
            put(ws, hdr, c, label, font=BOLD, fill=HEAD_FILL, border=True, align=HEAD_WRAP)
            ws.column_dimensions[get_column_letter(c)].width = w
        shots = evidence.EvidenceRenderer(self.doc.path)
        r = hdr
        try:
            for f in self.report.findings:
                places = [("", f.location)]
                # the other side, when it is printed elsewhere: another table's figure (B rules) or
                # the table figure a narrative sentence restates (C rules); addends of a sum are
                # the same table's rows, already on the crop's sheet
                other = next((x for x in f.related if x.page and x.table is not None
                              and x.table != f.location.table), None)
                if other is not None:
                    places.append(("对方数", other))
                for what, loc in places:
                    if not loc.page:
                        continue
                    r += 1
                    if not what:
                        self._evidence_rows[f.id] = r
                    text = f"{what}：{loc.row_label or ''}".strip("：") if what else f.message
                    put(ws, r, 1, f.id, border=True, align=TOP)
                    put(ws, r, 2, loc.page, border=True, align=TOP)
                    put(ws, r, 3, text, border=True, align=WRAP)
                    crop = shots.crop(loc.page, *self._boxes(loc))
                    link = put(ws, r, 5, f"打开第{loc.page}页", border=True, align=TOP)
                    link.hyperlink = evidence.pdf_link(self.doc.path, loc.page)
                    link.font = LINK_FONT
                    cell = put(ws, r, 4, None if crop else "（无截图：原文不可读或无位置）", border=True, align=TOP)
                    height = wrapped_lines(text, heads[2][1]) * LINE_PT + ROW_PAD_PT
                    if crop is not None:
                        img = evidence.image_for_sheet(crop, self.EVIDENCE_PX)
                        ws.add_image(img, cell.coordinate)
                        self.crops += 1
                        height = max(height, img.height * 0.75 + 6)
                    ws.row_dimensions[r].height = min(MAX_ROW_PT, height)
        finally:
            shots.close()
        ws.freeze_panes = ws.cell(row=hdr + 1, column=2).coordinate
        self.fit_header_block(ws)
        self.print_setup(ws, idx, f"{hdr}:{hdr}", "A:B")

    # ---------------------------------------------------------------- 公开情况检查表
    CHECKLIST_WIDTHS = (9.0, 16.0, 40.0, 8.0, 64.0)  # 137 units: landscape at ≥ 80 %, one band
    CHECKLIST_PX = 440  # shown width of a crop: column E in Excel (64 × 7 px)

    def checklist_sheet(self, ws: Worksheet) -> int:
        """The filled 公开情况检查表 — the same rows, 是/否 and crops as `--checklist` (default
        template by the document's kind and level; the session's overrides) under this
        workbook's header block. Returns the number of rows 不符合要求."""
        from copy import copy

        from auditdesk.app import checklist_xlsx as cx
        from auditdesk.checks.vocabulary import VERDICT_NO

        filled = cx.checklist_for(self.doc, self.report, self.session)
        tpl = filled.template
        idx = _sheet_index(self.h.index_no, "K")
        extra = (f"{tpl.name_label}：{filled.department or ''}；{tpl.url_label}：　　"
                 f"“{tpl.verdict_header}”按检查结果判定（{VERDICT_NO} = 有问题），问题截图在表下方")
        hdr = self.header_block(ws, filled.title or CHECKLIST, idx, extra, len(self.CHECKLIST_WIDTHS))
        cropper = cx.Cropper(filled.sources)
        try:
            last = cx._fill_sheet(ws, filled, cropper, head_row=hdr, own_title=False,
                                  widths=self.CHECKLIST_WIDTHS, crop_px=self.CHECKLIST_PX, link_col=2)
        finally:
            cropper.close()
        # this workbook's conventions: every cell names its font, nothing under the body size
        for row in ws.iter_rows(min_row=hdr, max_row=last, max_col=5):
            for cell in row:
                if cell.hyperlink is not None:
                    cell.font = LINK_FONT  # the row's link to its crops, as on 问题清单
                    continue
                f = cell.font
                if f.name != FONT_NAME or (f.sz or 0) < BASE_PT:
                    nf = copy(f)
                    nf.name, nf.sz = FONT_NAME, max(f.sz or 0, BASE_PT)
                    cell.font = nf
        self.fit_header_block(ws)
        self.print_setup(ws, idx, f"{hdr}:{hdr}", "A:B", last_col=5)
        return sum(1 for x in filled.rows if x.verdict == tpl.no)

    # ---------------------------------------------------------------- legend, log, coverage
    def legend_sheet(self, ws: Worksheet) -> None:
        hdr = self.header_block(ws, "审计标识说明", _sheet_index(self.h.index_no, "L"), width=3)
        legend = self.session.tick_legend if self.session else _default_legend()
        used: dict[str, int] = {}
        if self.session:
            for a in self.session.annotations.values():
                if a.tick:
                    used[a.tick] = used.get(a.tick, 0) + 1
        for c, label in enumerate(("标识", "含义", "使用次数"), start=1):
            put(ws, hdr, c, label, font=BOLD, fill=HEAD_FILL, border=True, align=CENTER)
        r = hdr
        for mark, meaning in legend:
            r += 1
            put(ws, r, 1, mark, border=True, align=CENTER)
            put(ws, r, 2, meaning, border=True)
            put(ws, r, 3, used.get(mark, 0), border=True)
        r += 2
        put(ws, r, 1, "单元格底色", font=BOLD)
        for sev in (ERROR, WARNING, INFO):
            r += 1
            put(ws, r, 1, "", fill=FILLS[sev], border=True)
            put(ws, r, 2, f"{SEVERITY_ZH[sev]}：检查发现的{SEVERITY_ZH[sev]}事项所在单元格")
        r += 1
        put(ws, r, 1, "斜体蓝字", font=EDITED_FONT, border=True)
        put(ws, r, 2, "审计人员修改过的数值（批注中保留提取值）")
        r += 1
        put(ws, r, 1, "=SUM()", fill=FORMULA_FILL, border=True)
        put(ws, r, 2, "复算公式（实时计算），旁列为 表列数 − 复算数 的差异")
        ws.column_dimensions["A"].width = 16
        ws.column_dimensions["B"].width = 44
        ws.column_dimensions["C"].width = 10
        self.fit_header_block(ws)
        self.print_setup(ws, _sheet_index(self.h.index_no, "L"))

    LOG_COLUMNS = (("时间", 15), ("操作人", 7), ("操作", 9), ("位置（表 / 行 / 列）", 32), ("单元格", 11),
                   ("相关问题", 9), ("原值", 11), ("新值", 11), ("说明", 22))

    def _log_place(self, anchor, logged: str) -> tuple[str, str | None, str | None, str]:
        """(printed place, table id, sheet coordinate, F-ids) of a logged anchor: the table's
        printed row and column names (side-by-side blocks told apart) and this workbook's
        finding ids — never the session's internal keys."""
        from auditdesk.app import places
        from auditdesk.app.session import FINDING, REGION, resolve_anchor

        if anchor is None:
            return logged, None, None, ""
        if anchor.kind == FINDING:
            f = self._finding_by_key.get(anchor.finding or "")
            if f is None:
                rule, tid, row_label, column, _n = ((anchor.finding or "").split("|") + [""] * 5)[:5]
                t = self.doc.table_by_id(tid) if tid else None
                where = " / ".join(p for p in ((t.title if t else tid), row_label, column) if p)
                return f"问题 {rule} {where}（本次检查未再发现）".strip(), None, None, ""
            rc = self._cell(f.location)
            coord = self.sheet_coord(*rc) if rc else None
            return (f"问题 {f.id}（{f.rule} {places.location_name(self.doc, f.location)}）",
                    rc[0] if rc else None, coord, f.id)
        if anchor.kind == REGION:
            return anchor.describe(), None, None, ""
        t, i, j, why = resolve_anchor(self.doc, anchor)
        if t is None or i is None or why is not None:
            return anchor.describe() + "（位置已不存在）", None, None, ""
        name = places.cell_name(t, i, j)
        coord = self.sheet_coord(t.id, i, j) if j is not None else None
        if j is None and (t.id, i, 0) in self.coord:
            coord = f"A{self.coord[(t.id, i, 0)][0]}"  # a row: its first cell on the sheet
        ids = self._findings_at.get((t.id, i, j), []) if j is not None else [
            fid for (tid, ii, _jj), fl in self._findings_at.items() if tid == t.id and ii == i for fid in fl]
        return name, t.id, coord, "、".join(dict.fromkeys(ids))

    def log_sheet(self, ws: Worksheet) -> None:
        """The session's edit log, annotations and open conflicts, places printed as the
        tables print them, each with its cell on this workbook's sheet (linked) and the
        findings on it by F-id."""
        idx = _sheet_index(self.h.index_no, "M")
        heads = self.LOG_COLUMNS
        hdr = self.header_block(ws, "修改记录", idx, width=len(heads))
        for c, (label, w) in enumerate(heads, start=1):
            put(ws, hdr, c, label, font=BOLD, fill=HEAD_FILL, border=True, align=HEAD_WRAP)
            ws.column_dimensions[get_column_letter(c)].width = w
        self._finding_by_key = {f.key_str: f for f in self.report.findings}
        self._findings_at: dict[tuple[str, int, int | None], list[str]] = {}
        for f in self.report.findings:
            rc = self._cell(f.location)
            if rc is not None:
                self._findings_at.setdefault(rc, []).append(f.id)
        r = hdr
        s = self.session

        def line(when, who, action, anchor, logged, old, new, detail, fill=None, entry=None):
            nonlocal r
            r += 1
            place, tid, coord, ids = self._log_place(anchor, logged)
            if entry is not None and hasattr(s, "log_place") and not ids:
                # the session names its own entries (one wording); a finding keeps this
                # workbook's F-id, which the session knows only when it was given the report
                place = s.log_place(entry)
            vals = ((when or "")[:19].replace("T", " "), who, action, place, coord or "", ids, old, new, detail)
            for c, v in enumerate(vals, start=1):
                put(ws, r, c, v, border=True, align=WRAP, fill=fill)
            if coord and tid in self.table_sheet:
                internal_link(ws.cell(row=r, column=5), self.table_sheet[tid], coord)
            fit_row(ws, r, [(v, w) for v, (_h, w) in zip(vals, heads)])

        if s is None:
            put(ws, r + 1, 1, "未使用审核会话：表格为提取原值")
            r += 1
        else:
            for e in s.log:
                line(e.when, e.who, e.action_zh, e.anchor, e.target, e.old, e.new, e.detail, entry=e)
            if s.conflicts:
                r += 2
                put(ws, r, 1, "未能套用的修改（冲突）", font=BOLD)
                for cf in s.conflicts:
                    line(cf.edit.when, cf.edit.who, "冲突", cf.edit.anchor, cf.edit.anchor.describe(),
                         cf.edit.old, cf.edit.new, cf.message, FILLS[WARNING])
            if s.annotations:
                r += 2
                put(ws, r, 1, "批注清单", font=BOLD)
                for a in s.annotations.values():
                    note = a.updated and f"修改于 {a.updated[:16]}"
                    if a.id in s.orphans:
                        note = "；".join(p for p in ("位置已不存在", note) if p)
                    line(a.when, a.who, "批注", a.anchor, a.anchor.describe(), a.tick or "", a.text, note)
        ws.freeze_panes = ws.cell(row=hdr + 1, column=1).coordinate
        self.fit_header_block(ws)
        self.print_setup(ws, idx, f"{hdr}:{hdr}", "A:A")

    COVERAGE_COLUMNS = (("规则", 6), ("名称", 24), ("依据", 30), ("状态", 7), ("说明", 18), ("发现数", 5),
                        ("复算公式", 26))

    def reperformed(self, rule: str) -> str:
        """How a rule that ran is re-performed in this workbook, in a sentence."""
        n = sum(1 for f in self.formulas if f.rule == rule and f.kind in ("rule", "form"))
        parts = []
        if n:
            parts.append(f"{n} 个公式")
        for why, k in self.not_written.get(rule, {}).items():
            parts.append(f"{k} 处未写公式：{why}")
        if rule in formulas.NOT_A_FORMULA:
            parts.append(formulas.NOT_A_FORMULA[rule])
        elif not n and rule in formulas.FORMULA_PENDING:
            parts.append(formulas.FORMULA_PENDING[rule])
        return "；".join(parts) or "本文档中无可比较的数"

    def coverage_sheet(self, ws: Worksheet) -> None:
        idx = _sheet_index(self.h.index_no, "C")
        hdr = self.header_block(ws, "检查覆盖", idx, "每条规则均列出：" + " / ".join(COVERAGE_ZH.values()) +
                                "（及原因）——未发现问题不等于已检查", width=len(self.COVERAGE_COLUMNS))
        for c, (label, w) in enumerate(self.COVERAGE_COLUMNS, start=1):
            put(ws, hdr, c, label, font=BOLD, fill=HEAD_FILL, border=True, align=HEAD_WRAP)
            ws.column_dimensions[get_column_letter(c)].width = w
        per_rule: dict[str, int] = {}
        for f in self.report.findings:
            per_rule[f.rule] = per_rule.get(f.rule, 0) + 1
        rows = [(c.rule, c.status, c.why) for c in self.report.coverage]
        seen = {c[0] for c in rows}
        rows += [(rid, "", "本次未运行") for rid in sorted(self.rules) if rid not in seen]
        r = hdr
        for rid, status, why in rows:
            r += 1
            rule = self.rules.get(rid)
            name = getattr(rule, "name", "") if rule else ""
            basis = getattr(rule, "basis", "") if rule else ""
            vals = (rid, name, basis, COVERAGE_ZH.get(status, status or "未记录"), why, per_rule.get(rid, 0),
                    self.reperformed(rid) if status == RAN else "")
            for c, v in enumerate(vals, start=1):
                put(ws, r, c, v, border=True, align=WRAP)
            fit_row(ws, r, [(v, w) for v, (_label, w) in zip(vals, self.COVERAGE_COLUMNS)])
            if status != RAN:
                ws.cell(row=r, column=4).fill = FILLS[WARNING]
        ws.freeze_panes = ws.cell(row=hdr + 1, column=2).coordinate
        self.fit_header_block(ws)
        self.print_setup(ws, idx, f"{hdr}:{hdr}", "A:A")

    # ---------------------------------------------------------------- all
    def run(self, progress: Callable[[float, str], None]) -> WorkpaperResult:
        cover = self.wb.active
        cover.title = COVER
        fws = self.wb.create_sheet(FINDINGS)
        n = max(1, len(self.doc.tables))
        for t in self.doc.tables:
            self.layout(t)
        for k, t in enumerate(self.doc.tables):
            progress(0.05 + 0.75 * k / n, f"写入 {t.title}")
            self.table_sheet_(t)
        extra: list[str] = []
        if self.text_comparisons:
            self.narrative_sheet(self.wb.create_sheet(NARRATIVE))
            extra.append(NARRATIVE)
        if any(f.location.page for f in self.report.findings):
            progress(0.78, "证据截图")
            self.evidence_sheet(self.wb.create_sheet(EVIDENCE))
            extra.append(EVIDENCE)
        progress(0.85, "问题清单")
        self.findings_sheet(fws)
        progress(0.87, "公开情况检查表")
        failing = self.checklist_sheet(self.wb.create_sheet(CHECKLIST))
        self.legend_sheet(self.wb.create_sheet(LEGEND))
        self.log_sheet(self.wb.create_sheet(EDIT_LOG))
        self.coverage_sheet(self.wb.create_sheet(COVERAGE))
        base = self.h.index_no
        finding_pages = sorted({f.location.page for f in self.report.findings if f.location.page})
        listing = [(_sheet_index(base, "W"), FINDINGS, f"问题清单（{len(self.report.findings)} 项）",
                    _pages_text(finding_pages)),
                   (_sheet_index(base, "K"), CHECKLIST, f"公开情况检查表（{failing} 行不符合要求）", "")]
        for t in self.doc.tables:
            listing.append((self.table_index[t.id], self.table_sheet[t.id],
                            f"{t.label or ''} {t.title}".strip(), _pages_text(t.pages)))
        if NARRATIVE in extra:
            listing.append((_sheet_index(base, "N"), NARRATIVE, "情况说明所列金额、占比、增减率的复算公式",
                            _pages_text(sorted({c.target.page for c in self.text_comparisons if c.target.page}))))
        if EVIDENCE in extra:
            listing.append((_sheet_index(base, "E"), EVIDENCE, f"问题的原文截图与链接（{self.crops} 张截图）",
                            _pages_text(finding_pages)))
        listing += [(_sheet_index(base, "L"), LEGEND, "审计标识与底色说明", ""),
                    (_sheet_index(base, "M"), EDIT_LOG, "审计人员修改、撤销/重做、批注记录", ""),
                    (_sheet_index(base, "C"), COVERAGE, "规则执行情况", "")]
        self.cover(cover, listing)
        # the table sheets after 问题清单, the fixed ones at the end
        order = ([COVER, FINDINGS, CHECKLIST] + [self.table_sheet[t.id] for t in self.doc.tables] + extra
                 + [LEGEND, EDIT_LOG, COVERAGE])
        self.wb._sheets = [self.wb[name] for name in order]
        self.wb.active = 0
        progress(0.9, "保存")
        _save_atomic(self.wb, self.path)
        progress(1.0, "完成")
        return WorkpaperResult(self.path, order, dict(self.table_sheet), self.formulas, not_written=self.not_written,
                               crops=self.crops)


def _pages_text(pages) -> str:
    """"第3–5、9页": the PDF pages a sheet comes from, runs collapsed."""
    runs = _runs([p for p in pages if p])
    if not runs:
        return ""
    return "第" + "、".join(str(a) if a == b else f"{a}–{b}" for a, b in runs) + "页"


def _default_legend() -> list[tuple[str, str]]:
    from auditdesk.app.session import DEFAULT_TICK_LEGEND

    return list(DEFAULT_TICK_LEGEND)


def _version() -> str:
    try:
        from auditdesk import __version__

        return __version__
    except Exception:  # pragma: no cover
        return ""


def _save_atomic(wb: Workbook, path: Path) -> None:
    """Save beside the target and rename, so a failed export never leaves half a file."""
    import tempfile

    from auditdesk.app.atomic_file import clean_stale_temps

    path.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(path)
    # created exclusively under an unguessable name: a planted symlink is never written through
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.lexists(tmp):
            tmp.unlink()


def write_workpaper(doc: Document, report: "CheckReport", session: "ReviewSession | None",
                    path: str | os.PathLike[str], progress: Any = None) -> WorkpaperResult:
    """Write the 审计工作底稿 for `doc` to `path` (.xlsx). No Qt; < 1 s for a 30-page document.

    `session` (a ReviewSession, a LoadResult holding one, or None) supplies edits, annotations, statuses, names and the header
    fields; `progress` is a callable ``(frac, text)`` or an object with ``report(frac, text)``.
    """
    t0 = time.perf_counter()
    if session is not None and not hasattr(session, "header"):
        session = getattr(session, "session", None)  # a LoadResult from apply_session_to_document
    result = _Writer(doc, report, session, Path(path)).run(reporter(progress))
    result.seconds = time.perf_counter() - t0
    return result


__all__ = ["write_workpaper", "WorkpaperResult", "FormulaCheck", "sheet_name_for", "display_width",
           "sum_formula", "FIXED_SHEETS"]
