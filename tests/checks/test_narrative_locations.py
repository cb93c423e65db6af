"""A narrative finding carries both sides as data: the sentence (page, bbox, text) and the
table cell(s) it was compared with, and its message leads with the figures and the arithmetic,
so the window (app/findings_controller) shows both without knowing the rule."""
from __future__ import annotations

import re

import pytest

from auditdesk.checks import run_checks
from tests.checks.mini import doc, consistent_tables

S5b = "（三）一般公共预算财政拨款支出决算具体情况"
CASES = {
    "C5": [("（二）一般公共预算财政拨款支出决算结构情况", "科学技术支出(类)407.12万元，占比76.45%；")],
    "C6": [(S5b, "科学技术支出年初预算490.91万元，支出决算406.12万元，完成年初预算的83.73%。")],
    "C8": [("九、财政拨款“三公”经费支出决算情况说明", "公务接待费支出决算0.81万元，完成预算的58.40%。")],
    "C12": [("（四）预算绩效情况说明", "共涉及项目5个，资金21.76万元，占一般公共预算项目支出总额的80.67%。")],
    "C7": [("六、一般公共预算财政拨款基本支出决算情况说明", "2024年度财政拨款基本支出510.78万元，其中：")],
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_narrative_finding_points_at_sentence_and_cells(rule):
    d = doc(*consistent_tables(), narrative=CASES[rule])
    report = run_checks(d, rules=[rule])
    errors = [f for f in report.findings if f.rule == rule and f.severity == "error"]
    assert errors, [f.message for f in report.findings]
    for f in errors:
        loc = f.location
        assert loc.narrative is not None and loc.page == d.narrative[loc.narrative].page
        assert loc.bbox == d.narrative[loc.narrative].bbox and loc.text
        cells = [r for r in f.related if r.table is not None]
        assert cells and all(r.row is not None for r in cells), f.related
        # the message opens with the figures and the arithmetic, then says where
        assert re.match(r"^[\d.]+", f.message), f.message
        assert "≠" in f.message.split("：")[0] or ">" in f.message.split("：")[0], f.message
