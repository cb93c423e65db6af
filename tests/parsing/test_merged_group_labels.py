"""A group's label merged down the rows of its block (一般公共预算资金 over its 小计 and its item
rows, as some provinces' 收入预算总表 print it; tests/fixtures render MERGE_UP in the body): the
label is printed at the block's middle. A ruled grid gives a merged cell's text to its first row;
without rules the label fell on the middle row (an item's), and the 小计 row lost its group."""
from __future__ import annotations

import pytest

from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.render import render_pdf
from tests.fixtures.spec import MERGE_LEFT as L
from tests.fixtures.spec import MERGE_UP as U
from tests.fixtures.spec import DocSpec, TableSpec

ROWS = [["收入总计", "", "1,350.00"],
        ["一般公共预算资金", "小计", "1,200.00"], [U, "财政拨款（补助）资金", "1,150.00"], [U, "专项收入", "50.00"],
        ["政府性基金", "小计", "100.00"],
        ["财政专户管理资金", "小计", "30.00"], [U, "教育收费", "30.00"], [U, "其他非税收入", ""],
        ["其他资金", "小计", "20.00"], [U, "事业收入", "20.00"], [U, "经营收入", ""], [U, "其他收入", ""],
        [U, "债务资金（银行贷款）", ""]]


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_a_group_label_stands_on_its_blocks_first_row(tmp_path, ruled):
    spec = DocSpec(department="测试单位", year=2025, kind="部门预算", tables=[TableSpec(
        title="2025年收入预算总表", header=[["项目名称", L, "预算数"]], rows=[r[:] for r in ROWS])])
    render_pdf(spec, tmp_path / "g.pdf", ruled=ruled)
    (t,) = open_disclosure(tmp_path / "g.pdf").tables
    want = [["" if c == U else c for c in r] for r in ROWS]
    assert [[c.text for c in r.cells] for r in t.rows] == want


@pytest.mark.parametrize("ruled", [
    pytest.param(True, marks=pytest.mark.xfail(strict=True, reason=(
        "a ruled cell merged down two rows gives its text to the lower row (grid.py: k - i == 1), "
        "unlike three or more; not changed (robust-r14.md)"))),
    False], ids=["ruled", "unruled"])
def test_a_two_row_blocks_label_between_its_rows_is_no_wrapped_name(tmp_path, ruled):
    """A block of two rows printing no figure (上年结转和结余资金 over 小计 | 其中：动用上年结转和结余
    资金, as Jiangsu's 收入预算总表 prints it): the label, centred between the rows, sits tight on both.
    Without rules it was taken for a wrapped name and joined them into one row ("小计其中：动用上年
    结转和结余资金"): a wrap continues its own column's text."""
    rows = ROWS + [["上年结转和结余资金", "小计", ""], [U, "其中：动用上年结转和结余资金", ""]]
    spec = DocSpec(department="测试单位", year=2025, kind="部门预算", tables=[TableSpec(
        title="2025年收入预算总表", header=[["项目名称", L, "预算数"]], rows=[r[:] for r in rows])])
    render_pdf(spec, tmp_path / "g.pdf", ruled=ruled)
    (t,) = open_disclosure(tmp_path / "g.pdf").tables
    assert [[c.text for c in r.cells] for r in t.rows] == [["" if c == U else c for c in r] for r in rows]
