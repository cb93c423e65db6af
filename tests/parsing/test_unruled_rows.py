"""Rows of a table printed without ruling lines, where cells of one row sit at different
heights: a 科目名称 wrapped over two or three lines centred on the row's figures, a 科目代码 at
the top of its cell, the first row's label reaching up into the header's last line. The
geometry is that of a real 决算 page (a 一般公共预算财政拨款支出决算表 printed without its
grid: 10.6 pt lines, 13.5 pt apart inside a cell)."""
from __future__ import annotations

from auditdesk.parsing.grid import build_grid
from auditdesk.parsing.pdf_text import PageText, Word

H = 10.6  # a word box's height
STEP = 13.5  # line pitch inside a wrapped cell
PAD = 7.0  # space between rows
X_CODE, X_NAME, X_FIGS = 107.0, 180.0, (294.0, 376.0, 467.0)


def _w(x: float, y: float, text: str) -> Word:
    return Word(x, y, x + 7.0 * len(text), y + H, text)


def _page(rows: list[tuple[str, list[str], list[str]]], code_top: bool = False) -> tuple[PageText, float, float]:
    """Header lines, then one row per (code, name lines, figures): the figures and a one-line
    code centred on the name block, or the code on the block's first line."""
    words = [_w(140, 60, "科目编码"), _w(200, 60, "科目名称"), _w(300, 60, "合计"), _w(380, 60, "基本支出"),
             _w(470, 60, "项目支出")]
    y = 60 + H + PAD + 4
    for code, names, figs in rows:
        block = STEP * (len(names) - 1) + H
        mid = y + block / 2 - H / 2
        for k, name in enumerate(names):
            words.append(_w(X_NAME, y + k * STEP, name))
        if code:
            words.append(_w(X_CODE, y if code_top else mid, code))
        for x, f in zip(X_FIGS, figs):
            if f:
                words.append(_w(x, mid, f))
        y += block + PAD
    return PageText(1, 595, 842, words), 50.0, y


ROWS = [
    ("208", ["社会保障和就", "业支出"], ["754.75", "754.75", "0.00"]),  # the first row wraps
    ("20805", ["行政事业单位", "养老支出"], ["754.75", "754.75", "0.00"]),
    ("2080501", ["行政单位离退休"], ["54.53", "54.53", "0.00"]),
    ("2080505", ["机关事业单位", "基本养老保险", "缴费支出"], ["446.11", "446.11", "0.00"]),
    ("2080506", ["机关事业单位", "职业年金缴费", "支出"], ["225.12", "225.12", "0.00"]),
    ("210", ["卫生健康支出"], ["236.64", "236.64", "0.00"]),
    ("", ["上年结转"], ["", "", ""]),  # a row of its own: a label and empty cells
    ("21011", ["行政事业单位医疗"], ["60.99", "60.99", "0.00"]),
]


def _rows(grid) -> list[list[str]]:
    return [[c.text for c in row] for row in grid.body]


def _expected() -> list[list[str]]:
    return [[code, "".join(names), *figs] for code, names, figs in ROWS]


def test_wrapped_labels_centred_on_their_figures_are_one_row():
    page, top, bottom = _page(ROWS)
    grid = build_grid(page, page.words, top, bottom)
    assert _rows(grid) == _expected()


def test_code_at_the_top_of_its_cell_is_the_rows_code():
    page, top, bottom = _page(ROWS, code_top=True)
    grid = build_grid(page, page.words, top, bottom)
    assert _rows(grid) == _expected()


def test_one_line_rows_stay_rows():
    rows = [("201", ["一般公共服务支出"], ["10.00", "10.00", ""]), ("", ["上年结转"], ["", "", ""]),
            ("", ["其中：基本支出"], ["", "", ""]), ("20101", ["人大事务"], ["10.00", "10.00", ""])]
    page, top, bottom = _page(rows)
    grid = build_grid(page, page.words, top, bottom)
    assert _rows(grid) == [[c, "".join(n), *f] for c, n, f in rows]
