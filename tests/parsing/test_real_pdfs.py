"""Extraction on the real published disclosures in ../shared/real-pdfs: every standard table
is found by its printed title, and concrete figures read from the PDFs come out exactly."""
from __future__ import annotations

from decimal import Decimal

import pytest

from auditdesk.parsing.extract import open_disclosure

D = Decimal
STANDARD_JUESUAN = [
    "收入支出决算总表",
    "收入决算表",
    "支出决算表",
    "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款基本支出决算表",
    "财政拨款“三公”经费支出决算表",
    "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款收入支出决算表",
]


@pytest.fixture(scope="module")
def docs(real_pdfs):
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = open_disclosure(real_pdfs / name)
        return cache[name]

    return get


def _row(table, label):
    rows = [r for r in table.rows if r.label == label]
    assert rows, f"{table.title}: no row {label!r}; labels: {[r.label for r in table.rows][:40]}"
    return rows[0]


def _values(row):
    return [c.value for c in row.cells if c.value is not None]


@pytest.mark.parametrize(
    "name, titles",
    [
        ("putuo_finance_2024_final.pdf", STANDARD_JUESUAN),
        ("putuo_planning_2024_final.pdf", STANDARD_JUESUAN),
        ("putuo_socialwork_2024_final.pdf", STANDARD_JUESUAN),
        ("putuo_finance_2024_final_tampered.pdf", [t for t in STANDARD_JUESUAN if t != "支出决算表"]),
    ],
)
def test_every_standard_table_found_in_order(docs, name, titles):
    doc = docs(name)
    assert [t.title for t in doc.tables] == titles
    assert all(t.unit == "万元" for t in doc.tables)
    assert doc.kind == "部门决算" and doc.year == 2024


def test_budget_tables_found(docs):
    doc = docs("putuo_justice_2026_dept_budget.pdf")
    assert len(doc.tables) == 9
    assert doc.department == "上海市普陀区司法局"
    assert doc.year == 2026 and doc.kind == "部门预算"
    assert doc.table("部门“三公”经费和机关运行经费预算表").unit == "万元"
    assert doc.table("一般公共预算支出功能分类预算表").unit == "元"
    jiangsu = docs("jiangsu_court_2019_budget.pdf")
    assert [t.label for t in jiangsu.tables] == [f"公开{n:02d}表" for n in range(1, 13)]
    assert jiangsu.department == "江苏省高级人民法院"


@pytest.mark.parametrize(
    "name, title, label, expected",
    [
        ("putuo_finance_2024_final.pdf", "支出决算表", "合计", [D("2940.05"), D("2336.91"), D("603.14")]),
        ("putuo_finance_2024_final.pdf", "收入决算表", "合计", [D("2946.25"), D("2940.05"), D("6.20")]),
        ("putuo_finance_2024_final.pdf", "一般公共预算财政拨款支出决算表", "合计", [D("2940.05"), D("2336.91"), D("603.14")]),
        ("putuo_finance_2024_final.pdf", "收入支出决算总表", "总计", [D("2995.39"), D("2995.39")]),
        ("putuo_finance_2024_final.pdf", "财政拨款收入支出决算总表", "总计", [D("2961.68"), D("2961.68"), D("2961.68")]),
        ("putuo_finance_2024_final.pdf", "一般公共预算财政拨款基本支出决算表", "人员经费合计", [D("2152.26"), D("184.65")]),
        ("putuo_planning_2024_final.pdf", "支出决算表", "合计", [D("9759.38"), D("5377.64"), D("4381.74")]),
        ("putuo_planning_2024_final.pdf", "一般公共预算财政拨款支出决算表", "合计", [D("9746.50"), D("5364.75"), D("4381.74")]),
        ("putuo_socialwork_2024_final.pdf", "支出决算表", "合计", [D("307.82"), D("105.58"), D("202.24")]),
        ("putuo_socialwork_2024_final.pdf", "一般公共预算财政拨款基本支出决算表", "人员经费合计", [D("95.36"), D("10.23")]),
        ("putuo_justice_2026_dept_budget.pdf", "部门支出预算总表", "合计", [D("96282213.44"), D("25741666.44"), D("70540547.00")]),
        ("putuo_justice_2026_unit_budget.pdf", "预算单位一般公共预算支出功能分类预算表", "合计", [D("86959408.34"), D("22118861"), D("64840547.00")]),
        ("jiangsu_court_2019_budget.pdf", "一般公共预算机关运行经费支出预算表", "合计", [D("3580.05")]),
    ],
)
def test_total_rows(docs, name, title, label, expected):
    table = docs(name).table(title)
    assert table is not None
    assert _values(_row(table, label)) == expected


def test_split_codes_and_hierarchy(docs):
    t = docs("putuo_finance_2024_final.pdf").table("支出决算表")
    assert t.columns[:4] == ["类", "款", "项", "科目名称"]
    by_code = {r.code: r for r in t.rows if r.code}
    assert by_code["2010601"].label == "行政运行" and by_code["2010601"].level == 3
    assert by_code["20106"].level == 2 and by_code["201"].level == 1
    assert [c.value for c in by_code["2010601"].cells[4:7]] == [D("1511.89"), D("1503.52"), D("8.37")]
    planning = docs("putuo_planning_2024_final.pdf").table("支出决算表")
    assert planning.columns[0] == "功能分类科目编码"
    assert any(r.code and len(r.code) == 7 for r in planning.rows)


def test_continuation_across_pages_is_stitched(docs):
    t = docs("putuo_finance_2024_final.pdf").table("支出决算表")
    assert t.pages == [10, 11]
    assert t.rows[-1].page == 11
    # no repeated header rows in the body
    assert not any(r.label in ("科目名称", "项目") for r in t.rows)


def test_side_by_side_halves(docs):
    t = docs("putuo_finance_2024_final.pdf").table("收入支出决算总表")
    assert t.blocks == [0, 2]
    assert t.column_paths[0][0] == "收入" and t.column_paths[2][0] == "支出"
    row = _row(t, "本年收入合计")
    assert row.cells[2].text == "本年支出合计"


def test_empty_tables_keep_their_note(docs):
    t = docs("putuo_finance_2024_final.pdf").table("政府性基金预算财政拨款收入支出决算表")
    assert t.empty and "无数据" in t.note


def test_cells_carry_page_and_bbox(docs):
    t = docs("putuo_finance_2024_final.pdf").table("支出决算表")
    cell = _row(t, "合计").cells[4]
    assert cell.text == "2,940.05" and cell.page == 10
    x0, y0, x1, y1 = cell.bbox
    assert 380 < x0 < x1 < 460 and 200 < y0 < y1 < 245


def test_narrative_sentences_have_places(docs):
    doc = docs("putuo_finance_2024_final.pdf")
    hits = [s for s in doc.narrative if "2995.39万元" in s.text]
    assert hits and all(s.page >= 21 for s in hits)
    assert all(s.bbox[2] > s.bbox[0] for s in doc.narrative)


def test_to_frame(docs):
    frame = docs("putuo_finance_2024_final.pdf").table("支出决算表").to_frame()
    assert frame.loc["2010601", "本年支出合计"] == pytest.approx(1511.89)
    assert frame.attrs["unit"] == "万元"
