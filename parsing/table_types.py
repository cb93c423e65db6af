"""The table-type registry: what each standard disclosure table *is*, in one place.

A type is one frozen `TableType` entry: its role id ("01" … "10", "perf"), its canonical 决算
and 预算 titles, how its title reads (word patterns, tried in `priority` order, so a
决算 title, a 预算 title and a province's variant all land on the same role), the printed
label forms, its column roles, its code levels, its total rows (with province variants as
data), and what an empty table looks like.  Extraction stamps `Table.type` from `classify`
once; checks (`tables=` names roles), the workbook and the grid read it from here.

Adding a type is one entry in `TYPES` (plus fixtures).  No department or place names here:
variants are described by the wording printed in the table, never by who prints it.
Pure Python, no Qt, no PyMuPDF.
"""
from __future__ import annotations

from functools import lru_cache

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol

# --------------------------------------------------------------------------- vocabulary
# Header words that name a non-amount column.  Every module that guesses "is this column a
# label / 科目代码 / 行次" reads these (parsing, checks, the grid, the workbook).
CODE_WORDS = ("代码", "编码")  # 科目代码 / 功能分类科目编码
SPLIT_CODE = ("类", "款", "项")  # a 科目代码 printed over three columns
LINE_WORDS = ("行次", "栏次")
LINE_NAMES = ("行", "序号")  # whole header names of a row-number column
LABEL_WORDS = ("项目", "科目", "名称")  # 科目名称 / 项目 (but "项目支出" is an amount)
# how the name of an amount column ends (本年收入合计, 其他收入, 项目支出, 统计数, 公务接待费 …): a column
# so named holds amounts even when they print as whole 元 that look like codes (700, 4005500)
AMOUNT_NAME_ENDS = ("合计", "小计", "总计", "收入", "支出", "金额", "数", "费", "结余", "结转", "资金", "经费", "拨款")
# exact leaf names of columns that are never amounts
LABEL_HEADERS = ("科目名称", "项目", "名称", "科目代码", "科目编码", "类", "款", "项", "行次", "栏次")
# words under which a side-by-side block starts again (收入 | 支出 halves)
BLOCK_LABEL_WORDS = LABEL_WORDS + CODE_WORDS + SPLIT_CODE[:1] + ("经济分类", "功能分类")
FUNDS = ("一般公共预算", "政府性基金", "国有资本经营")

# what makes a line ending in 表 a table's title: a word of the disclosure's money ("收入", "资金",
# "结转" …) or a table-name ending ("…预算表", "…汇总表", "…情况表"); a registered type's title
# is one whatever its words. The document's own name ("XX局2025年部门预算表", a running header)
# is none: `DOCUMENT_NAME`, read on the title from its year on.
TITLE_WORDS = (
    "收入", "支出", "收支", "三公", "基金", "资本", "基本", "拨款", "采购", "统计", "明细", "自评",
    "机关运行", "绩效", "经费", "资产", "服务", "资金", "专户", "结转", "结余",
)
TITLE_ENDS = ("预算表", "决算表", "总表", "汇总表", "明细表", "情况表", "统计表", "一览表")
DOCUMENT_NAME = re.compile(r"(?:^|(?:19|20)\d\d年度?)(?:部门|单位)?(?:综合)?(?:决算|预算)(?:公开)?表$")

# what an empty table looks like: an empty grid with a note (本表无数据 / 本单位无此项支出 /
# 没有国有资本经营预算财政拨款支出), the same for every type
EMPTY_NOTE_WORDS = ("无数据", "空表", "无此", "没有")
# the same said in a sentence under a title with no grid at all ("本部门2024年度无政府性基金
# 预算财政拨款收入、支出，故本表为空。")
EMPTY_SENTENCE = re.compile(r"无数据|空表|无此|没有|未发生|不涉及|无[^，。；]{0,30}(?:收入|支出|经费|资金)")


# --------------------------------------------------------------------------- entries


@dataclass(frozen=True, slots=True)
class TitlePattern:
    """A title matches when it holds every word of `all` and none of `none`."""

    all: tuple[str, ...]
    none: tuple[str, ...] = ()

    def matches(self, title: str) -> bool:
        return all(w in title for w in self.all) and not any(w in title for w in self.none)


@dataclass(frozen=True, slots=True)
class Totals:
    """Total rows of a table (row labels, matched after `label_key`).

    `grand`: the 总计 line(s) of each half; `base`: the 本年合计 line(s); `alt_grand`: a
    variant whose grand total is printed as 收入合计 / 支出合计 *below* a 当年收入小计 line
    (收入合计 = 当年收入小计 + 上年结转); `parts`: the lines between base and grand."""

    grand: tuple[tuple[str, ...], ...] = ()  # per half
    base: tuple[tuple[str, ...], ...] = ()  # per half
    alt_grand: tuple[str, ...] = ()  # per half, one label each
    parts: tuple[tuple[str, ...], ...] = ()  # per half


@dataclass(frozen=True, slots=True)
class TableType:
    role: str  # "01" … "10", "perf": what rules name in `tables=`
    title: str  # canonical 决算 title
    budget_title: str  # canonical 预算 title
    patterns: tuple[TitlePattern, ...]  # how printed titles of this type read
    priority: int  # patterns are tried in ascending priority over all types
    label: str = ""  # the canonical printed label ("公开01表")
    number: int | None = None  # the standard number printed in 公开NN表 / 公开表N / 附表N
    form: bool = False  # a form (绩效自评表), not a grid
    code_levels: str | None = None  # "function" (类/款/项: 3/5/7 digits) | "economic" (3/5) | None
    row_footing: bool = False  # the first 合计 column = Σ the amount columns after it
    totals: Totals = field(default_factory=Totals)
    # its title in the national 预算 template (财政部 部门预算公开模板), where that set names it
    # otherwise than `budget_title` does ("国有资本经营预算支出表")
    national_budget_title: str = ""

    @property
    def titles(self) -> tuple[str, str]:
        return self.title, self.budget_title


# (last: the national 预算 template's 财政拨款收支总表 prints the year's total on its group head
# "一、本年收入", the items below it)
_INCOME_BASE = ("本年收入合计", "本年收入小计", "当年收入小计", "当年收入合计", "收入合计", "本年收入")
_EXPENSE_BASE = ("本年支出合计", "本年支出小计", "当年支出小计", "当年支出合计", "支出合计", "本年支出")
_SUMMARY_TOTALS = Totals(
    grand=(("总计", "收入总计"), ("总计", "支出总计")),
    base=(_INCOME_BASE, _EXPENSE_BASE),
    alt_grand=("收入合计", "支出合计"),
    parts=(("使用非财政拨款结余", "年初结转和结余", "上年结转"), ("结余分配", "年末结转和结余", "结转下年", "年终结转结余")),
)

# a 收入 and 支出 title without 总 (收入支出决算表, 财政拨款收支预算表): the two-sided summary, never
# the 支出 table its 支出决算表 / 支出预算表 ending would make it
_SUMMARY_ENDS = ("收入支出决算表", "收入支出预算表", "收支决算表", "收支预算表", "收入支出表", "收支表")
# … unless the title names one source of the money (事业收入支出预算表, 上级补助收入支出预算表: one
# source's table, as some provinces print one a source)
_ONE_SOURCE = ("财政拨款", "一般公共预算", "事业收入", "补助收入", "其他收入", "经营收入", "经营收支", "上缴收入",
               "非税收入")

TYPES: tuple[TableType, ...] = (
    TableType(
        "01", "收入支出决算总表", "收支预算总表", priority=71, label="公开01表", number=1,
        # (the national 决算 template names it 收入支出决算表, without 总: the 03 is 支出决算表)
        patterns=(TitlePattern(("总表", "收入支出")), TitlePattern(("总表", "收支")), TitlePattern(("总体情况表", "收入支出")),
                  TitlePattern(("总体情况表", "收支")), *(TitlePattern((w,), _ONE_SOURCE) for w in _SUMMARY_ENDS)),
        code_levels="function", totals=_SUMMARY_TOTALS, national_budget_title="部门收支总表",
    ),
    TableType(
        "02", "收入决算表", "收入预算总表", priority=90, label="公开02表", number=2,
        patterns=(TitlePattern(("收入决算表",)), TitlePattern(("收入预算表",)), TitlePattern(("收入预算总表",)),
                  TitlePattern(("收入总表",)), TitlePattern(("收入决算总表",)), TitlePattern(("收入", "总体情况表")),
                  TitlePattern(("收入情况表",))),
        code_levels="function", row_footing=True, national_budget_title="部门收入总表",
    ),
    TableType(
        "03", "支出决算表", "支出预算总表", priority=100, label="公开03表", number=3,
        patterns=(TitlePattern(("支出决算表",)), TitlePattern(("支出预算表",)), TitlePattern(("支出预算总表",)),
                  TitlePattern(("支出总表",)), TitlePattern(("支出决算总表",)), TitlePattern(("支出", "总体情况表")),
                  TitlePattern(("支出情况表",))),
        code_levels="function", row_footing=True, national_budget_title="部门支出总表",
    ),
    TableType(
        "04", "财政拨款收入支出决算总表", "财政拨款收支预算总表", priority=70, label="公开04表", number=4,
        patterns=(TitlePattern(("总表", "收入支出", "财政拨款")), TitlePattern(("总表", "收支", "财政拨款")),
                  TitlePattern(("总体情况表", "收入支出", "财政拨款")), TitlePattern(("总体情况表", "收支", "财政拨款")),
                  *(TitlePattern(("财政拨款", w), ("一般公共预算",)) for w in _SUMMARY_ENDS)),
        code_levels="function", totals=_SUMMARY_TOTALS, national_budget_title="财政拨款收支总表",
    ),
    TableType(
        "05", "一般公共预算财政拨款支出决算表", "一般公共预算支出功能分类预算表", priority=80, label="公开05表", number=5,
        patterns=(TitlePattern(("一般公共预算", "支出")),),
        code_levels="function", row_footing=True, national_budget_title="一般公共预算支出表",
    ),
    TableType(
        "06", "一般公共预算财政拨款基本支出决算明细表", "一般公共预算基本支出部门预算经济分类预算表", priority=50,
        label="公开06表", number=6, code_levels="economic",
        patterns=(TitlePattern(("基本支出",)),), national_budget_title="一般公共预算基本支出表",
    ),
    TableType(
        "07", "政府性基金预算财政拨款收入支出决算表", "政府性基金预算支出功能分类预算表", priority=30, label="公开07表",
        number=7, code_levels="function", row_footing=True,
        patterns=(TitlePattern(("政府性基金",)),), national_budget_title="政府性基金预算支出表",
    ),
    TableType(
        "08", "国有资本经营预算财政拨款支出决算表", "国有资本经营预算支出功能分类预算表", priority=40, label="公开08表",
        number=8, code_levels="function", row_footing=True,
        patterns=(TitlePattern(("国有资本经营",)),), national_budget_title="国有资本经营预算支出表",
    ),
    TableType(
        "09", "财政拨款“三公”经费支出决算表", "“三公”经费和机关运行经费预算表", priority=20, label="公开09表", number=9,
        patterns=(TitlePattern(("三公",)),), national_budget_title="一般公共预算“三公”经费支出表",
    ),
    TableType(
        "10", "部门决算公开相关信息统计表", "政府采购预算表", priority=60, label="公开10表", number=10,
        patterns=(TitlePattern(("相关信息统计",)), TitlePattern(("政府采购",)), TitlePattern(("机关运行经费",))),
    ),
    # one row per project (the national 预算 template's 项目支出表; a 项目支出决算表 in some 决算,
    # 一般公共预算财政拨款项目支出决算表 in others): before 支出决算表/支出预算表 (03), so that it is
    # not taken for the all-funds 支出表, and before 05, so that it is not a second 一般公共预算支出表
    TableType(
        "11", "项目支出决算表", "项目支出表", priority=75, label="项目支出表",
        patterns=(TitlePattern(("项目支出",), ("绩效", "基本支出", "政府性基金", "国有资本")),),
    ),
    # the 财政拨款 支出 by 功能分类 (财政拨款支出预算表（功能科目）, 财政拨款支出决算表): every 财政拨款 fund,
    # so neither the all-funds 支出表 (03) nor the 一般公共预算 one (05); its rows roll up by 类/款/项
    # and its 合计 = 基本支出 + 项目支出 where it prints them
    TableType(
        "12", "财政拨款支出决算表", "财政拨款支出预算表", priority=95, label="财政拨款支出表",
        code_levels="function", row_footing=True,
        patterns=tuple(TitlePattern(("财政拨款", w), ("收入", "收支")) for w in (
            "支出预算表", "支出决算表", "支出表", "支出预算总表", "支出决算总表", "支出总表", "支出总体情况表", "支出情况表")),
    ),
    # 绩效 forms (parsing/performance_forms.py reads them; rules E1–E5).  Titles vary:
    # "项目支出绩效自评表", "XX项目支出 绩效自评表", "项目自评表", "二、2024年度项目绩效自评表（5个）".
    TableType(
        "perf", "项目支出绩效自评表", "项目支出绩效自评表", priority=10, label="绩效自评表", form=True,
        patterns=(TitlePattern(("绩效自评",), ("整体", "汇总")), TitlePattern(("项目", "自评表"), ("整体", "汇总"))),
    ),
    TableType(
        "perf_dept", "部门整体支出绩效自评表", "部门整体支出绩效自评表", priority=11, label="部门整体绩效自评表",
        form=True, patterns=(TitlePattern(("整体", "自评")),),
    ),
    # 绩效目标 forms of a 预算 (targets set before the year: 项目资金, 年度目标, 指标 | 指标值).
    # Told from the 自评表 by the title (目标, never 自评) and by what they print: no 执行数,
    # 得分 or 自评 column, so the E rules on results do not read them (checks/rules/performance.py).
    # "表" is required: "四、绩效目标设置情况" is a heading of the 情况说明, not a form.
    TableType(
        "perf_target", "项目支出绩效目标表", "项目支出绩效目标表", priority=12, label="项目支出绩效目标表", form=True,
        patterns=(TitlePattern(("绩效目标", "表"), ("整体", "自评", "汇总", "部门绩效目标")),),
    ),
    TableType(
        "perf_dept_target", "部门整体支出绩效目标表", "部门整体支出绩效目标表", priority=13, label="部门整体支出绩效目标表",
        form=True, patterns=(TitlePattern(("整体", "绩效目标", "表"), ("自评",)), TitlePattern(("部门绩效目标", "表"), ("自评", "项目"))),
    ),
    # one row per project (预算数, 执行数, 系统查询执行数, 执行率, 自评得分): a grid, not a form
    TableType(
        "perf_summary", "项目单位自评汇总表", "项目绩效自评汇总表", priority=9, label="自评汇总表",
        patterns=(TitlePattern(("自评", "汇总")),),
    ),
)

# Titles that look like a type but are not one (checked in the same priority order with the
# types' patterns).
# A table of one fund or one kind of money that is not among the standard set — 财政专户管理资金,
# 专项资金, 非税收入, 事业单位经营收支, 结转结余 — is read but typed none, before any pattern
# its 收入支出/支出预算表 wording would match (its totals are not the whole department's).
NOT_TYPES: tuple[tuple[int, TitlePattern], ...] = (
    (1, TitlePattern(("专户",))),
    (2, TitlePattern(("专项资金",))),
    (3, TitlePattern(("非税收入",))),
    (4, TitlePattern(("经营收支",), ("国有资本",))),
    (5, TitlePattern(("结转结余",), ("收支", "收入支出"))),
    (6, TitlePattern(("结转和结余",), ("收支", "收入支出"))),
    # one source's 收入支出 table (事业收入支出预算表, 上级补助收入支出预算表)
    *((14 + k, TitlePattern((w + "收入支出",))) for k, w in enumerate(("事业", "补助", "其他", "经营", "上缴"))),
    # a 财政拨款 收入 table is not the all-sources 收入表 (02)
    (88, TitlePattern(("财政拨款", "收入预算表"))),
    (89, TitlePattern(("财政拨款", "收入决算表"))),
)

# the 绩效 attachment (forms and their 汇总表): not among the tables a 目录 lists
PERF_ROLES = ("perf", "perf_dept", "perf_summary", "perf_target", "perf_dept_target")

BY_ROLE: dict[str, TableType] = {}
ROLES: tuple[str, ...] = ()
_ORDER: tuple[tuple[int, str | None, TitlePattern], ...] = ()


def _index() -> None:
    """Derive the lookups from `TYPES` / `NOT_TYPES` (at import; tests call it after adding one)."""
    global BY_ROLE, ROLES, _ORDER
    roles = [t.role for t in TYPES]
    if len(set(roles)) != len(roles):
        raise ValueError("duplicate table role in TYPES")
    prios = [t.priority for t in TYPES] + [p for p, _ in NOT_TYPES]
    if len(set(prios)) != len(prios):
        raise ValueError("two table types share a priority: the order of their patterns is ambiguous")
    BY_ROLE = {t.role: t for t in TYPES}
    ROLES = tuple(roles)
    _ORDER = tuple(sorted(
        [(t.priority, t.role, p) for t in TYPES for p in t.patterns] + [(pr, None, p) for pr, p in NOT_TYPES],
        key=lambda x: x[0],
    ))
    if "_classify" in globals():
        _classify.cache_clear()  # (the titles' roles were read with the patterns before)


_index()


# --------------------------------------------------------------------------- lookups

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=16384)  # the same labels and titles are compared over and over by the checks
def norm(text: str | None) -> str:
    """NFKC, 決→决, no quotes, no whitespace: the form titles and labels are compared in."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", text)
    s = s.replace("決", "决").replace("“", "").replace("”", "").replace('"', "")
    return _SPACES.sub("", s)


class _Titled(Protocol):
    title: str
    kind: str


def classify(table: "_Titled | str", kind: str | None = None) -> str | None:
    """The role of a table from its printed title (and kind "form"), or None."""
    if isinstance(table, str):
        title, kind = table, kind or "table"
    else:
        title, kind = table.title, kind or getattr(table, "kind", "table")
    return _classify(norm(title), kind)


@lru_cache(maxsize=4096)  # (extraction, the index and the rules ask for the same titles again and again)
def _classify(t: str, kind: str) -> str | None:
    if kind == "form":  # a form whose title names no form type is still a project form
        forms = [(p, r, pat) for p, r, pat in _ORDER if r is not None and BY_ROLE[r].form]
        return next((r for _, r, pat in forms if pat.matches(t)), next((x.role for x in TYPES if x.form), None))
    for _, role, pattern in _ORDER:
        if pattern.matches(t):
            return role
    return None


def get(role: str | None) -> TableType | None:
    return BY_ROLE.get(role) if role else None


_TITLE_TAIL = re.compile(r"[(（][^()（）]*[)）]$")


def national_budget(tables: Iterable[Any]) -> bool:
    """Does a 预算 follow the national template's titles (部门收支总表, 一般公共预算支出表 …)
    rather than the longer ones of `budget_title` (一般公共预算支出功能分类预算表 …)? Decided by
    the tables it prints: more of their titles end as the national set's than as the other."""
    national = other = 0
    for t in tables:
        ty = BY_ROLE.get(getattr(t, "type", None) or "")
        if ty is None or not ty.national_budget_title:
            continue
        title = _TITLE_TAIL.sub("", norm(getattr(t, "title", None) or ""))
        if title.endswith(_national_forms(norm(ty.national_budget_title))):
            national += 1
        elif norm(ty.budget_title).removeprefix("部门") in title:
            other += 1
    return national > other


def _national_forms(title: str) -> tuple[str, ...]:
    """The national title and its 情况表 wording: 部门收支总表 / 部门收支总体情况表, 一般公共预算支出表 /
    一般公共预算支出情况表 (many provinces print the set so)."""
    stem = title.removesuffix("总表") if title.endswith("总表") else title.removesuffix("表")
    return title, stem + ("总体情况表" if title.endswith("总表") else "情况表")


def budget_title_of(role: str, tables: Iterable[Any]) -> str | None:
    """The title a 预算 that prints `tables` gives a table of `role` it lacks, when it follows
    the national template's set (None: the template's own name stands)."""
    ty = BY_ROLE.get(role)
    if ty is None or not ty.national_budget_title or not national_budget(tables):
        return None
    return ty.national_budget_title


def type_of(table: _Titled) -> TableType | None:
    """The registry entry of a table: its stamped `type`, else classified from its title."""
    role = getattr(table, "type", None) or classify(table)
    return BY_ROLE.get(role) if role else None


def role_of(name: str) -> str:
    """A rule's `tables=` entry (a role id or a canonical 决算/预算 title) → the role id."""
    if name in BY_ROLE:
        return name
    for t in TYPES:
        if name in t.titles or norm(name) in (norm(t.title), norm(t.budget_title)):
            return t.role
    raise ValueError(f"unregistered table type {name!r} (see parsing/table_types.py)")


def title_of(role: str) -> str:
    """The canonical 决算 title of a role, for messages ("未找到收入决算表")."""
    t = BY_ROLE.get(role)
    return t.title if t else role


def label_of(role: str | None) -> str:
    t = BY_ROLE.get(role) if role else None
    return t.label if t else ""


_CANONICAL_LABEL = re.compile(r"公开(\d\d)表")
_YEAR_HEAD = re.compile(r"^.*?(?:19|20)\d\d年度?")  # "XX街道2025年部门收支总表": the title from its year on
_QUOTED = re.compile(r"(“[^”]*”)")


def as_printed(text: str, tables: Iterable[Any], budget: bool = False) -> str:
    """A sentence naming tables by their canonical labels ("公开05表"), in this document's own
    names: the label it prints for that table ("公开表五", "附表5"), or — when it prints none, or
    numbers its 预算 tables otherwise — the table's standard 决算/预算 title in 《》. An auditor
    cannot find "公开05表" in a document that never prints it."""
    if "公开" not in text:
        return text  # (most sentences name no table: the document's labels are not looked up)
    tables = list(tables)
    printed: dict[str, str | None] = {}
    titles: dict[str, str] = {}
    for t in tables:
        if getattr(t, "type", None) and t.type not in printed:
            printed[t.type] = t.label
            titles[t.type] = _YEAR_HEAD.sub("", norm(getattr(t, "title", None) or ""))
    canonical_labels = any(lab and _CANONICAL_LABEL.fullmatch(lab) for lab in printed.values())

    def name(m: re.Match[str]) -> str:
        ty = BY_ROLE.get(m.group(1))
        if ty is None or ty.label != m.group(0):
            return m.group(0)
        if lab := printed.get(ty.role):
            return lab
        if ty.role not in printed and canonical_labels and not budget:
            return m.group(0)  # not in this document, whose labels are the standard ones
        if titles.get(ty.role, "").endswith("表"):
            return f"《{titles[ty.role]}》"  # the title it prints (部门支出总表, 收入总体情况表 …)
        if budget:
            return f"《{budget_title_of(ty.role, tables) or ty.budget_title}》"
        return f"《{ty.title}》"

    # what the document says, quoted “…” in the message, stays verbatim
    parts = _QUOTED.split(text)
    return "".join(p if i % 2 else _CANONICAL_LABEL.sub(name, p) for i, p in enumerate(parts))


# --------------------------------------------------------------------------- labels

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(s: str) -> int | None:
    """'12' / '十二' / '二十' / '五' → int; None when it is not a number."""
    if s.isdigit():
        return int(s)
    if not s or any(ch not in _CN_DIGITS and ch != "十" for ch in s):
        return None
    if "十" in s:
        a, _, b = s.partition("十")
        return (_CN_DIGITS.get(a, 1) if a else 1) * 10 + (_CN_DIGITS.get(b, 0) if b else 0)
    return _CN_DIGITS.get(s) if len(s) == 1 else None


# 公开01表 / 公开表一 / 公开表1 / 附表2-1 / 附表 3 / 附3表 / 预算公开表01 / 部门公开表3 / 附件1 / 附件一
_CN_NUM = r"(?:[一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"
# after a label's number: not another digit, unless a year starts there ("表1 2025年…" reads
# "表12025年…" once the spaces are gone: the label is 表1, not 表12)
_NUM_END = r"(?=20\d\d|[^\d]|$)"
LABEL = re.compile(
    rf"(?:(?:部门|单位)?(?:预算|决算)?公开\s*(?:表\s*)?(?P<a>\d{{1,2}}{_NUM_END}|{_CN_NUM})\s*(?:[-—－]\s*\d{{1,2}}\s*)?表?"
    rf"|附\s*表\s*(?P<b>\d{{1,2}}{_NUM_END}|{_CN_NUM})(?:\s*[-—－]\s*\d{{1,2}}{_NUM_END})?"
    rf"|附\s*(?P<c>\d{{1,2}})\s*(?:[-—－]\s*\d{{1,2}}\s*)?表"
    # 附件1： before a title, or 附件一 after it on its line ("收入决算表　附件二")
    rf"|(?:^|(?<=[表）)]))附\s*件\s*(?P<e>\d{{1,2}}{_NUM_END}|{_CN_NUM})(?:\s*[-—－]\s*\d{{1,2}}{_NUM_END})?"
    rf"|^表\s*(?P<d>\d{{1,2}}|{_CN_NUM})(?:\s*[-—－]\s*\d{{1,2}})?(?=20\d\d年|[^\d年]|$))"  # 表5 / 表一： before a title
)


def label_number(label: str | None) -> int | None:
    """The number printed in a label ('公开表五' → 5, '附表2-1' → 2)."""
    if not label:
        return None
    m = LABEL.search(norm(label))
    if not m:
        return None
    return cn_number(m.group("a") or m.group("b") or m.group("c") or m.group("d") or m.group("e") or "")


# --------------------------------------------------------------------------- columns


def name_role(leaf: str) -> str | None:
    """The role a column's printed name alone decides: "code", "line", or None."""
    if any(k in leaf for k in CODE_WORDS) or leaf in SPLIT_CODE:
        return "code"
    if any(k in leaf for k in LINE_WORDS) or leaf in LINE_NAMES:
        return "line"
    return None


def is_text_column_name(name: str) -> bool:
    """A column shown as printed (codes, 行次, 序号), not formatted as an amount."""
    return any(k in name for k in CODE_WORDS + LINE_WORDS + ("序号",))


def is_code_or_line_name(name: str) -> bool:
    return any(k in name for k in CODE_WORDS + LINE_WORDS) or name in SPLIT_CODE


_DEC = re.compile(r"^[+-]?[\d,]*\d\.\d+%?$")
_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")


def column_role(name: str, values: Iterable[str], parse=None) -> str:
    """What a column holds, from its printed name first and its values second:
    "code", "line" (行次), "label", "text", "amount" or "empty"."""
    if parse is None:
        from auditdesk.parsing.numbers import parse_number as parse
    leaf = name.split("/")[-1]
    by_name = name_role(leaf)
    if by_name:
        return by_name
    vals = list(values)
    if not vals:
        return "empty"
    nums = [v for v in vals if parse(v) is not None]
    if len(nums) * 2 <= len(vals):
        return "label" if any(k in leaf for k in LABEL_WORDS) else "text"
    # (whole 元 under an amount's name are amounts, unless they nest as codes do: 206 ⊂ 20605)
    amount_name = leaf.endswith(AMOUNT_NAME_ENDS) and not any(k in leaf for k in ("科目", "名称")) \
        and not _nested_codes(nums)
    if nums and all(_CODE.match(v) for v in nums) and len(nums) == len(vals) and not any(_DEC.match(v) for v in vals) \
            and not amount_name:
        return "code"
    if _line_numbers(nums) and not amount_name:
        return "line"
    return "amount"


def _nested_codes(vals: list[str]) -> bool:
    """Distinct codes of which one begins another (206, 20605, 2060501): a 科目代码 column."""
    return len(set(vals)) == len(vals) and any(a != b and b.startswith(a) for a in vals for b in vals)


def _line_numbers(vals: list[str]) -> bool:
    """1, 2, 3 … printed down the rows (行次), with gaps allowed: integers, mostly +1 steps."""
    if len(vals) < 3 or any(not v.isdigit() for v in vals):
        return False
    ints = [int(v) for v in vals]
    steps = sum(1 for a, b in zip(ints, ints[1:]) if b == a + 1)
    return steps >= 0.7 * (len(ints) - 1) and max(ints) < 200


def code_level(code: str | None, economic: bool = False) -> int | None:
    """类 1 / 款 2 / 项 3 of a 功能分类 code (3/5/7 digits); 类 1 / 款 2 of an 经济分类 code."""
    if not code or not code.isdigit():
        return None
    n = len(code)
    if economic:
        return 1 if n == 3 else 2 if n >= 4 else None
    return 1 if n == 3 else 2 if n in (4, 5) else 3 if n >= 6 else None


def is_empty_note(note: str | None) -> bool:
    """Does a table's note say it has no data (本表无数据, 无政府性基金预算财政拨款支出 …)?"""
    return bool(note) and any(k in note for k in EMPTY_NOTE_WORDS)
