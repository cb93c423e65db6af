"""A disclosure published as two PDFs (情况说明 and tables): each half alone is accepted and
checked with the rules that apply (coverage says which could not run and why); both together
(`auditdesk check TEXT.pdf TABLES.pdf`) are reviewed as one document."""
from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest

from auditdesk.app.cli import run_cli
from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import is_disclosure, open_disclosure, open_disclosures
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed

REAL = Path("/work/shared/real-pdfs") / "putuo_finance_2024_final.pdf"


@pytest.fixture(scope="module")
def halves(tmp_path_factory):
    base = load_seed(0)
    d = tmp_path_factory.mktemp("split")
    text = base.copy()
    text.tables, text.forms, text.cover = [], [], False
    tables = base.copy()
    tables.narrative, tables.forms, tables.cover = [], [], False
    whole = base.copy()
    whole.forms = []
    paths = {}
    for name, spec in (("text", text), ("tables", tables), ("whole", whole)):
        paths[name] = d / f"{name}.pdf"
        render_pdf(spec, paths[name])
    return base, paths


def test_tables_only_half(halves):
    base, paths = halves
    doc = open_disclosure(paths["tables"])
    assert len(doc.tables) == len(base.tables) and not doc.narrative
    assert doc.department == base.department and doc.year == base.year  # from 部门名称： / 2024年度
    cov = {c.rule: c for c in run_checks(doc).coverage}
    assert cov["A1"].status == "ran"
    assert cov["C1"].status == "skipped" and "没有情况说明" in cov["C1"].why
    assert cov["D3"].status == "skipped" and "auditdesk check" in cov["D3"].why


def test_text_only_half(halves):
    base, paths = halves
    doc = open_disclosure(paths["text"])
    assert not doc.tables and is_disclosure(doc)
    assert len(doc.narrative) > 20
    assert doc.year == base.year
    cov = {c.rule: c for c in run_checks(doc).coverage}
    assert cov["D4"].status == "ran"
    for rid in ("A1", "B1", "C1", "B16"):
        assert cov[rid].status == "skipped" and "没有表格" in cov[rid].why, rid


def test_two_halves_are_one_disclosure(halves):
    base, paths = halves
    whole = open_disclosure(paths["whole"])
    doc = open_disclosures([paths["tables"], paths["text"]])
    assert [t.title for t in doc.tables] == [t.title for t in whole.tables]
    assert len(doc.narrative) == len(whole.narrative)
    assert [s.first for s in doc.sources] == [1, doc.sources[0].pages + 1]
    assert doc.narrative[0].page > doc.sources[0].pages  # pages number on across the files
    cov = {c.rule: c for c in run_checks(doc).coverage}
    assert cov["C1"].status == "ran" and cov["A1"].status == "ran"
    assert {f.rule for f in run_checks(doc).findings} == {f.rule for f in run_checks(whole).findings}


def test_cli_text_and_tables(halves, tmp_path, capsys):
    _, paths = halves
    out = tmp_path / "r.json"
    code = run_cli(["check", str(paths["text"]), str(paths["tables"]), "--json", str(out)])
    assert code in (0, 1)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [s["file"] for s in data["document"]["sources"]] == ["text.pdf", "tables.pdf"]
    assert data["tables"] and data["narrative"]
    assert {c["rule"]: c["status"] for c in data["coverage"]}["C1"] == "ran"
    assert run_cli(["check", str(paths["text"])]) in (0, 1)  # the text half alone is accepted


def test_cli_rejects_a_folder_among_files(halves, tmp_path, capsys):
    _, paths = halves
    assert run_cli(["check", str(paths["text"]), str(tmp_path)]) == 2
    assert "文件夹" in capsys.readouterr().err
    assert run_cli(["check", str(paths["text"]), str(tmp_path / "missing.pdf")]) == 2
    assert "missing.pdf" in capsys.readouterr().err


@pytest.mark.skipif(not REAL.exists(), reason="real PDFs not available")
def test_real_disclosure_split_in_two(tmp_path):
    """A real 决算 cut into its tables (p1–20) and its 情况说明 (p21–25): the pair finds what the
    whole file finds."""
    src = pymupdf.open(REAL)
    for name, rng in (("tables", (0, 19)), ("text", (20, src.page_count - 1))):
        part = pymupdf.open()
        part.insert_pdf(src, from_page=rng[0], to_page=rng[1])
        part.save(tmp_path / f"{name}.pdf")
    whole = open_disclosure(REAL)
    pair = open_disclosures([tmp_path / "tables.pdf", tmp_path / "text.pdf"])
    assert [t.title for t in pair.tables] == [t.title for t in whole.tables]
    key = lambda r: sorted((f.rule, f.severity, f.message) for f in r.findings)  # noqa: E731
    assert key(run_checks(pair)) == key(run_checks(whole))
    alone = open_disclosure(tmp_path / "tables.pdf")
    assert alone.department == whole.department and alone.year == whole.year
    text_first = open_disclosures([tmp_path / "text.pdf", tmp_path / "tables.pdf"])
    assert (text_first.department, text_first.year, text_first.kind) == (whole.department, whole.year, whole.kind)
