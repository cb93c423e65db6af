"""The window's 检查表 panel: filled from the session's report, problems jump to the page, and
the auditor's 是/否 is an undoable, logged session change that survives a save and reload."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from auditdesk.app.commands import SetChecklistVerdictCommand
from auditdesk.app.session import ReviewSession
from auditdesk.checks import run_checks
from auditdesk.widgets.checklist_panel import ChecklistPanel
from tests.fixtures.presentation import defect_pdf, opened


@pytest.fixture()
def session(tmp_path):
    doc = opened(defect_pdf("blank_page"))
    s = ReviewSession(doc)
    s.set_report(run_checks(doc))
    return s


def test_override_is_undoable_logged_and_saved(session, tmp_path):
    from auditdesk.app.checklist_controller import filled_checklist

    assert filled_checklist(session).row("toc").verdict == "否"
    stack = QUndoStack()
    events = []
    session.connect(lambda kind, payload: events.append((kind, payload)))
    stack.push(SetChecklistVerdictCommand(session, "toc", "是", "张三", reason="双面打印的空白页", name="目录"))
    filled = filled_checklist(session)
    assert filled.row("toc").verdict == "是" and filled.row("toc").auto == "否"
    assert ("checklist", "toc") in events
    entry = session.log[-1]
    assert entry.action == "checklist" and entry.old == "自动判定" and entry.new == "是" and "目录" in entry.target
    data = session.to_json()
    assert data["checklist_overrides"] == {"toc": {"verdict": "是", "reason": "双面打印的空白页"}}
    again = ReviewSession(session.doc)
    again._restore(data)
    assert again.checklist_overrides == {"toc": ("是", "双面打印的空白页")}
    stack.undo()
    assert filled_checklist(session).row("toc").verdict == "否" and not session.checklist_overrides
    stack.redo()
    assert session.checklist_overrides["toc"][0] == "是"


def test_panel_rows_and_signals(qtbot, session):
    from auditdesk.app.checklist_controller import filled_checklist

    panel = ChecklistPanel()
    qtbot.addWidget(panel)
    panel.set_checklist(filled_checklist(session))
    tree = panel.tree
    names = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert "目录" in names and "封面" in names
    toc = tree.topLevelItem(names.index("目录"))
    assert toc.text(1) == "否" and toc.childCount() >= 1
    with qtbot.waitSignal(panel.evidence_requested) as got:
        tree.itemActivated.emit(toc.child(0), 0)
    assert got.args[0] == 3  # the blank page
    tree.setCurrentItem(toc)
    with qtbot.waitSignal(panel.verdict_requested) as got:
        panel.yes_button.click()
    assert got.args == ["toc", "是"]
    with qtbot.waitSignal(panel.verdict_requested) as got:
        panel.auto_button.click()
    assert got.args == ["toc", None]


def test_window_panel_follows_the_report_and_overrides_undo(qtbot, cjk_app, tmp_path):
    import shutil

    from PySide6.QtCore import QSettings

    from auditdesk.app.main_window import MainWindow

    pdf = tmp_path / "d.pdf"
    shutil.copy(defect_pdf("blank_page"), pdf)
    doc = opened(defect_pdf("blank_page"))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("user_name", "测试员")
    w = MainWindow(settings, extract_fn=lambda path, progress=None: doc, check_fn=run_checks, use_session=True)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.report_applied, timeout=20000):
        w.open_file(str(pdf))
    qtbot.waitUntil(lambda: w.c.checklist.filled is not None, timeout=5000)
    assert w.c.checklist.filled.row("toc").verdict == "否"
    w.checklist_panel.tree.itemActivated.emit(_item(w.checklist_panel, "目录").child(0), 0)
    assert "第3页" in w.status_label.text()
    w.checklist_panel.tree.setCurrentItem(_item(w.checklist_panel, "目录"))
    w.checklist_panel.yes_button.click()
    assert w.c.checklist.filled.row("toc").verdict == "是" and _item(w.checklist_panel, "目录").text(1) == "是"
    w.undo_stack.undo()
    assert w.c.checklist.filled.row("toc").verdict == "否"
    w.close()


def _item(panel, name):
    tree = panel.tree
    return next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).text(0) == name)
