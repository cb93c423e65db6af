"""预算 绩效目标表 (tests/fixtures/targets.py): 项目支出绩效目标表 and 部门整体支出绩效目标表 printed
after the 预算 tables are found as forms of their own type — ruled and unruled, several under
one title, each under a numbered title, one broken over two pages — read by their labels
(项目资金 年度资金总额 / 财政拨款 / 其他资金, the indicators' 指标值), never taken for 自评表 (no E
rule on results runs on them, no finding on a consistent document), and checked where a check
is certain: 年度资金总额 = Σ its sources (E2, 错误) and Σ 年度资金总额 vs the 项目支出 (E5, 核实)."""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing import table_types
from auditdesk.parsing.extract import open_disclosure
from auditdesk.parsing.performance_forms import DEPT_TARGET, TARGET, read_form
from tests.fixtures.render import render_pdf
from tests.fixtures.targets import PROJECTS, target_spec

LAYOUTS = ("one_title", "per_title", "two_page")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("targets")


@lru_cache(maxsize=None)
def _doc(folder: Path, layout: str, ruled: bool, plant: str | None = None, projects: int = 3):
    spec = target_spec(projects=projects, dept=projects > 0, layout=layout, numbered=layout == "per_title", plant=plant)
    path = folder / f"{layout}-{ruled}-{plant}-{projects}.pdf"
    render_pdf(spec, path, ruled=ruled)
    doc = open_disclosure(path)
    return doc, run_checks(doc)


@pytest.mark.parametrize("title,role", [
    ("2025年项目支出绩效目标表", "perf_target"), ("十、2025年项目支出绩效目标表", "perf_target"),
    ("2025年度某某部门项目支出绩效目标表", "perf_target"), ("重点项目绩效目标表", "perf_target"),
    ("部门整体支出绩效目标表", "perf_dept_target"), ("2025年部门绩效目标表", "perf_dept_target"),
    ("项目支出绩效自评表", "perf"), ("部门整体支出绩效自评表", "perf_dept"),
    ("绩效目标设置情况", None),  # a heading of the 情况说明
])
def test_registry_tells_target_forms(title, role):
    from auditdesk.parsing.tables import clean_title, is_title

    assert table_types.classify(clean_title(title)[0]) == role
    assert is_title(title) == (role is not None)
    if role and "目标" in title:
        assert table_types.get(role).form and role in table_types.PERF_ROLES


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_target_forms_read_as_forms(folder, layout, ruled):
    doc, report = _doc(folder, layout, ruled)
    # the 预算 tables keep their own rows: nothing swallowed (a numbered title was not a title)
    assert [(t.type, len(t.rows)) for t in doc.tables if t.kind == "table"] == [
        ("01", 7), ("02", 7), ("03", 7), ("05", 7)]
    forms = [t for t in doc.tables if t.kind == "form"]
    assert [t.type for t in forms] == ["perf_target"] * 3 + ["perf_dept_target"]
    if layout == "two_page":
        assert all(len(t.pages) >= 2 for t in forms[:3])
    for k, t in enumerate(forms[:3]):
        name, unit, total, fiscal, other, inds = PROJECTS[k]
        f = read_form(t)
        assert f.kind == TARGET and f.name == name and f.unit == "万元"
        assert f.fields["实施单位"].text == unit
        assert [(b.label, b.values["budget"].value) for b in f.budget_rows] == [
            ("年度资金总额", Decimal(total)), ("财政拨款", Decimal(fiscal)), ("其他资金", Decimal(other))]
        assert [(s.level3, s.target) for s in f.indicators] == [(c, v) for _a, _b, c, v in inds]
        # every cell a finding could point at has its page and box
        for b in f.budget_rows:
            fv = b.values["budget"]
            assert fv.page in t.pages and fv.bbox is not None
    d = read_form(forms[3])
    assert d.kind == DEPT_TARGET and d.name == "XX街道办事处"
    assert [(b.label, b.values["budget"].value) for b in d.budget_rows] == [
        ("资金总额", Decimal(1350)), ("财政拨款", Decimal(1200)), ("其他资金", Decimal(150))]
    assert len(d.indicators) == 4
    # targets are not 自评表: no rule on results runs, no finding on the consistent document
    cov = {c.rule: c.status for c in report.coverage}
    assert {r: cov[r] for r in ("E1", "E3", "E4")} == dict.fromkeys(("E1", "E3", "E4"), "not_applicable")
    assert cov["E2"] == "ran" and cov["E5"] == "ran"
    assert not [f for f in report.findings if f.rule[0] in "ABCDE"], [f.message for f in report.findings]


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("plant,form", [("funds", 0), ("dept_funds", 3)])
def test_planted_fund_total_is_an_e2_error_at_its_cell(folder, plant, form, ruled):
    doc, report = _doc(folder, "one_title", ruled, plant)
    forms = [t for t in doc.tables if t.kind == "form"]
    f = read_form(forms[form])
    total = f.budget.values["budget"]
    e2 = [x for x in report.findings if x.rule == "E2"]
    assert [(x.severity, x.location.table, x.location.row, x.location.col) for x in e2] == [
        ("error", forms[form].id, total.row, total.col)], [x.message for x in e2]
    assert "绩效目标表" in e2[0].message and "自评" not in e2[0].message
    assert not [x for x in report.findings if x.severity == "error" and x.rule != "E2" and x.rule[0] in "ABCDE"]


def test_target_funds_above_project_spending_is_a_warning(folder):
    doc, report = _doc(folder, "one_title", True, "over")
    e5 = [x for x in report.findings if x.rule == "E5"]
    assert [x.severity for x in e5] == ["warning"], [x.message for x in e5]
    assert "部门支出总表项目支出 450.00" in e5[0].message and "请核实" in e5[0].message
    assert e5[0].location.table == next(t.id for t in doc.tables if t.type == "03")
    assert len(e5[0].related) == 3
    assert not [x for x in report.findings if x.severity == "error" and x.rule[0] in "ABCDE"]


@pytest.mark.parametrize("plant,said", [("narr_count", "项目 5 个"), ("narr_funds", "460.00万元")])
def test_narrative_target_sentence_against_the_forms_is_a_warning(folder, plant, said):
    doc, report = _doc(folder, "one_title", True, plant)
    e5 = [x for x in report.findings if x.rule == "E5"]
    assert [x.severity for x in e5] == ["warning"] and said in e5[0].message, [x.message for x in e5]
    assert "绩效目标" in doc.narrative[e5[0].location.narrative].text


def test_target_forms_in_json_and_workbook(folder, tmp_path):
    """JSON and workbook treat target forms like any form; each project sheet re-performs
    年度资金总额 = Σ sources with a live formula, and LibreOffice recalculates it to AuditDesk's
    figure (the planted form: 310.00 printed, 250.00 + 50.00 = 300.00, difference 10)."""
    import shutil
    import subprocess

    from openpyxl import load_workbook

    from auditdesk.app.result_json import document_json
    from auditdesk.app.workpaper import write_workpaper

    doc, report = _doc(folder, "one_title", True, "funds")
    data = document_json(doc, report, 0.0)
    forms = [t for t in data["tables"] if t["type"] in ("perf_target", "perf_dept_target")]
    assert len(forms) == 4 and all(t["kind"] == "form" for t in forms)
    res = write_workpaper(doc, report, None, tmp_path / "wp.xlsx")
    ids = [t.id for t in doc.tables if t.kind == "form"]
    sheets = [res.table_sheets[i] for i in ids]
    mine = [f for f in res.formulas if f.sheet in sheets and f.rule == "E2"]
    # one Σ and one difference per form (3 projects + the 整体 form)
    mine = [f for f in mine if f.kind == "form"]
    assert len(mine) == 8, [(f.sheet, f.cell, f.formula) for f in mine]
    diffs = {f.sheet: f.expected for f in mine if f.formula.startswith("=N(")}
    assert diffs[sheets[0]] == Decimal(10) and all(v == 0 for k, v in diffs.items() if k != sheets[0])
    wb = load_workbook(res.path)
    heads = [c.value for c in wb[sheets[0]][6] if isinstance(c.value, str) and c.value.startswith("复算·")]
    assert heads == ["复算·资金总额(Σ来源)", "复算·资金总额差异"]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) not installed")
    outdir = tmp_path / "recalc"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--norestore",
                    "--convert-to", "xlsx", "--outdir", str(outdir), str(res.path)], capture_output=True, timeout=300)
    got = load_workbook(outdir / res.path.name, data_only=True)
    for f in mine:
        v = got[f.sheet][f.cell].value
        assert isinstance(v, (int, float)) and abs(Decimal(str(v)) - f.expected) < Decimal("0.000001"), (f, v)


def test_checklist_files_target_form_problems_under_their_row(folder):
    """部门预算 检查表: the 绩效目标表 attachment has its own row (not required); every problem on
    the forms' pages — all forms, the 整体 one too — is filed there, not under the table before."""
    from auditdesk.checks.checklist import fill
    from auditdesk.checks.checklist_template import builtin_template as builtin

    doc, report = _doc(folder, "one_title", True, "funds")
    filled = fill(doc, report, builtin("部门预算"))
    row = filled.row("performance_targets")
    assert row.verdict == "否" and any(p.rule == "E2" for p in row.problems), row.problems
    form_pages = {p for t in doc.tables if t.kind == "form" for p in t.pages}
    assert not [p for r in filled.rows if r.row.id != "performance_targets" for p in r.problems if p.page in form_pages]
    assert not [p for p in filled.unfiled if p.page in form_pages]
    # a 预算 without target forms: the row is not required, so it is not a 否
    doc0, report0 = _doc(folder, "one_title", True, None, 0)
    assert fill(doc0, report0, builtin("部门预算")).row("performance_targets").verdict != "否"


def _table(rows: list[list[str]], title: str):
    from auditdesk.parsing.model import Cell, Row, Table

    n = max(len(r) for r in rows)
    body = [Row([Cell.of(c) for c in (r + [""] * n)[:n]], 1, (0, 0, 1, 1)) for r in rows]
    t = Table("T09", title, None, None, [1], [], [f"列{j + 1}" for j in range(n)], body, kind="form")
    t.type = table_types.classify(title, "form")
    return t


def test_fund_block_variants():
    """Labels with a colon, 当年财政拨款 / 上年结转, figures printed with their unit."""
    t = _table([["项目名称", "某某项目"], ["项目资金（元）", "年度资金总额：", "1,200,000.00元"],
                ["", "其中：当年财政拨款", "1,000,000.00元"], ["", "上年结转", "150,000.00元"],
                ["", "其他资金", "50,000.00元"], ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
                ["", "产出指标", "数量指标", "培训人次", "≥500人次"]], "十、2025年项目支出绩效目标表")
    f = read_form(t)
    assert f.kind == TARGET and f.unit == "元" and f.name == "某某项目"
    assert [(b.label, b.values["budget"].value) for b in f.budget_rows] == [
        ("年度资金总额", Decimal(1200000)), ("当年财政拨款", Decimal(1000000)), ("上年结转", Decimal(150000)),
        ("其他资金", Decimal(50000))]
    assert [(s.level3, s.target, s.points, s.score) for s in f.indicators] == [("培训人次", "≥500人次", None, None)]


@pytest.mark.parametrize("rows", [
    [["项目资金（万元）", "年度资金总额", "300.00", "其中：财政拨款", "250.00", "其他资金", "50.00"]],
    [["项目资金（万元）", "年度资金总额：300.00", "其中：财政拨款：250.00", "其他资金：50.00"]],
], ids=["pairs", "inline"])
def test_fund_block_along_one_line(rows):
    """The 项目资金 printed along one line: label | figure pairs, or label and figure in one cell."""
    t = _table([["项目名称", "某某项目"]] + rows + [["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"]],
               "2025年项目支出绩效目标表")
    f = read_form(t)
    assert [(b.label, b.values["budget"].value) for b in f.budget_rows] == [
        ("年度资金总额", Decimal(300)), ("财政拨款", Decimal(250)), ("其他资金", Decimal(50))]
    assert f.budget is f.budget_rows[0]
