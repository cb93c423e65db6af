"""The real 财政拨款收入支出决算总表s printed without ruling lines (every vector path removed,
as benchmarks/producers.py's no_rules variant makes them) read the rows of the ruled print:
a row printing no figures whose name wraps ("二十二、灾害防治及应急管理支" / "出") is one row,
not two, and its first line is not moved onto the next row that prints figures; in narrow
columns that wrap every other numbered name with the second line as far below as the next
row ("十四、资源勘探工业信息等" / "支出" / "十五、…"), the piece is still the name's."""
from __future__ import annotations

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from benchmarks.producers import _no_rules

NAMES = ["putuo_planning_2024_final.pdf", "putuo_finance_2024_final.pdf", "putuo_socialwork_2024_final.pdf"]


def _rows(table):
    return [[x for x in r.texts if x] for r in table.rows]


def ruled_and_unruled(real_pdfs, tmp_path, name):
    """The real PDF `name` and its copy without ruling lines, both read (skipped when absent)."""
    src = real_pdfs / name
    if not src.exists():
        pytest.skip(f"{name} not in ../shared/real-pdfs")
    bare = tmp_path / "no_rules.pdf"
    _no_rules(src, bare)
    return open_disclosure(src), open_disclosure(bare)


@pytest.mark.parametrize("name", NAMES)
def test_unruled_reprint_reads_the_rows_of_the_ruled_table(real_pdfs, tmp_path, name):
    ruled, unruled = ruled_and_unruled(real_pdfs, tmp_path, name)
    t0 = next(t for t in ruled.tables if t.type == "04")
    t1 = next(t for t in unruled.tables if t.type == "04")
    assert not t1.ruled
    labels = [x for r in _rows(t1) for x in r if not x[0].isdigit()]
    assert "出" not in labels and not any(x.endswith("支") for x in labels)
    assert _rows(t1) == _rows(t0)


@pytest.mark.parametrize("name,rule,said", [
    ("putuo_planning_2024_final.pdf", "B7", "九、卫生健康支出：236.63 ≠ 236.64"),
    ("putuo_finance_2024_final.pdf", "B7", "八、社会保障和就业支出：326.71 ≠ 326.72"),
    ("putuo_finance_2024_final.pdf", "C4", "0.30 ≠ 2961.68"),
    # its 三公 table prints a header and no row, no note: without rules still a table (empty)
    ("putuo_finance_2024_final_tampered.pdf", "C8", "0.95 ≠ 0.00"),
])
def test_the_real_errors_are_found_without_rules(real_pdfs, tmp_path, name, rule, said):
    src = real_pdfs / name
    if not src.exists():
        pytest.skip("not in ../shared/real-pdfs")
    bare = tmp_path / "no_rules.pdf"
    _no_rules(src, bare)
    found = [f for f in run_checks(open_disclosure(bare)).findings if f.rule == rule and f.severity == "error"]
    assert any(said in f.message for f in found), [f.message for f in found]


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_a_table_printing_only_its_header_is_an_empty_table(tmp_path, ruled):
    from tests.fixtures.render import render_pdf
    from tests.fixtures.seeds import load_seed

    spec = load_seed(0)
    spec.forms = []
    t = next(t for t in spec.tables if "三公" in t.title)
    t.rows, t.note, t.empty_note = [], None, None
    path = tmp_path / "doc.pdf"
    render_pdf(spec, path, ruled=ruled)
    doc = open_disclosure(path)
    got = next((x for x in doc.tables if x.type == "09"), None)
    assert got is not None and got.rows == []
    assert len(got.columns) == 12  # 预算数 | 决算数 × (合计, 因公出国（境）费, 小计, 购置费, 运行维护费, 公务接待费)


ALL_REAL = ["jiangsu_court_2019_budget.pdf", "putuo_finance_2024_final.pdf", "putuo_finance_2024_final_tampered.pdf",
            "putuo_justice_2026_dept_budget.pdf", "putuo_justice_2026_unit_budget.pdf",
            "putuo_planning_2024_final.pdf", "putuo_socialwork_2024_final.pdf"]


@pytest.mark.parametrize("name", ALL_REAL)
def test_without_rules_the_errors_of_the_ruled_print(real_pdfs, tmp_path, name):
    """No error more, none less (F3 aside: a page that printed only table lines is blank
    without them). A letter-spaced header (every glyph a little apart) is not cells run
    together: 27 false A7 came of cutting such words."""
    src = real_pdfs / name
    if not src.exists():
        pytest.skip(f"{name} not in ../shared/real-pdfs")
    bare = tmp_path / "no_rules.pdf"
    _no_rules(src, bare)

    def errors(path):
        return sorted((f.rule, f.message) for f in run_checks(open_disclosure(path)).findings
                      if f.severity == "error" and f.rule != "F3")

    assert errors(bare) == errors(src)
