"""Narrative rules over the figures of several sentences: itemised sums (D6), years (D7),
difference wording (D8), a share against a named table base (C12) and 科目 names (C13).

They read the narrative model of checks.rules.narrative (one parse per document, cached on
the index).  Severity follows the tolerance policy: a difference explained by rounding is 提示
尾差 with its arithmetic; a figure that cannot be right is 错误; a reading that may be partial
(a listing introduced by 主要) is never an error.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from auditdesk.checks.config import CheckConfig
from auditdesk.checks.finding import ERROR, INFO, WARNING, Finding, Location
from auditdesk.checks.index import DocIndex, TableView, fmt, hierarchy_tree, label_key, match_names, norm
from auditdesk.checks.registry import NotApplicable, Skip, rule
from auditdesk.checks.rules.table_internal import econ_lines
from auditdesk.checks.rules.narrative import (Amount, Parsed, Target, _budget_groups, _decimals, _note_share,
                                              _item_name, _narr_or_skip, _pct_finding, _total_target, code_rows,
                                              cut_at_semicolon, item_of, joined, resolve, sent_loc,
                                              sentence_items)
from auditdesk.parsing.figures import DOWN_WORDS, UP_WORDS

Z = Decimal(0)
_STOP = re.compile(r"较上年|比上年|与上年|同比|增加|减少|增长|下降|主要原因|原因是|占|完成")
_DIRECTION = "|".join(UP_WORDS + DOWN_WORDS)


def _half(v: Decimal) -> Decimal:
    """Half a unit of the last printed digit beyond 2 decimals: 14.3 may be 14.25 … 14.35."""
    d = _decimals(v)
    return Decimal(0) if d >= 2 else Decimal(5) * Decimal(10) ** (-(d + 1))


def _sum_text(items: list[Amount]) -> str:
    shown = [str(a.value) for a in items[:8]]
    return " + ".join(shown) + (" + …" if len(items) > 8 else "")


def _sum_severity(ix: DocIndex, diff: Decimal, items: list[Amount], head: Amount | None = None) -> str | None:
    """None when exact, 提示 within the rounding of the printed figures (0.01 per addend, half
    a unit of any figure printed with fewer decimals), 错误 beyond."""
    if diff == 0:
        return None
    slack = ix.cfg.tolerance(len(items)) + sum((_half(a.value) for a in items), Z)
    if head is not None:
        slack += _half(head.value)
    return INFO if abs(diff) <= slack else ERROR


# -- D6 itemised sums ---------------------------------------------------------------------

# after a listed figure, its own listing or a use ("公用经费28.25万元，主要包括…"): it heads a statement of its own
_OWN_LISTING = re.compile(r"主要包括|包括|主要用于|用于|其中|分别")


def _goes_on_listing(p: Parsed, a: Amount) -> bool:
    """Across a "；" (the items of a sentence cut there, read joined): `a` is one more listed figure
    ("…主要包括基本工资113.20万元；" / "津贴补贴56.92万元；" / …), not a new statement — it names
    itself, is no total, and heads no listing of its own."""
    rest = re.split(r"[。；;]", p.text[a.label_end or a.end:], maxsplit=1)[0]
    return bool(a.key) and not re.search(r"(合计|共计|总计|总额)$", a.key) and not _OWN_LISTING.search(norm(rest))


def _listings(p: Parsed, within: int | None = None) -> Iterator[tuple[Amount, list[Amount], bool, Amount | None]]:
    """(head, items, exhaustive, stated 合计) for "X万元，主要包括A a万元、B b万元…[，合计Y万元]".
    `within`: p is a sentence's items joined (narrative.joined); only the listings headed in its first
    `within` characters (the first item), which may go on across the "；" into the items after."""
    amts = [a for a in p.amounts if a.role != "change"]
    for k, head in enumerate(amts):
        if within is not None and head.start >= within:
            break
        rest = amts[k + 1:]
        if len(rest) < 2:
            continue
        first = rest[0]
        # (a head whose label is printed after it: "其中1.30万元用于货物支出、…" — its 用于 names it, lists nothing)
        gap = p.text[head.label_end or head.end:first.start]
        between = norm(gap)
        # the listing opens within the head's clause run: "…X万元，完成…，用于A a万元"
        m = None
        for mm in re.finditer(r"(主要包括|包括|主要用于|用于|主要为|分别为|具体为|其中)", between):
            m = mm
        if m is None or len(between) > 40 or re.search(r"[。；;]", gap):
            continue
        if re.search(r"较上年|比上年|与上年|主要原因", between[:m.start()]):
            continue
        exhaustive = bool(re.search(r"(?<!主要)(包括|分别为|具体为)$", between[:m.end()]))
        items: list[Amount] = []
        stated = None
        prev = first.start
        for a in rest:
            seg = norm(p.text[prev:a.start]) if items else ""
            cut = re.search(r"[。；;]", p.text[prev:a.start])
            if cut and within is not None and "。" not in p.text[prev:a.start] and _goes_on_listing(p, a):
                cut = None
            if items and (_STOP.search(seg) or cut or re.search(r"主要包括|包括|主要用于|用于|其中", seg)):
                break  # a nested listing ("其中：人员经费X，主要包括…") is its own listing
            if re.search(r"^[，,、]?(合计|共计|总计)", seg) or re.search(r"(合计|共计|总计)$", norm(a.subject)):
                stated = a
                break
            if a.role == "budget":
                break
            if len(items) >= 2 and sum((x.wan for x in items), Z) == head.wan:
                break  # the listing already adds up: what follows is a new statement (授予中小企业…)
            items.append(a)
            prev = a.label_end or a.end
        if len(items) >= 2:
            if head.role == "budget":
                # "科学技术支出决算356.13万元，年初预算323.84万元，完成…，用于A a万元、B b万元": what was
                # spent is itemised — the 决算 printed before its 预算 in the sentence, not the 预算
                head = next((a for a in reversed(amts[:k]) if a.role == "actual"
                             and not re.search(r"[。；;]", p.text[a.end:head.start])), head)
            yield head, items, exhaustive, stated


_CLASS = {"人员经费": ("301", "303"), "公用经费": ("302", "307", "309", "310", "312", "313", "399")}


def _other_class(ix: DocIndex, head: Amount, items: list[Amount]) -> str:
    """"（其中“商品和服务支出”属公用经费）": a listed item of the other 经济分类 class, by its
    code in 公开06 (or its class name)."""
    own = next((k for k in _CLASS if k in head.key), None)
    v = ix.get("06")
    if own is None or v is None:
        return ""
    other = next(k for k in _CLASS if k != own)
    lines, _totals = econ_lines(ix, v)
    codes = {label_key(ln.label): ln.code for ln in lines}
    names = {"人员经费": ("工资福利支出", "对个人和家庭的补助"), "公用经费": ("商品和服务支出", "资本性支出")}
    hits = [a.key for a in items if a.key in names[other]
            or (codes.get(a.key, "")[:3] in _CLASS[other] and codes.get(a.key))]
    return f"（其中“{'”“'.join(hits)}”属{other}）" if hits else ""


def _after_items(p: Parsed) -> Iterator[tuple[list[Amount], Amount]]:
    """"A a万元、B b万元、C c万元，合计Y万元" without a head before the items."""
    amts = [a for a in p.amounts if a.role != "change"]
    for k, a in enumerate(amts):
        if k < 2 or not re.search(r"(合计|共计|总计)$", norm(p.text[max(0, a.start - 6):a.start]).rstrip("为是")):
            continue
        items = []
        for b in reversed(amts[:k]):
            seg = p.text[b.end:(items[-1].start if items else a.start)]
            if re.search(r"[。；;]", seg) or _STOP.search(norm(seg)):
                break
            items.append(b)
        items.reverse()
        if len(items) >= 2:
            yield items, a


@rule("D6", name="列举明细之和 = 所述金额；各类增减之和 = 总增减；各项年初预算之和 = 总数", tables=())
def d6(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """“X万元，主要包括A a万元、B b万元…”：明细之和不超过X（“包括/分别为”时等于X），列举后的“合计”等于明细之和；
    各类支出“较上年增加/减少”之和等于总体增减额；各项年初预算、支出决算之和等于总体的年初预算、支出决算；
    按自评等级列举的项目数之和不超过绩效自评项目数（列全优良中差时等于）；逐项列示自评结果的项目不多于所述自评项目数（核实）；
    逐项列示全部自评项目时，所述涉及资金等于其预算数之和或执行数之和（核实）；
    已完成整改与正在整改的问题数之和不超过发现的问题数。

    依据: 情况说明内部一致性：分项之和与合计相符（尾差按每个加数 0.01 万元计）。
    """
    ps = _narr_or_skip(ix)
    seen = False
    for k, p in enumerate(ps):
        # a listing may go on across the "；" the sentence was cut at: read with the items after
        sent = sentence_items(ps, k) if p.amounts else [k]
        if len(sent) > 1 and not any(ps[j].amounts for j in sent[1:]):
            sent = [k]
        whole, starts = joined(ps, sent)
        for head, items, exhaustive, stated in _listings(whole, len(p.text) if len(sent) > 1 else None):
            seen = True
            total = sum((a.wan for a in items), Z)
            names = "、".join(a.key or "?" for a in items[:4]) + ("…" if len(items) > 4 else "")
            held = [ps[sent[item_of(starts, a.start)]] for a in items]  # the item each listed figure is in
            related = tuple(dict.fromkeys(sent_loc(q) for q in held if q is not p))
            _note_sum(ix, p, stated or head, list(zip(held, items)), total,
                      "sum" if stated is not None or exhaustive else "le")
            if stated is not None:
                diff = stated.wan - total
                sev = _sum_severity(ix, diff, items, stated)
                if sev:
                    yield Finding("D6", sev, f"{_sum_text(items)} = {fmt(total)} ≠ 合计 {fmt(stated.value)}（差 {fmt(diff)}）："
                                             f"情况说明列举的{names}之和与所述合计不符", sent_loc(p), total, stated.wan, diff,
                                  related)
                continue
            diff = total - head.wan
            sev = _sum_severity(ix, diff, items, head) if diff > 0 or exhaustive else None
            if sev is None:
                foreign = _other_class(ix, head, items)
                if foreign:
                    yield Finding("D6", WARNING, f"“{head.key}{fmt(head.value)}{head.unit}”列举的明细{foreign}："
                                                 f"情况说明列举了另一类经费的科目", sent_loc(p))
                continue
            over = "超过" if diff > 0 else "不等于"
            foreign = _other_class(ix, head, items)
            yield Finding("D6", sev, f"{_sum_text(items)} = {fmt(total)} ≠ {fmt(head.value)}（差 {fmt(diff)}）：情况说明"
                                     f"“{head.key or head.subject.strip()}{fmt(head.value)}{head.unit}”列举的明细（{names}）之和"
                                     f"{over}该金额{foreign}", sent_loc(p), head.wan, total, diff, related)
        for items, stated in _after_items(p):
            seen = True
            total = sum((a.wan for a in items), Z)
            _note_sum(ix, p, stated, [(p, a) for a in items], total)
            diff = stated.wan - total
            sev = _sum_severity(ix, diff, items, stated)
            if sev:
                yield Finding("D6", sev, f"{_sum_text(items)} = {fmt(total)} ≠ 合计 {fmt(stated.value)}（差 {fmt(diff)}）："
                                         "情况说明列举的明细之和与所述合计不符", sent_loc(p), total, stated.wan, diff)
        # "共有车辆66辆，其中：一般公务用车13辆；" / "执法执勤用车38辆；" / …: the kinds after the cut are counted too
        vehicles = joined(ps, sentence_items(ps, k))[0] if "辆" in p.text and cut_at_semicolon(p) else p
        for f in (_vehicle_count(vehicles), _grade_count(p, _run_on(ps, k)), _rectified(p)):
            if f is not None:
                seen = True
                if f is not _OK:
                    yield f
    for f in (_listed_projects(ps), _project_funds(ix, ps)):
        if f is not None:
            seen = True
            if f is not _OK:
                yield f
    for f in _block_sums(ix, ps):
        seen = True
        yield f
    if not seen:
        raise NotApplicable("情况说明中没有列举明细或分项预算/决算")


_OK = Finding("D6", INFO, "", Location())  # sentinel: a vehicle count that adds up


def _vehicle_count(p: Parsed) -> Finding | None:
    """"共有车辆66辆，其中，一般公务用车13辆、执法执勤用车38辆、特种专业技术用车15辆": the 车辆
    by kind add up to the total (counts are exact).  None: no such statement; _OK: it adds up."""
    if "辆" not in p.text or "其中" not in p.text:
        return None
    cars = [f for f in p.figures if f.kind == "count" and f.unit == "辆"]
    if len(cars) < 3 or "车辆" not in cars[0].refers:
        return None
    head, items = cars[0], []
    if "其中" not in p.text[head.end:cars[1].start]:
        return None
    for f in cars[1:]:
        if "保有量" in f.refers or "购置" in f.refers:
            break
        items.append(f)
    if len(items) < 2:
        return None
    total = sum((f.value for f in items), Z)
    if total == head.value:
        return _OK
    return Finding("D6", ERROR, f"{' + '.join(str(f.value) for f in items)} = {total} ≠ {head.value}（差 {total - head.value}）："
                                f"情况说明“{head.refers}{head.text}”按用途列举的车辆数之和与总数不符", sent_loc(p),
                   head.value, total, total - head.value)


# the number of projects self-evaluated, and how many got each grade: "绩效自评个数4个，…：4个项目自评等级为“优”，
# 0个项目自评等级为“良”…", "绩效自评的2024年度项目4个，…（其中，绩效评级为“优”的项目4个；…“不合格”的项目0个）"
_EVAL_COUNT = re.compile(r"(?:绩效自评个数|自评的(?:\d{4}年度?)?(?:一级|二级)?项目|共涉及项目)\s*(\d+)\s*个"
                         r"|(\d+)\s*个(?:一级|二级)?项目(?:开展|进行)?了?(?:绩效)?自评(?!等级|评级|结果|得分)")
_GRADE_OF = {"优秀": "优", "良好": "良", "优": "优", "良": "良", "中": "中", "差": "差", "合格": "合格", "不合格": "不合格"}
_GRADES = (re.compile(r"(\d+)\s*个项目(?:的?自评)?(?:等级|评级|结果)为[“\"]?(优秀|良好|不合格|合格|优|良|中|差)"),
           re.compile(r"(?:评级|等级|结果)为[“\"]?(优秀|良好|不合格|合格|优|良|中|差)[”\"]?的项目\s*(?:有|共)?\s*(\d+)\s*个"))
# a grading scale printed whole: its counts cover every project
_SCALES = ({"优", "良", "中", "差"}, {"优", "良", "合格", "不合格"})


def _run_on(ps: list[Parsed], k: int) -> str:
    """The text of item k and of the items after it that go on with its sentence: a PDF's text may
    be cut at each "；" ("…（其中，绩效评级为“优”的项目4个；" / "绩效评级为“良”的项目0个；" / …)."""
    text = ps[k].text
    j = k
    while norm(ps[j].text).rstrip().endswith((";", "；")) and j + 1 < len(ps) \
            and (ps[j + 1].main, ps[j + 1].sub) == (ps[k].main, ps[k].sub):
        j += 1
        text += ps[j].text
    return text


def _grade_count(p: Parsed, text: str | None = None) -> Finding | None:
    """The projects counted by grade add up to the projects self-evaluated (counts are exact):
    never more; exactly, when every grade of the scale is counted (a sentence that names one
    grade only — "3个项目自评等级为“差”" — leaves the others unsaid). `text`: p's sentence run on
    over the items it was cut into (the count must be p's own: each statement is read once). None: no
    such statement."""
    own = norm(p.text)
    text = norm(text) if text is not None else own
    if "自评" not in text or "项目" not in text:
        return None
    m = _EVAL_COUNT.search(text)
    if m is None or m.start() >= len(own):
        return None
    n = int(m.group(1) or m.group(2))
    counts: dict[str, int] = {}
    for k, rx in enumerate(_GRADES):
        for g in rx.finditer(text, m.end()):
            c, grade = (g.group(1), g.group(2)) if k == 0 else (g.group(2), g.group(1))
            counts.setdefault(_GRADE_OF[grade], int(c))
    if not counts:
        return None
    total = sum(counts.values())
    whole = any(set(counts) >= scale for scale in _SCALES)
    if total == n or total < n and not whole:
        return _OK
    shown = "、".join(f"“{g}”{c}个" for g, c in counts.items())
    return Finding("D6", ERROR, f"{' + '.join(str(c) for c in counts.values())} = {total} ≠ {n}：情况说明按自评等级列举的项目数"
                                f"（{shown}）之和与自评项目数 {n} 个不符", sent_loc(p), Decimal(n), Decimal(total),
                   Decimal(total - n))


# a project's self-evaluation printed as its own paragraph: "1.企业人才活动经费项目绩效自评综述：项目全年预算数为…",
# "科普活动项目绩效自评情况：…自评得分为87.83分"
_LISTED = re.compile(r"^\s*(?:\d+\s*[.、．]\s*|[(（][\d一二三四五六七八九十]+[)）]\s*)?(.{2,60}?)\s*项目\s*(?:绩效\s*)?自评"
                     r"(?:情况|综述|结果)?\s*[:：]")
# the count of one fund's projects ("组织对2024年度0个政府性基金预算项目开展绩效自评"), or after the scope
# ("对…一般公共预算项目支出全面开展绩效自评，其中，项目14个")
_FUND_EVAL_COUNT = re.compile(r"(\d+)\s*个(?:一般公共预算|政府性基金预算|国有资本经营预算)(?:一级|二级)?项目(?:开展|进行)?了?(?:绩效)?自评"
                              r"|绩效自评[，,]\s*(?:其中[，,]?)?\s*项目\s*(\d+)\s*个")
_PROJECT_FIGURES = re.compile(r"预算数|执行数|得分|执行率|完成预算")


def _listed_projects(ps: list[Parsed]) -> Finding | None:
    """The projects whose self-evaluation the 绩效 section prints one by one are no more than the
    projects it says were self-evaluated. The bound is every such count the section states, added
    ("共涉及项目5个"; per fund, each fund's): a count we do not read only leaves the check out, one
    stated twice only loosens it. The listing may be a part of them (the projects published), so
    fewer is no finding; more is 核实 (warning): a project named two ways is listed twice, or one
    outside the count (a 部门评价 project, another fund's) is listed. None: no count or no listing."""
    perf = [p for p in ps if "绩效" in p.main + p.sub + "".join(p.path)]
    counts: list[tuple[Parsed, int]] = []
    for p in perf:
        t = norm(p.text)
        if "自评" in t and "项目" in t:
            counts += [(p, int(next(g for g in m.groups() if g))) for rx in (_EVAL_COUNT, _FUND_EVAL_COUNT)
                       for m in rx.finditer(t)]
    if not counts:
        return None
    listed: dict[str, Parsed] = {}
    for p in perf:
        t = norm(p.text)
        m = _LISTED.match(t)
        if m and _PROJECT_FIGURES.search(t, m.end()):
            listed.setdefault(m.group(1), p)
    if not listed:
        return None
    bound = sum(n for _p, n in counts)
    if len(listed) <= bound:
        return _OK
    names = "、".join(list(listed)[:3]) + ("…" if len(listed) > 3 else "")
    return Finding("D6", WARNING, f"{len(listed)} > {bound}：情况说明逐项列示了{len(listed)}个项目的绩效自评结果（{names}），"
                                  f"多于所述自评项目数{bound}个，请核实", sent_loc(counts[0][0]), Decimal(bound),
                   Decimal(len(listed)), Decimal(len(listed) - bound), tuple(sent_loc(p) for p in list(listed.values())[:10]))


# the funds a count of self-evaluated projects involves: "共涉及项目5个，资金198.55万元", "项目14个，共涉及资金765.89万元",
# "绩效自评个数3个，涉及资金54.98万元", "…项目4个，涉及预算金额598.42万元"
_FUNDS = re.compile(r"^[，,]?\s*(?:共|共计)?(?:涉及)?(?:的)?(?:项目)?(?:资金|预算金额|金额|预算资金)(?:共|合计|总额)?(?:为|是)?$")


def _project_funds(ix: DocIndex, ps: list[Parsed]) -> Finding | None:
    """The funds the self-evaluated projects involve are what the projects printed one by one add up to —
    their 预算数, or their 执行数 (provinces state either) — where the listing is the whole of them (as many
    projects listed as the section says were self-evaluated, each with its 预算数 and 执行数). Neither sum
    is 核实 (warning): a project's figures or the total may be misprinted, or the total be another fund's.
    None: no such count with its funds, or no complete listing."""
    perf = [k for k, p in enumerate(ps) if "绩效" in p.main + p.sub + "".join(p.path)]
    counts, funds = 0, Z
    stated: Parsed | None = None
    for k in perf:
        p = ps[k]
        t = p.text
        if "自评" not in t or "项目" not in t:
            continue
        for rx in (_EVAL_COUNT, _FUND_EVAL_COUNT):
            for m in rx.finditer(t):
                money = next((a for a in p.amounts if a.start >= m.end() and a.role != "change"), None)
                if money is None or not _FUNDS.match(t[m.end():money.start].replace(" ", "")):
                    return None  # a count whose funds we do not read: the total is not known
                counts += int(next(g for g in m.groups() if g))
                funds += money.wan
                stated = stated or p
    if stated is None:
        return None
    budgets, actuals, where = [], [], []
    names: set[str] = set()
    heads = [k for k in perf if _LISTED.match(norm(ps[k].text))]
    for n, k in enumerate(heads):
        m = _LISTED.match(norm(ps[k].text))
        # the project's figures: in its heading's sentence, or the sentences after it up to the next project
        # ("科普活动项目绩效自评情况：…得分为87.83分。" / "项目全年预算数为16万元，执行数为4.52万元，…")
        upto = min(heads[n + 1] if n + 1 < len(heads) else len(ps), k + 4)
        items = [j for j in range(k, upto) if (ps[j].main, ps[j].sub) == (ps[k].main, ps[k].sub)]
        if not _PROJECT_FIGURES.search(" ".join(norm(ps[j].text) for j in items), m.end()):
            continue
        amounts = [a for j in items for a in ps[j].amounts]
        b = next((a for a in amounts if a.role == "budget"), None)
        x = next((a for a in amounts if a.role == "actual"), None)
        if b is None or x is None or m.group(1) in names:
            return None  # a project with no 预算数 / 执行数, or listed twice: not a sum to check
        names.add(m.group(1))
        budgets.append(b)
        actuals.append(x)
        where.append(sent_loc(ps[k]))
    if not budgets or len(budgets) != counts:
        return None  # (fewer: the listing is a part; more: _listed_projects' warning)
    sums = [sum((a.wan for a in side), Z) for side in (budgets, actuals)]
    slack = ix.cfg.tolerance(len(budgets)) + sum((_half(a.value) for a in budgets + actuals), Z) / 2
    if any(abs(v - funds) <= slack for v in sums):
        return _OK
    return Finding("D6", WARNING, f"{fmt(funds)} ≠ 预算数之和 {fmt(sums[0])}（{_sum_text(budgets)}）、执行数之和 {fmt(sums[1])}："
                                  f"情况说明所述{counts}个自评项目涉及资金与逐项列示的项目预算数、执行数之和均不符，请核实",
                   sent_loc(stated), funds, sums[0], sums[0] - funds, tuple(where[:10]))


# "绩效自评中共发现问题3个，已经完成整改的2个，正在整改的1个": the problems rectified or being rectified
# are among those found
_RECTIFIED = re.compile(r"发现(?:的)?问题(?:共)?\s*(\d+)\s*(?:个|项|条)[，,]?\s*(?:其中)?[，,]?\s*已(?:经)?(?:完成)?整改(?:完成)?(?:的)?\s*(\d+)\s*(?:个|项|条)"
                        r"[，,]?\s*(?:正在整改|整改中|尚在整改)(?:的)?\s*(\d+)\s*(?:个|项|条)")


def _rectified(p: Parsed) -> Finding | None:
    """Problems found = those rectified + those being rectified, at most: never more. None: no
    such statement."""
    m = _RECTIFIED.search(norm(p.text))
    if m is None:
        return None
    found, done, doing = (int(g) for g in m.groups())
    if done + doing <= found:
        return _OK
    return Finding("D6", ERROR, f"{done} + {doing} = {done + doing} > {found}：情况说明“{m.group(0)}”中已完成整改与正在整改的问题数"
                                f"之和多于发现的问题数", sent_loc(p), Decimal(found), Decimal(done + doing),
                   Decimal(done + doing - found))


_GP_TOTAL = re.compile(r"^(一般公共预算财政拨款|财政拨款|一般公共预算)(支出)?$")


def _is_total_subject(subj: str) -> bool:
    k = re.sub(r"(年初预算|全年预算|预算数|调整后预算|支出决算|决算)(数)?(为|是)?$", "", norm(subj))
    k = re.sub(r"^\d{4}年度?", "", k)
    return bool(_GP_TOTAL.match(k))


def _change_of(p: Parsed, after: int) -> tuple[Decimal | None, bool]:
    """The "较上年增加/减少X万元" change stated after position `after` (signed, 万元), and
    whether the sentence says the figure equals last year's (与上年相同 / 持平)."""
    for a in p.amounts:
        if a.start >= after and a.role == "change":
            before = norm(p.text[max(0, a.start - 8):a.start])
            m = re.search("(" + _DIRECTION + r")(了)?$", before)
            if m is None or "预算" in norm(a.subject):
                continue  # (a change against the 预算 — "较年初预算减少X万元" — is no change on last year)
            return (a.wan if m.group(1) in UP_WORDS else -a.wan), False
    tail = norm(p.text[after:])
    same = bool(re.search(r"与上年[^，。；]{0,12}(相同|持平|一致)|较上年[^，。；]{0,6}(持平|无变化)", tail))
    return None, same


def _block_sums(ix: DocIndex, ps: list[Parsed]) -> Iterator[Finding]:
    """The 具体情况 block: a total "一般公共预算财政拨款支出年初预算X，支出决算Y" followed by one
    statement per 类/款/项; and the 总体情况 change against the 类 changes."""
    groups = list(_budget_groups(ps))
    index = {id(p): k for k, p in enumerate(ps)}
    for gi, (p, subj, b, actual, _rate, _m, _tail) in enumerate(groups):
        if not _is_total_subject(subj):
            continue
        if gi > 0 and groups[gi - 1][0] is p:
            continue  # the total's second budget ("年初预算0，全年预算321.02"): handled with the first
        heads = [g for g in groups[gi:] if g[0] is p]
        items = []
        for q, qsubj, qb, qa, _r, _mm, _t in groups[gi + len(heads):]:
            if q.main != p.main or _is_total_subject(qsubj) or "三公" in qsubj:
                break
            items.append((q, qsubj, qb, qa))
        if len(items) < 2:
            continue
        # the items' budget is 全年 or 年初 like one of the total's: compare like with like
        kinds = [_budget_kind(it[0], it[2]) for it in items]
        want = max(set(kinds), key=kinds.count)
        b = next((g[2] for g in heads if _budget_kind(p, g[2]) == want), b)
        levels: dict[int, list] = {}
        for it in items:
            _name, lvl = _item_name(it[1])
            levels.setdefault(lvl or 1, []).append(it)
        level, chosen = max(levels.items(), key=lambda kv: (len(kv[1]), kv[0]))
        if len(chosen) < 2:
            continue
        what = {1: "各类", 2: "各款", 3: "各项"}[level]
        for label, head, parts in (("年初预算", b, [it[2] for it in chosen]), ("支出决算", actual, [it[3] for it in chosen])):
            total = sum((a.wan for a in parts), Z)
            _note_sum(ix, p, head, [(it[0], a) for it, a in zip(chosen, parts)], total)
            diff = total - head.wan
            if diff == 0:
                continue
            sev = _sum_severity(ix, diff, parts, head)
            if sev == ERROR and diff < 0:
                sev = WARNING  # the statements may leave an item out
            yield Finding("D6", sev, f"{_sum_text(parts)} = {fmt(total)} ≠ {fmt(head.value)}（差 {fmt(diff)}）：情况说明"
                                     f"{what}{label}之和与总体{label}不符", sent_loc(p), head.wan, total, diff,
                          tuple(loc for it in chosen for loc in _item_locs(it[0])) + _item_locs(p)[1:])
        # Σ 类 changes against the total change stated in the 总体情况
        if level != 1:
            continue
        changes = []
        for q, _s, _b, qa in chosen:
            ch, same = _change_of(q, qa.end)
            last = q.parts[-1] if q.parts else q  # (a pair cut at "；" read joined: its last item)
            end = sentence_items(ps, index[id(last)])[-1] if id(last) in index else -1  # (past the items it was cut into)
            if ch is None and not same and 0 <= end and end + 1 < len(ps):
                nxt = ps[end + 1]
                if nxt.main == q.main and not nxt.amounts or (nxt.amounts and nxt.amounts[0].role == "change"
                                                               and not _budget_of(nxt)):
                    ch, same = _change_of(nxt, 0)
            if ch is None and not same:
                changes = None
                break
            changes.append(ch if ch is not None else Z)
        if not changes:
            continue
        total_change = _total_change(ps, p)
        if total_change is None:
            continue
        tp, tv = total_change
        s = sum(changes, Z)
        if ix.trace is not None:  # for the working paper: Σ 类 changes as a formula
            ix.note_text("D6", sent_loc(tp), tv, [(sent_loc(q), 1, ch) for (q, *_r), ch in zip(chosen, changes)], s)
        diff = s - tv
        if diff == 0:
            continue
        sev = ix.cfg.severity(diff, len(changes))
        signed = _signed_sum(changes)
        yield Finding("D6", sev or ERROR, f"{signed} = {_signed_sum([s])} ≠ {_signed_sum([tv])}（差 {fmt(diff)}）：情况说明各类支出较上年增减额之和"
                                          "与一般公共预算财政拨款支出总增减额不符", sent_loc(tp), tv, s, diff,
                      tuple(loc for it in chosen for loc in _item_locs(it[0])) + _item_locs(p)[1:])


def _item_locs(q: Parsed) -> tuple[Location, ...]:
    """Where q is printed: its items, when it is a sentence read over the items it was cut into at "；"."""
    return (sent_loc(q),) + tuple(sent_loc(x) for x in q.parts[1:])


def _note_sum(ix: DocIndex, p: Parsed, head: Amount, items: list[tuple[Parsed, Amount]], total: Decimal,
              kind: str = "sum") -> None:
    """For the working paper: the stated figure against Σ the listed ones (constants from the text)."""
    if ix.trace is not None:
        ix.note_text("D6", sent_loc(p), head.wan, [(sent_loc(q), 1, a.wan) for q, a in items], total, kind)


def _signed_sum(values: list[Decimal]) -> str:
    out = ""
    for k, v in enumerate(values):
        if k == 0:
            out = ("−" if v < 0 else "") + fmt(abs(v))
        else:
            out += (" − " if v < 0 else " + ") + fmt(abs(v))
    return out


def _budget_kind(p: Parsed, a: Amount) -> str:
    before = norm(p.text[max(0, a.start - 10):a.start])
    m = re.search(r"(年初|全年|调整后)[^年全调]*$", before)
    return m.group(1) if m else ""


def _budget_of(p: Parsed) -> bool:
    return any(a.role in ("budget", "actual") for a in p.amounts)


def _total_change(ps: list[Parsed], p_total: Parsed) -> tuple[Parsed, Decimal] | None:
    """The change of the 一般公共预算财政拨款支出 total stated in the same main section."""
    for q in ps:
        if q.main != p_total.main:
            continue
        for a in q.amounts:
            if a.role != "change":
                continue
            k = re.sub("(" + _DIRECTION + r")(了)?$", "", a.key)
            k = re.sub(r"^(与上年相比|与\d{4}年度?相比|比上年|较上年)", "", k)
            if _GP_TOTAL.match(k) or k in ("一般公共预算财政拨款决算支出",):
                before = norm(q.text[max(0, a.start - 8):a.start])
                m = re.search("(" + _DIRECTION + r")(了)?$", before)
                if m:
                    return q, (a.wan if m.group(1) in UP_WORDS else -a.wan)
    return None


# -- C12 a share against a named table base ------------------------------------------------

_BASE_NAMES = (
    (re.compile(r"项目支出(总额|合计|总计)?$"), "项目支出"),
    (re.compile(r"基本支出(总额|合计|总计)?$"), "基本支出"),
)


def _named_base(ix: DocIndex, base_text: str) -> Target | None:
    b = norm(base_text)
    for rx, col in _BASE_NAMES:
        if not rx.search(b):
            continue
        if "一般公共预算" in b or "财政拨款" in b:
            return _total_target(ix, "05", (col,), "C12", f"公开05表合计 / {col}")
        if "政府性基金" in b or "国有资本" in b:
            return None
        return _total_target(ix, "03", (col,), "C12", f"公开03表合计 / {col}")
    return None


@rule("C12", name="占比的基数 = 表中该合计数", tables=("03", "05"))
def c12(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """“资金X万元，占一般公共预算项目支出总额的Y%”：Y = X ÷ 表中该合计数；X 即为该合计数时 Y 应为 100%。

    依据: 占比以所指明的合计数为基数（公开03表、公开05表合计行）。
    """
    ps = _narr_or_skip(ix)
    seen = False
    for p in ps:
        for a in p.amounts:
            if a.share is None or not a.share_base:
                continue
            t = resolve(ix, p, a)
            if isinstance(t, Target) and t.rule in ("C2", "C3", "C5", "C7", "C8"):
                continue  # checked against its own table by the C rule
            base = _named_base(ix, a.share_base)
            if base is None or base.ref is None or base.wan is None:
                continue
            seen = True
            what = f"“{a.subject.strip()}{fmt(a.value)}{a.unit}，占{a.share_base}{fmt(a.share)}%”"
            if a.wan > base.wan:
                # a part larger than its whole: "100%" printed without decimals hides it
                _note_share(ix, "C12", p, a.share, a.wan, base.wan, (base.ref.location(),))
                yield Finding("C12", ERROR, f"{fmt(a.value)} > {base.name} {fmt(base.wan)}（差 {fmt(a.wan - base.wan)}）："
                                            f"情况说明{what}的金额大于其基数", sent_loc(p), base.wan, a.wan,
                              a.wan - base.wan, (base.ref.location(),))
                continue
            f = _pct_finding(ix, "C12", p, a.share, a.wan, base.wan, what, (base.ref.location(),))
            if f is None:
                continue
            if f.severity == ERROR and a.wan == base.wan:
                f = Finding("C12", ERROR, f"{fmt(a.value)} ÷ {fmt(base.wan)} = 100.00% ≠ 印出的 {fmt(a.share)}%：情况说明{what}"
                                          f"的金额即为{base.name}全额，应占 100%", sent_loc(p), Decimal(100), a.share,
                            a.share - 100, (base.ref.location(),))
            elif f.severity == ERROR:
                f = Finding("C12", ERROR, f"{fmt(a.value)} ÷ {fmt(base.wan)}（{base.name}）= {fmt(f.expected)}% ≠ 印出的 "
                                          f"{fmt(a.share)}%：情况说明{what}的占比与表中基数不符", sent_loc(p),
                            f.expected, a.share, f.difference, (base.ref.location(),))
            yield f
    if not seen:
        raise NotApplicable("情况说明中没有以表中合计数为基数的占比")


# -- C13 科目名称 ----------------------------------------------------------------------------

_FUNC_ROLES = ("02", "03", "05", "07", "08")


@rule("C13", name="同一科目代码的科目名称各表一致", tables=("02", "03", "05"))
def c13(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """同一支出功能分类科目代码（3/5/7位）在各表中的科目名称相同（如 20604 “技术研究与开发”）。

    依据: 政府收支分类科目（科目代码与科目名称一一对应）。
    """
    names: dict[str, list[tuple[str, str, Location]]] = {}
    views = [v for role in _FUNC_ROLES for v in ix.all(role)]
    if len(views) < 2:
        raise Skip("少于两张按功能分类科目列示的表")
    what = "同一科目代码"
    if any(v.level_rows() for v in views):
        what = "同一科目"
        names = _same_subjects(ix, views)
        if not names:
            raise Skip("各表未印科目代码，且无按缩进可辨层级的科目名称可相互对应")
    else:
        for v in views:
            per_table: dict[str, set[str]] = {}
            rows = []
            for i, code, _lvl in code_rows(ix, v):
                if len(code) not in (3, 5, 7) or not code.isdigit():
                    continue
                key = label_key(v.t.rows[i].label)
                if not key:
                    continue
                per_table.setdefault(code, set()).add(key)
                rows.append((i, code, key))
            for i, code, key in rows:
                if len(per_table[code]) > 1:
                    continue  # the same code twice in one table: an extraction artefact, not a name
                names.setdefault(code, []).append((key, v.t.title, v.location(i, None)))
    for code, entries in sorted(names.items()):
        first = entries[0]
        for key, title, loc in entries[1:]:
            if key == first[0] or key.replace("支出", "") == first[0].replace("支出", ""):
                continue
            yield Finding("C13", WARNING, f"{code}：“{first[0]}”（{first[1]}）≠ “{key}”（{title}）：{what}的科目名称不一致",
                          loc, related=(first[2],))
            break


def _same_subjects(ix: DocIndex, views: list[TableView]) -> dict[str, list[tuple[str, str, Location]]]:
    """Where a table prints its 科目 without codes (names, their 类 / 款 / 项 by indentation): the
    rows of all the tables that are one 科目, by name under the 类 / 款 matched above (`match_names`:
    the same name, or the one name alike enough — a name printed two ways); two coded tables' rows by
    code. Keyed by the 科目's path in the first table that prints it (in place of its code), entries in
    the tables' order."""
    levelled = [v for v in views if v.hierarchy_rows()]
    group: dict[tuple[int, int], tuple[int, int]] = {}  # (view, row) → the first (view, row) of its 科目

    def find(x: tuple[int, int]) -> tuple[int, int]:
        while group.get(x, x) != x:
            x = group[x]
        return x

    for a in range(len(levelled)):
        for b in range(a + 1, len(levelled)):
            pairs = _same_codes(levelled[a], levelled[b]) if code_rows(ix, levelled[a]) and code_rows(ix, levelled[b]) \
                else _one_subject(levelled[a], levelled[b])
            for i, j in pairs.items():  # b's row i ↔ a's row j
                ra, rb = find((a, j)), find((b, i))
                if ra != rb:
                    group[max(ra, rb)] = min(ra, rb)
    members: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for a, v in enumerate(levelled):
        for i, _lvl in v.hierarchy_rows():
            members.setdefault(find((a, i)), []).append((a, i))
    out: dict[str, list[tuple[str, str, Location]]] = {}
    for root, rows in members.items():
        if len({a for a, _i in rows}) < 2 or len(rows) != len({a for a, _i in rows}):
            continue  # one table's only, or one table's row twice: nothing to compare
        v0 = levelled[root[0]]
        path = _name_path(v0, root[1])
        entries = []
        for a, i in sorted(rows):
            v = levelled[a]
            key = label_key(v.t.rows[i].label)
            if key:
                entries.append((key, v.t.title, v.location(i, None)))
        out[path] = entries
    return out


def _same_codes(a: TableView, b: TableView) -> dict[int, int]:
    """b's coded rows matched to a's of the same code (a code printed once in each table)."""
    def once(v: TableView) -> dict[str, int]:
        seen: dict[str, list[int]] = {}
        for i, code, _lvl in v.code_rows():
            seen.setdefault(code, []).append(i)
        return {code: rows[0] for code, rows in seen.items() if len(rows) == 1}

    ra = once(a)
    return {i: ra[code] for code, i in once(b).items() if code in ra}


def _one_subject(a: TableView, b: TableView) -> dict[int, int]:
    """`match_names(a, b)`, and where b is the 一般公共预算 table (05) and a the 支出 table of all funds
    (03) — every 科目 of b is one of a — the one row of b left under a matched 类 / 款 (or among the
    类) beside the one row of a left there: the same 科目 printed under two names ("行政单位医疗" /
    "事业单位医疗" under 行政事业单位医疗), as a shared code would say."""
    found = match_names(a, b)
    if (a.role, b.role) != ("03", "05"):
        return found
    ka, kb = hierarchy_tree(a), hierarchy_tree(b)
    for pb, pa in [(None, None)] + [(i, j) for i, j in found.items()]:
        left_b = [i for i in kb.get(pb, []) if i not in found]
        taken = set(found.values())
        left_a = [j for j in ka.get(pa, []) if j not in taken]
        if len(left_b) == 1 and len(left_a) == 1:
            found[left_b[0]] = left_a[0]
    return found


def _name_path(v: TableView, i: int) -> str:
    """"科学技术支出 > 技术研究与开发": the row's name under the names of the rows above it."""
    rows = v.hierarchy_rows()
    k = next(n for n, (j, _l) in enumerate(rows) if j == i)
    path, lvl = [v.t.rows[i].label], rows[k][1]
    for j, lv in reversed(rows[:k]):
        if lv < lvl:
            path.insert(0, v.t.rows[j].label)
            lvl = lv
    return " > ".join(path)


# -- D7 years ------------------------------------------------------------------------------

_CMP_YEAR = re.compile(r"(?:比|与|较|同)\s*((?:19|20)\d{2})\s*年度?\s*(?:同期|当年)?\s*(预算|决算|执行|相比|持平|增加|减少|增长|下降|"
                       r"支出|收入|数|末|度)")
_STATE_YEAR = re.compile(r"^(?:[一二三四五六七八九十\d]+[、.．]\s*)?[^\d，。；,;:：]{0,24}?((?:19|20)\d{2})\s*年度?\s*"
                         r"(?:部门|单位|本部门|本单位)?\s*"
                         r"(收入总计|支出总计|收、支总计|收支总计|收入合计|支出合计|财政拨款收|财政拨款支|一般公共预算财政拨款|"
                         r"“三公”经费|三公经费|机关运行经费|政府采购)")


@rule("D7", name="年份与文档年度及上年相符", tables=())
def d7(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """情况说明中本年数据的年份等于文档年度；比较对象的年份为上一年度（决算也可与本年预算比较）。

    依据: 决算/预算公开文本规范（上年文本改写时须更新全部年份）。
    """
    ps = _narr_or_skip(ix)
    year = ix.doc.year
    if not year:
        raise Skip("未识别文档年度")
    final = "决算" in (ix.doc.kind or "")
    for p in ps:
        for m in _CMP_YEAR.finditer(p.text):
            y = int(m.group(1))
            # the same year is D5's "年份未更新"; two years back or the future is never a comparison
            if y in (year, year - 1):
                continue
            if final and y == year + 1:
                continue
            yield Finding("D7", WARNING, f"比较年份 {y} ≠ 上年 {year - 1}：“{m.group(0)}”，本{'决算' if final else '预算'}为"
                                         f"{year}年度", sent_loc(p))
        m = _STATE_YEAR.match(norm(p.text))
        if m and int(m.group(1)) != year and not re.search(r"上年|执行数|决算数|同期", norm(p.text)[:m.end() + 12]):
            yield Finding("D7", WARNING, f"年份 {m.group(1)} ≠ 文档年度 {year}：“{m.group(0)}”", sent_loc(p))


# -- D8 difference wording ------------------------------------------------------------------

_NO_DIFF = re.compile(r"(决算数?|执行数?)与(年初|全年)?预算数?(不存在差异|无差异|一致|相同|持平)|无差异")
_DIFF = re.compile(r"(决算数?|执行数?)与(年初|全年)?预算数?(?:之间)?存在(较大)?差异")


@rule("D8", name="增减、差异表述与数字方向一致", tables=())
def d8(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """“决算数与预算数存在差异/无差异”与两数是否相等一致；“与上年持平/相同”时不应同时列示增减额；
    “增加/减少X万元”与同句印出的本期、上期数之差方向一致。

    依据: 增减变动与差异说明表述规范。
    """
    ps = _narr_or_skip(ix)
    seen = False
    for k, (p, _subj, b, actual, _rate, _m, tail) in enumerate(_budget_groups(ps)):
        text = norm(p.text[actual.end:]) + norm(tail)
        cut = re.search(r"[0-9]+(?:\.[0-9]+)?(?:万元|元)", text)  # wording of the next item is not ours
        text = text[:cut.start()] if cut else text
        no = _NO_DIFF.search(text)
        yes = _DIFF.search(text)
        if not no and not yes:
            continue
        seen = True
        diff = actual.wan - b.wan
        if yes and not no and diff == 0:
            yield Finding("D8", ERROR, f"{fmt(actual.value)} = {fmt(b.value)}（差 0）：情况说明称“{yes.group(0)}”，但决算数等于预算数",
                          sent_loc(p), b.wan, actual.wan, diff)
        elif no and not yes and diff != 0:
            yield Finding("D8", ERROR, f"{fmt(actual.value)} − {fmt(b.value)} = {fmt(diff)}：情况说明称“{no.group(0)}”，"
                                       "但决算数与预算数不同", sent_loc(p), b.wan, actual.wan, diff)
    for p in ps:
        t = norm(p.text)
        for m in re.finditer(r"与上年(?:相比)?[^，。；,;]{0,10}(持平|相同|一致)[，,]?(?:但)?(增加|减少|增长|下降)(\d+(?:\.\d+)?)(万元|%)", t):
            seen = True
            if Decimal(m.group(3)) != 0:
                yield Finding("D8", ERROR, f"“{m.group(0)}”：称与上年{m.group(1)}，却列示{m.group(2)}{m.group(3)}{m.group(4)}",
                              sent_loc(p))
    if not seen:
        raise NotApplicable("情况说明中没有差异或持平表述")

