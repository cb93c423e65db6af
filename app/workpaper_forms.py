"""绩效自评表 sheets of the working paper: live formulas re-performing 执行率, 得分, 结转结余 and
总分 beside the printed figures, so a reviewer can see (and Excel recalculates) each one.

Registered in `workpaper_formulas.TABLE_FORMULA_HOOKS` (called for every table sheet, acts on
form tables only); it reads the figures with the
same model the E rules use (`parsing.performance_forms`), so every formula re-performs exactly
the relation a finding is about.  Each formula is returned as a `FormulaCheck` with the value
AuditDesk computed, for the LibreOffice recalculation test.
"""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from auditdesk.app.workpaper_formulas import TABLE_FORMULA_HOOKS
from auditdesk.parsing.model import Table
from auditdesk.parsing.performance_forms import TARGETS, FormValue, PerformanceForm, norm, read_form

if TYPE_CHECKING:
    from auditdesk.app.workpaper_formulas import FormulaSink

HUNDRED = Decimal(100)


def rate_factor(f: PerformanceForm, fv: FormValue) -> Decimal:
    """What the stored 执行率 cell is multiplied by to give percent points: a cell printed with
    % is stored as a fraction (×100), 0.8626 printed as a fraction (×100), 96.53 under
    “执行率 %” (×1)."""
    from auditdesk.checks.rules.performance import rate_percent

    if fv.percent:
        return HUNDRED
    bu, ex = f.get("budget"), f.get("exec")
    _pts, fraction = rate_percent(f, fv, bu.value if bu else None, ex.value if ex else None,
                                  norm(f.budget_labels.get("rate", "")))
    return HUNDRED if fraction else Decimal(1)


def form_formula_hook(writer: "FormulaSink", ws: Worksheet, t: Table, first: int, col: int) -> int:
    """`workpaper_formulas.TABLE_FORMULA_HOOKS` entry: the form sheets' re-performing columns."""
    if t.kind != "form":
        return col

    def coord(i: int, j: int) -> tuple[int, int] | None:
        ref = writer.cell_ref(t.id, i, j, ws.title)
        if ref is None:
            return None
        letters, row = coordinate_from_string(ref.split("!")[-1])
        return row, column_index_from_string(letters)

    def write(r: int, c: int, formula: str, expected: Decimal, rule: str):
        return writer.write_formula(ws, r, c, formula, expected, rule, kind="form")

    return write_form_formulas(ws, t, coord, write, first - 1, col)


def write_form_formulas(ws: Worksheet, t: Table, coord: Callable[[int, int], tuple[int, int] | None],
                        write: Callable[..., Any], hdr_row: int, col: int) -> int:
    """Re-perform the form's relations from column `col` on; returns the next free column.

    `coord(row, col)` → (sheet row, sheet col) of a table cell; `write(r, c, formula, value,
    rule)` writes a formula cell and records the value AuditDesk computed.  The figures a
    formula uses are (re)written as numbers in their own cells (a form's columns are mostly
    text, so the generic writer keeps them as text)."""
    from auditdesk.app.workpaper import BOLD, ERROR, FILLS, HEAD_FILL, put

    f = read_form(t)
    items: list[tuple[int, str, str, Decimal, str]] = []  # (sheet row, what, formula, value, rule)

    def ref(fv: FormValue) -> str | None:
        rc = coord(fv.row, fv.col)
        if rc is None or fv.value is None:
            return None
        r, c = rc
        cell = ws.cell(row=r, column=c)
        if fv.percent:
            cell.value = float(fv.value / HUNDRED)
            cell.number_format = "0.00%"
        else:
            cell.value = float(fv.value)
            cell.number_format = "#,##0.00##"
        return f"{get_column_letter(c)}{r}"

    def stored(fv: FormValue) -> Decimal:
        return fv.value / HUNDRED if fv.percent else fv.value  # type: ignore[operator]

    for b in f.budget_rows:
        bu, ex, ra, bal = (b.values.get(k) for k in ("budget", "exec", "rate", "balance"))
        if ra is not None and bu is not None and ex is not None and bu.value and ex.value is not None and ra.value is not None:
            rb, re_, rr = ref(bu), ref(ex), ref(ra)
            if rb and re_ and rr:
                k = rate_factor(f, ra)
                formula = f"={re_}/{rb}*100"
                items.append((coord(ra.row, ra.col)[0], "执行率(%)", formula, ex.value / bu.value * 100, "E1"))
                items.append((coord(ra.row, ra.col)[0], "执行率差异", f"=N({rr})*{k}-{formula[1:]}",
                              stored(ra) * k - ex.value / bu.value * 100, "E1"))
        if bal is not None and bu is not None and ex is not None and None not in (bal.value, bu.value, ex.value):
            rb, re_, rl = ref(bu), ref(ex), ref(bal)
            if rb and re_ and rl:
                items.append((coord(bal.row, bal.col)[0], "结转结余", f"={rb}-{re_}", bu.value - ex.value, "E2"))
                items.append((coord(bal.row, bal.col)[0], "结余差异", f"=N({rl})-({rb}-{re_})",
                              bal.value - (bu.value - ex.value), "E2"))
    # 绩效目标表 (预算): 年度资金总额 = Σ its sources (E2), the one relation a target form prints
    if f.kind in TARGETS and f.budget is not None and any(k in f.budget.label for k in ("总额", "合计")):
        tv = f.budget.values.get("budget")
        parts = [b.values.get("budget") for b in f.budget_rows if b is not f.budget]
        if tv is not None and parts and all(p is not None and p.value is not None for p in parts):
            refs, rt = [ref(p) for p in parts], ref(tv)  # type: ignore[arg-type]
            if all(refs) and rt:
                total = sum((p.value for p in parts), Decimal(0))  # type: ignore[union-attr]
                r = coord(tv.row, tv.col)[0]
                items.append((r, "资金总额(Σ来源)", "=" + "+".join(refs), total, "E2"))  # type: ignore[arg-type]
                items.append((r, "资金总额差异", f"=N({rt})-({'+'.join(refs)})", tv.value - total, "E2"))  # type: ignore[arg-type]
    # 预算执行得分 = 分值 × min(执行率, 100%)
    sc, ra, bu, ex = f.get("score"), f.get("rate"), f.get("budget"), f.get("exec")
    if sc is not None and sc.value is not None and f.budget_points is not None:
        pts_cell = f.get("points")
        pts_ref = ref(pts_cell) if pts_cell is not None and pts_cell.value is not None else None
        pts = pts_ref or f"{f.budget_points.normalize():f}"
        rate_expr = value = None
        if ra is not None and ra.value is not None and ref(ra):
            k = rate_factor(f, ra)
            rate_expr = f"N({ref(ra)})*{k}"
            value = stored(ra) * k
        elif bu is not None and ex is not None and bu.value and ex.value is not None and ref(bu) and ref(ex):
            rate_expr = f"{ref(ex)}/{ref(bu)}*100"
            value = ex.value / bu.value * 100
        rs = ref(sc)
        if rate_expr and rs:
            exp = f.budget_points * min(value, HUNDRED) / HUNDRED
            formula = f"={pts}*MIN({rate_expr},100)/100"
            r = coord(sc.row, sc.col)[0]
            items.append((r, "预算执行得分", formula, exp, "E3"))
            items.append((r, "得分差异", f"=N({rs})-{formula[1:]}", sc.value - exp, "E3"))
    # 总分 = Σ 得分 (指标、资金管理) + 预算执行得分
    if f.total is not None and f.total.value is not None:
        parts = [s.score for s in f.scores if s.score is not None and s.score.value is not None]
        if sc is not None and sc.value is not None:
            parts.append(sc)
        refs = [ref(p) for p in parts]
        rt = ref(f.total)
        if parts and all(refs) and rt:
            total = sum((p.value for p in parts), Decimal(0))
            formula = "=" + "+".join(refs)  # type: ignore[arg-type]
            r = coord(f.total.row, f.total.col)[0]
            items.append((r, "总分(Σ得分)", formula, total, "E4"))
            items.append((r, "总分差异", f"=N({rt})-({formula[1:]})", f.total.value - total, "E4"))
    if not items:
        return col
    # one column per kind of item, in a stable order
    kinds: list[str] = []
    for _r, what, *_ in items:
        if what not in kinds:
            kinds.append(what)
    for k, what in enumerate(kinds):
        c = col + k
        ws.column_dimensions[get_column_letter(c)].width = 14
        for r, w, formula, value, rule in items:
            if w != what:
                continue
            cell = write(r, c, formula, value, rule)
            cell.number_format = "0.00" if "率" in w else "#,##0.00"
            if "差异" in w and abs(value) > Decimal("0.005"):
                cell.fill = FILLS[ERROR]
        put(ws, hdr_row, c, f"复算·{what}", font=BOLD, fill=HEAD_FILL, border=True)
    return col + len(kinds)


TABLE_FORMULA_HOOKS.append(form_formula_hook)
