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
from auditdesk.parsing.lines import group_lines, join_words, squash
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
        return squash(ws[0].raw)  # most form cells: one word (join_words drops spaces too)
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
#
# Without rules the columns come from where text is not: the free x-ranges of the form's
# words.  Two things hide them: PyMuPDF runs two cells' texts into one "word" when nothing
# but a gap lies between them ("全年预算数全年执行数", "62.74596.53%"), and full-width closing
# punctuation hangs past a cell's edge and touches the next cell ("（20分）经济成本指标").
# Such a word is wider than its glyphs (it holds a gap), so it does not close a free range,
# and is cut at the column edges found inside it; glyph widths are estimated from the
# page's own CJK words (one em each) — exact for CJK, close for digits and Latin.

_HANG = set("，。、；：？！）》」』”’")  # full-width closing punctuation: ink in the left half
_OPEN = set("（《「『“‘")  # full-width opening punctuation: ink in the right half


def _raw(w: Word) -> str:
    return w.raw if len(w.raw) == len(w.text) else w.text


def _em(words: list[Word]) -> float | None:
    """The body font's em: the advance of a CJK glyph, from the region's CJK-only words (a
    low quartile: words holding a gap are wider than their glyphs)."""
    per = sorted((w.x1 - w.x0) / len(w.text) for w in words if len(w.text) >= 2 and all(ord(c) >= 0x2E80 for c in w.text))
    return per[len(per) // 4] if per else None


def _natural(text: str, em: float) -> float:
    return sum(_weight(c) for c in text) * em


def _elastic(w: Word, em: float | None) -> bool:
    """Wider than its glyphs by more than a third of an em: two cells' texts with a gap."""
    return em is not None and len(w.text) >= 2 and (w.x1 - w.x0) - _natural(_raw(w), em) > max(2.0, 0.3 * em)


def _ink(w: Word, em: float | None) -> tuple[float, float]:
    """The x-range a word's glyphs are drawn in: a full-width closing mark at its end, or an
    opening mark at its start, is blank over half an em."""
    a, b = w.x0, w.x1
    if em is not None and w.raw:
        if w.raw[-1] in _HANG:
            b -= 0.5 * em
        if w.raw[0] in _OPEN:
            a += 0.5 * em
    return a, max(a, b)


def _presplit(words: list[Word], em: float | None) -> list[Word]:
    """Cut a word after each closing mark followed by more text, where the word is printed
    at its natural width: the mark may be hanging past a cell edge into the next cell's text
    (pieces of one cell join again in `_text`)."""
    if em is None:
        return words
    out: list[Word] = []
    for w in words:
        raw = _raw(w)
        ks = [k + 1 for k, c in enumerate(raw[:-1]) if c in _HANG and raw[k + 1] not in _HANG]
        if not ks or abs((w.x1 - w.x0) - _natural(raw, em)) > 0.3 * em:
            out.append(w)
            continue
        prev = 0
        for k in ks + [len(raw)]:
            x0 = w.x0 + _natural(raw[:prev], em)
            out.append(Word(x0, w.y0, min(w.x1, x0 + _natural(raw[prev:k], em)), w.y1, w.text[prev:k], raw[prev:k]))
            prev = k
    return out


def _cut_elastic(w: Word, cuts: list[float], em: float) -> list[Word]:
    """Cut a word holding a gap at the column edges inside it: the text before the first
    edge starts at the word's left at natural glyph widths; the text after a later edge
    ends at the word's right."""
    text, raw = w.text, _raw(w)
    n = len(text)
    slack = (w.x1 - w.x0) - _natural(raw, em)
    if len(cuts) > 1 and slack < 2 * max(4.0, 0.4 * em):
        # room for one gap only: the edge nearest the middle of a gap between two glyphs
        # (x0 + glyphs before + half the slack); the others are another row's edges
        def fit(x: float) -> float:
            return min(abs(x - (w.x0 + _natural(raw[:k], em) + slack / 2)) for k in range(1, n))
        cuts = [min(cuts, key=fit)]
    ks: list[tuple[int, float]] = []
    for i, x in enumerate(cuts):
        if i == 0:
            k = 0
            while k < n and w.x0 + _natural(raw[: k + 1], em) <= x + 0.3 * em:
                k += 1
        else:
            k = n
            while k > 0 and w.x1 - _natural(raw[k - 1:], em) >= x - 0.3 * em:
                k -= 1
        if 0 < k < n and (not ks or k > ks[-1][0]):
            ks.append((k, x))
    if not ks:
        return [w]
    out, prev, left = [], 0, w.x0
    for k, x in ks:
        out.append(Word(left, w.y0, min(x, left + _natural(raw[prev:k], em)), w.y1, text[prev:k], raw[prev:k]))
        prev, left = k, max(x, w.x1 - _natural(raw[k:], em))
    out.append(Word(left, w.y0, w.x1, w.y1, text[prev:], raw[prev:]))
    return out


def _gaps(intervals: list[tuple[float, float]], x0: float, x1: float, allow: int, min_gap: float) -> list[float]:
    """Column edges from the x-projection: the centre of every free x-range at least
    `min_gap` wide; where a range is crossed by at most `allow` intervals (a merged cell, a
    long label) and holds no free range, the centre of its least covered part — so two free
    ranges side by side stay two edges."""
    ev = sorted([(a, 1) for a, b in intervals if b > a] + [(b, -1) for a, b in intervals if b > a])
    segs: list[tuple[float, float, int]] = []
    cover, prev = 0, x0
    for x, d in ev:
        if x > prev:
            segs.append((prev, x, cover))
        cover += d
        prev = max(prev, x)
    out: list[float] = []
    i = 0
    while i < len(segs):
        if segs[i][2] > allow:
            i += 1
            continue
        j = i
        while j + 1 < len(segs) and segs[j + 1][2] <= allow:
            j += 1
        run, i = segs[i:j + 1], j + 1
        if run[-1][1] - run[0][0] < min_gap:
            continue
        low = min(s[2] for s in run)
        subs: list[tuple[float, float]] = []
        for s in run:  # the stretches at the lowest cover
            if s[2] == low:
                if subs and subs[-1][1] == s[0]:
                    subs[-1] = (subs[-1][0], s[1])
                else:
                    subs.append((s[0], s[1]))
        subs = [s for s in subs if s[0] > x0 and s[1] < x1]  # not the margin beside the form
        if not subs:
            continue
        wide = [s for s in subs if s[1] - s[0] >= min_gap]
        for s in wide or [max(subs, key=lambda s: s[1] - s[0])]:
            out.append((s[0] + s[1]) / 2)
    return out


def _columns(words: list[Word], em: float | None = None) -> list[tuple[float, float]]:
    """Column spans from the free x-ranges of the words (a range stays free when only a few
    words cross it, and words holding a gap never close one) and from the gaps between
    figures: narrow figure columns (分值 | 得分 | 偏差度) are told apart by their numbers even
    where a run-on label crosses them."""
    if not words:
        return []
    x0 = min(w.x0 for w in words)
    x1 = max(w.x1 for w in words)
    lines = max(1, len(group_lines(words)))
    solid = [_ink(w, em) for w in words if not _elastic(w, em)]
    edges = _gaps(solid, x0, x1, max(1, lines // 25), 4.0)
    figs = [w for w in words if _FIG.match(w.text)]
    # a few words may cross an edge (a merged cell's text), never a figure: a figure is one cell's
    edges = [e for e in edges if not any(w.x0 + 0.5 < e < w.x1 - 0.5 for w in figs)]
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
    em = _em(inside) or _em(page.words)
    inside = _presplit(inside, em)
    # per page: a continued title may hold another form; only a line or two (a form's last
    # row alone on a page) is too little to find columns in, so it takes the page before's
    cols = given if given and len(lines) <= 2 else _columns(inside, em)
    col_starts = [a for a, _ in cols]
    if em is not None:
        inside = [p for w in inside for p in (
            _cut_elastic(w, [x for x in col_starts[1:] if w.x0 + 1 < x < w.x1 - 1], em)
            if _elastic(w, em) and any(w.x0 + 1 < x < w.x1 - 1 for x in col_starts[1:]) else [w])]
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

