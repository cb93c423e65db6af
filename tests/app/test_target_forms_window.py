"""The window on a 预算 with 绩效目标表: the planted 年度资金总额 (E2) is listed, and selecting it
shows its form as a grid and its page (a target form is a table like any other)."""
from __future__ import annotations

from auditdesk.app import main as app_main
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.render import render_pdf
from tests.fixtures.targets import target_spec


def test_window_selects_the_target_form_finding(qtbot, cjk_app, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from auditdesk.app.main_window import MainWindow

    path = tmp_path / "预算.pdf"
    render_pdf(target_spec(projects=2, plant="funds"), path, ruled=False)
    monkeypatch.setattr(app_main, "log_path", lambda: tmp_path / "appdata" / "auditdesk.log")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("user_name", "测试员")
    w = MainWindow(settings, extract_fn=lambda p, progress=None: open_disclosure(p, progress), use_session=False)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignals([w.document_loaded, w.report_applied], timeout=60000, order="strict"):
        w.open_files([str(path)])
    e2 = [f for f in w.report.findings if f.rule == "E2"]
    assert [f.severity for f in e2] == ["error"] and "项目支出绩效目标表" in e2[0].message
    assert w.findings_panel.select_key(e2[0].key_str)
    qtbot.waitUntil(lambda: w.page_view.current_page() == e2[0].location.page, timeout=5000)
    qtbot.waitUntil(lambda: w.grid_model.table is not None and w.grid_model.table.id == e2[0].location.table, timeout=5000)
    assert w.grid_model.table.type == "perf_target" and w.grid_model.table.kind == "form"
