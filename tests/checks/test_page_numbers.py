"""F2 (目录 page numbers) and F4 (duplicate pages) read a page's printed number with the reader's one
folio pattern (parsing.numbers.PAGE_NO): "- 3 -", "第3页", "第 3 页 共 24 页", "第3页/共24页",
"共24页 第3页"."""
from __future__ import annotations

import pytest

from auditdesk.checks import run_checks
from auditdesk.parsing.numbers import page_number
from tests.fixtures.presentation import clean_pdf, defect_pdf, opened

FOOTERS = ["第 {n} 页 共 {m} 页", "第{n}页/共{m}页", "共{m}页 第{n}页"]


@pytest.mark.parametrize("text,n", [("- 3 -", 3), ("第3页", 3), ("3/24", 3), ("第 3 页 共 24 页", 3),
                                    ("共24页，第3页", 3), ("第3页/共24页", 3), ("2024", None), ("第三部分", None)])
def test_page_number(text, n):
    assert page_number(text) == n


@pytest.mark.parametrize("footer", FOOTERS)
def test_toc_page_number_against_a_long_footer(footer):
    assert not run_checks(opened(clean_pdf(footer)), rules=["F2", "F4"]).findings
    got = [f.message for f in run_checks(opened(defect_pdf("toc_extra_entry", footer)), rules=["F2"]).findings]
    assert any("页码为 3" in m for m in got), got


@pytest.mark.parametrize("footer", FOOTERS)
def test_duplicate_page_with_its_own_page_number(footer):
    got = [f for f in run_checks(opened(defect_pdf("duplicate_page", footer)), rules=["F4"]).findings]
    assert len(got) == 1 and "重复页" in got[0].message, [f.message for f in got]
