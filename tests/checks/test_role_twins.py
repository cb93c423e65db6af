"""Two tables of one role, as some provinces print them: a 一般公共预算财政拨款支出决算明细表 by 经济分类
(301 工资福利支出 …) beside the 支出决算表 by 功能分类. Both are read and footed; the cross-table and
情况说明 rules read the one of the role's classification, wherever the other is printed (before,
a 明细表 printed first was taken for 公开05: 9 false errors on seed 0). A fund's 收入支出 table and
its 支出 table (政府性基金预算财政拨款收入支出决算表 and …支出决算表): both foot (A20), and the
情况说明's 收入 is read from the one that prints it."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed
from tests.fixtures.spec import TableSpec
from tests.fixtures.variants import fund_expense_table_too, fund_with_figures

ECON = TableSpec(title="一般公共预算财政拨款支出决算明细表", unit="万元", header=[["科目编码", "科目名称", "合计"]],
                 rows=[["", "合计", "300.00"], ["301", "工资福利支出", "200.00"], ["30101", "基本工资", "120.00"],
                       ["30102", "津贴补贴", "80.00"], ["302", "商品和服务支出", "100.00"], ["30201", "办公费", "100.00"]])


def _errors(spec, path):
    render_pdf(spec, path)
    doc = open_disclosure(path)
    # (rule, figures): with two tables of a role a message names them by their printed titles
    return doc, Counter((f.rule, f.expected, f.actual) for f in run_checks(doc).findings if f.severity == "error")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    spec = load_seed(0)
    spec.forms = []
    return spec, _errors(spec.copy(), tmp_path_factory.mktemp("twins") / "base.pdf")[1]


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_second_table_of_the_role_by_economic_class(tmp_path, base, where):
    spec, errors0 = base
    spec = spec.copy()
    k = next(i for i, t in enumerate(spec.tables) if "一般公共预算财政拨款支出决算表" in t.title)
    spec.tables.insert(k if where == "before" else k + 1, ECON.__class__(**{**ECON.__dict__}))
    doc, errors = _errors(spec, tmp_path / "twins.pdf")
    assert [t.type for t in doc.tables].count("05") == 2
    assert errors == errors0


def _fund(edit=None, where=None):
    spec = fund_with_figures(load_seed(0))
    spec.forms = []
    if where:
        spec = fund_expense_table_too(spec, where)
    if edit:
        edit(spec)
    return spec


def _in(title):  # the planted cell's table
    return lambda spec: next(t for t in spec.tables if t.title == title)


def _expense_slip(spec):  # the 支出 table's 项 项目支出 90 → 95: its 本年支出 no longer foots
    _in("政府性基金预算财政拨款支出决算表")(spec).rows[3][4] = "95.00"


def _balance_slip(spec):  # the 收入支出 table's 项 年末 15 → 16: 年初 + 收入 − 支出 ≠ 年末
    _in("政府性基金预算财政拨款收入支出决算表")(spec).rows[3][7] = "16.00"


@pytest.fixture(scope="module")
def fund_base(tmp_path_factory):
    return _errors(_fund(), tmp_path_factory.mktemp("fund") / "fund.pdf")[1]


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_fund_printed_as_income_and_expense_and_as_expense(tmp_path, fund_base, where):
    doc, errors = _errors(_fund(where=where), tmp_path / "fund2.pdf")
    assert [t.type for t in doc.tables].count("07") == 2
    assert errors == fund_base  # (the 收入 100.00 is not the 支出 table's 90.00: no C10)
    for edit, rule in ((_expense_slip, "A20"), (_balance_slip, "A20")):
        _doc, planted = _errors(_fund(edit, where), tmp_path / f"{edit.__name__}.pdf")
        assert (planted - errors)[(rule, *_A20[edit.__name__])] == 1, (edit.__name__, planted - errors)


# (expected, actual) of the A20 finding each slip gives
_A20 = {"_expense_slip": (Decimal("95.00"), Decimal("90.00")), "_balance_slip": (Decimal("15.00"), Decimal("16.00"))}
