"""A per-document index built once per run: tables by role, resolved columns, row lookups,
and the helpers rules use to compare figures and build findings.

Tables are identified by title keywords (names vary by province), never by number/position.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Sequence

from auditdesk.checks.config import CENT, CheckConfig
from auditdesk.checks.finding import ERROR, INFO, WARNING, Comparison, Finding, Location
from auditdesk.parsing.model import LOW_CONFIDENCE, Document, Row, Table
from auditdesk.parsing import table_types
from auditdesk.parsing.numbers import UNIT_FACTOR
from auditdesk.parsing.table_types import CODE_WORDS, LABEL_HEADERS, LINE_WORDS, SPLIT_CODE

# Roles and their canonical titles come from the table-type registry; the T-constants are
# aliases kept for the rules' `tables=` (the rule decorator turns them into role ids).
T01, T02, T03, T04, T05, T06, T07, T08, T09, T10 = (table_types.title_of(f"{i:02d}") for i in range(1, 11))
T12 = table_types.title_of("12")  # the 财政拨款 支出 by 功能分类
TPERF = table_types.title_of("perf")
TITLE_ROLE = {t.title: t.role for t in table_types.TYPES}
ROLE_NAME = {t.role: t.title for t in table_types.TYPES}
ROLE_LABEL = {t.role: t.label for t in table_types.TYPES}

_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)|其中[:：]?)")
_LEVEL_MARK = re.compile(r"[（(](?:类|款|项)[)）]")


norm = table_types.norm


def label_key(text: str | None) -> str:
    """A row label reduced for matching: no spaces, enumerators, （类） marks or quotes."""
    s = norm(text)
    for _ in range(2):
        s = _ENUM.sub("", s)
    s = _LEVEL_MARK.sub("", s)
    return s.strip("：:，,。；;")


def classify(table: Table) -> str | None:
    """The table's registered role: stamped by extraction, else read from its title."""
    return getattr(table, "type", None) or table_types.classify(table)


_UNIT_IN_HEADER = re.compile(r"(?:金额)?单位[:：]?(亿元|万元|元)")


def header_unit(t: Table) -> str | None:
    """The unit line when the parser did not attach it: "单位：万" | "元" split over two lines
    and left in the header rows / column paths."""
    parts = [x for row in (t.header or []) for x in row]
    for p in t.column_paths or []:
        parts.extend(p)
    m = _UNIT_IN_HEADER.search(norm("".join(x or "" for x in parts)))
    return m.group(1) if m and m.group(1) in UNIT_FACTOR else None


def q2(v: Decimal) -> Decimal:
    """Round to 0.01 (half up); absurdly large values (beyond Decimal precision) are kept."""
    try:
        return v.quantize(CENT, rounding=ROUND_HALF_UP)
    except ArithmeticError:
        return v


def fmt(v: Decimal | None) -> str:
    if v is None:
        return "空"
    exp = v.as_tuple().exponent
    if isinstance(exp, int) and exp < -2:
        return f"{v.normalize():f}"
    return f"{q2(v):f}"


def fmt_diff(v: Decimal) -> str:
    s = fmt(abs(v))
    return s if v >= 0 else "-" + s


code_level = table_types.code_level


def rounding_terms(addends: Sequence["Ref"]) -> int:
    """How many printed figures can carry a rounding difference: the non-zero addends, plus
    one for all printed zeros together (0.00 may hide up to 0.005), at least 1."""
    vals = [a.value for a in addends if a.value is not None]
    n = sum(1 for x in vals if x != 0) + (1 if any(x == 0 for x in vals) else 0)
    return max(n, 1)


@dataclass
class Ref:
    """One printed figure: a table cell (view, row, col) with its value in the table's unit."""

    view: "TableView"
    row: int
    col: int
    name: str = ""  # how messages call it ("基本支出", "206 科学技术支出")
    label: str | None = None  # row label for the location

    @property
    def cell(self):
        row = self.view.t.rows[self.row]
        return row.cells[self.col] if self.col < len(row.cells) else None

    @property
    def value(self) -> Decimal | None:
        return self.view.value(self.row, self.col)

    @property
    def blank(self) -> bool:
        return self.view.blank(self.row, self.col)

    @property
    def wan(self) -> Decimal | None:
        v = self.value
        return None if v is None else v * self.view.factor

    def location(self) -> Location:
        return self.view.location(self.row, self.col, self.label)


_AMOUNT_EXCLUDE = CODE_WORDS + LINE_WORDS + ("科目名称", "项目")
# a column of another period (上年结转 / 上年结余 are this year's opening balance), or of a change
_OTHER_PERIOD = re.compile(r"上年(?:度)?(?:预算|决算|执行|实际|同期|数|金额)|去年")
_CHANGE = re.compile(r"比上年|增减|增长|增幅|变动|[率%]")
_YEAR = re.compile(r"(20\d\d)年")
_LABEL_NAMES = CODE_WORDS + LINE_WORDS + ("科目名称", "项目", "名称")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGITS = re.compile(r"^\d{1,7}$")
_WHITESPACE = re.compile(r"\s")  # (compiled once: asked for every cell of every code column)


def _ocr_doubt(cell) -> bool:
    return cell is not None and cell.confidence is not None and cell.confidence < LOW_CONFIDENCE and cell.original is None


class TableView:
    """A table with its role and resolved columns."""

    def __init__(self, t: Table, role: str | None, order: int, year: int | None = None):
        self.t = t
        self.role = role
        self.order = order
        self.year = year  # the document's year: a column headed by another year is a comparison
        self.printed_unit = (t.unit or "").strip() or header_unit(t)
        unit = self.printed_unit or "万元"
        self.unit = unit if unit in UNIT_FACTOR else "万元"
        self.factor = UNIT_FACTOR[self.unit] / UNIT_FACTOR["万元"]  # multiply → 万元
        self.blocks = self._blocks()
        self._vals: dict[tuple[int, int], Decimal | None] = {}
        self._kinds: dict[int, str] = {}
        self._paths: dict[int, tuple[str, ...]] = {}
        self._coded: dict[bool, list[tuple[int, str, int]]] = {}
        self._levels: list[tuple[int, int]] | None = None
        self._shift: dict[int, int] | None = None
        self._comparison: dict[int, bool] = {}

    @cached_property
    def keys(self) -> list[str]:
        # on first use: no rule looks 绩效 form rows up by label, so their keys are never built
        return [label_key(r.label) or self._text_label(r) for r in self.t.rows]

    @staticmethod
    def _text_label(row: Row) -> str:
        """A row the extractor gave no label: its first cell of words ("合计" printed in the
        类 column of split 类 | 款 | 项 codes)."""
        for c in row.cells:
            if _CJK.search(c.text) and c.value is None:
                return label_key(c.text)
        return ""

    # -- columns --------------------------------------------------------------------------
    def _blocks(self) -> list[int]:
        t = self.t
        if len(t.blocks) > 1:
            return list(t.blocks)
        # derive side-by-side blocks from repeated 项目 / 科目名称 columns
        starts = [i for i, c in enumerate(t.columns) if c in ("项目",)]
        if len(starts) > 1:
            return starts
        return [0]

    def path(self, i: int) -> tuple[str, ...]:
        """Header path of column i (names re-aligned when the header sits one column right of
        the figures, see _header_shift)."""
        if self._shift is None:
            self._shift = {}
            self._shift = self._header_shift()
        return self._raw_path(self._shift.get(i, i))

    _SHIFT_LABELS = ("科目名称", "项目", "功能分类科目编码", "科目编码", "科目代码", "栏次")
    _AMOUNT_NAME = re.compile(r"合计|小计|支出|收入|决算|预算|金额|结转|结余")

    def _header_shift(self) -> dict[int, int]:
        """A header printed one column right of the body: the figures start under a label
        header (科目名称) and the last column, named like an amount, is empty on every row.
        Then each figure column takes the name of the column on its right."""
        n = len(self.t.columns)
        if n < 3 or self.content_kind(n - 1) != "empty":
            return {}
        if not self._AMOUNT_NAME.search(self._raw_path(n - 1)[-1]):
            return {}
        for i in range(1, n - 1):
            if self.content_kind(i) == "amount" and self._raw_path(i)[-1] in self._SHIFT_LABELS \
                    and self.content_kind(i - 1) in ("text", "code"):
                if all(self.content_kind(j) in ("amount", "empty") for j in range(i, n - 1)) and all(
                        self._AMOUNT_NAME.search(self._raw_path(j)[-1]) for j in range(i + 1, n)):
                    return {j: j + 1 for j in range(i, n - 1)}
                return {}
        return {}

    def _raw_path(self, i: int) -> tuple[str, ...]:
        # normalised once per column: the rules ask for a column's path thousands of times a run
        path = self._paths.get(i)
        if path is None:
            t = self.t
            p = t.column_paths[i] if i < len(t.column_paths) and t.column_paths[i] else ()
            name = t.columns[i] if i < len(t.columns) else ""
            path = self._paths[i] = tuple(norm(x) for x in p) + (norm(name),)
        return path

    def block_range(self, block: int | None) -> range:
        n = len(self.t.columns)
        if block is None:
            return range(n)
        if block >= len(self.blocks):
            return range(0)
        end = self.blocks[block + 1] if block + 1 < len(self.blocks) else n
        return range(self.blocks[block], end)

    def content_kind(self, i: int) -> str:
        """What column `i` holds, judged from its cells (not its name): "code" (科目代码 parts:
        bare digit strings that are the row's code or part of it, under a 编码/代码/类/款/项
        header), "text" (mostly non-numeric words), "amount", or "empty"."""
        k = self._kinds.get(i)
        if k is None:
            k = self._kinds[i] = self._content_kind(i)
        return k

    def _content_kind(self, i: int) -> str:
        joined = "/".join(self._raw_path(i))
        codeish_header = any(x in joined for x in CODE_WORDS) or self._raw_path(i)[-1] in SPLIT_CODE
        n = codes = texts = nums = 0
        for row in self.t.rows:
            if i >= len(row.cells):
                continue
            cell = row.cells[i]
            txt = _WHITESPACE.sub("", cell.text)
            if not txt.strip("—-－–") or cell.is_blank:
                continue  # (nothing but dashes, or a blank marker)
            n += 1
            part_of_code = bool(row.code) and len(txt) >= 2 and txt.strip("0") != "" and (
                row.code.startswith(txt) or row.code.endswith(txt))
            if _DIGITS.match(txt) and (part_of_code or codeish_header):
                codes += 1
            elif cell.value is None and _CJK.search(txt):
                texts += 1
            elif cell.value is not None:
                nums += 1
        if n == 0:
            return "empty"
        if codes * 2 > n:
            return "code"
        if texts * 2 > n:
            return "text"
        return "amount"

    def is_label_col(self, i: int) -> bool:
        return self.content_kind(i) in ("code", "text")

    def col(self, *names: str, block: int | None = None, exclude: Sequence[str] = (),
            within: str | None = None) -> int | None:
        """First column named exactly `name`, else whose name/header path contains it.

        `exclude`: skip columns whose path contains any of these words; `within`: only
        columns whose header path contains this word (e.g. "决算数", "预算数").  When looking
        for an amount column, columns that hold codes or words are skipped whatever their
        header says (a merged header can put 合计 over a code column).
        """
        want_label = any(norm(nm) in ("项目",) + SPLIT_CODE or norm(nm).endswith(_LABEL_NAMES)
                         for nm in names)
        cand = []
        for i in self.block_range(block):
            if not want_label and self.is_label_col(i):
                continue
            p = self.path(i)
            joined = "/".join(p)
            if any(norm(x) in joined for x in exclude):
                continue
            if within is not None and norm(within) not in joined:
                continue
            cand.append((i, p))
        if not want_label:  # this year's column before one printed for comparison (2024年预算数/合计)
            cand.sort(key=lambda ip: self.is_comparison(ip[0]))
        for name in names:
            n = norm(name)
            for i, p in cand:
                if p[-1] == n:
                    return i
        for name in names:
            n = norm(name)
            for i, p in cand:
                if any(n in x for x in p):
                    return i
        return None

    def is_comparison(self, i: int) -> bool:
        """Column i speaks of another period or of a change (上年预算数, 2024年执行数 beside
        2025年预算数, 增减, 增长率): printed for comparison, never an addend of this year's
        totals nor the figure a sentence restates."""
        hit = self._comparison.get(i)
        if hit is None:  # (asked for every column by every amount_cols call: worked out once)
            text = "/".join(self.path(i))
            years = set(_YEAR.findall(text))
            hit = self._comparison[i] = bool(_OTHER_PERIOD.search(text) or _CHANGE.search(text) or (
                self.year and years and str(self.year) not in years and self._year_column))
        return hit

    def is_change(self, i: int) -> bool:
        """Column i holds a change or a rate (增减, 增长率, %): it adds up with nothing."""
        return bool(_CHANGE.search("/".join(self.path(i))))

    @cached_property
    def _year_column(self) -> bool:
        """Some column is headed by the document's own year (else a year in a header may just be
        a document year read wrong: no column is put aside for it)."""
        return any(str(self.year) in _YEAR.findall("/".join(self.path(i))) for i in range(len(self.t.columns)))

    def amount_cols(self, block: int | None = None, comparisons: bool = False) -> list[int]:
        """The columns of figures (of this year; with `comparisons`, those of other periods and
        of changes too)."""
        out = []
        roles = getattr(self.t, "column_roles", None) or []
        for i in self.block_range(block):
            if i < len(roles) and roles[i] in ("code", "line", "label", "text"):
                continue  # parsing saw 科目代码 / 行次 / names in it, whatever its header says
            if not comparisons and self.is_comparison(i):
                continue
            if i < len(roles) and roles[i] == "amount" and self.content_kind(i) == "amount":
                out.append(i)  # amounts printed under a shifted header (科目名称 over 小计)
                continue
            p = "/".join(self.path(i))
            if any(x in p for x in _AMOUNT_EXCLUDE) and not any(
                    k in self.path(i)[-1] for k in ("合计", "小计", "支出", "收入", "决算数", "金额")):
                continue
            if self.path(i)[-1] in LABEL_HEADERS:
                continue
            if self.is_label_col(i):
                continue
            out.append(i)
        return out

    # -- cells ----------------------------------------------------------------------------
    def value(self, r: int, c: int) -> Decimal | None:
        key = (r, c)
        if key not in self._vals:
            row = self.t.rows[r]
            v = None
            if 0 <= c < len(row.cells):
                cell = row.cells[c]
                v = cell.value
                if v is not None and "%" in cell.text:
                    v = None
            self._vals[key] = v
        return self._vals[key]

    def blank(self, r: int, c: int) -> bool:
        row = self.t.rows[r]
        if c >= len(row.cells):
            return True
        return row.cells[c].is_blank or row.cells[c].text.strip("—-－ ") == ""

    def text(self, r: int, c: int | None) -> str:
        if c is None:
            return ""
        row = self.t.rows[r]
        return row.cells[c].text if 0 <= c < len(row.cells) else ""

    def ref(self, r: int, c: int, name: str = "", label: str | None = None) -> Ref:
        return Ref(self, r, c, name, label if label is not None else self.t.rows[r].label)

    def location(self, r: int, c: int | None, label: str | None = None) -> Location:
        t = self.t
        row = t.rows[r]
        cell = row.cells[c] if c is not None and 0 <= c < len(row.cells) else None
        page = (cell.page if cell is not None and cell.page else row.page) or None
        bbox = cell.bbox if cell is not None and cell.bbox else row.bbox
        return Location(table=t.id, row=r, column=t.columns[c] if c is not None and c < len(t.columns) else None,
                        page=page, bbox=bbox, row_label=label if label is not None else row.label, col=c)

    # -- rows -----------------------------------------------------------------------------
    def find(self, *labels: str, start: int = 0, exact: bool = True) -> int | None:
        keys = [label_key(x) for x in labels]
        for k in keys:
            for i in range(start, len(self.keys)):
                if self.keys[i] == k:
                    return i
        if not exact:
            for k in keys:
                for i in range(start, len(self.keys)):
                    if k and k in self.keys[i]:
                        return i
        return None

    def total_row(self) -> int | None:
        for i, row in enumerate(self.t.rows):
            k = self.keys[i]
            if k in ("合计", "总计", "本年支出合计", "本年收入合计") and not row.code:
                return i
        for i, row in enumerate(self.t.rows):
            if row.kind == "total" and not row.code:
                return i
        if len(self.t.rows) == 1 and self.t.columns and not any(self.is_label_col(i) for i in range(len(self.t.columns))) \
                and not norm(self.t.rows[0].label or ""):
            return 0  # one line of figures under its column heads (a 支出预算总表 by 基本/项目): its totals
        return None

    def _code_cols(self) -> list[int]:
        if "code_cols" not in self.__dict__:
            rng = self.block_range(0) if len(self.blocks) > 1 else range(len(self.t.columns))
            self.__dict__["code_cols"] = [i for i in rng if self.content_kind(i) == "code"]
        return self.__dict__["code_cols"]

    def row_code(self, r: int) -> str:
        """The row's 科目代码; when the extractor kept only the 类 part of a code printed over
        类 | 款 | 项 columns ("201" | "03" | "50"), the parts joined ("2010350")."""
        code = (self.t.rows[r].code or "").strip()
        if not code.isdigit():
            return code
        joined = ""
        for c in self._code_cols():
            p = _WHITESPACE.sub("", self.text(r, c))
            if not p:
                continue
            if not p.isdigit():
                break
            joined = p if (joined and p.startswith(joined) and len(p) > len(joined)) else joined + p
        if len(joined) > len(code) and joined.startswith(code) and len(joined) <= 7:
            return joined
        return code

    def code_rows(self, economic: bool | None = None) -> list[tuple[int, str, int]]:
        """(row, code, level) of the coded rows; 经济分类 levels for a type the registry says
        is coded so (06), 功能分类 类/款/项 otherwise, unless `economic` says."""
        if economic is None:
            tt = table_types.get(self.role)
            economic = tt is not None and tt.code_levels == "economic"
        hit = self._coded.get(economic)
        if hit is not None:
            return list(hit)  # (asked by several rules and several times by one: A7 filters on it)
        out = []
        for i, row in enumerate(self.t.rows):
            code = self.row_code(i)
            if not code.isdigit():
                continue
            lvl = code_level(code, economic) if economic else (
                code_level(code) if code != (row.code or "").strip() else (row.level or code_level(code)))
            if lvl:
                out.append((i, code, lvl))
        self._coded[economic] = out
        return list(out)

    def level_rows(self) -> list[tuple[int, int]]:
        """(row, level) of a table of names without 科目代码 whose 类 / 款 / 项 (1 / 2 / 3) the reader
        saw by indentation (`Row.level`), in printed order: the hierarchy rules foot it as they foot
        the coded rows. Empty for a table with codes (they say the levels). These rows have no code
        to look them up by — they are never in `code_rows` (B12 and the narrative key rows by code)."""
        if self._levels is None:
            self._levels = [] if self.code_rows(False) else [
                (i, row.level) for i, row in enumerate(self.t.rows) if row.level and not (row.code or "").strip()]
        return list(self._levels)

    def hierarchy_rows(self, economic: bool | None = None) -> list[tuple[int, int]]:
        """(row, level) of the rows a 科目 hierarchy is footed over: the coded rows, or where the
        table prints none, the names whose level its indentation shows (`level_rows`)."""
        coded = self.code_rows(economic)
        return [(i, lvl) for i, _code, lvl in coded] if coded else self.level_rows()

    def has_numbers(self) -> bool:
        for r in range(len(self.t.rows)):
            for c in self.amount_cols():
                if self.value(r, c) not in (None, Decimal(0)):
                    return True
        return False


@dataclass
class Side:
    """One printed line of one block of a side-by-side table (收入 | 支出)."""

    row: int
    label: str
    key: str
    label_col: int | None
    cols: dict[str, int] = field(default_factory=dict)  # value column name → index


_FUNDS = table_types.FUNDS


class DocIndex:
    """Everything rules need about one document, computed once per run."""

    def __init__(self, doc: Document, config: CheckConfig | None = None):
        self.doc = doc
        self.cfg = config or CheckConfig()
        self.views: list[TableView] = []
        self.by_role: dict[str, list[TableView]] = {}
        for i, t in enumerate(doc.tables):
            role = classify(t)
            v = TableView(t, role, i, doc.year)
            self.views.append(v)
            if role:
                self.by_role.setdefault(role, []).append(v)
        self.table_order = {v.t.id: v.order for v in self.views}
        self._cache: dict = {}
        # every comparison made (passed or not), for the working paper to re-perform as formulas;
        # None (the default, and the re-check after an edit) records nothing and costs nothing
        self.trace: list[Comparison] | None = None

    def note(self, rule: str, target: "Ref", terms: Sequence[tuple["Ref", Decimal | int]],
             expected: Decimal | None = None, kind: str = "sum") -> None:
        """Record `target` = (or ≤, kind "le") Σ coefficient × term, coefficients in the
        target's unit; `expected` defaults to that sum."""
        if self.trace is None:
            return
        vals = [(t.location(), Decimal(k), t.value) for t, k in terms]
        if expected is None:
            expected = sum(((v or Decimal(0)) * k for _loc, k, v in vals), Decimal(0))
        self.trace.append(Comparison(rule, target.location(), tuple(vals), expected, target.value, kind))

    def note_text(self, rule: str, sentence: Location, printed: Decimal | None,
                  terms: Sequence[tuple[Location, Decimal | int, Decimal | None]],
                  expected: Decimal | None, kind: str = "sum") -> None:
        """Record a figure printed in the narrative (`printed`, in 万元 or %) against table
        cells and/or other printed figures (a term located at a sentence)."""
        if self.trace is None:
            return
        self.trace.append(Comparison(rule, sentence, tuple((loc, Decimal(k), v) for loc, k, v in terms),
                                     expected, printed, kind))

    def loc_term(self, loc: Location) -> tuple[Location, Decimal, Decimal | None] | None:
        """A table cell given by its Location as a comparison term, in 万元."""
        views = self.cached("views_by_id", lambda: {v.t.id: v for v in self.views})
        v = views.get(loc.table or "")
        if v is None or loc.row is None or loc.col is None:
            return None
        return loc, v.factor, v.value(loc.row, loc.col)

    def cell_term(self, ref: "Ref | None", to_wan: bool = True) -> tuple[Location, Decimal, Decimal | None] | None:
        """A table cell as a comparison term, converted to 万元 (narrative figures are in 万元)."""
        if ref is None:
            return None
        return ref.location(), (ref.view.factor if to_wan else Decimal(1)), ref.value

    # -- tables ---------------------------------------------------------------------------
    def get(self, role: str, prints: Sequence[str] = ()) -> TableView | None:
        """The table of a role; of two (a 05 by 功能分类 and a 05 明细表 by 经济分类, as some provinces
        print), the first whose 科目 codes are of the role's classification. `prints`: of two, the
        one that prints these columns (a 政府性基金 收入支出 table, with its 本年收入, beside a 支出
        table of the same fund), else the first."""
        views = self.by_role.get(role)
        if not views:
            return None
        if len(views) == 1:
            return views[0]
        if prints:
            having = [v for v in views if all(v.col(name) is not None for name in prints)]
            if having:
                views = having
                if len(views) == 1:
                    return views[0]
        return self.cached(("primary", role, tuple(prints)), lambda: self._primary(role, views))

    @staticmethod
    def _primary(role: str, views: list[TableView]) -> TableView:
        tt = table_types.get(role)
        if tt is not None and tt.code_levels:
            economic = tt.code_levels == "economic"
            lead = "3" if economic else "2"  # 经济分类 301 …, 功能分类 201 …
            for v in views:
                codes = [code for _i, code, _lvl in v.code_rows(economic)]
                if codes and all(code.startswith(lead) for code in codes):
                    return v
        return views[0]

    def all(self, role: str) -> list[TableView]:
        return self.by_role.get(role, [])

    def cached(self, key, fn):
        if key not in self._cache:
            self._cache[key] = fn()
        return self._cache[key]

    # -- side-by-side tables (01, 04) -------------------------------------------------------
    def sides(self, v: TableView, block: int) -> list[Side]:
        return self.cached(("sides", v.t.id, block), lambda: self._sides(v, block))

    def _sides(self, v: TableView, block: int) -> list[Side]:
        rng = v.block_range(block)
        if not rng:
            return []
        label_col = v.col("项目", "科目名称", block=block)
        if label_col is None:
            label_col = rng.start
        value_cols: dict[str, int] = {}
        roles = getattr(v.t, "column_roles", None) or []
        for i in rng:
            name = v.path(i)[-1]
            if i == label_col or name in ("行次", "栏次", "项目", "科目名称", "科目代码") or v.is_comparison(i):
                continue
            if not any(w in name for w in _FUNDS):
                # a fund name wrapped over two header rows: "一般公共预算" / "财政拨款"
                tail = [x for x in v.path(i)[:-1] if x not in ("收入", "支出", "决算数", "预算数", "金额", "项目")]
                if any(w in "".join(tail) for w in _FUNDS):
                    name = "".join(dict.fromkeys(tail))
            if i < len(roles) and roles[i] in ("code", "line", "label", "text"):
                continue  # parsing saw 行次 / codes / names in it ("行" is a 行次 header too)
            value_cols[name] = i
        nxt = v.block_range(block + 1) if block + 1 < len(v.blocks) else range(0)
        nxt_label = v.col("项目", "科目名称", block=block + 1) if nxt else None
        nxt_amounts = [i for i in nxt if i != nxt_label and i not in value_cols.values() and not (
            i < len(roles) and roles[i] in ("code", "line", "label", "text"))]
        out = []
        for r, row in enumerate(v.t.rows):
            text = row.label if block == 0 and row.label else v.text(r, label_col)
            cols = value_cols
            if text and nxt_label is not None and len(nxt_amounts) == 1 and all(v.blank(r, c) for c in value_cols.values()) \
                    and v.blank(r, nxt_label) and not v.blank(r, nxt_amounts[0]):
                # a total line shared by two blocks (当年支出小计 drawn across 功能分类 | 支出用途):
                # its figure is printed once, in the last block's column
                cols = {name: nxt_amounts[0] for name in value_cols}
            out.append(Side(r, text, label_key(text), label_col, cols))
        return out

    def side_find(self, sides: list[Side], *labels: str, prefix: bool = False) -> Side | None:
        keys = [label_key(x) for x in labels]
        for k in keys:
            for s in sides:
                if s.key == k:
                    return s
        if prefix:
            for k in keys:
                for s in sides:
                    if s.key.startswith(k):
                        return s
        return None

    # -- comparisons ----------------------------------------------------------------------
    def sum_finding(self, rule: str, total: Ref, addends: Sequence[Ref], *, title: str,
                    names: Sequence[str] | None = None, blank_total_ok: bool = False) -> Finding | None:
        """total = Σ addends, in the table's unit.  Blank addends count as 0; a blank total
        with a non-zero sum is a 核实 (warning); a blank total with a zero sum passes."""
        if total is None:
            return None
        addends = [a for a in addends if a is not None]
        values = [a.value or Decimal(0) for a in addends]
        expected = sum(values, Decimal(0))
        actual = total.value
        if self.trace is not None:
            self.note(rule, total, [(a, 1) for a in addends], expected)
        if actual is None:
            if expected == 0 or blank_total_ok:
                return None
            if not total.blank:  # printed but unparsable: A21 reports it
                return None
            return Finding(rule, WARNING,
                           f"{title}：{total.name or '合计'}未填列，明细合计为 {fmt(expected)}",
                           total.location(), expected, None, None,
                           tuple(a.location() for a in addends[:12] if a.value))
        diff = actual - expected
        if diff == 0:
            return None  # (most sums: no need to count the figures that may carry rounding)
        sev = self.cfg.severity(diff, rounding_terms(addends))
        if sev is None:
            return None
        shown = [a for a in addends if a.value not in (None, Decimal(0))] or list(addends[:1])
        if names is None:
            names = [a.name for a in addends]
        if len(addends) <= 6 and all(names):
            lhs = " + ".join(names)
            arith = " + ".join(fmt(a.value or Decimal(0)) for a in addends)
        else:
            lhs = f"Σ{len(addends)}项"
            arith = " + ".join(fmt(a.value) for a in shown[:8]) + (" + …" if len(shown) > 8 else "")
        msg = (f"{title}：{total.name or '合计'} ≠ {lhs}：{arith} = {fmt(expected)} ≠ {fmt(actual)}"
               f"（差 {fmt_diff(diff)}{'，尾差' if sev == INFO else ''}）")
        # every non-zero addend is related (not only those the message shows): the slip can
        # be in any of them
        # an addend read by OCR with doubt is named too, zero or not (a "0" read for an "8"),
        # so the finding says 核实 (engine._doubtful) — a blank under a seal (confidence 0)
        # only where a figure hidden there could close the gap
        hidden = [a for a in addends if a not in shown and _ocr_doubt(a.cell) and (a.value is not None or diff > 0)]
        return Finding(rule, sev, msg, total.location(), expected, actual, diff,
                       tuple(a.location() for a in shown + hidden))

    def _note_equal(self, rule: str, a: Ref, b: Ref | None, b_value: Decimal | None,
                    b_loc: Iterable[Location] | None) -> None:
        """a = b, the other side brought into a's unit; b given as a value is the sum of the
        b_loc cells (when those are table cells)."""
        if self.trace is None:
            return
        views = self.cached("views_by_id", lambda: {v.t.id: v for v in self.views})
        if b_value is None and b is not None:
            self.note(rule, a, [(b, b.view.factor / a.view.factor)])
            return
        locs = list(b_loc) if b_loc is not None else []
        if not locs or any(loc.table not in views or loc.row is None or loc.col is None for loc in locs):
            return  # the other side is not a set of table cells: nothing to re-perform
        terms = [(loc, views[loc.table].factor / a.view.factor, views[loc.table].value(loc.row, loc.col))
                 for loc in locs]
        expected = sum(((v or Decimal(0)) * k for _loc, k, v in terms), Decimal(0))
        self.trace.append(Comparison(rule, a.location(), tuple(terms), expected, a.value))

    def equal_finding(self, rule: str, a: Ref, b: Ref, *, title: str, addends: int = 0,
                      b_value: Decimal | None = None, b_loc: Iterable[Location] | None = None,
                      b_text: str | None = None) -> Finding | None:
        """a (this table's printed figure) should equal b (the other side); compared in 万元.

        `addends` = 0 → a restatement: any difference is an error (tail rounding only when
        one side was converted from 元)."""
        if a is None or (b is None and b_value is None):
            return None
        av = a.wan
        bv = b.wan if b_value is None else b_value
        self._note_equal(rule, a, b, b_value, b_loc)
        if av is None and bv is None:
            return None
        if av is None:
            if a.blank and bv == 0:
                return None
            av_shown = None
        else:
            av_shown = av
        if bv is None:
            if b is not None and b.blank and av == 0:
                return None
        if av is None or bv is None:
            # one side printed, the other blank: blank = 0 for an amount that is restated
            av2 = av if av is not None else Decimal(0)
            bv2 = bv if bv is not None else Decimal(0)
            if av2 == bv2:
                return None
            diff = av2 - bv2
            msg = (f"{title}：{fmt(av_shown)} ≠ {b_text or fmt(bv)}（一方空白，差 {fmt_diff(diff)}）")
            related = tuple(b_loc) if b_loc is not None else (b.location(),)
            return Finding(rule, ERROR, msg, a.location(), bv, av, diff, related)
        converted = a.view.factor != 1 or (b is not None and b_value is None and b.view.factor != 1)
        if converted:
            av = q2(av)
            bv = q2(bv)
        diff = av - bv
        n = addends or (1 if converted else 0)
        sev = self.cfg.severity(diff, n)
        if sev is None:
            return None
        msg = (f"{title}：{fmt(av)} ≠ {b_text or fmt(bv)}（差 {fmt_diff(diff)}"
               f"{'，尾差' if sev == INFO else ''}）")
        related = tuple(b_loc) if b_loc is not None else (b.location(),)
        return Finding(rule, sev, msg, a.location(), bv, av, diff, related)


def hierarchy_tree(v: TableView) -> dict[int | None, list[int]]:
    """Each 科目 row's rows one level down (None: the 类 rows), in printed order (`hierarchy_rows`)."""
    kids: dict[int | None, list[int]] = {}
    above: list[int] = []
    for i, lvl in v.hierarchy_rows():
        del above[lvl - 1:]
        kids.setdefault(above[-1] if above else None, []).append(i)
        above.append(i)
    return kids


def match_names(a: TableView, b: TableView) -> dict[int, int]:
    """b's 科目 rows matched to a's, level by level (`hierarchy_rows`): each 类 to a's 类 of its name,
    each 款 to a 款 of that 类, each 项 to a 项 of that 款 — of the same name, or else of the one
    name alike enough ("技术与研究开发" / "技术与研究与开发": a name printed two ways is C13's). For
    tables of names without codes (`level_rows`), where no code says which 科目 is which."""
    ta, tb = hierarchy_tree(a), hierarchy_tree(b)
    out: dict[int, int] = {}

    def match(pb: int | None, pa: int | None) -> None:
        free = list(ta.get(pa, []))
        for i in tb.get(pb, []):
            key = b.keys[i]
            j = next((j for j in free if a.keys[j] == key), None)
            if j is None:
                best = [j for j in free if difflib.SequenceMatcher(None, key, a.keys[j]).ratio() >= 0.8]
                j = best[0] if len(best) == 1 else None
            if j is None:
                continue
            free.remove(j)
            out[i] = j
            match(i, j)

    match(None, None)
    return out
