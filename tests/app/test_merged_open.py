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
