"""A township 部门预算 in the national template (tests/fixtures/budget.py): read as a 预算 with
every table typed, no error on the consistent document, and each planted inconsistency — in a
table, between two tables, between the 情况说明 and a table — reported as 错误, ruled and
unruled."""
from __future__ import annotations

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.budget import national_budget_spec, template_tables
from tests.fixtures.render import render_pdf


def _cell(s):  # 部门支出总表: 201 基本支出 600 → 610 (the row and the 类/款 sums break)
    s.tables[2].rows[1][3] = "610.00"


def _total(s):  # 部门收入总表 合计 ≠ 部门收支总表 本年收入合计
    s.tables[1].rows[0][2] = "1,360.00"


def _narrative(s):  # the 情况说明 says 905 where the 支出总表 prints 900
    s.narrative[6] = s.narrative[6].replace("基本支出900.00", "基本支出905.00")


PLANTS = {None: set(), "cell": {"A8"}, "total": {"B1"}, "narrative": {"C3"}}
EDITS = {"cell": _cell, "total": _total, "narrative": _narrative}


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("plant", list(PLANTS), ids=[str(p) for p in PLANTS])
def test_national_budget_template(tmp_path, plant, ruled):
    spec = national_budget_spec(EDITS.get(plant))
    path = tmp_path / "budget.pdf"
    render_pdf(spec, path, ruled=ruled)
    doc = open_disclosure(path)
    assert (doc.kind, doc.year, doc.department) == ("部门预算", 2025, "XX街道办事处")
    assert [(t.type, len(t.rows), t.unit) for t in doc.tables] == [("01", 7, "万元"), ("02", 7, "万元"),
                                                                  ("03", 7, "万元"), ("05", 7, "万元")]
    findings = run_checks(doc).findings
    errors = {f.rule for f in findings if f.severity == "error" and f.rule[0] in "ABCDE"}
    # a 预算's tables are named as printed, never by a 决算 title
    assert not [f.message for f in findings if "决算" in f.message]
    if plant is None:
        assert errors == set()
    else:
        assert PLANTS[plant] <= errors, errors


# Columns printed for comparison (some provinces): last year's budget beside this year's, and the
# change. They are not addends of this year's totals, nor the figure a sentence restates.
def _last(v: str) -> str:
    return f"{float(v.replace(',', '')) * 0.9:,.2f}" if v[:1].isdigit() else v


def _change(a: str, b: str) -> str:
    return f"{float(b.replace(',', '')) - float(a.replace(',', '')):,.2f}" if b[:1].isdigit() else ""


def _years_across(s):  # 部门收支总表: 2024年预算数 | 2025年预算数 on each side
    t = s.tables[0]
    t.header = [["收入", "<", "<", "支出", "<", "<"],
                ["项目", "2024年预算数", "2025年预算数", "项目", "2024年预算数", "2025年预算数"]]
    t.rows = [[r[0], _last(r[1]), r[1], r[2], _last(r[3]), r[3]] for r in t.rows]


def _last_year_columns(s):  # 收入/支出/一般公共预算支出表: … | 上年预算数 | 增减
    for t in s.tables[1:]:
        t.header = [t.header[0] + ["上年预算数", "增减"]]
        t.rows = [r + [_last(r[2]), _change(_last(r[2]), r[2])] for r in t.rows]


def _years_grouped(s):  # 收入/支出/一般公共预算支出表: 2024年预算数 (合计 …) | 2025年预算数 (合计 …)
    for t in s.tables[1:]:
        (names,) = t.header
        k = len(names) - 2
        t.header = [names[:2] + ["2024年预算数"] + ["<"] * (k - 1) + ["2025年预算数"] + ["<"] * (k - 1),
                    ["^", "^"] + names[2:] + names[2:]]
        t.rows = [r[:2] + [_last(x) for x in r[2:]] + r[2:] for r in t.rows]


def test_last_years_columns_foot_too(tmp_path):
    """A group printed for last year (2024年预算数: 合计 | 基本支出 | 项目支出) foots on its own: a slip in
    it is reported, as in this year's."""
    def edit(s):
        _years_grouped(s)
        _t(s, "支出总表").rows[1][3] = "550.00"  # 201 2024年预算数/基本支出 540.00 → 550.00
    path = tmp_path / "budget.pdf"
    render_pdf(national_budget_spec(edit), path)
    found = [f for f in run_checks(open_disclosure(path)).findings if f.rule == "A8" and f.severity == "error"]
    assert len(found) == 1 and "2024年预算数" in found[0].message and "550.00" in found[0].message


@pytest.mark.parametrize("layout", [_years_across, _last_year_columns, _years_grouped],
                         ids=["years_across", "last_year_columns", "years_grouped"])
@pytest.mark.parametrize("plant", list(PLANTS), ids=[str(p) for p in PLANTS])
def test_comparison_columns_are_not_this_years_figures(tmp_path, plant, layout):
    def edit(s):  # (the slip planted in this year's figures; a layout derives last year's from them)
        if plant:
            EDITS[plant](s)
        layout(s)
    path = tmp_path / "budget.pdf"
    render_pdf(national_budget_spec(edit), path)
    findings = run_checks(open_disclosure(path)).findings
    errors = {f.rule for f in findings if f.severity == "error" and f.rule[0] in "ABCDE"}
    if plant is None:
        assert errors == set(), [f.message for f in findings if f.severity == "error"]
        # a fall on last year prints a negative change: nothing to verify
        assert not [f.message for f in findings if f.rule == "A21"]
    else:
        assert PLANTS[plant] <= errors, errors


@pytest.mark.parametrize("name,comparison", [
    ("上年预算数", True), ("2024年预算数", True), ("增减", True), ("增长率（%）", True), ("比上年增减", True),
    ("2025年预算数", False), ("预算数", False), ("上年结转", False), ("上年结转和结余", False), ("合计", False),
])
def test_comparison_column_names(name, comparison):
    from auditdesk.checks.index import TableView
    from tests.checks.builders import make_table

    t = make_table("2025年部门支出总表", ["科目名称", "2025年预算数", name], [["合计", "1.00", "2.00"]])
    assert TableView(t, "03", 0, 2025).is_comparison(2) is comparison
    # a year read wrong (no column of 2026): no column is put aside for its year
    assert not TableView(t, "03", 0, 2026).is_comparison(1)



def _t(s, word):
    return next(t for t in s.tables if word in t.title)


# the complete template: a slip in each of its other tables, or in a sentence restating them
TEMPLATE_PLANTS = {
    None: set(),
    "04 class line": ({"A5", "A10"}, lambda s: _t(s, "财政拨款收支总表").rows[1].__setitem__(3, "710.00")),
    "04 fund income": ({"A4"}, lambda s: _t(s, "财政拨款收支总表").rows[1].__setitem__(1, "1,210.00")),
    "04 vs 05": ({"A5", "B7"}, lambda s: [_t(s, "财政拨款收支总表").rows[0].__setitem__(k, x)
                                          for k, x in ((3, "1,310.00"), (4, "1,210.00"))]),
    "02 by fund vs 04": ({"B5"}, lambda s: [_t(s, "收入总表").rows[0].__setitem__(k, x)
                                            for k, x in ((2, "1,360.00"), (3, "1,210.00"))]),
    "06 line": ({"A16", "A17"}, lambda s: _t(s, "基本支出表").rows[2].__setitem__(2, "310.00")),
    "三公": ({"A18", "C8"}, lambda s: _t(s, "三公").rows[0].__setitem__(0, "13.00")),
    "人员经费 said": ({"C7"}, lambda s: s.narrative.__setitem__(
        -5, s.narrative[-5].replace("人员经费700.00", "人员经费710.00"))),
}


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("plant", list(TEMPLATE_PLANTS), ids=[str(p) for p in TEMPLATE_PLANTS])
def test_the_complete_template(tmp_path, plant, ruled):
    """(Unruled, 政府性基金预算 wraps in its narrow column: "政府性基金预" sits higher than the
    one-line labels beside it and was read as their parent — every column of the 收支总表
    under it, a false B10 error.)"""
    def edit(s):
        template_tables(s)
        if plant:
            TEMPLATE_PLANTS[plant][1](s)
    path = tmp_path / "budget.pdf"
    render_pdf(national_budget_spec(edit), path, ruled=ruled)
    doc = open_disclosure(path)
    assert [t.type for t in doc.tables] == ["01", "02", "03", "04", "05", "06", "07", "09"]
    (t4,) = [t for t in doc.tables if t.type == "04"]
    assert t4.column_paths[5] == ("支出", "政府性基金预算") and t4.column_paths[0] == ("收入", "项目")
    report = run_checks(doc)
    errors = {f.rule for f in report.findings if f.severity == "error" and f.rule[0] in "ABCDE"}
    ran = {c.rule for c in report.coverage if c.status == "ran"}
    # the group heads carry the year's totals: the 04 rules run (they were skipped)
    # (B5: the 收入总表 prints 财政拨款 by fund; B13: a 预算 compares 三公 预算数)
    assert {"A4", "A5", "A11", "B5", "B7", "B10", "B13", "A16", "A17", "A18", "C7", "C8"} <= ran
    assert not [f.message for f in report.findings if "决算" in f.message]
    if plant is None:
        assert errors == set(), [f.message for f in report.findings if f.severity == "error"]
    else:
        assert TEMPLATE_PLANTS[plant][0] <= errors, errors


def test_missing_tables_are_named_by_the_template_the_budget_follows(tmp_path):
    """F1 names a table the 预算 lacks as its own template titles it: the national template's
    国有资本经营预算支出表, not the 国有资本经营预算支出功能分类预算表 of the longer set."""
    from auditdesk.parsing.table_types import budget_title_of, national_budget
    from tests.fixtures.budget import template_tables

    path = tmp_path / "budget.pdf"
    render_pdf(national_budget_spec(template_tables), path)
    doc = open_disclosure(path)
    assert "08" not in [t.type for t in doc.tables] and national_budget(doc.tables)
    f1 = [f.message for f in run_checks(doc).findings if f.rule == "F1" and "表" in f.message]
    assert f1 == ["未找到国有资本经营预算支出表（部门预算应包含）"], f1

    class T:  # the longer set (部门…功能分类预算表): the template's own names stand
        def __init__(self, title, type_):
            self.title, self.type = title, type_
    longer = [T("2026年部门财务收支预算总表", "01"), T("2026年部门收入预算总表", "02"),
              T("2026年部门一般公共预算支出功能分类预算表", "05"), T("2026年部门“三公”经费和机关运行经费预算表", "09")]
    assert not national_budget(longer) and budget_title_of("08", longer) is None
