"""Issue 16, items 1–11: a review an auditor can sign (each test failed on the window before
the split into controllers over an observable session)."""
from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from auditdesk.checks.finding import ERROR, CheckReport, Coverage, Finding, Location
from auditdesk.parsing.model import DATA, TOTAL, Cell, ParseIssue, Row, Table
from tests.widgets.sample_doc import build_sample, fake_check


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITDESK_DATA_DIR", str(tmp_path / "appdata"))


def window(qtbot, tmp_path, doc, *, check=fake_check, name="张三", use_session=True, size=(1400, 900), **kw):
    from auditdesk.app.main_window import MainWindow

    qs = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    if name:
        qs.setValue("user_name", name)
    extract = kw.pop("extract", None) or (lambda path, progress=None: doc)
    w = MainWindow(qs, extract_fn=extract, check_fn=check, use_session=use_session, **kw)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    return w


def open_wait(qtbot, w, pdf):
    with qtbot.waitSignals([w.document_loaded, w.report_applied], timeout=10000, order="strict"):
        w.open_file(pdf)


@pytest.fixture
def planted(tmp_path):
    pdf = tmp_path / "planted.pdf"
    return pdf, build_sample(str(pdf), planted=True)


# ---------------------------------------------------------------------------- 1 coverage


def skipping_check(doc, config=None, progress=None):
    report = fake_check(doc)
    report.coverage = [Coverage("A8", "ran", "通过"), Coverage("B1", "skipped", "未找到相关决算表：收入决算表"),
                       Coverage("E1", "not_applicable", "无绩效自评表")]
    return report


def test_1_skipped_checks_are_visible_in_documents_words(qtbot, cjk_app, tmp_path):
    pdf = tmp_path / "budget.pdf"
    doc = dataclasses.replace(build_sample(str(pdf)), kind="部门预算")
    w = window(qtbot, tmp_path, doc, check=skipping_check)
    open_wait(qtbot, w, pdf)
    assert w.report.findings == []
    assert "未检查 1" in w.counts_label.text() and "错误 0" in w.counts_label.text()
    assert w.findings_panel.skipped_button.text() == "未检查 1"
    w.findings_panel.skipped_button.click()
    assert w.coverage_dock.isVisible()
    assert w.coverage_panel.skipped() == [("B1", "未找到相关预算表：收入预算表")]  # 预算 words on a 预算 document
    assert "决算" not in w.coverage_panel.summary.text()


def test_1_cli_summary_names_skipped_rules(capsys):
    from auditdesk.app.cli import Outcome, _summary

    _summary(Outcome("x.pdf", 0, tables=3, skipped=[("B1", "未找到相关预算表")]), None)
    out = capsys.readouterr().out
    assert "未检查 1" in out and "B1 未找到相关预算表" in out


# ---------------------------------------------------------------------------- 2 sign-off


def test_2_sign_off_void_when_pdf_changes(qtbot, cjk_app, tmp_path, planted):
    pdf, doc = planted
    doc.sha256 = "a" * 64
    w = window(qtbot, tmp_path, doc)
    open_wait(qtbot, w, pdf)
    w.c.findings.set_finding_status(w.report.findings[0], "已确认问题")  # the 张三 is 编制人
    w.c.signoff.sign_off("王复核", "2025-01-02")
    assert w.session.signoff.valid and "王复核 已复核签字" in w.windowTitle()
    w.close()
    doc2 = build_sample(str(tmp_path / "v2.pdf"), planted=True)
    doc2.path, doc2.sha256 = str(pdf), "b" * 64
    w2 = window(qtbot, tmp_path, doc2)
    w2.c.open.ask_mismatch = lambda message, done: done("apply")
    open_wait(qtbot, w2, pdf)
    so = w2.session.signoff
    assert so.void.startswith("签字后 PDF 文件已变化") and not so.valid
    assert "复核签字已失效" in w2.windowTitle() and "签字已失效" in w2.people_label.text()
    assert so.void in w2.people_label.toolTip()
    assert any(e.action == "sign_off_void" for e in w2.session.log)  # in the 修改记录 too


def test_2_reviewer_is_not_the_preparer_and_sees_open_findings(qtbot, cjk_app, tmp_path, planted):
    pdf, doc = planted
    w = window(qtbot, tmp_path, doc)
    open_wait(qtbot, w, pdf)
    w.c.edit.request_edit(4, 2, "41.00")  # makes the preparer 张三 and a second finding
    qtbot.waitUntil(lambda: len(w.report.findings) == 2, timeout=5000)
    dlg = w.c.signoff.sign_off_dialog()
    assert dlg.name.text() == ""  # not pre-filled with the preparer's name
    assert dlg.open_list is not None and dlg.open_list.count() == 2
    assert dlg.open_list.item(0).text().startswith("F0001")
    dlg.name.setText("张三")
    assert not dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert "不能与编制人" in dlg.message.text()
    dlg.accept()
    assert w.session.signoff is None
    with pytest.raises(ValueError):
        w.session.sign_off("张三")


# ---------------------------------------------------------------------------- 3 audit trail


def side_by_side(pdf: Path):
    """收入 | 支出 side by side: the right half's row names are printed in its own label column."""
    doc = build_sample(str(pdf))

    def row(y, left, lv, right, rv, kind=DATA):
        cells = [Cell(left, None, 1, (40, y, 150, y + 18)), Cell.of(lv, 1, (150, y, 220, y + 18)),
                 Cell(right, None, 1, (220, y, 400, y + 18)), Cell.of(rv, 1, (400, y, 470, y + 18))]
        return Row(cells, 1, (40, y, 470, y + 18), kind, left)

    t = Table("T01", "收入支出决算总表", "公开01表", "万元", [1], [["收入", "", "支出", ""]],
              ["项目", "决算数", "项目", "决算数"],
              [row(60, "一、一般公共预算财政拨款收入", "100.00", "一、一般公共服务支出", "60.00"),
               row(80, "八、其他收入", "5.00", "八、社会保障和就业支出", "45.00"),
               row(100, "本年收入合计", "105.00", "本年支出合计", "105.00", TOTAL)],
              column_paths=[("收入", "项目"), ("收入", "决算数"), ("支出", "项目"), ("支出", "决算数")],
              blocks=[0, 2])
    return dataclasses.replace(doc, tables=[t], narrative=[])


def test_3_edit_log_names_the_right_half_of_side_by_side_tables(qtbot, cjk_app, tmp_path):
    pdf = tmp_path / "sbs.pdf"
    doc = side_by_side(pdf)
    w = window(qtbot, tmp_path, doc, check=lambda d, **k: CheckReport())
    open_wait(qtbot, w, pdf)
    w.grid_view.select_cell(1, 3)
    assert "八、社会保障和就业支出 · 支出 › 决算数" in w.status_label.text()
    w.c.edit.request_edit(1, 3, "46.00")
    entry = w.session.log[-1]
    assert entry.target == "收入支出决算总表 / 八、社会保障和就业支出 / 支出 › 决算数"
    assert (entry.anchor.table_id, entry.anchor.row, entry.anchor.col) == ("T01", 1, 3)  # keyed by ids
    assert "八、其他收入" not in w.undo_stack.undoText()


def test_3_status_log_shows_finding_ids_not_keys(qtbot, cjk_app, tmp_path, planted):
    pdf, doc = planted
    w = window(qtbot, tmp_path, doc)
    open_wait(qtbot, w, pdf)
    w.c.findings.set_finding_status(w.report.findings[0], "已确认问题")
    target = w.session.log[-1].target
    assert target.startswith("问题 F0001（A8 支出决算表 / 20601 科学技术管理事务") and "|" not in target


# ---------------------------------------------------------------------------- 4 findings explain themselves


def cross_check(doc, config=None, progress=None):
    report = fake_check(doc)
    t1, t2 = doc.tables
    a, b = t1.rows[0].cells[2], t2.rows[0].cells[2]
    f = Finding("B2", ERROR, "支出决算表 合计.本年支出合计 与 一般公共预算财政拨款支出决算表 合计.合计 不一致",
                Location(table="T01", row=0, column=t1.columns[2], page=1, bbox=a.bbox, row_label="合计"),
                expected=b.value, actual=a.value, difference=a.value - b.value,
                related=(Location(table="T02", row=0, column=t2.columns[2], page=2, bbox=b.bbox, row_label="合计"),),
                id=f"F{len(report.findings) + 1:04d}")
    report.findings.append(f)
    return report


def test_4_messages_lead_with_figures_and_cross_findings_have_an_other_side(qtbot, cjk_app, tmp_path, planted):
    from auditdesk.widgets.findings_model import COL_MESSAGE

    pdf, doc = planted
    w = window(qtbot, tmp_path, doc, check=cross_check)
    open_wait(qtbot, w, pdf)
    model = w.findings_panel.model
    first = model.index(0, COL_MESSAGE).data()
    assert first.startswith("印 301.00 ≠ 应为 300.00（差 +1.00）")
    cross = next(f for f in w.report.findings if f.rule == "B2")
    text = model.index(model.row_of(cross.key_str), COL_MESSAGE).data()
    assert "合计 / 本年支出合计" in text and "合计.本年支出合计" not in text  # printed names
    w.c.findings.activate_finding(cross)
    assert w.grid_model.table.id == "T01" and "Ctrl+J" in w.status_label.text()
    w.actions.other_side.trigger()  # 对方
    assert w.grid_model.table.id == "T02" and w.grid_view.currentIndex().row() == 0
    assert w.page_view.focus_rects()[0][0] == 2  # the page shows the other side first
    w.actions.other_side.trigger()  # and back
    assert w.grid_model.table.id == "T01"


# ---------------------------------------------------------------------------- 5 page


def test_5_fit_width_fits_the_current_page(qtbot, cjk_app):
    from auditdesk.widgets.pdf_page_view import GAP, PdfPageView

    v = PdfPageView()
    qtbot.addWidget(v)
    v.resize(700, 800)
    v.show()
    v.set_pages([(842, 595), (595, 842)], None)  # a landscape cover, then a portrait table page
    v.fit_width()
    v.go_to_page(2)
    assert v.zoom() == pytest.approx((v.viewport().width() - 2) / (595 + 2 * GAP), rel=0.02)
    v.go_to_page(1)
    assert v.zoom() == pytest.approx((v.viewport().width() - 2) / (842 + 2 * GAP), rel=0.02)


def test_5_page_follows_the_first_table_on_open(qtbot, cjk_app, tmp_path):
    pdf = tmp_path / "late.pdf"
    doc = build_sample(str(pdf))
    doc = dataclasses.replace(doc, tables=[doc.tables[1]])  # the first table is on page 2
    w = window(qtbot, tmp_path, doc)
    open_wait(qtbot, w, pdf)
    assert w.grid_model.table.id == "T02"
    qtbot.waitUntil(lambda: w.page_view.current_page() == 2, timeout=3000)


# ---------------------------------------------------------------------------- 6 grid


def test_6_label_column_frozen_and_rows_at_1366x768(qtbot, cjk_app, tmp_path, planted):
    pdf, doc = planted
    w = window(qtbot, tmp_path, doc, size=(1366, 740))
    open_wait(qtbot, w, pdf)
    g = w.grid_view
    assert g.frozen_columns() >= 1 and g.frozen.isVisible()
    g.resize(300, g.height())  # narrow: the figures scroll sideways
    QApplication.processEvents()
    g.horizontalScrollBar().setValue(g.horizontalScrollBar().maximum())
    QApplication.processEvents()
    assert g.horizontalScrollBar().value() > 0
    assert g.frozen.columnViewportPosition(0) == 0 and not g.frozen.isColumnHidden(0)
    assert g.frozen.geometry().left() <= g.viewport().geometry().left() + 2


def test_6_grid_shows_enough_rows_at_1366x768(qtbot, cjk_app, tmp_path):
    pdf = tmp_path / "long.pdf"
    doc = build_sample(str(pdf))
    t = doc.tables[0]
    t.rows.extend(dataclasses.replace(t.rows[3], cells=list(t.rows[3].cells)) for _ in range(30))
    w = window(qtbot, tmp_path, doc, size=(1366, 740))  # 768 minus a panel
    open_wait(qtbot, w, pdf)
    rows = w.grid_view.viewport().height() // w.grid_view.rowHeight(0)
    assert rows >= 14, rows


# ---------------------------------------------------------------------------- 7 bad files


def test_7_corrupt_pdf_says_what_the_cli_says(qtbot, cjk_app, tmp_path):
    from auditdesk.app.cli import check_file

    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage\n%%EOF")
    cli = check_file(str(bad), None, None)
    assert cli.code == 2 and cli.message
    from auditdesk.app.main_window import MainWindow

    qs = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(qs, check_fn=fake_check, use_session=False)  # the real child-process extractor
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.open_failed, timeout=30000) as blocker:
        w.open_file(bad)
    assert cli.message in blocker.args[0] and "意外退出" not in blocker.args[0]
    w.close()


def test_7_non_disclosure_has_nothing_to_export(qtbot, cjk_app, tmp_path):
    pdf = tmp_path / "letter.pdf"
    doc = dataclasses.replace(build_sample(str(pdf)), tables=[], narrative=[])
    w = window(qtbot, tmp_path, doc)
    with qtbot.waitSignal(w.open_failed, timeout=5000) as blocker:
        w.open_file(pdf)
    assert "没有找到任何决算/预算表格" in blocker.args[0]
    assert not w.actions.export.isEnabled() and w.document is None
    assert "错误 0" not in w.counts_label.text()


# ---------------------------------------------------------------------------- 8 translations


def test_8_qt_dialogs_in_chinese(qapp):
    from auditdesk.app.main import install_translations

    assert install_translations(qapp)
    assert QCoreApplication.translate("QPlatformTheme", "OK") == "确定"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


# ---------------------------------------------------------------------------- 10 platform plugin


def test_10_missing_xcb_libraries_one_sentence(tmp_path, monkeypatch, capsys):
    from auditdesk.app import main, platform_check

    def load(_path):
        raise OSError("libxcb-cursor.so.0: cannot open shared object file: No such file or directory")

    msg = platform_check.window_problem({"DISPLAY": ":0"}, tmp_path / "libqxcb.so", load)
    assert "libxcb-cursor.so.0" in msg and "sudo apt install libxcb-cursor0" in msg and "\n" not in msg
    assert platform_check.window_problem({}, tmp_path / "libqxcb.so", load).startswith("无法打开窗口：没有图形显示")
    assert platform_check.window_problem({"QT_QPA_PLATFORM": "offscreen"}, tmp_path / "x.so", load) is None
    monkeypatch.setattr(platform_check, "window_problem", lambda: msg)
    assert main.run_gui(["auditdesk"]) == 2  # exits with the sentence, never aborts in Qt
    assert msg in capsys.readouterr().err


# ---------------------------------------------------------------------------- 11 smaller


def test_11_find_in_grid_and_page_text(qtbot, cjk_app, tmp_path, planted):
    pdf, doc = planted
    w = window(qtbot, tmp_path, doc)
    open_wait(qtbot, w, pdf)
    w.actions.find.trigger()
    assert w.find_bar.isVisible()
    n = w.c.search.search("行政运行")
    assert n >= 1
    cur = w.grid_view.currentIndex()
    assert w.grid_model.table.id == "T01" and w.grid_model.table.rows[cur.row()].label == "行政运行"
    assert w.c.search.search("情况说明") >= 1  # only in the page text (a heading)
    assert w.page_view.focus_rects()[0][0] == 2
    assert w.c.search.search("不存在的文字") == 0 and w.find_bar.result.text() == "未找到"


def test_11_tab_leaves_the_grid(qtbot, cjk_app, tmp_path, planted):
    pdf, doc = planted
    w = window(qtbot, tmp_path, doc)
    open_wait(qtbot, w, pdf)
    g = w.grid_view
    g.setFocus()
    g.select_cell(0, 0)
    QTest.keyClick(g, Qt.Key.Key_Tab)
    assert g.currentIndex().column() == 1  # Tab still walks the cells
    m = w.grid_model
    g.select_cell(m.rowCount() - 1, m.columnCount() - 1)
    QTest.keyClick(g, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not g  # … and leaves at the end
    g.setFocus()
    g.select_cell(2, 2)
    QTest.keyClick(g, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is not g


def test_11_f8_on_empty_list_says_so(qtbot, cjk_app, tmp_path):
    pdf = tmp_path / "clean.pdf"
    doc = build_sample(str(pdf))
    w = window(qtbot, tmp_path, doc)
    open_wait(qtbot, w, pdf)
    w.actions.next_finding.trigger()
    assert "没有可跳转的问题" in w.status_label.text()


def test_11_after_a_fix_the_next_finding_is_shown(qtbot, cjk_app, tmp_path, planted):
    pdf, doc = planted
    w = window(qtbot, tmp_path, doc)
    open_wait(qtbot, w, pdf)
    with qtbot.waitSignal(w.report_applied, timeout=5000):
        w.c.edit.request_edit(5, 2, "36.13")  # a second finding, on row 5
    assert len(w.report.findings) == 2
    w.findings_panel.select_row(0)  # the planted one, row 2
    assert w.grid_view.currentIndex().row() == 2
    with qtbot.waitSignal(w.report_applied, timeout=5000):
        w.c.edit.request_edit(2, 2, "300.00")  # the fix
    assert len(w.report.findings) == 1
    remaining = w.report.findings[0]
    assert w.findings_panel.current_finding().key_str == remaining.key_str
    assert w.grid_view.currentIndex().row() == remaining.location.row  # shown, not only selected
    assert remaining.id in w.status_label.text()


def test_11_no_text_layer_names_the_page(qtbot, cjk_app, tmp_path):
    pdf = tmp_path / "blank.pdf"
    doc = build_sample(str(pdf))
    doc.issues = [ParseIssue("no_text", "本页没有文字层（空白页或图片）。", 2)]
    w = window(qtbot, tmp_path, doc)
    with qtbot.waitSignal(w.document_loaded, timeout=5000):
        w.open_file(pdf)
    assert "第 2 页：本页没有文字层" in w.status_label.text()


def test_3_old_log_entries_are_shown_with_printed_names(tmp_path, planted):
    """A 修改记录 written by an older version (internal keys) reads with F-ids and printed names."""
    from auditdesk.app.session import Anchor, LogEntry, ReviewSession

    pdf, doc = planted
    s = ReviewSession(doc, pdf)
    s.set_report(fake_check(doc))
    f = s.report.findings[0]
    old = LogEntry("2025-01-01T10:00:00", "张三", "status", f"问题 {f.key_str}", None, "已确认问题", "",
                   Anchor.for_finding(f.key_str))
    assert s.log_place(old).startswith("问题 F0001（A8 支出决算表 / 20601 科学技术管理事务")
    cell = Anchor.for_cell(doc, "T01", 2, 2)
    legacy = LogEntry("2025-01-01T10:00:00", "张三", "edit", "支出决算表 / x", "1", "2", "",
                      dataclasses.replace(cell, place=None))
    assert s.log_place(legacy) == "支出决算表 / 20601 科学技术管理事务 / 本年支出合计"


# ------------------------------------------------------------ OCR'd document: status sentence


def test_ocr_document_counts_only_unconfirmed_low_confidence_cells(qtbot, cjk_app, tmp_path):
    """The status bar names the cells still to confirm, by the same bar as the grid and the
    checks (`LOW_CONFIDENCE`): a cell the auditor re-typed is confirmed, a 0.85 cell is fine."""
    from auditdesk.parsing.model import LOW_CONFIDENCE

    pdf = tmp_path / "scan.pdf"
    doc = build_sample(str(pdf))
    doc.ocr, doc.ocr_pages = True, [1, 2]
    marks = iter([LOW_CONFIDENCE - 0.3, LOW_CONFIDENCE - 0.1, LOW_CONFIDENCE + 0.05])
    for row in doc.tables[0].rows:
        for i, c in enumerate(row.cells):
            conf = next(marks, None) if c.text else None
            if conf is not None:
                c = dataclasses.replace(c, confidence=conf)
                if conf == LOW_CONFIDENCE - 0.1:
                    c = dataclasses.replace(c, original="9" + c.text)  # the auditor corrected it
                row.cells[i] = c
    w = window(qtbot, tmp_path, doc)
    open_wait(qtbot, w, pdf)
    text = w.status_label.text()
    assert "第 1、2 页为扫描件" in text and "1 个单元格置信度低" in text, text
