from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from auditdesk.checks.finding import ERROR, INFO, Finding, Location
from auditdesk.widgets.grid_model import EDITED_ROLE, ORIGINAL_ROLE, SEVERITY_ROLE, GridModel, format_amount
from auditdesk.parsing.model import Cell

from .sample_doc import build_sample


@pytest.fixture
def doc(tmp_path):
    return build_sample(str(tmp_path / "s.pdf"), planted=True)


def _finding(row=2, column="本年支出合计", severity=ERROR, message="301.00 ≠ 260.00 + 40.00"):
    return Finding(rule="A8", severity=severity, message=message,
                   location=Location(table="T01", row=row, column=column, row_label="科学技术管理事务"),
                   expected=Decimal("300.00"), actual=Decimal("301.00"), difference=Decimal("1.00"),
                   related=(Location(table="T01", row=row, column="基本支出"),))


def test_modeltester(qtmodeltester, doc):
    model = GridModel(doc.tables[0])
    model.set_findings([_finding(), _finding(row=4, column=None, severity=INFO)])
    qtmodeltester.check(model)
    empty = GridModel(None)
    qtmodeltester.check(empty)


def test_numbers_right_aligned_with_separators(doc):
    model = GridModel(doc.tables[1])
    idx = model.index(0, 2)
    assert model.data(idx) == "1,312.40"
    assert model.data(idx, Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)
    code = model.index(1, 0)  # 科目编码 206: text, left
    assert model.data(code) == "206"
    assert model.data(code, Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignLeft)
    assert format_amount(Cell.of("1234567.5")) == "1,234,567.5"
    assert format_amount(Cell.of("12.5%")) == "12.5%"


def test_multirow_header(doc):
    model = GridModel(doc.tables[1])
    assert model.headerData(2, Qt.Orientation.Horizontal) == "本年支出\n合计"
    assert model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "本年支出 › 合计"


def test_findings_roles(doc):
    model = GridModel(doc.tables[0])
    model.set_findings([_finding(), _finding(row=4, column=None, severity=INFO, message="本行提示")])
    cell = model.index(2, 2)
    assert model.data(cell, SEVERITY_ROLE) == ERROR
    assert model.data(cell, Qt.ItemDataRole.BackgroundRole) is not None
    assert "301.00 ≠ 260.00 + 40.00" in model.data(cell, Qt.ItemDataRole.ToolTipRole)
    related = model.index(2, 3)
    assert model.data(related, SEVERITY_ROLE) is None
    assert "关联" in model.data(related, Qt.ItemDataRole.ToolTipRole)
    row_level = model.index(4, 1)
    assert model.data(row_level, Qt.ItemDataRole.BackgroundRole) is not None
    assert "本行提示" in model.data(row_level, Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(0, 2), Qt.ItemDataRole.BackgroundRole) is None


def test_edited_cell_marked(doc):
    t = doc.tables[0]
    t.rows[2].cells[2] = t.rows[2].cells[2].with_text("300.00")
    model = GridModel(t)
    idx = model.index(2, 2)
    assert model.data(idx, EDITED_ROLE) is True
    assert model.data(idx, ORIGINAL_ROLE) == "301.00"
    assert model.data(idx, Qt.ItemDataRole.FontRole).italic()
    assert "原提取值：301.00" in model.data(idx, Qt.ItemDataRole.ToolTipRole)


def test_setdata_requests_edit_without_mutating(qtbot, doc):
    model = GridModel(doc.tables[0])
    with qtbot.waitSignal(model.edit_requested) as blocker:
        assert model.setData(model.index(2, 2), "300.00")
    assert blocker.args == [2, 2, "300.00"]
    assert doc.tables[0].rows[2].cells[2].text == "301.00"
    with qtbot.assertNotEmitted(model.edit_requested):
        model.setData(model.index(2, 2), "301.00")  # unchanged text: no request


def test_note_roles(qtmodeltester, doc):
    from auditdesk.widgets.grid_model import NOTE_ROLE, TICK_ROLE

    model = GridModel(doc.tables[0])
    model.set_notes({(0, 1): [("✓", "已核对"), (None, "再看")]}, {1: [("F", "")]})
    qtmodeltester.check(model)
    assert model.index(0, 1).data(NOTE_ROLE) == "✓ 已核对\n再看"
    assert model.index(0, 1).data(TICK_ROLE) == "✓"
    assert model.index(0, 0).data(NOTE_ROLE) is None
    assert "【批注】✓ 已核对" in model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(1, Qt.Orientation.Vertical) == "F 2"


def test_low_confidence_ocr_cells_are_marked_until_edited():
    from dataclasses import replace

    from auditdesk.parsing.model import Cell, Row, Table
    from auditdesk.widgets.grid_model import LOW_CONFIDENCE_ROLE, GridModel

    doubtful = replace(Cell.of("5,01.40", 3, (10, 10, 50, 20)), confidence=0.42)
    sure = replace(Cell.of("21,968.00", 3, (10, 30, 50, 40)), confidence=0.99)
    table = Table("T01", "支出预算总表", None, "万元", [3], [["项目", "金额"]], ["项目", "金额"],
                  [Row([Cell.of("基本支出"), doubtful], 3, (0, 10, 60, 20)), Row([Cell.of("项目支出"), sure], 3, (0, 30, 60, 40))],
                  column_roles=["label", "amount"])
    model = GridModel()
    model.set_table(table)
    assert model.data(model.index(0, 1), LOW_CONFIDENCE_ROLE) == 0.42
    assert "置信度 42%" in model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(1, 1), LOW_CONFIDENCE_ROLE) is None
    table.rows[0].cells[1] = doubtful.with_text("5,011.40")  # the auditor confirms by correcting
    assert model.data(model.index(0, 1), LOW_CONFIDENCE_ROLE) is None
