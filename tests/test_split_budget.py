"""A 预算 disclosure (the national template, a 街道, another year) published as two PDFs: each half
alone is accepted and checked with the rules that apply — coverage names each rule that could not
run and why — and an error planted in either half is reported, alone (D in the text, A in the
tables) or across the pair (C, the narrative against the other file's tables)."""
from __future__ import annotations

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import is_disclosure, open_disclosure, open_disclosures
from tests.fixtures.budget import budget_in_year
from tests.fixtures.render import render_pdf

YEAR = 2019


def _halves(spec):
    text = spec.copy()
    text.tables, text.forms, text.cover = [], [], False
    tables = spec.copy()
    tables.narrative, tables.forms, tables.cover = [], [], False
    return text, tables


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    d = tmp_path_factory.mktemp("split_budget")
    clean = budget_in_year(YEAR)
    planted = clean.copy()
    # the text: 项目支出 off (D6: 基本 + 项目 ≠ the 一般公共预算支出 it itemises; C5 against the tables)
    planted.narrative = [p.replace("项目支出350.00万元", "项目支出360.00万元") for p in planted.narrative]
    # the tables: one 类 of the 支出总表 off (A7: 合计 ≠ Σ 类)
    t3 = next(t for t in planted.tables if t.title.endswith("部门支出总表"))
    t3.rows[3][2] = "310.00"
    out = {}
    for tag, spec in (("clean", clean), ("planted", planted)):
        text, tables = _halves(spec)
        for half, s in (("text", text), ("tables", tables)):
            out[tag, half] = d / f"{tag}_{half}.pdf"
            render_pdf(s, out[tag, half])
    return clean, out


def _errors(doc):
    return [f for f in run_checks(doc).findings if f.severity == "error"]


def test_text_half_alone(pdfs):
    spec, p = pdfs
    doc = open_disclosure(p["clean", "text"])
    assert not doc.tables and is_disclosure(doc)
    assert (doc.year, doc.kind) == (YEAR, "部门预算")
    report = run_checks(doc)
    cov = {c.rule: c for c in report.coverage}
    assert cov["D6"].status == "ran" and cov["D1"].status == "ran"
    for rid in ("A1", "B1", "C1", "C5"):
        assert cov[rid].status == "skipped" and "没有表格" in cov[rid].why, rid
    assert not _errors(doc)
    planted = _errors(open_disclosure(p["planted", "text"]))
    assert [f.rule for f in planted] == ["D6"], [f.message for f in planted]


def test_tables_half_alone(pdfs):
    spec, p = pdfs
    doc = open_disclosure(p["clean", "tables"])
    assert not doc.narrative and len(doc.tables) == len(spec.tables)
    assert (doc.department, doc.year, doc.kind) == (spec.department, YEAR, "部门预算")
    cov = {c.rule: c for c in run_checks(doc).coverage}
    assert cov["A7"].status == "ran" and cov["B2"].status == "ran"
    for rid in ("C1", "C5", "D1"):
        assert cov[rid].status == "skipped" and "没有情况说明" in cov[rid].why, rid
    assert not _errors(doc)
    planted = _errors(open_disclosure(p["planted", "tables"]))
    assert planted and all(f.rule[0] in "AB" for f in planted), [f.message for f in planted]


def test_the_pair_checks_text_against_tables(pdfs):
    spec, p = pdfs
    clean = open_disclosures([p["clean", "text"], p["clean", "tables"]])
    assert (clean.department, clean.year, clean.kind) == (spec.department, YEAR, "部门预算")
    cov = {c.rule: c for c in run_checks(clean).coverage}
    assert all(cov[r].status == "ran" for r in ("A7", "C1", "C3", "C5", "D6")), {r: cov[r] for r in ("C1", "C5")}
    assert not _errors(clean)
    mixed = open_disclosures([p["planted", "text"], p["clean", "tables"]])
    got = _errors(mixed)
    c5 = [f for f in got if f.rule == "C5"]
    assert c5 and any(loc.table for f in c5 for loc in f.related), [f.message for f in got]
