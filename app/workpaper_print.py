"""Print setup of one working-paper sheet: A4, readable (≥ 8 pt at print), headed.

A reviewer prints the 底稿 and signs it, so every sheet must print at a size one can read.
Shrinking a wide sheet to the page width (what Excel's "fit to width" does) made 问题清单 print
at 3 pt. Instead the sheet's width decides, in this order:

1. fits a portrait A4 page at 100 %  → portrait;
2. fits a landscape A4 page at 100 % → landscape;
3. fits landscape at ≥ MIN_SCALE      → landscape, scaled (10 pt × 0.8 = 8 pt);
4. otherwise                          → landscape, broken across as few bands of pages as
   MIN_SCALE allows, the header rows and the label columns repeated on every page.

The scale is written explicitly (not "fit to width"), so Excel and LibreOffice print the same
size whatever their own column-width metrics are. Header and footer carry 被审计单位, 索引号, the
sheet name, 第 x 页 共 y 页 and 编制/复核 (a page separated from its sheet still says whose it is).
"""
from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

BASE_PT = 10  # body text size of every sheet
MIN_PRINT_PT = 8
MIN_SCALE = 80  # BASE_PT × 80 % = 8 pt
MARGIN_IN = 0.4  # left/right; top/bottom leave room for the header and footer
A4_W_PT, A4_H_PT = 595.0, 842.0
# one column-width unit prints ~7 pt in LibreOffice (measured on its PDF export: it renders the
# default font's substitute wider than Excel's 5.25 pt). The larger figure is used on purpose:
# a sheet judged to fit must fit in both.
PT_PER_CHAR = 7.0
PT_COL_PAD = 0.0
DEFAULT_WIDTH = 8.43


def column_points(width: float | None) -> float:
    return (width or DEFAULT_WIDTH) * PT_PER_CHAR + PT_COL_PAD


def column_widths(ws: Worksheet, last_col: int | None = None) -> list[float]:
    """Printed width (pt at 100 %) of each column A…last_col."""
    out: list[float] = []
    for c in range(1, (last_col or ws.max_column) + 1):
        dim = ws.column_dimensions.get(get_column_letter(c))
        hidden = dim is not None and dim.hidden
        out.append(0.0 if hidden else column_points(dim.width if dim is not None else None))
    return out


def printable_points(landscape: bool) -> float:
    return (A4_H_PT if landscape else A4_W_PT) - 2 * MARGIN_IN * 72


@dataclass(frozen=True, slots=True)
class PrintPlan:
    landscape: bool
    scale: int  # percent
    breaks: tuple[int, ...] = ()  # last column of each band of pages but the last

    @property
    def pages_across(self) -> int:
        return len(self.breaks) + 1


def _bands(widths: list[float], titles: int, capacity: float) -> list[int] | None:
    """Greedy column bands: the last column of each band (1-based). Bands after the first
    repeat the `titles` leading columns. None when one column alone does not fit."""
    ends: list[int] = []
    title_w = sum(widths[:titles])
    used = 0.0
    for c, w in enumerate(widths, start=1):
        if used + w > capacity and used > (title_w if ends else 0):
            ends.append(c - 1)
            used = title_w
        used += w
        if used > capacity:
            return None
    return ends


def plan(widths: list[float], titles: int = 0) -> PrintPlan:
    """Orientation, scale and column bands for columns `widths` (pt at 100 %); see the module
    docstring. `titles` leading columns repeat on every band."""
    width_pt = sum(widths)
    portrait, landscape = printable_points(False), printable_points(True)
    if width_pt <= portrait:
        return PrintPlan(False, 100)
    if width_pt <= landscape:
        return PrintPlan(True, 100)
    scale = int(landscape / width_pt * 100)  # floor: never wider than the page
    if scale >= MIN_SCALE:
        return PrintPlan(True, scale)
    # broken across pages: as few bands as 8 pt allows, then the largest scale that keeps them
    fewest = _bands(widths, titles, landscape * 100 / MIN_SCALE)
    if fewest is None:  # a single column wider than the page: LibreOffice splits it anyway
        return PrintPlan(True, MIN_SCALE)
    for s in range(100, MIN_SCALE - 1, -2):
        ends = _bands(widths, titles, landscape * 100 / s)
        if ends is not None and len(ends) <= len(fewest):
            return PrintPlan(True, s, tuple(ends))
    return PrintPlan(True, MIN_SCALE, tuple(fewest))


@dataclass(frozen=True, slots=True)
class PageHeader:
    unit: str  # 被审计单位
    index_no: str  # this sheet's 索引号
    preparer: str  # 编制人员及日期
    reviewer: str  # 复核人员及日期


def _hf(text: str) -> str:
    # '&' starts a header/footer code: a literal one is written '&&'
    return text.replace("&", "&&")


def setup(ws: Worksheet, head: PageHeader, *, title_rows: str | None = None,
          title_cols: str | None = None, last_col: int | None = None, last_row: int | None = None) -> PrintPlan:
    """A4, orientation and scale by width, print titles when broken across pages, header and
    footer, an explicit print area (text overflowing a cell never widens what prints)."""
    last_col = last_col or ws.max_column
    last_row = last_row or ws.max_row
    titles = 0
    if title_cols:
        titles = column_index_from_string(title_cols.split(":")[-1].strip("$"))
    p = plan(column_widths(ws, last_col), titles)
    ps = ws.page_setup
    ps.paperSize = ws.PAPERSIZE_A4
    ps.orientation = "landscape" if p.landscape else "portrait"
    ps.scale = p.scale
    ps.fitToWidth = None
    ps.fitToHeight = None
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ps.pageOrder = "overThenDown"  # the columns of one band of rows stay together
    m = ws.page_margins
    m.left = m.right = MARGIN_IN
    m.top = m.bottom = 0.75
    m.header = m.footer = 0.3
    ws.print_options.horizontalCentered = p.pages_across == 1
    if title_rows:
        ws.print_title_rows = title_rows
    if title_cols and p.pages_across > 1:
        ws.print_title_cols = title_cols
    for end in p.breaks:  # the bands planned above, not wherever the application would cut
        ws.col_breaks.append(Break(id=end))
    ws.print_area = f"A1:{get_column_letter(last_col)}{max(1, last_row)}"
    for hf in (ws.oddHeader, ws.evenHeader):
        hf.left.text = _hf(f"被审计单位：{head.unit}" if head.unit else "被审计单位：")
        hf.center.text = "&A"  # the sheet name
        hf.right.text = _hf(f"索引号：{head.index_no}")
        for part in (hf.left, hf.center, hf.right):
            part.size = BASE_PT
    for hf in (ws.oddFooter, ws.evenFooter):
        hf.left.text = _hf(f"编制：{head.preparer or '　　　　'}　复核：{head.reviewer or '　　　　'}")
        hf.right.text = "第 &P 页 共 &N 页"
        for part in (hf.left, hf.right):
            part.size = BASE_PT
    return p
