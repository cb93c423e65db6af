"""B rules: tie-outs between tables (compared in 万元; a restated figure must be identical)."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from auditdesk.checks.config import CheckConfig
from auditdesk.checks.finding import ERROR, INFO, WARNING, Finding, Location
from auditdesk.checks.index import (ROLE_LABEL, ROLE_NAME, T01, T02, T03, T04, T05, T06, T07, T08, T09, T12,
                                    DocIndex, Ref, TableView, classify, fmt, label_key, match_names, norm)
from auditdesk.parsing import table_types
from auditdesk.checks.registry import NotApplicable, Skip, rule
from auditdesk.checks.rules.table_internal import (EXPENSE_TOTAL, INCOME_TOTAL, _fund_cols, _short_fund,
                                                   econ_lines, head_items, sangong_lines, sangong_rows, side_ref)
from auditdesk.parsing.model import Table


def _need(ix: DocIndex, *roles: str) -> list[TableView]:
    out, missing = [], []
    for r in roles:
        v = ix.get(r)
        (out if v is not None else missing).append(v if v is not None else ROLE_NAME[r])
    if missing:
        raise Skip("未找到" + "、".join(missing))
    return out


def _total_ref(v: TableView, *names: str, exclude=("年初预算", "预算数")) -> Ref | None:
    r = v.total_row()
    c = v.col(*names, exclude=exclude)
    if r is None or c is None:
        return None
    return v.ref(r, c, f"合计 / {v.t.columns[c]}", "合计")


def _class_sides(ix: DocIndex, v: TableView) -> list:
    """支出 类 lines of a 收支总表 (rows above 本年支出合计 with a label, or below the 一、本年支出
    head that carries the total)."""
    right = ix.sides(v, 1)
    total = ix.side_find(right, *EXPENSE_TOTAL)
    if total is None:
        return []
    return head_items(right, total) or [s for s in right if s.row < total.row and s.key]


def _class_rows(v: TableView) -> dict[str, int]:
    """The table's 类 rows by name: its 3-digit codes, or in a table of names without codes, the
    names its indentation sets at the first level."""
    out = {}
    for i, lvl in v.hierarchy_rows():
        if lvl == 1:
            out.setdefault(v.keys[i], i)
    return out


def _tie_classes(ix: DocIndex, rid: str, a: TableView, a_col: str | None, b: TableView, b_col: int,
                 title: str) -> Iterator[Finding]:
    """Each 支出 类 of a 收支总表 (column a_col) = the same 类 (by name) of coded table b."""
    rows = _class_rows(b)
    if not rows:
        return  # b prints no 类 lines (a 支出预算总表 of one line, by 基本/项目): nothing to tie
    sides = _class_sides(ix, a)
    if sides and not any(s.key in rows for s in sides):
        yield from _tie_natures(ix, rid, a, a_col, b, sides, title)
        return
    matched = set()
    for s in sides:
        ref = side_ref(a, s, a_col, exact=a_col is not None)
        if ref is None:
            continue
        j = rows.get(s.key)
        if j is None:
            if ref.value not in (None, Decimal(0)):
                yield Finding(rid, ERROR, f"{title}：{s.label} {fmt(ref.value)} 在{b.t.title}中没有对应的类级科目",
                              ref.location(), None, ref.value, None)
            continue
        matched.add(j)
        f = ix.equal_finding(rid, ref, b.ref(j, b_col, s.label), title=f"{title}：{s.label}")
        if f:
            yield f
    for key, j in rows.items():
        if j in matched:
            continue
        ref = b.ref(j, b_col)
        if ref.value not in (None, Decimal(0)):
            name = " ".join(x for x in (b.t.rows[j].code, b.t.rows[j].label) if x)  # (a names-only 类: no code)
            yield Finding(rid, ERROR, f"{title}：{name} {fmt(ref.value)} "
                                      f"未列入{a.t.title}支出栏", ref.location(), None, ref.value, None)


def _tie_natures(ix: DocIndex, rid: str, a: TableView, a_col: str | None, b: TableView, sides: list,
                 title: str) -> Iterator[Finding]:
    """A 收支总表 whose 支出 side lists spending by its nature (一、基本支出 二、项目支出 三、上缴
    上级支出 …, some provinces' template), not by 类: each line = b's 合计 row in the column of
    that name. Lines b prints no column for are not compared."""
    total = b.total_row()
    if total is None:
        return
    for s in sides:
        c = b.col(s.key) if s.key else None
        ref = side_ref(a, s, a_col, exact=a_col is not None)
        if c is None or ref is None or norm(b.path(c)[-1]) != s.key:
            continue
        f = ix.equal_finding(rid, ref, b.ref(total, c, s.label), title=f"{title}：{s.label}")
        if f:
            yield f


@rule("B1", name="收支总表本年收入 = 收入决算表合计（分来源）", tables=(T01, T02))
def b1(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """收入支出决算总表的本年收入合计及各项收入等于收入决算表合计行对应列。

    依据: 部门决算报表间勾稽关系：公开01表 本年收入合计 = 公开02表 合计.本年收入合计，各收入来源分别相等。
    """
    v1, v2 = _need(ix, "01", "02")
    left = ix.sides(v1, 0)
    total2 = v2.total_row()
    if total2 is None:
        raise Skip("收入决算表未找到合计行")
    inc = ix.side_find(left, *INCOME_TOTAL)
    c2 = v2.col("本年收入合计", "收入合计", "合计")
    if c2 is None and len(v2.amount_cols()) == 1:
        yield from _b1_list(ix, v1, v2, left, total2)
        return
    if inc is None or c2 is None:
        raise Skip("未找到本年收入合计")
    f = ix.equal_finding("B1", side_ref(v1, inc), v2.ref(total2, c2), title="本年收入合计：公开01表 ≠ 公开02表")
    if f:
        yield f
    sources = {
        "财政拨款收入": ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入",
                   "财政拨款收入"),
        "上级补助收入": ("上级补助收入",), "事业收入": ("事业收入",), "经营收入": ("经营收入",),
        "附属单位上缴收入": ("附属单位上缴收入",), "其他收入": ("其他收入",),
    }
    for col_name, labels in sources.items():
        c = v2.col(col_name)
        if c is None:
            continue
        sides = [s for s in (ix.side_find(left, lab) for lab in labels) if s is not None and s.row < inc.row]
        sides = list({s.row: s for s in sides}.values())
        if not sides:
            continue
        refs = [side_ref(v1, s) for s in sides]
        if all(r is None or r.value is None for r in refs) and v2.value(total2, c) is None:
            continue
        total = sum(((r.wan or Decimal(0)) for r in refs if r is not None), Decimal(0))
        b = v2.ref(total2, c, f"合计 / {col_name}", "合计")
        f = ix.equal_finding("B1", b, refs[0], b_value=total,
                             b_loc=[r.location() for r in refs if r is not None],
                             title=f"{col_name}：公开02表 ≠ 公开01表" + ("（三项财政拨款收入之和）" if len(refs) > 1 else ""))
        if f:
            yield f


@rule("B2", name="收支总表本年支出 = 支出决算表合计；各类相等", tables=(T01, T03))
def b2(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """收入支出决算总表的本年支出合计及各功能分类类级支出等于支出决算表对应行。

    依据: 部门决算报表间勾稽关系：公开01表 本年支出合计 = 公开03表 合计.本年支出合计；01表各类 = 03表同类。
    """
    v1, v3 = _need(ix, "01", "03")
    if len(v1.blocks) < 2:
        raise Skip("收入支出决算总表未识别出支出栏")
    right = ix.sides(v1, 1)
    exp = ix.side_find(right, *EXPENSE_TOTAL)
    t3 = _total_ref(v3, "本年支出合计", "合计")
    if exp is None or t3 is None:
        raise Skip("未找到本年支出合计")
    f = ix.equal_finding("B2", side_ref(v1, exp), t3, title="本年支出合计：公开01表 ≠ 公开03表")
    if f:
        yield f
    yield from _tie_classes(ix, "B2", v1, None, v3, t3.col, "支出类级：公开01表 ≠ 公开03表")


@rule("B5", name="收入决算表财政拨款收入 = 财政拨款收支总表本年收入", tables=(T02, T04))
def b5(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """收入决算表合计行的财政拨款收入等于财政拨款收入支出决算总表的本年收入合计。

    依据: 公开02表 合计.财政拨款收入 = 公开04表 本年收入合计（一般公共预算 + 政府性基金 + 国有资本经营）。
    """
    v2, v4 = _need(ix, "02", "04")
    t2 = _total_ref(v2, "财政拨款收入", "财政拨款")
    inc = ix.side_find(ix.sides(v4, 0), *INCOME_TOTAL)
    total = v2.total_row()
    funds = [c for c in v2.amount_cols() if any(w in "/".join(v2.path(c)) for w in table_types.FUNDS)]
    if t2 is None and inc is not None and total is not None and funds:
        # no 财政拨款收入 column: the 收入表 prints it by fund (一般公共预算拨款收入 | 政府性基金预算拨款收入 …)
        f = ix.sum_finding("B5", side_ref(v4, inc), [v2.ref(total, c, v2.t.columns[c]) for c in funds],
                           title="财政拨款收入：公开04表本年收入合计 ≠ 公开02表各财政拨款收入之和")
        if f:
            yield f
        return
    if t2 is None or inc is None:
        raise Skip("未找到公开02表财政拨款收入或公开04表本年收入合计")
    f = ix.equal_finding("B5", t2, side_ref(v4, inc), title="财政拨款收入：公开02表 ≠ 公开04表本年收入合计")
    if f:
        yield f


@rule("B7", name="财政拨款总表一般公共预算支出 = 一般公共预算支出表合计；各类相等", tables=(T04, T05, T12))
def b7(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """财政拨款收入支出决算总表一般公共预算列的本年支出及各类等于一般公共预算财政拨款支出决算表。

    依据: 公开04表 本年支出合计.一般公共预算财政拨款 = 公开05表 合计；各类级科目分别相等。印有财政拨款
    支出表（全部财政拨款，按功能分类）时同理：公开04表 本年支出合计.合计（三项财政拨款之和）= 该表合计；
    各类级科目分别相等。
    """
    v5, v12 = ix.get("05"), ix.get("12")
    v4 = _need(ix, "04", "05")[0] if v12 is None else _need(ix, "04")[0]
    if len(v4.blocks) < 2:
        raise Skip("财政拨款收入支出决算总表未识别出支出栏")
    right = ix.sides(v4, 1)
    exp = ix.side_find(right, *EXPENSE_TOTAL)
    ran = False
    if v5 is not None:
        gp = next((c for c in _fund_cols(right) if "一般公共预算" in c), None)
        t5 = _total_ref(v5, "合计", "小计", "本年支出合计", "决算数")
        if gp is not None and exp is not None and t5 is not None:
            ran = True
            f = ix.equal_finding("B7", side_ref(v4, exp, gp, exact=True), t5,
                                 title="一般公共预算财政拨款支出：公开04表 ≠ 公开05表合计")
            if f:
                yield f
            yield from _tie_classes(ix, "B7", v4, gp, v5, t5.col, "一般公共预算支出类级：公开04表 ≠ 公开05表")
    if v12 is not None:
        # the 12 holds every 财政拨款 fund: it ties to the 04's 支出 total column (合计 / 小计, or its
        # one column of figures), not to a fund's
        cols = _fund_cols(right)
        total = next((c for c in cols if not any(w in c for w in table_types.FUNDS)), None)
        c12 = _subset_col(v12, "合计")
        r12 = v12.total_row()
        if total is not None and exp is not None and c12 is not None and r12 is not None:
            ran = True
            name = _table_name(v12)
            f = ix.equal_finding("B7", side_ref(v4, exp, total, exact=True), v12.ref(r12, c12, "合计", "合计"),
                                 title=f"财政拨款支出：公开04表本年支出合计 ≠ {name}合计")
            if f:
                yield f
            yield from _tie_classes(ix, "B7", v4, total, v12, c12, f"财政拨款支出类级：公开04表 ≠ {name}")
    if not ran:
        raise Skip("未找到公开04表一般公共预算列/本年支出合计或公开05表合计")


@rule("B9", name="一般公共预算基本支出 = 人员经费合计 + 公用经费合计", tables=(T05, T06))
def b9(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """一般公共预算财政拨款支出决算表合计行的基本支出等于基本支出决算明细表人员经费合计与公用经费合计之和。

    依据: 公开05表 合计.基本支出 = 公开06表 人员经费合计 + 公用经费合计。
    """
    v5, v6 = _need(ix, "05", "06")
    t5 = _total_ref(v5, "基本支出")
    _lines, totals = econ_lines(ix, v6)
    if t5 is None:
        raise Skip("公开05表未找到合计 / 基本支出")
    if "基本支出合计" in totals:
        f = ix.equal_finding("B9", t5, totals["基本支出合计"], title="基本支出：公开05表 ≠ 公开06表基本支出合计")
        if f:
            yield f
        return
    p, g = totals.get("人员经费合计"), totals.get("公用经费合计")
    if p is None or g is None:
        raise Skip("公开06表未找到人员经费合计/公用经费合计")
    yield ix.sum_finding("B9", t5, [p, g], title="基本支出：公开05表 ≠ 公开06表", names=["人员经费合计", "公用经费合计"])


def _empty_noted(t: Table) -> bool:
    text = norm((t.note or "") + " " + " ".join(t.header[0] if t.header else []))
    return any(k in text for k in ("无数据", "空表", "无此", "没有", "无政府性基金", "无国有资本"))


def _has_money(v) -> bool:
    """The table prints an amount: a non-zero figure written as money (decimals, thousands
    separator, or 3+ digits) — a lone "3" is a 栏次 number left in a data row, not data."""
    for r in range(len(v.t.rows)):
        for c in v.amount_cols():
            val = v.value(r, c)
            if val in (None, Decimal(0)):
                continue
            txt = re.sub(r"\s", "", v.text(r, c))
            if "." in txt or "," in txt or len(re.sub(r"\D", "", txt)) >= 3:
                return True
    return False


def _b1_list(ix: DocIndex, v1, v2, left, total2: int) -> Iterator[Finding]:
    """A 收入总表 printed as a list with one 金额 column (预算, 江苏): its 收入总计 is the 收支总表's
    收入 total — the grand one (收入合计 / 收入总计) when the list has a 上年结转 line, else the
    当年 / 本年收入合计."""
    carry = any("上年结转" in (v2.keys[r] or "") for r in range(len(v2.t.rows)))
    inc = (ix.side_find(left, "收入合计", "收入总计") if carry else None) or ix.side_find(left, *INCOME_TOTAL)
    if inc is None:
        raise Skip("未找到本年收入合计")
    c2 = v2.amount_cols()[0]
    f = ix.equal_finding("B1", side_ref(v1, inc), v2.ref(total2, c2, _label(v2, total2)),
                         title=f"{inc.label}：公开01表 ≠ 公开02表")
    if f:
        yield f


def _label(v, r: int) -> str:
    return v.t.rows[r].label or "合计"


@rule("B10", name="财政拨款总表基金/国资列 = 07/08表合计；为0则07/08为空表并说明", tables=(T04, T07, T08))
def b10(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """财政拨款收入支出决算总表的政府性基金、国有资本经营本年支出与公开07、08表合计一致；无数时07、08表为空表并有说明。

    依据: 公开04表 本年支出合计.政府性基金预算财政拨款 = 公开07表 合计.本年支出；国有资本经营同理；空表须注明“本表无数据”。
    """
    v4 = ix.get("04")
    if v4 is None or len(v4.blocks) < 2:
        raise Skip("未找到财政拨款收入支出决算总表")
    right = ix.sides(v4, 1)
    exp = ix.side_find(right, *EXPENSE_TOTAL)
    if exp is None:
        raise Skip("公开04表未找到本年支出合计")
    ran = False
    for role, fund in (("07", "政府性基金"), ("08", "国有资本经营")):
        col = next((c for c in _fund_cols(right) if fund in c), None)
        v = ix.get(role)
        if col is None or v is None:
            continue
        ran = True
        ref4 = side_ref(v4, exp, col, exact=True)
        amount4 = ref4.wan if ref4 is not None else None
        t = v.total_row()
        c = v.col("小计", "合计", "本年支出", exclude=("年初结转", "年末结转", "本年收入"))
        total = v.ref(t, c, "合计") if t is not None and c is not None else None
        tv = total.wan if total is not None else None
        if not amount4 and not tv:
            if _has_money(v):
                yield Finding("B10", ERROR, f"{v.t.title}：公开04表{fund}支出为0，但本表有数",
                              v.location(0, None))
            elif not _empty_noted(v.t) and v.t.rows:
                yield Finding("B10", WARNING, f"{v.t.title}：本表无数，但未注明“本表无数据”的空表说明",
                              Location(table=v.t.id, page=v.t.pages[0] if v.t.pages else None, row_label=v.t.title))
            continue
        if total is None:
            yield Finding("B10", ERROR, f"{v.t.title}：公开04表{fund}本年支出 {fmt(amount4)}，本表未列合计",
                          ref4.location() if ref4 else Location(table=v4.t.id))
            continue
        f = ix.equal_finding("B10", total, ref4, title=f"{fund}本年支出：{v.t.title} ≠ 公开04表")
        if f:
            yield f
    if not ran:
        raise NotApplicable("文档中没有政府性基金 / 国有资本经营预算财政拨款表")


@rule("B12", name="一般公共预算各项支出 ≤ 支出决算表同项", tables=(T03, T05, T12))
def b12(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """一般公共预算财政拨款支出决算表每个科目的支出不大于支出决算表同一科目（财政拨款是全部资金的一部分）。

    依据: 公开05表 各科目 合计/基本支出/项目支出 ≤ 公开03表 同科目同列。印有财政拨款支出表（全部财政拨款，
    按功能分类）时，同理：一般公共预算 ⊂ 财政拨款 ⊂ 全部资金，公开05表 各科目 ≤ 财政拨款支出表同科目 ≤
    公开03表同科目（逐对比较相邻的两表）。
    """
    # the subset chain 05 ⊂ 12 ⊂ 03 over the tables printed: neighbours compared, so that an item
    # too large is reported where it first exceeds; 05 with 03 directly where no 12 is printed, or
    # where the 12 cannot be compared with one of them (no column or 科目 in common)
    v3, v5, v12 = ix.get("03"), ix.get("05"), ix.get("12")
    if v12 is None or (v3 is None and v5 is None):
        v3, v5 = _need(ix, "03", "05")
    steps: dict[tuple[str, str], list[tuple[int, str, Finding]]] = {}
    for small, big in ((v5, v12), (v12, v3)):
        if small is not None and big is not None and (got := _subset(ix, small, big)) is not None:
            steps[(small.role, big.role)] = got
    if v5 is not None and v3 is not None and len(steps) < 2 and (got := _subset(ix, v5, v3)) is not None:
        seen = {(i, name) for i, name, _f in steps.get(("05", "12"), [])}  # (one finding a cell)
        steps[("05", "03")] = [x for x in got if x[:2] not in seen]
    if not steps:
        raise Skip("未找到可比较的列")
    for got in steps.values():
        for _i, _name, f in got:
            yield f


def _subset(ix: DocIndex, small: TableView, big: TableView) -> list[tuple[int, str, Finding]] | None:
    """B12 on one pair: each 科目 of `small` ≤ the same 科目 of `big`, column by column; (row of
    small, column name, finding) for each one that is not. None where the two cannot be compared:
    no column in common, or (a pair with the 12) no 科目 in common."""
    pairs = []
    for name in ("合计", "基本支出", "项目支出"):
        cs, cb = _subset_col(small, name), _subset_col(big, name)
        if cs is not None and cb is not None:
            pairs.append((name, cs, cb))
    if not pairs:
        return None
    items = _same_items(big, small)
    if not items or ("12" in (small.role, big.role) and not any(j is not None for _i, j, _item in items)):
        return None
    a_name, b_name = _table_name(small), _table_name(big)
    out = []
    for i, j, item in items:
        for name, cs, cb in pairs:
            a = small.ref(i, cs)
            if a.wan in (None, Decimal(0)):
                continue
            if j is None:
                out.append((i, name, Finding("B12", ERROR, f"{item}：{a_name}{name} {fmt(a.value)}，{b_name}无此科目",
                                             a.location(), None, a.value, None)))
                break
            b = big.ref(j, cb)
            bv = b.wan or Decimal(0)
            ix.note("B12", a, [(b, b.view.factor / a.view.factor)], kind="le")
            if a.wan > bv:
                diff = a.wan - bv
                out.append((i, name, Finding(
                    "B12", ERROR, f"{item} / {name}：{a_name} {fmt(a.wan)} > {b_name} {fmt(bv)}（超出 {fmt(diff)}）",
                    a.location(), bv, a.wan, diff, (b.location(),))))
    return out


def _subset_col(v: TableView, name: str) -> int | None:
    """B12's column `name` (合计 / 基本支出 / 项目支出) of a 支出 table: the all-funds 03 by its 本年支出
    合计; the 05 and the 12 by 合计 / 小计 (not a 年初预算数 printed beside it), or by their one column
    of figures when they print only that (金额, as 江苏's 预算 tables do)."""
    if v.role == "03":
        return v.col(*(("本年支出合计", "合计") if name == "合计" else (name,)))
    c = v.col(*(("合计", "小计", "本年支出合计") if name == "合计" else (name,)), exclude=("年初预算", "预算数"))
    if c is None and name == "合计" and len(v.amount_cols()) == 1:
        c = v.amount_cols()[0]
    return c


def _table_name(v: TableView) -> str:
    """How a message names the table: its standard label (公开05表), or its title where the type has
    no 公开NN label (财政拨款支出表)."""
    label = ROLE_LABEL.get(v.role) or ""
    return label if re.fullmatch(r"公开\d\d表", label) else f"《{v.t.title or ROLE_NAME[v.role]}》"


def _same_items(v3: TableView, v5: TableView) -> list[tuple[int, int | None, str]]:
    """(row of 05, the same 科目's row of 03 or None, how to name it) for each 科目 row of 05: by
    code (and name, where 03 prints a code twice). Where either table prints names without codes,
    by name under the 类 / 款 matched above it (`match_names`); a name found nowhere is left out —
    without codes it may be a 科目 printed under another name, not one missing."""
    if not v3.code_rows() or not v5.code_rows():
        found = match_names(v3, v5)
        parent: dict[int, int] = {}
        above: list[int] = []
        for i, lvl in v5.hierarchy_rows():
            del above[lvl - 1:]
            if above:
                parent[i] = above[-1]
            above.append(i)

        def path(i: int) -> str:
            return f"{path(parent[i])} > {v5.t.rows[i].label}" if i in parent else v5.t.rows[i].label

        return [(i, j, path(i)) for i, j in found.items()]
    rows3: dict = {}
    counts: dict[str, int] = {}
    for j, code, _lvl in v3.code_rows():
        rows3.setdefault((code, v3.keys[j]), j)
        rows3.setdefault((code, ""), j)
        counts[code] = counts.get(code, 0) + 1
    return [(i, rows3.get((code, "")) if counts.get(code) == 1 else rows3.get((code, v5.keys[i])),
             f"{code} {v5.t.rows[i].label}") for i, code, _lvl in v5.code_rows()]


SANGONG_ECON = (("30212", "出国", "因公出国（境）费"), ("30217", "接待", "公务接待费"),
                ("30231", "运行", "公务用车运行维护费"), ("31013", "购置", "公务用车购置费"))


@rule("B13", name="基本支出明细中三公科目 ≤ 三公经费决算数", tables=(T06, T09))
def b13(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """基本支出决算明细表中30212、30217、30231、31013科目金额不大于“三公”经费表对应决算数。

    依据: “三公”经费决算数包括基本支出和项目支出：公开06表 因公出国（境）费用/公务接待费/公务用车运行维护费/公务用车购置 ≤ 公开09表 决算数。
    """
    v6, v9 = _need(ix, "06", "09")
    lines, _ = econ_lines(ix, v6)
    by_code = {ln.code: ln for ln in lines}
    empty09 = not sangong_rows(ix, v9)
    within = "预算数" if "预算" in (ix.doc.kind or "") else "决算数"  # a 预算 compares its 预算数
    lines = sangong_lines(ix, v9, within)
    if not empty09 and not lines:
        raise Skip(f"“三公”经费表未识别出{within}列")
    for code, key, name in SANGONG_ECON:
        ln = by_code.get(code)
        if ln is None or ln.ref.wan in (None, Decimal(0)):
            continue
        if empty09:
            yield Finding("B13", ERROR, f"{code} {name}：公开06表 {fmt(ln.ref.wan)}，但“三公”经费表无数据",
                          ln.ref.location(), Decimal(0), ln.ref.wan, ln.ref.wan)
            continue
        at = lines[0].get(key)
        if at is None:
            continue
        b = v9.ref(*at, f"{within} / {name}")
        bv = b.wan or Decimal(0)
        ix.note("B13", ln.ref, [(b, b.view.factor / ln.ref.view.factor)], kind="le")
        # a 元 figure against a 万元 one printed to 0.01: compared as the 万元 table rounds it
        # (7,315 元 is the 0.73 万元 printed, not more)
        mine = ln.ref.wan.quantize(Decimal("0.01")) if v9.unit == "万元" and ln.ref.view.unit != "万元" else ln.ref.wan
        if mine > bv:
            yield Finding("B13", ERROR, f"{code} {name}：公开06表 {fmt(ln.ref.wan)} > 公开09表{within} {fmt(bv)}",
                          ln.ref.location(), bv, ln.ref.wan, ln.ref.wan - bv, (b.location(),))


@rule("B15", name="各表金额单位一致（元表换算后比较）", tables=())
def b15(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """各决算表印有金额单位，且与文档主单位一致；以元为单位的表换算为万元后再比较。

    依据: 决算公开格式要求（每张表注明金额单位，全套报表单位统一）。
    """
    views = [v for v in ix.views if v.role and v.role not in table_types.PERF_ROLES + ("10",) and v.t.kind != "form"]
    if not views:
        raise Skip("未识别出决算表")
    units = [v.printed_unit for v in views if v.printed_unit]
    if not units:
        raise Skip("各表均未印金额单位")
    main = max(set(units), key=units.count)
    for v in views:
        if not v.printed_unit:
            yield Finding("B15", WARNING, f"{v.t.title}：未印金额单位，按{main}处理",
                          Location(table=v.t.id, page=v.t.pages[0] if v.t.pages else None, row_label=v.t.title))
        elif v.printed_unit != main:
            yield Finding("B15", INFO, f"{v.t.title}：金额单位为{v.printed_unit}（其余各表为{main}），比较时已换算",
                          Location(table=v.t.id, page=v.t.pages[0] if v.t.pages else None, row_label=v.t.title))


def _title_key(title: str | None) -> str:
    t = norm(title)
    t = re.sub(r"^(?:公开|附表)?\d+表?", "", t)
    t = re.sub(r"[(（]?续表?[)）]?$", "", t)
    return t


@rule("B16", name="目录所列表格与正文一致", tables=())
def b16(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """目录列出的决算表与正文中的表一一对应，无缺漏、无重复。

    依据: 部门决算公开目录与报表一致（决算公开格式要求）。
    """
    toc = ix.doc.toc
    if not toc:
        raise Skip("未提取到目录")
    toc_roles = []
    for title in toc:
        role = classify(Table("", title, None, None, [], [], [], []))
        if role and role not in table_types.PERF_ROLES:
            toc_roles.append((role, title))
    body_roles = [v.role for v in ix.views if v.role and v.role not in table_types.PERF_ROLES]
    for role, title in toc_roles:
        if role not in body_roles:
            yield Finding("B16", WARNING, f"目录列有“{title}”，正文中未找到该表",
                          Location(row_label=title))
    seen = set()
    toc_set = {r for r, _ in toc_roles}
    for v in ix.views:
        if not v.role or v.role in table_types.PERF_ROLES:
            continue
        # the same table twice (same title); two different tables of one role (some provinces: 财政拨款 and
        # 一般公共预算 基本支出表, 机关运行经费 and 政府采购 表) are not duplicates
        tkey = (v.role, _title_key(v.t.title))
        if tkey in seen:
            yield Finding("B16", WARNING, f"{v.t.title}：正文中重复出现（{ROLE_LABEL.get(v.role, '')}）",
                          Location(table=v.t.id, page=v.t.pages[0] if v.t.pages else None, row_label=v.t.title))
        seen.add(tkey)
        if toc_roles and v.role not in toc_set:
            yield Finding("B16", WARNING, f"{v.t.title}：正文有此表，目录未列",
                          Location(table=v.t.id, page=v.t.pages[0] if v.t.pages else None, row_label=v.t.title))
