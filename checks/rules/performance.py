"""E rules: 项目支出绩效自评表 (Table.kind == "form"), read as a grid by label text.

Forms differ by province; every figure is located by the printed labels (全年预算数 / 调整后预算数 /
预算数（A）, 执行数, 执行率, 分值, 得分, 总分), never by position on the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterator

from auditdesk.checks.config import CheckConfig
from auditdesk.checks.finding import ERROR, INFO, WARNING, Finding, Location
from auditdesk.checks.index import TPERF, DocIndex, TableView, fmt, norm
from auditdesk.checks.registry import NotApplicable, Skip, rule
from auditdesk.parsing.numbers import UNIT_FACTOR, parse_number

Z = Decimal(0)
_PLAIN = re.compile(r"^\s*[+-]?\d[\d,]*(\.\d+)?\s*%?\s*$")
_POINTS = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分")


def _num(text: str) -> Decimal | None:
    if not _PLAIN.match(text or ""):
        return None
    return parse_number(text)


def _decimals(v: Decimal) -> int:
    e = v.as_tuple().exponent
    return -e if isinstance(e, int) and e < 0 else 0


def close_at_precision(printed: Decimal, exact: Decimal, slack: Decimal = Decimal("0.01")) -> bool:
    half = Decimal(5) * Decimal(10) ** (-(_decimals(printed) + 1))
    return abs(printed - exact) <= max(half, Decimal("0.005")) + slack


@dataclass
class Cellref:
    row: int
    col: int
    value: Decimal
    text: str


@dataclass
class Budget:
    header_row: int
    row: int
    budget: Cellref | None = None
    execd: Cellref | None = None
    rate: Cellref | None = None
    score: Cellref | None = None
    points: Decimal | None = None
    points_ref: Cellref | None = None
    budget_label: str = ""


@dataclass
class Form:
    v: TableView
    name: str
    unit: str | None
    budget: Budget | None = None
    fund_rows: list[tuple[int, str]] = field(default_factory=list)  # (row, label)
    amount_cols: list[int] = field(default_factory=list)
    n_amounts: int = 0  # amount columns (预算/执行/结余) before 执行率 / 分值 / 得分
    scores: list[tuple[Cellref | None, Cellref]] = field(default_factory=list)  # (分值, 得分)
    total: Cellref | None = None
    grade: str | None = None
    total_row: int | None = None


def _texts(v: TableView, r: int) -> list[str]:
    return [c.text for c in v.t.rows[r].cells]


def _find(texts: list[str], *words: str) -> int | None:
    for w in words:
        for j, t in enumerate(texts):
            if w in norm(t):
                return j
    return None


def parse_form(v: TableView) -> Form:
    rows = v.t.rows
    name = ""
    unit = v.t.unit
    for r in range(len(rows)):
        tx = _texts(v, r)
        if tx and norm(tx[0]).startswith("项目名称"):
            name = next((t for t in tx[1:] if t.strip()), "")
        for t in tx:
            m = re.search(r"[（(](万元|元)[)）]", norm(t))
            if m and unit is None:
                unit = m.group(1)
    f = Form(v, norm(name), unit)
    # the budget-execution block
    for r in range(len(rows)):
        tx = _texts(v, r)
        j_exec = _find(tx, "全年执行数", "执行数")
        j_bud = _find(tx, "全年预算数", "调整后预算数", "预算数(A)", "预算数（A）", "预算数")
        if j_exec is None or j_bud is None or j_bud == j_exec:
            continue
        b = Budget(r, -1, budget_label=norm(tx[j_bud]))
        j_rate = _find(tx, "执行率")
        j_score = _find(tx, "得分")
        j_pts = _find(tx, "分值")
        pts = None
        for t in tx:
            m = _POINTS.search(norm(t).replace("分*", "分)"))
            if m and ("预算执行" in norm(t) or "得分" in norm(t)):
                pts = Decimal(m.group(1))
        # data rows below the header, until the indicators start
        for r2 in range(r + 1, min(r + 6, len(rows))):
            t2 = _texts(v, r2)
            if any(k in norm(x) for x in t2 for k in ("绩效指标", "一级指标", "年度目标", "绩效目标")):
                break
            cells = {j: _num(x) for j, x in enumerate(t2)}
            nums = [(j, x) for j, x in cells.items() if x is not None]
            if len(nums) < 2:
                continue
            label = norm(next((x for x in t2 if x.strip() and _num(x) is None), ""))
            if f.budget is None or b.row < 0:
                b.row = r2
                _assign(v, b, t2, r2, tx, j_bud, j_exec, j_rate, j_score, j_pts)
                b.points = pts if b.points is None else b.points
            f.fund_rows.append((r2, label))
        f.amount_cols = [j for j in (j_bud, j_exec, _find(tx, "年初预算数")) if j is not None]
        sub = _texts(v, r + 1) if r + 1 < len(rows) else []
        n = 0
        for j, t in enumerate(tx):
            w = norm(t)
            if any(x in w for x in ("执行率", "分值", "得分")):
                break
            if any(x in w for x in ("预算", "执行数", "结余", "结转", "余额")):
                subs = [x for x in sub[j:j + 3] if any(y in norm(x) for y in ("申报", "编制"))] if "年初" in w else []
                n += max(1, len(subs))
        f.n_amounts = n
        if b.row >= 0:
            f.budget = b
        break
    # scored rows: after any header that has 得分
    score_col = None
    pts_col = None
    start = f.budget.row + 1 if f.budget else 0
    for r in range(start, len(rows)):
        tx = _texts(v, r)
        first = norm(next((t for t in tx if t.strip()), ""))
        if first.replace(" ", "") in ("总分", "总计") or first.startswith("总分"):
            nums = [(j, _num(t)) for j, t in enumerate(tx) if _num(t) is not None]
            if nums:
                j, val = nums[-1]
                f.total = Cellref(r, j, val, tx[j])
                f.total_row = r
            g = [t for t in tx if norm(t) in ("优", "良", "中", "差", "优秀", "良好", "合格", "不合格")]
            f.grade = norm(g[0]) if g else None
            break
        if any(norm(t).startswith("得分") and len(norm(t)) <= 16 for t in tx):
            score_col = _find(tx, "得分")
            pts_col = _find(tx, "分值")
            continue
        if score_col is None:
            continue
        plain = [(j, _num(t)) for j, t in enumerate(tx) if _num(t) is not None and "%" not in t]
        if not plain:
            continue
        sc = plain[-1]
        pt = plain[-2] if pts_col is not None and len(plain) >= 2 else None
        f.scores.append((Cellref(r, pt[0], pt[1], tx[pt[0]]) if pt else None, Cellref(r, sc[0], sc[1], tx[sc[0]])))
    return f


def _assign(v, b: Budget, t2, r2, head, j_bud, j_exec, j_rate, j_score, j_pts):
    def at(j):
        if j is None or j >= len(t2):
            return None
        x = _num(t2[j])
        return Cellref(r2, j, x, t2[j]) if x is not None else None

    pos = dict(budget=at(j_bud), execd=at(j_exec), rate=at(j_rate), score=at(j_score), pts=at(j_pts))
    # left-aligned alternative (the extractor may shift a row by one cell)
    numeric_heads = [j for j in range(len(head)) if any(k in norm(head[j]) for k in
                                                       ("预算", "执行", "结", "率", "得分", "分值", "申报", "编制"))]
    nums = [(j, _num(x)) for j, x in enumerate(t2) if _num(x) is not None]
    alt = {}
    for (j, x), hj in zip(nums, numeric_heads):
        alt[hj] = Cellref(r2, j, x, t2[j])
    alt_map = dict(budget=alt.get(j_bud), execd=alt.get(j_exec), rate=alt.get(j_rate), score=alt.get(j_score),
                   pts=alt.get(j_pts) if j_pts is not None else None)

    def consistent(m):
        bu, ex, ra = m["budget"], m["execd"], m["rate"]
        if bu is None or ex is None:
            return False
        if ra is None or bu.value == 0:
            return True
        return close_at_precision(ra.value, ex.value * 100 / bu.value, Decimal("0.02"))

    chosen = pos if consistent(pos) or not consistent(alt_map) else alt_map
    b.budget, b.execd, b.rate, b.score = chosen["budget"], chosen["execd"], chosen["rate"], chosen["score"]
    if chosen.get("pts") is not None:
        b.points, b.points_ref = chosen["pts"].value, chosen["pts"]


def forms(ix: DocIndex) -> list[Form]:
    return ix.cached("forms", lambda: [parse_form(v) for v in ix.views if v.t.kind == "form" or v.role == "perf"])


def _need_forms(ix):
    fs = forms(ix)
    if not fs:
        raise NotApplicable("文档中没有项目支出绩效自评表")
    return fs


def loc(f: Form, c: Cellref | None, r: int | None = None) -> Location:
    v = f.v
    if c is None:
        return Location(table=v.t.id, row=r, page=v.t.pages[0] if v.t.pages else None, row_label=f.name or v.t.title)
    l = v.location(c.row, c.col, f.name or v.t.title)
    return l


def _title(f: Form) -> str:
    return f"绩效自评表“{f.name or f.v.t.title}”"


@rule("E1", name="执行率 = 全年执行数 ÷ 全年预算数", tables=(TPERF,))
def e1(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """绩效自评表：执行率等于全年执行数除以全年预算数（表头为调整后预算数/预算数（A）时以其为准）。

    依据: 项目支出绩效自评表填报说明（“执行率”是执行数与“全年预算数”相比较）。
    """
    fs = _need_forms(ix)
    ran = False
    for f in fs:
        b = f.budget
        if b is None or b.rate is None or b.budget is None or b.execd is None:
            continue
        ran = True
        if b.budget.value == 0:
            if b.rate.value != 0:
                yield Finding("E1", WARNING, f"{_title(f)}：{b.budget_label}为0，执行率 {b.rate.text} 无意义", loc(f, b.rate))
            continue
        exact = b.execd.value * 100 / b.budget.value
        printed = b.rate.value
        if "%" not in b.rate.text and printed <= Decimal("1.5") and exact > Decimal("1.5") \
                and close_at_precision(printed * 100, exact, Decimal("0.01") * (Decimal(10) ** max(0, 2 - _decimals(printed)))):
            continue  # printed as a fraction (0.8626)
        if not close_at_precision(printed, exact):
            shown = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if abs(exact) < 10**20 else exact
            yield Finding("E1", ERROR, f"{_title(f)}：执行率 ≠ 全年执行数 ÷ {b.budget_label}：{fmt(b.execd.value)} ÷ "
                                       f"{fmt(b.budget.value)} = {shown}% ≠ {b.rate.text}",
                          loc(f, b.rate), shown, b.rate.value, b.rate.value - shown,
                          (loc(f, b.execd), loc(f, b.budget)))
    if not ran:
        raise Skip("绩效自评表中未找到全年预算数/全年执行数/执行率")


_FUND_PARTS = ("财政拨款", "财政资金", "预算资金", "上年结转", "其他资金", "专户", "单位资金", "自筹")


@rule("E2", name="年度资金总额 = 财政拨款 + 上年结转 + 其他资金", tables=(TPERF,))
def e2(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """绩效自评表：年度资金总额等于本年财政拨款、上年结转资金与其他资金之和（各列分别）。

    依据: 项目支出绩效自评表 年度资金总额 = 其中：财政拨款 + 上年结转 + 其他资金。
    """
    fs = _need_forms(ix)
    ran = False
    for f in fs:
        total = next(((r, lab) for r, lab in f.fund_rows if "资金总额" in lab or "总额" in lab), None)
        parts = [(r, lab) for r, lab in f.fund_rows if any(k in lab for k in _FUND_PARTS) and "总额" not in lab]
        if total is None or not parts:
            continue
        ran = True
        v = f.v
        k = f.n_amounts or 1

        def seq(r):
            """Cells after the row's label, kept in their slots ('-' / blank = None)."""
            tx = _texts(v, r)
            start = next((j for j, t in enumerate(tx) if t.strip() and _num(t) is None), -1)
            out = []
            for t in tx[start + 1:]:
                if _num(t) is not None:
                    out.append(_num(t))
                elif not t.strip() or set(t.strip()) <= set("-—－/"):
                    out.append(None)
                else:
                    break
            while out and out[0] is None and len(out) > k:
                out.pop(0)
            return out[:k]

        tseq = seq(total[0])
        pseqs = [seq(r) for r, _ in parts]
        for c in range(len(tseq)):
            tv = tseq[c]
            vals = [ps[c] if c < len(ps) else None for ps in pseqs]
            if tv is None or all(x is None for x in vals):
                continue
            s = sum((x or Z for x in vals), Z)
            diff = tv - s
            sev = cfg.severity(diff, len([x for x in vals if x]) or 1)
            if sev == ERROR and len({len(tseq)} | {len(ps) for ps in pseqs}) > 1:
                sev = WARNING  # rows of unequal shape: the grid may be misread, ask the auditor
            if sev:
                yield Finding("E2", sev, f"{_title(f)}：年度资金总额 ≠ {' + '.join(lab for _, lab in parts)}："
                                         f"{' + '.join(fmt(x or Z) for x in vals)} = {fmt(s)} ≠ {fmt(tv)}（差 {fmt(diff)}）",
                              v.location(total[0], None, f.name), s, tv, diff)
    if not ran:
        raise Skip("绩效自评表未分列财政拨款/上年结转/其他资金")


@rule("E3", name="预算执行得分 = min(执行率, 100%) × 分值", tables=(TPERF,))
def e3(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """绩效自评表：预算执行得分等于执行率（不超过100%）乘以该项分值。

    依据: 项目支出绩效自评表 预算执行率得分 = 分值 × min(执行率, 100%)。
    """
    fs = _need_forms(ix)
    ran = False
    for f in fs:
        b = f.budget
        if b is None or b.score is None or b.points is None:
            continue
        if b.rate is not None:
            rate = b.rate.value
            if "%" not in b.rate.text and rate <= Decimal("1.5") and b.budget is not None and b.execd is not None \
                    and b.budget.value and b.execd.value * 100 / b.budget.value > Decimal("1.5"):
                rate = rate * 100
        elif b.budget is not None and b.execd is not None and b.budget.value:
            rate = b.execd.value * 100 / b.budget.value
        else:
            continue
        ran = True
        exact = min(rate, Decimal(100)) * b.points / 100
        if b.score.value > b.points or not close_at_precision(b.score.value, exact, Decimal("0.01")):
            shown = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if abs(exact) < 10**20 else exact
            yield Finding("E3", ERROR, f"{_title(f)}：预算执行得分 ≠ min(执行率, 100%) × 分值：min({fmt(rate)}%, 100%) × "
                                       f"{fmt(b.points)} = {shown} ≠ {b.score.text}",
                          loc(f, b.score), shown, b.score.value, b.score.value - shown)
    if not ran:
        raise Skip("绩效自评表未印预算执行分值或得分")


def _grade(total: Decimal) -> str:
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


@rule("E4", name="总分 = Σ 得分；得分 ≤ 分值；等级与总分相符", tables=(TPERF,))
def e4(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """绩效自评表：总分等于各项得分之和，每项得分不超过分值，自评等级与总分相符（≥90 优，80–90 良，60–80 中，<60 差）。

    依据: 项目支出绩效自评表评分规则（财政部 绩效自评等级划分）。
    """
    fs = _need_forms(ix)
    ran = False
    for f in fs:
        for pts, sc in f.scores:
            if pts is not None and sc.value > pts.value:
                ran = True
                # a score above the form's 100 points is a misread cell ("10" | "10" read as
                # "1010"), not a scoring error: 核实
                sev = ERROR if sc.value <= 100 and pts.value <= 100 else WARNING
                yield Finding("E4", sev, f"{_title(f)}：得分 {sc.text} 超过分值 {pts.text}", loc(f, sc), pts.value,
                              sc.value, sc.value - pts.value)
        if f.total is None:
            continue
        ran = True
        budget_score = f.budget.score.value if f.budget and f.budget.score else None
        has_budget_part = f.budget is not None and f.budget.rate is not None
        if f.scores and (budget_score is not None or not has_budget_part):
            parts = [sc.value for _p, sc in f.scores] + ([budget_score] if budget_score is not None else [])
            s = sum(parts, Z)
            diff = f.total.value - s
            if abs(diff) > Decimal("0.01") * len(parts):
                # score rows are found by layout heuristics on free-form grids: 核实, not 错误
                yield Finding("E4", WARNING, f"{_title(f)}：总分 ≠ Σ 得分：{' + '.join(fmt(x) for x in parts)} = {fmt(s)} ≠ "
                                           f"{f.total.text}（差 {fmt(diff)}）", loc(f, f.total), s, f.total.value, diff)
            elif diff:
                yield Finding("E4", INFO, f"{_title(f)}：总分与各项得分之和相差 {fmt(diff)}（尾差）", loc(f, f.total),
                              s, f.total.value, diff)
        if f.grade and f.grade[:1] in "优良中差":
            want = _grade(f.total.value)
            if f.grade[:1] != want:
                yield Finding("E4", ERROR, f"{_title(f)}：总分 {f.total.text} 对应等级“{want}”，表中为“{f.grade}”",
                              loc(f, f.total))
    if not ran:
        raise Skip("绩效自评表中未找到总分/得分")


@rule("E5", name="绩效自评表金额单位（元/万元）换算后与情况说明一致", tables=(TPERF,))
def e5(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """绩效自评表的金额单位（常为元）在与以万元表述的情况说明、决算表比较时先行换算；项目全年预算数/执行数与情况说明一致。

    依据: 项目支出绩效自评表单位说明；预算绩效情况说明须与自评表一致。
    """
    fs = _need_forms(ix)
    from auditdesk.checks.rules.narrative import parsed, sent_loc, same_at_precision

    by_name = {f.name: f for f in fs if f.name and f.budget is not None}
    if not by_name or not ix.doc.narrative:
        raise Skip("无可与情况说明比较的绩效自评表金额")
    ran = False
    for p in parsed(ix):
        m = re.match(r"^\s*(?:\d+[.、．]\s*)?(.+?)\s*项目(?:绩效)?自评", p.text)
        if not m:
            continue
        f = by_name.get(norm(m.group(1)))
        if f is None:
            continue
        factor = UNIT_FACTOR.get(f.unit or "万元", Decimal(10000)) / UNIT_FACTOR["万元"]
        for a in p.amounts:
            which = f.budget.budget if a.role == "budget" else f.budget.execd if "执行数" in a.key else None
            if which is None:
                continue
            ran = True
            tv = which.value * factor
            half = Decimal(5) * Decimal(10) ** (-(_decimals(a.value) + 1))
            if abs(tv - a.wan) <= half + Decimal("0.0001") or (factor != 1 and abs(tv - a.wan) <= Decimal("0.01")):
                continue
            yield Finding("E5", ERROR, f"情况说明“{m.group(1).strip()}”{'全年预算数' if a.role == 'budget' else '执行数'} "
                                       f"{fmt(a.value)}万元 与绩效自评表 {which.text}{f.unit or '万元'}（= {fmt(tv)}万元）不一致",
                          sent_loc(p), tv, a.wan, a.wan - tv, (loc(f, which),))
    if not ran:
        raise Skip("情况说明中未找到与绩效自评表对应的项目金额")
