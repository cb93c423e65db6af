"""Ruling lines are read from the text page's collected vectors (one pass over the page): they
must be the lines the drawings themselves give, whatever way a producer draws them."""
from __future__ import annotations

import pymupdf
import pytest

from auditdesk.parsing import pdf_text


def _page(draw) -> pymupdf.Document:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 40), "收入支出决算总表", fontname="china-s", fontsize=12)
    draw(page)
    return pymupdf.open("pdf", doc.tobytes())


def _stroked_lines(page):  # one path, a line per rule (the usual exporter output)
    sh = page.new_shape()
    for y in (60, 80, 100, 120):
        sh.draw_line((50, y), (500, y))
    for x in (50, 200, 350, 500):
        sh.draw_line((x, 60), (x, 120))
    sh.finish(color=(0, 0, 0), width=0.5)
    sh.commit()


def _thin_fills(page):  # Word: every rule a thin filled rectangle
    for y in (60, 80, 100):
        page.draw_rect(pymupdf.Rect(50, y, 500, y + 0.7), color=None, fill=(0, 0, 0))
    for x in (50, 275, 500):
        page.draw_rect(pymupdf.Rect(x, 60, x + 0.7, 100.7), color=None, fill=(0, 0, 0))


def _cell_boxes(page):  # a stroked box per cell, grey header fill, white cell backgrounds
    page.draw_rect(pymupdf.Rect(50, 60, 500, 80), color=None, fill=(0.85, 0.85, 0.85))
    for r in range(3):
        for c in range(3):
            box = pymupdf.Rect(50 + 150 * c, 60 + 20 * r, 200 + 150 * c, 80 + 20 * r)
            page.draw_rect(box + (1, 1, -1, -1), color=None, fill=(1, 1, 1))
            page.draw_rect(box, color=(0, 0, 0), width=0.8)


def _polyline(page):  # not rectangles: read from the drawings as before
    page.draw_polyline([(50, 60), (500, 60), (500, 120)], color=(0, 0, 0), width=0.5)
    page.draw_line((50, 90), (500, 90), color=(0, 0, 0), width=0.5)


def _rotated(page):  # a landscape table on a portrait sheet (/Rotate 90)
    _stroked_lines(page)
    page.set_rotation(90)


@pytest.mark.parametrize("draw", [_stroked_lines, _thin_fills, _cell_boxes, _polyline, _rotated])
def test_rules_from_vectors_are_the_drawn_rules(draw):
    doc = _page(draw)
    page = doc[0]
    got = pdf_text.read_page(page)
    m, w, h, _turned = pdf_text._reading_space(page, page.get_text("dict")["blocks"])
    want_h, want_v = pdf_text._rules(page.get_cdrawings(), m, w, h)
    assert want_h and want_v  # the layout draws a grid
    for got_s, want_s in ((got.hrules, want_h), (got.vrules, want_v)):
        assert len(got_s) == len(want_s)
        for (p, a, b), (q, c, d) in zip(got_s, want_s):
            # a stroked box's edges are read at the outside of the line: half a line width
            assert abs(p - q) <= 0.5 and abs(a - c) <= 0.5 and abs(b - d) <= 0.5


def test_continued_row_without_a_top_rule_stays_in_the_grid():
    """A table running on from the previous page whose producer drew the first row's top
    border only on that page: the column rules reach above the first horizontal rule, and
    that row (its words between the rules' top and the first rule) is the grid's first row."""
    from auditdesk.parsing.grid import build_grid
    from auditdesk.parsing.pdf_text import PageText, Word

    xs = (60.0, 200.0, 300.0)
    rows_y = (84.0, 98.0, 112.0, 126.0)  # horizontal rules: no rule at the top (y ≈ 70)
    vrules = [(x, 70.0, 126.0) for x in xs]
    hrules = [(y, 60.0, 300.0) for y in rows_y]
    words = [Word(70, 72, 110, 82, "会议费"), Word(250, 72, 290, 82, "110.05"),
             Word(70, 86, 110, 96, "办公费"), Word(250, 86, 290, 96, "10.00"),
             Word(70, 100, 110, 110, "印刷费"), Word(250, 100, 290, 110, "30.00"),
             Word(70, 114, 110, 124, "租赁费"), Word(250, 114, 290, 124, "20.00")]
    page = PageText(17, 595, 842, words, hrules, vrules)
    grid = build_grid(page, words, 60.0, 140.0)
    texts = grid.header_printed + [[c.text for c in row] for row in grid.body]
    assert ["会议费", "110.05"] in texts
    assert sum(1 for row in texts if any(t in ("110.05", "10.00", "30.00", "20.00") for t in row)) == 4
