from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from auditdesk.checks.finding import ERROR, INFO, WARNING, Finding, Location
from auditdesk.widgets.findings_model import FINDING_ROLE, FindingsFilterModel, FindingsModel
from auditdesk.widgets.findings_panel import FindingsPanel


def _findings():
    return [
        Finding("A8", ERROR, "合计不符", Location(table="T01", row=2, column="合计", row_label="科学技术支出", page=1),
                difference=Decimal("1.00"), id="F0001"),
        Finding("A13", INFO, "尾差 0.01", Location(table="T02", row=0, column="合计", page=2), id="F0002"),
        Finding("C1", WARNING, "说明与表不符", Location(narrative=0, page=2, text="支出1,312.40万元"), id="F0003"),
    ]


def test_modeltester(qtmodeltester):
    model = FindingsModel()
    model.set_findings(_findings(), {"T01": "支出决算表", "T02": "一般公共预算财政拨款支出决算表"})
    qtmodeltester.check(model)
    proxy = FindingsFilterModel()
    proxy.setSourceModel(model)
    proxy.set_severities([ERROR, WARNING])
    qtmodeltester.check(proxy)


def test_display_and_filters():
    model = FindingsModel()
    model.set_findings(_findings(), {"T01": "支出决算表"})
    assert model.data(model.index(0, 0)) == "错误"
    assert model.data(model.index(0, 2)) == "支出决算表"
    assert model.data(model.index(0, 5)) == "+1.00"
    assert model.data(model.index(2, 2)) == "情况说明"
    proxy = FindingsFilterModel()
    proxy.setSourceModel(model)
    proxy.set_severities([ERROR])
    assert proxy.rowCount() == 1
    proxy.set_severities([ERROR, WARNING, INFO])
    proxy.set_rule("A13")
    assert [proxy.index(i, 0).data(FINDING_ROLE).rule for i in range(proxy.rowCount())] == ["A13"]
    proxy.set_rule(None)
    proxy.set_table("T01")
    assert proxy.rowCount() == 1
    proxy.set_table(None)
    proxy.set_text("说明")
    assert proxy.rowCount() == 1


def test_panel_next_previous_and_activation(qtbot):
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    panel.set_findings(_findings(), {})
    assert panel.severity_buttons[ERROR].text() == "错误 1"
    seen = []
    panel.finding_activated.connect(seen.append)
    panel.select_next()
    panel.select_next()
    panel.select_previous()
    assert [f.id for f in seen] == ["F0001", "F0003", "F0001"]  # sorted by severity
    panel.select_previous()  # wraps
    assert seen[-1].id == "F0002"
    # a re-check keeps the current finding without re-activating it
    panel.set_findings(_findings(), {})
    assert len(seen) == 4 and panel.current_finding().id == "F0002"
    panel.severity_buttons[INFO].setChecked(False)
    assert panel.visible_count() == 2
    assert panel.view.model().headerData(0, Qt.Orientation.Horizontal) == "级别"


def test_status_column_strike_and_filter(qtmodeltester):
    from auditdesk.widgets.findings_model import COL_NOTE, COL_STATUS, STATUS_ROLE

    model = FindingsModel()
    fs = _findings()
    model.set_findings(fs, {})
    model.set_statuses({fs[0].key_str: "已排除", fs[1].key_str: "已确认问题"}, {fs[0].key_str: "理由：尾差"})
    model.set_notes({fs[2].key_str: "✓ 已核"})
    qtmodeltester.check(model)
    assert model.index(0, COL_STATUS).data() == "已排除" and model.index(2, COL_STATUS).data() == "待核实"
    assert model.index(0, 4).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert model.index(1, 4).data(Qt.ItemDataRole.FontRole) is None
    assert "理由：尾差" in model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(2, COL_NOTE).data() == "✓ 已核"
    proxy = FindingsFilterModel()
    proxy.setSourceModel(model)
    proxy.set_statuses(["待核实", "已确认问题"])
    assert sorted(proxy.index(i, 0).data(STATUS_ROLE) for i in range(proxy.rowCount())) == ["已确认问题", "待核实"]
    proxy.set_statuses(None)
    assert proxy.rowCount() == 3


def test_panel_status_intents(qtbot):
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    panel.set_findings(_findings(), {})
    asked = []
    panel.status_requested.connect(lambda f, s: asked.append((f.id, s)))
    panel.note_requested.connect(lambda f: asked.append((f.id, "note")))
    assert not panel.status_buttons["已排除"].isEnabled()  # nothing selected
    panel.select_row(0)
    panel.status_buttons["已排除"].click()
    panel.note_button.click()
    assert asked == [("F0001", "已排除"), ("F0001", "note")]
    panel.set_statuses({_findings()[0].key_str: "已排除"})
    panel.set_status_filter(["待核实", "已确认问题"])
    assert panel.visible_count() == 2
