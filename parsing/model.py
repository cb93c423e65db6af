"""The document model: plain data shared by the CLI, the GUI, the checks and Jupyter.

Everything here is pure Python (no Qt, no PyMuPDF) so a `Document` can cross a process
boundary (pickle) and be rebuilt into Qt models at any time.  Money is `Decimal`.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Iterator

from auditdesk.parsing.limits import MAX_OCR_PAGES  # noqa: F401 - re-exported (ocr.py, the model's users)
from auditdesk.parsing.numbers import parse_number
from auditdesk.parsing.table_types import is_code_or_line_name

if TYPE_CHECKING:  # pandas is imported lazily: the CLI does not need it
    import pandas as pd

BBox = tuple[float, float, float, float]
# an OCR'd cell read with a lower confidence is doubtful until the auditor confirms it
LOW_CONFIDENCE = 0.8

# Row kinds
DATA = "data"
TOTAL = "total"  # 合计 / 总计 / 本年收入合计 …
SUBTOTAL = "subtotal"  # 小计


def union_bbox(boxes: list[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


@dataclass(frozen=True, slots=True)
class Cell:
    """One printed cell. `text` is what is printed (whitespace cleaned); `value` its number."""

    text: str
    value: Decimal | None
    page: int  # 1-based
    bbox: BBox | None
    original: str | None = None  # the extracted text, when the auditor has edited the cell
    confidence: float | None = None  # OCR pages only: lowest word confidence (0–1); < 0.8 is doubtful

    def __reduce__(self):
        # (a forked copy's tables come back pickled: through the generated __init__, 45 tables
        # unpickle in 11.5 ms instead of 20 ms through a frozen dataclass's generic __setstate__)
        return Cell, (self.text, self.value, self.page, self.bbox, self.original, self.confidence)

    @classmethod
    def of(cls, text: str, page: int = 0, bbox: BBox | None = None) -> "Cell":
        return cls(text, parse_number(text), page, bbox)

    @property
    def edited(self) -> bool:
        return self.original is not None and self.original != self.text

    def with_text(self, text: str) -> "Cell":
        """The cell after an auditor's correction; keeps the first extracted text."""
        original = self.text if self.original is None else self.original
        return replace(self, text=text, value=parse_number(text), original=original)

    @property
    def is_blank(self) -> bool:
        return self.text.strip() in ("", "-", "—", "－", "--", "——", "/")


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    page: int
    bbox: BBox
    kind: str = DATA
    label: str = ""  # the row's printed name (科目名称 / 项目)
    code: str | None = None  # full 科目代码 (类/款/项 columns joined), if any
    level: int | None = None  # 1 类 / 2 款 / 3 项 (功能分类), 1 / 2 for 经济分类 (301 / 30101)
    half: int = 0  # for side-by-side tables: which block (0 = 收入/left, 1 = 支出/right …)

    @property
    def edited(self) -> bool:
        return any(c.edited for c in self.cells)

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass(slots=True)
class Table:
    """One disclosure table (or 绩效自评表 form), identified by its printed title."""

    id: str  # "T01", "T02" … in order of appearance (not the printed number)
    title: str  # printed title, normalised spaces removed: "收入支出决算总表"
    label: str | None  # printed "公开01表", if any
    unit: str | None  # "万元" / "元" / None when not printed
    pages: list[int]
    header: list[list[str]]  # header rows as printed (merged cells repeated in first slot only)
    columns: list[str]  # one name per column, derived from the merged header
    rows: list[Row]
    note: str | None = None  # 注/说明 below the table; "本表无数据" notes for empty tables
    kind: str = "table"  # "table" | "form" (项目支出绩效自评表)
    column_paths: list[tuple[str, ...]] = field(default_factory=list)  # header path per column
    bbox: dict[int, BBox] = field(default_factory=dict)  # table region per page
    # For side-by-side tables: the column index where each block starts (e.g. [0, 3]).
    blocks: list[int] = field(default_factory=lambda: [0])
    # x-ranges of the columns on each page, used to map a click on the page to a cell
    column_x: dict[int, list[tuple[float, float]]] = field(default_factory=dict)
    # what each column holds, decided from its name and its values: "label", "code",
    # "line" (行次), "amount", "text" or "empty" — so no rule adds up 行次 or 科目代码
    column_roles: list[str] = field(default_factory=list)
    # the registered table type ("01" … "10", "perf"; see parsing/table_types.py), stamped once
    # by extraction from the printed title; None for a table of no registered type
    type: str | None = None
    ruled: bool = True  # read from drawn rules (False: from text alignment only — less certain)

    @property
    def empty(self) -> bool:
        return not self.rows

    def role(self, j: int) -> str:
        return self.column_roles[j] if j < len(self.column_roles) else "amount"

    def amount_columns(self) -> list[int]:
        return [j for j in range(len(self.columns)) if self.role(j) in ("amount", "empty")]

    def col(self, *names: str, block: int | None = None) -> int | None:
        """Index of the first column whose name (or header path) contains one of `names`."""
        candidates = range(len(self.columns))
        if block is not None:
            start = self.blocks[block] if block < len(self.blocks) else len(self.columns)
            end = self.blocks[block + 1] if block + 1 < len(self.blocks) else len(self.columns)
            candidates = range(start, end)
        for name in names:
            for i in candidates:
                if self.columns[i] == name:
                    return i
        for name in names:
            for i in candidates:
                path = self.column_paths[i] if i < len(self.column_paths) else (self.columns[i],)
                if name in self.columns[i] or any(name in p for p in path):
                    return i
        return None

    def find_row(self, *labels: str) -> int | None:
        for label in labels:
            for i, row in enumerate(self.rows):
                if row.label == label:
                    return i
        return None

    def to_frame(self) -> "pd.DataFrame":
        """Printed labels as index/columns, amounts as numbers (float), text kept as text."""
        import pandas as pd

        data = []
        for row in self.rows:
            data.append(
                [
                    float(c.value) if c.value is not None and _numeric_column(self, j) else (c.text or None)
                    for j, c in enumerate(row.cells)
                ]
            )
        frame = pd.DataFrame(data, columns=_unique(self.columns))
        frame.index = pd.Index([r.code or r.label for r in self.rows], name="项目")
        frame.attrs.update(title=self.title, unit=self.unit, label=self.label, pages=self.pages)
        return frame


def _numeric_column(table: Table, j: int) -> bool:
    """A column is numeric when most of its non-blank cells parse (codes and 行次 excluded)."""
    name = table.columns[j] if j < len(table.columns) else ""
    if is_code_or_line_name(name):
        return False
    filled = [r.cells[j] for r in table.rows if j < len(r.cells) and not r.cells[j].is_blank]
    return bool(filled) and sum(c.value is not None for c in filled) * 2 > len(filled)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        if n in seen:
            seen[n] += 1
            out.append(f"{n}.{seen[n]}")
        else:
            seen[n] = 0
            out.append(n)
    return out


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the narrative (情况说明), with where it is printed."""

    index: int
    page: int
    bbox: BBox
    text: str
    section: str = ""  # the heading it sits under, e.g. "三、支出决算情况说明"
    # every heading above it, outermost first: ("第三部分 情况说明", "五、…", "（一）…")
    path: tuple[str, ...] = ()
    confidence: float | None = None  # OCR pages only: lowest confidence of the words it is read from

    def __reduce__(self):  # (as Cell's)
        return Sentence, (self.index, self.page, self.bbox, self.text, self.section, self.path, self.confidence)


@dataclass(frozen=True, slots=True)
class ParseIssue:
    """An expected problem reported as a value (never an exception)."""

    code: str  # "no_text", "garbled", "header_unrecognised", …
    message: str  # Chinese, for the auditor
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """One PDF of a disclosure published in several files: its pages are first … first+pages-1."""

    path: str
    sha256: str
    first: int  # 1-based page number of its first page in the document
    pages: int


@dataclass(slots=True)
class Document:
    path: str
    sha256: str
    pages: int
    department: str | None
    year: int | None
    kind: str | None  # 部门决算 / 单位决算 / 部门预算 / 单位预算
    tables: list[Table]
    narrative: list[Sentence]
    toc: list[str] = field(default_factory=list)  # table titles listed in 目录
    headings: list[Sentence] = field(default_factory=list)  # part titles and section headings
    issues: list[ParseIssue] = field(default_factory=list)
    page_sizes: list[tuple[float, float]] = field(default_factory=list)
    ocr: bool = False
    ocr_pages: list[int] = field(default_factory=list)
    seconds: float = 0.0
    # per page (index 0 = page 1): "text", "ocr" (read by OCR), "no_text" / "garbled" /
    # "low_res" (flagged, not read: no text layer, mojibake, scan too coarse for OCR)
    page_status: list[str] = field(default_factory=list)
    # a disclosure read from several PDFs (情况说明 + tables): the files, in page order;
    # empty for a single file
    sources: list[Source] = field(default_factory=list)
    # per page: visible lines with boxes, ruling count, text hidden by a clip (page_facts.py),
    # for the structure checks (F rules); empty for documents not read from a PDF
    page_facts: list = field(default_factory=list)
    # a file bundling several disclosures (a 部门 and its 所属单位 …): each one's pages and cover
    # facts (parsing/units.py), checked apart; empty for a file of one disclosure. The document
    # the checks build for one of them has just that one here.
    units: list = field(default_factory=list)

    def in_scope(self, page: int) -> bool:
        """Is `page` one of the pages being checked (one unit of a bundle: only its own)?"""
        return len(self.units) != 1 or self.units[0].holds(page)

    def table(self, title: str) -> Table | None:
        """The table whose title equals or contains `title`."""
        for t in self.tables:
            if t.title == title:
                return t
        for t in self.tables:
            if title in t.title:
                return t
        return None

    def table_by_id(self, table_id: str) -> Table | None:
        for t in self.tables:
            if t.id == table_id:
                return t
        return None

    def iter_cells(self) -> Iterator[tuple[Table, int, int, Cell]]:
        for t in self.tables:
            for r, row in enumerate(t.rows):
                for c, cell in enumerate(row.cells):
                    yield t, r, c, cell
