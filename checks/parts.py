"""Where each part of a disclosure is: cover, 目录, sections by heading, tables by type.

The parts are the rows of a 公开情况检查表 template. A part runs from its heading (or table
title) to the next part's start, so any place on any page (a finding, a blank page after the
目录) belongs to exactly one part.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from auditdesk.checks.checklist_template import Row, Template
from auditdesk.parsing.model import Document, Table

BBox = tuple[float, float, float, float]

_NUMBER_PREFIX = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d)|\d{1,2}[、.．](?=(?:19|20)\d\d年))\s*")
_TOC_LEADER = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|-{4,}|—{3,})")
# possessive (*+): a leader run followed by more text ("……某某……11", a watermark in the
# line) must not be re-split every way before the search moves on — that took minutes a line
_TOC_TAIL = re.compile(r"(?:\.{2,}|…+|·{2,}|-{3,}|—{2,}|\s)*+(\d{1,3})?\s*$")
_SENTENCE_END = "。；;，,：:"


@lru_cache(maxsize=1 << 16)
def squash(text: str) -> str:
    """NFKC without spaces: how a heading, an entry or a title is compared (cached: every
    F rule reads the same lines)."""
    return unicodedata.normalize("NFKC", text or "").replace(" ", "").replace("\u3000", "")


def strip_numbering(text: str) -> str:
    t = squash(text)
    for _ in range(2):
        t = _NUMBER_PREFIX.sub("", t)
    return t


@dataclass(frozen=True, slots=True)
class PartStart:
    row: str | None  # template row id; None for a table no row names
    name: str  # printed heading / table title
    page: int
    y: float
    bbox: BBox | None


@dataclass(frozen=True, slots=True)
class TocEntry:
    text: str  # as printed, leaders and page number removed
    page_ref: int | None  # the printed page number, if any
    page: int  # the 目录 page it is on
    bbox: BBox
    level: int  # 0 part (第一部分 / 一、), 1 sub-entry (1. / （一）)


@dataclass
class Layout:
    starts: list[PartStart] = field(default_factory=list)  # document order
    found: dict[str, PartStart] = field(default_factory=dict)  # row id → first start
    cover_page: int | None = None
    toc_pages: list[int] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    headings: list[PartStart] = field(default_factory=list)  # every heading-like line (rows or not)

    def row_at(self, page: int | None, y: float = 0.0) -> str | None:
        """The row whose part holds (page, y); the cover row before the first part."""
        if page is None:
            return None
        best = None
        for s in self.starts:
            if (s.page, s.y) <= (page, y + 1.0):
                best = s
            else:
                break
        if best is not None:
            return best.row
        return "cover" if self.cover_page is not None and "cover" in self.found else None


def _is_toc_page(lines) -> bool:
    head = "".join(squash(ln.text) for ln in lines[:3])
    if head.startswith("目录") or "目录" in head[:6]:
        return True
    return sum(1 for ln in lines if _TOC_LEADER.search(ln.text)) >= 4


def _toc_continues(lines) -> bool:
    """The 目录 running onto the next page: short entry lines, no sentences, no table figures."""
    if not lines or any(re.search(r"\d\.\d\d", ln.text) for ln in lines):
        return False
    entries = [ln for ln in lines if len(squash(ln.text)) <= 45 and "。" not in ln.text
               and (_NUMBER_PREFIX.match(squash(ln.text)) or _TOC_LEADER.search(ln.text))]
    return len(lines) >= 3 and len(entries) >= 0.7 * len(lines)


def _is_cover(lines) -> bool:
    text = "".join(squash(ln.text) for ln in lines)
    return 0 < len(lines) <= 14 and "。" not in text and bool(re.search(r"(决算|预算)", text)) \
        and not re.search(r"\d\.\d\d", text)


def _heading_like(ln, width: float, first: bool, body_height: float) -> bool:
    t = squash(ln.text)
    if not t or len(t) > 40 or t[-1] in _SENTENCE_END or "。" in t:
        return False
    x0, y0, x1, y1 = ln.bbox
    centred = abs((x0 + x1) / 2 - width / 2) < 0.12 * width
    tall = (y1 - y0) > body_height * 1.15
    return bool(_NUMBER_PREFIX.match(t)) or centred or first or tall


def _toc_entries(doc: Document, pages: list[int]) -> list[TocEntry]:
    out: list[TocEntry] = []
    for n in pages:
        pf = doc.page_facts[n - 1]
        for ln in pf.lines:
            raw = squash(ln.text)
            if not raw or raw in ("目录", "目錄"):
                continue
            m = _TOC_TAIL.search(raw)
            ref = int(m.group(1)) if m and m.group(1) and (m.start(1) > 0) else None
            text = _TOC_TAIL.sub("", raw) if ref is not None or _TOC_LEADER.search(raw) else raw
            text = _TOC_LEADER.split(text)[0].strip("．.…· ")
            if not text:
                continue
            if re.fullmatch(r"[-—\s]*\d{1,3}[-—\s]*", raw) and ln.bbox[1] > pf.height * 0.88:
                continue  # the 目录 page's own footer number
            numbered = _NUMBER_PREFIX.match(text)
            if out and not numbered and ref is None and not _TOC_LEADER.search(raw) and out[-1].page == n \
                    and ln.bbox[1] - out[-1].bbox[3] < 14 and out[-1].page_ref is None:
                # an entry wrapped onto a second line ("…部门决算" / "情况说明")
                prev = out[-1]
                bb = (min(prev.bbox[0], ln.bbox[0]), prev.bbox[1], max(prev.bbox[2], ln.bbox[2]), ln.bbox[3])
                out[-1] = TocEntry(prev.text + text, ref, n, bb, prev.level)
                continue
            level = 0 if (text.startswith("第") and "部分" in text[:5]) or re.match(r"^[一二三四五六七八九十]+[、.．]", text) else 1
            out.append(TocEntry(text, ref, n, ln.bbox, level))
    return out


def _matches(row: Row, stripped: str) -> bool:
    """Does a heading (`strip_numbering` of it) name the row's part?"""
    return any(k in stripped for k in row.headings)


def table_start(doc: Document, t: Table) -> tuple[int, float, BBox | None]:
    """Page and y of a table's title (the line printing it), else the top of its region."""
    page = t.pages[0] if t.pages else 1
    key = squash(t.title)
    if 0 < page <= len(doc.page_facts):
        for ln in doc.page_facts[page - 1].lines:
            s = squash(ln.text)
            if key and (key in s or (len(s) >= 6 and s in key)):
                return page, ln.bbox[1], ln.bbox
    region = t.bbox.get(page) if t.bbox else None
    return page, (region[1] - 20 if region else 0.0), region


def segment(doc: Document, template: Template, role_of: Callable[[Table], str | None]) -> Layout:
    """Find every part the template names. Needs `doc.page_facts` (documents read from a PDF)."""
    lay = Layout()
    facts = [pf for pf in doc.page_facts if doc.in_scope(pf.number)]  # (one disclosure of a bundle: its pages)
    if not facts:
        return lay
    p0 = facts[0].number - 1  # pages before this disclosure's first
    first = next((pf for pf in facts if pf.lines), None)
    if first is not None and first.number - p0 <= 2 and not _is_toc_page(first.lines) and _is_cover(first.lines):
        lay.cover_page = first.number
    table_pages = {p for t in doc.tables for p in t.pages}
    for pf in facts:
        if pf.number == lay.cover_page or not pf.lines:
            continue
        if pf.number in table_pages:
            break  # the 目录 comes before the tables (a grid of “——” blanks is not a leader line)
        if pf.number - p0 <= len(facts) // 2 + 1 and (_is_toc_page(pf.lines) or (lay.toc_pages and lay.toc_pages[-1] == pf.number - 1
                                                                               and _toc_continues(pf.lines))):
            lay.toc_pages.append(pf.number)
        elif lay.toc_pages:
            break
    lay.toc = _toc_entries(doc, lay.toc_pages)
    starts: list[PartStart] = []
    rows = {r.id: r for r in template.rows}
    if lay.cover_page is not None and any(r.part == "cover" for r in template.rows):
        rid = next(r.id for r in template.rows if r.part == "cover")
        starts.append(PartStart(rid, "封面", lay.cover_page, 0.0, None))
    if lay.toc_pages:
        rid = next((r.id for r in template.rows if r.part == "toc"), None)
        starts.append(PartStart(rid, "目录", lay.toc_pages[0], 0.0, None))

    # tables: each row names a type; the first table of that type (title keywords narrowing) is the part
    table_rows = [r for r in template.rows if r.table]
    claimed: set[str] = set()
    title_lines: set[tuple[int, float]] = set()
    form_row: str | None = None
    for t in doc.tables:
        role = role_of(t)
        page, y, bb = table_start(doc, t)
        title_lines.add((page, round(y, 1)))
        row = next((r for r in table_rows if r.id not in claimed and r.table == role
                    and (not r.titles or any(k in squash(t.title) for k in r.titles))), None)
        if row is not None:
            claimed.add(row.id)
        rid = row.id if row else None
        if rid is None and t.kind == "form" and form_row is not None:
            rid = form_row  # the 绩效 forms are one attachment: a form no row names continues the one before
        if t.kind == "form":
            form_row = rid
        starts.append(PartStart(rid, t.title, page, y, bb))
    # table regions: a heading keyword inside a table (a cell) is not a section
    regions: dict[int, list[BBox]] = {}
    for t in doc.tables:
        for p, bb in (t.bbox or {}).items():
            regions.setdefault(p, []).append(bb)

    section_rows = [r for r in template.rows if r.headings]
    skip = set(lay.toc_pages) | ({lay.cover_page} if lay.cover_page else set())
    done: set[str] = set()
    for pf in facts:
        if pf.number in skip or not pf.lines:
            continue
        heights = sorted(ln.bbox[3] - ln.bbox[1] for ln in pf.lines)
        body_h = heights[len(heights) // 2]
        for k, ln in enumerate(pf.lines):
            if (pf.number, round(ln.bbox[1], 1)) in title_lines:
                continue
            yc = (ln.bbox[1] + ln.bbox[3]) / 2
            if any(bb[1] + 2 < yc < bb[3] - 2 for bb in regions.get(pf.number, ())):
                continue
            if not _heading_like(ln, pf.width, k == 0, body_h):
                continue
            text = ln.text
            nxt = pf.lines[k + 1] if k + 1 < len(pf.lines) else None
            if nxt is not None and len(squash(nxt.text)) <= 6 and nxt.bbox[1] - ln.bbox[3] < (ln.bbox[3] - ln.bbox[1]) * 1.5 \
                    and _heading_like(nxt, pf.width, False, body_h) and not _NUMBER_PREFIX.match(squash(nxt.text)):
                text += nxt.text  # a heading wrapped onto a short second line ("…部门决算" / "情况说明")
            ps = PartStart(None, squash(text), pf.number, ln.bbox[1], ln.bbox)
            stripped = strip_numbering(text)
            row = next((r for r in section_rows if r.id not in done and _matches(r, stripped)), None)
            if row is not None:
                done.add(row.id)
                ps = PartStart(row.id, ps.name, ps.page, ps.y, ps.bbox)
                starts.append(ps)
            lay.headings.append(ps)
    starts.sort(key=lambda s: (s.page, s.y))
    lay.starts = starts
    for s in starts:
        if s.row is not None and s.row not in lay.found and s.row in rows:
            lay.found[s.row] = s
    return lay


# ---------------------------------------------------------------- prose paragraphs
@dataclass
class Paragraph:
    """Consecutive prose lines outside tables, cover and 目录, with each line's place."""

    lines: list[tuple[int, object]]  # (page, TextLine)
    indented: bool = False
    heading: bool = False
    closed: bool = False  # the next line starts a new paragraph (so this one really ends here)
    short_end: bool = False  # its last line stops well before the right margin

    @property
    def text(self) -> str:
        return "".join(plain(ln.text) for _p, ln in self.lines)

    def locate(self, start: int, end: int) -> tuple[int, BBox]:
        """Page and box of text[start:end] (on its first line when it spans lines)."""
        pos = 0
        for page, ln in self.lines:
            n = len(plain(ln.text))
            if pos + n > start:
                return page, ln.char_box(start - pos, min(end - pos, n))
            pos += n
        page, ln = self.lines[-1]
        return page, ln.bbox


def plain(text: str) -> str:
    """The printed characters without spaces (offsets match `TextLine.char_box`)."""
    return text.replace(" ", "").replace("\u3000", "")


def paragraphs(doc: Document, lay: Layout) -> list[Paragraph]:
    """Prose of the document as paragraphs: a new paragraph starts at an indented line, after
    a line stopping short of the margin, after a wide gap, and at every heading."""
    out: list[Paragraph] = []
    skip = set(lay.toc_pages) | ({lay.cover_page} if lay.cover_page else set())
    regions: dict[int, list[BBox]] = {}
    for t in doc.tables:
        for p, bb in (t.bbox or {}).items():
            regions.setdefault(p, []).append(bb)
    titles = {(s.page, round(s.y, 1)) for s in lay.starts}
    cur: Paragraph | None = None
    for pf in doc.page_facts:
        if pf.number in skip or not pf.lines or not doc.in_scope(pf.number):
            cur = None
            continue
        body = [ln for ln in pf.lines if not _excluded(pf, ln, regions.get(pf.number, ()))]
        if not body:
            cur = None
            continue
        left = min(ln.bbox[0] for ln in body)
        right = sorted(ln.bbox[2] for ln in body)[int(0.9 * (len(body) - 1))]
        prev = None
        for ln in body:
            h = max(ln.bbox[3] - ln.bbox[1], 6.0)
            t = squash(ln.text)
            short = ln.bbox[2] < right - 1.5 * h
            heading = (pf.number, round(ln.bbox[1], 1)) in titles or (
                short and len(t) <= 40 and t[-1] not in _SENTENCE_END and "。" not in t
                and (_NUMBER_PREFIX.match(t) or abs((ln.bbox[0] + ln.bbox[2]) / 2 - pf.width / 2) < 0.12 * pf.width))
            indented = ln.bbox[0] > left + 0.5 * h
            # justified Chinese lines can stop a few characters short (a figure that did not fit):
            # only a line ending far from the margin closes its paragraph
            last = prev if prev is not None else (cur.lines[-1][1] if cur is not None and cur.lines else None)
            new = (cur is None or heading or indented or (last is not None and last.bbox[2] < right - 6 * h)
                   or (prev is not None and ln.bbox[1] - prev.bbox[3] > 1.5 * h))
            if new:
                cur = Paragraph([], indented and not heading, bool(heading))
                out.append(cur)
            cur.lines.append((pf.number, ln))
            cur.short_end = ln.bbox[2] < right - 3 * h
            if heading:
                cur = None  # a heading is a paragraph of its own
                prev = None
                continue
            prev = ln
    out = [p for p in out if p.lines]
    for a, b in zip(out, out[1:]):
        a.closed = b.indented or b.heading
    return out


_PAGE_NUMBER = re.compile(r"[-—\s]*(第\s*)?\d{1,3}(\s*页)?[-—\s]*|\d+\s*/\s*\d+")


def _excluded(pf, ln, regions) -> bool:
    x0, y0, x1, y1 = ln.bbox
    yc = (y0 + y1) / 2
    if (y0 > pf.height * 0.85 or y1 < pf.height * 0.12) and _PAGE_NUMBER.fullmatch(ln.text.strip()):
        return True  # running page number
    if any(bb[1] - 2 <= yc <= bb[3] + 2 for bb in regions):
        return True  # inside a disclosure table (title, grid and notes)
    g = pf.grid
    return g is not None and g[1] - 1 <= yc <= g[3] + 1 and g[0] - 1 <= (x0 + x1) / 2 <= g[2] + 1
