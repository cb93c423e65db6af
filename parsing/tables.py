"""Find the disclosure's tables by their printed titles and build `Table`s from grids.

A table is identified by its title line (never by position or number). Its region runs to
the next title on the page; a page that starts with a grid and has no title continues the
previous table (续表), and a repeated header there is dropped.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from auditdesk.parsing.grid import CODE, Grid, build_grid
from auditdesk.parsing.lines import Line, page_lines
from auditdesk.parsing.model import DATA, SUBTOTAL, TOTAL, Cell, Row, Table, union_bbox
from auditdesk.parsing.numbers import PAGE_NO, find_unit, parse_number
from auditdesk.parsing.pdf_text import PageText
from auditdesk.parsing.table_types import DOCUMENT_NAME, LABEL, BLOCK_LABEL_WORDS, TITLE_ENDS, TITLE_WORDS, SPLIT_CODE, classify, cn_number, column_role, is_empty_note

# "…表", "…预算表（功能科目）", and a continuation page's "…表（2024年度）（续）", "…（功能科目）（续表）"
_TITLE_END = re.compile(r"表\s*([(（][^()（）]{1,12}[)）]\s*){0,2}$")
_TITLE_TAIL = re.compile(r"([(（][^()（）]{1,12}[)）]){1,2}$")  # "…预算表（功能科目）"
_LABEL = LABEL  # 公开01表 / 公开表五 / 附表2-1 … (the registry's label forms)
_TOC_DOTS = re.compile(r"(\.{3,}|…{2,}|·{3,}|-{4,})")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_NUMBERED = re.compile(r"^[一二三四五六七八九十]+、|^[(（][一二三四五六七八九十]+[)）]|^\d+[、.]")
# a list number printed before a title: 一、 / （三） / 2. / 2、 (never the 20 of "2024年")
# ("7.2024年度…表": a list number before the year, not the figure 7.2024)
_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．](?:(?!\d)|(?=20\d\d年)))")
# the unit in brackets at the end of the title, or before the year's brackets ("…总表（单位：万元）（2024年度）")
_UNIT_SUFFIX = re.compile(r"[（(](?:金额)?单位[:：]?(?:万元|元|亿元)[)）](?=(?:[（(][^()（）]{1,12}[)）])?$)")
# part and section headings that end a table region: 第三部分 …, 情况说明, 名词解释
_STOP_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分|^(?:[一二三四五六七八九十]+、)?(?:部门|单位)?(?:\d{4}年度?)?.{0,24}(?:情况说明|名词解释|编制说明)$|^名词解释|^附件")


@dataclass(slots=True)
class Region:
    title: str | None  # None = continuation of the previous table
    label: str | None
    page: int
    y_top: float
    y_bottom: float
    title_bbox: tuple[float, float, float, float] | None = None


def clean_title(text: str) -> tuple[str, str | None]:
    """'公开 01 表 收入支出决算总 表' → ('收入支出决算总表', '公开01表'); a list number before the
    title ('一、', '（三）', '2.') is not part of it."""
    t = text.replace(" ", "").replace("\u3000", "")
    label = None
    for _ in range(2):  # (a label on each side — "表二 收入决算表 附件二" — the first is kept)
        m = _LABEL.search(t)
        if m and (m.start() == 0 or m.end() == len(t)) and len(t) - len(m.group(0)) >= 4:
            # the label printed before or after the title on the same line
            label = label or m.group(0)
            t = t[: m.start()] + t[m.end():]
    t = re.sub(r"^[:：\-—\s]+", "", t)
    t = _ENUM.sub("", t, count=1)
    t = _UNIT_SUFFIX.sub("", t)  # "…总表（单位：万元）": the unit is read from the line, not the title
    return t, label


def is_title(text: str) -> bool:
    if "表" not in text:
        return False  # (a title ends in 表 or 表（…）: most lines of a page are not one)
    raw = text.replace(" ", "").replace("\u3000", "")
    t, label = clean_title(text)
    if not t or len(t) > 48 or len(t) < 4:
        return False
    if _TOC_DOTS.search(t) or any(p in t for p in "。，,;；：:") or t[0] in "的和及与":
        return False
    if _PART.match(t) or _PART.match(raw):
        return False
    if not _TITLE_END.search(t):
        return False
    if classify(t) is not None:
        return True  # (a registered type's title is a title whatever its words)
    core = _TITLE_TAIL.sub("", t)
    if DOCUMENT_NAME.search(core):
        return False  # the document's name ("2025年部门预算表"), printed as a running header
    return any(k in t for k in TITLE_WORDS) or core.endswith(TITLE_ENDS)


def is_toc_page(lines: list[Line]) -> bool:
    head = "".join(ln.text for ln in lines[:3]).replace(" ", "")
    # a 目录 entry's leader is one run of dots, or a few words (title, leader, page); a table row
    # printing "-" for each zero ("- - - -", joined "----") is neither
    dotted = sum(1 for ln in lines if _TOC_DOTS.search(ln.text) and (
        len(ln.words) <= 3 or any(_TOC_DOTS.search(w.text) for w in ln.words)))
    return head.startswith("目录") or dotted >= 4


def content_lines(page: PageText, running: frozenset[tuple[str, str]] = frozenset()) -> list[Line]:
    """Text lines without running headers/footers: page numbers, and the lines `running_lines`
    found repeated in the page margins of the document."""
    lines = page_lines(page)
    out = [
        ln
        for ln in lines
        if not ((ln.y0 > page.height * 0.88 or ln.y1 < page.height * 0.08) and PAGE_NO.match(ln.text))
    ]
    if running:
        top, bottom = _margin_lines(page, out)
        drop = {id(ln) for zone, band in (("top", top), ("bottom", bottom)) for ln in band
                if (zone, _running_key(ln)) in running}
        out = [ln for ln in out if id(ln) not in drop]
    return out


def _running_key(ln: Line) -> str:
    return re.sub(r"\d+", "#", ln.text.replace(" ", "").replace("\u3000", ""))


def _margin_lines(page: PageText, lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """The lines in the page's top and bottom margins (a tenth of the page) that stand apart from
    the content — a line's height of space or more between them and the next line — the only
    places a page header or footer can be."""
    def band(seq: list[Line], inside) -> list[Line]:
        for k, ln in enumerate(seq):
            if not inside(ln):
                return []
            if k + 1 == len(seq):
                return seq[: k + 1]
            nxt = seq[k + 1]
            gap = nxt.y0 - ln.y1 if nxt.y0 >= ln.y0 else ln.y0 - nxt.y1
            if gap >= max(ln.y1 - ln.y0, 4.0):
                return seq[: k + 1]  # the margin's lines end at the first clear space
        return []

    h = page.height
    top = band(lines, lambda ln: ln.y1 <= 0.1 * h)
    bottom = band(lines[::-1], lambda ln: ln.y0 >= 0.9 * h)
    return top, [ln for ln in bottom if all(ln is not x for x in top)]


def running_lines(pages: list[PageText]) -> frozenset[tuple[str, str]]:
    """A running header or footer — the document's or department's name, "第 3 页 共 24 页" — is
    the same line (its digits aside) in the same margin of many pages: at least three, and a
    quarter of the pages with text (odd and even pages may carry different ones). A table title,
    a figure or a row of a table is never one."""
    seen: Counter = Counter()
    with_text = 0
    for page in pages:
        lines = page_lines(page)
        if not lines:
            continue
        with_text += 1
        top, bottom = _margin_lines(page, lines)
        keys = {("top", _running_key(ln)) for ln in top} | {("bottom", _running_key(ln)) for ln in bottom}
        seen.update(keys)
    need = max(3, 0.25 * with_text)
    return frozenset(k for k, n in seen.items() if n >= need and k[1] and not is_title(k[1])
                     and not re.search(r"\d\.\d", k[1]))


def foot_label(lines: list[Line]) -> Line | None:
    """A label printed alone as the page's last line ("公开表五"): it belongs to the title at
    the top of the next page."""
    if lines and _LABEL.fullmatch(lines[-1].text.replace(" ", "")):
        return lines[-1]
    return None


def find_regions(page: PageText, lines: list[Line], in_table: bool, carried_label: str | None = None,
                 form: bool = False, header: tuple[str, ...] = ()) -> list[Region]:
    """Title-anchored regions on a page, plus a leading continuation region if the page
    starts with a grid while a table is open.  `carried_label`: a label printed at the foot
    of the previous page, for this page's first title; `form`: the open table is a 绩效 form;
    `header`: the open table's header cells as printed."""
    regions: list[Region] = []
    lines = _join_wrapped_titles(page, lines)
    foot = foot_label(lines)
    page_end = foot.y0 - 0.1 if foot is not None else page.height
    titles: list[tuple[int, Line]] = [(i, ln) for i, ln in enumerate(lines) if is_title(ln.text)]
    # a label printed on its own line above the title ("公开02 表")
    for k, (i, ln) in enumerate(titles):
        title, label = clean_title(ln.text)
        if label is None and i > 0:
            m = _LABEL.fullmatch(lines[i - 1].text.replace(" ", ""))
            if m and ln.y0 - lines[i - 1].y1 < 40:
                label = m.group(0)
        if label is None and i + 1 < len(lines):
            m = _LABEL.search(lines[i + 1].text.replace(" ", ""))
            if m and lines[i + 1].y0 - ln.y1 < 40:
                label = m.group(0)
        if label is None and k == 0 and carried_label and not any(
                _LABEL.fullmatch(x.text.replace(" ", "")) or not _is_page_furniture(page, x) for x in lines[:i]):
            label = carried_label
        bottom = titles[k + 1][1].y0 - 0.1 if k + 1 < len(titles) else page_end
        if k + 1 < len(titles):
            # the next table's own label line belongs to it
            j = titles[k + 1][0]
            if j > 0 and _LABEL.fullmatch(lines[j - 1].text.replace(" ", "")):
                bottom = lines[j - 1].y0 - 0.1
        regions.append(Region(title, label, page.number, ln.y1 + 0.1, bottom, ln.bbox))
    first_title_y = titles[0][1].y0 if titles else page_end
    if in_table and lines and lines[0].y0 < first_title_y:
        head = [ln for ln in lines if ln.y1 <= first_title_y]
        if head and _starts_grid(page, head, form, header):
            regions.insert(0, Region(None, None, page.number, 0.0, first_title_y - 0.1))
    return regions


def _is_page_furniture(page: PageText, ln: Line) -> bool:
    """A running header line at the very top of the page (not content)."""
    return ln.y1 < page.height * 0.06


def stop_line(page: PageText, lines: list[Line], top: float, grid_bottom: float | None) -> Line | None:
    """Where a table region really ends: the first line under the table that is a part or
    section heading (第三部分 …, …情况说明, 名词解释) or running text, rather than the table's
    note (注：/说明：…).  Lines inside the ruled grid never end it.  `grid_bottom`: the bottom
    rule of a ruled grid, under which only a note may follow."""
    in_note = False
    last_y = top
    seen_body = False
    for ln in lines:
        if ln.y0 <= top:
            continue
        below = grid_bottom is not None and ln.y0 > grid_bottom
        if len(ln.words) > 3 and not (below or in_note):
            seen_body = True  # words spread over cells: a row (headings and prose are 1–3 words)
            last_y = ln.y1
            continue
        t = ln.text.replace(" ", "").replace("\u3000", "")
        heading = ("部分" in t or "说明" in t or "名词" in t or "附件" in t) and bool(_STOP_HEADING.match(t)) \
            and not t.endswith("表") and len(ln.words) <= 3 and not re.search(r"\d\.\d", t)
        # an empty table's own sentence right under its grid ("本单位无此项支出。") is its note
        note_start = bool(_NOTE_START.match(t)) or "无数据" in t or (
            below and len(t) <= 40 and is_empty_note(t))
        prose = _prose(ln, page.width)
        if not (heading or note_start or prose or below or in_note) or _inside_rules(page, ln):
            seen_body = True  # a row of the table (the rules test only for lines that could end it)
            last_y = ln.y1
            continue
        if heading:
            return ln
        if note_start:
            in_note = True
        elif in_note:
            gap = ln.y0 - last_y
            if (_NUMBERED.match(t) and not re.match(r"^\d", t)) or gap > 2.5 * max(ln.y1 - ln.y0, 6.0):
                return ln  # a heading or a paragraph after the note
        elif prose and (seen_body or below):
            return ln
        elif below and not (len(t) <= 30 and re.search(r"[：:]", t)):
            return ln  # under a ruled grid, anything but a note or a 填报人： line is not the table
        seen_body = seen_body or not below
        last_y = ln.y1
    return None


_NOTE_START = re.compile(r"^(注|说明|备注|附注|本表|资料来源|数据来源|填报说明)")


def _inside_rules(page: PageText, ln: Line) -> bool:
    """Is the line inside a ruled grid (crossed by at least two vertical rules)?"""
    n = 0
    for x, y0, y1 in page.vrules:
        if y0 - 1 <= ln.yc <= y1 + 1 and ln.x0 - 40 <= x <= ln.x1 + 40:
            n += 1
            if n >= 2:
                return True
    return False


def _prose(ln: Line, page_width: float) -> bool:
    """A line of running text: long, words not spread over columns, sentence punctuation.
    (A table row of three cells — 行次 | 十四、…支出 | 行次 — is as wide and may hold a 、:
    its words stand apart, a sentence's do not.)"""
    t = ln.text.replace(" ", "")
    if not (len(t) >= 16 and len(ln.words) <= 3 and any(p in t for p in "，。；：、") and (ln.x1 - ln.x0) > 0.45 * page_width):
        return False
    h = max(ln.y1 - ln.y0, 6.0)
    return all(b.x0 - a.x1 <= 3 * h for a, b in zip(ln.words, ln.words[1:]))


def _join_wrapped_titles(page: PageText, lines: list[Line]) -> list[Line]:
    """A long title wrapped over two centred lines ("…基本支出" / "决算表", "一般公共预算基本" /
    "支出预算表", "…支出预算表" / "（按经济分类科目）") is one title."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if i + 1 < len(lines):
            nxt = lines[i + 1]
            # (a joined title ends in 表: without one on either line, nothing to measure)
            if ("表" in ln.text or "表" in nxt.text) and len(ln.words) <= 4 and len(nxt.words) <= 4 \
                    and _wrapped_pair(page, ln, nxt) and _joinable(ln.text, nxt.text):
                out.append(Line(ln.words + nxt.words))
                i += 2
                continue
        out.append(ln)
        i += 1
    return out


def _wrapped_pair(page: PageText, a: Line, b: Line) -> bool:
    """Two lines centred on the page, one under the other, in the same size."""
    mid = page.width / 2
    ax0, ay0, ax1, ay1 = a.bbox
    bx0, by0, bx1, by1 = b.bbox
    if abs((ax0 + ax1) / 2 - mid) >= page.width * 0.15 or abs((bx0 + bx1) / 2 - mid) >= page.width * 0.15:
        return False
    h0, h1 = ay1 - ay0, by1 - by0
    return by0 - ay1 < max(h0, h1) and 0.7 < h0 / max(h1, 0.1) < 1.4


def _joinable(a: str, b: str) -> bool:
    a1, b1 = a.replace(" ", ""), b.replace(" ", "")
    # (a figure on the first line is a row's — but not the list number before a year: "2.2024年度")
    if re.search(r"\d\.\d", _ENUM.sub("", a1, count=1)) or not is_title(a + b) or _LABEL.fullmatch(a1) or _PART.match(a1):
        return False
    if not is_title(a):
        # "…一般公共预算基本" / "支出预算表": the second line alone may read as a title
        # (a label before it, "附件5：", is not the sentence punctuation this asks about)
        m = _LABEL.match(a1)
        core = re.sub(r"^[:：\s]+", "", a1[m.end():]) if m else a1
        return not is_title(b) or (len(core) >= 4 and not re.search(r"[。，；：:]", core))
    # a title followed by its qualifier in brackets: "…支出预算表" / "（按功能分类科目）"
    return bool(re.fullmatch(r"[(（][^()（）]{2,14}[)）]", b1))


def _starts_grid(page: PageText, head: list[Line], form: bool = False, header: tuple[str, ...] = ()) -> bool:
    """Does the top of this page look like the rest of a table (rules, or figure lines)?"""
    from auditdesk.parsing.grid import _HEADER_WORDS, _META, _body_like, _is_column_number_row

    if re.match(r"^[(（]?续表?[)）]?$", head[0].text.replace(" ", "")):
        return True  # "续表" printed above the rest of the table
    if not form and _NOTE_START.match(head[0].text.replace(" ", "")):
        # the table's note pushed over the page break by its last row (注：… / 说明：本表无数据);
        # (a form's 备注 there is read with the text, as before: its cells would be its rows)
        return True
    if header and _repeats_header([ln for ln in head[:12] if not _META.search(ln.text)], header):
        # the open table's header printed again (over rows without a figure: an empty table), maybe
        # under its 单位 line (a spreadsheet's print titles)
        return True
    for ln in head[:3]:
        t = ln.text
        if t.startswith(("注", "说明", "备注")):
            break  # the table's own note under its last rows
        if _PART.match(t) or (len(t) > 25 and any(p in t for p in "，。；") and len(ln.words) <= 2):
            return False  # a part heading or a paragraph: the table ended on the last page
    top = head[0].y0
    bottom = head[-1].y1
    vr = [s for s in page.vrules if s[1] < bottom and s[2] > top]
    if len({round(s[0]) for s in vr}) >= 3 and head[0].y0 < page.height * 0.3:
        return True
    first = head[: min(12, len(head))]
    body = [_body_like([w.text for w in ln.words]) for ln in first]
    figs = sum(body)
    if _NUMBERED.match(head[0].text) and len(head[0].words) == 1 and len(head[0].text) > 20:
        return False  # a narrative paragraph
    if figs >= 2 or (figs >= 1 and len(first) <= 2):
        return True
    if body[0] and not _prose(head[0], page.width):
        return True  # the page opens on a row of figures (a section row and its sub-header may follow)
    if figs:
        # the header printed again over the last row(s): short labels and the column numbers,
        # no sentence, then the figures (and above them, maybe, the table's 编制单位 / 单位 line,
        # repeated with the header as a spreadsheet's print titles repeat it)
        pre = [ln for ln in first[:body.index(True)] if not _META.search(ln.text)]
        if all(not re.search(r"[，。；：:]", ln.text) and all(len(w.text) <= 12 for w in ln.words) for ln in pre) \
                and any(_is_column_number_row([w.text for w in ln.words])
                        or any(w.text in _HEADER_WORDS for w in ln.words) for ln in pre):
            return True
    if _numbered_rows(first):
        return True
    # the last rows of a table alone above its note: figure lines and 行次-only lines
    rows = []
    for ln in first:
        t = ln.text.replace(" ", "")
        if _NOTE_START.match(t) or _prose(ln, page.width) or _STOP_HEADING.match(t):
            break
        rows.append(ln)
    ints = sum(all(w.text.isdigit() and len(w.text) <= 3 for w in ln.words) for ln in rows)
    figs = sum(_body_like([w.text for w in ln.words]) for ln in rows)
    if figs >= 1 and rows and len(rows) < len(first) and _NOTE_START.match(first[len(rows)].text.replace(" ", "")):
        # right above the table's note: a row printing only its name ("国有资本经营预算财政拨款")
        # among them is a row too
        ints += sum(len(ln.words) == 1 and len(ln.text) <= 30 and not re.search(r"[，。；：:\d]", ln.text)
                    for ln in rows)
    return figs >= 1 and figs + ints == len(rows)


_LIST_ITEM = re.compile(r"^([一二三四五六七八九十]+)、")


def _numbered_rows(lines: list[Line]) -> bool:
    """Do the lines open with rows of a numbered list running on (the 收支总表's 支出 names once
    its 收入 half has ended: "十一、城乡社区支出" / "十二、农林水支出" / …, one of them with its
    figure)? Three or more short lines in a row, numbered one after another, no sentence among
    them, and an amount standing apart from its name on one of them."""
    from auditdesk.parsing.grid import _DECIMAL

    nums: list[int] = []
    figure = False
    for ln in lines:
        m = _LIST_ITEM.match(ln.text)
        name = ln.words[0].text
        if m is None and nums and len(ln.words) == 1 and len(name) <= 3 and not re.search(r"[\d，。；：:]", name):
            continue  # the end of the name above, wrapped in its narrow column ("…应急管理支" / "出")
        if m is None or re.search(r"[，。；：:]", ln.text) or len(name) > 30 or not _LIST_ITEM.match(name):
            # (the list's last name may be followed by the table's total: "本年支出合计 1,112.14")
            figure = figure or (len(nums) >= 3 and any(_DECIMAL.match(w.text.replace(" ", "")) for w in ln.words[1:])
                                and not re.search(r"[，。；：:]", ln.text))
            break
        n = cn_number(m.group(1))
        if n is None or (nums and n != nums[-1] + 1):
            break
        nums.append(n)
        figure = figure or any(_DECIMAL.match(w.text.replace(" ", "")) for w in ln.words[1:])
    return len(nums) >= 3 and figure


def _repeats_header(lines: list[Line], header: tuple[str, ...]) -> bool:
    """Do the page's first lines (four, besides a label's characters stacked one a line) print the
    open table's header cells again (three or more, each line nothing else but a character or two:
    a header word glued to its neighbour)?"""
    n = 0
    read = 0
    for ln in lines:
        t = ln.text.replace(" ", "").replace("\u3000", "")
        if t and all(len(w.text.strip()) == 1 for w in ln.words) and all(
                any(ch in cell for cell in header) for ch in t):
            # a label set one character a line in a narrow column ("收" / "入", "决" / "算" / "数"),
            # maybe beside another such label ("收支" / "入出")
            continue
        read += 1
        if read > 4:
            break
        k = 0
        for cell in header:  # (longest first: 科目代码 before 代码)
            if cell in t:
                k += t.count(cell)
                t = t.replace(cell, "|")
        for w in ln.words:
            # a piece of a label wrapped in its narrow column ("政府性基金预" / "算财政拨款")
            piece = w.text.replace(" ", "")
            if len(piece) >= 2 and piece in t and any(piece in cell for cell in header):
                k += 1
                t = t.replace(piece, "|", 1)
        # what is left between them: such a piece run into the cells beside it by the text layer
        # ("上缴上级支出经营支出对附属单位补" over "助支出")
        rest = ""
        for piece in t.split("|"):
            if len(piece) >= 2 and any(piece in cell for cell in header):
                k += 1
            else:
                rest += piece
        if not k or len(rest) > 2:
            break
        n += k
    return n >= 3


# ------------------------------------------------------------------ grid → Table


def column_paths(header: list[list[str]], ncols: int) -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []
    for j in range(ncols):
        parts: list[str] = []
        for row in header:
            t = row[j] if j < len(row) else ""
            if not t or "栏次" in t or t.isdigit():
                continue
            if not parts or parts[-1] != t:
                parts.append(t)
        paths.append(tuple(parts))
    return paths


def column_names(paths: list[tuple[str, ...]]) -> list[str]:
    names = [p[-1] if p else f"列{j + 1}" for j, p in enumerate(paths)]
    return names




def _blocks(names: list[str], paths: list[tuple[str, ...]]) -> list[int]:
    """Start columns of side-by-side blocks (收入 | 支出, 人员经费 | 公用经费): where the first
    column's label-like name appears again."""
    if not names or not any(k in names[0] for k in BLOCK_LABEL_WORDS):
        return [0]
    starts = [0]
    for j in range(1, len(names)):
        if names[j] == names[0] and j - starts[-1] >= 2 and not any(k in names[j - 1] for k in BLOCK_LABEL_WORDS):
            starts.append(j)
    return starts


def _qualify(names: list[str], paths: list[tuple[str, ...]], blocks: list[int]) -> list[str]:
    """Within a block, a repeated leaf name (预算数 under each 三公 item) becomes
    "parent/leaf" so every column can be named."""
    out = list(names)
    bounds = blocks + [len(names)]
    for b0, b1 in zip(bounds, bounds[1:]):
        seen: Counter[str] = Counter(names[b0:b1])
        for j in range(b0, b1):
            if seen[names[j]] > 1 and len(paths[j]) >= 2:
                out[j] = "/".join(paths[j][-2:])
    return out


_SPLIT_CODE = SPLIT_CODE


def make_table(
    table_id: str, title: str, label: str | None, grids: list[Grid], meta_text: str, kind: str
) -> Table:
    # (the first page's grid may be only a title's note, without columns: the columns, the
    # header and the continuation pages' mapping come from the first grid that has them)
    g0 = next((g for g in grids if g.cols), grids[0])
    ncols = len(g0.cols)
    # unruled form pages keep their own columns; split_forms aligns each form's (form_grid)
    free = kind == "form" and not all(g.ruled for g in grids)
    if free:
        ncols = max(len(g.cols) for g in grids)
    header = g0.header
    paths = column_paths(header, ncols)
    names = column_names(paths)
    if kind == "form":
        names = [f"列{j + 1}" for j in range(ncols)]
        paths = [(n,) for n in names]
    rows: list[Row] = []
    header_set = {"".join(r) for r in g0.header_printed} | {"".join(r) for r in header}
    col_x: dict[int, list[tuple[float, float]]] = {}
    bboxes: dict[int, tuple[float, float, float, float]] = {}
    notes: list[str] = []
    for gi, g in enumerate(grids):
        if g.note:
            notes.append(g.note)
        if g.bbox:
            bboxes[g.page] = g.bbox if g.page not in bboxes else union_bbox([bboxes[g.page], g.bbox])
        col_x[g.page] = g.cols if g.page not in col_x else col_x[g.page]
        body = g.body
        mapping = list(range(len(g.cols)))
        if g is not g0 and len(g.cols) != ncols and not free and g0.cols:
            mapping = _map_columns(g.cols, g0.cols)
        leading = gi > 0  # rows at the top of a continuation page may repeat the header
        xs = g.cols
        for cells, bb in zip(body, g.body_bbox):
            # each cell's text and box first, then one (frozen, so not cheap) Cell per column
            texts = [""] * ncols
            boxes: list[tuple[float, float, float, float] | None] = [None] * ncols
            for j, gc in enumerate(cells):
                k = mapping[j] if j < len(mapping) else None
                if k is None or k >= ncols or not gc.text:
                    continue
                if texts[k]:
                    boxes[k] = union_bbox([boxes[k], gc.bbox]) if boxes[k] and gc.bbox else gc.bbox
                    texts[k] += gc.text
                else:
                    texts[k], boxes[k] = gc.text, gc.bbox
            # cells without text still get a box from the column and row band
            for j in range(min(ncols, len(xs))):
                if boxes[j] is None:
                    boxes[j] = (xs[j][0], bb[1], xs[j][1], bb[3])
            out = [Cell(t, parse_number(t) if t else None, g.page, b) for t, b in zip(texts, boxes)]
            row = Row(out, g.page, bb)
            if leading and (_is_repeated_header(row, header) or "".join(row.texts) in header_set):
                continue  # the header printed again on a continuation page
            leading = False
            if any(row.texts):
                rows.append(row)
    note_text = "".join(notes)
    if is_empty_note(note_text) and not any(
        "." in c.text and c.value for r in rows for c in r.cells
    ):
        # printed as an empty grid ("本表无数据"): no rows, the note says why — whether its rows
        # print nothing, "-" or 0.00 (zero printed any way is zero)
        rows = []
    roles = column_roles(names, rows) if kind != "form" else ["text"] * ncols
    blocks = (_blocks_from_roles(roles) or _blocks(names, paths)) if kind != "form" else [0]
    if len(blocks) > 1 and kind != "form":
        fixed = _unstraddle(header, blocks, ncols)
        if fixed != header:
            paths = column_paths(fixed, ncols)
            names = [p[-1] if p else n for p, n in zip(paths, names)]
    names = _qualify(names, paths, blocks)
    _annotate_rows(rows, names, blocks, roles)
    unit = find_unit(meta_text) or find_unit(" ".join(t for r in g0.header_printed for t in r)) or find_unit(" ".join(notes))
    table = Table(
        id=table_id,
        title=title,
        label=label,
        unit=unit,
        pages=sorted({g.page for g in grids}),
        header=g0.header_printed,
        columns=names,
        rows=rows,
        note="".join(notes) or None,
        kind=kind,
        column_paths=paths,
        bbox=bboxes,
        blocks=blocks,
        column_x=col_x,
        column_roles=roles,
    )
    table.type = classify(title, kind)
    return table


def column_roles(names: list[str], rows: list[Row]) -> list[str]:
    """What each column holds, from its printed name first and its values second."""
    # (the values are read only for a column its name does not decide)
    return [
        column_role(name, (r.cells[j].text.replace(" ", "") for r in rows if j < len(r.cells) and not r.cells[j].is_blank))
        for j, name in enumerate(names)
    ]


def _unstraddle(header: list[list[str]], blocks: list[int], ncols: int) -> list[list[str]]:
    """A merged header cell drawn across a block boundary (支出用途 over the 功能分类 block's
    金额 and the whole 支出用途 block, when a rule is missing) belongs to the block that has no
    other parent in that header row; the straddled columns keep their own block's parent."""
    bounds = list(blocks) + [ncols]
    out = [list(r) + [""] * (ncols - len(r)) for r in header]
    for row in out:
        for b in range(len(blocks) - 1):
            s, e = bounds[b], bounds[b + 1]
            v = row[e]
            if not v or row[e - 1] != v:
                continue
            own = [row[j] for j in range(s, e) if row[j] and row[j] != v]
            if own and all(row[j] == v for j in range(e, bounds[b + 2])):
                for j in range(s, e):
                    if row[j] == v:
                        row[j] = own[-1]
    return out


def _blocks_from_roles(roles: list[str]) -> list[int] | None:
    """Side-by-side blocks start where a code or label column follows figures
    (项目|行次|金额 ‖ 项目|行次|金额; 类|款|名称|决算数 ‖ 代码|名称|决算数)."""
    starts = [0]
    for j in range(1, len(roles)):
        if roles[j] in ("code", "label") and roles[j - 1] in ("amount", "empty", "line", "text") and j - starts[-1] >= 2:
            starts.append(j)
    return starts if len(starts) > 1 else None


def _is_repeated_header(row: Row, header: list[list[str]]) -> bool:
    """Does the row print the header again: each of its texts a header cell of its own column (a
    row label that is also a column's name — 04's "国有资本经营预算财政拨款" — is no header)?"""
    texts = [t for t in row.texts if t]
    if not texts:
        return True
    flat = {t for r in header for t in r if t}
    cols = [{r[j] for r in header if j < len(r) and r[j]} for j in range(len(row.texts))]
    return all(t in cols[j] or "栏次" in t for j, t in enumerate(row.texts) if t) and all(t in flat for t in texts
                                                                                          if "栏次" not in t) \
        and not any(parse_number(t) is not None and "." in t for t in texts)


def _map_columns(cols, ref) -> list[int | None]:
    """Continuation page with a different column count: map by x-centre to the first page."""
    out: list[int | None] = []
    for a, b in cols:
        xc = (a + b) / 2
        best = min(range(len(ref)), key=lambda k: 0 if ref[k][0] <= xc <= ref[k][1] else min(abs(ref[k][0] - xc), abs(ref[k][1] - xc)))
        out.append(best)
    return out


_TOTAL_RE = re.compile(r"(合计|总计)$|^(合计|总计)|^本年(收入|支出)合计|^收入总计|^支出总计")


def _annotate_rows(rows: list[Row], names: list[str], blocks: list[int], roles: list[str] | None = None) -> None:
    """Row label, 科目代码 (whole, split into 类/款/项, or truncated), level, total kind."""
    split = [j for j, n in enumerate(names) if n in _SPLIT_CODE]
    code_cols = [j for j, n in enumerate(names) if ("代码" in n or "编码" in n) and n not in _SPLIT_CODE]
    end0 = blocks[1] if len(blocks) > 1 else len(names)
    roles = roles or []

    def texty(j: int) -> bool:  # "项目支出" is a figure column, not the 项目 label column
        return j >= len(roles) or roles[j] in ("label", "text")

    label_col = next(
        (
            j
            for j in range(end0)
            if any(k in names[j] for k in ("名称", "项目", "科目")) and "编码" not in names[j] and "代码" not in names[j] and texty(j)
        ),
        None,
    )
    if label_col is None:
        label_col = next((j for j in range(end0) if j < len(roles) and roles[j] == "label"), None)
    context: list[str] = []  # last seen 类, 款 codes for truncated codes
    for row in rows:
        texts = row.texts
        code = None
        if split and all(j < end0 for j in split):
            parts = [texts[j].replace(" ", "") for j in split]
            if any(parts):
                code = _join_split(parts, context)
        elif code_cols and code_cols[0] < end0:
            c = texts[code_cols[0]].replace(" ", "")
            code = _full_code(c, context)
        if code is None:
            # code printed at the start of the label cell ("2010101 行政运行")
            first = texts[0].replace(" ", "") if texts else ""
            m = re.match(r"^(\d{3}(?:\d{2}){0,2})(?!\d)", first)
            if m and (label_col is None or label_col == 0):
                code = m.group(1)
        if code and CODE.match(code):
            row.code = code
            row.level = {3: 1, 5: 2, 7: 3}[len(code)]
            context = [code[:3], code[:5] if len(code) >= 5 else ""]
        if label_col is not None:
            label = texts[label_col]
        else:
            label = next((t for t in texts if t and parse_number(t) is None), "")
        if row.code and label.startswith(row.code):
            label = label[len(row.code):].strip()
        if not label:
            # 合计 printed in a code column (项目 merged over 类|款|项|名称): the first word in
            # this row's own block, never a later block's label
            label = next((texts[j] for j in range(end0) if texts[j] and parse_number(texts[j]) is None), "")
        if label and label_col is not None and parse_number(label) is None:
            # a group printed beside its own 小计 / 合计 (一般公共预算资金 | 小计): "一般公共预算资金小计"
            inner = next((texts[j].replace(" ", "") for j in range(label_col + 1, end0)
                          if texty(j) and texts[j].replace(" ", "") in ("小计", "合计")), None)
            if inner and not label.replace(" ", "").endswith(inner):
                label = label + inner
        row.label = label.replace(" ", "").lstrip("\u3000")
        lab = row.label
        if "小计" in lab:
            row.kind = SUBTOTAL
        elif _TOTAL_RE.search(lab) and row.code is None:
            row.kind = TOTAL
        else:
            row.kind = DATA
    if label_col is not None:
        _indent_levels(rows, label_col)


def _indent_levels(rows: list[Row], j: int) -> None:
    """A table of names without 科目编码 shows its 类 / 款 / 项 by indentation: each name set in by
    a step of its own (leading full-width spaces, or its text starting further right). Where the
    names stand at two or three such depths, the first flush left and none deeper than one step
    below the name above it, each row's `level` is its depth (1 类 … 3 项); otherwise none is
    set (centred names, or a table whose codes say it)."""
    if any(r.code for r in rows):
        return
    data = [r for r in rows if r.kind == DATA and j < len(r.cells) and r.cells[j].text.strip() and r.cells[j].bbox]
    if len(data) < 3:
        return
    ems = []
    for r in data:
        t = r.cells[j].text
        x0, _y0, x1, _y1 = r.cells[j].bbox
        weight = sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in t)
        if weight and "\n" not in t:
            ems.append((x1 - x0) / weight)
    if not ems:
        return
    em = sorted(ems)[len(ems) // 2]
    left = min(r.cells[j].bbox[0] for r in data)
    depth = []
    for r in data:
        t = r.cells[j].text
        lead = len(t) - len(t.lstrip("\u3000 "))
        spaces = sum(1.0 if ch == "\u3000" else 0.5 for ch in t[:lead])
        depth.append(spaces + (r.cells[j].bbox[0] - left) / em)
    steps: list[float] = []
    for d in sorted(depth):
        if not steps or d - steps[-1] > 0.6:
            steps.append(d)
    if not 2 <= len(steps) <= 3 or min(b - a for a, b in zip(steps, steps[1:])) < 0.8:
        return
    levels = [min(range(len(steps)), key=lambda k: abs(steps[k] - d)) + 1 for d in depth]
    if levels[0] != 1 or any(b > a + 1 for a, b in zip(levels, levels[1:])):
        return
    for r, lvl in zip(data, levels):
        r.level = lvl


def _join_split(parts: list[str], context: list[str]) -> str | None:
    lei, kuan, xiang = (parts + ["", "", ""])[:3]
    if lei and not lei.isdigit():
        return None
    if not lei and context and (kuan or xiang):
        lei = context[0]
    code = lei
    if kuan:
        if len(kuan) == 5:
            code = kuan
        else:
            code = lei + kuan
    if xiang:
        if len(xiang) == 7:
            code = xiang
        elif len(code) == 5:
            code = code + xiang
        elif len(code) == 3 and context and context[1] and context[1].startswith(code):
            code = context[1] + xiang
    return code if code and code.isdigit() else None


def _full_code(c: str, context: list[str]) -> str | None:
    if not c or not c.isdigit():
        return None
    if len(c) in (3, 5, 7):
        return c
    if len(c) == 2 and context:
        # truncated: "01" under 款 20106 → 2010601; "06" under 类 201 → 20106
        if context[1]:
            return context[1] + c
        return context[0] + c
    return None
