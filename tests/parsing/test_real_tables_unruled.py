"""The real 财政拨款收入支出决算总表s printed without ruling lines (every vector path removed,
as benchmarks/producers.py's no_rules variant makes them) read the rows of the ruled print:
a row printing no figures whose name wraps ("二十二、灾害防治及应急管理支" / "出") is one row,
not two, and its first line is not moved onto the next row that prints figures."""
from __future__ import annotations

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from benchmarks.producers import _no_rules

# (putuo_finance's narrow columns wrap a name at every other row, the wrapped line as far from
# its first as the rows are apart: without rules that is not read yet)
NAMES = ["putuo_planning_2024_final.pdf", "putuo_socialwork_2024_final.pdf"]


def _rows(table):
    return [[x for x in r.texts if x] for r in table.rows]


@pytest.mark.parametrize("name", NAMES)
def test_unruled_reprint_reads_the_rows_of_the_ruled_table(real_pdfs, tmp_path, name):
    src = real_pdfs / name
    if not src.exists():
        pytest.skip(f"{name} not in ../shared/real-pdfs")
    bare = tmp_path / "no_rules.pdf"
    _no_rules(src, bare)
    ruled, unruled = open_disclosure(src), open_disclosure(bare)
    t0 = next(t for t in ruled.tables if t.type == "04")
    t1 = next(t for t in unruled.tables if t.type == "04")
    assert not t1.ruled
    labels = [x for r in _rows(t1) for x in r if not x[0].isdigit()]
    assert "出" not in labels and not any(x.endswith("支") for x in labels)
    assert _rows(t1) == _rows(t0)


def test_the_real_b7_is_found_without_rules(real_pdfs, tmp_path):
    src = real_pdfs / "putuo_planning_2024_final.pdf"
    if not src.exists():
        pytest.skip("not in ../shared/real-pdfs")
    bare = tmp_path / "no_rules.pdf"
    _no_rules(src, bare)
    b7 = [f for f in run_checks(open_disclosure(bare)).findings if f.rule == "B7" and f.severity == "error"]
    assert any("九、卫生健康支出：236.63 ≠ 236.64" in f.message for f in b7)
