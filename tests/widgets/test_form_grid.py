"""A 绩效自评表 is shown like any table: the grid model over the form Table, its header rows
(项目名称 …) included, the E findings on the form cells, and a corrected cell re-checked."""
from __future__ import annotations

from PySide6.QtCore import Qt

from auditdesk.checks import run_checks
from auditdesk.parsing.model import Cell, Document, Row, Table
from auditdesk.widgets.grid_model import SEVERITY_ROLE, GridModel

GRID = [
    ["项目名称", "测试项目", "", "", "", ""],
    ["预算执行情况（万元）（20分）", "预算数（A）", "执行数（B）", "执行率（B/A）", "得分（20分*执行率）", ""],
    ["年度财政资金总额", "65", "62.745", "90.53%", "19.3", ""],
    ["年度绩效目标（80分）", "一级指标", "二级指标", "三级指标", "实际完成值（B）", "得分"],
    ["", "成本指标（40分）", "经济成本指标", "活动费用", "未超过", "40"],
    ["", "效益指标（40分）", "社会效益指标", "宣讲效益", "有所提升", "38"],
    ["总分", "97.3", "", "", "", ""],
]


def _doc() -> Document:
    rows = [Row([Cell.of(c, 3, (40.0 + 80 * j, 100.0 + 20 * i, 118.0 + 80 * j, 118.0 + 20 * i)) for j, c in enumerate(r)],
                3, (40.0, 100.0 + 20 * i, 520.0, 118.0 + 20 * i)) for i, r in enumerate(GRID)]
    t = Table("T01", "项目绩效自评表", None, None, [3], [], [f"列{j + 1}" for j in range(6)], rows, kind="form")
    return Document("x.pdf", "0" * 64, 5, None, 2024, "部门决算", [t], [])


def test_form_shown_as_a_grid_with_its_findings_and_rechecked_on_edit(qtbot):
    doc = _doc()
    t = doc.tables[0]
    report = run_checks(doc)
    e1 = [f for f in report.findings if f.rule == "E1"]
    assert len(e1) == 1 and e1[0].severity == "error" and (e1[0].location.row, e1[0].location.col) == (2, 3)
    assert e1[0].location.page == 3 and e1[0].location.bbox == t.rows[2].cells[3].bbox
    model = GridModel(t)
    model.set_findings(report.findings)
    assert model.rowCount() == len(GRID)  # the header block (项目名称 …) is part of the grid
    assert model.data(model.index(0, 1)) == "测试项目"
    cell = model.index(2, 3)
    assert model.data(cell) == "90.53%"
    assert model.data(cell, SEVERITY_ROLE) == "error"
    assert "执行率" in model.data(cell, Qt.ItemDataRole.ToolTipRole)
    # the auditor corrects the cell; the re-check clears the finding
    t.rows[2].cells[3] = t.rows[2].cells[3].with_text("96.53%")
    again = run_checks(doc)
    assert not [f for f in again.findings if f.rule in ("E1", "E3", "E4") and f.severity == "error"]
    assert t.rows[2].cells[3].edited and t.rows[2].cells[3].original == "90.53%"
