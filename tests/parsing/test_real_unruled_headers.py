"""The real PDFs printed without ruling lines (benchmarks/producers.py's no_rules) run every rule
the ruled print runs, and read the headers that give the rules their columns as the ruled print
does: the 三公 table's items over 预算数 | 决算数 (公务用车购置费 printed lower in its cell than its
siblings once took every column to its left, and A18/A19 were skipped); Jiangsu's three-block
收支预算总表, whose totals are centred over 功能科目名称 | 金额 (the two columns were read as one, and
A2/B2 skipped); a letter-spaced "金　额" (two columns of one label)."""
from __future__ import annotations

import pytest

from auditdesk.checks.engine import run_checks
from tests.parsing.test_real_tables_unruled import ALL_REAL, ruled_and_unruled


@pytest.mark.parametrize("name", ALL_REAL)
def test_without_rules_the_same_rules_run(real_pdfs, tmp_path, name):
    ruled, bare = ruled_and_unruled(real_pdfs, tmp_path, name)

    def ran(doc):
        return sorted(c.rule for c in run_checks(doc).coverage if c.status == "ran" and c.rule[0] in "ABCDE")

    assert ran(bare) == ran(ruled)


@pytest.mark.parametrize("name,kind", [("putuo_finance_2024_final.pdf", "09"), ("jiangsu_court_2019_budget.pdf", "01"),
                                       ("jiangsu_court_2019_budget.pdf", "05"),
                                       # "合　计 | 0" alone under the header (an empty table; 合 and 计 two
                                       # words): read as header once, the table then had no row
                                       ("jiangsu_court_2019_budget.pdf", "07")])
def test_without_rules_the_header_of_the_ruled_print(real_pdfs, tmp_path, name, kind):
    ruled, bare = ruled_and_unruled(real_pdfs, tmp_path, name)
    t0 = next(t for t in ruled.tables if t.type == kind)
    t1 = next(t for t in bare.tables if t.type == kind)
    assert not t1.ruled
    assert t1.column_paths == t0.column_paths
    # (a total centred over a merged cell — 合计 over 功能科目编码 | 功能科目名称 — may stand in either)
    assert [[x for x in r.texts if x] for r in t1.rows] == [[x for x in r.texts if x] for r in t0.rows]


def test_without_rules_group_labels_stand_on_their_subtotal_rows(real_pdfs, tmp_path):
    """Jiangsu's 收入预算总表 merges each group's label (一般公共预算资金, 财政专户管理资金, 其他资金)
    down its block's rows; printed at the block's middle, without rules it fell on the middle row
    (公共财政拨款（补助）资金's). The ruled grid gives it to the block's first row, its 小计."""
    ruled, bare = ruled_and_unruled(real_pdfs, tmp_path, "jiangsu_court_2019_budget.pdf")
    groups = ("一般公共预算资金", "政府性基金", "财政专户管理资金", "其他资金")
    for doc in (ruled, bare):
        t = next(t for t in doc.tables if t.type == "02")
        at = {r.texts[0]: r.texts[1] for r in t.rows if r.texts[0] in groups}
        assert at == dict.fromkeys(groups, "小计"), (t.ruled, at)
    # the last block, two rows printing no figure (小计 | 其中：动用上年结转和结余资金) with its label
    # between them: without rules no wrapped name joins the two rows
    t = next(t for t in bare.tables if t.type == "02")
    assert [r.texts[1:2] for r in t.rows[-2:]] == [["小计"], ["其中：动用上年结转和结余资金"]]
    assert t.rows[-2].texts[0] == "上年结转和结余资金"
