"""绩效自评 forms as a model: `PerformanceForm` read from a form `Table`'s grid by its printed
labels, and `PerformanceSummary` (项目单位自评汇总表, one row per project).

A form is stored and shown as a `Table` (kind "form": every printed row, columns 列1…列N,
cells with page + bbox), so the window, the JSON and the workbook treat it like any grid.
This module reads the figures an auditor checks out of that grid — never by position on
the page, always by the labels printed beside them (项目名称, 预算数（A）, 执行数（B）, 执行率,
分值, 得分, 一级指标 …, 总分) — and every value keeps its row/column, so a finding points
at the form cell.  Pure Python, no Qt.
"""
from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from decimal import Decimal
from typing import TYPE_CHECKING, Iterable

from auditdesk.parsing import table_types
from auditdesk.parsing.model import Cell, Row, Table
from auditdesk.parsing.numbers import parse_number

if TYPE_CHECKING:
    import pandas as pd

BBox = tuple[float, float, float, float]

_WS = re.compile(r"\s+")
PROJECT = "project"  # 项目支出绩效自评表
DEPARTMENT = "department"  # 部门（单位）整体支出绩效自评表
SUMMARY = "summary"  # 项目单位自评汇总表: one row per project
TARGET = "target"  # 项目支出绩效目标表 (预算: targets, no results)
DEPT_TARGET = "dept_target"  # 部门整体支出绩效目标表
TARGETS = (TARGET, DEPT_TARGET)


@lru_cache(maxsize=65536)
def _norm(text: str) -> str:
    s = unicodedata.normalize("NFKC", text)
    return _WS.sub("", s.replace("“", "").replace("”", ""))


def norm(text: str | None) -> str:
    return _norm(text) if text else ""


_KIND_OF_ROLE = {"perf": PROJECT, "perf_dept": DEPARTMENT, "perf_summary": SUMMARY,
                 "perf_target": TARGET, "perf_dept_target": DEPT_TARGET}


def form_kind(title: str, kind: str | None = None) -> str | None:
    """Which 绩效 form a printed title names (None: not a 绩效自评 form) — from the table-type
    registry, the one place titles are classified."""
    return _KIND_OF_ROLE.get(table_types.classify(title, kind) or "")


def is_form_title(title: str | None) -> bool:
    """Read with the form reader (every row kept): project and 整体 self-evaluation forms and
    the 预算's 绩效目标 forms.  The 汇总表 has a column header and one row per project: it is
    read as a table."""
    return form_kind(title or "") in (PROJECT, DEPARTMENT, TARGET, DEPT_TARGET)


# ------------------------------------------------------------------ values

_SCORE_TEXT = re.compile(r"^\s*([+-]?\d[\d,]*(?:\.\d+)?)\s*分?\s*$")
_PLAIN = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?%?$")
_BLANK = {"", "-", "—", "－", "--", "——", "/", "—-"}


@lru_cache(maxsize=65536)
def figure(text: str) -> Decimal | None:
    """A printed figure of a form: 12.30, 96.53%, 0.8626, 94.6分 (not ≥95%, 99%以上, 4期)."""
    s = norm(text)
    if not s:
        return None
    if _PLAIN.match(s):
        return parse_number(s)
    m = _SCORE_TEXT.match(s)
    return Decimal(m.group(1).replace(",", "")) if m else None


@dataclass(frozen=True, slots=True)
class FormValue:
    """One printed value of a form, where it is (row/col index into the table, page, bbox)."""

    text: str
    value: Decimal | None
    row: int
    col: int
    page: int
    bbox: BBox | None

    @property
    def percent(self) -> bool:
        return norm(self.text).endswith("%")


def _value(t: Table, r: int, c: int) -> FormValue:
    cell = t.rows[r].cells[c]
    return FormValue(cell.text, figure(cell.text), r, c, cell.page or t.rows[r].page, cell.bbox)


@dataclass(slots=True)
class BudgetRow:
    label: str
    row: int
    values: dict[str, FormValue] = field(default_factory=dict)  # role → value
    ordered: bool = False  # values mapped by order, not by the column under the label


@dataclass(slots=True)
class ScoreRow:
    """A row that carries 分值 and/or 得分: an indicator (一级/二级/三级指标 …) or a 资金管理 line."""

    row: int
    block: str  # "indicator" | "management"
    level1: str = ""
    level2: str = ""
    level3: str = ""
    target: str = ""  # 年度指标值 / 年初目标值 as printed (≥95%, 99%以上 …)
    actual: str = ""  # 实际完成值
    points: FormValue | None = None  # 分值
    score: FormValue | None = None  # 得分
    deviation: str = ""  # 偏差原因 / 偏差度
    group_points: Decimal | None = None  # "成本指标（20分）": the 一级指标's points


# budget-block column roles, in the order their words are tried on a header cell
BUDGET_ROLES = (
    ("score", ("得分",)),  # before 执行率: "得分（20分*执行率）"
    ("rate", ("执行率",)),
    ("points", ("分值",)),
    ("sys_exec", ("系统查询",)),
    ("balance", ("结余", "结转", "余额")),
    ("exec", ("执行数", "决算数", "实际支出")),
    ("initial", ("年初预算",)),
    ("budget", ("全年预算数", "调整后预算数", "预算数")),
)
ROLE_ZH = {
    "initial_declared": "年初预算数（目标申报数）", "initial": "年初预算数", "budget": "全年预算数", "exec": "全年执行数",
    "balance": "结转结余", "points": "分值", "rate": "执行率", "score": "得分", "sys_exec": "系统查询执行数",
}

HEADER_KEYS = (
    ("项目名称", "项目名称"), ("部门(单位)名称", "单位名称"), ("部门名称", "单位名称"), ("单位名称", "单位名称"),
    ("主管部门", "主管部门"), ("项目实施单位", "实施单位"), ("实施单位", "实施单位"), ("预算单位", "实施单位"),
    ("项目类别", "项目类别"), ("项目属性", "项目属性"), ("项目类型", "项目类型"),
    ("基本支出总额", "基本支出总额"), ("项目支出总额", "项目支出总额"),
)
_GOAL_KEYS = ("年度目标", "年度总体目标", "项目年度绩效目标", "年度履职目标", "年度绩效目标")
_GRADES = ("优秀", "良好", "合格", "不合格", "优", "良", "中", "差")
_CHECKED = "☑√✓✔■▣"
_UNCHECKED = "☐□"
_OPTION = re.compile(r"(\d+)\s*[、.．]\s*([^\d☑☐□√✓✔■▣]+?)\s*([☑☐□√✓✔■▣])")


@dataclass(slots=True)
class PerformanceForm:
    table: Table
    kind: str  # PROJECT | DEPARTMENT | TARGET | DEPT_TARGET
    name: str = ""  # 项目名称 (or 单位名称 for a 整体 form)
    fields: dict[str, FormValue] = field(default_factory=dict)  # 项目名称, 主管部门, 实施单位 …
    options: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)  # 项目类别: [(部门预算项目, True) …]
    goal: str = ""
    unit: str = "万元"
    budget_header: int | None = None
    budget_labels: dict[str, str] = field(default_factory=dict)  # role → printed header label
    budget_rows: list[BudgetRow] = field(default_factory=list)
    budget_points: Decimal | None = None  # 预算执行 分值
    points_source: str = ""  # "column" | "header" (（20分）) | "inferred" (100 − Σ 其他分值)
    scores: list[ScoreRow] = field(default_factory=list)
    total: FormValue | None = None  # 总分
    total_points: FormValue | None = None  # 总分 row's 分值 (100)
    grade: FormValue | None = None  # 等级 as printed (优/良/中/差)

    @property
    def title(self) -> str:
        return self.table.title

    @property
    def budget(self) -> BudgetRow | None:
        """The 年度资金总额 row (or the only / first figure row) of the 预算执行 block."""
        if not self.budget_rows:
            return None
        for b in self.budget_rows:
            if any(k in b.label for k in ("总额", "合计", "总计")):
                return b
        return self.budget_rows[0]

    def get(self, role: str) -> FormValue | None:
        b = self.budget
        return b.values.get(role) if b else None

    @property
    def indicators(self) -> list[ScoreRow]:
        return [s for s in self.scores if s.block == "indicator"]

    def to_frame(self) -> "pd.DataFrame":
        """One row per printed value: 部分, 项目/指标, 栏目, 文本, 数值, 页 (amounts as numbers)."""
        import pandas as pd

        recs = []

        def add(part, label, col, fv: FormValue | None, text: str | None = None):
            recs.append({
                "部分": part, "项目": label, "栏目": col, "文本": fv.text if fv else (text or ""),
                "数值": float(fv.value) if fv is not None and fv.value is not None else None,
                "页": fv.page if fv else self.table.pages[0] if self.table.pages else None,
            })

        for k, fv in self.fields.items():
            add("基本信息", k, "", fv)
        if self.goal:
            add("基本信息", "年度目标", "", None, self.goal)
        for b in self.budget_rows:
            for role, fv in b.values.items():
                add("预算执行", b.label, ROLE_ZH.get(role, role), fv)
        for s in self.scores:
            label = "/".join(x for x in (s.level1, s.level2, s.level3) if x)
            part = "绩效指标" if s.block == "indicator" else "资金管理"
            if s.target:
                add(part, label, "年度指标值", None, s.target)
            if s.actual:
                add(part, label, "实际完成值", None, s.actual)
            add(part, label, "分值", s.points)
            add(part, label, "得分", s.score)
        add("总分", "总分", "得分", self.total)
        if self.grade:
            add("总分", "等级", "", self.grade)
        frame = pd.DataFrame(recs, columns=["部分", "项目", "栏目", "文本", "数值", "页"])
        frame.attrs.update(title=self.title, name=self.name, unit=self.unit, table=self.table.id)
        return frame


# ------------------------------------------------------------------ reading


def _texts(row: Row) -> list[str]:
    return [norm(c.text) for c in row.cells]


def _first(texts: list[str]) -> tuple[int, str]:
    for j, t in enumerate(texts):
        if t:
            return j, t
    return -1, ""


def _is_total_row(texts: list[str]) -> bool:
    _, first = _first(texts)
    return first in ("总分", "总计", "合计", "自评总分", "综合得分") or first.startswith("总分")


_FORMS: "OrderedDict[tuple, PerformanceForm]" = OrderedDict()


def read_form(table: Table) -> PerformanceForm:
    """The form model of a form Table. Cached on the table's content: a re-check after one
    edit re-reads only the edited form (the others are the same texts on the same pages)."""
    key = (table.id, table.title, table.type, table.ruled, table.unit,
           tuple((r.page, tuple(c.text for c in r.cells)) for r in table.rows))
    hit = _FORMS.get(key)
    if hit is not None:
        _FORMS.move_to_end(key)
        if hit.table is not table:
            hit = replace(hit, table=table)
        return hit
    f = _read_form(table)
    _FORMS[key] = f
    if len(_FORMS) > 512:
        _FORMS.popitem(last=False)
    return f


def _read_form(table: Table) -> PerformanceForm:
    kind = _KIND_OF_ROLE.get(table.type or "") or form_kind(table.title, "form") or PROJECT
    if kind == SUMMARY:
        kind = PROJECT
    f = PerformanceForm(table, kind)
    rows = table.rows
    texts = [_texts(r) for r in rows]
    unit_m = re.search(r"[(（](万元|元)[)）]|单位[:：](万元|元)", "".join("".join(t) for t in texts[:12]) + (table.unit or ""))
    if table.unit in ("元", "万元"):
        f.unit = table.unit
    elif unit_m:
        f.unit = unit_m.group(1) or unit_m.group(2)
    _read_header(f, texts)
    if kind in TARGETS:
        _read_funds(f, texts)
    r = 0
    n = len(rows)
    while r < n:
        tx = texts[r]
        if f.budget_header is None and _is_budget_header(tx):
            r = _read_budget(f, texts, r)
            continue
        if _is_total_row(tx):
            _read_total(f, r, tx)
            r += 1
            continue
        if _is_score_header(tx):
            r = _read_scores(f, texts, r)
            continue
        r += 1
    if f.grade is None:
        for i, tx in enumerate(texts):
            j, first = _first(tx)
            if first in ("自评等级", "等级", "评价等级", "绩效等级"):
                for k in range(j + 1, len(tx)):
                    if tx[k]:
                        f.grade = _value(table, i, k)
                        break
    _infer_points(f)
    return f


def _read_header(f: PerformanceForm, texts: list[list[str]]) -> None:
    t = f.table
    for i, tx in enumerate(texts):
        if _is_budget_header(tx) or _is_score_header(tx):
            break
        j = 0
        while j < len(tx):
            key = next((name for k, name in HEADER_KEYS if tx[j].startswith(k) and len(tx[j]) <= len(k) + 6), None)
            if key is None and tx[j] and j + 1 < len(tx) and tx[j + 1]:
                # a label wrapped in its cell and read without rules as two cells ("部门(单位)" | "名称")
                two = tx[j] + tx[j + 1]
                key = next((name for k, name in HEADER_KEYS if two == k), None)
                if key is not None:
                    j += 1
            if key is None:
                if tx[j] in _GOAL_KEYS and not f.goal:
                    nxt = next((x for x in tx[j + 1:] if x and x not in ("年度目标", "实际完成情况", "预期目标")), "")
                    f.goal = nxt
                j += 1
                continue
            k = next((k for k in range(j + 1, len(tx)) if tx[k]), None)
            if k is not None and not any(tx[k].startswith(h) for h, _ in HEADER_KEYS):
                if key not in f.fields:
                    f.fields[key] = _value(t, i, k)
                opts = _OPTION.findall(t.rows[i].cells[k].text)
                if opts:
                    f.options[key] = [(name.strip(), box in _CHECKED) for _n, name, box in opts]
                j = k + 1
            else:
                j += 1
    name = f.fields.get("项目名称") or f.fields.get("单位名称")
    f.name = norm(name.text) if name else ""
    if not f.goal:
        # the 年度目标 row pair: a row naming 年度目标 / 预期目标, the text in the row under it
        for i, tx in enumerate(texts[:-1]):
            if any(x in _GOAL_KEYS or x == "预期目标" for x in tx):
                nxt = [x for x in texts[i + 1] if x and x not in _GOAL_KEYS]
                if nxt:
                    f.goal = nxt[0]
                break


def _is_budget_header(tx: list[str]) -> bool:
    has_exec = [j for j, x in enumerate(tx) if "执行数" in x and "系统查询" not in x]
    has_budget = [j for j, x in enumerate(tx) if "预算数" in x and "执行" not in x]
    return bool(has_exec and has_budget and set(has_exec) != set(has_budget))


def _is_score_header(tx: list[str]) -> bool:
    joined = "".join(tx)
    return ("一级指标" in joined and ("三级指标" in joined or "二级指标" in joined)) or (
        any(x == "分值" for x in tx) and any(x.startswith("得分") and len(x) <= 4 for x in tx)
    )


_POINTS = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分")
_BARE_POINTS = re.compile(r"^[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]$")


def _budget_role(text: str) -> str | None:
    if re.search(r"结.{0,4}余", text) and "执行" not in text:
        return "balance"  # 资金结(转)余, 结转(剩)余
    for role, words in BUDGET_ROLES:
        if any(w in text for w in words):
            if role == "score" and "得分率" in text:
                return None
            return role
    return None


def _read_budget(f: PerformanceForm, texts: list[list[str]], r: int) -> int:
    t = f.table
    tx = texts[r]
    f.budget_header = r
    slots: list[tuple[int, str]] = []  # (column, role) in printed order
    for j, x in enumerate(tx):
        if not x:
            continue
        role = _budget_role(x)
        m = _POINTS.search(x)
        if m and f.budget_points is None and ("得分" in x or "预算执行" in x or "执行率" in x):
            f.budget_points = Decimal(m.group(1))
            f.points_source = "header"
        if role is None:
            continue
        if slots and slots[-1][1] == role and role != "initial":
            continue  # a label printed twice over one figure (合并单元格的残留)
        slots.append((j, role))
        f.budget_labels.setdefault(role, t.rows[r].cells[j].text)
    if f.budget_points is None:
        m = _POINTS.search("".join(tx))  # "得分（20" | "分*执行率）" split over cells
        if m:
            f.budget_points = Decimal(m.group(1))
            f.points_source = "header"
    # the labels in reading order, from the row's text: robust to a label split over cells
    # (a form read without rules) — the figures below follow the same order
    text_roles = [_budget_role(m.group(0)) for m in _ROLE_WORDS.finditer(_PARENS.sub("", "".join(tx)))]
    text_roles = [x for k, x in enumerate(text_roles) if x and (k == 0 or x != text_roles[k - 1] or x == "initial")]
    # 年初预算数 over 目标申报数 | 预算编制数
    start = r + 1
    if start < len(texts) and any(("申报" in x or "编制" in x) for x in texts[start]):
        subs = [(j, x) for j, x in enumerate(texts[start]) if "申报" in x or "编制" in x]
        out = []
        for j, role in slots:
            if role == "initial" and len(subs) >= 2:
                out.append((subs[0][0], "initial_declared"))
                out.append((subs[1][0], "initial"))
            else:
                out.append((j, role))
        slots = out
        if len(subs) >= 2 and "initial" in text_roles:
            k = text_roles.index("initial")
            text_roles[k:k + 1] = ["initial_declared", "initial"]
        start += 1
    # where each label is printed (row, column): the 年初预算数 sub-labels on the row below
    label_at: dict[str, tuple[int, int]] = {}
    for j, role in slots:  # the first label of a role ("得分（20分*执行率）" cut in two names 执行率 again)
        label_at.setdefault(role, (r + 1 if role in ("initial_declared", "initial") and start > r + 1 else r, j))
    r2 = start
    found: list = []
    while r2 < len(texts):
        row = texts[r2]
        joined = "".join(row)
        if _is_score_header(row) or _is_total_row(row) or any(k in joined for k in (
                "绩效指标", "年度目标", "绩效目标", "资金管理", "年度主要任务", "履职目标", "情况说明")):
            break
        toks = [(j, x) for j, x in enumerate(row) if x and (figure(x) is not None or x in _BLANK)]
        nums = [(j, x) for j, x in toks if figure(x) is not None]
        if len(nums) < 2:
            if any(x and figure(x) is None and x not in _BLANK for x in row) and r2 > start + 6:
                break
            r2 += 1
            continue
        label = "".join(x for x in row if x and figure(x) is None and x not in _BLANK)
        label = re.sub(r"[:：]$", "", label)
        found.append((BudgetRow(label, r2), row, toks, nums, _budget_readings(row, toks, nums, slots, text_roles)))
        r2 += 1
    # one reading for the whole block (its rows are printed alike): the one whose figures
    # agree best over all rows — a row whose own figures cannot tell (zeros, dashes) reads
    # like the others
    totals: dict[int, int] = {}
    for *_x, cands in found:
        for i, c in enumerate(cands):
            if c is not None:
                totals[i] = totals.get(i, 0) + c[2]
    block = max(totals, key=lambda i: (totals[i], -i)) if totals else 0
    for b, row, toks, nums, cands in found:
        own = max((i for i, c in enumerate(cands) if c is not None), key=lambda i: (cands[i][2], -i))
        m, ordered, _sc = cands[block] if cands[block] is not None else cands[own]
        pos = dict(slots)
        b.values = {role: _value(t, b.row, j) for role, j in m.items() if figure(row[j]) is not None}
        b.ordered = ordered and any(pos.get(j) != role for role, j in m.items())
        if len(toks) > len(slots) or (len(toks) != len(slots) and not all(j in pos for j, _ in nums)):
            b.ordered = True  # more figures than labels: which figure is which is a guess
        if not t.ruled:
            # without rules a label and its figures may sit in neighbouring columns (a label at
            # the left of its cell, figures at the right): what counts is the page
            b.ordered = not _under_labels(t, label_at, b.row, m)
        f.budget_rows.append(b)
    pts = f.get("points")
    if pts is not None and pts.value is not None:
        f.budget_points = pts.value
        f.points_source = "column"
    return r2


def _under_labels(t: Table, label_at: dict[str, tuple[int, int]], r: int, m: dict[str, int]) -> bool:
    """Every figure of the reading lies under its own label on the page: its centre between
    the label's left edge and the next label's (labels of one header row)."""
    lefts = []
    for role, (lr, lc) in label_at.items():
        bb = t.rows[lr].cells[lc].bbox
        if bb is None:
            return False
        lefts.append((lr, bb[0], role))
    for role, j in m.items():
        cell = t.rows[r].cells[j]
        if figure(cell.text) is None:
            continue
        if role not in label_at or cell.bbox is None:
            return False
        lr, x0, _ = next(x for x in lefts if x[2] == role)
        nxt = min((x for rr, x, _ in lefts if rr == lr and x > x0 + 1), default=float("inf"))
        xc = (cell.bbox[0] + cell.bbox[2]) / 2
        if not x0 - 2 <= xc < nxt:
            return False
    return True


_PARENS = re.compile(r"[（(][^（()）]*[)）]")
_ROLE_WORDS = re.compile(r"年初预算数|全年预算数|调整后预算数|预算数|系统查询全年执行数|全年执行数|执行数|结.{0,4}余|分值|执行率|得分")


def _budget_readings(row: list[str], toks, nums, slots, text_roles=()) -> list[tuple[dict[str, int], bool, int] | None]:
    """Figures → roles: (role → column, by order?, how well the figures agree). Printed
    forms are often one cell off their labels (a merged label cell lost, a column without a
    header word), so readings are tried — under the label, in order from the left, in order
    from the right, in the labels' text order — and scored by how well their figures agree
    with each other (执行率 = 执行数 ÷ 预算数, 结余 = 预算 − 执行); the block keeps the best
    (a tie keeps the reading under the labels)."""
    pos = dict(slots)
    # always four entries, so a reading has the same index on every row (None: not tried)
    cands: list[tuple[dict[str, int], bool] | None] = [
        ({pos[j]: j for j, _ in nums if j in pos}, False),
        ({role: j for (j, _), (_, role) in zip(toks, slots)}, True),
        ({role: j for (j, _), (_, role) in zip(reversed(toks), reversed(slots))}, True) if len(toks) != len(slots) else None,
        ({role: j for (j, _), role in zip(toks, text_roles)}, True)
        if text_roles and list(text_roles) != [role for _, role in slots] else None,
    ]

    def val(m: dict[str, int], role: str) -> Decimal | None:
        j = m.get(role)
        return figure(row[j]) if j is not None else None

    def score(m: dict[str, int]) -> int:
        bu, ex, ra, bal = val(m, "budget"), val(m, "exec"), val(m, "rate"), val(m, "balance")
        pts, sc = val(m, "points"), val(m, "score")
        k = sum(1 for role in m if val(m, role) is not None)
        if bu is not None and ex is not None:
            if ra is not None and bu:
                exact = ex * 100 / bu
                if abs(ra - exact) <= Decimal("0.1") or abs(ra * 100 - exact) <= Decimal("0.1"):
                    k += 10
            if bal is not None and abs(bu - ex - bal) <= Decimal("0.011"):
                k += 5
            if bu == 0 and ex:
                k -= 5
        if pts is not None and sc is not None and sc <= pts:
            k += 1
        if pts is not None and pts <= 50:
            k += 2  # 分值 of the 预算执行 part is 10 or 20, never an amount
        return k

    return [(c[0], c[1], score(c[0])) if c is not None else None for c in cands]


def _read_scores(f: PerformanceForm, texts: list[list[str]], r: int) -> int:
    t = f.table
    head = texts[r]
    block = "indicator" if "一级指标" in "".join(head) else "management"
    cols: dict[str, int] = {}
    for j, x in enumerate(head):
        if not x:
            continue
        for key, words in (("level1", ("一级指标",)), ("level2", ("二级指标",)), ("level3", ("三级指标",)),
                           ("actual", ("实际完成",)), ("target", ("指标值", "目标值")), ("points", ("分值",)),
                           ("score", ("得分",)), ("deviation", ("偏差",))):
            if any(w in x for w in words) and key not in cols:
                if key == "score" and "得分率" in x:
                    continue
                cols[key] = j
                break
    group_pts: Decimal | None = None
    level1 = ""
    r2 = r + 1
    while r2 < len(texts):
        tx = texts[r2]
        if _is_total_row(tx) or _is_budget_header(tx):
            break
        if _is_score_header(tx):
            break
        joined = "".join(tx)
        if any(k in joined for k in ("项目绩效分析", "偏差大或", "改进措施及", "存在的主要问题", "下一步改进")) and not any(
                figure(x) is not None for x in tx):
            break
        if any(k in "".join(tx[:2]) for k in ("年度绩效目标", "年度总体目标", "年度主要任务", "年度履职目标")) and \
                not any(figure(x) is not None for x in tx):
            r2 += 1
            continue
        s = ScoreRow(r2, block)

        def cell(key: str) -> str:
            j = cols.get(key)
            return tx[j] if j is not None and j < len(tx) else ""

        s.level1, s.level2, s.level3 = cell("level1"), cell("level2"), cell("level3")
        s.target, s.actual, s.deviation = cell("target"), cell("actual"), cell("deviation")
        j1 = cols.get("level1")
        if s.level1 and j1 is not None and j1 + 1 < len(tx) and _BARE_POINTS.match(tx[j1 + 1]):
            s.level1 += tx[j1 + 1]  # "成本指标" | "（20分）": its points in the next cell (read without rules)
        m = _POINTS.search(s.level1)
        if m:
            group_pts = Decimal(m.group(1))
            level1 = s.level1
        elif s.level1:
            group_pts, level1 = None, s.level1
        s.group_points = group_pts
        s.level1 = s.level1 or level1
        # 分值 / 得分: under their header words when those cells hold plain figures, else the
        # last two plain figures of the row (a row printed one cell off its header)
        pj, sj = cols.get("points"), cols.get("score")
        pv = _plain(t, r2, pj)
        sv = _plain(t, r2, sj)
        if (pj is not None and (pv is None or sv is None)) or (pj is None and sv is None):
            tail = _tail_figures(t, r2, tx, sj)
            if pj is not None and len(tail) >= 2:
                pv, sv = tail[-2], tail[-1]
            elif pj is None and tail and sj is not None and (
                    abs(tail[-1].col - sj) <= 1 or tail[-1].col == max(j for j, x in enumerate(tx) if x)):
                sv = tail[-1]  # under 得分, or the row's last cell (得分 is the form's last column)
        s.points, s.score = pv, sv
        if s.points is not None or s.score is not None or (f.kind in TARGETS and (s.level3 or s.target)):
            f.scores.append(s)  # a target form's indicators carry no 分值/得分: kept for their 指标值
        r2 += 1
    return r2


def _tail_figures(t: Table, r: int, tx: list[str], sj: int | None) -> list[FormValue]:
    """The plain figures that end a row, before its trailing 偏差 text / 偏差度 %: the
    (分值, 得分) of a row printed one cell off its header."""
    seq = [j for j, x in enumerate(tx) if x]
    while seq and _plain(t, r, seq[-1]) is None:
        seq.pop()  # 偏差原因 text, 0.00% 偏差度
    out: list[FormValue] = []
    for j in reversed(seq):
        fv = _plain(t, r, j)
        if fv is None or len(out) == 2:
            break
        out.append(fv)
    out.reverse()
    return out


def _plain(t: Table, r: int, j: int | None) -> FormValue | None:
    if j is None or j >= len(t.rows[r].cells):
        return None
    x = norm(t.rows[r].cells[j].text)
    if not x or x.endswith("%") or figure(x) is None:
        return None
    return _value(t, r, j)


def _read_total(f: PerformanceForm, r: int, tx: list[str]) -> None:
    if f.total is not None:
        return
    t = f.table
    nums = [j for j, x in enumerate(tx) if x and figure(x) is not None and not x.endswith("%")]
    if nums:
        f.total = _value(t, r, nums[-1])
        if len(nums) >= 2:
            f.total_points = _value(t, r, nums[-2])
    for j, x in enumerate(tx):
        if x in _GRADES:
            f.grade = _value(t, r, j)


def _infer_points(f: PerformanceForm) -> None:
    """No 分值 printed for 预算执行 (the 山西 layout): 100 − Σ the other 分值, stated as inferred."""
    if f.budget_points is not None or f.budget is None or not (f.get("score") or f.get("rate")):
        return
    pts = [s.points.value for s in f.scores if s.points is not None and s.points.value is not None]
    if not pts:
        return
    rest = Decimal(100) - sum(pts, Decimal(0))
    if 0 < rest <= 20:  # 预算执行 is worth 10 or 20 points in every layout seen
        f.budget_points = rest
        f.points_source = "inferred"


# ------------------------------------------------------------------ 绩效目标表: 项目资金

# the fund lines of a target form, total first: "年度资金总额" / "其中：财政拨款" / "其他资金"
_FUND = re.compile(r"^(?:其中[:：]?)?((?:年度)?(?:资金总额|预算总额|资金合计|预算资金总额)|(?:当年)?财政拨款(?:资金)?|"
                   r"上年结转(?:资金)?|其他资金|部门自有资金|自有资金)(?:[(（](?:万元|元)[)）])?[:：]?$")
_FUND_INLINE = re.compile(_FUND.pattern.replace("[:：]?$", "[:：]?") + r"([+-]?\d[\d,]*(?:\.\d+)?(?:万元|元)?)$")
_AMOUNT_UNIT = re.compile(r"^(.*\d)\s*(?:万元|元)$")


def _fund_figure(text: str) -> Decimal | None:
    """A 项目资金 figure: 300.00, or 300.00万元 as some forms print it (not a %)."""
    if not text or text.endswith("%"):
        return None
    m = _AMOUNT_UNIT.match(text)
    return figure(m.group(1) if m else text)


def _fund_value(t: Table, r: int, c: int) -> FormValue:
    fv = _value(t, r, c)
    return fv if fv.value is not None else replace(fv, value=_fund_figure(norm(fv.text)))


def _fund_label(text: str) -> str | None:
    m = _FUND.match(text)
    return m.group(1) if m else None


def _x0(t: Table, r: int, c: int) -> float | None:
    bb = t.rows[r].cells[c].bbox
    return bb[0] if bb else None


def _xc(t: Table, r: int, c: int) -> float | None:
    bb = t.rows[r].cells[c].bbox
    return (bb[0] + bb[2]) / 2 if bb else None


def _read_funds(f: PerformanceForm, texts: list[list[str]]) -> None:
    """The 项目资金 block of a 绩效目标表 as budget rows (role "budget"), so E2 checks
    年度资金总额 = Σ its sources.  Printed down the form (label | figure on each line), in pairs
    along one line (label | figure | label | figure, or "年度资金总额：300" in one cell), or across
    it (a line of labels, the figures on the line below, each under its label)."""
    t = f.table
    for i, tx in enumerate(texts):
        if _is_score_header(tx):
            break  # the block comes before the indicators
        labels: list[tuple[int, str, Decimal | None]] = []
        for j, x in enumerate(tx):
            if not x:
                continue
            if lab := _fund_label(x):
                labels.append((j, lab, None))
            elif (m := _FUND_INLINE.match(x)) and (v := _fund_figure(m.group(2))) is not None:
                labels.append((j, m.group(1), v))
        if not labels:
            continue
        pairs: list[tuple[str, FormValue]] = []
        for n, (j, lab, v) in enumerate(labels):  # the figure right of its label, before the next label
            if v is not None:
                pairs.append((lab, replace(_value(t, i, j), value=v)))
                continue
            end = labels[n + 1][0] if n + 1 < len(labels) else len(tx)
            k = next((k for k in range(j + 1, end) if tx[k]), None)
            if k is not None and _fund_figure(tx[k]) is not None:
                pairs.append((lab, _fund_value(t, i, k)))
        if pairs or len(labels) == 1 or i + 1 >= len(texts):
            f.budget_rows.extend(BudgetRow(lab, i, {"budget": fv}) for lab, fv in pairs)
            continue
        below = texts[i + 1]
        figs = [k for k, x in enumerate(below) if _fund_figure(x) is not None]
        for n, (j, lab, _v) in enumerate(labels):  # across: the figure under the label
            k = next((k for k in figs if k == j), None)
            if k is None:
                # read without rules a label (left or centred) and its figure (right-aligned)
                # fall in different grid columns: the figure whose centre lies between this
                # label's left edge and the next label's is under it
                x0 = _x0(t, i, j)
                x1 = _x0(t, i, labels[n + 1][0]) if n + 1 < len(labels) else float("inf")
                k = next((k for k in figs if x0 is not None and x1 is not None
                          and (xc := _xc(t, i + 1, k)) is not None and x0 <= xc < x1), None)
            if k is not None:
                f.budget_rows.append(BudgetRow(lab, i + 1, {"budget": _fund_value(t, i + 1, k)}))
    if f.budget_rows:
        f.budget_labels.setdefault("budget", "项目资金")


# ------------------------------------------------------------------ splitting


def split_forms(table: Table) -> list[Table]:
    """Several forms printed under one title (each opening with 项目名称) → one Table each."""
    starts = [i for i, row in enumerate(table.rows) if _first(_texts(row))[1].startswith("项目名称")]
    if len(starts) <= 1:
        return [table]
    starts[0] = 0
    out = []
    for k, a in enumerate(starts):
        b = starts[k + 1] if k + 1 < len(starts) else len(table.rows)
        rows = table.rows[a:b]
        pages = sorted({r.page for r in rows} | {c.page for r in rows for c in r.cells if c.page})
        out.append(replace(table, rows=rows, pages=pages or table.pages,
                           bbox={p: bb for p, bb in table.bbox.items() if p in pages},
                           column_x={p: x for p, x in table.column_x.items() if p in pages},
                           note=table.note if k == len(starts) - 1 else None))
    return out


# ------------------------------------------------------------------ 汇总表


@dataclass(slots=True)
class SummaryRow:
    row: int
    project: str
    values: dict[str, FormValue] = field(default_factory=dict)  # budget, exec, sys_exec, rate, score


@dataclass(slots=True)
class PerformanceSummary:
    table: Table
    rows: list[SummaryRow] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)

    def to_frame(self) -> "pd.DataFrame":
        import pandas as pd

        keys = ["budget", "exec", "sys_exec", "rate", "score"]
        data = [[r.project] + [float(r.values[k].value) if k in r.values and r.values[k].value is not None else None
                               for k in keys] for r in self.rows]
        return pd.DataFrame(data, columns=["项目名称"] + [ROLE_ZH.get(k, "自评得分") if k != "score" else "自评得分" for k in keys])


_SUMMARY_COLS = (
    ("project", ("项目名称",)), ("sys_exec", ("系统查询",)), ("rate", ("执行率",)), ("score", ("自评得分", "得分")),
    ("exec", ("全年执行数", "执行数")), ("budget", ("全年预算数", "预算数")),
)


def read_summary(table: Table) -> PerformanceSummary:
    s = PerformanceSummary(table)
    cols: dict[str, int] = {}
    for j, name in enumerate(table.columns):
        n = norm(name)
        for key, words in _SUMMARY_COLS:
            if key not in cols and any(w in n for w in words) and not (key == "score" and "得分率" in n):
                cols[key] = j
                s.labels[key] = name
                break
    if "project" not in cols:
        return s
    for i, row in enumerate(table.rows):
        name = norm(row.cells[cols["project"]].text) if cols["project"] < len(row.cells) else ""
        if not name:
            continue
        sr = SummaryRow(i, name)
        for key, j in cols.items():
            if key != "project" and j < len(row.cells):
                fv = _value(table, i, j)
                if fv.value is not None:
                    sr.values[key] = fv
        s.rows.append(sr)
    return s


# ------------------------------------------------------------------ document level


def forms_of(tables: Iterable[Table]) -> list[PerformanceForm]:
    return [read_form(t) for t in tables if t.kind == "form"]


def summaries_of(tables: Iterable[Table]) -> list[PerformanceSummary]:
    return [read_summary(t) for t in tables if t.kind != "form" and (t.type == "perf_summary" or form_kind(t.title) == SUMMARY)]


def cell_of(table: Table, fv: FormValue) -> Cell:
    return table.rows[fv.row].cells[fv.col]
