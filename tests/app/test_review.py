"""The auditor's review work in the window: finding statuses, notes and tick marks, the
legend, the auditor's name, sign-off, and the changed-PDF question — all through the
undo stack into a real ReviewSession saved beside the (temporary) PDF."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox

from auditdesk.app.session import DISMISSED, CONFIRMED, PENDING, Anchor
from auditdesk.widgets.dismiss_dialog import DismissDialog
from auditdesk.widgets.findings_model import COL_NOTE, COL_STATUS, STATUS_ROLE
from auditdesk.widgets.grid_model import NOTE_ROLE, TICK_ROLE
from auditdesk.widgets.note_dialog import NoteDialog
from tests.widgets.sample_doc import build_sample, fake_check


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITDESK_DATA_DIR", str(tmp_path / "appdata"))


def window(qtbot, tmp_path, doc, *, name="张三", sha=None, ini="settings.ini"):
    from auditdesk.app.main_window import MainWindow

    qs = QSettings(str(tmp_path / ini), QSettings.Format.IniFormat)
    if name:
        qs.setValue("user_name", name)
    if sha is not None:
        doc.sha256 = sha
    w = MainWindow(qs, extract_fn=lambda path, progress=None: doc, check_fn=fake_check, use_session=True)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    return w


def open_wait(qtbot, w, pdf):
    with qtbot.waitSignals([w.document_loaded, w.report_applied], timeout=10000, order="strict"):
        w.open_file(pdf)


@pytest.fixture
def planted(tmp_path):
    pdf = tmp_path / "planted.pdf"
    return pdf, build_sample(str(pdf), planted=True)


def panel_row(w, f):
    model = w.findings_panel.model
    return model.index(model.row_of(f.key_str), COL_STATUS)


def test_status_change_updates_session_and_panel_and_undoes(qtbot, cjk_app, tmp_path, planted):
    pdf, doc = planted
    w = window(qtbot, tmp_path, doc)
    open_wait(qtbot, w, pdf)
    f = w.report.findings[0]
    assert panel_row(w, f).data() == PENDING
    w.findings_panel.select_row(0)
    f = w.findings_panel.current_finding()
    w.actions.confirm.trigger()  # Ctrl+2 on the selected finding
    assert w.session.status_of(f).status == CONFIRMED and w.session.status_of(f).who == "张三"
    assert panel_row(w, f).data() == CONFIRMED
    assert "已确认问题" in w.undo_stack.undoText()
    assert w.session.dirty and w.isWindowModified()
    w.undo_stack.undo()
    assert w.session.status_of(f) is None
    assert panel_row(w, f).data() == PENDING
    w.undo_stack.redo()
    assert panel_row(w, f).data() == CONFIRMED
    # the panel's own buttons and context menu ask for the same thing
    w.findings_panel.status_buttons[PENDING].click()
    assert w.session.status_of(f).status == PENDING
    menu = w.findings_panel.context_menu_for(f)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert any("排除" in t for t in texts) and "批注…" in texts


def test_dismiss_requires_a_reason(qtbot, cjk_app, tmp_path, planted):
    pdf, doc = planted
    w = window(qtbot, tmp_path, doc)
    open_wait(qtbot, w, pdf)
    f = w.report.findings[0]
    with pytest.raises(ValueError):
        w.c.findings.set_finding_status(f, DISMISSED, reason="  ")
    assert w.session.status_of(f) is None
    w.c.findings.request_status(f, DISMISSED)
    dlg = w.dialog
    assert isinstance(dlg, DismissDialog) and dlg.isVisible()
    ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no reason yet
    dlg.accept()  # Enter with an empty reason does nothing
    assert dlg.isVisible() and w.session.status_of(f) is None
    dlg.reason.setCurrentText("尾差，系四舍五入所致")
    dlg.comment.setPlainText("已与单位核对")
    assert ok.isEnabled()
    ok.click()
    st = w.session.status_of(f)
    assert (st.status, st.reason, st.comment) == (DISMISSED, "尾差，系四舍五入所致", "已与单位核对")
    idx = panel_row(w, f)
    assert idx.data() == DISMISSED
    msg = idx.siblingAtColumn(4)
    assert msg.data(Qt.ItemDataRole.FontRole).strikeOut()
    assert "尾差" in msg.data(Qt.ItemDataRole.ToolTipRole)
    # filter by status
    p = w.findings_panel
    total = p.visible_count()
    p.set_status_filter([PENDING, CONFIRMED])  # 未排除
    assert p.visible_count() == total - 1
    p.set_status_filter([DISMISSED])
    assert p.visible_count() == 1 and p.proxy.index(0, 0).data(STATUS_ROLE) == DISMISSED
    p.set_status_filter(None)
    w.undo_stack.undo()
    assert w.session.status_of(f) is None


def test_cell_note_in_grid_role_survives_reopen(qtbot, cjk_app, tmp_path, planted):
    pdf, doc = planted
    w = window(qtbot, tmp_path, doc)
    open_wait(qtbot, w, pdf)
    w.grid_view.select_cell(3, 2)
    w.c.notes.annotate_cell()
    dlg = w.dialog
    assert isinstance(dlg, NoteDialog)
    dlg.set_values("与明细账核对一致", "✓")
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    idx = w.grid_model.index(3, 2)
    assert idx.data(NOTE_ROLE) == "✓ 与明细账核对一致" and idx.data(TICK_ROLE) == "✓"
    assert "与明细账核对一致" in idx.data(Qt.ItemDataRole.ToolTipRole)
    assert any(label.startswith("✓") for _p, label, _r in w.page_view.annotation_labels())
    assert "添加批注" in w.undo_stack.undoText()
    w.undo_stack.undo()
    assert w.grid_model.index(3, 2).data(NOTE_ROLE) is None and not w.session.annotations
    w.undo_stack.redo()
    assert w.grid_model.index(3, 2).data(NOTE_ROLE) == "✓ 与明细账核对一致"
    # edit it: the dialog opens on the existing note
    w.c.notes.annotate_cell()
    assert w.dialog.values() == ("与明细账核对一致", "✓") and w.dialog.delete_button is not None
    w.dialog.set_values("已核对", "F")
    w.dialog.accept()
    assert w.grid_model.index(3, 2).data(NOTE_ROLE) == "F 已核对"
    w.undo_stack.undo()
    assert w.grid_model.index(3, 2).data(NOTE_ROLE) == "✓ 与明细账核对一致"
    w.close()
    assert pdf.with_name(pdf.name + ".auditdesk.json").exists()

    doc2 = build_sample(str(tmp_path / "again.pdf"), planted=True)  # same content, fresh extraction
    doc2.path = str(pdf)
    w2 = window(qtbot, tmp_path, doc2)
    open_wait(qtbot, w2, pdf)
    assert w2.grid_model.index(3, 2).data(NOTE_ROLE) == "✓ 与明细账核对一致"


def test_row_table_finding_and_region_notes(qtbot, cjk_app, tmp_path, planted):
    pdf, doc = planted
    w = window(qtbot, tmp_path, doc)
    open_wait(qtbot, w, pdf)
    w.grid_view.select_cell(1, 2)
    w.c.notes.annotate_row()
    w.dialog.set_values("类级已加总", "F")
    w.dialog.accept()
    assert w.grid_model.headerData(1, Qt.Orientation.Vertical) == "F 2"
    w.c.notes.annotate_table()
    w.dialog.set_values("全表已核对", None)
    w.dialog.accept()
    assert "全表已核对" in w.grid_title.text()
    f = w.report.findings[0]
    w.c.notes.annotate_finding(f)
    w.dialog.set_values("已电话询问", "ⓧ")
    w.dialog.accept()
    model = w.findings_panel.model
    assert model.index(model.row_of(f.key_str), COL_NOTE).data() == "ⓧ 已电话询问"
    # a region: Shift+drag (or the 标注区域 tool) on the page
    w.actions.region.trigger()
    assert w.page_view.region_mode()
    top = w.page_view.page_rect(2).topLeft()
    w.page_view.select_region(top + QPointF(40, 60), top + QPointF(300, 120))
    assert isinstance(w.dialog, NoteDialog) and not w.page_view.region_mode()
    w.dialog.set_values("此段说明需核实", None)
    w.dialog.accept()
    kinds = sorted(a.anchor.kind for a in w.session.annotations.values())
    assert kinds == ["finding", "region", "row", "table"]
    region = next(a for a in w.session.annotations.values() if a.anchor.kind == "region")
    assert region.anchor.page == 2 and region.anchor.bbox == pytest.approx((40, 60, 300, 120))
    labels = w.page_view.annotation_labels()
    assert any(p == 2 and "此段说明" in lab for p, lab, _ in labels)
    # double-click on the region's tag on the page edits that note
    tag_key = w.page_view.annotation_at(w.page_view.page_rect(2).topLeft() + QPointF(150, 90))
    assert tag_key == region.id
    with qtbot.waitSignal(w.page_view.annotation_activated):
        w.page_view.annotation_activated.emit(tag_key)
    assert isinstance(w.dialog, NoteDialog) and w.dialog.values() == ("此段说明需核实", None)
    w.dialog.delete_button.click()
    assert region.id not in w.session.annotations
    w.undo_stack.undo()  # the delete
    assert region.id in w.session.annotations
    for _ in range(4):
        w.undo_stack.undo()
    assert not w.session.annotations


def test_legend_editor_is_undoable(qtbot, cjk_app, tmp_path, planted):
    pdf, doc = planted
    w = window(qtbot, tmp_path, doc)
    open_wait(qtbot, w, pdf)
    before = list(w.session.tick_legend)
    w.session.add_annotation(Anchor.for_cell(doc, "T01", 0, 2), "x", "✓", "张三")
    w.c.notes.edit_legend()
    dlg = w.dialog
    dlg.add_row("T", "已追查至凭证")
    dlg.table.setCurrentCell(0, 0)  # ✓ is used: cannot be removed
    dlg.remove_current()
    assert "仍在" in dlg.message.text()
    dlg.accept()
    assert w.session.tick_legend == before + [("T", "已追查至凭证")]
    w.undo_stack.undo()
    assert w.session.tick_legend == before


def test_name_asked_once_then_remembered(qtbot, cjk_app, tmp_path, planted):
    pdf, doc = planted
    w = window(qtbot, tmp_path, doc, name="")
    open_wait(qtbot, w, pdf)
    w.c.edit.request_edit(2, 2, "302.00")
    dlg = w.c.user.name_dialog
    assert dlg is not None and dlg.isVisible()
    assert doc.tables[0].rows[2].cells[2].text == "301.00"  # waits for the name
    dlg.name.setText("李四")
    dlg.accept()
    assert doc.tables[0].rows[2].cells[2].text == "302.00"
    assert w.session.edit_at("T01", 2, 2).who == "李四"
    assert w.session.preparer.name == "李四"
    assert "编制：李四" in w.people_label.text()
    qs = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert qs.value("user_name") == "李四"
    w.c.edit.request_edit(2, 3, "1.00")  # not asked again
    assert w.c.user.name_dialog is None


def test_sign_off_shown_in_status_bar_and_title(qtbot, cjk_app, tmp_path, planted):
    pdf, doc = planted
    w = window(qtbot, tmp_path, doc)
    open_wait(qtbot, w, pdf)
    w.c.signoff.sign_off_dialog()
    dlg = w.dialog
    assert "待核实" in dlg.findChildren(type(w.status_label))[0].text()
    dlg.name.setText("王复核")
    dlg.accept()
    assert w.session.signoff.who == "王复核"
    assert "已签字" in w.people_label.text() and "王复核 已复核签字" in w.windowTitle()
    w.grid_view.select_cell(3, 2)
    with qtbot.waitSignal(w.report_applied, timeout=5000):
        w.c.edit.request_edit(3, 2, "261.00")
    # the edit changed the findings: the sign-off no longer holds, and says so
    assert w.session.signoff.stale and w.session.signoff.void.startswith("签字后问题清单有变化")
    assert "签字已失效" in w.people_label.text() and "复核签字已失效" in w.windowTitle()
    w.c.signoff.revoke_sign_off()
    assert w.session.signoff is None and "复核签字" not in w.windowTitle()


@pytest.mark.parametrize("answer", ["apply", "fresh"])
def test_changed_pdf_asks_without_blocking(qtbot, cjk_app, tmp_path, planted, answer):
    pdf, doc = planted
    w = window(qtbot, tmp_path, doc, sha="a" * 64)
    open_wait(qtbot, w, pdf)
    with qtbot.waitSignal(w.report_applied, timeout=5000):
        w.c.edit.request_edit(2, 2, "300.50")
    w.c.findings.set_finding_status(w.report.findings[0], CONFIRMED)
    w.close()
    session_file = pdf.with_name(pdf.name + ".auditdesk.json")
    assert session_file.exists()

    doc2 = build_sample(str(tmp_path / "v2.pdf"), planted=True)  # "the same PDF, re-published"
    doc2.path = str(pdf)
    w2 = window(qtbot, tmp_path, doc2, sha="b" * 64)
    with qtbot.waitSignal(w2.document_loaded, timeout=10000):
        w2.open_file(pdf)  # returns at once; the question is non-modal
        qtbot.waitUntil(lambda: w2.c.open.mismatch_box is not None and w2.c.open.mismatch_box.isVisible(), timeout=5000)
        assert "PDF 文件已变化" in w2.c.open.mismatch_box.text()
        assert w2.session is None and w2.table_list.count() == 0  # nothing shown until answered
        w2.c.open.mismatch_box.property("choices")[answer].click()
    assert w2.session is not None and w2.table_list.count() == 2
    cell = doc2.tables[0].rows[2].cells[2]
    if answer == "apply":
        assert cell.text == "300.50" and w2.session.sha256 == "b" * 64
        assert w2.session.statuses
    else:
        assert cell.text == "301.00" and not w2.session.statuses
    w2.close()
    if answer == "fresh":  # the other version's session is kept, renamed aside
        assert any(p.name.startswith("planted.pdf.auditdesk.aaaaaaaaaaaa") for p in tmp_path.iterdir())


def test_changed_pdf_question_is_injectable(qtbot, cjk_app, tmp_path, planted):
    pdf, doc = planted
    w = window(qtbot, tmp_path, doc, sha="a" * 64)
    open_wait(qtbot, w, pdf)
    with qtbot.waitSignal(w.report_applied, timeout=5000):
        w.c.edit.request_edit(2, 2, "300.50")
    w.close()
    doc2 = build_sample(str(tmp_path / "v2.pdf"), planted=True)
    doc2.path = str(pdf)
    w2 = window(qtbot, tmp_path, doc2, sha="b" * 64)
    asked = []
    w2.c.open.ask_mismatch = lambda message, done: (asked.append(message), done("apply"))
    open_wait(qtbot, w2, pdf)
    assert len(asked) == 1 and w2.c.open.mismatch_box is None
    assert doc2.tables[0].rows[2].cells[2].text == "300.50"
