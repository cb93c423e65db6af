"""The walk through a disclosure's pages that cuts them into tables and narrative: each page's
regions (a title and the grid under it, a table running on from the page before, the text
between) are read in order, one open table at a time.

A long file is walked on two cores (`two_cores`) where it can be cut: a forked copy walks the
second part from a page where another disclosure of a bundle starts (its cover, 目录 or
第一部分), or — in one long disclosure — where a table's title opens a page. Its tables are
this walk's only if the two walks join there (`TableWalk.seam`): this walk arrives with nothing
open — no table, no label carried from the page before, no 目录 running on — the state the
copy started from, or with a table that ends where the new title opens that page. Otherwise
the copy's work is dropped and this process walks on: the result is always the one-process walk's.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import partial
from typing import Any, Callable, Sequence

from auditdesk.parsing.errors import Cancelled
from auditdesk.parsing.form_grid import build_form_grid, ends_form
from auditdesk.parsing.grid import build_grid
from auditdesk.parsing.lines import Line, page_lines
from auditdesk.parsing.model import Table
from auditdesk.parsing.pdf_text import PageText
from auditdesk.parsing.performance_forms import is_form_title, split_forms
from auditdesk.parsing.progress import NullProgress, Progress
from auditdesk.parsing.table_types import EMPTY_SENTENCE, LABEL
from auditdesk.parsing.units import starts_a_document
from auditdesk.parsing.tables import (Region, clean_title, content_lines, find_regions, foot_label, is_title, is_toc_page,
                                      make_table, stop_line)

MIN_PAGES = 60  # a shorter file: the fork and the copy's tables sent back cost more than half the walk


class TableWalk:
    """The walk's state between pages, and what it found so far."""

    def __init__(self, pages: Sequence[PageText], running: frozenset, progress: Progress) -> None:
        self.pages = pages
        self.running = running  # page headers and footers repeated on many pages (`running_lines`)
        self.progress = progress
        self.tables: list[Table] = []
        self.narrative_pages: list[tuple[int, list[Line]]] = []
        self.toc: list[str] = []
        self.open_table: tuple[str, str | None, str, list, str] | None = None  # title, label, kind, grids, meta
        self.count = 0
        self.prev_toc = False
        self.carried_label: str | None = None  # a label printed at the foot of the previous page
        self.walked = -1  # the last page index walked

    @property
    def settled(self) -> bool:
        """Nothing carried to the next page: a walk starting there afresh reads it the same."""
        return self.open_table is None and self.carried_label is None and not self.prev_toc

    def close(self) -> None:
        if self.open_table is None:
            return
        title, label, kind, grids, meta = self.open_table
        self.open_table = None
        if not grids:
            return  # a title at a page foot whose grid never came: not a table
        self.count += 1
        table = make_table(f"T{self.count:02d}", title, label, grids, meta, kind)
        table.ruled = all(g.ruled for g in grids)
        parts = split_forms(table) if kind == "form" else [table]
        for k, part in enumerate(parts):
            if k:  # several forms printed under one title: one Table each
                self.count += 1
                part.id = f"T{self.count:02d}"
            self.tables.append(part)

    def seam(self, cut: int) -> tuple[list[Table], list[tuple[int, list[Line]]], list[str]] | None:
        """This walk has walked the pages before `cut`; a walk started afresh at `cut` (the copy's)
        walks the rest. What this walk keeps of its own when the two join into the one-process
        walk, or None when they do not. They join when this walk arrives with nothing open (a
        bundle's next disclosure starts there), or when the table it arrives with ends where a
        new title opens page `cut` — then page `cut` is walked here too, and again afresh, and
        both must leave the same state and the same text and tables of that page."""
        if self.settled:
            return self.tables[:], self.narrative_pages[:], self.toc[:]
        arriving = self.open_table
        if arriving is None or not arriving[3] or self.carried_label is not None or self.prev_toc:
            return None
        grids, n = arriving[3], len(arriving[3])
        closed, told, listed = len(self.tables), len(self.narrative_pages), len(self.toc)
        self.page(cut)
        if self.open_table is arriving or len(grids) != n:
            return None  # the table runs on onto the page: a fresh walk would read it otherwise
        fresh = TableWalk(self.pages, self.running, NullProgress())
        fresh.page(cut)
        ended_here = self.tables[closed:]
        k = len(ended_here) - len(fresh.tables)  # the parts of the table this walk arrived with
        if k < 1 or [_content(t) for t in ended_here[k:]] != [_content(t) for t in fresh.tables]:
            return None
        if (self.open_table, self.carried_label, self.prev_toc) != (fresh.open_table, fresh.carried_label, fresh.prev_toc):
            return None
        if self.narrative_pages[told:] != fresh.narrative_pages or self.toc[listed:] != fresh.toc:
            return None
        return self.tables[:closed + k], self.narrative_pages[:told], self.toc[:listed]

    def to_end(self, first: int) -> tuple[list[Table], list[tuple[int, list[Line]]], list[str]]:
        """Walk on from page index `first` to the last page; what the walk found."""
        for idx in range(first, len(self.pages)):
            self.page(idx)
        self.close()
        return self.tables, self.narrative_pages, self.toc

    def page(self, idx: int) -> None:
        page = self.pages[idx]
        self.walked = idx
        if idx % 5 == 0:
            self.progress.report(0.6 + 0.35 * idx / len(self.pages), f"识别表格：第 {page.number} 页")
        if self.progress.cancelled():
            raise Cancelled()
        lines = content_lines(page, self.running)
        if not lines:
            return
        if idx == 0 and is_cover(lines):
            return  # the cover: its facts are read by _cover_facts, it holds no sentences
        toc_page = is_toc_page(lines) or (self.prev_toc and _looks_like_toc(lines))
        self.prev_toc = toc_page
        if toc_page and idx < len(self.pages) // 2 + 1:
            for ln in lines:
                t = re.sub(r"[.…·\-\s]+\d*$", "", ln.text.replace(" ", ""))
                t = re.sub(r"^[一二三四五六七八九十]+、|^\d+[.、]", "", t)
                if is_title(t):
                    self.toc.append(clean_title(t)[0])
            return
        regions = find_regions(page, lines, self.open_table is not None, self.carried_label,
                               form=self.open_table is not None and self.open_table[2] == "form",
                               header=_header_cells(self.open_table[3]) if self.open_table is not None else ())
        foot = foot_label(lines)
        self.carried_label = foot.text.replace(" ", "") if foot is not None else None
        covered: list[tuple[float, float]] = []
        if foot is not None:
            covered.append((foot.y0 - 0.1, foot.y1 + 0.1))  # the next page's label, not narrative
        page_words = [w for ln in lines for w in ln.words]  # without page numbers
        line_y = [(ln.yc, ln) for ln in lines]
        bare_title = False  # the previous region was a title with no table under it
        open_top: float | None = None  # where the table still open starts on this page
        for reg in regions:
            pending = False
            first = self.open_table[3][0] if self.open_table is not None and self.open_table[3] else None
            same_layout = first is not None and not first.ruled and first.cols and self.pages[idx - 1].width == page.width
            cont = reg.title is None or (self.open_table is not None and _CONTINUED.sub("", reg.title) == self.open_table[0])
            given = first.cols if cont and same_layout else None
            form = is_form_title(reg.title) if reg.title is not None else self.open_table is not None and self.open_table[2] == "form"
            if given is not None and form and not self.open_table[3][-1].ruled and self.open_table[3][-1].cols:
                # a form's pages each have their own columns: a lone last row takes the page before's
                given = self.open_table[3][-1].cols
            reader = build_form_grid if form else build_grid  # a 绩效 form keeps every printed row
            if reader is build_grid and cont and first is not None and first.header:
                # a page running on (no title, or its title again: "…（续）"): what it prints above
                # its first figures is a row unless it is the open table's header again, cell for cell
                reader = partial(build_grid, header_rows=first.header)
            # the region ends where the narrative starts (a part heading, 情况说明, running text)
            in_reg = [ln for y, ln in line_y if reg.y_top <= y <= reg.y_bottom]
            stop = stop_line(page, in_reg, reg.y_top, None)
            if stop is not None and form and not ends_form(stop.text):
                stop = None  # a form's cells hold sentences: only a heading ends it
            if stop is not None:
                reg.y_bottom = stop.y0 - 0.1
            words = [w for w in page_words if reg.y_top <= w.yc <= reg.y_bottom]
            grid = reader(page, words, reg.y_top, reg.y_bottom, given)
            if grid.ruled and grid.bbox and grid.note:
                stop = stop_line(page, [ln for ln in in_reg if ln.yc <= reg.y_bottom], reg.y_top, grid.bbox[3])
                if stop is not None:  # what follows the grid is narrative, not its note
                    reg.y_bottom = stop.y0 - 0.1
                    words = [w for w in page_words if reg.y_top <= w.yc <= reg.y_bottom]
                    grid = reader(page, words, reg.y_top, reg.y_bottom, given)
            if reg.title is not None and not (grid.body or grid.header or grid.note):
                # a title-like line with no table under it: a heading of the text, or one entry
                # of a list of titles (a 目录 printed late, a list in the text); only a title at
                # the very foot of the page may have its grid on the next page
                last = reg is regions[-1] and not any(ln.y0 > reg.y_top for ln in in_reg)
                said = "".join(ln.text for ln in in_reg if ln.y0 > reg.y_top and ln.yc <= reg.y_bottom).replace(" ", "")
                if said and len(said) <= 120 and EMPTY_SENTENCE.search(said):
                    grid.note = said  # an empty table printed as its title and a sentence
                elif not last or bare_title:
                    bare_title = True
                    continue
                else:
                    pending = True  # its grid may start the next page
            bare_title = False
            if reg.title is None:
                if self.open_table is None:
                    continue
                # (a page holding only the table's note — its figure-less last row above it read
                # as no row — still ends the table: "本表无数据" there says it is empty)
                if grid.body or grid.header or (grid.note and self.open_table[3]):
                    if not self.open_table[3]:  # the title was at the foot of the last page
                        self.open_table = self.open_table[:3] + ([],) + (self.open_table[4] + " " + " ".join(grid.meta),)
                    self.open_table[3].append(grid)
                    covered.append((reg.y_top, _grid_bottom(grid, reg)))
                    open_top = reg.y_top if open_top is None else open_top
                continue
            base = _CONTINUED.sub("", reg.title)
            if self.open_table is not None and self.open_table[2] == "table" and base == self.open_table[0] and (
                base != reg.title or (self.open_table[3] and _same_columns(self.open_table[3][-1], grid))
            ):
                # "收入支出决算总表（续）", or the title printed again on the next page
                self.open_table[3].append(grid)
                covered.append(((reg.title_bbox[1] if reg.title_bbox else reg.y_top) - 0.1, _grid_bottom(grid, reg)))
                open_top = reg.y_top if open_top is None else open_top
                continue
            self.close()
            kind = "form" if form else "table"
            meta = " ".join(grid.meta) + " " + " ".join(
                # the title's own lines (both of a wrapped title: "…收入支出决算总表（单位：万元）")
                ln.text for ln in lines if reg.title_bbox and reg.title_bbox[1] - 1 < ln.y0 and ln.y1 < reg.title_bbox[3] + 1
            )
            self.open_table = (reg.title, reg.label or _label_in(grid.meta), kind, [] if pending else [grid], meta)
            covered.append(((reg.title_bbox[1] if reg.title_bbox else reg.y_top) - 0.1, _grid_bottom(grid, reg)))
            open_top = reg.y_top
        # text not covered by a table region is narrative; a narrative paragraph closes a table,
        # but not one that starts below it (the 情况说明 ends and the first table follows on its page)
        rest = [ln for ln in lines if not any(a <= ln.yc <= b for a, b in covered)]
        after = [ln for ln in rest if open_top is None or ln.yc > open_top]
        if after and self.open_table is not None and _is_prose(after):
            self.close()
        if rest:
            self.narrative_pages.append((page.number, rest))


def walk(pages: Sequence[PageText], running: frozenset, progress: Progress, *, forked: bool = False,
         meanwhile: Callable[[], Any] | None = None,
         first_part: Callable[[list[tuple[int, list[Line]]]], Any] | None = None,
         ) -> tuple[list[Table], list[tuple[int, list[Line]]], list[str]]:
    """(tables, narrative lines by page, 目录 entries) of `pages`. With `forked` (`two_cores.can_fork()`)
    and a long file, the second part is walked by a copy (see the module's docstring), and
    `meanwhile()` — the caller's work that needs no table — runs here before the copy's part
    is awaited (or not at all: then the caller does it); so does `first_part(narrative)` with
    the narrative lines of the first part, which begin the narrative returned."""
    cut = None
    if forked and len(pages) >= MIN_PAGES:
        cut = _cut(pages)
        if cut is None:
            cut = _title_cut(pages, running)
    here = TableWalk(pages, running, progress)
    if cut is None:
        return here.to_end(0)
    from auditdesk.parsing.two_cores import Copy

    copy = Copy(lambda: _lines_as_numbers(pages, TableWalk(pages, running, NullProgress()).to_end(cut)))
    try:
        for idx in range(cut):
            here.page(idx)
        if meanwhile is not None:
            meanwhile()
        kept = here.seam(cut)
        if kept is not None and first_part is not None:
            first_part(kept[1])  # (the narrative only grows: whatever follows, it begins so)
        theirs = copy.collect() if kept is not None else None
    except BaseException:
        copy.stop()
        raise
    if theirs is None:  # the walks do not join (or the copy failed): walk on here
        copy.stop()
        return here.to_end(cut if here.walked < cut else cut + 1)
    tables, narrative_pages, toc = _lines_from_numbers(pages, theirs)
    mine, my_narrative, my_toc = kept
    for t in tables:  # the copy numbered its tables from T01
        t.id = f"T{len(mine) + int(t.id[1:]):02d}"
    return mine + tables, my_narrative + narrative_pages, my_toc + toc


class _LineNumbers(list):
    """The copy's narrative as (page number, numbers of its lines among the page's lines)."""


def _lines_as_numbers(pages: Sequence[PageText], walked: tuple) -> tuple:
    """The copy's walk as it is sent back: its narrative lines are lines of the pages both
    processes hold (`page_lines`, grouped alike on both sides), so they go as numbers — half
    of what a long file's walk would pickle here and unpickle there. Lines that are not a
    page's own go as they are."""
    tables, narrative, toc = walked
    by_number = {p.number: p for p in pages}
    numbered = _LineNumbers()
    for number, lines in narrative:
        page = by_number.get(number)
        at = {id(ln): j for j, ln in enumerate(page_lines(page))} if page is not None else {}
        if any(id(ln) not in at for ln in lines):
            return walked
        numbered.append((number, [at[id(ln)] for ln in lines]))
    return tables, numbered, toc


def _lines_from_numbers(pages: Sequence[PageText], walked: tuple) -> tuple:
    tables, narrative, toc = walked
    if not isinstance(narrative, _LineNumbers):
        return walked
    by_number = {p.number: p for p in pages}
    return tables, [(number, [page_lines(by_number[number])[j] for j in js]) for number, js in narrative], toc


def _cut(pages: Sequence[PageText]) -> int | None:
    """The page nearest the middle where another disclosure of a bundle starts: its cover, its
    目录 or its 第一部分 heading (as `units` tells where a unit starts), not in the first or last
    quarter of the file."""
    return _nearest_the_middle(len(pages), lambda idx: starts_a_document(pages[idx], is_cover, is_toc_page))


def _title_cut(pages: Sequence[PageText], running: frozenset) -> int | None:
    """In one long disclosure: the page nearest the middle that a table's title opens (its
    first or second line: a label may stand above it), not in the first or last quarter. Only
    a candidate: the walks join there only if the table before it ends there (`TableWalk.seam`)."""
    def opened_by_a_title(idx: int) -> bool:
        lines = content_lines(pages[idx], running)[:2]
        return any(is_title(ln.text) for ln in lines) and not any(_CONTINUED.search(ln.text) for ln in lines)

    return _nearest_the_middle(len(pages), opened_by_a_title)


def _nearest_the_middle(n: int, test: Callable[[int], bool]) -> int | None:
    """The page index nearest the middle of n pages, outside the first and last quarter, that
    passes `test`: searched outwards from the middle, the earlier page first at equal distance,
    so the first found is the nearest (each page tested costs its lines' text)."""
    mid = n // 2
    for d in range(mid - n // 4 + 1):
        for idx in (mid - d, mid + d) if d else (mid,):
            if n // 4 <= idx < n - n // 4 and test(idx):
                return idx
    return None


def _content(t: Table) -> Table:
    """A table as read, whatever its number."""
    return replace(t, id="")


_CONTINUED = re.compile(r"[(（]\s*续\s*表?\s*[)）]$|续表$")


def _header_cells(grids) -> tuple[str, ...]:
    """The open table's header cells as printed, longest first (a continuation page may print them again)."""
    cells = {c.replace(" ", "") for g in grids[:1] for row in g.header_printed for c in row if len(c.replace(" ", "")) >= 2}
    return tuple(sorted(cells, key=len, reverse=True))


def _same_columns(a, b) -> bool:
    return bool(a.cols) and len(a.cols) == len(b.cols)


def is_cover(lines) -> bool:
    text = "".join(ln.text for ln in lines)
    if re.search(r"\d\.\d\d", text) or any(is_title(ln.text) for ln in lines):
        return False  # a table starts on the first page
    return len(lines) <= 12 and "。" not in text and bool(re.search(r"(决算|预算)", text))


def _looks_like_toc(lines) -> bool:
    """The 目录 running onto a second page: short entry lines, no sentences."""
    entry = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[、.])|\d+$")
    if any(is_title(ln.text) and not entry.match(ln.text.replace(" ", "")) for ln in lines) or any(
            re.search(r"\d\.\d\d", ln.text) for ln in lines):
        return False  # a table page, not the rest of the 目录 (whose entries may be numbered titles)
    if sum(sum(bool(re.fullmatch(r"\d[\d,]*", w.text)) for w in ln.words) >= 2 for ln in lines) >= 2:
        return False  # rows of whole figures (元 without decimals): a 目录 entry prints one page number
    entries = [ln for ln in lines if len(ln.text) <= 45 and "。" not in ln.text and entry.search(ln.text.replace(" ", ""))]
    return len(lines) >= 3 and len(entries) >= 0.7 * len(lines)


def _grid_bottom(grid, reg: Region) -> float:
    if grid.note:
        return reg.y_bottom  # the note below the grid belongs to the table
    if grid.bbox:
        return grid.bbox[3] + 2
    return reg.y_bottom


def _is_prose(lines: list[Line]) -> bool:
    text = "".join(ln.text for ln in lines)
    return len(text) > 60 and ("。" in text or "，" in text)


def _label_in(meta: list[str]) -> str | None:
    for m in meta:
        mm = LABEL.search(m.replace(" ", ""))
        if mm:
            return mm.group(0)
    return None
