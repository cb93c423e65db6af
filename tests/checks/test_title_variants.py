"""Title variants of other provinces and templates, rendered and read (tests/fixtures generator):

* a table whose title names no standard type but the money it shows (财政专户管理资金预算表,
  专项资金预算汇总表) is a table of its own, never glued to the table printed before it;
* the national 决算 template's 收入支出决算表 / 财政拨款收入支出决算表 (no 总) are the two-sided
  summaries 01 / 04, footed and tied as the 总表 are;
* a 财政拨款支出预算表 (every 财政拨款 fund, by 功能分类) is typed and footed (A7, A13), neither
  taken for the all-funds 支出表 nor for the 一般公共预算 one."""
from __future__ import annotations

import re

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.budget import national_budget_spec, template_tables
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed
from tests.fixtures.spec import TableSpec


def _errors(doc):
    return sorted((f.rule, tuple(re.findall(r"\d[\d,]*\.\d+", f.message)))
                  for f in run_checks(doc).findings if f.severity == "error" and f.rule[0] in "ABCDE")


def _fund_tables(plant: bool = False):
    """The national 预算 template with a 财政拨款支出预算表 after its 一般公共预算支出表, then a
    财政专户管理资金预算表 and a 专项资金预算汇总表 (figures of their own money)."""
    s = national_budget_spec()
    template_tables(s)
    y = s.year
    head = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
    t12 = TableSpec(title=f"{y}年财政拨款支出预算表", unit="万元", header=head,
        rows=[["", "合计", "1,300.00", "850.00", "450.00"],
              ["201", "一般公共服务支出", "700.00", "600.00", "100.00"],
              ["20103", "政府办公厅（室）及相关机构事务", "700.00", "600.00", "100.00"],
              ["208", "社会保障和就业支出", "250.00", "250.00", ""],
              ["20805", "行政事业单位养老支出", "250.00", "250.00", ""],
              ["212", "城乡社区支出", "350.00", "", "350.00"],
              ["21203", "城乡社区公共设施", "350.00", "", "350.00"]])
    if plant:  # 208 合计 ≠ 基本 + 项目, and ≠ its 款
        t12.rows[3][2] = "260.00"
    special = TableSpec(title=f"{y}年财政专户管理资金预算表", unit="万元", header=head,
        rows=[["", "合计", "30.00", "", "30.00"], ["205", "教育支出", "30.00", "", "30.00"],
              ["20502", "普通教育", "30.00", "", "30.00"]])
    projects = TableSpec(title=f"{y}年专项资金预算汇总表", unit="万元",
        header=[["项目名称", "资金性质", "预算数"]],
        rows=[["社区公共设施维护", "一般公共预算", "250.00"], ["社区公园建设", "政府性基金预算", "100.00"]])
    for t in (t12, special, projects):
        t.department_line, t.year_line, t.unit_line = f"编制单位：{s.department}", " ", "单位：万元"
    k = next(i for i, t in enumerate(s.tables) if t.title.endswith("一般公共预算支出表"))
    s.tables[k + 1:k + 1] = [t12]
    s.tables += [special, projects]
    return s


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_tables_of_one_fund_are_tables_of_their_own(tmp_path, ruled):
    spec = _fund_tables()
    render_pdf(spec, tmp_path / "b.pdf", ruled=ruled)
    doc = open_disclosure(tmp_path / "b.pdf")
    got = [(re.sub(r"^\d{4}年", "", t.title), t.type, len(t.rows)) for t in doc.tables]
    assert got == [(re.sub(r"^\d{4}年", "", t.title), ty, len(t.rows)) for t, ty in zip(spec.tables, (
        "01", "02", "03", "04", "05", "12", "06", "07", "09", None, None))]
    assert _errors(doc) == []


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_a_financial_appropriation_spending_table_is_footed(tmp_path, ruled):
    render_pdf(_fund_tables(plant=True), tmp_path / "b.pdf", ruled=ruled)
    doc = open_disclosure(tmp_path / "b.pdf")
    t12 = next(t.id for t in doc.tables if t.type == "12")
    found = {f.rule for f in run_checks(doc).findings if f.severity == "error" and f.location.table == t12}
    assert {"A7", "A13"} <= found, found


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_summaries_titled_without_zong_are_the_summaries(tmp_path, ruled):
    base = load_seed(0)
    base.forms = []
    alt = base.copy()
    alt.tables[0].title = "收入支出决算表"
    alt.tables[3].title = "财政拨款收入支出决算表"
    render_pdf(base, tmp_path / "a.pdf", ruled=ruled)
    render_pdf(alt, tmp_path / "b.pdf", ruled=ruled)
    d0, d1 = open_disclosure(tmp_path / "a.pdf"), open_disclosure(tmp_path / "b.pdf")
    assert [t.type for t in d1.tables] == [t.type for t in d0.tables]
    assert [len(t.rows) for t in d1.tables] == [len(t.rows) for t in d0.tables]
    assert _errors(d1) == _errors(d0)
