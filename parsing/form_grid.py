"""One 绩效自评表 region on one page → a grid of rows, every printed line a row.

A form is not a table: it has no column header, its rows have different column splits
(项目名称 | value, 一级指标 | 二级指标 | …, 总分 | value) and merged cells everywhere.  So
the generic grid's header/body split and its "columns come from the figure rows" rule do
not apply.  Here:

- ruled: every horizontal rule closes a band, every vertical rule that crosses the page
  region is a column edge; a merged cell (no rule inside it) prints its text in its first
  slot, over as many bands/columns as it spans (as the eye reads it);
- unruled: columns are the gaps of the x-projection of all words (a few words crossing a
  gap do not close it); rows are groups of text lines closer than a row gap, so a wrapped
  cell ("…" over three lines) stays in one row.

The result is a `Grid` with no header, so `tables.make_table` keeps every row.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from auditdesk.parsing.grid import Grid, GridCell, _cluster
from auditdesk.parsing.lines import group_lines, join_words
from auditdesk.parsing.pdf_text import PageText, Word

BBox = tuple[float, float, float, float]


_CONTINUED = re.compile(r"^[(（]?续表?[)）]?$")
_HEADING = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")


def ends_form(text: str) -> bool:
    """A line that ends a form region: a part or section heading (a form's own cells hold
    sentences, so running text does not end it)."""
    t = text.replace(" ", "").replace("\u3000", "")
    return bool(_HEADING.match(t)) and len(t) <= 40 and not t.endswith("表")


def build_form_grid(
    page: PageText, words: list[Word], y_top: float, y_bottom: float, columns: list[tuple[float, float]] | None = None
) -> Grid:
    words = [w for w in words if not _CONTINUED.match(w.text)]  # "续表" above a continued form
    hr = [s for s in page.hrules if y_top - 2 <= s[0] <= y_bottom + 2 and s[2] - s[1] >= 6]
    vr = [s for s in page.vrules if s[2] > y_top and s[1] < y_bottom and s[2] - s[1] >= 4]
    hy = _cluster([s[0] for s in hr], 1.5)
    vx = _cluster([s[0] for s in vr], 2.0)
    if len(vx) >= 3 and len(hy) >= 2:  # (two rules: a form's last row alone on a page)
        g = _ruled(page, words, hr, vr, hy, vx)
        if g is not None:
            return g
    return _unruled(page, words, hy, columns)


_CLOSING = set("。，、；：？！）》」』”’,.;:?!)%")
_NARROW = {".": 0.27, ",": 0.27, "(": 0.3, ")": 0.3, "-": 0.32, "%": 0.82, " ": 0.27}


def _weight(ch: str) -> float:
    """Glyph advance in em: CJK and full-width one em, digits and Latin about half."""
    if ord(ch) >= 0x2E80 or ch in "≥≤×÷":
        return 1.0
    return _NARROW.get(ch, 0.55)


def split_words(words: list[Word], edges: list[float], margin: float = 2.5) -> list[Word]:
    """A word that runs over a column edge is two cells' texts printed with no space between
    ("全年预算数全年执行数"): cut it at the character nearest the edge (glyph widths
    estimated: CJK one em, Latin and digits about half)."""
    out: list[Word] = []
    for w in words:
        cuts = [x for x in edges if w.x0 + margin < x < w.x1 - margin]
        if not cuts or len(w.text) < 2 or _FIG.match(w.text):  # a figure is one cell's
            out.append(w)
            continue
        text, raw = w.text, w.raw if len(w.raw) == len(w.text) else w.text
        weights = [_weight(c) for c in raw]
        total = sum(weights)
        scale = (w.x1 - w.x0) / total
        pos = [w.x0]
        for wt in weights:
            pos.append(pos[-1] + wt * scale)
        ks = set()
        for x in cuts:
            k = min(range(1, len(text)), key=lambda k: abs(pos[k] - x))
            while k < len(text) and raw[k] in _CLOSING:
                k += 1  # closing punctuation hangs past the cell edge; it ends the left text
            ks.add(k)
        ks = sorted(ks)
        prev = 0
        for k in ks + [len(text)]:
            if k > prev:
                out.append(Word(pos[prev], w.y0, pos[k], w.y1, text[prev:k], raw[prev:k]))
            prev = k
    return out


def _text(ws: list[Word]) -> str:
    if not ws:
        return ""
    if len(ws) == 1:
        return ws[0].raw.replace(" ", "")  # most form cells: one word (join_words drops spaces too)
    return "".join(join_words(ln.words, raw=True) for ln in group_lines(ws))


def _box(ws: list[Word]) -> BBox:
    return (min(w.x0 for w in ws), min(w.y0 for w in ws), max(w.x1 for w in ws), max(w.y1 for w in ws))


class _Rules:
    """Rule segments bucketed by position (rounded), so "is there a rule at x over y" is a
    lookup of the few segments near x, not a scan of every segment on the page."""

    def __init__(self, segs, tol: float = 1.5) -> None:
        self.tol = tol
        self.at: dict[int, list[tuple[float, float, float]]] = {}
        for seg in segs:
            self.at.setdefault(int(round(seg[0])), []).append(seg)

    def covers(self, pos: float, a: float, b: float) -> bool:
        mid = (a + b) / 2
        k = int(round(pos))
        for kk in (k - 2, k - 1, k, k + 1, k + 2):
            for p, s0, s1 in self.at.get(kk, ()):
                if abs(p - pos) <= self.tol and s0 - 1.5 <= mid <= s1 + 1.5:
                    return True
        return False


# ---------------------------------------------------------------- ruled


def _ruled(page: PageText, words: list[Word], hr, vr, hy, vx) -> Grid | None:
    top, bottom, left, right = hy[0], hy[-1], vx[0], vx[-1]
    bands = [(a, b) for a, b in zip(hy, hy[1:]) if b - a >= 4]
    cols = [(a, b) for a, b in zip(vx, vx[1:]) if b - a >= 3]
    if not bands or len(cols) < 2:
        return None
    inside = [w for w in words if top - 1 <= w.yc <= bottom + 1 and left - 3 <= w.xc <= right + 3]
    inside = split_words(inside, [x for x, _ in cols[1:]])
    above = [w for w in words if w.yc < top - 1]
    below = [w for w in words if w.yc > bottom + 1]
    # words → (band, col) slots by their centre
    band_starts = [a for a, _ in bands]
    col_starts = [a for a, _ in cols]
    slot: dict[tuple[int, int], list[Word]] = {}
    for w in inside:
        i = max(0, min(len(bands) - 1, bisect_right(band_starts, w.yc) - 1))
        j = max(0, min(len(cols) - 1, bisect_right(col_starts, w.xc) - 1))
        slot.setdefault((i, j), []).append(w)
    n, m = len(bands), len(cols)
    hrules, vrules = _Rules(hr), _Rules(vr)
    done = [[False] * m for _ in range(n)]
    rows: list[list[GridCell]] = [[GridCell("", None) for _ in range(m)] for _ in range(n)]
    for i in range(n):
        for j in range(m):
            if done[i][j]:
                continue
            # the cell the rules close, starting at slot (i, j)
            j2 = j
            while j2 + 1 < m and not vrules.covers(cols[j2][1], *bands[i]):
                j2 += 1
            i2 = i
            while i2 + 1 < n and not hrules.covers(bands[i2][1], cols[j][0], cols[j2][1]):
                i2 += 1
            ws: list[Word] = []
            for a in range(i, i2 + 1):
                for b in range(j, j2 + 1):
                    done[a][b] = True
                    ws.extend(slot.get((a, b), ()))
            if ws:
                rows[i][j] = GridCell(_text(ws), (cols[j][0], bands[i][0], cols[j2][1], bands[i2][1]))
            else:
                rows[i][j] = GridCell("", (cols[j][0], bands[i][0], cols[j][1], bands[i][1]))
    body, body_bbox = [], []
    for i, cells in enumerate(rows):
        if any(c.text for c in cells):
            body.append(cells)
            body_bbox.append((left, bands[i][0], right, bands[i][1]))
    return Grid(
        page=page.number, ruled=True, cols=cols, header=[], header_printed=[], body=body, body_bbox=body_bbox,
        meta=[ln.text for ln in group_lines(above)], note="".join(ln.text for ln in group_lines(below)) or None,
        bbox=(left, top, right, bottom),
    )


# ---------------------------------------------------------------- unruled


def _gaps(intervals: list[tuple[float, float]], x0: float, x1: float, allow: int, min_gap: float) -> list[float]:
    """Centres of the x-ranges covered by at most `allow` intervals, at least `min_gap` wide."""
    n = int(x1 - x0) + 2
    cover = [0] * n
    for a, b in intervals:
        for k in range(max(0, int(a - x0)), min(n, int(b - x0) + 1)):
            cover[k] += 1
    out = []
    k = 0
    while k < n:
        if cover[k] <= allow:
            s = k
            while k < n and cover[k] <= allow:
                k += 1
            if k - s >= min_gap and s > 0 and k < n:
                out.append(x0 + (s + k) / 2)
        else:
            k += 1
    return out


def _columns(words: list[Word], n_lines: int | None = None) -> list[tuple[float, float]]:
    """Column spans from the gaps in the x-projection of the words — a gap stays open when
    only a few words (a merged cell, two cells' texts run together) cross it — and from the
    gaps between figures: narrow figure columns (分值 | 得分 | 偏差度) are told apart by their
    numbers even where a run-on label crosses them."""
    if not words:
        return []
    x0 = min(w.x0 for w in words)
    x1 = max(w.x1 for w in words)
    lines = max(1, n_lines or len(group_lines(words)))
    edges = _gaps([(w.x0, w.x1) for w in words], x0, x1, max(1, lines // 25), 4.0)
    figs = [w for w in words if _FIG.match(w.text)]
    if len(figs) >= 4:
        for e in _gaps([(w.x0, w.x1) for w in figs], x0, x1, 0, 3.0):
            near_l = [w for w in figs if e - 40 < w.x1 <= e]
            near_r = [w for w in figs if e <= w.x0 < e + 40]
            if len(near_l) >= 2 and len(near_r) >= 2 and all(abs(e - x) >= 6 for x in edges):
                edges.append(e)
    bounds = [x0] + sorted(edges) + [x1 + 1]
    return [(a, b) for a, b in zip(bounds, bounds[1:])]


_FIG = re.compile(r"^[+-]?[\d,]*\d(\.\d+)?%?$")




def _unruled(page: PageText, words: list[Word], hy: list[float], given) -> Grid:
    top = hy[0] if len(hy) >= 2 else None
    bottom = hy[-1] if len(hy) >= 2 else None
    if top is not None and bottom is not None:
        inside = [w for w in words if top - 1 <= w.yc <= bottom + 1]
        above = [w for w in words if w.yc < top - 1]
        below = [w for w in words if w.yc > bottom + 1]
    else:
        inside, above, below = list(words), [], []
    lines = group_lines(inside)
    if not lines:
        return Grid(page.number, False, [], [], [], [], [], meta=[ln.text for ln in group_lines(above)])
    cols = _columns(inside)  # per page: a continued title may hold a different form
    col_starts = [a for a, _ in cols]
    inside = split_words(inside, col_starts[1:])
    lines = group_lines(inside)
    # rows: lines closer than a row gap belong to one row (a wrapped cell, or a single-line
    # cell centred beside it)
    heights = sorted(w.h for w in inside)
    fh = heights[len(heights) // 2]  # the body font's word height
    groups: list[list] = [[lines[0]]]
    for prev, ln in zip(lines, lines[1:]):
        pitch = ln.yc - prev.yc
        if pitch <= fh * 1.22:
            groups[-1].append(ln)
        else:
            groups.append([ln])
    body, body_bbox = [], []
    for g in groups:
        per: dict[int, list[Word]] = {}
        for ln in g:
            for w in ln.words:
                j = max(0, min(len(cols) - 1, bisect_right(col_starts, w.xc) - 1))
                per.setdefault(j, []).append(w)
        cells = [GridCell(_text(per[j]), _box(per[j])) if j in per else GridCell("", None) for j in range(len(cols))]
        y0 = min(ln.y0 for ln in g)
        y1 = max(ln.y1 for ln in g)
        for j, c in enumerate(cells):
            if c.bbox is None:
                cells[j] = GridCell("", (cols[j][0], y0, cols[j][1], y1))
        body.append(cells)
        body_bbox.append((cols[0][0], y0, cols[-1][1], y1))
    x_left = cols[0][0]
    x_right = cols[-1][1]
    return Grid(
        page=page.number, ruled=False, cols=cols, header=[], header_printed=[], body=body, body_bbox=body_bbox,
        meta=[ln.text for ln in group_lines(above)], note="".join(ln.text for ln in group_lines(below)) or None,
        bbox=(x_left, body_bbox[0][1], x_right, body_bbox[-1][3]),
    )

