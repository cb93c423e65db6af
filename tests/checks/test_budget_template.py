"""A township 部门预算 in the national template (tests/fixtures/budget.py): read as a 预算 with
every table typed, no error on the consistent document, and each planted inconsistency — in a
table, between two tables, between the 情况说明 and a table — reported as 错误, ruled and
unruled."""
from __future__ import annotations

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.budget import national_budget_spec
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
