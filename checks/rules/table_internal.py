"""A rules: footing, cross-footing and 类/款/项 roll-ups inside one table."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from auditdesk.checks.config import CheckConfig
from auditdesk.checks.finding import WARNING, Finding
from auditdesk.checks.index import (T01, T02, T03, T04, T05, T06, T07, T08, T09, T12, DocIndex, Ref, Side,
                                    TableView, fmt, label_key, norm)
from auditdesk.checks.registry import NotApplicable, Skip, rule
from auditdesk.parsing import table_types


# -- helpers shared with other families -----------------------------------------------------

def need(ix: DocIndex, role: str, title: str) -> TableView:
    v = ix.get(role)
    if v is None:
        raise Skip(f"未找到{title}")
    return v


def side_ref(v: TableView, s: Side, name: str | None = None, *, exact: bool = False) -> Ref | None:
    if not s.cols:
        return None
    if name is None:
        c = next(iter(s.cols.values()))
    else:
        c = s.cols.get(norm(name))
        if c is None and not exact:
            for k, i in s.cols.items():
                if norm(name) in k:
                    c = i
                    break
        if c is None:
            return None
    return v.ref(s.row, c, s.label, s.label)


def value_name(v: TableView, s: Side, block: int) -> str | None:
    return next(iter(s.cols), None)


def _fund_cols(sides: list[Side]) -> list[str]:
    return list(sides[0].cols) if sides else []


# 本年收入合计 / 本年支出合计 lines of a 收支总表, as the registry lists them
INCOME_TOTAL, EXPENSE_TOTAL = table_types.get("01").totals.base


def _total_side(ix, sides, *labels):
    return ix.side_find(sides, *labels)


# -- 01 / 04 收支总表 -------------------------------------------------------------------------

@rule("A1", name="收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余", tables=(T01,))
def a1(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """收入支出决算总表左栏：收入总计等于本年收入合计、使用非财政拨款结余与年初结转和结余之和。

    依据: 部门决算报表编制说明（收入支出决算总表 行 总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余）。
    """
    v = need(ix, "01", T01)
    yield from _grand_total("A1", ix, v, 0, "收入总计或本年收入合计行未找到")


def _grand_total(rule_id: str, ix: DocIndex, v, side: int, missing: str) -> Iterator[Finding]:
    """One half of 收入支出决算总表: 总计 = 本年合计 + the lines between them (A1 left, A2 right).
    The total lines (and the variant 收入合计 = 当年收入小计 + 上年结转) are registry data."""
    totals = table_types.get(v.role or "01").totals
    half = ix.sides(v, side)
    total = ix.side_find(half, *totals.grand[side])
    base = ix.side_find(half, *totals.base[side])
    if total is None and base is not None:  # the grand total printed as 收入合计 below the base line
        total = ix.side_find(half, totals.alt_grand[side])
        total = total if total is not None and total.row > base.row else None
    if total is None or base is None:
        raise Skip(missing)
    parts = [base]
    for lab in totals.parts[side]:
        s = ix.side_find(half, lab, prefix=True)
        if s is not None and s.row < total.row:
            parts.append(s)
    yield ix.sum_finding(rule_id, side_ref(v, total), [side_ref(v, p) for p in parts],
                         title="收入支出决算总表", names=[p.label for p in parts])


@rule("A2", name="支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余", tables=(T01,))
def a2(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """收入支出决算总表右栏：支出总计等于本年支出合计、结余分配与年末结转和结余之和。

    依据: 部门决算报表编制说明（收入支出决算总表 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余）。
    """
    v = need(ix, "01", T01)
    if len(v.blocks) < 2:
        raise Skip("收入支出决算总表未识别出支出栏")
    yield from _grand_total("A2", ix, v, 1, "支出总计或本年支出合计行未找到")


@rule("A3", name="收入总计 = 支出总计", tables=(T01, T04))
def a3(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """收支总表的收入总计与支出总计相等。

    依据: 收支平衡关系（收入支出决算总表、财政拨款收入支出决算总表 左右两栏总计一致）。
    """
    found = False
    for role, title in (("01", T01), ("04", T04)):
        v = ix.get(role)
        if v is None or len(v.blocks) < 2:
            continue
        left, right = ix.sides(v, 0), ix.sides(v, 1)
        lt = ix.side_find(left, "总计", "收入总计")
        rt = ix.side_find(right, "总计", "支出总计")
        if lt is None and rt is None:  # tables whose grand totals read 收入合计 / 支出合计
            lt, rt = ix.side_find(left, "收入合计"), ix.side_find(right, "支出合计")
        if lt is None or rt is None:
            continue
        found = True
        a, b = side_ref(v, lt), side_ref(v, rt)
        if a is None or b is None:
            continue
        f = ix.equal_finding("A3", a, b, title=f"{title}：收入总计 ≠ 支出总计")
        if f:
            yield f
    if not found:
        raise Skip("未找到带收入/支出两栏总计的收支总表")


_AR_ENUM = re.compile(r"^\d+[、.．](?!\d)")


def _sub_items(ix, v: TableView, sides: list[Side], total: Side, rid: str, title: str) -> Iterator[Finding]:
    """"一、财政拨款收入" = Σ its "1.一般公共预算 / 2.政府性基金预算 / 3.国有资本经营预算" lines."""
    above = [s for s in sides if s.row < total.row and s.key]
    for k, s in enumerate(above):
        if not _CN_ENUM.match(norm(s.label)):
            continue
        subs = []
        for s2 in above[k + 1:]:
            if not _AR_ENUM.match(norm(s2.label)):
                break
            subs.append(s2)
        parent = side_ref(v, s)
        refs = [r for r in (side_ref(v, s2) for s2 in subs) if r is not None]
        if parent is None or not refs or all(r.value is None for r in refs):
            continue
        f = ix.sum_finding(rid, parent, refs, title=f"{title} {s.label} = Σ 其中各项",
                           names=[r.name for r in refs])
        if f:
            yield f


def _grand_total_only(ix, sides: list[Side], label: str) -> Side | None:
    """A 预算 收支总表 without 本年收入/支出合计 lines: its 总计 is the sum of the lines when no
    结转/结余 line sits between them."""
    total = ix.side_find(sides, label, "总计")
    if total is None:
        return None
    if any(("结转" in s.key or "结余" in s.key) for s in sides if s.row < total.row):
        return None
    return total


_CN_ENUM = re.compile(r"^[一二三四五六七八九十]+[、.．]")
# an item under a numbered line: 1. / 1、 / （一）
_SUB_ENUM = re.compile(r"^(?:\d+[、.．](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）])")


def head_items(sides: list[Side], total: Side) -> list[Side] | None:
    """A total printed on its group head at the top of its half ("一、本年收入" over "（一）一般公共
    预算拨款 …", the national 预算 template): its items are the enumerated lines below it, up to
    the next head. None when the total is not such a head (its items are the lines above it)."""
    if not _CN_ENUM.match(norm(total.label)) or any(s.row < total.row and s.key for s in sides):
        return None
    items = []
    for s in sides:
        if s.row <= total.row or not s.key:
            continue
        if not _SUB_ENUM.match(norm(s.label)):
            break
        items.append(s)
    return items or None


def _sum_above(ix, v: TableView, sides: list[Side], total: Side, col: str | None, stop_labels=()) -> list[Ref]:
    """The lines above a total that add up to it: when the top lines are numbered 一、二、…,
    their sub-items (1.一般公共预算, 2.政府性基金预算) and 小计 lines are not added again."""
    above = [s for s in sides if s.row < total.row and s.key and s.key not in stop_labels]
    if any(_CN_ENUM.match(norm(s.label)) for s in above):
        above = [s for s in above if _CN_ENUM.match(norm(s.label))]
    above = [s for s in above if not (s.key.endswith("小计") or s.key.endswith("合计"))]
    return _figures(v, above, col)


def _figures(v: TableView, sides: list[Side], col: str | None) -> list[Ref]:
    """The printed figures of these lines (in column `col`)."""
    return [r for r in (side_ref(v, s, col) for s in sides) if r is not None and r.value is not None]


@rule("A4", name="本年收入合计 = Σ 各项收入", tables=(T01, T04))
def a4(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """本年收入合计等于其上方各收入项目之和。

    依据: 收入支出决算总表、财政拨款收入支出决算总表 收入栏 本年收入合计 = Σ 收入项目。
    """
    found = False
    for role, title in (("01", T01), ("04", T04)):
        v = ix.get(role)
        if v is None:
            continue
        left = ix.sides(v, 0)
        total = ix.side_find(left, *INCOME_TOTAL) or _grand_total_only(ix, left, "收入总计")
        if total is None:
            continue
        found = True
        below = head_items(left, total)
        parts = _figures(v, below, None) if below is not None else _sum_above(ix, v, left, total, None)
        yield ix.sum_finding("A4", side_ref(v, total), parts, title=v.t.title or title,
                             names=[p.name for p in parts])
        yield from _sub_items(ix, v, left, total, "A4", v.t.title or title)
    if not found:
        raise Skip("未找到本年收入合计行")


@rule("A5", name="本年支出合计 = Σ 支出功能分类类级", tables=(T01, T04))
def a5(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """本年支出合计等于支出栏各类级科目之和（财政拨款总表逐列）。

    依据: 收入支出决算总表、财政拨款收入支出决算总表 支出栏 本年支出合计 = Σ 功能分类类级支出。
    """
    found = False
    for role, title in (("01", T01), ("04", T04)):
        v = ix.get(role)
        if v is None or len(v.blocks) < 2:
            continue
        right = ix.sides(v, 1)
        total = ix.side_find(right, *EXPENSE_TOTAL) or _grand_total_only(ix, right, "支出总计")
        if total is None:
            continue
        found = True
        below = head_items(right, total)
        for col in list(total.cols):
            parts = _figures(v, below, col) if below is not None else _sum_above(ix, v, right, total, col)
            name = v.t.title or title
            f = ix.sum_finding("A5", side_ref(v, total, col), parts,
                               title=f"{name}（{col}）" if len(total.cols) > 1 else name)
            if f:
                yield f
        if len(v.blocks) >= 3:
            # (named by its label: a 预算 document's messages then say 收支预算总表, not 决算)
            yield from _by_use(ix, v, table_types.label_of(role), total)
    if not found:
        raise Skip("未找到本年支出合计行")


def _by_use(ix: DocIndex, v: TableView, title: str, total: Side) -> Iterator[Finding]:
    """The third block of a 收支总表 printed 收入 | 支出功能分类 | 支出用途 (基本支出, 项目支出,
    预留机动经费 …): its lines add up to the same 当年支出小计, printed once across both 支出 blocks."""
    third = ix.sides(v, 2)
    amount = {c for s in third for c in s.cols.values()}
    if len(amount) != 1:
        return
    own = ix.side_find(third, *EXPENSE_TOTAL)
    if own is not None and own.cols:
        use_total = own  # the block prints its own 当年支出小计
    elif set(total.cols.values()) == amount:
        name, c = next(((k, i) for s in third for k, i in s.cols.items()))
        use_total = Side(total.row, total.label, total.key, total.label_col, {name: c})
    else:
        return  # no total line stands in the third block's column
    name = next(iter(use_total.cols))
    parts = _sum_above(ix, v, third, use_total, name)
    if parts:
        f = ix.sum_finding("A5", side_ref(v, use_total, name), parts, title=f"{title}（支出用途）")
        if f:
            yield f


# -- coded tables -------------------------------------------------------------------------

def _cols(v: TableView, names: list[tuple[str, ...]], exclude=("年初预算", "预算数")) -> list[int | None]:
    return [v.col(*n, exclude=exclude) for n in names]


def _row_name(v: TableView, r: int) -> str:
    row = v.t.rows[r]
    label = row.label or ""
    return f"{row.code} {label}".strip() if row.code else (label or f"第{r + 1}行")


_NOT_ROW_NAMES = ("栏次", "项目", "科目名称", "科目代码", "行次", "金额单位", "单位")


def _named_amount_row(v: TableView, r: int, total_c: int) -> bool:
    """A row printed with a name and a decimal amount in its total column, but no code the
    extractor recognised (a truncated or mistyped 科目代码 such as "221020"): still one line
    of the table, so its columns must add up."""
    key = v.keys[r]
    if not key or key in _NOT_ROW_NAMES or not re.search(r"[\u4e00-\u9fff]", key):
        return False
    return "." in v.text(r, total_c) and v.value(r, total_c) is not None


def _cross_foot(ix: DocIndex, rid: str, v: TableView, title: str, total_c: int, part_cs: list[int],
                names: list[str]) -> Iterator[Finding]:
    single = len(v.t.rows) == 1  # a one-line table (预算 支出总表: 合计 | 基本支出 | 项目支出 …) prints no row name
    for r, row in enumerate(v.t.rows):
        if not (single or row.code or row.level or v.keys[r] in ("合计", "总计") or row.kind == "total"
                or _named_amount_row(v, r, total_c)):
            continue
        parts = [v.ref(r, c, n) for c, n in zip(part_cs, names)]
        if all(p.value is None for p in parts) and v.value(r, total_c) is None:
            continue
        tot = v.ref(r, total_c, v.t.columns[total_c])
        f = ix.sum_finding(rid, tot, parts, title=f"{title} {_row_name(v, r)}", names=names)
        if f:
            yield f


def _foot_other_periods(ix: DocIndex, rid: str, v: TableView, title: str) -> Iterator[Finding]:
    """A group of columns printed for another period (2024年预算数: 合计 | 基本支出 | 项目支出 beside
    2025年预算数: …) foots like this year's: its 合计 = Σ the group's other columns."""
    groups: dict[str, list[int]] = {}
    leaf = lambda c: v.path(c)[-1].split("/")[-1]  # noqa: E731  (a name may carry its parent: 2024年预算数/合计)
    for c in v.amount_cols(comparisons=True):
        p = v.path(c)
        if len(p) < 2 or not v.is_comparison(c) or v.is_change(c):
            continue
        head = next((x for x in p if "/" not in x and x != leaf(c)), None)  # the period over the group
        if head is not None:
            groups.setdefault(head, []).append(c)
    for head, cols in groups.items():
        total = next((c for c in cols if leaf(c) in ("合计", "小计")), None)
        parts = [c for c in cols if c != total]
        if total is not None and len(parts) >= 2:
            yield from _cross_foot(ix, rid, v, f"{title}（{head}）", total, parts, [leaf(c) for c in parts])


@rule("A6", name="本年收入合计 = Σ 各收入来源", tables=(T02,))
def a6(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """收入决算表逐行：本年收入合计等于财政拨款、上级补助、事业、经营、附属单位上缴、其他收入之和。

    依据: 收入决算表 栏1 = 栏2 + 栏3 + 栏4 + 栏5 + 栏6 + 栏7。
    """
    v = need(ix, "02", T02)
    tc = v.col("本年收入合计", "合计", "收入合计")
    if tc is None:
        amounts = v.amount_cols()
        if len(amounts) == 1 and len(v.t.columns) >= 3:
            yield from _grouped_list(ix, "A6", v, v.t.title or "收入表", amounts[0])
            return
        raise Skip("收入决算表未找到本年收入合计列")
    parts = [c for c in v.amount_cols() if c != tc and v.path(c)[-1] not in ("合计",)]
    if not parts:
        raise Skip("收入决算表未找到收入来源列")
    yield from _cross_foot(ix, "A6", v, v.t.title or "收入决算表", tc, parts, [v.path(c)[-1] for c in parts])
    yield from _foot_other_periods(ix, "A6", v, v.t.title or "收入决算表")


def _grouped_list(ix: DocIndex, rid: str, v: TableView, title: str, c: int) -> Iterator[Finding]:
    """A table printed as a list with one amount column (some provinces' 收入预算总表): a group
    named in the first column with its 小计 on that row, its items below it with the first
    column blank; the 总计 row on top. Each 小计 = Σ its items; 总计 = Σ 小计 when every
    figure of the list belongs to a group. A group holding a 其中 row is not added up."""
    rows = v.t.rows
    total = v.total_row()
    label = lambda r, k: (rows[r].cells[k].text or "").strip() if k < len(rows[r].cells) else ""  # noqa: E731
    groups: list[tuple[int, list[int]]] = []
    loose = False  # a figure outside every group: the 总计 cannot be added up from the 小计
    cur: tuple[int, list[int]] | None = None
    for r in range(len(rows)):
        if r == total:
            continue
        head, item = label(r, 0), label(r, 1)
        if head and norm(item) == "小计":
            cur = (r, [])
            groups.append(cur)
        elif not head and item and norm(item) != "小计" and cur is not None and not item.startswith("其中"):
            cur[1].append(r)
        else:
            if not head and norm(item) == "小计" and cur is not None:
                groups.remove(cur)  # a 小计 with no group name: where its items begin is unclear
                loose = True
            cur = None
            if v.value(r, c) is not None:
                loose = True
    for head, items in groups:
        if not items or any(label(r, 1).startswith("其中") for r in items):
            continue
        if v.value(head, c) is None and all(v.value(r, c) is None for r in items):
            continue
        name = label(head, 0)
        f = ix.sum_finding(rid, v.ref(head, c, f"{name} / 小计"), [v.ref(r, c, label(r, 1)) for r in items],
                           title=f"{title}：{name}小计 = Σ 各项")
        if f:
            yield f
    if total is not None and groups and not loose:
        f = ix.sum_finding(rid, v.ref(total, c, _row_name(v, total)), [v.ref(h, c, f"{label(h, 0)}小计") for h, _ in groups],
                           title=f"{title}：{_row_name(v, total)} = Σ 各类资金小计")
        if f:
            yield f


def hierarchy(ix: DocIndex, rid: str, v: TableView, title: str, cols: list[int],
              economic: bool = False) -> Iterator[Finding]:
    """合计 = Σ 类; 类 = Σ 款; 款 = Σ 项, by printed order (robust to truncated codes); in a table of
    names without codes, by the levels its indentation shows."""
    ranked = v.hierarchy_rows(economic)
    if not ranked:
        return
    total = v.total_row()
    tops = [i for i, lvl in ranked if lvl == 1]
    # each row's children (the next level down, up to the next row of its level or above) and
    # every row's name: the same for every column
    families: list[tuple[int, int, list[int]]] = []
    for k, (i, lvl) in enumerate(ranked):
        children = []
        for j, lvl2 in ranked[k + 1:]:
            if lvl2 <= lvl:
                break
            if lvl2 == lvl + 1:
                children.append(j)
        if children:
            families.append((i, lvl, children))
    names = {i: _row_name(v, i) for i, _lvl in ranked}
    for c in cols:
        cname = v.t.columns[c]
        if total is not None and tops:
            parts = [v.ref(i, c, names[i]) for i in tops]
            f = ix.sum_finding(rid, v.ref(total, c, f"合计 / {cname}"), parts,
                               title=f"{title} 合计 = Σ 类（{cname}）")
            if f:
                yield f
        for i, lvl, children in families:
            parts = [v.ref(j, c, names[j]) for j in children]
            kind = {1: "类 = Σ 款", 2: "款 = Σ 项"}.get(lvl, "")
            f = ix.sum_finding(rid, v.ref(i, c, f"{names[i]} / {cname}"), parts,
                               title=f"{title} {kind}（{cname}）")
            if f:
                yield f


@rule("A7", name="合计 = Σ 类；类 = Σ 款；款 = Σ 项", tables=(T02, T03, T05, T07, T08, T12))
def a7(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """按功能分类科目层级逐列汇总：合计等于各类之和，类等于所属款之和，款等于所属项之和。

    依据: 政府收支分类科目（类3位/款5位/项7位）层级汇总关系；收入决算表、支出决算表、一般公共预算财政拨款支出决算表、财政拨款支出表。
    """
    ran = False
    views = [(v, title) for role, title in (("02", T02), ("03", T03), ("05", T05), ("07", T07), ("08", T08), ("12", T12))
             for v in ix.all(role)]
    # other tables by 功能分类 科目 (a 项目支出表 by 科目, an unregistered table) roll up the same way
    views += [(v, v.t.title) for v in ix.views if v.role in (None, "11") and v.code_rows()
              and all(code.startswith("2") for _i, code, _l in v.code_rows())]
    for v, title in views:
        if not v.hierarchy_rows():
            continue
        ran = True
        cols = [c for c in v.amount_cols()]
        yield from hierarchy(ix, "A7", v, v.t.title or title, cols)
    if not ran:
        raise Skip("未找到带科目代码（或按缩进分级的科目名称）的收入/支出决算表")


@rule("A8", name="本年支出合计 = 基本支出 + 项目支出 + 上缴上级 + 经营 + 对附属单位补助", tables=(T03,))
def a8(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """支出决算表逐行：本年支出合计等于基本支出、项目支出、上缴上级支出、经营支出、对附属单位补助支出之和。

    依据: 支出决算表 栏1 = 栏2 + 栏3 + 栏4 + 栏5 + 栏6。
    """
    v = need(ix, "03", T03)
    tc = v.col("本年支出合计", "合计", "支出合计")
    if tc is None:
        raise Skip("支出决算表未找到本年支出合计列")
    parts = [c for c in v.amount_cols() if c != tc]
    if not parts:
        raise Skip("支出决算表未找到基本支出/项目支出列")
    yield from _cross_foot(ix, "A8", v, v.t.title or "支出决算表", tc, parts, [v.path(c)[-1] for c in parts])
    yield from _foot_other_periods(ix, "A8", v, v.t.title or "支出决算表")


def _fund_names(cols: list[str]) -> list[str]:
    return [c for c in cols if c not in ("合计", "小计", "决算数", "金额")]


@rule("A10", name="财政拨款支出 合计 = 一般公共预算 + 政府性基金 + 国有资本经营", tables=(T04, T01))
def a10(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """财政拨款收入支出决算总表支出栏逐行：合计等于一般公共预算、政府性基金、国有资本经营三列之和。

    依据: 财政拨款收入支出决算总表 栏2 = 栏3 + 栏4 + 栏5。
    """
    ran = False
    for role, title in (("04", T04), ("01", T01)):
        v = ix.get(role)
        if v is None or len(v.blocks) < 2:
            continue
        right = ix.sides(v, 1)
        cols = _fund_cols(right)
        tot = next((c for c in cols if c in ("合计", "小计") or "合计" in c or "小计" in c), None)
        funds = [c for c in cols if c != tot]
        if tot is None or len(funds) < 2:
            continue  # 01 of a 决算 has one 决算数 column; 01 of a 预算 splits 合计 into 人员/公用/项目
        ran = True
        yield from _a10_rows(ix, v, right, tot, funds)
    if not ran:
        raise Skip("支出栏未找到合计与分资金/分用途列")


def _a10_rows(ix, v, right, tot, funds):
    for s in right:
        if not s.key:
            continue
        t = side_ref(v, s, tot, exact=True)
        parts = [side_ref(v, s, f, exact=True) for f in funds]
        if t is None or (t.value is None and all(p.value is None for p in parts)):
            continue
        f = ix.sum_finding("A10", t, parts, title=f"{v.t.title} {s.label}",
                           names=[_short_fund(f) for f in funds])
        if f:
            yield f


def _short_fund(name: str) -> str:
    for k in ("一般公共预算", "政府性基金", "国有资本经营"):
        if k in name:
            return k
    return name


@rule("A11", name="年初结转 + 本年收入 = 本年支出 + 年末结转（分资金）", tables=(T04,))
def a11(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """财政拨款收入支出决算总表：各资金年初结转和结余加本年收入等于本年支出加年末结转和结余。

    依据: 财政拨款收支平衡关系（财政拨款收入支出决算总表，分一般公共预算、政府性基金、国有资本经营）。
    """
    v = need(ix, "04", T04)
    if len(v.blocks) < 2:
        raise Skip("财政拨款收入支出决算总表未识别出支出栏")
    left, right = ix.sides(v, 0), ix.sides(v, 1)
    inc_total = ix.side_find(left, *INCOME_TOTAL)
    open_total = ix.side_find(left, "年初财政拨款结转和结余", "年初结转和结余", "上年结转", prefix=True)
    exp_total = ix.side_find(right, *EXPENSE_TOTAL)
    close_total = ix.side_find(right, "年末财政拨款结转和结余", "年末结转和结余", "年终结转结余", "年终结转",
                               prefix=True)
    if None in (inc_total, open_total, exp_total, close_total):
        raise Skip("未找到本年收入合计/年初结转/本年支出合计/年末结转行")
    cols = _fund_cols(right)
    tot = next((c for c in cols if "合计" in c or "小计" in c), cols[0] if cols else None)
    funds = [c for c in cols if c != tot]
    checks = []
    # all funds together: the printed 合计 column
    checks.append(("财政拨款合计", side_ref(v, inc_total), side_ref(v, open_total),
                   side_ref(v, exp_total, tot, exact=True), side_ref(v, close_total, tot, exact=True)))
    for fund in funds:
        short = _short_fund(fund)
        # (the fund's income line: above 本年收入合计, or below the 一、本年收入 head that carries it)
        inc = next((s for s in left if s.row < open_total.row and s.row != inc_total.row and short in s.key), None)
        opn = next((s for s in left if s.row > open_total.row and short in s.key), None)
        if inc is None or opn is None:
            continue
        checks.append((short, side_ref(v, inc), side_ref(v, opn),
                       side_ref(v, exp_total, fund, exact=True), side_ref(v, close_total, fund, exact=True)))
    for name, inc, opn, exp, close in checks:
        if None in (inc, opn, exp, close):
            continue
        vals = [x.value for x in (inc, opn, exp, close)]
        if all(x is None for x in vals):
            continue
        z = Decimal(0)
        lhs = (opn.value or z) + (inc.value or z)
        rhs = (exp.value or z) + (close.value or z)
        diff = lhs - rhs
        ix.note("A11", close, [(opn, 1), (inc, 1), (exp, -1)], lhs - (exp.value or z))
        sev = cfg.severity(diff, 4)
        if sev is None:
            continue
        msg = (f"{v.t.title or T04}（{name}）：年初结转和结余 + 本年收入 ≠ 本年支出 + 年末结转和结余："
               f"{fmt(opn.value or z)} + {fmt(inc.value or z)} = {fmt(lhs)} ≠ "
               f"{fmt(exp.value or z)} + {fmt(close.value or z)} = {fmt(rhs)}（差 {fmt(diff)}"
               f"{'，尾差' if sev == 'info' else ''}）")
        yield Finding("A11", sev, msg, close.location(), lhs - (exp.value or z), close.value, -diff,
                      (opn.location(), inc.location(), exp.location()))


@rule("A13", name="合计 = 基本支出 + 项目支出", tables=(T05, T12))
def a13(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """一般公共预算财政拨款支出决算表（及财政拨款支出表）逐行：本年支出合计等于基本支出与项目支出之和。

    依据: 一般公共预算财政拨款支出决算表 栏1 = 栏2 + 栏3；财政拨款支出表同。
    示例: 合计 ≠ 基本支出 + 项目支出：594.51 + 764.12 = 1358.63 ≠ 1358.64（差 0.01，尾差）
    """
    v05 = ix.get("05")
    views = ([v05] if v05 is not None else []) + ix.all("12")
    if not views:
        raise Skip(f"未找到{T05}")
    ran = False
    for v in views:  # (a 财政拨款支出表 by fund — 合计 | 一般公共预算 | 政府性基金 … — prints no 基本/项目)
        ran = (yield from _a13(ix, v)) or ran
    if not ran:
        raise Skip(f"{T05 if v05 is not None else T12}未找到合计/基本支出/项目支出列")


def _a13(ix: DocIndex, v) -> Iterator[Finding]:
    """A13 on one table; returns whether it found the 合计 / 基本支出 / 项目支出 columns."""
    tc = v.col("合计", "小计", "本年支出合计", "决算数", exclude=("年初预算", "预算数"))
    bc = v.col("基本支出", exclude=("年初预算", "预算数"))
    pc = v.col("项目支出", exclude=("年初预算", "预算数"))
    if None in (tc, bc, pc):
        return False
    fallback = T05 if v.role == "05" else T12
    yield from _cross_foot(ix, "A13", v, v.t.title or fallback, tc, [bc, pc], ["基本支出", "项目支出"])
    yield from _foot_other_periods(ix, "A13", v, v.t.title or fallback)
    # some provinces add 年初预算数 合计/基本/项目
    tb = v.col("合计", "小计", within="预算")
    bb = v.col("基本支出", within="预算")
    pb = v.col("项目支出", within="预算")
    if None not in (tb, bb, pb) and len({tb, bb, pb, tc, bc, pc}) == 6:
        yield from _cross_foot(ix, "A13", v, f"{T05 if v.role == '05' else v.t.title or T12}（年初预算数）", tb, [bb, pb],
                               ["基本支出", "项目支出"])
    return True


# -- 06 基本支出明细表 ------------------------------------------------------------------------

class EconLine:
    __slots__ = ("block", "row", "code", "label", "ref")

    def __init__(self, block, row, code, label, ref):
        self.block, self.row, self.code, self.label, self.ref = block, row, code, label, ref


_CODE = re.compile(r"^\d{3,}$")


def econ_lines(ix: DocIndex, v: TableView) -> tuple[list[EconLine], dict[str, Ref]]:
    """06 read block by block: the economic-classification lines in printed order, and the
    printed totals (人员经费合计, 公用经费合计, 基本支出合计) as refs."""
    return ix.cached(("econ", v.t.id), lambda: _econ_lines(v))


def _econ_blocks(v: TableView) -> list[range]:
    """The side-by-side blocks of 06 (人员经费 | 公用经费 | …).  A block starts at a code column
    (科目代码, or 类 | 款 printed in two columns); when the cells show more blocks than the header
    did, the cells win."""
    n = len(v.t.columns)
    printed = [v.block_range(b) for b in range(max(len(v.blocks), 1))]
    kinds = [v.content_kind(i) for i in range(n)]
    starts = [i for i in range(n) if kinds[i] == "code" and (i == 0 or kinds[i - 1] != "code")]
    if len(starts) > len(printed):
        starts[0] = 0
        return [range(a, b) for a, b in zip(starts, starts[1:] + [n])]
    return printed


def _col_in(v: TableView, rng: range, *names: str, label: bool = False) -> int | None:
    cand = [i for i in rng if label or not v.is_label_col(i)]
    for name in names:
        for i in cand:
            if v.path(i)[-1] == norm(name):
                return i
    for name in names:
        for i in cand:
            if any(norm(name) in x for x in v.path(i)):
                return i
    return None


def _econ_lines(v: TableView):
    lines: list[EconLine] = []
    totals: dict[str, Ref] = {}
    for b, rng in enumerate(_econ_blocks(v)):
        if not rng:
            continue
        code_c = next((i for i in rng if v.content_kind(i) == "code"), None)
        if code_c is None:
            code_c = _col_in(v, rng, "科目代码", "代码", "编码", label=True)
        name_c = next((i for i in rng if v.content_kind(i) == "text"), None)
        if name_c is None:
            name_c = _col_in(v, rng, "科目名称", "项目", label=True)
        if name_c is None:
            name_c = rng.start + 1 if code_c == rng.start else rng.start
        # codes printed split over 类 | 款 columns ("301" | "01"): join every code column
        code_cs = [i for i in rng if i != name_c and (i == code_c or v.content_kind(i) == "code"
                                                      or v.path(i)[-1] in ("类", "款"))
                   and v.content_kind(i) in ("code", "empty")]
        if code_c is not None and code_c not in code_cs:
            code_cs.insert(0, code_c)
        val_c = _col_in(v, [i for i in rng if i not in code_cs and i != name_c], "决算数", "金额", "合计")
        if val_c is None:
            nums = [i for i in rng if i not in code_cs and i != name_c and v.content_kind(i) == "amount"]
            val_c = nums[-1] if nums else None
        last_class = ""
        for r, row in enumerate(v.t.rows):
            code = _join_code([v.text(r, c) for c in code_cs])
            if b == 0 and not code and row.code:
                code = row.code
            if len(code) == 2 and code.isdigit() and last_class:
                # split codes printed sparse: the 款 row prints only its own part ("" | "01")
                code = last_class + code
            elif len(code) == 3 and code.isdigit():
                last_class = code
            label = v.text(r, name_c)
            if not label:
                # a 合计 line printed in the code columns (类 | 款 | 项 split codes)
                label = next((v.text(r, c) for c in rng if re.search(r"[\u4e00-\u9fff]", v.text(r, c))), "")
            if b == 0 and not label:
                label = row.label
            key = label_key(label) or label_key(code)
            for tname in ("人员经费合计", "公用经费合计", "基本支出合计"):
                if key.startswith(tname) or (tname == "基本支出合计" and key in ("合计", "总计")):
                    c = val_c if val_c is not None and v.value(r, val_c) is not None else None
                    if c is None:  # value printed at the far right of the line
                        start = (code_c if code_c is not None else name_c) or 0
                        for j in range(len(row.cells) - 1, start, -1):
                            if v.value(r, j) is not None:
                                c = j
                                break
                    if c is None:
                        c = val_c if val_c is not None else name_c
                    totals.setdefault(tname, v.ref(r, c, tname, tname))
                    break
            else:
                code = re.sub(r"\s", "", code)
                if _CODE.match(code) and val_c is not None:
                    lines.append(EconLine(b, r, code, label, v.ref(r, val_c, f"{code} {label}", label)))
    return lines, totals


def _join_code(parts: list[str]) -> str:
    """"301" + "01" → "30101"; "301" + "30101" → "30101" (the 款 column prints the full code)."""
    code = ""
    for p in parts:
        p = re.sub(r"\s", "", p)
        if not p:
            continue
        if not p.isdigit():
            return code or p
        code = p if (code and p.startswith(code) and len(p) > len(code)) else code + p
    return code


PERSONNEL = ("301", "303")


def _is_personnel(code: str) -> bool:
    return code[:3] in PERSONNEL


def _need06(ix):
    v = need(ix, "06", T06)
    if v.t.empty:
        raise Skip("基本支出决算明细表无数据行")
    return v


def _each06(ix, fn) -> Iterator[Finding]:
    """Run a 06 check on every 基本支出 经济分类 table (some provinces print one for 财政拨款 and one for
    一般公共预算); skipped only when it could run on none."""
    need(ix, "06", T06)
    skip = None
    ran = False
    for v in ix.all("06"):
        if v.t.empty:
            skip = skip or Skip("基本支出决算明细表无数据行")
            continue
        try:
            found = list(fn(v))
        except Skip as exc:
            skip = exc
            continue
        ran = True
        yield from found
    if not ran:
        raise skip or Skip("基本支出决算明细表无数据行")


@rule("A15", name="人员经费合计 = Σ 301, 303；公用经费合计 = Σ 302, 307, 310, 399 …", tables=(T06,))
def a15(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """基本支出决算明细表：人员经费合计等于301、303类款之和；公用经费合计等于302、307、309、310、399等之和。

    依据: 人员经费 = 工资福利支出(301) + 对个人和家庭的补助(303)；公用经费 = 商品和服务支出(302) + 其他经济分类类级。
    """
    yield from _each06(ix, lambda v: _a15(ix, v))


def _a15(ix: DocIndex, v: TableView) -> Iterator[Finding]:
    lines, totals = econ_lines(ix, v)
    tops = [ln for ln in lines if len(ln.code) == 3]
    if not tops:
        raise Skip("基本支出决算明细表未找到经济分类类级科目行")
    if "人员经费合计" not in totals and "公用经费合计" not in totals:
        columns = _personnel_columns(v)
        if columns is not None:
            yield from _a15_columns(ix, v, tops, *columns)
            return
    ran = False
    for tname, pick in (("人员经费合计", True), ("公用经费合计", False)):
        t = totals.get(tname)
        if t is None:
            continue
        ran = True
        parts = [ln.ref for ln in tops if _is_personnel(ln.code) == pick]
        f = ix.sum_finding("A15", t, parts, title="基本支出决算明细表", names=[p.name for p in parts])
        if f:
            yield f
    if not ran:
        raise Skip("未找到人员经费合计/公用经费合计")


def _personnel_columns(v: TableView) -> tuple[int, int, int] | None:
    """The national 基本支出表's layout: one row per 经济分类 line, 人员经费 | 公用经费 as columns
    beside their 合计 (one block), its totals on the 合计 row: (total row, 人员经费, 公用经费)."""
    tc = v.col("合计", "小计")
    pc, gc = v.col("人员经费"), v.col("公用经费")
    if pc is None or gc is None or len({tc, pc, gc}) != 3 or len(v.blocks) > 1:
        return None
    r0 = v.total_row()
    return None if r0 is None else (r0, pc, gc)


def _a15_columns(ix: DocIndex, v: TableView, tops: list[EconLine], r0: int, pc: int, gc: int) -> Iterator[Finding]:
    """人员经费 | 公用经费 as columns: each column's total on the 合计 row = Σ its cells on the 3-digit
    经济分类 rows (a line's money goes to the column the table prints it in — some provinces count a
    302 line such as 工会经费 as 人员经费 — so no class is assumed)."""
    for c, name in ((pc, "人员经费"), (gc, "公用经费")):
        parts = [v.ref(ln.row, c, f"{ln.code} {ln.label}", ln.label) for ln in tops]
        f = ix.sum_finding("A15", v.ref(r0, c, f"{name}合计"), parts,
                           title=f"{v.t.title or T06} {name}合计 = Σ 类级")
        if f:
            yield f


@rule("A16", name="基本支出合计 = 人员经费合计 + 公用经费合计", tables=(T06,))
def a16(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """基本支出决算明细表：印出的基本支出合计等于人员经费合计与公用经费合计之和。

    依据: 基本支出 = 人员经费 + 公用经费（一般公共预算财政拨款基本支出决算明细表）。
    """
    yield from _each06(ix, lambda v: _a16(ix, v))


def _a16(ix: DocIndex, v: TableView) -> Iterator[Finding]:
    # 预算 layout: one row per 经济分类 line, columns 合计 | 人员经费 | 公用经费
    tc = v.col("合计", "小计")
    pc, gc = v.col("人员经费"), v.col("公用经费")
    if None not in (tc, pc, gc) and len({tc, pc, gc}) == 3 and len(v.blocks) <= 1:
        yield from _cross_foot(ix, "A16", v, v.t.title, tc, [pc, gc], ["人员经费", "公用经费"])
        return
    lines, totals = econ_lines(ix, v)
    t = totals.get("基本支出合计")
    p, g = totals.get("人员经费合计"), totals.get("公用经费合计")
    tops = [ln for ln in lines if len(ln.code) == 3]
    if t is not None and p is None and g is None and tops:
        # only a 合计 line: 基本支出合计 = Σ 3-digit 经济分类 lines
        yield ix.sum_finding("A16", t, [ln.ref for ln in tops], title=f"{v.t.title} 合计 = Σ 类级")
        return
    if t is None or p is None or g is None:
        raise Skip("表中未印基本支出合计（人员经费合计 + 公用经费合计 与公开05表的核对见 B9）")
    yield ix.sum_finding("A16", t, [p, g], title="基本支出决算明细表", names=["人员经费合计", "公用经费合计"])


@rule("A17", name="经济分类类级 = Σ 款级", tables=(T06,))
def a17(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """基本支出决算明细表：每个3位经济分类科目等于其所属5位科目之和。

    依据: 政府支出经济分类科目 类(3位)/款(5位) 汇总关系。
    """
    # a 机关运行经费 table printed by 经济分类 (预算: 302 商品和服务支出 and its 款) adds up the same way
    running = [v for v in ix.all("10") if "机关运行经费" in norm(v.t.title or "") and not v.t.empty]
    try:
        yield from _each06(ix, lambda v: _a17(ix, v, v.t.title or "基本支出决算明细表"))
    except Skip:
        if not running:
            raise
    for v in running:
        try:
            yield from _a17(ix, v, v.t.title, total=True)
        except Skip:
            continue


def _a17(ix: DocIndex, v: TableView, title: str = "基本支出决算明细表", total: bool = False) -> Iterator[Finding]:
    lines, _ = econ_lines(ix, v)
    if not lines:
        raise Skip("基本支出决算明细表未找到经济分类科目行")
    top = v.total_row()
    if total and top is not None:
        classes = [ln for ln in lines if len(ln.code) == 3]
        amounts = [c for c in v.amount_cols()]
        if classes and len(amounts) == 1:
            f = ix.sum_finding("A17", v.ref(top, amounts[0], "合计"), [ln.ref for ln in classes],
                               title=f"{title} 合计 = Σ 类级")
            if f:
                yield f
    for k, ln in enumerate(lines):
        if len(ln.code) != 3:
            continue
        children = []
        for ln2 in lines[k + 1:]:
            if len(ln2.code) == 3:
                break
            if ln2.code.startswith(ln.code[:3]) or not ln2.code.startswith("3"):
                children.append(ln2)
        if not children:
            continue
        f = ix.sum_finding("A17", ln.ref, [c.ref for c in children],
                           title=f"{title} {ln.code} {ln.label} = Σ 款级")
        if f:
            yield f


# -- 09 三公 -------------------------------------------------------------------------------

SANGONG = {
    "合计": ("合计",),
    "出国": ("因公出国（境）费", "因公出国(境)费", "因公出国"),
    "车小计": ("小计", "公务用车购置及运行维护费", "公务用车购置及运行费"),
    "购置": ("公务用车购置费", "购置费", "公务用车购"),  # a header cut short: "公务用车购"
    "运行": ("公务用车运行维护费", "公务用车运行费", "运行维护费", "运行费", "公务用车运"),
    "接待": ("公务接待费", "接待费"),
}


def sangong_leaf(path: tuple[str, ...]) -> str:
    """The item a 三公 column holds: its last header word that is not 预算数/决算数 (a column name
    can also carry its parent: "三公经费/小计", "合计/预算数")."""
    parts = [x for seg in path for x in seg.split("/") if x and x not in ("预算数", "决算数")]
    return parts[-1] if parts else ""


def sangong_cols(ix: DocIndex, v: TableView, within: str) -> dict[str, int]:
    """Columns of the 三公 table for 预算数 / 决算数 (by header path), worked out once per run."""
    return ix.cached(("sangong_cols", v.t.id, within), lambda: _sangong_cols(v, within))


def _sangong_cols(v: TableView, within: str) -> dict[str, int]:
    out: dict[str, int] = {}
    n = len(v.t.columns)
    cand = [i for i in range(n) if within in "/".join(v.path(i))]
    if not any(w in "/".join(v.path(i)) for i in range(n) for w in ("预算数", "决算数")):
        # a 预算 table without 预算数/决算数 headers (some provinces): every column is the title's kind
        kind = "决算数" if "决算" in norm(v.t.title) else "预算数"
        cand = list(range(n)) if within == kind else []
    groups = _sangong_groups(v)
    if groups is not None:
        cand = list(groups[within])
    # a 预算's 三公 table may print 2024年预算数 | 2025年预算数 side by side: this year's are read
    cand = [i for i in cand if not v.is_comparison(i)] or cand
    # 三公 合计 is the 三公 小计 when the table adds 会议费/培训费 into its own 合计
    # (only then: a 公务用车 小计 whose group word was lost from its path is no 三公 小计)
    meetings = any(w in "/".join(v.path(i)) for i in range(n) for w in ("会议", "培训"))
    sub3 = next((i for i in cand if sangong_leaf(v.path(i)) == "小计" and "三公" in "/".join(v.path(i))
                 and "公务用车" not in "/".join(v.path(i))), None) if meetings else None
    if sub3 is not None:
        out["合计"] = sub3
    for key, names in SANGONG.items():
        if key in out:
            continue
        for i in cand:
            p = v.path(i)
            last = sangong_leaf(p)
            joined = "/".join(p)
            if key == "合计" and last == "合计":
                out[key] = i
            elif key == "车小计" and (last == "小计" or last in ("公务用车购置及运行维护费", "公务用车购置及运行费")) \
                    and "公务用车" in joined:
                out[key] = i
            elif key in ("购置", "运行") and "公务用车" in joined and any(norm(n) in last for n in names) \
                    and last != "小计" and "及" not in last:
                out[key] = i
            elif key in ("出国", "接待") and any(norm(n) in last for n in names):
                out[key] = i
            if key in out:
                break
    before = max((i for i in cand if i < out["购置"]), default=None) if "购置" in out else None
    if "车小计" not in out and before is not None and sangong_leaf(v.path(before)) == "小计":
        # the 公务用车 group word lost from the 小计 column's path: the 小计 just before 购置费
        # (the column before it, or two before when each item has 预算数 | 决算数 side by side)
        out["车小计"] = before
    if groups is not None:
        # the two groups are printed in parallel (合计, 出国, 车小计, 购置, 运行, 接待): an item
        # whose own header was lost (a merged or cut header) sits where the other group has it
        other = groups["决算数" if within == "预算数" else "预算数"]
        mine = groups[within]
        if len(other) == len(mine):
            theirs = _sangong_named(v, list(other))
            used = set(out.values())
            for key, i in theirs.items():
                j = mine.start + (i - other.start)
                if key not in out and j not in used and j in mine:
                    dup = any(v.path(j) == v.path(k) for k in mine if k != j)
                    leaf = sangong_leaf(v.path(j))
                    if dup or not leaf or re.fullmatch(r"列\d+", leaf):  # "列12": no header read
                        out[key] = j
                        used.add(j)
    return out


def _sangong_named(v: TableView, cand: list[int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, names in SANGONG.items():
        for i in cand:
            p = v.path(i)
            last = sangong_leaf(p)
            if key == "合计" and last == "合计":
                out[key] = i
            elif key in ("出国", "接待") and any(norm(nm) in last for nm in names):
                out[key] = i
            if key in out:
                break
    return out


def _sangong_groups(v: TableView) -> dict[str, range] | None:
    """预算数 / 决算数 column groups when the top header row does not span them right (a
    group word printed over the wrong columns) but the item row repeats: the second 合计
    starts the second group.  None when the header paths are consistent."""
    n = len(v.t.columns)
    by_word = {w: [i for i in range(n) if w in "/".join(v.path(i))] for w in ("预算数", "决算数")}
    if not by_word["预算数"] or not by_word["决算数"]:
        return None
    totals = [i for i in range(n) if sangong_leaf(v.path(i)) == "合计"]
    if len(totals) != 2:
        return None
    first, second = totals
    if second == first + 1 and all(i + 1 in by_word["决算数"] and sangong_leaf(v.path(i)) == sangong_leaf(v.path(i + 1))
                                   for i in by_word["预算数"]):
        return None  # each item printed with its 预算数 and 决算数 side by side: the paths say it all
    if len(by_word["预算数"]) == len(by_word["决算数"]) == second - first \
            and first in by_word["预算数"] + by_word["决算数"] and second in by_word["预算数"] + by_word["决算数"] \
            and (first in by_word["预算数"]) != (second in by_word["预算数"]):
        return None  # consistent
    order = sorted(("预算数", "决算数"), key=lambda w: by_word[w][0])
    width = second - first
    return {order[0]: range(first, second), order[1]: range(second, min(n, second + width))}


# a 三公 table printed the other way round (some provinces): the items are rows, 预算数 / 决算数
# (or 上年 | 本年 预算数) are columns.  Row labels, matched after `label_key`:
SANGONG_ROWS = {
    "出国": ("因公出国（境）费", "因公出国(境)费", "因公出国（境）", "因公出国(境)"),
    "车小计": ("公务用车购置及运行维护费", "公务用车购置及运行费", "公务用车购置和运行维护费"),
    "购置": ("公务用车购置费", "公务用车购置"),
    "运行": ("公务用车运行维护费", "公务用车运行费"),
    "接待": ("公务接待费",),
}


def sangong_lines(ix: DocIndex, v: TableView, within: str) -> list[dict[str, tuple[int, int]]]:
    """The 三公 table's figures for 预算数 / 决算数 as lines of item → (row, column): one line per
    data row when the items are columns (the standard table), one per amount column when the
    items are rows. The first line is the one a restated figure is read from."""
    return ix.cached(("sangong_lines", v.t.id, within), lambda: _sangong_lines(ix, v, within))


def _sangong_lines(ix: DocIndex, v: TableView, within: str) -> list[dict[str, tuple[int, int]]]:
    items = _sangong_item_rows(v)
    if items is None:
        cols = sangong_cols(ix, v, within)
        return [{k: (r, c) for k, c in cols.items()} for r in sangong_rows(ix, v)] if cols else []
    amounts = [c for c in v.amount_cols(comparisons=True) if not v.is_change(c)]
    named = [c for c in amounts if any(w in "/".join(v.path(c)) for w in ("预算", "决算"))]
    if named:
        amounts = [c for c in named if within[:2] in "/".join(v.path(c))]  # 预算 / 决算
    elif within != ("决算数" if "决算" in norm(v.t.title) else "预算数"):
        amounts = []  # the columns are not named: they hold what the title says
    # every column foots; the document's own year first (a restated figure is read from it)
    amounts.sort(key=v.is_comparison)
    return [{k: (r, c) for k, r in items.items()} for c in amounts]


def _sangong_item_rows(v: TableView) -> dict[str, int] | None:
    """item → row when the 三公 items are printed as rows (≥ 3 of them found by their labels,
    none named by a column header); None for the standard table."""
    if any(sangong_leaf(v.path(i)) in ("因公出国（境）费", "因公出国(境)费", "公务接待费") for i in range(len(v.t.columns))):
        return None
    out: dict[str, int] = {}
    for r, row in enumerate(v.t.rows):
        key = label_key(row.label)
        if not key:
            continue
        if "三公" in key and not any(w in key for w in ("会议", "培训", "机关运行")) and "合计" not in out:
            out["合计"] = r
            continue
        for item, names in SANGONG_ROWS.items():
            if item not in out and any(norm(nm) == key or key.endswith(norm(nm)) for nm in names):
                out[item] = r
                break
    if "合计" not in out and not any(w in label_key(row.label) for row in v.t.rows for w in ("会议", "培训", "机关运行")):
        total = v.total_row()  # a 合计 row of the 三公 items alone
        if total is not None:
            out["合计"] = total
    return out if len(set(out) - {"合计"}) >= 3 else None


def sangong_rows(ix: DocIndex, v: TableView) -> list[int]:
    """The 三公 table's rows that print a figure, worked out once per run."""
    return ix.cached(("sangong_rows", v.t.id), lambda: _sangong_rows(v))


def _sangong_rows(v: TableView) -> list[int]:
    rows = []
    for r, row in enumerate(v.t.rows):
        if any(v.value(r, c) is not None for c in range(len(row.cells))):
            rows.append(r)
    return rows


def _need09(ix):
    v = need(ix, "09", T09)
    if not sangong_rows(ix, v):
        raise NotApplicable("“三公”经费支出决算表无数据（本表无数据）")
    return v


@rule("A18", name="三公合计 = 出国 + 公务用车购置及运行 + 接待", tables=(T09,))
def a18(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """“三公”经费表：合计等于因公出国（境）费、公务用车购置及运行维护费、公务接待费之和（预算数、决算数分别）。

    依据: “三公”经费口径（财政拨款“三公”经费支出决算表 栏1 = 栏2 + 栏3 + 栏6，栏7 = 栏8 + 栏9 + 栏12）。
    """
    v = _need09(ix)
    ran = False
    for within in ("预算数", "决算数"):
        for line in sangong_lines(ix, v, within):
            if not all(k in line for k in ("合计", "出国", "车小计", "接待")):
                continue
            ran = True
            f = ix.sum_finding("A18", v.ref(*line["合计"], f"{within}合计"),
                               [v.ref(*line[k], n) for k, n in (("出国", "因公出国（境）费"),
                                                                ("车小计", "公务用车购置及运行维护费"),
                                                                ("接待", "公务接待费"))],
                               title=f"{v.t.title or T09}（{within}）")
            if f:
                yield f
        cols = sangong_cols(ix, v, within)
        if all(k in cols for k in ("合计", "出国", "车小计", "接待")):
            yield from _with_meetings(ix, v, within, cols)
    if not ran:
        raise Skip("“三公”经费表未识别出合计/出国/公务用车/接待列")


def _with_meetings(ix: DocIndex, v: TableView, within: str, cols: dict[str, int]) -> Iterator[Finding]:
    """A 预算 table of 三公经费、会议费、培训费: its own 合计 = 三公 小计 + 会议费 + 培训费."""
    n = len(v.t.columns)
    cand = [i for i in range(n) if within in "/".join(v.path(i))] or list(range(n))
    grand = next((i for i in cand if sangong_leaf(v.path(i)) == "合计" and i != cols["合计"]), None)
    extra = [i for i in cand if sangong_leaf(v.path(i)) in ("会议费", "培训费")]
    if grand is None or not extra or "三公" not in "/".join(v.path(cols["合计"])):
        return
    for r in sangong_rows(ix, v):
        f = ix.sum_finding("A18", v.ref(r, grand, "合计"),
                           [v.ref(r, cols["合计"], "“三公”经费小计")] + [v.ref(r, i, sangong_leaf(v.path(i))) for i in extra],
                           title=f"“三公”经费、会议费、培训费表（{within}）")
        if f:
            yield f


@rule("A19", name="公务用车购置及运行维护费 = 购置费 + 运行维护费", tables=(T09,))
def a19(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """“三公”经费表：公务用车购置及运行维护费小计等于购置费与运行维护费之和。

    依据: 财政拨款“三公”经费支出决算表 栏3 = 栏4 + 栏5，栏9 = 栏10 + 栏11。
    """
    v = _need09(ix)
    ran = False
    for within in ("预算数", "决算数"):
        for line in sangong_lines(ix, v, within):
            if not all(k in line for k in ("车小计", "购置", "运行")):
                continue
            ran = True
            f = ix.sum_finding("A19", v.ref(*line["车小计"], f"{within}公务用车购置及运行维护费"),
                               [v.ref(*line["购置"], "购置费"), v.ref(*line["运行"], "运行维护费")],
                               title=f"{v.t.title or T09}（{within}）")
            if f:
                yield f
    if not ran:
        raise Skip("“三公”经费表未识别出公务用车小计/购置费/运行维护费列")


@rule("A20", name="年末 = 年初 + 本年收入 − 本年支出；本年支出 = 基本 + 项目", tables=(T07, T08))
def a20(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """政府性基金 / 国有资本经营预算财政拨款表：结转结余平衡，本年支出等于基本支出与项目支出之和。

    依据: 政府性基金预算财政拨款收入支出决算表 栏6 = 栏1 + 栏2 − 栏3，栏3 = 栏4 + 栏5；国有资本经营预算财政拨款支出决算表 栏1 = 栏2 + 栏3。
    """
    ran = False
    # (a fund's 收入支出 table and its 支出 table, printed both: each foots)
    for v, title in [(v, title) for role, title in (("07", T07), ("08", T08)) for v in ix.all(role)]:
        ran = True
        if not v.has_numbers():
            continue
        title = v.t.title or title
        ex = ("年初结转", "年末结转", "本年收入")
        tc = v.col("小计", "合计", "本年支出", exclude=ex)
        bc = v.col("基本支出", exclude=ex)
        pc = v.col("项目支出", exclude=ex)
        if None not in (tc, bc, pc) and len({tc, bc, pc}) == 3:
            yield from _cross_foot(ix, "A20", v, title, tc, [bc, pc], ["基本支出", "项目支出"])
        oc, ic, cc = v.col("年初结转"), v.col("本年收入"), v.col("年末结转")
        if None in (oc, ic, cc, tc):
            continue
        for r, row in enumerate(v.t.rows):
            vals = [v.value(r, c) for c in (oc, ic, tc, cc)]
            if all(x is None for x in vals):
                continue
            z = Decimal(0)
            o, i, s, c = (x or z for x in vals)
            expected = o + i - s
            diff = c - expected
            ix.note("A20", v.ref(r, cc), [(v.ref(r, oc), 1), (v.ref(r, ic), 1), (v.ref(r, tc), -1)], expected)
            sev = cfg.severity(diff, 3)
            if sev:
                yield Finding("A20", sev,
                              f"{title} {_row_name(v, r)}：年末结转和结余 ≠ 年初 + 本年收入 − 本年支出："
                              f"{fmt(o)} + {fmt(i)} − {fmt(s)} = {fmt(expected)} ≠ {fmt(c)}（差 {fmt(diff)}）",
                              v.location(r, cc), expected, c, diff)
    if not ran:
        raise NotApplicable("文档中没有政府性基金 / 国有资本经营预算财政拨款表")


_PCT_COL = ("率", "比例", "占比", "%")


@rule("A21", name="金额单元格可解析；百分比在0–100；负数核实", tables=())
def a21(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """所有表格：金额栏中印出的内容能解析为数字，百分比在0–100之间，负数提示核实。

    依据: 决算公开表格填列要求（金额以数字填列、空白或“-”表示无数）；审计抽查异常值。
    """
    if not ix.views:
        raise Skip("文档中没有表格")
    for v in ix.views:
        if v.t.kind == "form":
            continue
        cols = v.amount_cols(comparisons=True)
        for r, row in enumerate(v.t.rows):
            for c in cols:
                if c >= len(row.cells):
                    continue
                cell = row.cells[c]
                text = cell.text.strip()
                if not text.strip("—-－– ") or cell.is_blank:
                    continue  # (nothing but dashes, or a blank marker)
                name = v.t.columns[c]
                if cell.value is None:
                    if re.search(r"\d", text):
                        yield Finding("A21", WARNING, f"{v.t.title} {_row_name(v, r)} / {name}：“{text}”不能解析为金额",
                                      v.location(r, c))
                    continue
                if "%" in text or any(k in name for k in _PCT_COL):
                    if v.is_comparison(c):
                        # a change on last year (增减%, 增长率): down to −100 %, and any rise
                        if cell.value < -100 and "%" in text:
                            yield Finding("A21", WARNING, f"{v.t.title} {_row_name(v, r)} / {name}：增减幅度 {text} "
                                          "低于-100%", v.location(r, c), actual=cell.value)
                    elif not (0 <= cell.value <= 100) and "%" in text:
                        yield Finding("A21", WARNING, f"{v.t.title} {_row_name(v, r)} / {name}：百分比 {text} 不在0–100之间",
                                      v.location(r, c), actual=cell.value)
                    continue
                if cell.value < 0 and not v.is_comparison(c):
                    # (a change on last year is negative when spending fell: nothing to verify)
                    yield Finding("A21", WARNING, f"{v.t.title} {_row_name(v, r)} / {name}：负数 {text}，请核实",
                                  v.location(r, c), actual=cell.value)
