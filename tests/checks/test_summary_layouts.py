"""收支总表 layouts of other provinces: the 支出 side listed by the nature of spending (一、基本支出
二、项目支出 三、上缴上级支出 …) instead of by 功能分类 类 is tied to the 支出决算表's 合计 row
column by column (B2), not reported as 类 missing on either side."""
from __future__ import annotations

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed

# seed 0's 支出决算表 合计 row: 本年支出合计 532.68 = 基本支出 510.92 + 项目支出 21.76
NATURE = [("一、基本支出", "510.92"), ("二、项目支出", "21.76"), ("三、上缴上级支出", ""), ("四、经营支出", ""),
          ("五、对附属单位补助支出", "")]


def _by_nature(basic: str = "510.92"):
    spec = load_seed(0)
    spec.forms = []
    t = spec.tables[0]
    lines = [(NATURE[0][0], basic)] + NATURE[1:]
    for k, row in enumerate(t.rows[:26]):
        row[3], row[5] = lines[k] if k < len(lines) else ("", "")
    return spec


def _b2(tmp_path, spec):
    path = tmp_path / "nature.pdf"
    render_pdf(spec, path)
    return [f for f in run_checks(open_disclosure(path)).findings if f.rule == "B2" and f.severity == "error"]


def test_spending_by_nature_ties_to_the_expense_table(tmp_path):
    assert _b2(tmp_path, _by_nature()) == []  # (5 false errors before: 类 missing on both sides)


@pytest.mark.parametrize("basic", ["520.92", "500.92"])
def test_a_slip_in_a_nature_line_is_reported(tmp_path, basic):
    found = _b2(tmp_path, _by_nature(basic))
    assert len(found) == 1 and "基本支出" in found[0].message and "510.92" in found[0].message
