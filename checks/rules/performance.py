"""E rules: 绩效自评 forms (项目支出绩效自评表, 部门整体支出绩效自评表, 项目单位自评汇总表).

Every figure comes from `parsing.performance_forms` (read by the labels printed beside it,
never by position), and every finding points at the form cell that carries it.

Rounding, stated once: a printed rate or score is right when it is the recomputed value
rounded to the number of decimals it is printed with (half a unit of its last digit), plus
0.01 for the printed inputs' own rounding.  So 73% for 73.125 % and 19.3 for 19.306 pass;
6.32 for 10 × 56.89 % = 5.69 does not.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Iterator

from auditdesk.checks.config import CheckConfig
from auditdesk.checks.finding import ERROR, INFO, WARNING, Comparison, Finding, Location
from auditdesk.checks.index import TPERF, DocIndex, fmt
from auditdesk.checks.registry import NotApplicable, Skip, rule
from auditdesk.parsing.numbers import UNIT_FACTOR, parse_number
from auditdesk.parsing.performance_forms import (
    DEPARTMENT, DEPT_TARGET, PROJECT, TARGET, TARGETS, FormValue, PerformanceForm, PerformanceSummary, forms_of, norm,
    summaries_of,
)

Z = Decimal(0)
HUNDRED = Decimal(100)
SLACK = Decimal("0.01")


def _decimals(v: Decimal) -> int:
    e = v.as_tuple().exponent
    return -e if isinstance(e, int) and e < 0 else 0


def half_unit(v: Decimal) -> Decimal:
    return Decimal(5) * Decimal(10) ** (-(_decimals(v) + 1))


def close(printed: Decimal, exact: Decimal, slack: Decimal = SLACK) -> bool:
    """`printed` is `exact` rounded to the decimals it is printed with (± slack)."""
    return abs(printed - exact) <= half_unit(printed) + slack


def q2(v: Decimal) -> Decimal:
    try:
        return v.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except ArithmeticError:
        return v


# ------------------------------------------------------------------ document's forms


def all_forms(ix: DocIndex) -> list[PerformanceForm]:
    return ix.cached("perf_forms", lambda: forms_of(ix.doc.tables))


def forms(ix: DocIndex) -> list[PerformanceForm]:
    """The self-evaluation forms (results: 执行数, 得分): what E1, E3–E5 read.  A 预算's
    绩效目标表 prints targets only — no 执行数 to compare, no 得分 to add up."""
    return ix.cached("perf_eval_forms", lambda: [f for f in all_forms(ix) if f.kind not in TARGETS])


def targets(ix: DocIndex) -> list[PerformanceForm]:
    return ix.cached("perf_targets", lambda: [f for f in all_forms(ix) if f.kind in TARGETS])


def summaries(ix: DocIndex) -> list[PerformanceSummary]:
    return ix.cached("perf_summaries", lambda: summaries_of(ix.doc.tables))


def _need_forms(ix: DocIndex, with_targets: bool = False) -> list[PerformanceForm]:
    fs = forms(ix)
    if with_targets:
        fs = fs + targets(ix)
    if not fs and not summaries(ix):
        raise NotApplicable("文档中没有绩效自评表" + ("或绩效目标表" if with_targets else ""))
    return fs


def _name(f: PerformanceForm) -> str:
    return f.name or f.title


def _title(f: PerformanceForm) -> str:
    what = {DEPARTMENT: "部门整体绩效自评表", TARGET: "项目支出绩效目标表", DEPT_TARGET: "部门整体支出绩效目标表"}.get(
        f.kind, "绩效自评表")
    return f"{what}“{_name(f)}”"


def loc(f: PerformanceForm, fv: FormValue | None, what: str = "", row: int | None = None) -> Location:
    t = f.table
    label = f"{_name(f)}/{what}" if what else _name(f)
    if fv is None:
        page = t.rows[row].page if row is not None and row < len(t.rows) else (t.pages[0] if t.pages else None)
        bbox = t.rows[row].bbox if row is not None and row < len(t.rows) else None
        return Location(table=t.id, row=row, page=page, bbox=bbox, row_label=label)
    col = t.columns[fv.col] if fv.col < len(t.columns) else None
    return Location(table=t.id, row=fv.row, column=col, page=fv.page, bbox=fv.bbox, row_label=label, col=fv.col)


def sloc(s: PerformanceSummary, fv: FormValue, project: str, what: str) -> Location:
    t = s.table
    col = t.columns[fv.col] if fv.col < len(t.columns) else None
    return Location(table=t.id, row=fv.row, column=col, page=fv.page, bbox=fv.bbox, row_label=f"{project}/{what}", col=fv.col)


def rate_percent(f: PerformanceForm | None, fv: FormValue, budget: Decimal | None, execd: Decimal | None,
                 label: str = "") -> tuple[Decimal, bool]:
    """The printed 执行率 in percent points, and whether it was printed as a fraction (0.8626)."""
    v = fv.value or Z
    if fv.percent or "%" in label:
        return v, False
    if budget and execd is not None and v <= Decimal("1.5"):
        exact = execd * HUNDRED / budget
        if exact > Decimal("1.5") or (v and abs(v * HUNDRED - exact) < abs(v - exact)):
            return v * HUNDRED, True
    return v, False


def _sure(findings: Iterator[Finding], ix: DocIndex) -> Iterator[Finding]:
    """A form read without drawn rules is as sure as its reading: where every figure a
    finding rests on stands under its own printed label (a budget row not read "in order",
    an indicator row's 分值/得分 columns, the 总分 row) the error stays 错误 — the unruled
    reader puts every printed figure of the generated forms in its cell, and a block's rows
    are read alike (benchmarks/forms.py); a figure placed by order (its row printed off its
    labels) or a 汇总表 read without rules (the generic grid) makes it 核实, with that reason."""
    unruled_summaries = {s.table.id for s in summaries(ix) if not s.table.ruled}
    guessed = {(f.table.id, b.row) for f in all_forms(ix) if not f.table.ruled for b in f.budget_rows if b.ordered}
    # on a scanned page a "0" lost to the toner leaves a blank cell, and figures placed by
    # order then shift by one column: a row read so is as unsure as an unruled one
    ocr = set(ix.doc.ocr_pages)
    scanned = {(f.table.id, b.row) for f in all_forms(ix) if f.table.ruled and ocr.intersection(f.table.pages)
               for b in f.budget_rows if b.ordered}
    for fd in findings:
        cells = [fd.location] + list(fd.related)
        if fd.severity == ERROR and any(c.table in unruled_summaries or (c.table, c.row) in guessed for c in cells):
            fd = Finding(fd.rule, WARNING, fd.message + "（表格无框线，按文字位置读取，请核实）", fd.location,
                         fd.expected, fd.actual, fd.difference, fd.related)
        elif fd.severity == ERROR and any((c.table, c.row) in scanned for c in cells):
            fd = Finding(fd.rule, WARNING, fd.message + "（扫描件按顺序读取的数字，可能错列，请核实）", fd.location,
                         fd.expected, fd.actual, fd.difference, fd.related)
        yield fd


# ------------------------------------------------------------------ E1


@rule("E1", name="执行率 = 全年执行数 ÷ 全年预算数", tables=(TPERF,))
def e1(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """绩效自评表（含部门整体自评表、项目单位自评汇总表各行）：执行率等于全年执行数除以全年预算数（表头为调整后预算数/预算数（A）时以其为准）。

    依据: 项目支出绩效自评表填报说明（“执行率”是执行数与“全年预算数”相比较）。
    """
    return _sure(_e1(ix, cfg), ix)


def _e1(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    fs = _need_forms(ix)
    ran = False
    for f in fs:
        label = f.budget_labels.get("rate", "执行率")
        for b in f.budget_rows:
            ra, bu, ex = b.values.get("rate"), b.values.get("budget"), b.values.get("exec")
            if ra is None or bu is None or ex is None or bu.value is None or ex.value is None:
                continue
            ran = True
            yield from _rate_finding(f"{_title(f)} {b.label}", ra, bu.value, ex.value, norm(label),
                                     lambda fv, what: loc(f, fv, what), f.budget_labels.get("budget", "全年预算数"),
                                     (loc(f, ex, "执行数"), loc(f, bu, "预算数")))
    for s in summaries(ix):
        for r in s.rows:
            ra, bu, ex = r.values.get("rate"), r.values.get("budget"), r.values.get("exec")
            if ra is None or bu is None or ex is None:
                continue
            ran = True
            yield from _rate_finding(f"项目单位自评汇总表“{r.project}”", ra, bu.value, ex.value, "",
                                     lambda fv, what, r=r: sloc(s, fv, r.project, what), "全年预算数",
                                     (sloc(s, ex, r.project, "执行数"), sloc(s, bu, r.project, "预算数")))
    if not ran:
        raise Skip("绩效自评表中未找到全年预算数/全年执行数/执行率")


def _rate_finding(title, ra: FormValue, budget: Decimal, execd: Decimal, label: str, where, budget_label: str,
                  related) -> Iterator[Finding]:
    if budget == 0:
        if ra.value:
            yield Finding("E1", WARNING, f"{title}：{budget_label}为0，执行率 {ra.text} 无从计算", where(ra, "执行率"))
        return
    printed, fraction = rate_percent(None, ra, budget, execd, label)
    exact = execd * HUNDRED / budget
    if close(printed, exact) or (fraction and close(ra.value or Z, exact / HUNDRED, Decimal("0.0001"))):
        return
    yield Finding("E1", ERROR, f"{title}：执行率 ≠ 执行数 ÷ {budget_label}：{fmt(execd)} ÷ {fmt(budget)} = "
                               f"{q2(exact)}% ≠ {ra.text}（按印出的位数四舍五入比较）",
                  where(ra, "执行率"), q2(exact), printed, printed - q2(exact), related)


# ------------------------------------------------------------------ E2


@rule("E2", name="年度资金总额 = 各资金来源之和；结转结余 = 全年预算数 − 全年执行数", tables=(TPERF,))
def e2(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """绩效自评表：年度资金总额等于财政拨款、上年结转、其他资金等各来源之和（各列分别）；资金结（转）余等于全年预算数减全年执行数。
    绩效目标表（预算）：项目资金 年度资金总额等于财政拨款、其他资金等各来源之和。

    依据: 项目支出绩效自评表 年度资金总额 = 其中：财政拨款 + 上年结转 + 其他资金；结余 = 预算数 − 执行数。
    """
    return _sure(_e2(ix, cfg), ix)


def _e2(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    fs = _need_forms(ix, with_targets=True)
    ran = False
    for f in fs:
        total = f.budget
        if total is not None and any(k in total.label for k in ("总额", "合计", "总计")):
            parts = [b for b in f.budget_rows if b is not total and b.label]
            if parts:
                for role in ("initial", "budget", "exec"):
                    tv = total.values.get(role)
                    vals = [p.values.get(role) for p in parts]
                    if tv is None or tv.value is None or any(v is None or v.value is None for v in vals):
                        continue
                    ran = True
                    s = sum((v.value for v in vals), Z)
                    diff = tv.value - s
                    sev = cfg.severity(diff, sum(1 for v in vals if v.value) or 1)
                    if sev == ERROR and (total.ordered or any(p.ordered for p in parts)):
                        sev = WARNING  # figures not under their printed labels: ask the auditor
                    if sev:
                        yield Finding("E2", sev, f"{_title(f)}：{total.label} ≠ {' + '.join(p.label for p in parts)}"
                                                 f"（{norm(f.budget_labels.get(role, role))}）：{' + '.join(v.text for v in vals)} = "
                                                 f"{fmt(s)} ≠ {tv.text}（差 {fmt(diff)}）",
                                      loc(f, tv, f"{total.label}/{role}"), s, tv.value, diff,
                                      tuple(loc(f, v, f"{p.label}/{role}") for p, v in zip(parts, vals)))
        for b in f.budget_rows:
            bal, bu, ex = b.values.get("balance"), b.values.get("budget"), b.values.get("exec")
            if bal is None or bu is None or ex is None or None in (bal.value, bu.value, ex.value):
                continue
            ran = True
            exact = bu.value - ex.value
            diff = bal.value - exact
            sev = cfg.severity(diff, 2)
            if sev == ERROR and b.ordered:
                sev = WARNING
            if sev:
                yield Finding("E2", sev, f"{_title(f)} {b.label}：结转结余 ≠ 全年预算数 − 全年执行数："
                                         f"{bu.text} − {ex.text} = {fmt(exact)} ≠ {bal.text}（差 {fmt(diff)}）",
                              loc(f, bal, f"{b.label}/结转结余"), exact, bal.value, diff,
                              (loc(f, bu, "预算数"), loc(f, ex, "执行数")))
    if not ran:
        raise Skip("绩效自评表未分列资金来源，也未印结转结余")


# ------------------------------------------------------------------ E3


def expected_score(f: PerformanceForm) -> tuple[Decimal, Decimal, Decimal | None] | None:
    """(expected 得分, 执行率 used in %, 执行率 from the printed rate or None) for the 预算执行 part."""
    if f.budget_points is None:
        return None
    bu, ex, ra = f.get("budget"), f.get("exec"), f.get("rate")
    exact_rate = ex.value * HUNDRED / bu.value if bu and ex and bu.value and ex.value is not None else None
    printed_rate = None
    if ra is not None and ra.value is not None:
        printed_rate, _ = rate_percent(f, ra, bu.value if bu else None, ex.value if ex else None,
                                       norm(f.budget_labels.get("rate", "")))
    rate = printed_rate if printed_rate is not None else exact_rate
    if rate is None:
        if bu is not None and bu.value == 0:
            return None
        return None
    return min(rate, HUNDRED) * f.budget_points / HUNDRED, rate, exact_rate


@rule("E3", name="预算执行得分 = 分值 × min(执行率, 100%)", tables=(TPERF,))
def e3(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """绩效自评表：预算执行得分等于该项分值乘以执行率（执行率超过100%按100%计），按印出的位数四舍五入。

    依据: 项目支出绩效自评表 预算执行率得分 = 分值 × min(执行率, 100%)；分值未印出时按 100 − 其他各项分值之和推定（核实）。
    """
    return _sure(_e3(ix, cfg), ix)


def _e3(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    fs = _need_forms(ix)
    ran = False
    for f in fs:
        sc = f.get("score")
        if sc is None or sc.value is None:
            continue
        e = expected_score(f)
        if e is None:
            continue
        ran = True
        exp, rate, exact_rate = e
        pts = f.budget_points
        ok = close(sc.value, exp) and sc.value <= pts
        if not ok and exact_rate is not None:
            ok = close(sc.value, min(exact_rate, HUNDRED) * pts / HUNDRED) and sc.value <= pts
        if ok:
            continue
        how = {"column": "", "header": "（分值见表头）", "inferred": "（分值未印出，按 100 − 其他各项分值推定）"}[f.points_source]
        sev = WARNING if f.points_source == "inferred" or (f.budget is not None and f.budget.ordered) else ERROR
        yield Finding("E3", sev, f"{_title(f)}：预算执行得分 ≠ 分值 × min(执行率, 100%)：{fmt(pts)} × min({fmt(rate)}%, 100%) = "
                                 f"{q2(exp)} ≠ {sc.text}{how}",
                      loc(f, sc, "预算执行得分"), q2(exp), sc.value, sc.value - q2(exp),
                      # the inputs (not addends): 执行率, 分值, 执行数, 预算数
                      tuple(loc(f, f.get(k), zh) for k, zh in (("rate", "执行率"), ("points", "分值"), ("exec", "执行数"),
                                                                ("budget", "预算数")) if f.get(k) is not None))
    if not ran:
        raise Skip("绩效自评表未印预算执行得分或分值")


# ------------------------------------------------------------------ E4


def grade_of(total: Decimal) -> str:
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


_GRADE_NORM = {"优秀": "优", "良好": "良", "合格": "中", "不合格": "差", "优": "优", "良": "良", "中": "中", "差": "差"}


def budget_score_in_total(f: PerformanceForm) -> tuple[Decimal | None, str]:
    """The 预算执行 得分 that belongs in 总分: the printed one when it is right, else the
    recomputed one (a wrong printed 得分 is E3's finding, not a second one here)."""
    sc = f.get("score")
    e = expected_score(f)
    if sc is not None and sc.value is not None:
        if e is None or close(sc.value, e[0]) or (e[2] is not None and close(sc.value, min(e[2], HUNDRED) * f.budget_points / HUNDRED)):
            return sc.value, sc.text
        return e[0], f"{fmt(q2(e[0]))}（重算）"
    if e is not None:
        return e[0], f"{fmt(q2(e[0]))}（未印，按分值×执行率）"
    return None, ""


def _point_lost(score_text: str, points: Decimal) -> bool:
    """"25" printed over 分值 2.5: the score's digits are the 分值's without its point."""
    digits = score_text.strip()
    return digits.isdigit() and points != points.to_integral_value() and \
        digits.lstrip("0") == format(points.normalize(), "f").replace(".", "").lstrip("0")


@rule("E4", name="总分 = Σ 得分；得分 ≤ 分值；等级与总分相符", tables=(TPERF,))
def e4(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """绩效自评表：总分等于预算执行得分与各项指标（及资金管理）得分之和，每项得分不超过分值，自评等级与总分相符（≥90 优，80–90 良，60–80 中，<60 差）。

    依据: 项目支出绩效自评表评分规则（财政部 绩效自评等级划分）。分值合计不足 100 时说明有行未读到，差异报“核实”。
    """
    return _sure(_e4(ix, cfg), ix)


def _e4(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    fs = _need_forms(ix)
    ran = False
    ocr = set(ix.doc.ocr_pages)
    for f in fs:
        scanned = bool(ocr.intersection(f.table.pages))
        # on a scan a 得分 may be lost to the toner (blank) or lose its point (2.5 → "25")
        lost = scanned and any(s.points is not None and s.points.value and (s.score is None or s.score.value is None)
                               for s in f.scores)
        for s in f.scores:
            if s.points is not None and s.score is not None and s.points.value is not None and s.score.value is not None:
                ran = True
                if s.score.value > s.points.value:
                    sev = ERROR if s.score.value <= 100 and s.points.value <= 100 else WARNING
                    why = ""
                    if scanned and _point_lost(s.score.text, s.points.value):
                        lost, sev, why = True, WARNING, "（扫描件，得分疑似丢失小数点，请核实）"
                    what = "/".join(x for x in (s.level2, s.level3) if x) or s.level1
                    yield Finding("E4", sev, f"{_title(f)}：{what} 得分 {s.score.text} 超过分值 {s.points.text}{why}",
                                  loc(f, s.score, f"{what}/得分"), s.points.value, s.score.value,
                                  s.score.value - s.points.value, (loc(f, s.points, f"{what}/分值"),))
        if f.total is None or f.total.value is None:
            continue
        ran = True
        parts = [s.score for s in f.scores if s.score is not None and s.score.value is not None]
        bscore, btext = budget_score_in_total(f)
        if parts:
            addends = [p.value for p in parts] + ([bscore] if bscore is not None else [])
            texts = [p.text for p in parts] + ([btext] if bscore is not None else [])
            total = sum(addends, Z)
            diff = f.total.value - total
            # the grid is complete when its 分值 add up to 100 (or the printed 分值 total)
            pts = _points_total(f)
            want = f.total_points.value if f.total_points is not None and f.total_points.value else HUNDRED
            # (an inferred 预算执行 分值 makes the sum 100 by construction: not evidence)
            complete = pts is not None and pts == want and bscore is not None and f.points_source != "inferred"
            frac = sum(1 for a in addends if a != a.to_integral_value())
            tol = half_unit(f.total.value) + SLACK * max(frac, 1)
            if abs(diff) > tol:
                sev = ERROR if complete and not lost else WARNING
                why = "" if complete else f"（分值合计 {fmt(pts) if pts is not None else '未知'}，可能有行未读到，请核实）"
                if complete and lost:
                    why = "（扫描件有得分未读到或疑似丢失小数点，请核实）"
                # on a scan the sum rests on every 得分 read (and on the 预算执行 figures it was
                # recomputed from): named, so a doubtful reading among them makes it 核实
                used = (tuple(loc(f, p, "得分") for p in parts)
                        + tuple(loc(f, f.get(k), k) for k in ("budget", "exec", "rate", "score") if f.get(k) is not None)
                        if scanned else ())
                yield Finding("E4", sev, f"{_title(f)}：总分 ≠ Σ 得分：{' + '.join(texts)} = {fmt(total)} ≠ "
                                         f"{f.total.text}（差 {fmt(diff)}）{why}", loc(f, f.total, "总分"),
                              total, f.total.value, diff, used)
            elif diff and abs(diff) > half_unit(f.total.value):
                yield Finding("E4", INFO, f"{_title(f)}：总分与各项得分之和相差 {fmt(diff)}（尾差）",
                              loc(f, f.total, "总分"), total, f.total.value, diff)
        if f.grade is not None:
            g = _GRADE_NORM.get(norm(f.grade.text))
            if g is not None:
                want_g = grade_of(f.total.value)
                if g != want_g:
                    yield Finding("E4", ERROR, f"{_title(f)}：总分 {f.total.text} 对应等级“{want_g}”（≥90 优，80–90 良，"
                                               f"60–80 中，<60 差），表中为“{f.grade.text}”", loc(f, f.grade, "等级"),
                                  None, None, None, (loc(f, f.total, "总分"),))
    if not ran:
        raise Skip("绩效自评表中未找到总分/得分")


def _points_total(f: PerformanceForm) -> Decimal | None:
    """Σ 分值 of the whole form: 预算执行 + 资金管理 + 指标 (per row, or per 一级指标 （N分）)."""
    if f.budget_points is None:
        return None
    rows = [s.points.value for s in f.scores if s.points is not None and s.points.value is not None]
    if rows:
        return f.budget_points + sum(rows, Z)
    groups: dict[str, Decimal] = {}
    for s in f.scores:
        if s.group_points is not None:
            groups[s.level1] = s.group_points
    if groups:
        return f.budget_points + sum(groups.values(), Z)
    return None


# ------------------------------------------------------------------ E5


@lru_cache(maxsize=16384)
def _similar(a: str, b: str) -> float:
    a, b = norm(a), norm(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if (a in b or b in a) and min(len(a), len(b)) >= 4:
        return 0.95
    return SequenceMatcher(None, a, b).ratio()


def match_form(name: str, fs: list[PerformanceForm], cutoff: float = 0.8) -> PerformanceForm | None:
    scored = sorted(((_similar(name, f.name), k) for k, f in enumerate(fs) if f.name), reverse=True)
    if not scored or scored[0][0] < cutoff:
        return None
    if len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.02 and scored[0][0] < 1.0:
        return None  # two forms fit equally: do not guess
    return fs[scored[0][1]]


def _wan(f: PerformanceForm, v: Decimal) -> Decimal:
    return v * UNIT_FACTOR.get(f.unit, UNIT_FACTOR["万元"]) / UNIT_FACTOR["万元"]


_PROJECT_SENT = re.compile(r"^\s*(?:\d+\s*[.、．]\s*|[(（]\d+[)）]\s*)?(.{2,60}?)\s*项目\s*(?:绩效\s*)?自评")
# a sentence that opens with a project's name and states its figures, without "自评" ("XX项目：年度预算数…",
# "“XX”项目全年预算数…"): the name is what precedes the first 项目 (or a colon)
_PROJECT_NAMED = re.compile(r"^\s*(?:\d+\s*[.、．]\s*|[(（]\d+[)）]\s*)?(.{2,60}?)\s*(?:项目\s*[:：，,]?|[:：])")
_N = r"(\d[\d,]*(?:\.\d+)?)"
_SAY = r"\s*(?:为|是|达到?|共计|合计|[:：])?\s*"
_AMT = {
    # 年初预算 is its own figure: "年初预算数为50万元，全年预算数为59.06万元"
    "initial": re.compile(r"年初预算(?:数|资金|金额)?" + _SAY + _N + r"\s*(万元|元)"),
    "budget": re.compile(r"(?<!年初)(?<!年初预算)(?:全年|年度|调整后)?预算(?:数|资金|金额)?(?!执行)" + _SAY + _N + r"\s*(万元|元)"),
    "exec": re.compile(r"(?:全年|实际|资金|预算)?(?:执行数|执行金额|执行资金|支出数|决算数)" + _SAY + _N + r"\s*(万元|元)"
                       r"|(?:全年|实际)支出(?:金额)?" + _SAY + _N + r"\s*(万元|元)"),
}
_RATE = re.compile(r"(?:完成(?:全年|年度|调整后)?预算(?:数)?的|(?:预算|资金)?执行率|完成率)" + _SAY + r"(\d+(?:\.\d+)?)\s*[%％]")
_SCORE = re.compile(r"(?<!平均)(?<!平均自评)(?:得分|评分|自评分数?)" + _SAY + r"(\d+(?:\.\d+)?)\s*分")
# the number of projects self-evaluated: "绩效自评个数3个", "共涉及项目5个", "绩效自评的2024年度项目4个",
# "组织对5个项目开展绩效自评", "对2024年度5个一级项目开展了绩效自评"
_COUNT = re.compile(r"(?:绩效自评个数|共涉及项目|项目)\s*(\d+)\s*个"
                    r"|(\d+)\s*个(?:一级|二级)?(?:预算)?项目(?:的?(?:支出)?)?(?:开展|进行|实施)?了?(?:绩效)?自评(?!等级|评级|结果|得分)")
_FUNDS = re.compile(r"(?:涉及|共涉及)(?:项目)?(?:预算)?(?:资金|金额)(?:总额|合计|共计)?" + _SAY + r"([\d,.]+)\s*万元"
                    r"|资金(?:总额|合计|共计)?" + _SAY + r"([\d,.]+)\s*万元")
_AVERAGE = re.compile(r"平均(?:得)?分\s*(?:为)?\s*(\d+(?:\.\d+)?)\s*分")
_GRADE_COUNT2 = re.compile(r"(?:评级|等级|结果)为[“\"]?(优秀|良好|不合格|合格|优|良|中|差)[”\"]?的项目\s*(?:有|共)?\s*(\d+)\s*个")
_GRADE_COUNT = re.compile(r"(\d+)\s*个项目(?:的?自评)?(?:等级|评级|结果)为[“\"]?([优良中差])")


def _amount(rx: re.Pattern, text: str) -> tuple[str, str] | None:
    """(figure, unit) of the first match of one of _AMT's patterns."""
    m = rx.search(text)
    if m is None:
        return None
    groups = [g for g in m.groups() if g is not None]
    return (groups[0], groups[1]) if len(groups) >= 2 else None


def _self_eval_clause(text: str) -> str | None:
    """The sentence from the clause that counts the self-evaluated projects on: a sentence may
    count the 绩效目标 and 跟踪评价 projects first ("编报绩效目标的项目4个…；绩效自评的项目4个，涉及…")."""
    at = 0
    for clause in re.split(r"(?<=[；;。])", text):
        if "自评" in clause and _COUNT.search(clause[max(0, clause.index("自评") - 12):]):
            return text[at:]
        at += len(clause)
    return None


def _goes_on(narr, k: int) -> bool:
    """Narrative item k goes on with the sentence of the one before it (the reader cut it at "；")."""
    return k > 0 and norm(narr[k - 1].text).rstrip().endswith((";", "；")) and narr[k - 1].section == narr[k].section


def _narr_loc(ix: DocIndex, k: int) -> Location:
    s = ix.doc.narrative[k]
    return Location(narrative=k, page=s.page, bbox=s.bbox, text=s.text, row_label=f"绩效情况说明{k}")


@rule("E5", name="绩效自评表 ↔ 情况说明、汇总表、支出决算表（单位换算后）", tables=(TPERF,))
def e5(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """绩效自评表的金额单位（常为元）换算后，与情况说明（各项目全年预算数、执行数、执行率、得分；自评项目个数、涉及资金、等级个数）、
    项目单位自评汇总表（每行 = 其自评表；执行数 = 系统查询执行数）一致；各项目执行数之和不超过支出决算表项目支出（核实）。

    预算所附项目支出绩效目标表的年度资金总额之和不超过支出预算表项目支出（核实）。

    依据: 预算绩效情况说明须与所附绩效自评表一致；自评汇总表逐项来自各自评表。
    """
    return _sure(_e5(ix, cfg), ix)


def _e5(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    fs = _need_forms(ix, with_targets=True)
    fs = [f for f in fs if f.kind not in TARGETS]
    ran = False
    projects = [f for f in fs if f.kind == PROJECT]
    departments = [f for f in fs if f.kind == DEPARTMENT]
    # -- narrative per project
    current: PerformanceForm | None = None  # "项目全年预算数为…" continues the project named before
    narr = ix.doc.narrative
    for k, sent in enumerate(narr):
        text = norm(sent.text)
        m = _PROJECT_SENT.match(text)
        f = None
        if m and projects:
            f = match_form(m.group(1), projects)
        elif current is not None and (text.startswith("项目") or _goes_on(narr, k)) \
                and any(rx.search(text) for rx in _AMT.values()):
            f = current  # (or the item the sentence was cut into at "；": "…全年预算数为16万元；" / "执行数为4.52万元…")
        elif projects and "绩效" in norm(" ".join(sent.path or ()) + (sent.section or "")) \
                and (any(rx.search(text) for rx in _AMT.values()) or _RATE.search(text) or _SCORE.search(text)):
            n = _PROJECT_NAMED.match(text)
            f = match_form(n.group(1), projects, 0.85) if n else None
        current = f
        if f is not None:
            ran = True
            yield from _narrative_project(ix, k, text, f)
        if f is None and len(departments) == 1 and re.search(r"整体(?:支出)?绩效|整体支出", text) \
                and re.search(r"自评|评价", text):
            ran = True
            yield from _narrative_department(ix, k, text, departments[0])
        clause = _self_eval_clause(text) if projects else None
        if clause is None and projects and "自评" in norm(sent.section or "") and text.startswith("共涉及项目"):
            clause = "自评" + text  # "（一）…绩效自评情况" then "共涉及项目5个，资金198.55万元"
        if clause is not None:
            ran = True
            j = k  # the grades counted in the items the sentence was cut into at "；" ("…“优”的项目4个；" / "…“良”的项目0个；")
            while j + 1 < len(narr) and _goes_on(narr, j + 1):
                j += 1
                clause += norm(narr[j].text)
            yield from _narrative_totals(ix, k, clause, projects)
    # -- 汇总表 rows
    for s in summaries(ix):
        for r in s.rows:
            ex, sy = r.values.get("exec"), r.values.get("sys_exec")
            if ex is not None and sy is not None:
                ran = True
                if ix.trace is not None:  # re-performed in the workbook: 执行数 = 系统查询执行数
                    ix.trace.append(Comparison("E5", sloc(s, ex, r.project, "执行数"),
                                               ((sloc(s, sy, r.project, "系统查询执行数"), Decimal(1), sy.value),),
                                               sy.value, ex.value))
                if ex.value != sy.value:
                    yield Finding("E5", ERROR, f"项目单位自评汇总表“{r.project}”：全年执行数 {ex.text} ≠ 系统查询全年执行数 {sy.text}",
                                  sloc(s, ex, r.project, "执行数"), sy.value, ex.value, ex.value - sy.value,
                                  (sloc(s, sy, r.project, "系统查询执行数"),))
            f = match_form(r.project, projects, 0.7)
            if f is None:
                continue
            for key, fv_form, what in (("budget", f.get("budget"), "全年预算数"), ("exec", f.get("exec"), "全年执行数"),
                                       ("score", f.total, "自评得分")):
                sv = r.values.get(key)
                if sv is None or fv_form is None or fv_form.value is None:
                    continue
                ran = True
                a = _wan(f, fv_form.value) if key != "score" else fv_form.value
                if sv.value != a and not (key == "score" and close(sv.value, a, Z)):
                    yield Finding("E5", ERROR, f"项目单位自评汇总表“{r.project}”{what} {sv.text} ≠ 其自评表 {fv_form.text}",
                                  sloc(s, sv, r.project, what), a, sv.value, sv.value - a, (loc(f, fv_form, what),))
    # -- Σ 执行数 vs 公开03 项目支出
    v3 = ix.get("03")
    execs = [(f, f.get("exec")) for f in projects]
    execs = [(f, e) for f, e in execs if e is not None and e.value is not None]
    if v3 is not None and execs:
        c = v3.col("项目支出")
        r = v3.total_row()
        if c is not None and r is not None and v3.value(r, c) is not None:
            ran = True
            total = sum((_wan(f, e.value) for f, e in execs), Z)
            proj = v3.value(r, c) * v3.factor
            if total > proj + SLACK * len(execs):
                yield Finding("E5", WARNING, f"{len(execs)} 张项目绩效自评表的全年执行数合计 {fmt(total)}万元 超过"
                                             f"支出决算表项目支出 {fmt(proj)}万元（差 {fmt(total - proj)}）：自评表可能含其他资金、"
                                             f"下属单位或跨年度项目，请核实口径", v3.location(r, c), proj, total, total - proj,
                              tuple(loc(f, e, "执行数") for f, e in execs[:10]))
    ran = _targets_vs_project_spending(ix, v3) or ran
    for fd in _target_findings(ix, v3):
        yield fd
    tot = _target_totals(ix)
    for k, sent in enumerate(ix.doc.narrative if tot else ()):
        text = norm(sent.text)
        if "绩效目标" in text and _TARGET_COUNT.search(text):
            ran = True
            yield from _target_narrative(ix, k, text, tot)
    if not ran:
        raise Skip("情况说明、汇总表与绩效自评表之间没有可比较的金额")


def _target_totals(ix: DocIndex) -> list[tuple[PerformanceForm, FormValue]]:
    out = []
    for f in targets(ix):
        b = f.budget
        v = b.values.get("budget") if b is not None and any(k in b.label for k in ("总额", "合计")) else None
        if f.kind == TARGET and v is not None and v.value is not None:
            out.append((f, v))
    return out


def _targets_vs_project_spending(ix: DocIndex, v3) -> bool:
    tot = _target_totals(ix)
    return bool(tot) and v3 is not None and v3.col("项目支出") is not None and v3.total_row() is not None


def _target_findings(ix: DocIndex, v3) -> Iterator[Finding]:
    """Σ 年度资金总额 of the 项目支出绩效目标表 vs the 支出预算表's 项目支出: only a warning.
    Forms are usually printed for the major projects only (Σ below is normal); Σ above can
    still be right (a form's 年度资金总额 may hold 上年结转 or other funds, or a 下属单位's
    project), so the auditor is asked, never told."""
    tot = _target_totals(ix)
    if not _targets_vs_project_spending(ix, v3):
        return
    c, r = v3.col("项目支出"), v3.total_row()
    if v3.value(r, c) is None:
        return
    total = sum((_wan(f, v.value) for f, v in tot), Z)
    proj = v3.value(r, c) * v3.factor
    if total > proj + SLACK * len(tot):
        yield Finding("E5", WARNING, f"{len(tot)} 张项目支出绩效目标表的年度资金总额合计 {fmt(total)}万元 超过"
                                     f"{v3.t.title}项目支出 {fmt(proj)}万元（差 {fmt(total - proj)}）：目标表可能含上年结转、"
                                     f"其他资金或下属单位项目，请核实口径", v3.location(r, c), proj, total, total - proj,
                      tuple(loc(f, v, "年度资金总额") for f, v in tot[:10]))


_TARGET_COUNT = re.compile(r"(?:绩效目标的?项目|项目)(?:共|数量?为?)?\s*(\d+)\s*个")
_TARGET_FUNDS = re.compile(r"(?:涉及|资金)[^，。；\d]{0,12}?([\d,]+(?:\.\d+)?)\s*万元")


def _target_narrative(ix: DocIndex, k: int, text: str, tot: list[tuple[PerformanceForm, FormValue]]) -> Iterator[Finding]:
    """“编报绩效目标的项目20个，涉及项目预算资金6484.05万元” against the attached 项目支出绩效目标表.
    A disclosure may attach the forms of its major projects only: 核实, never 错误."""
    n = int(_TARGET_COUNT.search(text).group(1))
    if n != len(tot):
        yield Finding("E5", WARNING, f"情况说明称编报绩效目标的项目 {n} 个，附件项目支出绩效目标表 {len(tot)} 张"
                                     f"（可能只附重点项目），请核实", _narr_loc(ix, k), Decimal(len(tot)), Decimal(n),
                      Decimal(n - len(tot)))
        return
    m = _TARGET_FUNDS.search(text)
    said = parse_number(m.group(1)) if m else None
    total = sum((_wan(f, v.value) for f, v in tot), Z)
    if said is not None and abs(said - total) > SLACK * len(tot):
        yield Finding("E5", WARNING, f"情况说明称绩效目标涉及资金 {m.group(1)}万元，附件 {len(tot)} 张项目支出绩效目标表"
                                     f"年度资金总额合计 {fmt(total)}万元，请核实", _narr_loc(ix, k), total, said, said - total,
                      tuple(loc(f, v, "年度资金总额") for f, v in tot[:10]))


def _narrative_project(ix: DocIndex, k: int, text: str, f: PerformanceForm) -> Iterator[Finding]:
    for key, rx in _AMT.items():
        m = _amount(rx, text)
        fv = f.get(key)
        if not m or fv is None or fv.value is None:
            continue
        said = parse_number(m[0])
        if said is None:
            continue
        said_wan = said if m[1] == "万元" else said / UNIT_FACTOR["万元"]
        form_wan = _wan(f, fv.value)
        if abs(form_wan - said_wan) <= half_unit(said) * (1 if m[1] == "万元" else Decimal(1) / UNIT_FACTOR["万元"]) + Decimal("0.000001"):
            continue
        what = {"budget": "全年预算数", "initial": "年初预算数"}.get(key, "执行数")
        unit_note = f"（= {fmt(form_wan)}万元）" if f.unit != "万元" else ""
        yield Finding("E5", ERROR, f"情况说明“{_name(f)}”{what} {m[0]}{m[1]} 与绩效自评表 {fv.text}{f.unit}"
                                   f"{unit_note}不一致", _narr_loc(ix, k), form_wan, said_wan, said_wan - form_wan,
                      (loc(f, fv, what),))
    m = _RATE.search(text)
    bu, ex = f.get("budget"), f.get("exec")
    if m and bu is not None and ex is not None and bu.value and ex.value is not None:
        said = Decimal(m.group(1))
        exact = ex.value * HUNDRED / bu.value
        mb, me = _amount(_AMT["budget"], text), _amount(_AMT["exec"], text)
        own = None
        if mb and me:
            b2, e2 = parse_number(mb[0]), parse_number(me[0])
            own = e2 * HUNDRED / b2 if b2 and e2 is not None else None
        if not close(said, exact) and not (own is not None and close(said, own)):
            yield Finding("E5", ERROR, f"情况说明“{_name(f)}”完成预算的 {m.group(1)}% 与绩效自评表 "
                                       f"{ex.text} ÷ {bu.text} = {q2(exact)}% 不一致", _narr_loc(ix, k), q2(exact), said,
                          said - q2(exact), (loc(f, f.get("rate") or ex, "执行率"),))
    yield from _score_against_total(ix, k, text, f, f"“{_name(f)}”", "绩效自评表")


def _score_against_total(ix: DocIndex, k: int, text: str, f: PerformanceForm, whose: str, form: str
                         ) -> Iterator[Finding]:
    """The 自评得分 a sentence states against the form's 总分 (错误 when they differ)."""
    m = _SCORE.search(text)
    if m and f.total is not None and f.total.value is not None:
        said = Decimal(m.group(1))
        if said != f.total.value and not close(said, f.total.value, Z):
            yield Finding("E5", ERROR, f"情况说明{whose}自评得分 {m.group(1)} 分 与{form}总分 {f.total.text} 不一致",
                          _narr_loc(ix, k), f.total.value, said, said - f.total.value, (loc(f, f.total, "总分"),))


_DEPT_FUNDS = re.compile(r"(?:涉及|共涉及)?(?:预算)?(?:资金|金额)(?:总额|合计|共计)?" + _SAY + r"([\d,.]+)\s*万元")


def _narrative_department(ix: DocIndex, k: int, text: str, f: PerformanceForm) -> Iterator[Finding]:
    """"组织对1个部门开展整体支出绩效自评，资金1112.14万元，自评得分95分" against the one 部门整体支出绩效自评表:
    the funds are one of its 年初预算数 / 全年预算数 / 全年执行数 (which, the sentence does not say: 核实 when
    none); its 得分 is the form's 总分 and its 执行率 the form's 执行数 ÷ 预算数 (错误)."""
    m = _DEPT_FUNDS.search(text)
    said = parse_number(m.group(1)) if m else None
    figures = {zh: _wan(f, fv.value) for role, zh in (("initial", "年初预算数"), ("budget", "全年预算数"), ("exec", "全年执行数"))
               if (fv := f.get(role)) is not None and fv.value is not None}
    if said is not None and figures and not any(abs(v - said) <= half_unit(said) + SLACK for v in figures.values()):
        shown = "，".join(f"{zh} {fmt(v)}" for zh, v in figures.items())
        yield Finding("E5", WARNING, f"情况说明称部门整体支出绩效自评资金 {m.group(1)}万元，与{_title(f)}不符（{shown}万元），请核实口径",
                      _narr_loc(ix, k), None, said, None, (loc(f, f.get("budget") or f.get("exec"), "全年预算数"),))
    yield from _score_against_total(ix, k, text, f, "部门整体支出绩效", _title(f))
    rm = _RATE.search(text)
    bu, ex = f.get("budget"), f.get("exec")
    if rm and bu is not None and ex is not None and bu.value and ex.value is not None:
        rate, exact = Decimal(rm.group(1)), ex.value * HUNDRED / bu.value
        if not close(rate, exact):
            yield Finding("E5", ERROR, f"情况说明部门整体支出执行率 {rm.group(1)}% 与{_title(f)} {ex.text} ÷ {bu.text} = "
                                       f"{q2(exact)}% 不一致", _narr_loc(ix, k), q2(exact), rate, rate - q2(exact),
                          (loc(f, f.get("rate") or ex, "执行率"),))


def _narrative_totals(ix: DocIndex, k: int, text: str, projects: list[PerformanceForm]) -> Iterator[Finding]:
    """“绩效自评个数3个，涉及资金54.98万元：3个项目自评等级为差” against the attached forms.
    The attachment may hold only part of the projects (other funds, 下属单位): 核实, not 错误."""
    m = _COUNT.search(text[max(0, text.index("自评") - 12):]) if "自评" in text else None
    if not m:
        return
    n = int(m.group(1) or m.group(2))
    if n != len(projects):
        yield Finding("E5", WARNING, f"情况说明称绩效自评项目 {n} 个，附件项目绩效自评表 {len(projects)} 张，请核实",
                      _narr_loc(ix, k), Decimal(len(projects)), Decimal(n), Decimal(n - len(projects)))
        return
    mf = _FUNDS.search(text)
    if mf:
        said = parse_number(mf.group(1) or mf.group(2))
        sums = {}
        for role, zh in (("initial", "年初预算数"), ("budget", "全年预算数"), ("exec", "全年执行数")):
            vals = [f.get(role) for f in projects]
            if all(v is not None and v.value is not None for v in vals):
                sums[zh] = sum((_wan(f, v.value) for f, v in zip(projects, vals)), Z)
        if said is not None and sums and not any(abs(s - said) <= SLACK * len(projects) for s in sums.values()):
            shown = "，".join(f"{zh}合计 {fmt(s)}" for zh, s in sums.items())
            yield Finding("E5", WARNING, f"情况说明称绩效自评涉及资金 {fmt(said)}万元，与附件自评表不符（{shown}万元），请核实口径",
                          _narr_loc(ix, k), None, said, None)
    ma = _AVERAGE.search(text)
    totals = [f.total.value for f in projects if f.total is not None and f.total.value is not None]
    if ma and len(totals) == len(projects):
        said = Decimal(ma.group(1))
        mean = sum(totals, Z) / len(totals)
        if not close(said, mean):
            sev = ERROR if all(f.table.ruled for f in projects) else WARNING
            yield Finding("E5", sev, f"情况说明称自评平均分 {ma.group(1)} 分，附件 {len(totals)} 张自评表总分平均 "
                                     f"{fmt(mean)} 分", _narr_loc(ix, k), q2(mean), said, said - q2(mean))
    pairs = list(_GRADE_COUNT.findall(text)) + [(c, _GRADE_NORM[g]) for g, c in _GRADE_COUNT2.findall(text)]
    for cnt, g in pairs:
        have = 0
        for f in projects:
            pg = _GRADE_NORM.get(norm(f.grade.text)) if f.grade is not None else None
            if pg is None and f.total is not None and f.total.value is not None:
                pg = grade_of(f.total.value)
            have += pg == g
        if int(cnt) != have:
            sev = ERROR if all(f.table.ruled for f in projects) else WARNING
            yield Finding("E5", sev, f"情况说明称 {cnt} 个项目自评等级为“{g}”，附件自评表中为 {have} 个",
                          _narr_loc(ix, k), Decimal(have), Decimal(int(cnt)), Decimal(int(cnt) - have))
