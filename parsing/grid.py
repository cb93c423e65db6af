"""One table region on one page → a grid of header rows and body rows with cell boxes.

Two ways to find the grid, chosen per region:
- ruled: the drawn rules give the rows (horizontal) and columns (vertical); merged header
  cells are recognised by missing rule segments;
- unruled: rows are text lines, columns are the gaps in the x-projection of the body text
  (plus header words over empty columns).
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from operator import attrgetter

from auditdesk.parsing.lines import Line, group_lines, join_words, squash, touching
from auditdesk.parsing.pdf_text import PageText, Segment, Word

BBox = tuple[float, float, float, float]

# (a negative in parentheses, "(12.30)" or "(5.66%)", is a figure too)
_AMOUNT = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$|^\(\d[\d,]*(\.\d+)?\)$")
_DECIMAL = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)\.\d+%?$|^\d{1,3}(,\d{3})+$")
CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
_ZERO_MARKS = ("0", "-", "—", "–", "－")
_NOTE = re.compile(r"^(注|说明|备注)\s*\d?\s*[:：.、]")


@dataclass(slots=True)
class GridCell:
    text: str
    bbox: BBox | None


@dataclass(slots=True)
class Grid:
    page: int
    ruled: bool
    cols: list[tuple[float, float]]
    header: list[list[str]]  # header rows after merge propagation (merged text repeated)
    header_printed: list[list[str]]  # header rows as printed (merged text in first slot only)
    body: list[list[GridCell]]
    body_bbox: list[BBox]
    meta: list[str] = field(default_factory=list)  # lines above the grid: label, 单位, 部门名称
    note: str | None = None
    bbox: BBox | None = None


def _cjk(text: str) -> bool:
    """Does the text hold a Chinese character (a name, not a figure or a figure's piece: "913." of
    "913. 59")?"""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _ascii(text: str) -> str:
    """Full-width digits and punctuation as ASCII ("５７４．８３" is 574.83): cell texts keep the
    printed characters, decisions read them so."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def _is_amount(text: str) -> bool:
    return bool(_AMOUNT.match(_ascii(text).replace(" ", "")))


def _is_column_number_row(texts: list[str]) -> bool:
    toks = [_ascii(t) for t in texts if t]
    if any("栏次" in t for t in toks):
        return True
    nums = [t for t in toks if t.isdigit()]
    if len(nums) >= 2 and len(nums) == len(toks):
        vals = [int(n) for n in nums]
        return vals == list(range(vals[0], vals[0] + len(vals))) and vals[0] <= 2
    return False


def _body_like(texts: list[str]) -> bool:
    toks = [_ascii(t).replace(" ", "") for t in texts if t and t.strip()]
    if not toks or _is_column_number_row(toks):
        return False
    if _META.search("".join(toks)):
        return False
    if any(_DECIMAL.match(t) for t in toks):
        return True
    if any(CODE.match(t) for t in toks[:3]):
        return True
    label = "".join(t for t in toks if not _is_amount(t))
    return any(_is_amount(t) for t in toks) and bool(label) and len(label) <= 40 and not _header_words(label)


_HEADER_WORDS = ("项目", "科目", "预算数", "决算数", "合计", "行次", "金额", "栏次", "编码", "名称", "收入", "支出")


_CODE_HEADS = ("类", "款", "项")  # the header's last line over a split 科目编码


def _zero_total(texts: list[str]) -> bool:
    """A total printing only zeros ("合　计 | 0": an empty table's one row) — not a header line,
    whose column numbers count from 1 — though 合计 is a header word."""
    toks = [_ascii(t).replace(" ", "") for t in texts if t and t.strip()]
    amounts = [t for t in toks if _is_amount(t)]
    return bool(amounts) and all(set(t) <= set("0.") for t in amounts) and \
        "".join(t for t in toks if not _is_amount(t)) in ("合计", "总计")


def _header_words(label: str) -> bool:
    return label in _HEADER_WORDS


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


class _Rules:
    """One direction's ruling segments (position, start, end), sorted by position. "Is there
    a rule at `pos` covering (a, b)?" is asked for every cell edge of a grid: bisection finds
    the few rules near `pos` instead of scanning every rule of the region."""

    __slots__ = ("segs", "at")

    def __init__(self, segs: list[Segment]) -> None:
        self.segs = sorted(segs)
        self.at = [s[0] for s in self.segs]

    def covers(self, pos: float, a: float, b: float, tol: float = 1.5) -> bool:
        """Is there a segment at `pos` covering the interval (a, b) mostly?"""
        mid = (a + b) / 2
        segs = self.segs
        # (the window is a hair wider than `tol`: the exact test below decides)
        for k in range(bisect_left(self.at, pos - tol - 1e-6), bisect_right(self.at, pos + tol + 1e-6)):
            p, s0, s1 = segs[k]
            if abs(p - pos) <= tol and s0 - 1.5 <= mid <= s1 + 1.5:
                return True
        return False


def _split_at_rules(w: Word, xs: list[float], vr: "_Rules") -> list[Word]:
    """A word the text layer ran across a column rule (two cells' texts printed closer than a
    character apart: "本年支出合计基本支出…" over six narrow columns) is cut where the rules cross
    it, each piece placed by its glyphs' widths (CJK one em, Latin and digits half)."""
    cuts = [x for x in xs[bisect_right(xs, w.x0 + 1):bisect_left(xs, w.x1 - 1)] if vr.covers(x, w.y0, w.y1)]
    return _cut_word(w, cuts)


_LOOSE = 1.08  # a word this much wider than its neighbours' glyphs holds the gaps between cells


def _loose(w: Word, em: float) -> bool:
    """A CJK word wider than its glyphs (each one `em`): cells' texts run together with the
    spaces between them."""
    if em <= 0 or len(w.text) < 4 or len(w.text) != len(w.raw) or sum(ord(ch) > 0x2E7F for ch in w.text) < 0.8 * len(w.text):
        return False
    return w.x1 - w.x0 > _LOOSE * sum(_glyph_weights(w.text)) * em


_SPACED_RUN = re.compile(r"(?:[^\s\u3000]\u3000+)+[^\s\u3000]")


def _unspace(w: Word) -> list[Word]:
    """Letter-spaced labels the text layer ran together ("行　次金　额", two cells of a narrow
    header): cut where a letter-spaced run meets a glyph not spaced from it."""
    if "\u3000" not in w.raw or len(w.raw) != len(w.text):
        return [w]
    bounds = sorted({k for m in _SPACED_RUN.finditer(w.raw) for k in (m.start(), m.end())} - {0, len(w.raw)})
    if not bounds:
        return [w]
    weights = _glyph_weights(w.raw)
    scale = (w.x1 - w.x0) / sum(weights)
    return _cut_word(w, [w.x0 + sum(weights[:k]) * scale for k in bounds])


def _unspaced(w: Word) -> Word:
    if "\u3000" not in w.raw.strip("\u3000"):
        return w
    return Word(w.x0, w.y0, w.x1, w.y1, w.text.replace(" ", ""), w.raw)


def _glyph_em(words: list[Word]) -> float:
    """The width a CJK glyph takes in these words, as most of them print it (the median): a
    font's em is not its box height, and a header may be letter-spaced throughout. A word is
    loose only against its neighbours."""
    ratios = [(w.x1 - w.x0) / sum(_glyph_weights(w.text)) for w in words
              if len(w.text) >= 2 and len(w.text) == len(w.raw) and sum(ord(ch) > 0x2E7F for ch in w.text) >= 0.8 * len(w.text)]
    return statistics.median(ratios) if ratios else 0.0


def _glyph_weights(text: str) -> list[float]:
    return [1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text]


def _cut_word(w: Word, cuts: list[float]) -> list[Word]:
    """The word cut at the x positions `cuts` (sorted, inside it), each piece placed by its glyphs'
    widths."""
    if not cuts or len(w.text) != len(w.raw) or len(w.text) < 2:
        return [w]
    weights = _glyph_weights(w.raw)  # (the printed glyphs' widths: "４３６．６２" is six ems, not 3.3)
    scale = (w.x1 - w.x0) / sum(weights)
    edges, at = [w.x0], w.x0
    for wt in weights:
        at += wt * scale
        edges.append(at)
    out: list[Word] = []
    start = 0
    for x in cuts + [w.x1 + 1]:
        end = start
        while end < len(w.text) and (edges[end] + edges[end + 1]) / 2 < x:
            end += 1  # the glyphs whose centres lie left of the rule
        if end > start:
            out.append(Word(edges[start], w.y0, edges[end], w.y1, w.text[start:end], w.raw[start:end]))
        start = end
    return out if len(out) > 1 else [w]


def _cell_text(words: list[Word]) -> str:
    if not words:
        return ""
    if len(words) == 1:  # most cells: one word, one line
        return squash(words[0].raw)
    lines = group_lines(words)
    return "".join(join_words(ln.words, raw=True) for ln in lines)


def _bbox(words: list[Word]) -> BBox:
    if len(words) == 1:  # most cells: one word
        w = words[0]
        return (w.x0, w.y0, w.x1, w.y1)
    return (min(w.x0 for w in words), min(w.y0 for w in words), max(w.x1 for w in words), max(w.y1 for w in words))


# a figure typed in full-width digits ("４．４４", "１，１１２．１４") and what follows it in the same
# text-layer word: the text layer puts no space after a full-width glyph when the next cell's text
# starts closer than a space's width, so "４．４４30229" is a figure and the next cell's code
# (or another full-width figure: "１，１１２．１４１，１１２．１４" is two, the first with its two decimals)
_FULL_FIGURE_END = re.compile(r"[－]?[０-９][０-９，]*．(?:[０-９]{1,2}(?=[－]?[０-９][０-９，]*．[０-９])"
                              r"|[０-９]+(?=[0-9A-Za-z\u4e00-\u9fff（(])(?![万亿元]))")


def _unglue_full_width(words: list[Word]) -> list[Word]:
    """Each full-width figure cut from the text glued after it, each piece as wide as its glyphs
    (a full-width glyph is a CJK glyph's em, an ASCII one ~0.55 em) from its own end of the word:
    the space between the cells stays between the pieces, as it does between two words."""
    if all(w.raw.isascii() for w in words):
        return words
    out: list[Word] = []
    em = None
    for w in words:
        if w.raw.isascii() or len(w.raw) != len(w.text) or not _FULL_FIGURE_END.search(w.raw):
            out.append(w)
            continue
        if em is None:
            em = _glyph_em(words)
        rest = w
        while True:
            m = _FULL_FIGURE_END.search(rest.raw)
            if m is None:
                break
            k = m.end()
            wl, wr = sum(_glyph_weights(rest.raw[:k])), sum(_glyph_weights(rest.raw[k:]))
            left_w, right_w = wl * em, wr * em
            if em <= 0 or left_w + right_w > rest.x1 - rest.x0:  # (no em to measure by: by the weights)
                out.extend(_cut_word(rest, [rest.x0 + (rest.x1 - rest.x0) * wl / (wl + wr)]))
                rest = None
                break
            out.append(Word(rest.x0, rest.y0, rest.x0 + left_w, rest.y1, rest.text[:k], rest.raw[:k]))
            rest = Word(rest.x1 - right_w, rest.y0, rest.x1, rest.y1, rest.text[k:], rest.raw[k:])
        if rest is not None:
            out.append(rest)
    return out


def build_grid(
    page: PageText, words: list[Word], y_top: float, y_bottom: float, columns: list[tuple[float, float]] | None = None,
    header_rows: list[list[str]] | None = None,
) -> Grid:
    """`columns`: for an unruled continuation page, the columns of the table's first page
    (same layout; a page with few rows and no header cannot show them all by itself).
    `header_rows`: for a ruled continuation page, the table's header as its first page printed it."""
    words = _unglue_full_width(words)
    hr = [s for s in page.hrules if y_top - 2 <= s[0] <= y_bottom + 2 and s[2] - s[1] >= 6]
    vr = [s for s in page.vrules if s[2] > y_top and s[1] < y_bottom and s[2] - s[1] >= 4]
    vx = _cluster([s[0] for s in vr], 2.0)
    hy = _cluster([s[0] for s in hr], 1.5)
    # (one row between two rules is still ruled: the last row of a table alone on its page)
    if len(vx) >= 3 and (len(hy) >= 3 or (len(hy) == 2 and len(vx) >= 4)):
        hr, hy = _open_edges(hr, vr, hy, vx, words)
        grid = _ruled(page, words, _Rules(hr), _Rules(vr), hy, vx, header_rows)
        if grid is not None:
            return grid
    return _unruled(page, words, columns, header_rows)


# ---------------------------------------------------------------- ruled


def _open_edges(hr, vr, hy, vx, words: list[Word]) -> tuple[list, list]:
    """A row with no rule above it (or below it): a table running on from the previous page
    whose producer drew that border only there. The column rules still run past the first
    (last) horizontal rule to the row's edge; that edge closes the row, which would otherwise
    be left out of the grid."""
    left, right = vx[0], vx[-1]
    out_hr, out_hy = list(hr), list(hy)
    for top in (True, False):
        edge = hy[0] if top else hy[-1]
        ends = [s[1] if top else s[2] for s in vr if s[1] <= hy[0] + 1 and s[2] >= hy[-1] - 1]
        ends = [e for e in ends if (edge - e if top else e - edge) >= 4]
        if len(ends) < max(3, 2 * len(vx) // 3):
            continue  # most column rules stop at the grid's own edge: it is closed
        ends.sort()
        at = ends[len(ends) // 2]
        if not any((at < w.yc < edge if top else edge < w.yc < at) and left <= w.xc <= right for w in words):
            continue
        out_hr.append((at, left, right))
        out_hy = sorted(out_hy + [at])
    return out_hr, out_hy




def _ruled(page: PageText, words: list[Word], hr: _Rules, vr: _Rules, hy, vx,
           header_rows: list[list[str]] | None = None) -> Grid | None:
    top, bottom = hy[0], hy[-1]
    left, right = vx[0], vx[-1]
    inside: list[tuple[float, float, Word]] = []  # (centre y, centre x, word)
    above: list[Word] = []
    below: list[Word] = []
    inner_x = sorted(vx)[1:-1]
    for w in words:
        yc = w.yc
        if yc < top - 1:
            above.append(w)
        elif yc > bottom + 1:
            below.append(w)
        elif left - 3 <= w.xc <= right + 3:
            for part in _split_at_rules(w, inner_x, vr):
                inside.append((yc, part.xc, part))
    bands = [(a, b) for a, b in zip(hy, hy[1:]) if b - a >= 4]
    if not bands:
        return None
    # words → bands. A word whose cell (bounded by the rules that cross its own column)
    # spans two bands belongs to the lower one: partial rules there split a neighbouring
    # header cell ("类|款|项" under "科目编码"), not this row.
    band_words: list[list[Word]] = [[] for _ in bands]
    xs_all = sorted(vx)
    # bands and rules are sorted: a word's band and the rules either side of it are found by
    # bisection, and whether a rule crosses a column is asked once per band edge and column
    # (every word of a cell asks the same)
    band_ends = [b + 0.5 for _a, b in bands]
    crossed: dict[tuple[float, float, float], bool] = {}

    def covers_h(y: float, x0: float, x1: float) -> bool:
        hit = crossed.get((y, x0, x1))
        if hit is None:
            hit = crossed[(y, x0, x1)] = hr.covers(y, x0, x1)
        return hit

    for yc, xc, w in inside:
        i = bisect_left(band_ends, yc)  # the first band reaching down to the word …
        if i == len(bands) or bands[i][0] - 0.5 > yc:
            continue  # … does not reach up to it: the word lies in a gap between bands
        n = bisect_right(xs_all, xc)
        x0 = xs_all[n - 1] if n else left  # the nearest rule at or left of the word's centre
        n = bisect_left(xs_all, xc)
        x1 = xs_all[n] if n < len(xs_all) else right  # … at or right of it
        k = i
        while k + 1 < len(bands) and not covers_h(bands[k][1], x0, x1):
            k += 1
        top = i
        while k > i and top > 0 and not covers_h(bands[top][0], x0, x1):
            top -= 1  # (only a cell running on below can be a group merged down ≥ 3 rows)
        if k - top >= 2:
            i = top  # a group label merged down three or more rows (一般公共预算资金 over 小计 | …): its first row
        elif k - i == 1 or (k > i and i > 0 and covers_h(bands[i][0], x0, x1) and k - i <= 1):
            i = k
        band_words[i].append(w)
    # which bands are body-like (decides which vertical rules are real columns): asked band by
    # band from the top, and only until a body band crossed by the rule is found
    body_like: dict[int, bool] = {}

    def numeric(i: int) -> bool:
        if i not in body_like:
            body_like[i] = _body_like([w.text for w in band_words[i]])
        return body_like[i]

    if any(numeric(i) for i in range(len(bands))):
        keep = [
            x
            for k, x in enumerate(vx)
            if k in (0, len(vx) - 1) or any(numeric(i) and vr.covers(x, *bands[i]) for i in range(len(bands)))
        ]
    else:
        keep = vx
    cols = list(zip(keep, keep[1:]))
    cols = [c for c in cols if c[1] - c[0] >= 3]
    if len(cols) < 2:
        return None
    # cell texts
    grid_text: list[list[list[Word]]] = [[[] for _ in cols] for _ in bands]
    ends = [b for _a, b in cols]  # (the columns lie between sorted rules)
    for i, ws in enumerate(band_words):
        prev, prev_j = None, -1
        for w in sorted(ws, key=attrgetter("x0")):
            j = _col_index(cols, w, ends)
            if not _is_amount(w.text):
                # words centred in a merged cell (a total's label drawn over 功能科目名称 | 金额 |
                # 项目名称) belong to its first column
                j = _merged_start(cols, vr, bands[i], j, w)
                # a label's next glyphs placed apart ("当年支出小" "计") in a merged cell: no rule
                # between them, no space: the same word, the same column
                if prev is not None and prev_j < j and touching(prev, w) \
                        and not any(vr.covers(cols[k][1], *bands[i]) for k in range(prev_j, j)):
                    j = prev_j
            grid_text[i][j].append(w)
            prev, prev_j = (w, j) if not _is_amount(w.text) else (None, -1)
    first_body = next((i for i in range(len(bands)) if _body_like([_cell_text(c) for c in grid_text[i]])), None)
    if first_body is None:
        # no figures at all: an empty table ("本表无数据") — keep the header, no body
        first_body = len(bands)
        # header = bands until the first band that contains a 无数据 note
        band_lines = [" ".join(w.text for w in sorted(ws, key=lambda w: w.x0)) for ws in band_words]
        for i in range(len(bands)):
            if "无数据" in band_lines[i] or "无此" in band_lines[i]:
                first_body = i
                break
            texts = [_cell_text(c) for c in grid_text[i] if c]
            first_text = texts[0] if texts else ""
            rest_blank = all(_is_amount(t) or t in ("-", "—") for t in texts[1:])
            if i > 0 and first_text in ("合计", "总计") and rest_blank:
                first_body = i  # an empty table printing its 合计 row with blanks
                break
    # a row printing only its 行次 (blank labels and amounts) just above the first figures is
    # a body row, not header: the top of a continuation page printed without its header
    while 0 < first_body < len(bands) and _line_numbers_only(grid_text[first_body - 1], grid_text[first_body]):
        first_body -= 1
    # rows of numbered items printing no figure yet ("一、一般公共预算财政拨款收入 | | 一、一般公共服务支出 |"
    # at the top of a 收支总表 printed without 行次) are its first rows, not header
    while 0 < first_body < len(bands) and _numbered_items_only(grid_text[first_body - 1]):
        first_body -= 1
    # a page the table runs on to: rows printing no figure above its first figures ("国有资本经营
    # 预算财政拨款 | |" without 行次) are rows, unless they print the table's header again
    if header_rows and all(len(r) == len(cols) for r in header_rows):
        said = [{re.sub(r"\s", "", r[j]) for r in header_rows} - {""} for j in range(len(cols))]
        while 0 < first_body <= len(bands):  # (a page of rows without any figure too)
            texts = [re.sub(r"\s", "", _cell_text(c)) for c in grid_text[first_body - 1]]
            if not any(texts) or _is_column_number_row(texts) or _META.search("".join(texts)) \
                    or any(t and t in said[j] for j, t in enumerate(texts)):
                break
            first_body -= 1
    header_printed, header = _ruled_header(band_words[:first_body], bands[:first_body], cols, hr, vr)
    # "部门名称：… 单位：万元" printed as a merged row inside the grid is not a header row
    inner_meta = [i for i, r in enumerate(header_printed) if any(r) and _META.search("".join(r)) and sum(bool(t) for t in r) <= 2]
    if inner_meta and len(inner_meta) < len(header_printed):
        meta_rows = ["".join(header_printed[i]) for i in inner_meta]
        header_printed = [r for i, r in enumerate(header_printed) if i not in inner_meta]
        header = [r for i, r in enumerate(header) if i not in inner_meta]
    else:
        meta_rows = []
    if first_body < len(bands):
        # "类 | 款 | 项" printed inside the first body band (no rule under them)
        texts = [_cell_text(c) for c in grid_text[first_body]]
        if sum(t in _SPLIT_HEAD for t in texts) >= 2:
            row = [t if t in _SPLIT_HEAD else "" for t in texts]
            header_printed.append(row)
            header.append(row)
            for j, t in enumerate(texts):
                if t in _SPLIT_HEAD:
                    grid_text[first_body][j] = []
    body: list[list[GridCell]] = []
    body_bbox: list[BBox] = []
    note_parts: list[str] = []
    in_note = False
    for i in range(first_body, len(bands)):
        cells = [GridCell(_cell_text(c), _bbox(c) if c else None) for c in grid_text[i]]
        texts = [c.text for c in cells]
        if not any(texts):
            continue
        joined = "".join(texts)
        if "无数据" in joined and not any(_is_amount(t) for t in texts):
            note_parts.append(joined)
            continue
        # the note printed as the grid's last row(s) ("注：本表反映…" in one cell over all columns,
        # inside the rules): the table's note, not a row
        if body and not any(_is_amount(t) for t in texts) and (in_note or (
                _NOTE.match(joined) and sum(bool(t) for t in texts) == 1)):
            in_note = True
            note_parts.append(joined)
            continue
        body.append(cells)
        a, b = bands[i]
        body_bbox.append((left, a, right, b))
    below_lines = group_lines(below)
    note_parts += [ln.text for ln in below_lines]
    meta = [ln.text for ln in group_lines(above)] + meta_rows
    return Grid(
        page=page.number,
        ruled=True,
        cols=cols,
        header=header,
        header_printed=header_printed,
        body=body,
        body_bbox=body_bbox,
        meta=meta,
        note="".join(note_parts) or None,
        bbox=(left, top, right, bottom),
    )


def _merged_start(cols, vr: _Rules, band, j: int, w: Word) -> int:
    """The first column of the merged cell a label lies in, when the text shows the merge:
    the label runs across the missing rule, or sits centred in the merged span. A rule
    missing under a label that keeps to its own column (a scan's toner gap, a seal) merges
    nothing."""
    j0 = j
    while j0 > 0 and not vr.covers(cols[j0][0], *band):
        j0 -= 1
    if j0 == j:
        return j
    j1 = j
    while j1 + 1 < len(cols) and not vr.covers(cols[j1][1], *band):
        j1 += 1
    a, b = cols[j0][0], cols[j1][1]
    # centred in the span (a merged cell's label is centred on it, to a few points)
    if w.x0 < cols[j][0] - 1 or abs(w.xc - (a + b) / 2) <= max(3.0, 0.05 * (b - a)):
        return j0
    return j


def _line_numbers_only(band: list[list[Word]], body: list[list[Word]]) -> bool:
    texts = [_cell_text(c) for c in band]
    filled = [j for j, t in enumerate(texts) if t]
    if not filled or _is_column_number_row([texts[j] for j in filled]):
        return False
    below = [_cell_text(c) for c in body]
    return all(texts[j].isdigit() and len(texts[j]) <= 3 and below[j].isdigit() for j in filled)


_NUMBERED_ITEM = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])\S{2,}")


def _numbered_items_only(band: list[list[Word]]) -> bool:
    """A band whose every text is a numbered item ("一、…收入", "（二）…") printing no figure, in two
    cells or more, or in one cell right of the first ("| | 十六、金融支出 |", the 支出 half going on):
    body rows (a header's caption — "一、政府采购情况" — is one cell from the first column)."""
    texts = [_cell_text(c) for c in band]
    filled = [j for j, t in enumerate(texts) if t]
    return bool(filled) and (len(filled) >= 2 or filled[0] > 0) and all(
        _NUMBERED_ITEM.match(texts[j]) or texts[j] in ("-", "—") for j in filled)


def _col_index(cols: list[tuple[float, float]], w: Word, ends: list[float] | None = None) -> int:
    """The first column holding the word's centre, else the nearest. `ends`: the columns'
    right edges, when the columns are sorted and do not overlap (a ruled grid's): then the
    column is found by bisection."""
    x = w.xc
    if ends is not None:
        j = bisect_left(ends, x)  # the first column reaching to x …
        if j < len(cols) and cols[j][0] <= x:
            return j  # … holds it (no earlier one reaches it)
    else:
        for j, (a, b) in enumerate(cols):
            if a <= x <= b:
                return j
    return min(range(len(cols)), key=lambda j: min(abs(cols[j][0] - x), abs(cols[j][1] - x)))


_SPLIT_HEAD = ("类", "款", "项")


def _ruled_header(band_words, bands, cols, hr: _Rules, vr: _Rules) -> tuple[list[list[str]], list[list[str]]]:
    """Header cells as the rectangles the rules close: a merged cell's text (which may wrap
    over several bands) is read whole, printed in its first slot and repeated over its span."""
    n, m = len(bands), len(cols)
    printed = [["" for _ in range(m)] for _ in range(n)]
    filled = [["" for _ in range(m)] for _ in range(n)]
    done = [[False] * m for _ in range(n)]
    # each word with its centre, worked out once (every header cell looks at every word)
    placed = [(w.yc, w.xc, w) for ws in band_words for w in ws]
    for i in range(n):
        for j in range(m):
            if done[i][j]:
                continue
            i2 = i
            while i2 + 1 < n and not hr.covers(bands[i2][1], *cols[j]):
                i2 += 1
            j2 = j
            while j2 + 1 < m and not vr.covers(cols[j2][1], *bands[i]):
                j2 += 1
            y0, y1 = bands[i][0], bands[i2][1]
            x0, x1 = cols[j][0], cols[j2][1]
            inside = [w for yc, xc, w in placed if y0 - 0.5 <= yc <= y1 + 0.5 and x0 <= xc <= x1]
            text = _cell_text(inside)
            printed[i][j] = text
            for a in range(i, i2 + 1):
                for b in range(j, j2 + 1):
                    done[a][b] = True
                    filled[a][b] = text
    return printed, filled


# ---------------------------------------------------------------- unruled


def _unruled(page: PageText, words: list[Word], given: list[tuple[float, float]] | None = None,
             header_rows: list[list[str]] | None = None) -> Grid:
    lines = _numbered_wraps(group_lines(words))
    texts = [[w.text for w in ln.words] for ln in lines]
    first_body = next((i for i, t in enumerate(texts) if _body_like(t)), None)
    if first_body is None:
        first_body = next((i for i, t in enumerate(texts) if _zero_total(t)), None)
    if given and header_rows and all(len(r) == len(given) for r in header_rows):
        # a page the table runs on to, in the first page's columns: lines above its first figures
        # (all its lines, when none prints a figure) are rows unless each word is a header cell
        # (or a piece of one) of its own column, a column-number line or the table's 单位 line
        said = [{re.sub(r"\s", "", r[j]) for r in header_rows} - {""} for j in range(len(given))]
        end = next((i for i, ln in enumerate(lines) if _NOTE.match(ln.text)), len(lines))
        k = first_body if first_body is not None else end
        while k > 0:
            ln = lines[k - 1]
            cells = [said[_col_index(given, w)] for w in ln.words]
            # (each word a header cell of its column or a piece of one — "出" of a label wrapped in
            # its narrow column — and one word at least a whole cell or two characters of one)
            bare = [w.text.replace(" ", "") for w in ln.words]  # ("项　目" letter-spaced)
            if _is_column_number_row(texts[k - 1]) or _META.search(ln.text) or (
                    all(any(t in c for c in cs) for t, cs in zip(bare, cells))
                    and any(any(t == c or (len(t) >= 2 and t in c) for c in cs) for t, cs in zip(bare, cells))):
                break
            k -= 1
        if k < (first_body if first_body is not None else end):
            first_body = k
    # a numbered section row without figures ("一、政府采购情况") opens the body
    while first_body and _SECTION_ROW.match(lines[first_body - 1].text) and len(lines[first_body - 1].words) <= 2:
        first_body -= 1
    if given:
        # continuation page: a line printing only 行次 numbers above the first figures is a row
        while first_body and all(t.isdigit() and len(t) <= 3 for t in texts[first_body - 1]) \
                and not _is_column_number_row(texts[first_body - 1]):
            first_body -= 1
    # the first row's label wrapped over two lines, centred on its figures: its top line
    # overlaps the figures' line and is that row's, not the header's
    while first_body and _overlap(lines[first_body - 1], lines[first_body]) >= _SAME_ROW \
            and not any(_is_amount(w.text) for w in lines[first_body - 1].words) \
            and not all(w.text in _CODE_HEADS or _header_words(w.text) for w in lines[first_body - 1].words):
        first_body -= 1
    note_at = next(
        (i for i, ln in enumerate(lines) if _NOTE.match(ln.text) and (first_body is None or i > first_body)),
        len(lines),
    )
    if first_body is None:
        meta, header_lines = _split_meta(lines[:note_at])
        note = "".join(ln.text for ln in lines[note_at:]) or None
        empty_note = [ln.text for ln in header_lines if "无数据" in ln.text or "无此" in ln.text]
        heads = [ln for ln in header_lines if ln.text not in empty_note]
        cols, printed = _bare_header(heads)
        named = _propagate_unruled(heads[:len(printed)], cols, printed, _parents(heads[:len(printed)])) if cols else []
        return Grid(page.number, False, cols, named, printed, [], [], meta=[ln.text for ln in meta],
                    note=("".join(empty_note) + (note or "")) or None)
    meta, header_lines = _split_meta(lines[:first_body])
    body = lines[first_body:note_at]
    heads = [w for w in body[0].words if w.text in _CODE_HEADS]
    if len(heads) >= 2:
        # 类 | 款 | 项 under 科目编码 level with figures of the first row (cells of one row
        # printed at different heights): the header's last line, not a row's cells
        header_lines = header_lines + [Line(heads)]
        body = [Line([w for w in body[0].words if w.text not in _CODE_HEADS])] + body[1:]
    # (a row's label letter-spaced with spaces, "合　计" printed as two words: one label)
    body_lines = _merge_wrapped(_code_on_top(_join_overlapping([_letter_spaced(ln) for ln in body])))
    # columns: x-projection of body words + header words of the lowest header line
    # columns come from the lines that carry figures; a section or sub-header line without
    # figures ("项目 … 统计数" repeated mid-table) must not invent a column of its own
    fig_lines = [ln for ln in body_lines if any(_is_amount(w.text) for w in ln.words)] or body_lines
    # (a label centred over a merged cell — "当年支出小计" over 功能科目名称 | 金额 — reaches over the
    # figures beside its column: it would join the two columns into one)
    figures = [w for ln in fig_lines for w in ln.words if _DECIMAL.match(w.text)]
    spans = sorted((w.x0, w.x1) for ln in fig_lines for w in ln.words
                   if not _cjk(w.text) or not any(w.x0 < f.x1 and f.x0 < w.x1 for f in figures))
    clusters: list[list[float]] = []
    for a, b in spans:
        if clusters and a <= clusters[-1][1] + 4:
            clusters[-1][1] = max(clusters[-1][1], b)
        else:
            clusters.append([a, b])
    numeric = []
    for c in clusters:
        inside = [w for ln in body_lines for w in ln.words if c[0] <= w.xc <= c[1]]
        # right-aligned figures carry decimals; codes and 行次 are integers (left or centred); a
        # zero printed "-" or "—" stands where a figure would
        numeric.append(sum(bool(_DECIMAL.match(w.text)) or w.text in _ZERO_MARKS for w in inside) * 2 > len(inside))
    # header labels of narrow columns run into one word by the text layer ("本年支出合计基本支出…",
    # wider than its glyphs: the spaces between the cells are inside it) are cut between the
    # columns of figures under them
    # (right after each column's figures: they are right-aligned to the column's edge)
    between = [min(c1[1] + 3, (c1[1] + c2[0]) / 2) for c1, c2 in zip(clusters, clusters[1:])]
    header_lines = [_letter_spaced(ln) for ln in header_lines]
    # (each label then read without its spaces: "栏　次" is 栏次)
    header_lines = [Line([_unspaced(p) for w in ln.words for p in _unspace(w)])
                    if any("\u3000" in w.raw for w in ln.words) else ln for ln in header_lines]
    em = _glyph_em([w for ln in header_lines for w in ln.words])
    header_lines = [Line(sorted([p for w in ln.words for p in (
        _cut_word(w, [x for x in between if w.x0 + 1 < x < w.x1 - 1]) if _loose(w, em) else [w])], key=attrgetter("x0")))
        if any(_loose(w, em) for w in ln.words) else ln for ln in header_lines]
    figure_clusters = clusters
    for _ in range(2):
        parents = _parents(header_lines)  # (both the columns and the header's spans ask)
        clusters = _widen_with_header(figure_clusters, header_lines, numeric, parents)
        bounds = [clusters[0][0] - 2]
        for c1, c2 in zip(clusters, clusters[1:]):
            bounds.append((c1[1] + c2[0]) / 2)
        bounds.append(clusters[-1][1] + 2)
        cols = list(zip(bounds, bounds[1:]))
        cols = _columns_from_numbers(cols, header_lines, body_lines) or cols
        if given and _fits(given, body_lines):
            cols = list(given)
        # labels of narrow columns that print no figure, run into one word by the text layer
        # across their different heights: cut between the columns the rest of the header shows
        recut = _cut_merged(header_lines, cols)
        if recut is header_lines:
            break
        header_lines = recut
    header_printed, spans = _cells_by_column(header_lines, cols)
    # a header label wrapped over two lines ("一般公共预算财政" / "拨款") is one cell
    for i in range(len(header_printed) - 1):
        for j in range(len(cols)):
            if not header_printed[i][j] or spans[i][j] is None:
                continue
            line_h = spans[i][j][1] - spans[i][j][0]
            while True:  # "上缴" / "上级" / "支出": keep joining while the lines stay tight
                k = i + 1
                while k < len(header_printed) and not header_printed[k][j]:
                    k += 1
                if k >= len(header_printed) or spans[k][j] is None:
                    break
                (a0, a1), (b0, b1) = spans[i][j], spans[k][j]
                t = header_printed[k][j]
                if b0 - a1 < 0.35 * line_h and not t.isdigit() and "栏次" not in t:
                    header_printed[i][j] += t
                    header_printed[k][j] = ""
                    spans[i][j] = (a0, b1)
                else:
                    break
    header = _propagate_unruled(header_lines, cols, header_printed, parents)
    body: list[list[GridCell]] = []
    body_bbox: list[BBox] = []
    # (figure columns: mostly figures, the labels reaching in from the left aside)
    numeric_col = [sum(bool(_DECIMAL.match(w.text)) for w in ws) * 2 > sum(w.x0 >= a - 1 for w in ws) > 0
                   for ws, (a, _b) in zip(_by_column(body_lines, cols), cols)]
    for ln in body_lines:
        per: list[list[Word]] = [[] for _ in cols]
        for w in ln.words:
            per[_col_index(cols, w)].append(w)
        for j in range(1, len(cols)):
            # a name centred over a merged cell (当年支出小计 over 功能科目名称 | 金额) falls in the
            # figures' column: it is the name column's, as a ruled grid gives a merged cell's text
            # to its first column
            if numeric_col[j] and not numeric_col[j - 1] and not per[j - 1] and per[j] and all(
                    not _is_amount(w.text) and w.text not in _ZERO_MARKS and ord(w.text[0]) > 0x2E7F for w in per[j]):
                per[j - 1], per[j] = per[j], []
        body.append([GridCell(_cell_text(ws), _bbox(ws) if ws else None) for ws in per])
        body_bbox.append((cols[0][0], ln.y0 - 1, cols[-1][1], ln.y1 + 1))
    _group_labels_up(body)
    note = "".join(ln.text for ln in lines[note_at:]) or None
    top = header_lines[0].y0 if header_lines else body_lines[0].y0
    return Grid(
        page=page.number,
        ruled=False,
        cols=cols,
        header=header,
        header_printed=header_printed,
        body=body,
        body_bbox=body_bbox,
        meta=[ln.text for ln in meta],
        note=note,
        bbox=(cols[0][0], top, cols[-1][1], body_lines[-1].y1),
    )


_SUBTOTAL = re.compile(r"^小\s*计$")


def _group_labels_up(body: list[list[GridCell]]) -> None:
    """A group's label merged down the rows of its block (一般公共预算资金 over its 小计 and item
    rows) is printed at the block's middle; without rules it falls on that middle row. A ruled grid
    gives a merged cell's text to its first row: the block's 小计 row, the label column empty there.
    Moved (in place) only where the label stands on the middle row of the block that its 小计 row
    opens (up to the next label or 小计), in a column of sparse labels beside the 小计 column."""
    n = len(body)
    for j in range(len(body[0]) - 1 if body else 0):
        filled = [i for i in range(n) if body[i][j].text.strip()]
        subtotal = [bool(_SUBTOTAL.match(body[i][j + 1].text.strip())) for i in range(n)]
        if not filled or not any(subtotal) or len(filled) * 2 > n or any(
                not _cjk(body[i][j].text) or _is_amount(body[i][j].text) for i in filled):
            continue
        for i in filled:
            if subtotal[i]:
                continue
            k = i - 1
            while k >= 0 and not subtotal[k] and not body[k][j].text.strip():
                k -= 1
            if k < 0 or not subtotal[k] or body[k][j].text.strip():
                continue
            e = i + 1
            while e < n and not subtotal[e] and not body[e][j].text.strip():
                e += 1
            if i not in ((k + e - 1) // 2, (k + e) // 2):
                continue
            body[k][j], body[i][j] = body[i][j], GridCell("", None)


_MERGED_H = 1.3  # a header word this much taller than the header's words spans several baselines


def _cut_merged(header_lines: list[Line], cols) -> list[Line]:
    """A header word much taller than the header's other words of its size joins labels printed
    at different heights (a label wrapped in its narrow column sits higher than its one-line
    neighbour): the text layer ran the cells together. It is cut at the column bounds inside it
    (each piece placed by its glyphs' widths). `header_lines` itself when nothing is cut."""
    words = [w for ln in header_lines for w in ln.words
             if len(w.text) >= 2 and len(w.text) == len(w.raw) and sum(ord(ch) > 0x2E7F for ch in w.text) >= 0.8 * len(w.text)]
    if len(words) < 3:
        return header_lines
    em = _glyph_em(words)
    height = statistics.median(w.h for w in words)
    inner = [b for (_, b) in cols[:-1]]
    # the 栏次 numbers' centres, column by column (None where none is printed)
    numbers: list[float | None] = [None] * len(cols)
    for ln in header_lines:
        if _is_column_number_row([x.text for x in ln.words]):
            for x in ln.words:
                if x.text.isdigit():
                    numbers[_col_index(cols, x)] = x.xc

    def merged(w: Word) -> bool:
        return (w in words and w.h > _MERGED_H * height
                and (w.x1 - w.x0) / sum(_glyph_weights(w.text)) <= 1.15 * em
                and sum(w.x0 + 0.5 * em < x < w.x1 - 0.5 * em for x in inner) >= 1)

    def cut(w: Word) -> list[Word]:
        first = _col_index(cols, Word(w.x0 + 0.5 * em, w.y0, w.x0 + 0.5 * em, w.y1, "", ""))
        n = sum(w.x0 + 0.5 * em < x < w.x1 - 0.5 * em for x in inner)
        pieces = _cut_centred(w, em, cols[first:first + n + 1], numbers[first:first + n + 1])
        # (the pieces printed apart: the space between the cells, not one run of glyphs)
        return [Word(p.x0 + (0.4 * em if k else 0), p.y0, p.x1 - (0.4 * em if k < len(pieces) - 1 else 0), p.y1,
                     p.text, p.raw) for k, p in enumerate(pieces)]

    if not any(merged(w) for w in words):
        return header_lines
    return [Line(sorted([p for w in ln.words for p in (cut(w) if merged(w) else [w])], key=attrgetter("x0")))
            for ln in header_lines]


def _cut_centred(w: Word, em: float, cols: list[tuple[float, float]],
                 centres: list[float | None] | None = None) -> list[Word]:
    """A word running the labels of neighbouring columns together, cut into one piece a column
    (`cols`: theirs, left to right): the glyphs are `em` wide (no wider than the word allows) and
    the space the word has beyond them lies in equal gaps between the pieces; each piece lies in
    its column, as near its centre as may be (unruled headers centre their labels). (Cut at the
    column bounds with the glyphs spread evenly, a label wider than its column, reaching over the
    bound, lost its last glyph to the next: "上缴上级支 | 出经营支出对".) `centres`: where a column's
    栏次 number is printed, its centre — the label's, more surely than the bounds' midpoint."""
    n = len(cols) - 1
    weights = _glyph_weights(w.raw)
    if n < 1 or len(weights) <= n or len(w.text) != len(w.raw):
        return [w]
    unit = min(em, (w.x1 - w.x0) / sum(weights))
    gap = (w.x1 - w.x0 - unit * sum(weights)) / n
    at = [0.0]
    for wt in weights:
        at.append(at[-1] + wt * unit)

    def span(k: int, a: int, b: int) -> tuple[float, float]:  # piece k holding glyphs a..b-1
        return w.x0 + at[a] + k * gap, w.x0 + at[b] + k * gap

    def cost(k: int, a: int, b: int) -> float:  # out of its column, and its distance from the centre
        x0, x1 = span(k, a, b)
        c0, c1 = cols[k]
        mid = centres[k] if centres and centres[k] is not None else None
        off = abs((x0 + x1) / 2 - mid) if mid is not None else 0.5 * abs((x0 + x1 - c0 - c1) / 2)
        return max(c0 - x0, 0.0) + max(x1 - c1, 0.0) + off

    # best[k][b]: (cost, cuts) of pieces 0..k ending at glyph b, each piece one glyph at least
    inf = (float("inf"), ())
    best = [{b: (cost(0, 0, b), (b,)) for b in range(1, len(weights) - n + 1)}]
    for k in range(1, n + 1):
        row: dict[int, tuple[float, tuple]] = {}
        for b in range(k + 1, len(weights) - n + k + 1) if k < n else (len(weights),):
            row[b] = min(((c + cost(k, a, b), cuts + (b,)) for a, (c, cuts) in best[-1].items() if a < b), default=inf)
        best.append(row)
    ends = best[-1][len(weights)][1]
    out, a = [], 0
    for k, b in enumerate(ends):
        x0, x1 = span(k, a, b)
        out.append(Word(x0, w.y0, x1, w.y1, w.text[a:b], w.raw[a:b]))
        a = b
    return out


def _letter_spaced(ln: Line) -> Line:
    """A header label printed letter-spaced ("金　　额") comes out as one word a character: a run
    of such words, each gap narrower than two characters, is one label (类 | 款 | 项 over a split
    code are three)."""
    def single(w: Word) -> bool:
        return len(w.text) == 1 and len(w.raw) == 1 and ord(w.text) > 0x2E7F and w.text not in _CODE_HEADS

    if sum(single(w) for w in ln.words) < 2:
        return ln
    out: list[Word] = []
    spaced = False  # out[-1] is a run of single characters
    for w in ln.words:
        p = out[-1] if out else None
        if p is not None and single(w) and (spaced or single(p)) \
                and 0 <= w.x0 - p.x1 < 2 * (w.x1 - w.x0) and abs(w.yc - p.yc) < 0.3 * w.h:
            out[-1] = Word(p.x0, min(p.y0, w.y0), w.x1, max(p.y1, w.y1), p.text + w.text, p.raw + w.raw)
            spaced = True
        else:
            out.append(w)
            spaced = False
    return ln if len(out) == len(ln.words) else Line(out)


def _by_column(lines: list[Line], cols) -> list[list[Word]]:
    out: list[list[Word]] = [[] for _ in cols]
    for ln in lines:
        for w in ln.words:
            out[_col_index(cols, w)].append(w)
    return out


def _bare_header(lines: list[Line]) -> tuple[list[tuple[float, float]], list[list[str]]]:
    """An unruled table printing its header and no row (the empty 三公 table without a note):
    its columns are the words of its widest line of header words or 栏次 numbers ("预算数
    决算数 …", "1 2 … 12"), each line's words put in the nearest. Nothing when no line prints
    header words: the region is no table, only its title."""
    headed = [k for k, ln in enumerate(lines) if any(_header_words(w.text) for w in ln.words)
              or _is_column_number_row([w.text for w in ln.words])]
    if not headed:
        return [], []
    widest = max(headed, key=lambda k: (len(lines[k].words), k))
    lowest = sorted(lines[widest].words, key=attrgetter("x0"))
    bounds = [lowest[0].x0 - 2] + [(a.x1 + b.x0) / 2 for a, b in zip(lowest, lowest[1:])] + [lowest[-1].x1 + 2]
    cols = list(zip(bounds, bounds[1:]))
    return cols, _cells_by_column(lines[:headed[-1] + 1], cols)[0]


def _cells_by_column(lines: list[Line], cols) -> tuple[list[list[str]], list[list[tuple[float, float] | None]]]:
    """Each header line's words put in their columns: (texts, the vertical span of each cell)."""
    printed: list[list[str]] = []
    spans: list[list[tuple[float, float] | None]] = []
    for ln in lines:
        row = [""] * len(cols)
        ys: list[tuple[float, float] | None] = [None] * len(cols)
        for w in ln.words:
            j = _col_index(cols, w)
            row[j] = row[j] + squash(w.raw) if row[j] else squash(w.raw)
            ys[j] = (w.y0, w.y1) if ys[j] is None else (min(ys[j][0], w.y0), max(ys[j][1], w.y1))
        printed.append(row)
        spans.append(ys)
    return printed, spans


def _gap(a: Word, b: Word) -> float:
    """Horizontal distance between two words (0 when they overlap)."""
    return max(a.x0 - b.x1, b.x0 - a.x1, 0.0)


def _parents(header_lines: list[Line]) -> set[int]:
    """Header words over two or more labels of a lower header line (收入 over 项目|行次|金额):
    each lower label is given to the nearest word of the upper line."""
    out: set[int] = set()
    for i, ln in enumerate(header_lines[:-1]):
        below = [w for lower in header_lines[i + 1:] for w in lower.words if not w.text.isdigit() and w.text != "栏次"]
        # a label wrapped in its narrow column ("政府性基金预" over "算") sits higher than the
        # one-line labels of its row, beside them: their neighbour, not their parent (a parent
        # printed one character a line, "收" over "入", has no label beside it)
        lower = [b for low in header_lines[i + 1:] for b in low.words]
        wrapped = {id(w) for w in ln.words
                   if any(w.x0 - 2 <= b.xc <= w.x1 + 2 and abs(b.y0 - w.y1) < 0.35 * (w.y1 - w.y0) for b in lower)
                   and any(not (w.x0 - 2 <= b.xc <= w.x1 + 2) and min(w.y1, b.y1) - max(w.y0, b.y0) >= 0.3 * (w.y1 - w.y0)
                           for b in lower)}
        kids: dict[int, list[Word]] = {id(w): [] for w in ln.words}
        higher = [w for up in header_lines[:i + 1] for w in up.words]
        # a parent's children lie within its share of the header's width (a landscape page
        # spreads 收入 | 支出 far over their 项目 | 行次 | 金额)
        share = 0.0
        if len(ln.words) >= 2 and below:
            span = max(w.x1 for w in ln.words + below) - min(w.x0 for w in ln.words + below)
            share = span / (2 * len(ln.words))
        far: dict[int, list[Word]] = {id(w): [] for w in ln.words}
        for b in below:
            near = min(ln.words, key=lambda w: abs(w.xc - b.xc))
            # a label beside the word (its text level with it: cells of one row at different
            # heights) is not under it, nor one nearer another word above it about as high (小计 |
            # 购置费 under the 公务用车购置及运行费 of the line above, not under the 公务接待费 beside
            # them; a title row over the whole header competes with no one)
            if b.y0 >= near.y1 - 0.3 * (near.y1 - near.y0) \
                    and not any(_gap(w, b) < _gap(near, b) - 3 for w in higher
                                if w.y1 <= b.y0 + 0.3 * (b.y1 - b.y0) and w.y1 >= near.y0 - (near.y1 - near.y0)):
                (kids if abs(near.xc - b.xc) < max(3 * (near.x1 - near.x0) + 60, share) else far)[id(near)].append(b)
        # the labels under a parent stand side by side; the lines of a label wrapped in its own
        # column ("因公出" over "国（境）" over "费") stand one under the other. A parent over a wide
        # block (项目 over 科目代码 (类 | 款 | 项) … 科目名称) is centred between children far apart.
        centred = {id(w) for w in ln.words
                   if any(a.x1 < w.xc for a in kids[id(w)] + far[id(w)]) and any(a.x0 > w.xc for a in kids[id(w)] + far[id(w)])}
        out |= {k for k, ws in kids.items() if k not in wrapped and (
            (len(ws) >= 2 and any(a.x1 <= b.x0 + 1 for a in ws for b in ws)) or (k in centred and ws))}
    # the rest of a parent wrapped over two lines ("部门预算经济分类科目" / "编码") is that parent
    words = [w for ln in header_lines for w in ln.words]
    for w in sorted(words, key=attrgetter("y0")):
        if id(w) not in out and any(id(p) in out and p.x0 - 2 <= w.xc <= p.x1 + 2
                                    and 0 <= w.y0 - p.y1 < 0.35 * (p.y1 - p.y0) for p in words):
            out.add(id(w))
    return out


def _fits(cols: list[tuple[float, float]], lines: list[Line]) -> bool:
    """Do the given columns cover this page's text (same layout as the first page)?"""
    words = [w for ln in lines for w in ln.words]
    inside = sum(1 for w in words if cols[0][0] - 6 <= w.xc <= cols[-1][1] + 6)
    return bool(words) and inside >= 0.95 * len(words)


def _columns_from_numbers(cols, header_lines: list[Line], body_lines: list[Line]):
    """A printed column-number row ("栏次 1 2 3 … 12") fixes the figure columns exactly:
    one column per number, split half-way between neighbouring numbers. Label columns left
    of the first number are kept as found."""
    for ln in reversed(header_lines):
        toks = [w for w in ln.words if w.text != "栏次"]
        if len(toks) < 3 or len(toks) + (len(ln.words) - len(toks)) != len(ln.words):
            continue
        if sum(w.text == "栏次" for w in ln.words) > 1 or not all(w.text.isdigit() for w in toks):
            continue
        nums = [int(w.text) for w in toks]
        if nums != list(range(nums[0], nums[0] + len(nums))):
            continue
        centres = [w.xc for w in toks]
        steps = [b - a for a, b in zip(centres, centres[1:])]
        if min(steps) <= 0:
            return None
        first_left = centres[0] - steps[0] / 2
        if sum(1 for a, b in cols if (a + b) / 2 >= first_left) == len(nums):
            return None  # the columns found from the text already agree with the numbering
        label_end = max((w.x1 for b in body_lines for w in b.words if w.xc < first_left), default=first_left)
        first_left = max(first_left, label_end + 1)
        right_edge = max([centres[-1] + steps[-1] / 2] + [w.x1 + 1 for b in body_lines for w in b.words])
        bounds = [first_left] + [(a + b) / 2 for a, b in zip(centres, centres[1:])] + [right_edge]
        # (a column found from the text that lies mostly right of the first number is a figure
        # column, renumbered below, not a label column cut short: it left an empty column behind)
        label_cols = [(a, min(b, first_left)) for a, b in cols if a < first_left - 3 and (a + b) / 2 < first_left]
        return label_cols + list(zip(bounds, bounds[1:]))
    return None


def _widen_with_header(clusters: list[list[float]], header_lines: list[Line], numeric: list[bool],
                       parents: set[int]) -> list[list[float]]:
    """Body text gives the columns that hold figures; the header adds the empty ones and
    widens the others to their printed header (numbers are right-aligned, headers centred).
    A header word over two or more columns is a merged parent and changes nothing."""
    body = [list(c) for c in clusters]
    out = [list(c) for c in clusters]
    # widest first: a leaf label ("本年收入合计") fixes its column before the narrow column
    # number under it ("1", centred while the figures are right-aligned) is placed
    words = sorted((w for ln in header_lines for w in ln.words), key=lambda w: -(w.x1 - w.x0))
    # a word alone on its header line (a caption such as "一、政府采购情况") or a numbered
    # section label is a parent over columns, never a column of its own
    lone = {id(ln.words[0]) for ln in header_lines[:-1] if len(ln.words) == 1} | parents
    # figure columns that already have a header word over them (a parent's reach over a column
    # names none: 公务用车购置及运行费 centred over 小计 | 购置费 | 运行费)
    # (nor do the column numbers and their 栏次 caption name the column they stand over)
    claimed = {k for k, c in enumerate(clusters) for w in words
               if w.x0 - 3 <= c[1] and w.x1 + 3 >= c[0] and id(w) not in parents
               and not w.text.isdigit() and w.text != "栏次"}
    for w in words:
        hits = [k for k, c in enumerate(body) if w.x0 - 3 <= c[1] and w.x1 + 3 >= c[0]]
        if len(hits) >= 2 or (hits and id(w) in parents):
            continue  # (a parent centred over its span may reach over one column's figures only)
        if len(hits) == 1:
            k = hits[0]
            out[k] = [min(out[k][0], w.x0), max(out[k][1], w.x1)]
            continue
        if any(c[0] - 1 <= w.xc <= c[1] + 1 for c in out):
            continue
        # centred over a left-aligned text/code column whose text is short ("301" under
        # "经济分类科目编码"): closer to that column's start than to the next column
        left = max((k for k in range(len(clusters)) if clusters[k][1] <= w.x0), key=lambda k: clusters[k][1], default=None)
        right = min((k for k in range(len(clusters)) if clusters[k][0] >= w.x1), key=lambda k: clusters[k][0], default=None)
        # centred over right-aligned figures: the figures' column starts right after it — or, in
        # a wide column (a landscape page), the header sits at the column's centre and the
        # figures at its right edge: the column it implies (as far left of the header's centre
        # as the figures end right of it) must not run into the column on its left
        left_end = clusters[left][1] if left is not None else float("-inf")
        if right is not None and numeric[right] and right not in claimed and (
            clusters[right][0] - w.x1 < (w.x1 - w.x0) or 2 * w.xc - clusters[right][1] >= left_end - 3
        ) and not any(x.x0 >= w.x1 and x.x1 <= clusters[right][0] for x in words):
            out[right] = [min(out[right][0], w.x0), max(out[right][1], w.x1)]
            continue
        if left is not None and not numeric[left] and left not in claimed:
            nxt = clusters[right][0] if right is not None else float("inf")
            if w.x0 - clusters[left][0] < nxt - w.x1:
                out[left] = [min(out[left][0], w.x0), max(out[left][1], w.x1)]
                continue
        if id(w) in lone or _SECTION_ROW.match(w.text) or (w.text == "栏次" and any(x.text in ("行次", "行") for x in words)):
            continue  # (beside a 行次 column, 栏次 captions the label block 项目 | 行次: no column of its own)
        out.append([w.x0, w.x1])
        body.append([w.x0, w.x1])
    out.sort()
    return out


# ("部门：XX 2024年度" with no unit on the line: its year is no figure, the line no row)
_META = re.compile(r"(公开\s*\d+\s*表|单位\s*[:：]|部门名称|部门\s*[:：]|编制部门|编制单位|预算单位|^\d{4}\s*年度?$|^续表|^\(续\)|^（续）)")


def _split_meta(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Lines above a grid: the leading label/unit/department lines, then the header."""
    k = 0
    while k < len(lines) and _META.search(lines[k].text):
        k += 1
    return lines[:k], lines[k:]


_SECTION_ROW = re.compile(r"^([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")


_SAME_ROW = 0.3  # of the lower line's height: lines overlapping this much print one row


def _has_figure(ln: Line) -> bool:
    """The line prints an amount or a 科目代码: a row of its own, not a wrapped label."""
    return any(_is_amount(w.text) or CODE.match(w.text) for w in ln.words)


def _row_line(words: list[Word]) -> Line:
    """Words of several printed lines as one table row, left to right (stacked words of one
    cell top to bottom)."""
    return Line(sorted(words, key=attrgetter("x0", "y0")))


def _overlap(a: Line, b: Line) -> float:
    """How far two lines overlap vertically, as a share of the shorter one's height."""
    return (min(a.y1, b.y1) - max(a.y0, b.y0)) / max(min(a.y1 - a.y0, b.y1 - b.y0), 1e-6)


def _join_overlapping(lines: list[Line]) -> list[Line]:
    """Cells of one row set at different heights (a code at the top of its cell, the figures
    centred beside a wrapped label) come out as lines that overlap: they are one row, as long
    as no two of their words sit in the same place."""
    out: list[Line] = []
    for ln in lines:
        if out and _overlap(out[-1], ln) >= _SAME_ROW and not any(
                a.x0 < b.x1 - 1 and b.x0 < a.x1 - 1 for a in out[-1].words for b in ln.words):
            out[-1] = _row_line(out[-1].words + ln.words)
        else:
            out.append(ln)
    return out


_TOTAL_LABEL = re.compile(r"^(合计|总计|小计|其中)")


def _code_on_top(lines: list[Line]) -> list[Line]:
    """A row whose 科目代码 sits at the top of its cell and whose figures are centred on a
    wrapped name prints the code on one line and the figures on the next: one row. (A coded
    table's body has no uncoded figure line but its totals.)"""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None and ln.y0 - prev.y1 < ln.y1 - ln.y0 \
                and any(CODE.match(w.text) for w in prev.words) \
                and not any(_is_amount(w.text) and not CODE.match(w.text) for w in prev.words) \
                and any(_is_amount(w.text) for w in ln.words) and not any(CODE.match(w.text) for w in ln.words) \
                and not _TOTAL_LABEL.match(ln.text):
            out[-1] = _row_line(prev.words + ln.words)
        else:
            out.append(ln)
    return out


def _numbered_wraps(lines: list[Line]) -> list[Line]:
    """In a column of numbered names ("十四、资源勘探工业信息等" / "支出" / "十五、商业服务业等支出"),
    a label piece right under a name that fills the column, at its left edge, and followed by
    the next numbered name (or a total, or nothing) is that name's second line — even where
    the lines are as far apart as the rows (a narrow column wrapping every other name leaves no
    gap to tell them by). Pieces of other columns on the same line stay where they are."""
    if len(lines) < 3:
        return lines
    numbered = [w for ln in lines for w in ln.words if _SECTION_ROW.match(w.text)]
    if len(numbered) < 3:
        return lines

    def same_x(a: Word, b: Word) -> bool:
        return abs(a.x0 - b.x0) <= 0.6 * min(a.h, b.h)

    def fills(p: Word) -> bool:  # the name reaches as far right as the names starting where it does
        column = [w for w in numbered if same_x(w, p)]
        return len(column) >= 3 and p.x1 >= max(w.x1 for w in column) - 0.6 * p.h

    out = list(lines)
    i = 1
    while i < len(out):
        prev, ln = out[i - 1], out[i]
        nxt = out[i + 1] if i + 1 < len(out) else None
        moved = []
        for w in ln.words:
            if _SECTION_ROW.match(w.text) or _is_amount(w.text) or CODE.match(w.text) or _TOTAL_LABEL.match(w.text):
                continue
            head = next((p for p in prev.words if same_x(p, w) and _SECTION_ROW.match(p.text)), None)
            if head is None or not fills(head) or len(w.text) >= len(head.text):
                continue
            after = None if nxt is None else next((q for q in nxt.words if same_x(q, w)), None)
            if after is not None and not (_SECTION_ROW.match(after.text) or _TOTAL_LABEL.match(after.text)
                                          or after.text.startswith("本年")):
                continue
            moved.append(w)
        if any(w not in moved and not (_SECTION_ROW.match(w.text) or _is_amount(w.text) or CODE.match(w.text))
               for w in ln.words):
            moved = []  # beside another name of its own ("项目 | 统计数"): a row, not a wrap
        if moved:
            out[i - 1] = _row_line(prev.words + moved)
            rest = [w for w in ln.words if w not in moved]
            if rest:
                out[i] = Line(rest)
            else:
                del out[i]
                continue
        i += 1
    return out


def _two_names(a: Line, b: Line) -> bool:
    """`a` opens with a numbered name ("三、国有资本经营预算财政拨款") over which `b` prints a
    name of its own ("总计"): two rows, however tight (a numbered name starts a row; it is no
    line of another row's wrapped name)."""
    return any(_SECTION_ROW.match(w.text) and any(
        v.x0 < w.x1 and w.x0 < v.x1 and not (_is_amount(v.text) or CODE.match(v.text)) for v in b.words)
        for w in a.words)


def _extent(ln: Line) -> tuple[float, float]:
    """A line's text from top to bottom, every word counted as high as its lowest one: some
    fonts' boxes (digits 20 pt high beside 11 pt text) reach into the rows above and below."""
    h = min(w.h for w in ln.words)
    return min(w.yc for w in ln.words) - h / 2, max(w.yc for w in ln.words) + h / 2


def _continues(ln: Line, other: Line) -> bool:
    """Can label-only line `ln` be a wrapped piece of `other`'s row? A wrap continues its own
    column's text: it overlaps one of `other`'s names, if `other` prints one (a label printed in
    another column — a group's label beside its 小计 row — starts a row of its own)."""
    named = [w for w in other.words if not (_is_amount(w.text) or CODE.match(w.text))]
    return not named or any(a.x0 < b.x1 and b.x0 < a.x1 for a in named for b in ln.words)


def _merge_wrapped(lines: list[Line]) -> list[Line]:
    """A line with no figure and only label text, right under or over a figure line, is a
    wrapped label: join it to the nearest figure line (a line of the same column's text)."""
    if len(lines) < 2:
        return lines
    has_fig = [_has_figure(ln) for ln in lines]
    ext = [_extent(ln) for ln in lines]
    gaps = sorted(b[0] - a[1] for a, b in zip(ext, ext[1:]))
    row_gap = gaps[len(gaps) // 2] if gaps else 0.0
    out: list[Line] = []
    pending: list[Word] = []
    for i, ln in enumerate(lines):
        if has_fig[i]:
            if pending:
                ln = _row_line(ln.words + pending)
                pending = []
            out.append(ln)
            continue
        top, bottom = ext[i]
        if pending:
            # the label line just above sat tight on this one, not on a figure line: a row
            # with empty cells whose name wraps ("二十二、灾害防治及应急管理支" / "出")
            ln = _row_line(pending + ln.words)
            top, pending = min(top, _extent(ln)[0]), []
        prev_gap = top - _extent(out[-1])[1] if out else 1e9
        next_gap = ext[i + 1][0] - bottom if i + 1 < len(lines) else 1e9
        # a wrapped label sits tighter than the table's usual row spacing; a section row
        # ("二、机关运行经费") with no figures keeps the usual spacing and stays a row
        h = ext[i][1] - ext[i][0]
        limit = min(h, 0.6 * row_gap) if row_gap > 0.5 else 0.5 * h
        if prev_gap <= next_gap and out and prev_gap < limit and not _two_names(ln, out[-1]) and _continues(ln, out[-1]):
            out[-1] = _row_line(out[-1].words + ln.words)
        elif next_gap < limit and not (i + 1 < len(lines) and (
                _two_names(ln, lines[i + 1]) or not _continues(ln, lines[i + 1]))):
            pending.extend(ln.words)
        else:
            out.append(ln)
    if pending:
        out.append(Line(pending))
    return _centred_labels(out)


_LABEL_REACH = 1.6  # line heights: how far a wrapped label's line sits from its row's figures
_WRAPPED_PITCH = 0.7  # of the one-line rows' pitch: nearer than this, a label line is wrapped


def _centred_labels(lines: list[Line]) -> list[Line]:
    """Where every row's label wraps, lines are evenly spaced and no gap tells a wrapped line
    from a row: a label-only line belongs to the figure line its centre is nearest to (cells
    are centred on their row), when that is within reach. A numbered section row stays."""
    figs = [k for k, ln in enumerate(lines) if _has_figure(ln)]
    # the pitch of rows that print on one line: a wrapped line sits closer to its figures, a
    # row of its own (a label with empty cells, "上年结转") a whole pitch away
    pitches = sorted(lines[b].yc - lines[a].yc for a, b in zip(figs, figs[1:]) if b == a + 1)
    if not pitches:
        return lines
    # (the lower quartile: where few rows print figures, a blank row between two of them — a
    # 收支总表 without 行次 — doubles their pitch, and a row of its own would pass for a wrap)
    pitch = pitches[len(pitches) // 4]
    owner: dict[int, int] = {}
    for k, ln in enumerate(lines):
        if k in figs or _SECTION_ROW.match(ln.text):
            continue
        j = min(figs, key=lambda f: abs(lines[f].yc - ln.yc))
        if abs(lines[j].yc - ln.yc) <= min(_LABEL_REACH * (ln.y1 - ln.y0), _WRAPPED_PITCH * pitch) \
                and not _own_label_unmirrored(lines, k, j):
            owner[k] = j
    if not owner:
        return lines
    words: dict[int, list[Word]] = {}
    for k, j in owner.items():
        words.setdefault(j, []).extend(lines[k].words)
    return [_row_line(ln.words + words.get(k, [])) for k, ln in enumerate(lines)
            if k not in owner]


def _own_label_unmirrored(lines: list[Line], k: int, j: int) -> bool:
    """Line k (label only) beside figure line j, which prints a name of its own where k prints
    one: k is a line of that name only when the name is centred on j, with a line as far on the
    other side of j ("使用非财政拨款结余 | 结余分配", a row printing no figure over "年初结转和结余
    31.58 …", is a row)."""
    ln, fig = lines[k], lines[j]
    named = [w for w in fig.words if not (_is_amount(w.text) or CODE.match(w.text))]
    if not any(a.x0 < b.x1 and b.x0 < a.x1 for a in named for b in ln.words):
        return False
    tol = 0.3 * (ln.y1 - ln.y0)
    return not any(m != k and not _has_figure(lines[m]) and abs((lines[m].yc - fig.yc) + (ln.yc - fig.yc)) < tol
                   for m in range(len(lines)))


@dataclass(slots=True)
class _Label:
    """A header label: its words in one column, wrapped over lines ("因公出国" / "（境）费")."""

    row: int  # its first header line
    col: int
    words: list[Word]
    x0: float
    y0: float
    x1: float
    y1: float
    cols: set[int] = field(default_factory=set)  # a parent's span

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2


def _labels(lines: list[Line], cols) -> list[_Label]:
    by_col: dict[int, list[tuple[int, Word]]] = {}
    for i, ln in enumerate(lines):
        for w in ln.words:
            if not w.text.isdigit() and "栏次" not in w.text:
                by_col.setdefault(_col_index(cols, w), []).append((i, w))
    out: list[_Label] = []
    for j, ws in by_col.items():
        cur: _Label | None = None
        for i, w in sorted(ws, key=lambda t: t[1].y0):
            if cur is not None and w.y0 - cur.y1 < 0.35 * (w.y1 - w.y0):
                cur.words.append(w)
                cur.row = min(cur.row, i)
                cur.x0, cur.y0 = min(cur.x0, w.x0), min(cur.y0, w.y0)
                cur.x1, cur.y1 = max(cur.x1, w.x1), max(cur.y1, w.y1)
            else:
                cur = _Label(i, j, [w], w.x0, w.y0, w.x1, w.y1)
                out.append(cur)
    return out


def _spans(lines: list[Line], cols, parents: set[int]) -> dict[int, _Label]:
    """The parent labels with the columns each spans (`cols`). Without rules, a parent
    is centred over its span, and the span is found outward from its own column: it stops at a
    label printed level with the parent (a neighbour), at a label set higher than the parent's
    children because its cell is taller, starting at the parent's row (合计 | 因公出国（境）费 beside
    公务用车购置及运行维护费, itself over 小计 | 购置费 | 运行费), and where another parent of its
    level is nearer. Lower parents are spanned first: a higher one sees their spans."""
    labels = _labels(lines, cols)
    if not labels:
        return {}
    h = min(w.y1 - w.y0 for lb in labels for w in lb.words)
    tol = 0.25 * h
    # the header's foot: its lowest labels, above a row of column numbers (栏次 1 2 3)
    numbered = {id(w) for ln in lines if _is_column_number_row([w.text for w in ln.words]) for w in ln.words}
    bottom = max((lb.y1 for lb in labels if not any(id(w) in numbered for w in lb.words)),
                 default=max(lb.y1 for lb in labels))
    span: dict[int, set[int]] = {id(lb): {lb.col} for lb in labels}

    def nxt(lb: _Label) -> float | None:
        """Where the next label under it starts (None: it reaches the header's foot)."""
        cols_ = span[id(lb)]
        return min((o.y0 for o in labels if o.col in cols_ and o.y0 >= lb.y1 - tol), default=None)

    def level(a: _Label, b: _Label) -> bool:
        """Do the two cells end at the same depth (the same labels, or the foot, below them)?"""
        na, nb = nxt(a), nxt(b)
        return (na is None) == (nb is None) and (na is None or abs(na - nb) <= 2 * tol)

    tops = [lb for lb in labels if any(id(w) in parents for w in lb.words)]
    out: dict[int, _Label] = {}
    # parents right over the header's foot (預算数 | 决算数 under each 三公 item): siblings, each
    # column going to the nearest of them, however high each is printed in its cell
    over = [p for p in tops if _over_foot(p, labels, bottom, tol)]
    # (one set above and between two of them — 支出 over 功能分类 | 支出用途, its own 金额 under it
    # with nothing between — is their parent, not their sibling)
    direct = {id(p) for p in over
              if not (any(q.y0 >= p.y1 - tol and q.x1 <= p.x0 for q in over)
                      and any(q.y0 >= p.y1 - tol and q.x0 >= p.x1 for q in over))}

    def dist(lb: _Label, j: int) -> float:
        x = (cols[j][0] + cols[j][1]) / 2
        return max(lb.x0 - x, x - lb.x1, 0.0)

    for p in sorted(tops, key=lambda lb: -lb.y1):
        # its children: the labels right under it (not under another label under it)
        under = [lb for lb in labels if lb.y0 >= p.y1 - tol and lb.x0 < p.x1 and p.x0 < lb.x1]
        kids = [lb for lb in under if not any(o is not lb and lb.col in span[id(o)] and o.y1 <= lb.y0 + tol
                                              and o.y0 >= p.y1 - tol for o in labels)]
        # parents of its level: printed level with it, or beside it in a taller cell that starts
        # higher (因公出国（境）费 beside 小计: the 决算数 under it is its own, not 小计's)
        rivals = [q for q in tops if q is not p and (min(q.y1, p.y1) - max(q.y0, p.y0) > 0.3 * h
                                                     or (q.y1 > p.y0 and q.y0 < p.y0 - tol)
                                                     or (id(p) in direct and id(q) in direct))]

        def joins(j: int) -> bool:
            if any(dist(q, j) < dist(p, j) for q in rivals):
                return False
            cells = [lb for lb in labels if lb is not p and j in span[id(lb)] and lb.y1 > p.y0 + tol]
            if not cells:
                return False
            s = min(cells, key=lambda lb: lb.y0)
            if s.y0 < p.y1 - tol:
                return False  # printed level with the parent: its neighbour
            if any(level(s, k) and s.yc < k.yc - 0.3 * h for k in kids):
                return False  # centred higher than a child ending as deep: a taller cell beside the parent
            # a label reaching down to the header's foot, centred so high that its cell starts
            # above the parent's foot: its cell began beside the parent
            return nxt(s) is not None or 2 * s.yc - bottom >= p.y1 - tol

        a = b = p.col
        while a > 0 and joins(a - 1):
            a -= 1
        while b + 1 < len(cols) and joins(b + 1):
            b += 1
        span[id(p)] = p.cols = set(range(a, b + 1))
        if id(p) not in direct:
            _over_units(p, [q for q in tops if id(q) in direct and q.y0 >= p.y1 - tol], span, cols)
            span[id(p)] = p.cols
        out[id(p)] = p
    _recentre(list(out.values()), labels, cols, tol)
    return out


def _over_foot(p: _Label, labels: list[_Label], bottom: float, tol: float) -> bool:
    """Is the first label under the parent one of the header's lowest (its foot)?"""
    below = [lb for lb in labels if lb is not p and lb.y0 >= p.y1 - tol and lb.x0 < p.x1 and p.x0 < lb.x1]
    return bool(below) and min(below, key=lambda lb: lb.y0).y1 >= bottom - tol


def _over_units(p: _Label, units: list[_Label], span: dict[int, set[int]], cols) -> None:
    """A parent over parents (公务用车购置及运行费 over 小计 | 购置费 | 运行费) whose span came out as
    one child's alone (the child printed lower than its siblings in its cell): it spans the run of
    two or more of the children under it best centred under its text."""
    own = [u for u in units if span[id(u)] == p.cols]
    if len(own) != 1:
        return
    units = sorted(units, key=lambda u: min(span[id(u)]))
    k = units.index(own[0])
    xc = (p.x0 + p.x1) / 2
    best: tuple[float, int, set[int]] | None = None
    for a in range(k + 1):
        for b in range(max(k, a + 1), len(units)):
            run = set().union(*(span[id(u)] for u in units[a:b + 1]))
            if run != set(range(min(run), max(run) + 1)):
                continue  # (not side by side)
            miss = abs(xc - (cols[min(run)][0] + cols[max(run)][1]) / 2)
            if best is None or (miss, b - a) < best[:2]:
                best = (miss, b - a, run)
    width = (cols[max(p.cols)][1] - cols[min(p.cols)][0])
    if best is not None and best[0] <= 0.5 * width:
        p.cols = best[2]


def _recentre(parents: list[_Label], labels: list[_Label], cols, tol: float) -> None:
    """Two parents side by side (本年支出 | 本年比上年增减) share the columns between them by which
    each is centred over: in columns of unequal widths the column at their border can lie nearer
    the far parent's edge than its own parent's (项目支出 under the end of 本年支出's span, nearer
    the start of 本年比上年增减). Each parent is centred over its children's labels; the border
    moves where that centres both better."""
    def miss(p: _Label, span: set[int]) -> float:
        under = [lb for lb in labels if lb is not p and lb.col in span and lb.y0 >= p.y1 - tol]
        x0 = min([lb.x0 for lb in under] + [cols[j][1] for j in span])
        x1 = max([lb.x1 for lb in under] + [cols[j][0] for j in span])
        return abs((p.x0 + p.x1) / 2 - (x0 + x1) / 2)

    for p in parents:
        for q in parents:
            if q is p or not p.cols or not q.cols or max(p.cols) + 1 != min(q.cols) \
                    or min(q.y1, p.y1) - max(q.y0, p.y0) <= 0:
                continue
            now = miss(p, p.cols) + miss(q, q.cols)
            a, b = max(p.cols), min(q.cols)
            moves = []
            if b != q.col and len(q.cols) >= 2:  # q's first column to p
                moves.append((p.cols | {b}, q.cols - {b}))
            if a != p.col and len(p.cols) >= 2:  # p's last column to q
                moves.append((p.cols - {a}, q.cols | {a}))
            best = min(moves, key=lambda m: miss(p, m[0]) + miss(q, m[1]), default=None)
            if best is not None and miss(p, best[0]) + miss(q, best[1]) < 0.5 * now:
                p.cols, q.cols = best


def _propagate_unruled(lines: list[Line], cols, printed: list[list[str]], parents: set[int]) -> list[list[str]]:
    """Without rules, a parent phrase (收入 over 项目|行次|金额, 项目 over 科目代码|科目名称)
    spans the columns of the labels beneath it; other phrases name only their own column.
    `parents`: `_parents(lines)`."""
    out = [list(r) for r in printed]
    if not parents:
        return out
    spans = _spans(lines, cols, parents)

    def label(t: str) -> bool:
        return bool(t) and not t.isdigit() and "栏次" not in t

    for p in spans.values():
        i, j0 = p.row, p.col
        text = out[i][j0] or "".join(w.raw for w in p.words)
        for j in p.cols:
            if not out[i][j] and any(label(out[k][j]) for k in range(i + 1, len(out))):
                out[i][j] = text
    return out
