"""`auditdesk TEXT.pdf TABLES.pdf`: the window opens the pair joined into one PDF (kept in the
application-data folder, so the same pair reopens the same file and its review session)."""
from __future__ import annotations

import pymupdf

from auditdesk.app import main as app_main
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed


def test_pair_joined_once(tmp_path, monkeypatch):
    base = load_seed(2)
    text, tables = base.copy(), base.copy()
    text.tables, text.forms, text.cover = [], [], False
    tables.narrative, tables.forms, tables.cover = [], [], False
    render_pdf(text, tmp_path / "说明.pdf")
    render_pdf(tables, tmp_path / "表格.pdf")
    monkeypatch.setattr(app_main, "log_path", lambda: tmp_path / "appdata" / "auditdesk.log")
    files = [str(tmp_path / "说明.pdf"), str(tmp_path / "表格.pdf")]
    merged = app_main.merged_pdf(files)
    assert merged is not None and merged.parent == tmp_path / "appdata" / "merged"
    n = [pymupdf.open(f).page_count for f in files]
    assert pymupdf.open(merged).page_count == sum(n)
    assert app_main.merged_pdf(files) == merged  # the same pair → the same file (and session)
    doc = open_disclosure(merged)
    assert len(doc.tables) == len(base.tables) and len(doc.narrative) > 10
    assert app_main.merged_pdf([files[0], str(tmp_path / "missing.pdf")]) is None


def test_window_opens_the_pair_and_checks_narrative_against_tables(qtbot, cjk_app, tmp_path, monkeypatch):
    """The auditor picks the 情况说明 PDF and the tables PDF together in 文件 ▸ 打开: the window
    reviews them as one disclosure, and a narrative figure that disagrees with a table of the
    other file is listed, and selecting it shows the sentence in the first file's pages."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog

    from auditdesk.app.main_window import MainWindow
    from tests.fixtures.plant import plant_narrative

    base = load_seed(0)
    text, tables = base.copy(), base.copy()
    text.tables, text.forms, text.cover = [], [], False
    tables.narrative, tables.forms, tables.cover = [], [], False
    text = plant_narrative(text, "收入总计606.41万元", "收入总计607.41万元")  # the tables print 606.41
    files = [tmp_path / "情况说明.pdf", tmp_path / "公开表格.pdf"]
    render_pdf(text, files[0])
    render_pdf(tables, files[1])
    text_pages = pymupdf.open(files[0]).page_count
    monkeypatch.setattr(app_main, "log_path", lambda: tmp_path / "appdata" / "auditdesk.log")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(f) for f in files], "")))

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("user_name", "测试员")
    w = MainWindow(settings, extract_fn=lambda path, progress=None: open_disclosure(path, progress), use_session=False)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignals([w.document_loaded, w.report_applied], timeout=60000, order="strict"):
        w.c.open.open_dialog()

    assert w.path.startswith(str(tmp_path / "appdata" / "merged"))
    doc = w.document
    assert len(doc.tables) == len(base.tables) and len(doc.narrative) > 20
    assert w.page_view.page_count == text_pages + pymupdf.open(files[1]).page_count
    # a C rule compared the first file's sentence with the second file's table
    across = [f for f in w.report.findings if f.rule.startswith("C") and f.severity == "error"
              and f.location.narrative is not None and f.location.page <= text_pages
              and any(r.table and r.page and r.page > text_pages for r in f.related)]
    assert across, [(f.rule, f.message) for f in w.report.findings]
    assert "607.41" in across[0].message
    panel = w.findings_panel
    assert panel.select_key(across[0].key_str)
    qtbot.waitUntil(lambda: w.page_view.current_page() == across[0].location.page, timeout=5000)
