"""Layouts the seed renderer does not produce: a title wrapped over two lines, a 续表 whose
title is printed again with "（续）", and the plain title repeated on the next page."""
from __future__ import annotations

import pymupdf
import pytest

from auditdesk.parsing.extract import open_disclosure

FONT = "china-s"


def _table(page, top, header, rows, widths, x0=40.0, h=18.0):
    y = top
    for r in [header] + rows:
        x = x0
        for text, w in zip(r, widths):
            page.draw_rect(pymupdf.Rect(x, y, x + w, y + h), color=(0, 0, 0), width=0.5)
            if text:
                tw = pymupdf.get_text_length(text, fontname=FONT, fontsize=9)
                tx = x + w - tw - 3 if text[0].isdigit() and "." in text else x + 3
                page.insert_text((tx, y + 13), text, fontname=FONT, fontsize=9)
            x += w
        y += h
    return y


def _centred(page, y, text, size=15):
    w = pymupdf.get_text_length(text, fontname=FONT, fontsize=size)
    page.insert_text(((page.rect.width - w) / 2, y), text, fontname=FONT, fontsize=size)


HEADER = ["科目代码", "科目名称", "合计", "基本支出", "项目支出"]
WIDTHS = [70, 200, 90, 90, 90]


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("variants") / "variants.pdf"
    doc = pymupdf.open()
    p1 = doc.new_page()
    p1.insert_text((40, 60), "某单位2024年度部门决算", fontname=FONT, fontsize=12)
    _centred(p1, 100, "一般公共预算财政拨款支出决算表（按支出功能分类科目")
    _centred(p1, 120, "列示到项级）决算表")
    p1.insert_text((440, 140), "单位：万元", fontname=FONT, fontsize=9)
    _table(p1, 150, HEADER, [["", "合计", "30.00", "20.00", "10.00"], ["206", "科学技术支出", "30.00", "20.00", "10.00"]], WIDTHS)
    p2 = doc.new_page()
    _centred(p2, 60, "支出决算表")
    p2.insert_text((440, 80), "单位：万元", fontname=FONT, fontsize=9)
    _table(p2, 90, HEADER, [["", "合计", "30.00", "20.00", "10.00"], ["206", "科学技术支出", "30.00", "20.00", "10.00"]], WIDTHS)
    p3 = doc.new_page()
    _centred(p3, 60, "支出决算表（续）")
    _table(p3, 90, HEADER, [["20601", "科学技术管理事务", "30.00", "20.00", "10.00"]], WIDTHS)
    p4 = doc.new_page()
    _centred(p4, 60, "支出决算表")
    _table(p4, 90, HEADER, [["2060101", "行政运行", "30.00", "20.00", "10.00"]], WIDTHS)
    doc.save(path)
    return path


def test_wrapped_title_is_one_title(pdf):
    doc = open_disclosure(pdf)
    t = doc.tables[0]
    assert t.title == "一般公共预算财政拨款支出决算表(按支出功能分类科目列示到项级)决算表"
    assert [r.label for r in t.rows] == ["合计", "科学技术支出"]


def test_continued_and_repeated_titles_stitch(pdf):
    doc = open_disclosure(pdf)
    assert [t.title for t in doc.tables] == [doc.tables[0].title, "支出决算表"]
    t = doc.table("支出决算表")
    assert t.pages == [2, 3, 4]
    assert [r.code for r in t.rows] == [None, "206", "20601", "2060101"]
    assert t.rows[-1].cells[2].text == "30.00"


def test_landscape_table_on_a_rotated_portrait_sheet(tmp_path, tmp_path_factory):
    """A landscape table stored sideways on a portrait page with /Rotate: read as displayed,
    and boxes are in the displayed page's coordinates (where the viewer draws them)."""
    from tests.fixtures.pdfs import seed_pdf

    src_path, _, info = seed_pdf(tmp_path_factory, 0, ruled=True)
    src = pymupdf.open(src_path)
    page_no = info.table("收入决算表").pages[0] - 1
    assert src[page_no].rect.width > src[page_no].rect.height  # landscape as rendered
    out = pymupdf.open()
    out.new_page(width=595, height=842).insert_text((72, 72), "某单位2024年度部门决算", fontname="china-s", fontsize=12)
    sheet = out.new_page(width=595, height=842)
    sheet.show_pdf_page(sheet.rect, src, page_no, rotate=90)
    sheet.set_rotation(90)
    path = tmp_path / "rotated.pdf"
    out.save(path)
    doc = open_disclosure(path)
    t = doc.table("收入决算表")
    assert t is not None and t.pages == [2]
    total = next(r for r in t.rows if r.label == "合计")
    assert [c.text for c in total.cells if c.text][-3:] == ["574.83", "574.40", "0.43"]
    shown = pymupdf.open(path)[1].rect  # displayed: landscape again
    x0, y0, x1, y1 = total.cells[2].bbox
    assert 0 <= x0 < x1 <= shown.width and 0 <= y0 < y1 <= shown.height


def test_title_and_unit_rows_inside_the_grid(tmp_path):
    """WPS/Excel exports often print the title and the 部门名称/单位 line as merged rows of
    the grid itself."""
    doc = pymupdf.open()
    p = doc.new_page()
    x0, width = 40, sum(WIDTHS)
    p.draw_rect(pymupdf.Rect(x0, 80, x0 + width, 104), color=(0, 0, 0), width=0.5)
    p.insert_text((x0 + 200, 97), "一般公共预算财政拨款支出决算表", fontname=FONT, fontsize=13)
    p.draw_rect(pymupdf.Rect(x0, 104, x0 + width, 122), color=(0, 0, 0), width=0.5)
    p.insert_text((x0 + 3, 117), "部门名称：某局", fontname=FONT, fontsize=9)
    p.insert_text((x0 + width - 60, 117), "单位：万元", fontname=FONT, fontsize=9)
    _table(p, 122, HEADER, [["", "合计", "30.00", "20.00", "10.00"], ["206", "科学技术支出", "30.00", "20.00", "10.00"]], WIDTHS)
    path = tmp_path / "inside.pdf"
    doc.save(path)
    t = open_disclosure(path).tables[0]
    assert t.title == "一般公共预算财政拨款支出决算表" and t.unit == "万元"
    assert t.header == [HEADER] and t.columns == HEADER
    assert [r.label for r in t.rows] == ["合计", "科学技术支出"]
