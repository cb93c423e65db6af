"""The national 基本支出表 prints 人员经费 | 公用经费 as columns beside their 合计, one row per 经济分类
line (tests/fixtures/budget.py): A15 foots each column (its 合计 row = Σ its 类级 cells) instead of
skipping for want of a 人员经费合计 line; a column total that disagrees with its lines is an error
even when the 合计 row itself adds up (A16)."""
from __future__ import annotations

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.budget import national_budget_spec, template_tables
from tests.fixtures.render import render_pdf


def _spec(plant: bool):
    s = national_budget_spec()
    template_tables(s)
    if plant:  # 人员经费 合计 700 → 710 and 合计 850 → 860: the row adds up, the column does not
        t6 = next(t for t in s.tables if t.title.endswith("一般公共预算基本支出表"))
        t6.rows[0][2], t6.rows[0][3] = "860.00", "710.00"
    return s


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("plant", [False, True], ids=["clean", "planted"])
def test_personnel_and_public_columns_are_footed(tmp_path, plant, ruled):
    render_pdf(_spec(plant), tmp_path / "b.pdf", ruled=ruled)
    report = run_checks(open_disclosure(tmp_path / "b.pdf"))
    assert next(c.status for c in report.coverage if c.rule == "A15") == "ran"
    a15 = [(f.severity, f.location.row_label, f.location.column) for f in report.findings if f.rule == "A15"]
    assert a15 == ([("error", "合计", "人员经费")] if plant else [])
