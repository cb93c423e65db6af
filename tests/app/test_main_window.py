"""The main window on a hand-built 2-page disclosure (real PDF + matching Document)."""
from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QElapsedTimer, QPointF, QSettings, QTimer

from auditdesk.widgets.grid_model import SEVERITY_ROLE
from tests.widgets.sample_doc import build_sample, fake_check


@pytest.fixture
def sample(tmp_path):
    pdf = tmp_path / "sample.pdf"
    doc = build_sample(str(pdf), planted=False)
    return pdf, doc


def make_window(qtbot, tmp_path, doc, *, extract=None, check=fake_check, **kw):
    from auditdesk.app.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    if kw.pop("named", True) and not settings.value("user_name"):
        settings.setValue("user_name", "测试员")  # else the first edit asks for the name
    w = MainWindow(settings, extract_fn=extract or (lambda path, progress=None: doc), check_fn=check,
                   use_session=kw.pop("use_session", False), **kw)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    return w


def open_and_wait(qtbot, w, path):
    with qtbot.waitSignals([w.document_loaded, w.report_applied], timeout=10000, order="strict"):
        w.open_file(path)


def test_open_document(qtbot, cjk_app, tmp_path, sample):
    pdf, doc = sample
    w = make_window(qtbot, tmp_path, doc)
    open_and_wait(qtbot, w, pdf)
    assert w.document is doc
    assert w.table_list.count() == 2
    assert w.grid_model.table is doc.tables[0]
    assert w.page_view.page_count == 2
    assert w.report is not None and w.report.findings == []
    assert "sample.pdf" in w.windowTitle()


def test_select_cell_outlines_bbox_on_page(qtbot, cjk_app, tmp_path, sample):
    pdf, doc = sample
    w = make_window(qtbot, tmp_path, doc)
    open_and_wait(qtbot, w, pdf)
    w.page_view.set_zoom(1.5)
    w.grid_view.select_cell(3, 2)
    cell = doc.tables[0].rows[3].cells[2]
    page, rect = w.page_view.selection_rect()
    assert page == 1
    assert (rect.left(), rect.top(), rect.right(), rect.bottom()) == pytest.approx(cell.bbox)
    # scaled into the view: 1.5 px per point, and visible in the viewport
    scene = w.page_view.selection_scene_rect()
    on_screen = w.page_view.mapFromScene(scene).boundingRect()
    assert on_screen.width() == pytest.approx((cell.bbox[2] - cell.bbox[0]) * 1.5, abs=2)
    assert on_screen.height() == pytest.approx((cell.bbox[3] - cell.bbox[1]) * 1.5, abs=2)
    assert w.page_view.viewport().rect().intersects(on_screen)


def test_click_on_page_selects_cell(qtbot, cjk_app, tmp_path, sample):
    pdf, doc = sample
    w = make_window(qtbot, tmp_path, doc)
    open_and_wait(qtbot, w, pdf)
    t2 = doc.tables[1]
    x0, y0, x1, y1 = t2.rows[4].cells[3].bbox
    w.page_view.click_at(w.page_view.page_rect(2).topLeft() + QPointF((x0 + x1) / 2, (y0 + y1) / 2))
    assert w.grid_model.table is t2
    cur = w.grid_view.currentIndex()
    assert (cur.row(), cur.column()) == (4, 3)
    assert w.table_list.current_table_id() == "T02"


def test_edit_creates_finding_and_undo_removes_it(qtbot, cjk_app, tmp_path, sample):
    pdf, doc = sample
    w = make_window(qtbot, tmp_path, doc)
    open_and_wait(qtbot, w, pdf)
    with qtbot.waitSignal(w.report_applied, timeout=5000):
        w.grid_model.setData(w.grid_model.index(2, 2), "301.00")
    assert doc.tables[0].rows[2].cells[2].text == "301.00"
    assert [f.rule for f in w.report.findings] == ["A8"]
    assert w.findings_panel.model.rowCount() == 1
    assert w.grid_model.data(w.grid_model.index(2, 2), SEVERITY_ROLE) == "error"
    assert w.isWindowModified()
    assert "修改" in w.undo_stack.undoText()
    with qtbot.waitSignal(w.report_applied, timeout=5000):
        w.undo_stack.undo()
    assert doc.tables[0].rows[2].cells[2].text == "300.00"
    assert not doc.tables[0].rows[2].cells[2].edited
    assert w.report.findings == []
    assert not w.isWindowModified()
    with qtbot.waitSignal(w.report_applied, timeout=5000):
        w.undo_stack.redo()
    assert len(w.report.findings) == 1


def test_rapid_edits_are_debounced_and_stale_results_dropped(qtbot, cjk_app, tmp_path, sample):
    pdf, doc = sample
    w = make_window(qtbot, tmp_path, doc)
    open_and_wait(qtbot, w, pdf)
    runs_before = w.scheduler.runs
    for text in ("301.00", "302.00", "303.00", "300.00", "305.00"):
        w.c.edit.request_edit(2, 2, text)
    qtbot.waitUntil(lambda: w.scheduler.runs > runs_before and not w.scheduler.is_busy(), timeout=5000)
    qtbot.wait(300)
    assert w.scheduler.runs - runs_before == 1
    assert [f.actual for f in w.report.findings] == [doc.tables[0].rows[2].cells[2].value]


def test_activate_finding_shows_both_sides(qtbot, cjk_app, tmp_path):
    pdf = tmp_path / "planted.pdf"
    doc = build_sample(str(pdf), planted=True)
    w = make_window(qtbot, tmp_path, doc)
    open_and_wait(qtbot, w, pdf)
    # go elsewhere first
    w.table_list.select_table("T02")
    assert w.grid_model.table is doc.tables[1]
    finding = w.report.findings[0]
    w.c.findings.activate_finding(finding)
    assert w.grid_model.table is doc.tables[0]
    cur = w.grid_view.currentIndex()
    assert (cur.row(), cur.column()) == (2, 2)
    focus = w.page_view.focus_rects()
    cell = doc.tables[0].rows[2].cells[2]
    assert focus[0][0] == 1
    r = focus[0][1]
    assert (r.left(), r.top(), r.right(), r.bottom()) == pytest.approx(cell.bbox)
    assert len(focus) == 3  # the cell and its two addends
    # F8 goes through the panel
    w.findings_panel.select_next()
    assert w.findings_panel.current_finding() is not None


def test_narrative_finding_shows_sentence(qtbot, cjk_app, tmp_path, sample):
    pdf, doc = sample
    w = make_window(qtbot, tmp_path, doc)
    open_and_wait(qtbot, w, pdf)
    w.table_list.select_table("T02")
    with qtbot.waitSignal(w.report_applied, timeout=5000):
        w.c.edit.request_edit(0, 2, "1,300.00")
    narrative = [f for f in w.report.findings if f.location.narrative is not None]
    assert narrative
    w.c.findings.activate_finding(narrative[0])
    page, rect = w.page_view.focus_rects()[0]
    s = doc.narrative[0]
    assert page == s.page and (rect.left(), rect.top()) == pytest.approx(s.bbox[:2])
    cur = w.grid_view.currentIndex()
    assert w.grid_model.table.id == "T02" and (cur.row(), cur.column()) == (0, 2)


def test_slow_extraction_does_not_block_event_loop(qtbot, cjk_app, tmp_path, sample):
    pdf, doc = sample

    def slow_extract(path, progress=None):
        for i in range(30):
            time.sleep(0.05)
            progress.report(i / 30, f"第 {i} 步")
        return doc

    w = make_window(qtbot, tmp_path, doc, extract=slow_extract)
    qtbot.wait(100)
    gaps = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setInterval(10)

    def tick():
        gaps.append(clock.restart())

    ticker.timeout.connect(tick)
    with qtbot.waitSignal(w.document_loaded, timeout=10000):
        w.open_file(pdf)
        clock.start()
        ticker.start()
        assert w.document is None  # open_file returned before extraction finished
    ticker.stop()
    assert len(gaps) > 50
    # A blocked loop would stall for the whole 1.5 s extraction; 200 ms leaves room for a
    # loaded CI machine's scheduling (the < 50 ms target is measured by benchmarks/gui.py).
    assert max(gaps[1:]) < 200, f"event loop blocked for {max(gaps)} ms"
    assert w.progress.isHidden()


def test_second_open_wins(qtbot, cjk_app, tmp_path, sample):
    pdf, doc = sample
    other_pdf = tmp_path / "other.pdf"
    other = build_sample(str(other_pdf), planted=True)

    def extract(path, progress=None):
        if path.endswith("sample.pdf"):
            time.sleep(0.6)  # finishes after the second file
            return doc
        return other

    w = make_window(qtbot, tmp_path, doc, extract=extract)
    w.open_file(pdf)
    with qtbot.waitSignal(w.document_loaded, timeout=5000):
        w.open_file(other_pdf)
    qtbot.wait(900)
    assert w.document is other
    assert w.path.endswith("other.pdf")


def test_bad_file_one_dialog(qtbot, cjk_app, tmp_path, sample):
    _pdf, doc = sample

    class Unusable(Exception):
        pass

    def extract(path, progress=None):
        raise Unusable("文件已损坏或不是 PDF，无法打开。")

    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    w = make_window(qtbot, tmp_path, doc, extract=extract)
    with qtbot.waitSignal(w.open_failed, timeout=5000) as blocker:
        w.open_file(bad)
    assert "文件已损坏" in blocker.args[0]
    assert w.last_error == blocker.args[0]
    assert w._error_box is not None and "Traceback" not in w._error_box.text()
    assert w.document is None


def test_recent_files_and_geometry_remembered(qtbot, cjk_app, tmp_path, sample):
    pdf, doc = sample
    w = make_window(qtbot, tmp_path, doc)
    open_and_wait(qtbot, w, pdf)
    w.resize(1000, 700)
    w.close()
    w2 = make_window(qtbot, tmp_path, doc)
    assert w2.settings.recent_files[0] == str(pdf.resolve())
    assert (w2.width(), w2.height()) == (1400, 900)  # make_window resizes; geometry restored before
    qs = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert qs.value("window/geometry") is not None


def test_real_extractor_checks_and_session(qtbot, cjk_app, tmp_path):
    """The bundled sample through the real child-process extractor, real checks, real session."""
    import shutil

    from auditdesk.app.main import sample_pdf
    from auditdesk.app.main_window import MainWindow

    src = sample_pdf()
    if src is None:
        pytest.skip("resources/sample.pdf not generated")
    pdf = tmp_path / "sample.pdf"
    shutil.copy(src, pdf)
    qs = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    qs.setValue("user_name", "测试员")
    w = MainWindow(qs)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignals([w.document_loaded, w.report_applied], timeout=30000, order="strict"):
        w.open_file(pdf)
    assert w.document.tables and w.report is not None
    assert w.session is not None
    f = next(f for f in w.report.findings if f.location.table)
    w.c.findings.activate_finding(f)
    assert w.grid_model.table.id == f.location.table
    assert w.page_view.focus_rects()
    row = next(i for i, r in enumerate(w.grid_model.table.rows) if any(c.value is not None for c in r.cells))
    col = next(j for j, c in enumerate(w.grid_model.table.rows[row].cells) if c.value is not None)
    with qtbot.waitSignal(w.report_applied, timeout=10000):
        w.c.edit.request_edit(row, col, "999999.99")
    assert w.session.edit_at(w.grid_model.table.id, row, col) is not None
    w.close()
    assert (tmp_path / "sample.pdf.auditdesk.json").exists()  # saved on close


def test_export_workpaper_in_background(qtbot, cjk_app, tmp_path, sample):
    from auditdesk.app.workpaper import write_workpaper

    pdf, doc = sample
    w = make_window(qtbot, tmp_path, doc)
    open_and_wait(qtbot, w, pdf)
    out = tmp_path / "底稿.xlsx"
    job = w.c.export.start_export(write_workpaper, str(out))
    assert job is not None
    qtbot.waitUntil(lambda: out.exists() and w.progress.isHidden(), timeout=15000)
    assert w.last_error is None


def test_page_renderer_steps_match_whole_page(cjk_app, tmp_path, sample):
    from auditdesk.app.page_renderer import PageRenderer

    pdf, _doc = sample
    r = PageRenderer(str(pdf))
    whole = r.render(1, 1.3)
    r._cache.clear()
    parts = list(r.render_steps(1, 1.3))
    assert parts[:-1] and all(p is None for p in parts[:-1])
    assert parts[-1] == whole  # pixel for pixel
    assert list(r.render_steps(1, 1.3)) == [parts[-1]]  # cached
    r.close()
