"""Working-paper form sheets: 执行率, 得分, 结转结余 and 总分 re-performed by live formulas beside
the printed figures; LibreOffice recalculates each to AuditDesk's figure; 问题清单 links to
the form cell."""
from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest

from auditdesk.app.workpaper import FINDINGS, write_workpaper
from auditdesk.checks import run_checks
from auditdesk.parsing.extract import open_disclosure
from auditdesk.parsing.performance_forms import read_form
from tests.fixtures.forms import form_spec, render_forms


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wpforms")
    out = []
    for seed in (1, 3, 4):
        path, _ = render_forms(folder, form_spec(seed), True, f"s{seed}.pdf")
        doc = open_disclosure(path)
        report = run_checks(doc)
        res = write_workpaper(doc, report, None, folder / f"s{seed}.xlsx")
        out.append((doc, report, res))
    return folder, out


def _form_formulas(doc, res):
    sheets = {res.table_sheets[t.id] for t in doc.tables if t.kind == "form"}
    return [f for f in res.formulas if f.sheet in sheets]


def test_every_form_sheet_re_performs_its_relations(written):
    _folder, out = written
    for doc, _report, res in out:
        fx = _form_formulas(doc, res)
        wb = openpyxl.load_workbook(res.path)
        for t in doc.tables:
            if t.kind != "form":
                continue
            ws = wb[res.table_sheets[t.id]]
            heads = [c.value for c in ws[6] if isinstance(c.value, str) and c.value.startswith("复算·")]
            f = read_form(t)
            if f.total is not None and any(s.score is not None for s in f.scores):
                assert "复算·总分(Σ得分)" in heads, (t.title, heads)
            if f.get("rate") is not None and f.get("budget") is not None and f.get("budget").value:
                assert "复算·执行率(%)" in heads, (t.title, heads)
        assert fx and any("MIN(" in f.formula for f in fx)
    # 003: 执行率, 得分 (20分 × min(执行率, 100%)) and 总分 on the 企业人才活动经费 form
    doc, _report, res = out[1]
    fx = _form_formulas(doc, res)
    t = next(t for t in doc.tables if any("企业人才活动经费" in c.text for c in t.rows[0].cells))
    mine = [f for f in fx if f.sheet == res.table_sheets[t.id]]
    got = {f.formula: f.expected for f in mine}
    assert any(f.startswith("=20*MIN(") for f in got)
    assert any("/" in f and f.endswith("*100") for f in got)
    total = [v for f, v in got.items() if f.startswith("=") and "+" in f and "N(" not in f]
    assert total and total[0] == Decimal("97.3")


def test_findings_link_to_the_form_cell(written):
    _folder, out = written
    doc, report, res = out[2]  # 004: 6.32 vs 5.69
    f = next(x for x in report.findings if x.rule == "E3" and "6.32" in x.message)
    wb = openpyxl.load_workbook(res.path)
    ws = wb[FINDINGS]
    row = next(r for r in ws.iter_rows(min_row=7) if r[0].value == f.id)
    link = row[0].hyperlink
    sheet = res.table_sheets[f.location.table]
    assert link is not None and sheet in link.location
    target = link.location.split("!")[-1]
    assert wb[sheet][target].value == pytest.approx(6.32)


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_recalculates_every_form_formula(written, tmp_path):
    _folder, out = written
    checked = 0
    for doc, _report, res in out:
        outdir = tmp_path / "recalc"
        cmd = [_soffice(), f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--norestore",
               "--convert-to", "xlsx", "--outdir", str(outdir), str(res.path)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        recalc = outdir / res.path.name
        assert recalc.exists(), proc.stdout + proc.stderr
        wb = openpyxl.load_workbook(recalc, data_only=True)
        for f in _form_formulas(doc, res):
            got = wb[f.sheet][f.cell].value
            assert isinstance(got, (int, float)), f"{f.sheet}!{f.cell} {f.formula} → {got!r}"
            assert abs(Decimal(str(got)) - f.expected) < Decimal("0.000001"), (f, got)
            checked += 1
    assert checked >= 50
