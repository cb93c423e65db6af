"""Re-performance: every comparison a rule made, written as a live Excel formula.

The check engine records each comparison (`CheckReport.comparisons`, see checks/finding.py
`Comparison`): the printed figure, the cells (or printed text figures) it was compared with,
each with its coefficient (sign and unit conversion). Here one becomes an Excel expression:

- ``sum`` / ``le``: ``=SUM('支出决算表'!G9:G12)``, ``='收入决算表'!G7/10000``, ``=E9+E10-E11``;
- ``share``: ``='支出决算表'!G9/'支出决算表'!G7*100`` (a 占比 in %);
- ``rate``: ``=(120.5/100.2-1)*100`` (an 增减率 from two figures printed in the text).

Cells are referenced on their own sheet, so changing a figure in the workbook recomputes every
check that used it. A figure printed only in the text enters the formula as a constant.

Rules with nothing to write as a formula say why in `NOT_A_FORMULA` (or, while their
formulas are not written yet, `FORMULA_PENDING`); the 检查覆盖 sheet prints it, and a test
holds every rule that ran to either a formula or a reason.

Extension point: functions in `TABLE_FORMULA_HOOKS` are called for every table sheet after
the comparisons are written (the 绩效自评表 form formulas — 执行率, 得分, 总分 — belong to
the performance-forms module and register there); see `TableFormulaHook`.
"""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Callable, Protocol

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from auditdesk.parsing.model import Table

# rule id → why its check is not (or not wholly) a formula
NOT_A_FORMULA: dict[str, str] = {
    "A21": "单元格能否解析为金额、百分比是否在0–100之间是对文字的判断，不是算式",
    "B15": "各表金额单位是否一致是对表头文字的判断，不是算式",
    "B16": "目录与正文所列表格是否一致是对标题的比对，不是算式",
    "D1": "同一指标两处文字表述的比对：两边都是情况说明文字，工作簿中无可引用的单元格",
    "D3": "增减率写成公式（见“情况说明复算”）；“增加/减少”等方向用词与金额是否一致是文字判断",
    "D5": "模板残留、未填写、年份未更新是对文字的判断，不是算式",
    "B10": "合计一致写成公式；表无数时是否注明“本表无数据”是对文字的判断",
    "C5": "金额与占比写成公式；科目名称与表中名称是否一致是文字比对",
    "E5": "绩效自评表金额单位换算后与情况说明的比对：单位判断不是算式",
    "C13": "同一科目代码在各表的科目名称是否一致是文字比对，不是算式",
    "C14": "金额一致写成公式；称“无机关运行经费”而表中有数是文字判断",
    "C15": "车辆、设备数与统计表一致写成公式；所列各类用车之和与共有车辆的比较两边都是情况说明文字",
    "D7": "年份与文档年度是否相符是对文字的判断，不是算式",
    "D8": "“增加/减少”“持平”“存在差异”等用词与数字方向是否一致是文字判断，不是算式",
}


# rule id → why there is no formula yet, shown only while none is written. E1–E4: the
# 绩效自评表 formulas (执行率, 结转结余, 得分, 总分) are written by the form hook
# (app/workpaper_forms.py, kind "form") on every form sheet that prints the figures; this
# text is shown for a document where no form prints them.
FORMULA_PENDING: dict[str, str] = {
    "E1": "绩效自评表未印执行数/预算数/执行率，无可写的执行率复算公式",
    "E2": "绩效自评表未印结转结余，无可写的结余复算公式（资金来源合计见“问题清单”的复算数）",
    "E3": "绩效自评表未印预算执行得分或分值，无可写的得分复算公式",
    "E4": "绩效自评表未印总分或各项得分，无可写的总分复算公式",
}


class FormulaSink(Protocol):
    """What a hook may use from the writer (app/workpaper.py `_Writer`)."""

    def cell_ref(self, table_id: str, row: int, col: int, from_sheet: str) -> str | None:
        """"'收入决算表'!G9" (or "G9" on the same sheet) for a table cell, None if not written."""

    def write_formula(self, ws: "Worksheet", row: int, col: int, formula: str, expected: Decimal,
                      rule: str, kind: str = "rule") -> None:
        """A formula cell and the value AuditDesk computed for it (checked after recalculation)."""


# (writer, sheet, table, first grid row, next free column) → next free column
TableFormulaHook = Callable[[FormulaSink, "Worksheet", "Table", int, int], int]
TABLE_FORMULA_HOOKS: list[TableFormulaHook] = []


def number(v: Decimal) -> str:
    """A constant for a formula: plain decimal notation, no exponent, no trailing zeros."""
    s = format(v, "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def scaled(expr: str, k: Decimal) -> str:
    """`expr` × k as readable arithmetic with its sign: ×1 → +expr, ×0.0001 → +expr/10000,
    ×−1 → −expr (× and / bind tighter than + and −: no parentheses needed)."""
    sign = "-" if k < 0 else "+"
    k = abs(k)
    if k == 1:
        return sign + expr
    inv = Decimal(1) / k if k < 1 else None
    if inv is not None and inv == inv.to_integral_value():
        return f"{sign}{expr}/{number(inv)}"
    return f"{sign}{expr}*{number(k)}"


def join_terms(parts: list[tuple[str, Decimal]], sum_body: str | None = None) -> str:
    """'a-b/10000…' from (expression, coefficient) and an optional leading SUM(...)."""
    text = ("+" + sum_body if sum_body else "") + "".join(scaled(e, k) for e, k in parts)
    if not text:
        return "0"
    return text[1:] if text.startswith("+") else text
