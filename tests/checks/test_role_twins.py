"""Two tables of one role, as some provinces print them: a 一般公共预算财政拨款支出决算明细表 by 经济分类
(301 工资福利支出 …) beside the 支出决算表 by 功能分类. Both are read and footed; the cross-table and
情况说明 rules read the one of the role's classification, wherever the other is printed (before,
a 明细表 printed first was taken for 公开05: 9 false errors on seed 0)."""
from __future__ import annotations

from collections import Counter

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed
from tests.fixtures.spec import TableSpec

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
