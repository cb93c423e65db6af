"""C rules (情况说明 ↔ tables) and D rules (within the narrative).

Each sentence is parsed once (per document, cached on the index) into amounts ("X万元"),
percentages ("占Y%"), rates ("完成年初预算的Z%"), changes ("比上年增加X万元，增长Y%") and
comparison words.  An amount's subject is the text before it in its clause; subjects are
matched to table rows by 科目 name, or to the standard indicators (收入总计, 基本支出,
人员经费, 三公 items …) with the section heading giving the scope (全部资金 / 财政拨款 /
一般公共预算).  A narrative figure restates a printed cell, so any difference is an error.
"""
from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal, InvalidOperation
from typing import Iterator

from auditdesk.checks.config import CheckConfig
from auditdesk.checks.finding import ERROR, INFO, WARNING, Finding, Location
from auditdesk.checks.index import (T01, T02, T03, T04, T05, T06, T07, T08, T09, T10, DocIndex, Ref,
                                    TableView, fmt, hierarchy_tree, label_key, norm, q2)
from auditdesk.checks.registry import NotApplicable, Skip, rule
from auditdesk.checks.rules.table_internal import (EXPENSE_TOTAL, INCOME_TOTAL, PERSONNEL, econ_lines, sangong_lines,
                                                   sangong_leaf, sangong_rows, side_ref)
from auditdesk.parsing.model import Sentence, Table
from auditdesk.parsing.numbers import UNIT_FACTOR
from auditdesk.parsing.figures import NUMBER, Figure, heading_level, read_figures
from auditdesk.parsing.table_types import title_of

Z = Decimal(0)
# never starts inside a run of digits (a start there fails whenever the run's first digit
# failed): linear, where a page of 60 000 digits used to take minutes
_NUM = NUMBER
# "经营收入 0.00 万，为…": 万 without 元 before a punctuation mark is 万元
_AMOUNT = re.compile(_NUM + r"\s*(亿元|万元|元|万(?=[，,。；;、(（)）]))(?![/／])")
_PCT = re.compile(_NUM + r"\s*[%％]")
_CHANGE = re.compile(r"(增加|减少|增长|下降|上升|降低|节约|减支|增支)(?:了)?\s*" + _NUM + r"\s*(万元|元)")
# the rate's word: a direction ("增长", "下降"), a direction's rate ("增幅", "降幅", "增长率为"), or a neutral
# "幅度" / "变动幅度为" (the direction of the amount before it); "下降(增长)27.78%": a template's bracketed
# alternative left in, the first word is the one printed as meant
_RATE_UP = ("增长", "上升", "增加", "增幅", "涨幅", "增长率", "增长比例", "增长幅度", "上升幅度")
_RATE_DOWN = ("下降", "降低", "减少", "降幅", "减幅", "下降率", "减少率", "下降比例", "下降幅度", "减少幅度", "降低幅度")
_RATE_WORD = "|".join(sorted(_RATE_UP + _RATE_DOWN, key=len, reverse=True)) + r"|(?:变动|变化|增减)?幅度"
_CHANGE_PCT = re.compile(r"^[，,]?\s*(?:同比)?(" + _RATE_WORD + r")(?:[(（](?:增长|下降|上升|降低|减少|增加)[)）])?"
                         r"(?:了|为|是|达到?)?\s*" + _NUM + r"\s*[%％]")
_DIRECTION_ONLY = re.compile(r"(?:增加|减少|增长|下降|上升|降低|节约|减支|增支)(?:了)?")
# a change's rate printed before it: "下降4.65%，减少29.60万元"
_PCT_BEFORE_CHANGE = re.compile(r"(?:同比)?(" + _RATE_WORD + r")(?:了|为|是|达到?)?\s*" + _NUM + r"\s*[%％]\s*[，,]\s*$")
_RATE_THEN_CHANGE = re.compile(r"(?:同比)?(?:" + _RATE_WORD + r")(?:了|为|是|达到?)?\s*" + _NUM + r"\s*[%％]\s*[，,]\s*"
                               r"((增加|减少|增长|下降|上升|降低|节约|减支|增支)(?:了)?)\s*$")
# a 完成率 as provinces print it: "完成年初预算的Z%", "为年初预算的Z%", "决算数为年初预算数的Z%", "完成调整预算的Z%",
# "预算完成率为Z%", "预算执行率为Z%"
_BUDGET_OF = r"(?:年初|全年|调整后|调整)?预算(?:数)?"
_RATE = re.compile(r"(?:完成(?:了)?" + _BUDGET_OF + r"(?:的)?|(?:为|达到?|占)" + _BUDGET_OF + r"的|(?:预算)?(?:完成率|执行率)(?:为|达到?|是)?)"
                   r"\s*" + _NUM + r"\s*[%％]")
# the rates that are against the 年初预算 (a 公开05 年初预算 column): "完成(年初)预算(的)", "为年初预算(数)的"
_RATE_05 = re.compile(r"(?:完成(?:年初|全年|调整后)?预算(?:数)?(?:的)?|为(?:年初)?预算(?:数)?的)\s*" + _NUM + r"\s*[%％]")
_SHARE = re.compile(r"^[，,]?\s*(?:所)?(?:占比|占(?P<base>[^，。；%％\d]{0,20}?)(?:的)?)\s*" + _NUM + r"\s*[%％]")
# "0.81万元，完成预算的58.40%，占100.00%": the amount's share printed after its rate (or its change)
_BEFORE_SHARE = re.compile(r"(?:[，,]\s*(?:完成(?:年初|全年|调整后)?预算(?:数)?(?:的)?|(?:比上年|较上年|同比)?"
                           r"(?:增长|下降|上升|降低|减少|增加)(?:了)?)\s*" + _NUM + r"\s*[%％])*")
_BOUND = re.compile(r"[，,。；;：:、]")
_STRIP_HEAD = re.compile(r"^(?:其中|主要用于|主要包括|包括|分别为|以及|及|和|与上年相比|与\d{4}年度?相比|比上年|较上年|"
                         r"\d{4}\s*年度?|本年度|本年|全年|(?:本|我)(?:单位|部门|院|局|校|中心|委|办|厅|所|站|队|馆)|截至\d{4}年\d+月\d+日|[一二三四五六七八九十\d]+[、.．]|"
                         r"[（(][一二三四五六七八九十\d]+[)）]|\s)+")
_STRIP_TAIL = re.compile(r"(?:均为|各为|均|各|为|是|共计|达到|达|约)+$")
TEMPLATE = re.compile(r"X{2,}|x{2,}|×{2,}|Ｘ{2,}|＊{2,}|\*{3,}|增加（减少）|增加\(减少\)|增长（下降）|增长\(下降\)|"
                      r"增加/减少|增长/下降|上升（下降）|[(（]增加[/、]减少[)）]|"
                      r"(?:增加|减少|增长|下降|上升|降低)[(（](?:增加|减少|增长|下降|上升|降低)[)）]")


def _dec(text: str) -> Decimal | None:
    s = unicodedata.normalize("NFKC", text).replace(",", "").replace("，", "").replace(" ", "")
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


_TOPIC = re.compile(r"收入|支出|三公|基金|国有资本|采购|经费|一般公共预算|财政拨款|绩效|资产")
# a printed unit → 万元, from the one unit table ("万" alone is 万元: "0.43 万，")
_UNIT_WAN = {u: f / UNIT_FACTOR["万元"] for u, f in UNIT_FACTOR.items()} | {"万": Decimal(1)}


@dataclass
class Amount:
    start: int
    end: int
    value: Decimal  # as printed
    wan: Decimal  # in 万元
    unit: str
    subject: str  # raw subject text in its clause
    key: str  # normalised subject
    role: str = ""  # "budget" (年初预算 / 全年预算), "actual" (支出决算), "change", ""
    share: Decimal | None = None  # "占Y%" right after it
    share_base: str = ""
    share_text: str = ""
    label_end: int | None = None  # where its label ends when printed after it ("510.92万元用于基本支出")


@dataclass
class Parsed:
    s: Sentence
    text: str
    main: str  # main section heading (一、…)
    sub: str  # sub heading (（一）…)
    amounts: list[Amount] = field(default_factory=list)
    _figures: list[Figure] | None = None
    parts: tuple["Parsed", ...] = ()  # a sentence's items read as one (joined): the items

    @property
    def figures(self) -> list[Figure]:
        """Every figure of the sentence (parsing.narrative.read_figures), spans in `text`."""
        if self._figures is None:
            self._figures = read_figures(self.text)
        return self._figures

    @property
    def path(self) -> tuple[str, ...]:
        return self.s.path or tuple(h for h in (self.main, self.sub) if h)

    @cached_property  # (main and sub are set once; every rule asks for every amount)
    def ctx(self) -> str:
        """The scope words of the section: the sub-heading when it names a topic, else main + sub."""
        sub = norm(self.sub)
        if sub and _TOPIC.search(sub):
            return sub
        return norm(self.main) + sub


def _decimals(v: Decimal) -> int:
    exp = v.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def _rounds_to(printed: Decimal, other: Decimal) -> bool:
    """`other` rounded to the decimals `printed` shows is `printed`."""
    try:
        return other.quantize(Decimal(1).scaleb(-_decimals(printed)), rounding="ROUND_HALF_UP") == printed
    except ArithmeticError:
        return False


def same_at_precision(printed: Decimal, other: Decimal) -> bool:
    """`printed` (fewer decimals, e.g. 14.3) is `other` (14.26) rounded to its precision."""
    d = _decimals(printed)
    if d >= 2:
        return printed == other
    q = Decimal(1).scaleb(-d)
    try:
        return other.quantize(q, rounding="ROUND_HALF_UP") == printed
    except ArithmeticError:
        return False


# a "、" that separates names; the one of "收、支总计" does not (it is one subject, one name)
_LIST_COMMA = r"(?<!收)、|、(?!支)"
_SUBJECT_BOUND = re.compile(r"[，,。；;：:]|" + _LIST_COMMA)


def _subject(text: str, start: int, prev_end: int) -> str:
    seg = text[prev_end:start]
    parts = _SUBJECT_BOUND.split(seg)
    subj = parts[-1] if parts else seg
    # "（类）" marks sit inside the subject: keep what precedes it within the clause
    if not subj.strip() and len(parts) >= 2:
        subj = parts[-2]
    return subj


def subject_key(subj: str) -> str:
    s = norm(subj)
    # a 科目 printed with its code: "科学技术支出（206）", "206科学技术支出" (3, 5 or 7 digits, never a year)
    s = re.sub(r"\((?:\d{3}|\d{5}|\d{7})\)", "", s)
    s = re.sub(r"^.*?(?:主要用于|主要包括|用于|包括)", "", s)
    s = _STRIP_HEAD.sub("", s)
    s = re.sub(r"^(?:\d{3}|\d{5}|\d{7})(?=[\u4e00-\u9fff])(?![万元年个人辆台套项次批件])", "", s)
    s = _STRIP_TAIL.sub("", s)
    return s


_MAIN_HEAD = re.compile(r"^(第.部分|[一二三四五六七八九十]+[、.．])")


def _pos(s: Sentence) -> tuple[int, float]:
    return (s.page or 0, s.bbox[1] if s.bbox else 0.0)


def _main_heading_at(mains: list[Sentence], s: Sentence) -> Sentence | None:
    """The last main heading (一、…) printed before sentence `s`."""
    best = None
    for h in mains:
        if _pos(h) <= _pos(s):
            best = h
        else:
            break
    return best


def parse_sentences(doc_narrative: list[Sentence], headings: list[Sentence] | None = None) -> list[Parsed]:
    out = []
    main = sub = ""
    last_sec = None
    # main headings by position: a main heading followed directly by its sub-headings
    # ("五、一般公共预算…" then "（一）总体情况") never is a sentence's own section
    mains = sorted((h for h in headings or [] if h.bbox and _MAIN_HEAD.match(norm(h.text))), key=_pos)
    for s in doc_narrative:
        sec = (s.section or "").strip()
        if s.path:
            # the extractor's heading path: the innermost 第X部分 / 一、 heading is the main one
            mains_above = [h for h in s.path if heading_level(h) <= 1]
            main = mains_above[-1].strip() if mains_above else ""
            sub = sec if sec and norm(sec) != norm(main) else ""
            last_sec = sec
        elif sec != last_sec:
            if _MAIN_HEAD.match(norm(sec)):
                main, sub = sec, ""
            elif sec:
                # a new run of sub-headings "（一）…" starts under a main heading we did not see
                if re.match(r"^[(（][一1][)）]", norm(sec)) and last_sec != main:
                    main = ""
                sub = sec
            last_sec = sec
        if mains and s.bbox and sec and not s.path and not _MAIN_HEAD.match(norm(sec)):
            h = _main_heading_at(mains, s)
            if h is not None and norm(h.text) != norm(main):
                main = h.text.strip()
        text = unicodedata.normalize("NFKC", s.text)
        p = Parsed(s, text, main, sub)
        prev_end = 0
        for m in _AMOUNT.finditer(text):
            v = _dec(m.group(1))
            if v is None:
                continue
            unit = m.group(2)
            first = _PAIR_FIRST.search(text, prev_end, m.start())
            if first is not None and _dec(first.group(1)) is not None:
                # "收、支总计各是4125.49,4143.91万元": two figures sharing one unit and subject
                subj = _subject(text, first.start(), prev_end)
                one, two = _pair_subjects(subj)
                a0 = Amount(first.start(), first.end(1), _dec(first.group(1)), _dec(first.group(1)) * _UNIT_WAN[unit],
                            unit, one, subject_key(one))
                _role(text, a0)
                p.amounts.append(a0)
                a = Amount(m.start(), m.end(), v, v * _UNIT_WAN[unit], unit, two, subject_key(two))
            else:
                subj = _subject(text, m.start(), prev_end)
                a = Amount(m.start(), m.end(), v, v * _UNIT_WAN[unit], unit, subj, subject_key(subj))
            _role(text, a, a0.start if first is not None else None)
            if a.role == "change" and not _DIRECTION_ONLY.sub("", a.key):
                # "收入总计下降4.65%，减少29.60万元": the subject is before the rate printed first
                rm = _RATE_THEN_CHANGE.search(text, prev_end, m.start())
                if rm is not None:
                    a.subject = _subject(text, rm.start(), prev_end) + rm.group(3)
                    a.key = subject_key(a.subject)
            after = _label_after(text, a)
            if after is not None:
                a.subject, a.key, a.label_end = after[0], subject_key(after[0]), after[1]
            sm = _SHARE.match(text[_BEFORE_SHARE.match(text, after[1] if after else m.end()).end():])
            if sm:
                a.share = _dec(sm.group(2))
                a.share_base = norm(sm.group("base") or "")
                a.share_text = sm.group(0)
            p.amounts.append(a)
            prev_end = after[1] if after else m.end()
        if "分别" in text or "各" in text:
            _respectively(p)
        out.append(p)
    return out


# an amount printed before its label: "取得574.40万元的财政拨款收入", "支出决算中，510.92万元用于基本支出",
# "其中574.40万元来自财政拨款", "其中510.92万元为基本支出". The label runs to the clause's end, or to a
# 和/及 that starts the next figure ("…收入和0.43万元的其他收入"); it holds no figure.
_LABEL_AFTER = re.compile(r"\s*(?P<verb>的|用于|来自于?|来源于|为|是|属于)\s*"
                          r"(?P<label>[\u4e00-\u9fff（）()“”\"]{2,30}?)(?=[，,。；;、：:]|(?:和|及|以及)\s*\d|$)")
# words that name a figure: a subject holding none of them ("其中", "本年取得", "支出决算中") names nothing
_LABEL_WORD = re.compile(r"收入|支出|经费|拨款|费|总计|合计|结余|结转|资金|预算|决算|采购|金额|总额")


def _label_after(text: str, a: Amount) -> tuple[str, int] | None:
    """(label, end) when the amount's label is printed after it and nothing before it names
    the amount: a subject that names a figure keeps it ("基本支出510.92万元的主要用途是…" is 基本支出),
    and a change ("减少10万元，主要是…") is never relabelled."""
    if a.role == "change":
        return None
    key = a.key
    if key and not key.endswith("中") and _LABEL_WORD.search(key):
        return None
    m = _LABEL_AFTER.match(text, a.end)
    if m is None:
        return None
    label = m.group("label")
    if m.group("verb").startswith("来") and not label.endswith("收入"):
        label += "收入"  # "来自财政拨款": the income from it
    return label, m.end()


_RESPECTIVELY = re.compile(r"([^，,。；;：:]{2,60}?)(?:分别|各)(?:为|是|达到|达)?(?=\s*\d)")
_NAME_SEP = re.compile(_LIST_COMMA + r"|和|及|与")


def _respectively(p: Parsed) -> None:
    """"基本支出、项目支出分别为510.92万元、21.76万元", "人员经费和公用经费分别为A万元和B万元": each
    figure takes its name from the list before 分别."""
    for m in _RESPECTIVELY.finditer(p.text):
        names = [x for x in _NAME_SEP.split(m.group(1)) if x.strip()]
        if len(names) < 2:
            continue
        # "收入、支出总计各为A万元、B万元": the last name's ending is the others' too
        last = re.match(r"^(收入|支出)(.+)$", names[-1])
        if last:
            names = [x + last.group(2) if x.endswith(("收入", "支出")) else x for x in names[:-1]] + names[-1:]
        after = [a for a in p.amounts if a.start >= m.end()]
        run: list[Amount] = []
        for a in after:
            gap = p.text[(run[-1].end if run else m.end()):a.start]
            if run and not re.fullmatch(r"\s*(?:、|和|及|与|,|，)\s*", gap) or not run and gap.strip():
                break
            run.append(a)
            if len(run) == len(names):
                break
        if len(run) != len(names):
            continue
        for name, a in zip(names, run):
            a.subject, a.key = name, subject_key(name)


# the first of two figures printed with one unit: "各是4125.49,4143.91万元", "各减少12、25万元"
_PAIR_FIRST = re.compile(_NUM + r"\s*[,，、]\s*$")


def _pair_subjects(subj: str) -> tuple[str, str]:
    """The subjects of a pair of figures: "收、支总计各是" → 收入总计…, 支出总计…; else both alike."""
    for both in ("收、支", "收支"):
        if both in subj:
            return subj.replace(both, "收入", 1), subj.replace(both, "支出", 1)
    return subj, subj


def _role(text: str, a: Amount, start: int | None = None) -> None:
    """What the words right before the amount make it: a change, a 预算 or a 决算 figure."""
    before = norm(text[max(0, (a.start if start is None else start) - 14):a.start if start is None else start])
    if re.search(r"(增加|减少|增长|下降|上升|降低|节约)(了)?$", before) \
            or re.search(r"(大于|高于|超过|超出|多于|小于|低于|少于)(年初|全年|调整后|调整)?预算(数)?(为|是)?$", before):
        a.role = "change"  # (a 决算's difference from its 预算: "决算数小于年初预算数84.79万元")
    elif re.search(r"(年初预算|全年预算|预算数|调整后预算|预算)(数)?(为|是)?$", before):
        a.role = "budget"
    elif re.search(r"(支出决算|决算数|决算|执行数|实际支出|执行金额)(数)?(为|是)?$", before):
        a.role = "actual"


def cut_at_semicolon(p: Parsed) -> bool:
    """The item ends at a "；": the reader cuts a sentence there, so the items after it in its section go on
    with the same sentence ("其中：政府采购货物支出A万元；" / "政府采购工程支出B万元；" / …)."""
    return norm(p.text).rstrip().endswith((";", "；"))


def sentence_items(ps: list[Parsed], k: int) -> list[int]:
    """k and the indexes of the items after it that go on with its sentence (cut at each "；"), in
    its section."""
    out = [k]
    j = k
    while cut_at_semicolon(ps[j]) and j + 1 < len(ps) and (ps[j + 1].main, ps[j + 1].sub) == (ps[k].main, ps[k].sub):
        j += 1
        out.append(j)
    return out


def goes_on(ps: list[Parsed], k: int) -> bool:
    """Item k goes on with the sentence of the item before it (that one ended at a "；", same section)."""
    return k > 0 and cut_at_semicolon(ps[k - 1]) and (ps[k - 1].main, ps[k - 1].sub) == (ps[k].main, ps[k].sub)


def joined(ps: list[Parsed], idxs: list[int]) -> tuple[Parsed, list[int]]:
    """The items `idxs` (one sentence cut at "；", sentence_items) read as the one sentence they are:
    a Parsed of their texts put together (its `s` the first item's, so a finding on it points there)
    and where each item starts in its text."""
    if len(idxs) == 1:
        return ps[idxs[0]], [0]
    first = ps[idxs[0]]
    starts, at = [], 0
    for j in idxs:
        starts.append(at)
        at += len(ps[j].text)
    s = first.s
    one = Sentence(s.index, s.page, s.bbox, "".join(ps[j].text for j in idxs), s.section, s.path)
    out = parse_sentences([one])[0]
    out.main, out.sub = first.main, first.sub
    out.parts = tuple(ps[j] for j in idxs)
    return out, starts


def item_of(starts: list[int], pos: int) -> int:
    """Which of the joined items (by its place in `starts`) holds the text position `pos`."""
    k = 0
    while k + 1 < len(starts) and starts[k + 1] <= pos:
        k += 1
    return k


_PARSED: dict[tuple, list[Parsed]] = {}


def parsed(ix: DocIndex) -> list[Parsed]:
    """The narrative parsed once per document.  A cell edit re-runs every rule on a snapshot
    whose sentences are unchanged: the parse is kept across runs, keyed by the sentences."""
    def parse() -> list[Parsed]:
        heads = getattr(ix.doc, "headings", None) or []
        key = (tuple((s.index, s.page, s.bbox, s.text, s.section, s.path) for s in ix.doc.narrative),
               tuple((h.page, h.bbox, h.text) for h in heads))
        hit = _PARSED.get(key)
        if hit is None:
            hit = parse_sentences(ix.doc.narrative, heads)
            if len(_PARSED) >= 4:
                _PARSED.pop(next(iter(_PARSED)))
            _PARSED[key] = hit
        return hit
    return ix.cached("narrative", parse)


def sent_loc(p: Parsed) -> Location:
    s = p.s
    return Location(narrative=s.index, page=s.page, bbox=s.bbox, text=s.text, row_label=p.main or None)


# -- resolving a subject to a table figure ------------------------------------------------

@dataclass
class Target:
    rule: str
    ref: Ref | None  # the table figure (None: computed value)
    name: str
    value: Decimal | None = None  # in 万元, when computed (sum of refs) or ref missing
    locs: tuple[Location, ...] = ()
    base: "Target | None" = None  # share base
    # other figures the same words name in some disclosures ("收入总计" for 本年收入合计): a
    # restatement equal to one of them is not an error
    alts: tuple["Target", ...] = ()

    @property
    def wan(self) -> Decimal | None:
        if self.ref is not None:
            return self.ref.wan
        return self.value

    def location(self) -> Location:
        """Where a finding points in the tables: the cell, else the first line summed."""
        return self.ref.location() if self.ref is not None else (self.locs[0] if self.locs else Location())


def _ctx_scope(p: Parsed, key: str) -> str:
    """'gp' 一般公共预算, 'fin' 财政拨款, 'all' 全部资金."""
    ctx = p.ctx
    if "一般公共预算" in key or ("一般公共预算" in ctx and "财政拨款" not in key.replace("一般公共预算财政拨款", "")):
        return "gp" if "一般公共预算" in key or "一般公共预算" in ctx else "fin"
    if "财政拨款" in key or "财政拨款" in ctx:
        return "fin"
    return "all"


def _side_target(ix, role, block, labels, rule_id, name, col=None) -> Target | None:
    v = ix.get(role)
    if v is None or (block == 1 and len(v.blocks) < 2):
        return None
    s = ix.side_find(ix.sides(v, block), *labels)
    if s is None:
        return None
    ref = side_ref(v, s, col, exact=col is not None)
    return Target(rule_id, ref, name) if ref is not None else None


def _total_target(ix, role, names, rule_id, name, exclude=("年初预算", "预算数")) -> Target | None:
    v = ix.get(role)
    if v is None:
        return None
    r = v.total_row()
    c = v.col(*names, exclude=exclude)
    if c is None and "预算" in (ix.doc.kind or ""):
        c = v.col(*names)  # a 预算's columns are all 预算数 (2025年预算数/基本支出)
    if r is None or c is None:
        return None
    return Target(rule_id, v.ref(r, c, name, "合计"), name)


def _grand_total(ix, block: int) -> Target | None:
    """A 收支总表 printing no 总计 row: its grand total is the last 合计 row below the 上年结转 /
    结转下年 line ("当年支出小计 … 结转下年资金 … 支出合计")."""
    v = ix.get("01")
    if v is None or (block == 1 and len(v.blocks) < 2):
        return None
    named = [x for x in ix.sides(v, block) if norm(x.label)]
    if not named or not norm(named[-1].label).endswith("合计") \
            or not any("结转" in norm(x.label) or "结余" in norm(x.label) for x in named[:-1]):
        return None
    ref = side_ref(v, named[-1], None, exact=False)
    return Target("C1", ref, "收入总计" if block == 0 else "支出总计") if ref is not None else None


def income_total(ix) -> Target | None:
    return (_side_target(ix, "01", 0, INCOME_TOTAL, "C2", "本年收入合计")
            or _total_target(ix, "02", ("本年收入合计", "合计"), "C2", "本年收入合计"))


def expense_total(ix) -> Target | None:
    return (_side_target(ix, "01", 1, EXPENSE_TOTAL, "C3", "本年支出合计")
            or _total_target(ix, "03", ("本年支出合计", "合计"), "C3", "本年支出合计"))


def gp_total(ix) -> Target | None:
    return _total_target(ix, "05", ("合计", "小计", "本年支出合计", "决算数", "金额"), "C5", "一般公共预算财政拨款支出合计")


def _fin_total(ix, block):
    v = ix.get("04")
    if v is None:
        return None
    # 总计 (with what was carried over), else — a 预算 table with nothing carried over prints no
    # 总计 line — its 收入合计 / 支出合计; the 支出 side's 合计 column, else its first amount column
    totals = ("总计", "收入总计" if block == 0 else "支出总计")
    sums = ("收入合计",) if block == 0 else ("支出合计",)
    cols = ("合计", None) if block == 1 else (None,)
    for labels in (totals, sums):
        for col in cols:
            t = _side_target(ix, "04", block, labels, "C4", "财政拨款收支总计", col)
            if t is not None:
                return t
    return None


def code_rows(ix: DocIndex, v: TableView) -> list[tuple[int, str, int]]:
    """v.code_rows(), once per table and run (the narrative rules ask for it per sentence)."""
    return ix.cached(("code_rows", v.t.id), v.code_rows)


def _col05(ix: DocIndex, v: TableView) -> int | None:
    # "金额": a 预算 table printing one amount column (功能科目编码 | 功能科目名称 | 金额)
    return ix.cached(("col05", v.t.id), lambda: v.col("合计", "小计", "本年支出合计", "决算数", "金额",
                                                      exclude=("年初预算", "预算数")))


def hierarchy(ix: DocIndex, v: TableView) -> list[tuple[int, int]]:
    """v.hierarchy_rows() once per table and run: (row, level) of its 科目 rows, by code, or in a table
    of names without codes, by the level its indentation shows."""
    return ix.cached(("hierarchy_rows", v.t.id), v.hierarchy_rows)


def _parent_row(ix: DocIndex, v: TableView, i: int) -> int | None:
    """The 款 row the 项 row i sits under: the 款 its code begins with, or in a table of names without
    codes, the nearest 款 printed above it (None once a 类 or the table's top comes first)."""
    coded = code_rows(ix, v)
    if coded:
        code = next(cd for j, cd, _l in coded if j == i)
        return next((j for j, cd, lv in coded if lv == 2 and code.startswith(cd) and cd != code), None)
    rows = hierarchy(ix, v)
    k = next(n for n, (j, _l) in enumerate(rows) if j == i)
    for j, lvl in reversed(rows[:k]):
        if lvl < rows[k][1]:
            return j if lvl == 2 else None
    return None


def _row_05(ix, name_key: str, level: int | None = None, prefer: Decimal | None = None,
            parent: str = "") -> Target | None:
    v = ix.get("05")
    if v is None or not name_key:
        return None
    c = _col05(ix, v)
    if c is None:
        return None
    cands = [i for i, lvl in hierarchy(ix, v) if v.keys[i] == name_key and (level is None or lvl == level)]
    if parent and len(cands) > 1:
        # the same 项 name under several 款 (行政运行): keep the one under the named 款
        under = []
        for i in cands:
            pj = _parent_row(ix, v, i)
            if pj is not None and (v.keys[pj] == parent or parent in v.keys[pj] or v.keys[pj] in parent):
                under.append(i)
        if under:
            cands = under
    if not cands:
        return None
    if prefer is not None and len(cands) > 1:
        for i in cands:
            w = v.ref(i, c).wan
            if w is not None and w == prefer:
                return Target("C5", v.ref(i, c, v.t.rows[i].label), v.t.rows[i].label)
    i = cands[0]
    return Target("C5", v.ref(i, c, v.t.rows[i].label), v.t.rows[i].label)


SANGONG_KEYS = [
    ("车小计", ("公务用车购置及运行维护费", "公务用车购置及运行费", "公务用车购置和运行维护费", "公务用车购置及运行",
               "公务用车及运行维护费", "公务用车及运行费")),
    ("购置", ("公务用车购置费", "公务用车购置")),
    ("运行", ("公务用车运行维护费", "公务用车运行费", "公务用车运行维护")),
    ("出国", ("因公出国(境)费", "因公出国（境）费", "因公出国(境)", "出国(境)费", "因公出国")),
    ("接待", ("公务接待费", "公务接待")),
    ("合计", ("三公经费", "三公”经费", "三公")),
]


def sangong_target(ix, key: str, budget: bool) -> Target | None | str:
    v = ix.get("09")
    if v is None:
        return None
    which = None
    k = key.replace("“", "").replace("”", "")
    for name, pats in SANGONG_KEYS:
        if any(norm(x) in k for x in pats):
            which = name
            break
    if which is None or any(x in k for x in ("国内接待", "外事接待", "国(境)外接待", "外宾接待", "国内公务接待")):
        return None  # a part of the 公务接待费 the table does not print
    rows = sangong_rows(ix, v)
    within = "预算数" if budget else "决算数"
    if not rows:
        return Target("C8", None, f"“三公”经费{within}（本表无数据）", Z, (Location(table=v.t.id, row_label=v.t.title),))
    lines = sangong_lines(ix, v, within)
    if not lines or which not in lines[0]:
        return None
    return Target("C8", v.ref(*lines[0][which], f"{within} / {which}"), f"“三公”经费表{within}")


def _meeting_target(ix, key: str, budget: bool) -> Target | None:
    """The 会议费 or 培训费 column of a 三公 table that prints them (its one data row)."""
    v = ix.get("09")
    if v is None or ("会议费" in key) == ("培训费" in key):
        return None
    item = "会议费" if "会议费" in key else "培训费"
    rows = sangong_rows(ix, v)
    if len(rows) != 1:
        return None
    n = len(v.t.columns)
    within = "预算数" if budget else "决算数"
    grouped = [i for i in range(n) if within in "/".join(v.path(i))]
    if not grouped and any(w in "/".join(v.path(i)) for i in range(n) for w in ("预算数", "决算数")):
        return None  # the table prints the other kind only
    cols = [i for i in (grouped or range(n)) if v.path(i) and sangong_leaf(v.path(i)) == item]
    if len(cols) != 1:
        return None
    return Target("C8", v.ref(rows[0], cols[0], item), f"{v.t.title} {item}")


def econ_target(ix, key: str) -> Target | None:
    v = ix.get("06")
    if v is None:
        return None
    lines, totals = econ_lines(ix, v)
    for names, total, personnel in ((("人员经费", "人员经费合计", "人员经费支出"), "人员经费合计", True),
                                    (("公用经费", "公用经费合计", "公用经费支出"), "公用经费合计", False)):
        if key not in names:
            continue
        t = totals.get(total)
        if t is not None:
            return Target("C7", t, total)
        # the national 基本支出表 prints 人员经费 | 公用经费 as columns beside 合计, one row per 经济分类
        # line: the figure is the column's printed 合计 (A16 adds each row across)
        col, row = v.col(names[0]), v.total_row()
        if col is not None and row is not None and len(v.blocks) <= 1 and col != v.col("合计", "小计") \
                and v.value(row, col) is not None:
            return Target("C7", v.ref(row, col, total), f"{v.t.title} 合计/{names[0]}")
        # a 预算 table by 经济科目 prints no 人员经费 / 公用经费 line: 人员经费 are the 301 and 303
        # classes, 公用经费 every other class (as A15 adds them up)
        classes = [ln for ln in lines if len(ln.code) == 3 and ln.code.isdigit() and ln.code[0] == "3"]
        mine = [ln for ln in classes if (ln.code in PERSONNEL) == personnel]
        if not classes or not mine or any(ln.ref.wan is None and not ln.ref.blank for ln in mine):
            return None
        value = sum((ln.ref.wan or Decimal(0) for ln in mine), Decimal(0))
        return Target("C7", None, f"{v.t.title}（{' + '.join(ln.code + ' ' + ln.label for ln in mine)}）", value=value,
                      locs=tuple(ln.ref.location() for ln in mine))
    for ln in lines:
        if label_key(ln.label) == key and len(key) >= 2:
            return Target("C7", ln.ref, f"{ln.code} {ln.label}")
    if len(key) >= 3:
        for ln in lines:
            if key in label_alternatives(ln.label):
                return Target("C7", ln.ref, f"{ln.code} {ln.label}")
    return None


_ALT = re.compile(r"(.)[(（](.)[)）]")


def label_alternatives(label: str) -> set[str]:
    """A 科目 name with a one-character alternative in brackets names either reading:
    维修（护）费 → 维修费, 维护费."""
    k = label_key(label)
    m = _ALT.search(k)
    if not m:
        return {k}
    return {k, k[:m.start()] + m.group(1) + k[m.end():], k[:m.start()] + m.group(2) + k[m.end():]}


def resolve(ix: DocIndex, p: Parsed, a: Amount) -> Target | None:
    """The table figure the narrative amount restates, or None when it is not a table figure."""
    key = ("resolve", p.s.index, a.start)
    if key not in ix._cache:
        ix._cache[key] = _resolve(ix, p, a)
    t = ix._cache[key]
    if t is None or isinstance(t, str):
        return t
    return Target(t.rule, t.ref, t.name, t.value, t.locs, t.base, t.alts)  # callers may retag .rule


# what names another period than the document's: last year's figure ("上年收入总计636.01万元", "由上年
#的X万元减少到…"), a forecast — but not this year's lines for what was carried over (上年结转, 结转下年)
# nor a 科目 named so (计划生育)
_OTHER_PERIOD = re.compile(r"上年(?!度?(?:结转|结余|财政拨款结转))|去年|上一年|同期|预计|计划(?!生育)|(?<!结转)下年|明年")


def _other_period(ix: DocIndex, a: Amount) -> bool:
    """The amount's own clause dates it to another year than the document's, or to last year."""
    said = norm(a.subject)
    if _OTHER_PERIOD.search(said):
        return True
    year = _narrative_year(ix)
    return year is not None and any(int(y) != year for y in re.findall(r"((?:19|20)\d{2})\s*年", said))


def _narrative_year(ix: DocIndex) -> int | None:
    """The document's year when its 情况说明 names it too (a year read wrongly from the cover must not
    make every dated sentence "another year")."""
    def calc() -> int | None:
        year = getattr(ix.doc, "year", None)
        if year is None:
            return None
        said = re.compile(rf"{year}\s*年")
        return year if any(said.search(s.text) for s in ix.doc.narrative) else None
    return ix.cached("narrative_year", calc)


def _resolve(ix: DocIndex, p: Parsed, a: Amount) -> Target | None:
    key = a.key
    if not key or a.role == "change":
        return None
    if _other_period(ix, a):
        return None  # "2023年度收入总计636.01万元": no table of this document prints it
    if a.role == "actual" and _ACTUAL_ONLY.match(key):
        return _item_actual(ix, p, a)
    key = key.replace("(类)", "").replace("(款)", "").replace("(项)", "")
    key = re.sub(r"(支出|收入)决算数?$", r"\1", key)  # "一般公共预算支出决算数为X万元", "本年收入决算X万元"
    key = re.sub(r"(支出|收入|费)(?:预算)?(?:拟)?安排$", r"\1", key)  # "一般公共预算基本支出安排X万元": a 预算's verb
    key = re.sub(r"(支出)(?:类|款|项)?科目$", r"\1", key)  # "（一）科学技术支出类科目X元，占支出总预算Y%"
    ctx = p.ctx
    scope = _ctx_scope(p, key)
    # 会议费 / 培训费 printed beside the 三公 in their table (预算: “三公”经费、会议费、培训费支出预算表)
    if ("会议费" in key or "培训费" in key) and "三公" not in key:
        t = _meeting_target(ix, key, a.role == "budget")
        if t is not None:
            return t
    # 三公 (also budget figures)
    if "三公" in ctx or "三公" in key or any(x in key for x in ("公务接待费", "因公出国", "公务用车")):
        if "公务用车保有量" in key or "批次" in key:
            return None
        t = sangong_target(ix, key, a.role == "budget")
        if t is None and not a.role:
            # a 预算 disclosure states its 三公 items without "预算" ("（三）公务接待费0.73万元"):
            # the table's 预算数 when it prints no 决算数 for the item
            t = sangong_target(ix, key, True)
        return t
    if a.role == "budget":
        if not _budget_doc(ix):
            return None
        # a 预算 disclosure's figures are 预算数: "基本支出预算数为X万元" restates its table
        year = getattr(ix.doc, "year", None)
        said = norm(a.subject) + key
        if "上年" in said or any(int(y) != year for y in re.findall(r"(\d{4})\s*年", said)):
            return None  # last year's 预算 is in no table of this one
        key = re.sub(r"(?:年初)?预算(?:数)?(?:为|是)?$", "", key)
        key = re.sub(r"\d{4}\s*年度?$", "", key)  # "1.…(类)…(款)行政运行(项)2025年预算数为X万元"
        key = re.sub(r"^.*?\d{4}\s*年度?", "", key)
        if key.endswith("总") and ("收" in key or "支" in key):
            key += "计"  # "财政拨款收、支总预算X万元": the 收支总计
        if not key:
            return None
    if "政府采购" in ctx or "政府采购" in key or "中小企业" in key or "机关运行经费" in key:
        return None
    if "绩效" in ctx:
        return None
    budget_key = _budget_key(ix, key) if _budget_doc(ix) else ""  # the name its tables print
    if _budget_doc(ix) and "三公" not in ctx:
        t = _budget_restatement(ix, p, a, budget_key, scope)
        if t is not None:
            return t
        key = budget_key or key  # the mappings below, under the names the tables print
    if key in ("收入总计", "收支总计", "收、支总计", "收、支总计均为", "收支总计均为", "收、支总计各", "总计"):
        key = "收入总计"
    if key in ("总收入", "总支出"):
        key = key[1:] + "总计"  # "本单位2024年度总收入581.45万元，其中本年收入390.55万元"
    if "总计" in key and ("收" in key or "支" in key):
        if "一般公共预算" in key and "支" in key:
            return gp_total(ix)  # "一般公共预算财政拨款支出总计X万元": the 公开05 合计
        side = 0 if key.startswith("收") or "支" not in key else 1
        if scope in ("fin", "gp") or "财政拨款" in key:
            t = _fin_total(ix, 0 if "收" in key else 1)
            if t:
                t.rule = "C4"
                # "财政拨款收入总计X，…支出总计Y" where X ≠ Y: the year's 收入 / 支出 合计
                alt = _side_target(ix, "04", 0 if "收" in key else 1, INCOME_TOTAL if "收" in key else EXPENSE_TOTAL,
                                   "C4", "财政拨款本年合计")
                t.alts = (alt,) if alt is not None else ()
            return t
        t = _side_target(ix, "01", side, ("总计", "收入总计" if side == 0 else "支出总计"), "C1",
                         "收入总计" if side == 0 else "支出总计") or _grand_total(ix, side)
        if t is not None:
            # some provinces' "收、支总计" are the year's 本年收入合计 / 本年支出合计
            alt = income_total(ix) if side == 0 else expense_total(ix)
            t.alts = (alt,) if alt is not None else ()
        return t
    carried = _carried_target(ix, key, scope)
    if carried is not False:
        return carried
    # 一般公共预算 totals and 类 rows
    if key in ("一般公共预算财政拨款支出", "一般公共预算财政拨款决算支出", "一般公共预算财政拨款支出决算",
               "一般公共预算支出", "一般公共预算财政拨款支出合计"):
        return gp_total(ix)
    if key in ("一般公共预算当年拨款", "一般公共预算财政拨款当年拨款"):
        # "一般公共预算当年拨款X万元": the year's 一般公共预算 income of 公开04 (its spending when
        # nothing was carried over)
        t = _side_target(ix, "04", 0, ("一般公共预算财政拨款", "一般公共预算拨款", "一般公共预算"), "C4",
                         "公开04表一般公共预算财政拨款收入")
        g = gp_total(ix)
        if t is None:
            return g
        t.alts = (g,) if g is not None else ()
        return t
    # 基本支出, 财政拨款基本支出, 一般公共预算(财政)(拨款)基本支出 (a 预算 prints "一般公共预算基本支出")
    if re.fullmatch(r"(?:一般公共预算)?(?:财政)?(?:拨款)?(?:基本|项目)支出", key):
        col = "基本支出" if "基本" in key else "项目支出"
        item = _item_part(ix, p, a, col)
        if item is not False:
            return item
        if "基本支出" in p.ctx and col == "基本支出":
            return _total_target(ix, "05", (col,), "C7", f"公开05表合计 / {col}") or _basic_06(ix, "C7")
        if scope in ("gp", "fin") or "财政拨款" in key or "一般公共预算" in key:
            return _total_target(ix, "05", (col,), "C5", f"公开05表合计 / {col}") \
                or (_basic_06(ix, "C7") if col == "基本支出" else None)
        return _total_target(ix, "03", (col,), "C3", f"公开03表合计 / {col}")
    lists_econ = "基本支出" in p.ctx or "基本支出" in a.share_base or re.search(r"(人员经费|公用经费)[^。]*(包括|用于|其中)", p.text[:a.start])
    if key in ("人员经费", "公用经费") and _part_of_a_line(p, a):
        return None
    if key in ("人员经费", "公用经费") or (lists_econ and econ_target(ix, key) is not None):
        return econ_target(ix, key)
    if key in ("收入合计", "本年收入合计", "本年收入", "收入"):
        if scope == "all":
            t = income_total(ix)
            if t:
                t.rule = "C2"
                if key in ("收入", "收入合计"):
                    # "收入和支出分别为A万元和B万元", "收入预算合计X万元，包括本年收入和上年结转结余":
                    # these may name the 总计
                    alt = _side_target(ix, "01", 0, ("总计", "收入总计"), "C1", "收入总计")
                    t.alts = (alt,) if alt is not None else ()
            return t
        return _side_target(ix, "04", 0, INCOME_TOTAL, "C4", "财政拨款本年收入合计")
    if key in ("支出合计", "本年支出合计", "本年支出", "支出"):
        if scope == "all":
            t = expense_total(ix)
            if t:
                t.rule = "C3"
                if key in ("支出", "支出合计"):
                    alt = _side_target(ix, "01", 1, ("总计", "支出总计"), "C1", "支出总计")
                    t.alts = (alt,) if alt is not None else ()
            return t
        return None
    if key in ("财政拨款收入", "财政拨款支出", "财政拨款本年收入", "财政拨款本年支出") and _ctx_scope(p, "") == "fin":
        # "四、财政拨款收入支出决算总体情况 … 财政拨款收入X万元，财政拨款支出Y万元": 公开04's year totals
        if "收入" in key:
            return _side_target(ix, "04", 0, INCOME_TOTAL, "C4", "财政拨款本年收入合计")
        return _side_target(ix, "04", 1, EXPENSE_TOTAL, "C4", "财政拨款本年支出合计", "合计") \
            or _side_target(ix, "04", 1, EXPENSE_TOTAL, "C4", "财政拨款本年支出合计")
    sources = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
    if key in sources and ("收入决算" in ctx or scope == "all") and "财政拨款收" not in ctx.replace("财政拨款收入", ""):
        return _total_target(ix, "02", (key,), "C2", f"公开02表合计 / {key}")
    fund = _FUND_INCOME.get(key)
    if fund and _ctx_scope(p, "") == "all":
        # "二、收入决算情况说明 … 一般公共预算财政拨款收入X万元，占Y%": the 收支总表's income line
        t = _side_target(ix, "01", 0, fund, "C2", fund[0])
        if t is not None:
            return t
    if key in ("一般公共预算财政拨款收入", "一般公共预算财政拨款") and scope != "all":
        return _side_target(ix, "04", 0, ("一般公共预算财政拨款",), "C4", "公开04表一般公共预算财政拨款收入")
    if key in ("上缴上级支出", "经营支出", "对附属单位补助支出") and scope == "all":
        return _total_target(ix, "03", (key,), "C3", f"公开03表合计 / {key}")
    if scope == "gp" or "一般公共预算" in p.ctx:
        k = re.sub(r"类支出$|类$", "", key)
        t = _row_05(ix, k, 1, a.wan) or _row_05(ix, k, None, a.wan)
        if t:
            return t
    elif scope == "all" and "(类)" in a.key and _all_spending_gp(ix):
        # "支出预算总计X万元，包括：1.公共安全(类)支出Y万元": all the money is 一般公共预算, so the
        # 类 of the whole spending is the 类 row of 公开05
        k = re.sub(r"类支出$|类$", "", key)
        k = k if k.endswith("支出") else k + "支出"
        return _row_05(ix, k, 1, a.wan)
    fund_section = bool(re.search(r"政府性基金|国有资本经营", ctx))  # C10's: the 07/08 tables
    if scope == "all" and not a.share_base.startswith("一般公共预算") and not fund_section:
        # "三、支出预算情况说明 …（一）科学技术支出类科目X元，占支出总预算Y%": a 类 of all the money is
        # the 类 row of the 收入 / 支出 table the section is about
        topic = ("03" if "支出" in ctx and "收入" not in ctx else "02" if "收入" in ctx and "支出" not in ctx else "")
        t = _class_row(ix, topic, key) if topic else None
        if t is not None:
            return t
    if scope == "fin" and key.endswith("支出") and not fund_section:
        # "四、财政拨款收支预算总体情况 … 支出包括：科学技术支出X元": the 类 line of 公开04's 支出 side
        t = _side_target(ix, "04", 1, (key,), "C4", f"公开04表 {key}", "合计") \
            or _side_target(ix, "04", 1, (key,), "C4", f"公开04表 {key}")
        if t is not None:
            return t
    if budget_key and scope == "all":
        return _budget_column(ix, budget_key)
    return None


# what 人员经费 / 公用经费 may be a part of and still be the table's totals: 基本支出, or the whole spending
_WHOLE = re.compile(r"基本支出|^(?:一般公共预算)?(?:财政拨款)?(?:本年)?支出(?:合计|总计)?(?:决算)?(?:数)?$|^(?:合计|总计)$")


def _part_of_a_line(p: Parsed, a: Amount) -> bool:
    """"科学技术支出(类)406.12万元，其中人员经费100万元", "行政运行支出300万元，主要用于人员经费250万元":
    the 人员经费 of one 科目 (or of 项目支出, 机关运行经费 …), not the 基本支出表's 人员经费合计."""
    parent = next((b for b in reversed(p.amounts) if b.end <= a.start and b.role != "change"
                   and b.key not in ("人员经费", "公用经费")), None)
    if parent is None or re.search(r"[。；;]", p.text[parent.end:a.start]):
        return False
    return not _WHOLE.search(parent.key.replace("(类)", "").replace("(款)", "").replace("(项)", ""))


def _class_row(ix: DocIndex, role: str, key: str) -> Target | None:
    """The 类 row (3-digit code, or in a table of names without codes, a name its indentation sets at
    the first level) of the 收入 (02) or 支出 (03) table named `key`, its total column."""
    v = ix.get(role)
    if v is None or not key.endswith("支出"):
        return None
    rows = [i for i, lvl in hierarchy(ix, v) if lvl == 1 and v.keys[i] == key]
    names = ("本年支出合计", "合计", "小计", "金额") if role == "03" else ("本年收入合计", "合计", "小计", "金额")
    c = v.col(*names, exclude=("年初预算", "预算数"))
    if len(rows) != 1 or c is None:
        return None
    label = v.t.rows[rows[0]].label
    return Target("C3" if role == "03" else "C2", v.ref(rows[0], c, label), f"{v.t.title} {label}")


def _item_part(ix: DocIndex, p: Parsed, a: Amount, col: str) -> "Target | None | bool":
    """"机构运行3843600元，其中：基本支出3843600元，项目支出0元": the 基本/项目 split of the 科目 the
    sentence opens with is that row's column, not the table's 合计. False: the sentence opens with
    no 科目 row (a total's split, resolved as before)."""
    before = [x for x in p.amounts if x.end <= a.start and x.role != "change"]
    if not before or "其中" not in p.text[before[0].end:a.start]:
        return False
    head = before[0]
    if head.key in ("基本支出", "项目支出") or head is a:
        return False
    t = resolve(ix, p, head)
    if t is None or t.ref is None:
        return False
    v = t.ref.view
    if v.total_row() == t.ref.row or not (v.t.rows[t.ref.row].code or t.ref.row in dict(hierarchy(ix, v))):
        return False
    c = v.col(col, exclude=("年初预算", "预算数"))
    if c is None:
        return None
    label = v.t.rows[t.ref.row].label
    return Target(t.rule, v.ref(t.ref.row, c, f"{label} / {col}"), f"{label} / {col}")


_ACTUAL_ONLY = re.compile(r"^(?:支出)?决算(?:数)?$|^(?:实际)?支出(?:数)?$")


def _item_actual(ix: DocIndex, p: Parsed, a: Amount) -> Target | None:
    """"1.社会保障和就业(类)行政事业单位养老支出(款)机关事业单位基本养老保险缴费支出(项)：支出决算为
    X万元，完成预算Y%": a 项 named before the colon of its own sentence (no 年初预算 printed)."""
    head = p.text[:a.start]
    cut = max(head.rfind("："), head.rfind(":"))
    if cut < 0 or any(x.start < a.start and x.role != "actual" for x in p.amounts):
        return None
    name = norm(head[:cut])
    if not _MARK_WORD.search(name) or _MARK.search(name):
        return None  # a 科目 printed with its codes is C5's coded item
    key, lvl = _item_name(name)
    par = _parent_name(name)
    return _row_05(ix, key, lvl, a.wan, par) or _row_05(ix, re.sub(r"支出$", "", key), lvl, a.wan, par)


# a fund's income as the narrative names it → the 收支总表 lines that print it
_FUND_INCOME = {
    "一般公共预算财政拨款收入": ("一般公共预算财政拨款收入", "一般公共预算拨款收入"),
    "政府性基金预算财政拨款收入": ("政府性基金预算财政拨款收入", "政府性基金预算拨款收入"),
    "国有资本经营预算财政拨款收入": ("国有资本经营预算财政拨款收入", "国有资本经营预算拨款收入"),
}
# 收支总表 lines besides the year's totals: (income side, expense side) → their printed labels
_CARRIED = (
    (("年初结转和结余", "上年结转和结余", "年初结转结余", "上年结转结余", "上年结转", "年初结转",
      "年初财政拨款结转和结余", "上年财政拨款结转和结余"), 0,
     ("年初结转和结余", "上年结转和结余", "上年结转", "年初结转")),
    (("使用非财政拨款结余", "使用非财政拨款结余(含专用结余)"), 0,
     ("使用非财政拨款结余(含专用结余)", "使用非财政拨款结余", "使用非财政拨款结余和专用结余")),
    (("年末结转和结余", "年末结转结余", "结转下年", "年末结转", "年末财政拨款结转和结余"), 1,
     ("年末结转和结余", "结转下年", "年末结转")),
    (("结余分配",), 1, ("结余分配",)),
)


def _carried_target(ix: DocIndex, key: str, scope: str) -> "Target | None | bool":
    """"收入总计X万元，其中：本年收入合计A万元，使用非财政拨款结余B万元，年初结转和结余C万元": the
    收支总表's lines below its year's totals (公开01; in a 财政拨款 section 公开04's). False: not one."""
    for names, block, labels in _CARRIED:
        if key not in names:
            continue
        if scope in ("fin", "gp") or "财政拨款" in key:
            if block == 0 and names[0] == "年初结转和结余":
                return _side_target(ix, "04", 0, ("年初财政拨款结转和结余",) + labels, "C4", "财政拨款" + labels[0])
            if block == 1 and names[0] == "年末结转和结余":
                return _side_target(ix, "04", 1, ("年末财政拨款结转和结余",) + labels, "C4", "财政拨款" + labels[0], "合计") \
                    or _side_target(ix, "04", 1, ("年末财政拨款结转和结余",) + labels, "C4", "财政拨款" + labels[0])
            return None
        return _side_target(ix, "01", block, labels, "C1", labels[0])
    return False


# a 预算 document says "预算" where its tables print the figure plainly ("本年收入预算合计",
# "财政拨款支出预算", "基本支出预算数"); the fund names keep theirs
_BUDGET_WORD = re.compile(r"(?<!一般公共)(?<!资本经营)(?<!政府性基金)预算(?:数|安排|总额)?")


def _budget_key(ix: DocIndex, key: str) -> str:
    """A 预算 document's subject as its tables name it: without the department or year before it
    ("某某局本年收入预算合计" → "本年收入合计") and without "预算"."""
    dept = norm(getattr(ix.doc, "department", "") or "")
    if dept and key.startswith(dept):
        key = key[len(dept):]
    key = re.sub(r"^(?:本部门|本单位|我部门|我单位)", "", key)
    key = re.sub(r"^.*?\d{4}\s*年度?", "", key)
    # "收支预算总额" / "收入预算总额": the 收支总表's 总计
    key = re.sub(r"(收入|支出|收支|收、支)(?:预算)?(?:总额|总预算)$", r"\1总计", key)
    key = _BUDGET_WORD.sub("", key)
    # "政府性基金预算拨款收入": the fund's income as its line prints it (…预算财政拨款收入)
    return re.sub(r"(一般公共预算|政府性基金预算|国有资本经营预算)拨款", r"\1财政拨款", key)


def _budget_restatement(ix: DocIndex, p: Parsed, a: Amount, k: str, scope: str) -> Target | None:
    """What a 预算 document's 情况说明 restates that the 决算 mappings of `_resolve` do not reach
    (those then run on the key as the tables name it, `_budget_key`): the 财政拨款 and 一般公共预算
    totals under their 预算 names, and a 项 named by its 款 without codes ("某某(款)行政运行(项)支出X万元")."""
    raw = norm(a.key)
    if "(项)" in raw or "(款)" in raw:
        if _MARK.search(raw):
            return None  # printed with its codes: C5's coded items
        name, lvl = _item_name(raw)
        name = re.sub(r"支出$", "", name) if lvl is not None and name.endswith("支出") and "(项)" not in raw.split(name)[-1] else name
        t = _row_05(ix, name, lvl, a.wan, _parent_name(raw)) or _row_05(ix, re.sub(r"支出$", "", name), lvl, a.wan, _parent_name(raw))
        return t
    if k in ("财政拨款支出", "财政拨款支出合计"):
        return _side_target(ix, "04", 1, ("支出合计", "本年支出合计"), "C4", "财政拨款支出合计") \
            or _fin_total(ix, 1)
    if k in ("财政拨款收入", "财政拨款收入合计") and scope != "all":
        return _side_target(ix, "04", 0, ("收入合计", "本年收入合计"), "C4", "财政拨款收入合计") \
            or _fin_total(ix, 0)
    if k in ("一般公共预算财政拨款支出", "一般公共预算支出"):
        return gp_total(ix)
    if k in ("一般公共预算收入", "一般公共预算财政拨款收入"):
        return _side_target(ix, "04", 0, ("一般公共预算财政拨款", "一般公共预算"), "C4", "公开04表一般公共预算财政拨款收入")
    return None


def _budget_column(ix: DocIndex, k: str) -> Target | None:
    """A 预算 figure named (`k`, as `_budget_key` gives it) like a column of the 支出预算总表
    ("单位预留机动经费预算数为X万元"): that column's 合计 (asked last, after every named mapping)."""
    v = ix.get("03")
    if v is None or len(k) < 4:
        return None
    r = v.total_row()
    c = next((i for i in v.amount_cols() if v.path(i)[-1] == k), None)
    if r is None or c is None:
        return None
    return Target("C3", v.ref(r, c, f"合计 / {k}", "合计"), f"{v.t.title}合计 / {k}")


def _basic_06(ix: DocIndex, rid: str) -> Target | None:
    """财政拨款基本支出 when 公开05 prints no 基本支出 column (one 金额 column): the 合计 of the
    基本支出 table by 经济分类 (公开06)."""
    return _total_target(ix, "06", ("合计", "金额"), rid, "公开06表合计")


def _budget_doc(ix: DocIndex) -> bool:
    kind = getattr(ix.doc, "kind", "") or ""
    return "预算" in kind and "决算" not in kind


def _all_spending_gp(ix: DocIndex) -> bool:
    """The 本年支出合计 (all funds) equals the 一般公共预算 支出合计 (公开05)."""
    def calc() -> bool:
        e, g = expense_total(ix), gp_total(ix)
        return e is not None and g is not None and e.wan is not None and e.wan != 0 and e.wan == g.wan
    return ix.cached("all_spending_gp", calc)


def share_base(ix: DocIndex, p: Parsed, a: Amount, t: Target | None) -> Target | None:
    b = a.share_base
    ctx = p.ctx
    if "本年支出" in b or "支出合计" in b or b.startswith(("支出总", "总支出")):
        return expense_total(ix)
    if "本年收入" in b or "收入合计" in b or b.startswith(("收入总", "总收入")):
        return income_total(ix)
    if "一般公共预算" in b:
        return gp_total(ix)
    if ("基本支出" in b or not b and "基本支出" in ctx) and t is not None and t.rule == "C7" \
            and (a.key in ("人员经费", "公用经费") or "基本支出" in b):
        # "人员经费700.00万元，占82.35%" in the 基本支出 section: a share of the 基本支出
        # "工资福利支出预算X元，占基本支出预算Y%": an 经济分类 class of the 基本支出
        return _total_target(ix, "05", ("基本支出",), "C7", "公开05表合计 / 基本支出") or _basic_06(ix, "C7")
    if t is None:
        return None
    if t.rule == "C2":
        return income_total(ix)
    if t.rule == "C3":
        return expense_total(ix)
    if t.rule == "C5" and t.name != "一般公共预算财政拨款支出合计":
        return gp_total(ix)
    return None


def _compare(ix: DocIndex, p: Parsed, a: Amount, t: Target, what: str) -> Finding | None:
    tv = t.wan
    if t.ref is not None and tv is None:
        if t.ref.blank:
            tv = Z  # a blank cell restated as "0万元" is consistent; a non-zero amount is not
        else:
            return None
    if tv is None:
        return None
    av = a.wan
    unit_tol = Decimal("0.0001") if a.unit == "元" else Decimal(0)
    if t.ref is not None and t.ref.view.unit == "元":
        tv = q2(tv) if a.unit != "元" else tv
    diff = av - tv
    _note_amount(ix, p, a, t, tv)
    if abs(diff) <= unit_tol or diff == 0:
        return None
    if any(x.wan is not None and abs(av - x.wan) <= unit_tol for x in t.alts):
        return None
    if a.unit == "亿元" and _decimals(a.value) < 6 and _rounds_to(a.value, tv / 10000):
        # "收入总计0.06亿元": a 万元 figure to the cent needs six decimals in 亿元; fewer is a rounding
        return Finding(t.rule, INFO, f"情况说明“{a.subject.strip()}{a.value}{a.unit}”为{t.name} {fmt(tv)} 万元的取整表述",
                       sent_loc(p), tv, av, diff, (t.ref.location(),) if t.ref is not None else ())
    if a.unit in ("万元", "万") and _decimals(a.value) < 2 and same_at_precision(a.value, tv):
        return Finding(t.rule, INFO, f"情况说明“{a.subject.strip()}{a.value}{a.unit}”为{t.name} {fmt(tv)} 的取整表述",
                       sent_loc(p), tv, av, diff, (t.ref.location(),) if t.ref is not None else ())
    tail = ""
    if a.unit == "元" and (t.ref is None or t.ref.view.unit == "万元"):
        # a figure in 元 restating a cell printed in 万元 to the cent rounds to that cell: what
        # lies beyond half a cent (50 元) of it cannot be the same figure
        if abs(diff) <= Decimal("0.005"):
            return None
        sev = ERROR
    elif a.unit == "元" or (t.ref is not None and t.ref.view.unit != "万元"):
        # converted: a rounding of the 万元 figure is 尾差
        if abs(diff) <= Decimal("0.01"):
            sev = INFO
        else:
            sev = ERROR
    elif t.ref is None and len(t.locs) > 1:
        # a figure the table does not print but its lines add up to (人员经费 = 301 + 303): the
        # lines are rounded each, so their sum may be off by a cent per line (尾差)
        sev = INFO if abs(diff) <= Decimal("0.01") * len(t.locs) else ERROR
        tail = f"，在 {len(t.locs)} 个取整数相加的尾差以内" if sev == INFO else ""
    else:
        sev = ERROR
    loc = t.location()
    msg = (f"{fmt(a.value)}{'' if a.unit == '万元' else a.unit} ≠ {fmt(tv)}（差 {fmt(diff)}）：情况说明{what}"
           f"“{a.subject.strip()}{fmt(a.value)}{a.unit}”与{t.name} {fmt(tv)} 不一致{tail}")
    return Finding(t.rule, sev, msg, sent_loc(p), tv, av, diff, (loc,))


def _note_amount(ix: DocIndex, p: Parsed, a: Amount, t: Target, tv: Decimal) -> None:
    """For the working paper: the table side of this comparison, as cells it can reference."""
    if ix.trace is None:
        return
    terms = [ix.cell_term(t.ref)] if t.ref is not None else [ix.loc_term(loc) for loc in t.locs]
    if terms and None not in terms:
        ix.note_text(t.rule, sent_loc(p), a.wan, terms, tv)  # type: ignore[arg-type]


def _note_share(ix: DocIndex, rid: str, p: Parsed, printed: Decimal, num: Decimal, den: Decimal,
                related: tuple[Location, ...]) -> None:
    """For the working paper: share = num ÷ den × 100, from the table cells when both are
    cells holding those figures, else from the figures printed in the text."""
    if ix.trace is None:
        return
    cells = [ix.loc_term(loc) for loc in related]
    cells = [c for c in cells if c is not None]
    values = [(v or Z) * k for _l, k, v in cells]  # type: ignore[misc]
    num_t = next((c for c, v in zip(cells, values) if v == num), None) if len(cells) == 2 else None
    den_t = next((c for c, v in zip(cells, values) if v == den and c is not num_t), None)
    # a figure that is not one of the cells enters as the number printed in the text
    terms = [num_t or (sent_loc(p), 1, num), den_t or (sent_loc(p), 1, den)]
    ix.note_text(rid, sent_loc(p), printed, terms, num / den * 100, kind="share")  # type: ignore[arg-type]


def _pct_finding(ix, rid, p: Parsed, printed: Decimal, num: Decimal, den: Decimal, what: str,
                 related: tuple[Location, ...] = ()) -> Finding | None:
    """A printed percentage against num ÷ den: None when it is the correct rounding; 提示 尾差
    when it is one unit of its last digit off (64.25% for 64.259…%, a rounding slip); else 错误.
    The message leads with the arithmetic."""
    if den != 0:
        _note_share(ix, rid, p, printed, num, den, related)
    if den == 0:
        return Finding(rid, ERROR if printed != 0 else WARNING, f"基数为0，不应列示百分比 {printed}%：情况说明{what}",
                       sent_loc(p), None, printed, None, related)
    ok, shown = ix.cfg.pct_ok(printed, num, den)
    if ok and pct_exact(printed, num, den):
        return None
    sev = INFO if ok else ERROR
    tail = "，尾差" if ok else ""
    return Finding(rid, sev, f"{fmt(num)} ÷ {fmt(den)} = {shown}% ≠ 印出的 {printed}%（差 {fmt(printed - shown)} 个百分点"
                             f"{tail}）：情况说明{what}", sent_loc(p), shown, printed, printed - shown, related)


def pct_exact(printed: Decimal, num: Decimal, den: Decimal) -> bool:
    """`printed` is num ÷ den correctly rounded (half up, or half down at an exact half) to its
    own decimals."""
    if den == 0:
        return False
    exact = num * 100 / den
    d = max(_decimals(printed), 0)
    q = Decimal(1).scaleb(-d)
    try:
        return exact.quantize(q, rounding="ROUND_HALF_UP") == printed or exact.quantize(q, rounding="ROUND_HALF_DOWN") == printed
    except ArithmeticError:
        return False


def pct_fits(ix, printed: Decimal, num: Decimal, den: Decimal) -> bool:
    """Within the tolerance (a rounding slip fits)."""
    return den != 0 and ix.cfg.pct_ok(printed, num, den)[0]


def _narr_or_skip(ix):
    if not ix.doc.narrative:
        raise Skip("未提取到情况说明文字")
    return parsed(ix)


def _amount_rules(ix: DocIndex, rule_ids: tuple[str, ...]) -> Iterator[Finding]:
    for p in _narr_or_skip(ix):
        for a in p.amounts:
            t = resolve(ix, p, a)
            if t is None or t.rule not in rule_ids:
                continue
            f = _compare(ix, p, a, t, "")
            if f:
                yield f
            if a.share is not None:
                base = share_base(ix, p, a, t)
                if base is None or base.wan is None or base.rule not in rule_ids and t.rule not in rule_ids:
                    continue
                num = t.wan if t.wan is not None else a.wan
                # recomputed from the table figures; a share that fits the narrative's own (wrong)
                # amount is not a second error
                f = _pct_finding(ix, t.rule, p, a.share, num, base.wan,
                                 f"“{a.key}占{a.share_base or base.name}{fmt(a.share)}%”",
                                 tuple(x.location() for x in (t.ref, base.ref) if x is not None))
                if f and num != a.wan and pct_fits(ix, a.share, a.wan, base.wan):
                    f = None
                if f:
                    yield f


def _needs(ix, *roles):
    if not any(ix.get(r) for r in roles):
        raise Skip("未找到相关决算表：" + "、".join(title_of(r) for r in roles))


@rule("C1", name="情况说明 收支总计 = 收入支出决算总表", tables=(T01,))
def c1(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """情况说明中的收入总计、支出总计与收入支出决算总表一致。

    依据: 情况说明须与决算报表数据一致（部门决算公开格式要求：一、收入支出决算总体情况说明）。
    """
    _needs(ix, "01")
    yield from _amount_rules(ix, ("C1",))


@rule("C2", name="情况说明 本年收入及各来源、占比 = 收入决算表", tables=(T01, T02))
def c2(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """情况说明中的本年收入合计、各项收入金额及其占比与收入决算表一致。

    依据: 二、收入决算情况说明 须与公开02表一致；“X万元，占Y%”中 Y = X ÷ 本年收入合计。
    """
    _needs(ix, "01", "02")
    yield from _amount_rules(ix, ("C2",))


@rule("C3", name="情况说明 本年支出、基本支出、项目支出及占比 = 支出决算表", tables=(T03,))
def c3(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """情况说明中的本年支出合计、基本支出、项目支出金额及其占比与支出决算表一致。

    依据: 三、支出决算情况说明 须与公开03表一致；占比 = 金额 ÷ 本年支出合计。
    """
    _needs(ix, "01", "03")
    yield from _amount_rules(ix, ("C3",))


@rule("C4", name="情况说明 财政拨款收支总计 = 财政拨款收入支出决算总表", tables=(T04,))
def c4(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """情况说明中的财政拨款收支总计及本年收入与财政拨款收入支出决算总表一致。

    依据: 四、财政拨款收支决算总体情况说明 须与公开04表一致。
    """
    _needs(ix, "04")
    yield from _amount_rules(ix, ("C4",))


@rule("C5", name="情况说明 一般公共预算财政拨款支出及各类、占比 = 公开05表", tables=(T05,))
def c5(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """情况说明中的一般公共预算财政拨款支出总额、各类金额及占比与一般公共预算财政拨款支出决算表一致。

    依据: 五、一般公共预算财政拨款支出决算情况说明 须与公开05表一致；结构占比 = 类金额 ÷ 合计。
    """
    _needs(ix, "05")
    yield from _amount_rules(ix, ("C5",))
    yield from _coded_item_checks(ix)


_MARK = re.compile(r"\((\d{2,3})(类|款|项)\)")


def coded_items(ps: list[Parsed]):
    """Item headings that print their codes: "7、社会保障和就业支出(208类)行政事业单位养老支出(05款)
    行政单位离退休(01项)56.12万元。" → (p, amount, full code, the item's later sentences)."""
    out = []
    for k, p in enumerate(ps):
        if not p.amounts:
            continue
        a = p.amounts[0]
        marks = list(_MARK.finditer(p.text[:a.start]))
        if not marks or marks[-1].end() + 4 < a.start:
            continue
        parts = {kind: code for code, kind in (m.groups() for m in marks)}
        code = parts.get("类", "")
        if len(code) != 3:
            continue
        if "款" in parts:
            code += parts["款"][-2:]
            if "项" in parts:
                code += parts["项"][-2:]
        rest = []
        for q in ps[k + 1:k + 8]:
            if q.amounts and _MARK.search(q.text[:q.amounts[0].start]) or q.main != p.main:
                break
            rest.append(q)
        out.append((p, a, code, rest))
    return out


def _coded_item_checks(ix: DocIndex) -> Iterator[Finding]:
    v = ix.get("05")
    c = _col05(ix, v) if v else None
    if v is None or c is None:
        return
    rows = {code: i for i, code, _lvl in code_rows(ix, v)}
    for p, a, code, _rest in coded_items(parsed(ix)):
        # the 类/款/项 names printed before their codes are the table's names for those codes
        prev = 0
        head = p.text[:a.start]
        named: list[tuple[str, str, str]] = []  # (name, its code as printed, 类 / 款 / 项)
        for m in _MARK.finditer(head):
            name = label_key(re.sub(r"^.*?[、.．]", "", head[prev:m.start()]) if prev == 0 else head[prev:m.start()])
            prev = m.end()
            named.append((name, m.group(1), m.group(2)))
        if rows:
            i = rows.get(code)
            for name, printed, kind in named:
                sub = {"类": code[:3], "款": code[:5], "项": code[:7]}[kind]
                j = rows.get(sub)
                if j is not None and name:
                    yield from _item_name_finding(v, p, name, f"{printed}{kind}", j, sub)
        else:
            # a table of names without codes: the 科目 found by its names, each under the one above it
            i = None
            for name, printed, kind, j in _by_names(v, named):
                yield from _item_name_finding(v, p, name, f"{printed}{kind}", j, "")
                i = j
            if i is not None and len(named) != _depth(v, i):
                i = None  # the names lead elsewhere than the codes say
        if i is None:
            continue
        label = v.t.rows[i].label
        t = Target("C5", v.ref(i, c, label), f"{v.t.title} {code} {label}")
        f = _compare(ix, p, a, t, "")
        if f:
            yield f


def _item_name_finding(v: TableView, p: "Parsed", name: str, mark: str, j: int, code: str) -> Iterator[Finding]:
    tname = label_key(v.t.rows[j].label)
    if tname and name != tname and name not in tname and tname not in name:
        yield Finding("C5", WARNING, f"情况说明科目名称“{name}”（{mark}）与{v.t.title}"
                                     f"{' ' + code if code else ''}“{v.t.rows[j].label}”不一致", sent_loc(p),
                      related=(v.location(j, None),))


def _depth(v: TableView, i: int) -> int:
    return dict(v.hierarchy_rows()).get(i, 0)


def _by_names(v: TableView, named: list[tuple[str, str, str]]) -> Iterator[tuple[str, str, str, int]]:
    """The rows of a table of names the 情况说明's 类 / 款 / 项 names lead to, one level at a time: the
    row of that name under the row found above, or else the one row alike enough ("科技条件和服务" /
    "科技条件与服务"). Stops where no row is found."""
    tree = hierarchy_tree(v)
    parent: int | None = None
    for name, printed, kind in named:
        under = tree.get(parent, [])
        j = next((j for j in under if v.keys[j] == name), None)
        if j is None and name:
            alike = [j for j in under if difflib.SequenceMatcher(None, name, v.keys[j]).ratio() >= 0.8]
            j = alike[0] if len(alike) == 1 else None
        if j is None:
            return
        yield name, printed, kind, j
        parent = j


# -- C6 / C8: 年初预算 → 支出决算 → 完成率 --------------------------------------------------

_CMP_WORDS = (("大于", 1), ("高于", 1), ("超过", 1), ("小于", -1), ("低于", -1), ("等于", 0), ("持平", 0), ("一致", 0))


# role words only: a figure that names no item of its own ("支出决算为643.93万元" after "…年初预算为817.17万元；")
_ROLE_ONLY = re.compile(r"^(?:年初预算|全年预算|调整后预算|调整预算|预算数|预算|支出决算|决算数|决算|执行数|实际支出|执行金额|项目)*$")


def _pairs_cut(ps: list[Parsed]) -> list[Parsed]:
    """`ps` with each sentence whose 预算 and 决算 the reader cut apart at a "；" ("年初预算为X万元；" /
    "支出决算为Y万元，完成年初预算的Z%") read as one (narrative.joined): an item whose last figure is a 预算
    followed by one whose first figure is a 决算 or 预算 that names nothing of its own."""
    out: list[Parsed] = []
    k = 0
    while k < len(ps):
        sent = sentence_items(ps, k)
        n = 1
        while n < len(sent):
            prev, nxt = ps[sent[n - 1]], ps[sent[n]]
            if not (prev.amounts and prev.amounts[-1].role == "budget" and nxt.amounts
                    and nxt.amounts[0].role in ("actual", "budget") and _ROLE_ONLY.match(nxt.amounts[0].key)):
                break
            n += 1
        if n > 1:
            out.append(joined(ps, sent[:n])[0])
            k = sent[n - 1] + 1
            continue
        out.append(ps[k])
        k += 1
    return out


def _budget_groups(ps: list[Parsed]):
    """(p, subject, budget Amount, actual Amount, rate, sentence text) for each 预算/决算 statement. A
    p may be a sentence's items read as one (its `parts`: a pair cut at "；", _pairs_cut)."""
    ps = _pairs_cut(ps)
    for k, p in enumerate(ps):
        budgets = [a for a in p.amounts if a.role == "budget"]
        for n, b in enumerate(budgets):
            actual = next((a for a in p.amounts if a.start > b.start and a.role == "actual"), None)
            first = b
            if actual is None:
                # "科学技术支出决算406.12万元，年初预算490.91万元，完成年初预算的82.73%": the 决算 printed
                # first, right before its 预算 (no other 预算 between them)
                earlier = [a for a in p.amounts if a.end <= b.start and a.role != "change"]
                if not earlier or earlier[-1].role != "actual" or (n and budgets[n - 1].start > earlier[-1].start):
                    continue
                actual = first = earlier[-1]
            m = _RATE.search(p.text, max(actual.end, b.end))
            nxt = [a for a in p.amounts if a.start > max(actual.start, b.start) and a.role == "budget"]
            if m and nxt and m.start() > nxt[0].start:
                m = None
            if m is None and not nxt and k + 1 < len(ps) and not ps[k + 1].amounts \
                    and (ps[k + 1].main, ps[k + 1].sub) == (p.main, p.sub):
                # "年初预算为X万元，支出决算为Y万元。完成年初预算的Z%。": the rate as its own sentence
                m = _RATE.match(ps[k + 1].text.lstrip("，,。 "))
            rate = _dec(m.group(1)) if m else None
            subj = first.subject
            # the subject is the text before "年初预算" (or, printed first, "决算") in the clause, or the
            # previous sentence
            subj = re.split(r"(年初预算|全年预算|预算数|调整后预算|调整预算)", subj)[0]
            if first is actual:
                subj = re.sub(r"决算(?:数)?(?:为|是)?$", "", norm(subj))
                if subj in ("支出", "实际支出"):
                    subj = ""  # "…(项)。支出决算为Y万元，年初预算为X万元": the item is named before
            if not subject_key(subj):
                # "1.…(类)…(款)机构运行(项)：年初预算为X万元，支出决算为Y万元": named before the colon
                head = p.text[:b.start]
                cut = max(head.rfind("："), head.rfind(":"))
                if cut > 0 and not any(x.end <= cut for x in p.amounts) and subject_key(head[:cut]):
                    subj = head[:cut]
            if not subject_key(subj):
                prev = _item_heading_before(ps, k)
                head = norm(p.sub)
                if not _MARK_WORD.search(norm(prev)) and _MARK_WORD.search(head):
                    # a numbered item whose first line ("1、…支出(类)…(款)行政运行(项)。") came as the
                    # sub-heading; its "(项)" may have wrapped into the next fragment
                    if "(项)" not in head and "(款)" in head:
                        frag = next((q.text for q in ps[max(0, k - 4):k] if q.sub == p.sub
                                     and norm(q.text).startswith(("(项)", "（项）")) is False
                                     and "(项)" in norm(q.text) and not q.amounts), "")
                        head += norm(frag)
                    # use it only when the item's name is complete: nothing cut after the last mark
                    tail_txt = re.split(r"\((?:类|款|项)\)", head)[-1]
                    if not re.sub(r"^[。.,，;；:：]*(主要.*)?$", "", tail_txt):
                        prev = head
                if prev:
                    subj = prev
            # the 大于/小于 wording often opens the next sentence ("决算数小于预算数的主要原因：…")
            tail = p.text[max(actual.end, b.end):]
            if any(b.start < a.start < actual.start for a in budgets):
                tail = ""  # "年初预算为X，全年预算为Y，支出决算为Z": the wording compares Z with Y
            elif k + 1 < len(ps) and ps[k + 1].sub == p.sub and ps[k + 1].main == p.main \
                    and not ps[k + 1].amounts and not nxt:
                tail += ps[k + 1].text
            yield p, subj, b, actual, rate, m, tail


_MARK_WORD = re.compile(r"\((?:类|款|项)\)")
_USE_LINE = re.compile(r"^(?:\d+[、.．]\s*)?(?:主要用于|主要包括|用于|包括|主要是|主要为)")


def _item_heading_before(ps: list[Parsed], k: int) -> str:
    """The item's name printed before its "年初预算为X，支出决算为Y" sentence: the previous
    sentence, or — when that one only says what the money is for ("主要用于：…") — the
    heading before it ("7、…(类)…(款)…(项)。")."""
    if k < 1 or ps[k - 1].amounts or len(ps[k - 1].text) >= 120:
        return ""
    prev = ps[k - 1].text
    if k >= 2 and _USE_LINE.match(norm(prev)) and not _MARK_WORD.search(norm(prev)):
        q = ps[k - 2]
        if not q.amounts and len(q.text) < 120 and q.sub == ps[k].sub and q.main == ps[k].main \
                and (_MARK_WORD.search(norm(q.text)) or re.match(r"^\d+[、.．]", norm(q.text))):
            return q.text
    return prev


def _parent_name(subj: str) -> str:
    """The 款 name of a "…(类)…(款)…(项)" subject ("" when not printed)."""
    s = norm(subj)
    if "(项)" not in s or "(款)" not in s:
        return ""
    part = s.split("(款)")[0]
    return subject_key(re.split(r"\((?:类|款|项)\)", part)[-1])


def _item_name(subj: str) -> tuple[str, int | None]:
    s = norm(subj)
    for mark, lvl in (("(项)", 3), ("(款)", 2), ("(类)", 1)):
        if mark in s:
            part = s.split(mark)[0]
            part = re.split(r"\((?:类|款|项)\)", part)[-1]
            return subject_key(part), lvl
    return subject_key(s), None


def _with_parts(p: Parsed, found: Iterator[Finding]) -> Iterator[Finding]:
    """A finding on a sentence read over the items it was cut into (p.parts) relates to each of them."""
    extra = tuple(sent_loc(q) for q in p.parts[1:])
    for f in found:
        yield dataclasses.replace(f, related=f.related + extra) if extra and f is not None else f


def _budget_checks(ix: DocIndex, rid: str, sangong: bool) -> Iterator[Finding]:
    for g in _budget_groups(parsed(ix)):
        yield from _with_parts(g[0], _budget_check(ix, rid, sangong, *g))


def _budget_check(ix: DocIndex, rid: str, sangong: bool, p: Parsed, subj: str, b: Amount, actual: Amount, rate,
                  m, tail: str) -> Iterator[Finding]:
    key, lvl = _item_name(subj)
    is_sg = "三公" in p.ctx or "三公" in key or any(x in key for x in ("公务接待", "因公出国", "公务用车"))
    if is_sg != sangong:
        return
    if sangong:
        t = sangong_target(ix, key, False)
        tb = sangong_target(ix, key, True)
    else:
        if "一般公共预算" in key or key in ("财政拨款支出", "一般公共预算财政拨款支出"):
            t = gp_total(ix)
        else:
            par = _parent_name(subj)
            t = _row_05(ix, key, lvl, actual.wan, par) or _row_05(ix, re.sub(r"支出$", "", key), lvl, actual.wan, par)
        tb = None
    if isinstance(t, Target):
        t.rule = rid
        f = _compare(ix, p, actual, t, "支出决算数")
        if f:
            yield f
    if isinstance(tb, Target):
        tb.rule = rid
        f = _compare(ix, p, b, tb, "预算数")
        if f:
            yield f
    # completion rate
    if rate is not None:
        # both sides: the sentence, and the table cells the figures restate
        cells = tuple(x.ref.location() for x in (t, tb) if isinstance(x, Target) and x.ref is not None)
        f = _pct_finding(ix, rid, p, rate, actual.wan, b.wan, f"“{subject_key(subj) or '支出'}完成预算的{rate}%”",
                         cells)
        if f:
            yield f
    elif b.wan == 0 and m is None:
        pass
    yield from _vs_budget(ix, rid, p, b, actual, tail, (t, tb))
    # 大于/小于 wording
    tail = norm(tail)
    for word, sign in _CMP_WORDS:
        mm = re.search(r"决算数?" + word + r"(?:年初|全年)?预算数?", tail)
        if mm:
            diff = actual.wan - b.wan
            real = (diff > 0) - (diff < 0)
            if real != sign:
                yield Finding(rid, ERROR, f"{fmt(actual.value)} − {fmt(b.value)} = {fmt(diff)}：情况说明支出决算与预算之差"
                                          f"为 {fmt(diff)}，但表述为“决算数{word}预算数”", sent_loc(p), b.wan, actual.wan, diff,
                              tuple(x.ref.location() for x in (t, tb) if isinstance(x, Target) and x.ref is not None))
            break


# the 决算's difference from its 预算: "较年初预算减少X万元", "比全年预算增加X万元", "决算数比预算数少X万元",
# "决算数小于年初预算数X万元"
_MORE = ("增加", "增长", "上升", "多", "超支", "超出", "大于", "高于", "超过", "多于")
_VS_BUDGET = re.compile(r"(?:决算数?)?(?:较|比|与)(?:年初|全年|调整后|调整)?预算数?(?:相比)?[，,]?\s*"
                        r"(增加|减少|增长|上升|下降|降低|多|少|节约|节省|超支|超出)(?:了)?\s*" + _NUM + r"\s*(亿元|万元|元)"
                        r"|决算数?(大于|高于|超过|超出|多于|小于|低于|少于)(?:年初|全年|调整后|调整)?预算数?\s*" + _NUM
                        + r"\s*(亿元|万元|元)")


def _vs_budget(ix: DocIndex, rid: str, p: Parsed, b: Amount, actual: Amount, tail: str, targets) -> Iterator[Finding]:
    """"年初预算X万元，支出决算Y万元，较年初预算减少D万元": D = |Y − X| and its word the sign of Y − X (the
    statement's own figures: a difference off is an error, as a rate that does not fit)."""
    start = max(actual.end, b.end)
    nxt = [a.start - start for a in p.amounts if a.start >= start and a.role in ("budget", "actual")]
    seg = tail[:min(nxt)] if nxt else tail
    cells = tuple(t.ref.location() for t in targets if isinstance(t, Target) and t.ref is not None)
    real = actual.wan - b.wan
    same = re.search(r"与(?:年初|全年|调整后|调整)?预算数?(?:相比)?(?:持平|相同|一致)", norm(seg))
    if same and ix.cfg.severity(real, 2) == ERROR:  # ("基本持平" says it is not exact: not read)
        yield Finding(rid, ERROR, f"{fmt(actual.value)} − {fmt(b.value)} = {fmt(real)}：情况说明支出决算与预算之差为 "
                                  f"{fmt(real)}，但表述为“{same.group(0)}”", sent_loc(p), Z, real, real, cells)
        return
    m = _VS_BUDGET.search(seg)
    if m is not None:
        yield from _difference(ix, rid, p, m, actual, b.wan, fmt(b.value), cells)


def _difference(ix: DocIndex, rid: str, p: Parsed, m: re.Match, actual: Amount, budget: Decimal, printed: str,
                cells: tuple, worst: str = ERROR) -> Iterator[Finding]:
    """The difference stated by `m` (_VS_BUDGET) against 决算 `actual` − 预算 `budget` (万元; printed so); a
    difference off is at most `worst`."""
    word, num, unit = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    x = _dec(num)
    if x is None:
        return
    said = x * _UNIT_WAN[unit] * (1 if word in _MORE else -1)
    real = actual.wan - budget
    if real != 0 and (real > 0) != (said > 0):
        if m.group(1):  # (the 大于/小于 wording is _budget_check's)
            yield Finding(rid, worst, f"{fmt(actual.value)} − {printed} = {fmt(real)}：情况说明支出决算与预算之差为 "
                                      f"{fmt(real)}，但表述为“{m.group(0)}”", sent_loc(p), real, said, said - real, cells)
        return
    off = abs(said) - abs(real)
    sev = ix.cfg.severity(off, 2)
    if sev == ERROR:
        sev = worst
    if sev:
        yield Finding(rid, sev, f"{fmt(actual.value)} − {printed} = {fmt(real)} ≠ 印出的 {fmt(abs(said))}（差 {fmt(off)}）："
                                f"情况说明“{m.group(0)}”与预算数、决算数之差不符", sent_loc(p), abs(real), abs(said), off, cells)


def _sangong_vs_budget(ix: DocIndex, ps: list[Parsed]) -> Iterator[Finding]:
    """"“三公”经费财政拨款支出决算0.81万元，较年初预算减少0.57万元" without the 预算数 in the sentence: the
    difference against the 三公 table's 预算数."""
    for p in ps:
        if "预算" not in p.text or not ("三公" in p.ctx or re.search(r"三公|公务接待|因公出国|公务用车", p.text)):
            continue
        for m in _VS_BUDGET.finditer(p.text):
            before = [a for a in p.amounts if a.end <= m.start() and a.role != "change"]
            if not before or any(a.role == "budget" for a in before):
                continue  # (a printed 预算数 is _budget_check's)
            a = before[-1]
            key = a.key.replace("(类)", "")
            if not ("三公" in p.ctx or "三公" in key or any(x in key for x in ("公务接待费", "因公出国", "公务用车"))):
                continue
            tb = sangong_target(ix, key, True)
            if not isinstance(tb, Target) or tb.ref is None or tb.wan is None:
                continue
            # 核实 at most: the table's 预算数 may be the 全年 budget where the sentence says 年初 (or the reverse)
            yield from _difference(ix, "C8", p, m, a, tb.wan, f"{fmt(tb.wan)}（{tb.name}）", (tb.ref.location(),), WARNING)


@rule("C6", name="情况说明 各项年初预算/支出决算/完成率 = 公开05表", tables=(T05,))
def c6(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """“年初预算为X万元，支出决算为Y万元，完成年初预算的Z%”：Y 等于公开05表该科目，Z = Y ÷ X，大于/小于表述与 Y − X 一致。

    依据: 五、一般公共预算财政拨款支出决算具体情况说明（公开05表）；X = 0 时不应列示完成率。
    """
    _needs(ix, "05")
    _narr_or_skip(ix)
    yield from _budget_checks(ix, "C6", False)
    yield from _rates_against_05(ix)


def _rates_against_05(ix: DocIndex) -> Iterator[Finding]:
    """"…(项)：支出决算为Y万元，完成预算Z%" with no 预算数 in the sentence: when 公开05 prints a
    年初预算 column, Z = the row's 决算 ÷ its 年初预算."""
    v = ix.get("05")
    if v is None or _budget_doc(ix):
        return
    bc = v.col("年初预算数", "年初预算")
    if bc is None or bc == _col05(ix, v):
        return
    for p in parsed(ix):
        if "完成" not in p.text or any(a.role == "budget" for a in p.amounts):
            continue
        for k, a in enumerate(p.amounts):
            rate = _RATE_05.search(p.text, a.end)
            nxt = p.amounts[k + 1].start if k + 1 < len(p.amounts) else len(p.text)
            if rate is None or rate.start() > nxt or a.role == "change" or re.search(r"全年|调整", rate.group(0)):
                continue  # (a rate of the 全年/调整后 budget is not against the 年初 column)
            t = resolve(ix, p, a)
            if t is None or t.ref is None or t.ref.view is not v or t.wan is None:
                continue
            b = v.ref(t.ref.row, bc, f"{v.t.rows[t.ref.row].label} / 年初预算")
            printed = _dec(rate.group(1))
            if b.wan is None or printed is None:
                continue
            f = _pct_finding(ix, "C6", p, printed, t.wan, b.wan, f"“{a.key or '支出'}完成预算{rate.group(1)}%”（年初预算取自{v.t.title}）",
                             (t.ref.location(), b.location()))
            if f and t.wan != a.wan and pct_fits(ix, printed, a.wan, b.wan):
                f = None  # the rate fits the narrative's own (wrong) amount: one error, reported by C5
            if f:
                yield f


@rule("C7", name="情况说明 基本支出、人员经费、公用经费及明细 = 公开06表", tables=(T05, T06))
def c7(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """情况说明中的财政拨款基本支出、人员经费、公用经费及列举的经济分类明细金额与公开05、06表一致。

    依据: 六、一般公共预算财政拨款基本支出决算情况说明 须与公开05表合计.基本支出、公开06表人员经费合计/公用经费合计一致。
    """
    _needs(ix, "06", "05")
    yield from _amount_rules(ix, ("C7",))


@rule("C8", name="情况说明 “三公”经费预算数、决算数 = 公开09表", tables=(T09,))
def c8(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """情况说明中的“三公”经费合计及各项的预算数、决算数与“三公”经费支出决算表一致，完成率与表述一致。

    依据: 九、财政拨款“三公”经费支出决算情况说明 须与公开09表一致（预算数、决算数分别）。
    """
    _needs(ix, "09")
    ps = _narr_or_skip(ix)
    in_group = set()
    for g in _budget_groups(ps):
        in_group.add(id(g[2]))
        in_group.add(id(g[3]))
    yield from _budget_checks(ix, "C8", True)
    yield from _sangong_rates(ix, ps)
    yield from _sangong_vs_budget(ix, ps)
    for p in ps:
        for a in p.amounts:
            if id(a) in in_group:
                continue
            t = resolve(ix, p, a)
            if t is None or t.rule != "C8":
                continue
            f = _compare(ix, p, a, t, "")
            if f:
                yield f
            if a.share is not None and (not a.share_base or "三公" in a.share_base):
                f = _sangong_share(ix, p, a, t)
                if f:
                    yield f
    yield from _sangong_none(ix, ps)


# "本单位无公务接待费支出", "未发生因公出国（境）费用", "没有“三公”经费支出": an item said to be nil
_SANGONG_NONE = re.compile(r"(?:无|未发生|没有|未安排)(?:任何)?(因公出国\(境\)费?|因公出国费?|公务用车购置及运行(?:维护)?费?|公务用车购置费?"
                           r"|公务用车运行(?:维护)?费?|公务接待费?|“?三公”?经费)(?:用)?(?:支出|预算|开支)?(?![\u4e00-\u9fff]*?[\d])")


def _sangong_none(ix: DocIndex, ps: list[Parsed]) -> Iterator[Finding]:
    """"主要原因是：本单位无公务接待费支出" while the 三公 table prints a 公务接待费 for the year: the
    sentence says nil where the table has money (the 预算数 in a 预算 disclosure, else the 决算数)."""
    budget = _budget_doc(ix)
    seen: set[tuple[int, str]] = set()
    for p in ps:
        if not ("三公" in p.ctx or re.search(r"三公|公务接待|因公出国|公务用车", p.text)):
            continue
        text = norm(p.text)
        for m in _SANGONG_NONE.finditer(text):
            if re.search(r"上年|去年|\d{4}年", text[max(0, m.start() - 8):m.start()]):
                continue  # "上年无…": another year
            item = m.group(1)
            t = sangong_target(ix, item if "三公" not in item else "三公经费", budget)
            if not isinstance(t, Target) or t.ref is None or t.wan is None or t.wan <= 0 or (p.s.index, t.name) in seen:
                continue
            seen.add((p.s.index, t.name))
            if any(isinstance(r, Target) and r.ref is not None and (r.ref.row, r.ref.col) == (t.ref.row, t.ref.col)
                   for r in (resolve(ix, p, a) for a in p.amounts)):
                continue  # the sentence also prints the item's amount: compared as an amount
            yield Finding("C8", ERROR, f"0 ≠ {fmt(t.wan)}：情况说明称“{m.group(0)}”，但{t.name} {t.ref.name} 为 {fmt(t.wan)}",
                          sent_loc(p), t.wan, Z, -t.wan, (t.ref.location(),))


def _sangong_share(ix: DocIndex, p: Parsed, a: Amount, t: Target) -> Finding | None:
    """"其中公务接待费为20.10万元，占88.86%": an item's share of the 三公 total (same 预算/决算 column)."""
    if t.ref is None or t.ref.name.endswith("合计") or t.wan is None:
        return None
    budget = t.ref.name.startswith("预算数")
    base = sangong_target(ix, "三公经费", budget)
    if not isinstance(base, Target) or base.ref is None or not base.wan:
        return None
    parts = [sangong_target(ix, k, budget) for k in ("因公出国(境)费", "公务用车购置及运行维护费", "公务接待费")]
    if all(isinstance(x, Target) and x.wan is not None for x in parts) \
            and sum((x.wan for x in parts), Z) != base.wan:  # type: ignore[union-attr]
        return None  # the 合计 read is not the sum of its items (A18 reports the table)
    f = _pct_finding(ix, "C8", p, a.share, t.wan, base.wan, f"“{a.key}占“三公”经费{fmt(a.share)}%”",
                     (t.ref.location(), base.ref.location()))
    if f and t.wan != a.wan and pct_fits(ix, a.share, a.wan, base.wan):
        return None  # the share fits the narrative's own (wrong) amount: one error, reported above
    return f


def _sangong_rates(ix: DocIndex, ps: list[Parsed]) -> Iterator[Finding]:
    """"公务接待费支出决算0.81万元，完成预算的58.40%" without the 预算数 in the sentence: the rate
    is recomputed against the 三公 table's 预算数."""
    for p in ps:
        if "%" not in p.text or not ("三公" in p.ctx or re.search(r"三公|公务接待|因公出国|公务用车", p.text)):
            continue  # only 三公 rates are read here
        for f in p.figures:
            if f.kind != "rate" or f.refers != "预算":
                continue
            before = [a for a in p.amounts if a.end <= f.start and a.role != "change"]
            if not before or any(a.role == "budget" for a in before):
                continue
            a = before[-1]
            key = a.key.replace("(类)", "")
            if not ("三公" in p.ctx or "三公" in key or any(x in key for x in ("公务接待费", "因公出国", "公务用车"))):
                continue
            tb = sangong_target(ix, key, True)
            if not isinstance(tb, Target) or tb.ref is None or tb.wan is None or (tb.wan == 0 and f.value == 0):
                continue  # an empty table is no base; "0%" of a 0 budget is the 预算 group's warning
            related = (tb.ref.location(),) if tb.ref is not None else tb.locs
            g = _pct_finding(ix, "C8", p, f.value, a.wan, tb.wan, f"“{a.key}{fmt(a.value)}{a.unit}，完成预算的{f.value}%”"
                                                                 f"（预算数取自{tb.name}）", related)
            if g:
                yield g


@rule("C10", name="情况说明 政府性基金/国有资本经营 = 公开07/08表", tables=(T07, T08))
def c10(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """情况说明中政府性基金、国有资本经营预算财政拨款收支的金额与公开07、08表一致；表无数时说明不应列示金额。

    依据: 七、八 政府性基金 / 国有资本经营预算财政拨款收支决算情况说明 须与公开07、08表一致。
    """
    if not ix.get("07") and not ix.get("08"):
        raise NotApplicable("文档中没有政府性基金 / 国有资本经营预算财政拨款表")
    ps = _narr_or_skip(ix)
    for p in ps:
        main = p.ctx
        role = "07" if "政府性基金" in main else "08" if "国有资本经营" in main else None
        if role is None or ix.get(role) is None:
            continue
        v0 = ix.get(role)
        for a in p.amounts:
            if a.role in ("change", "budget"):
                continue
            # a 收入 figure is the 收入支出 table's, when the fund's 支出 table is printed too
            v = ix.get(role, ("本年收入",)) if "收入" in a.key else v0
            t = v.total_row()
            c = v.col("小计", "合计", "本年支出", exclude=("年初结转", "年末结转", "本年收入"))
            tv = v.ref(t, c) if t is not None and c is not None else None
            if tv is None or tv.wan is None:
                if a.wan != 0:
                    yield Finding("C10", ERROR, f"情况说明列示 {fmt(a.value)}{a.unit}，但{v.t.title}无数据",
                                  sent_loc(p), Z, a.wan, a.wan, (Location(table=v.t.id, row_label=v.t.title),))
                continue
            if "支出" in a.key or "收入" in a.key:
                ix.note_text("C10", sent_loc(p), a.wan, [ix.cell_term(tv)], tv.wan)
                if a.wan != tv.wan and not (("收入" in a.key) and "本年收入" in "".join(v.t.columns)):
                    yield Finding("C10", ERROR, f"情况说明“{a.subject}{fmt(a.value)}{a.unit}”与{v.t.title}合计 {fmt(tv.wan)} 不一致",
                                  sent_loc(p), tv.wan, a.wan, a.wan - tv.wan, (tv.location(),))


@rule("C11", name="政府采购 总额 = 货物 + 工程 + 服务；中小企业占比", tables=(T10,))
def c11(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """政府采购支出总额等于货物、工程、服务之和且与统计表一致；授予中小企业（小微企业）合同金额占比 = 金额 ÷ 基数。

    依据: 政府采购情况说明（部门决算公开相关信息统计表 政府采购 合计 = 货物 + 工程 + 服务）。
    """
    table_ran = False
    for f in _procurement_tables(ix):
        table_ran = True
        if f is not None:
            yield f
    if table_ran and not ix.doc.narrative:
        return
    ps = _narr_or_skip(ix)
    found = table_ran
    # the table the procurement figures restate (role 10 also holds 机关运行经费 tables)
    v10 = next((v for v in ix.all("10") if re.search(r"采购|相关信息统计", v.t.title)), None)
    last: tuple[tuple[str, str], Amount] | None = None  # the section's 政府采购支出总额
    for k_p, p in enumerate(ps):
        if "政府采购" not in p.text:
            continue
        total = next((a for a in p.amounts if re.search(r"总(?:金)?额", a.key) or a.key.endswith("政府采购支出")), None)
        if total is None:  # "政府采购金额（以合同签订为准）为X万元，其中：货物采购金额…"
            total = next((a for a in p.amounts if "政府采购" in a.key
                          and not re.search(r"货物|工程|服务|中小|小微|预留|中标|成交", a.key)
                          and any(re.search(r"货物|工程|服务", b.key) for b in p.amounts if b.start > a.start)),
                         None)
        if total is None:
            # "授予中小企业合同金额X万元，占政府采购支出总额的Y%" in the sentence after the total
            if last is not None and last[0] == (p.main, p.sub):
                for a in p.amounts:
                    if a.share is not None and ("总额" in a.share_base or "政府采购" in a.share_base):
                        f = _pct_finding(ix, "C11", p, a.share, a.wan, last[1].wan,
                                         f"“{a.key}占{a.share_base}{fmt(a.share)}%”")
                        if f:
                            yield f
            continue
        last = ((p.main, p.sub), total)
        found = True
        parts = {}
        part_locs = []  # the sentences the parts are printed in
        for a in p.amounts:
            if a is total:
                continue
            k = _procurement_part(a)
            if k:
                parts.setdefault(k, a)
        if parts:
            # "其中：政府采购货物支出A万元；" / "政府采购工程支出B万元；" / …: the listing goes on in the items
            # its sentence was cut into at each "；"
            here = len(parts)
            for j in sentence_items(ps, k_p)[1:]:
                more = [(k, a) for a in ps[j].amounts if (k := _procurement_part(a)) and k not in parts]
                if not more:
                    break
                for k, a in more:
                    parts[k] = a
                    part_locs.append(sent_loc(ps[j]))
            if part_locs:
                part_locs = [sent_loc(p)] * here + part_locs
        if not parts:
            # "政府采购预算总金额为X万元。其中拟采购货物支出A万元；拟采购工程支出B万元；…": one part a sentence
            for q in ps[k_p + 1:k_p + 4]:
                if (q.main, q.sub) != (p.main, p.sub) or len(q.amounts) != 1:
                    break
                k = _procurement_part(q.amounts[0])
                if not k or k in parts:
                    break
                parts[k] = q.amounts[0]
                part_locs.append(sent_loc(q))
            if len(parts) < 2:
                parts, part_locs = {}, []
        if parts:
            s = sum((a.wan for a in parts.values()), Z)
            where = part_locs or [sent_loc(p)] * len(parts)
            ix.note_text("C11", sent_loc(p), total.wan, [(loc, 1, a.wan) for loc, a in zip(where, parts.values())], s)
            diff = total.wan - s
            sev = cfg.severity(diff, len(parts))
            if sev:
                yield Finding("C11", sev, f"政府采购支出总额 ≠ {' + '.join(parts)}：{' + '.join(_as_printed(a) for a in parts.values())}"
                                          f" = {fmt(s)}万元 ≠ {_as_printed(total)}（差 {fmt(diff)}万元）", sent_loc(p), s, total.wan,
                              diff, tuple(x for x in dict.fromkeys(part_locs) if x != sent_loc(p)))
        # shares
        sme = next((a for a in p.amounts if "中小企业" in a.key), None)
        for a in p.amounts:
            if a.share is None:
                continue
            base = total if ("总额" in a.share_base or not a.share_base) else (sme if "中小企业" in a.share_base else None)
            if base is None:
                continue
            f = _pct_finding(ix, "C11", p, a.share, a.wan, base.wan, f"“{a.key}占{a.share_base}{fmt(a.share)}%”")
            if f:
                yield f
        # against 统计表
        if v10 is not None:
            for k, a in [("合计", total)] + list(parts.items()):
                r = v10.find(k)
                c = v10.col("统计数", "金额", "合计")
                if r is None or c is None:
                    continue
                ref = v10.ref(r, c, f"政府采购{k}")
                tv = ref.wan if ref.wan is not None else (Z if ref.blank else None)
                if tv is not None:
                    ix.note_text("C11", sent_loc(p), a.wan, [ix.cell_term(ref)], tv)
                # a figure in 元 against the 万元 统计表 rounds to its cent (50 元 either way)
                tol = Decimal("0.005") if a.unit == "元" and v10.unit == "万元" else Z
                if tv is not None and abs(tv - a.wan) > tol:
                    yield Finding("C11", ERROR, f"情况说明政府采购{k} {_as_printed(a)} 与统计表 {fmt(tv)}万元 不一致",
                                  sent_loc(p), tv, a.wan, a.wan - tv, (ref.location(),))
    if not found:
        raise Skip("情况说明中未找到政府采购支出总额")


def _as_printed(a: Amount) -> str:
    """An amount as the sentence prints it, with its unit ("3500元", "1.74万元")."""
    return f"{fmt(a.value) if a.unit != '元' else a.value}{'万元' if a.unit == '万' else a.unit}"


@rule("C14", name="情况说明 机关运行经费 = 机关运行经费表 / 相关信息统计表", tables=(T09, T10))
def c14(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """情况说明中的机关运行经费（支出或预算）金额与表中所列机关运行经费一致；称“无机关运行经费”时表中亦无。

    依据: 机关运行经费支出（预算）情况说明须与部门决算公开相关信息统计表（机关运行经费：行政单位 +
    参照公务员法管理事业单位）、一般公共预算机关运行经费支出预算表或“三公”经费和机关运行经费预算表一致。
    """
    target = _running_cost_target(ix)
    if target is None:
        raise NotApplicable("文档中没有列示机关运行经费的表")
    ps = _narr_or_skip(ix)
    year = getattr(ix.doc, "year", None)
    found = False
    for p in ps:
        if "机关运行经费" not in p.text:
            continue
        if re.search(r"无机关运行经费|未(?:发生|安排)机关运行经费|机关运行经费(?:支出|预算)?为?(?:零|0(?:\.0+)?)(?:万?元)?[。，；,;]",
                     p.text):
            found = True
            tv = target.wan
            if tv is not None and tv != 0:
                yield Finding("C14", ERROR, f"情况说明称无机关运行经费，但{target.name}为 {fmt(tv)}", sent_loc(p), tv, Z, -tv,
                              (target.location(),))
            continue
        seen = False  # "机关运行经费年初预算X万元，支出决算Y万元": Y is named by "支出决算" alone
        for a in p.amounts:
            if a.role == "change" or a.share is not None:
                continue
            if "机关运行经费" not in a.key and not (seen and _SPENT.match(norm(a.key)) and re.search("支出|决算", a.key)):
                continue
            seen = True
            if a.role == "budget" and not _budget_doc(ix):
                continue  # a 决算's 年初预算 of it: the tables print only what was spent
            said = norm(a.subject) + a.key
            if "上年" in said or (year and any(int(y) != year for y in re.findall(r"(\d{4})\s*年", said))):
                continue  # last year's figure: in no table of this document
            found = True
            f = _compare(ix, p, a, target, "")
            if f:
                yield f
            break  # one figure a sentence is this year's 机关运行经费; the rest restate its change
    if not found:
        raise Skip("情况说明中未找到机关运行经费金额")


_SPENT = re.compile(r"^(?:全年|实际)?(?:支出)?(?:决算)?(?:数)?(?:为|是)?$")
_TOP_ITEM = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]")


def _running_cost_target(ix: DocIndex) -> Target | None:
    """The 机关运行经费 a table prints: a 机关运行经费 table's 合计, the 机关运行经费 column of a
    “三公”经费和机关运行经费 table, or the 统计表's 机关运行经费 section (its own figure, else
    行政单位 + 参照公务员法管理事业单位)."""
    for v in ix.all("10"):
        title = norm(v.t.title or "")
        if "机关运行经费" in title and not v.t.empty:
            r, cols = v.total_row(), v.amount_cols()
            if r is not None and cols:
                return Target("C14", v.ref(r, cols[-1], "机关运行经费合计"), v.t.title or "机关运行经费表")
    for v in ix.all("09"):
        c = v.col("机关运行经费", "机关运行经费预算数", "机关运行经费支出")
        if c is None or "机关运行经费" not in "/".join(v.path(c)):
            continue
        r = v.total_row()
        rows = [r] if r is not None else [i for i in range(len(v.t.rows)) if v.value(i, c) is not None][:1]
        if rows:
            return Target("C14", v.ref(rows[0], c, "机关运行经费"), f"{v.t.title}的机关运行经费")
    for v in ix.all("10"):
        head = next((i for i, k in enumerate(v.keys) if "机关运行经费" in k), None)
        c = v.col("统计数", "金额", "合计")
        if head is None or c is None:
            continue
        if v.value(head, c) is not None:
            return Target("C14", v.ref(head, c, "机关运行经费"), f"{v.t.title}的机关运行经费")
        parts = []
        for i in range(head + 1, len(v.t.rows)):
            label = norm(v.t.rows[i].label or "")
            if _TOP_ITEM.match(label) or "国有资产" in label or "车辆" in label:
                break  # the next section of the 统计表
            parts.append(v.ref(i, c, label))
        printed = [ref for ref in parts if ref.value]
        name = f"{v.t.title}的机关运行经费"
        if len(printed) == 1:  # the usual case: one kind of unit has it (compared as printed, in its unit)
            return Target("C14", printed[0], f"{name}（{printed[0].name}）")
        if parts:
            total = sum((ref.wan or Z for ref in printed), Z)
            return Target("C14", None, f"{name}（{' + '.join(r.name for r in parts)}）",
                          value=q2(total) if v.factor != 1 else total, locs=tuple(r.location() for r in parts))
    return None


@rule("C15", name="情况说明 车辆数、大型设备数 = 相关信息统计表（国有资产占用）", tables=(T10,))
def c15(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """情况说明中的国有资产占用情况（车辆总数及各类用车、单价100万元以上设备台套数）与部门决算公开相关信息统计表一致，
    所列各类用车之和不超过车辆总数；所述公务用车保有量不超过车辆总数（超过为核实：公务用车只是单位车辆的一部分，不比较相等）；
    同一句所述公务用车购置费与购置车辆数同为零或同不为零（否则核实）。

    依据: 国有资产占用情况说明须与部门决算公开相关信息统计表“三、国有资产占用情况”一致。
    """
    stock = _asset_rows(ix)
    if stock is None and not any("车辆" in s.text or "保有" in s.text or "购置公务用车" in s.text for s in ix.doc.narrative):
        raise NotApplicable("文档中没有国有资产占用情况（统计表或车辆数）")
    v, c, total_row, items, equipment_row = stock or (None, None, None, {}, None)
    ps = _narr_or_skip(ix)
    found = False
    for k, p in enumerate(ps):
        text = norm(p.text)
        e = _EQUIPMENT.search(text)  # "单价100万元（含）以上设备（不含车辆）0台（套）", in its own sentence or not
        if e is not None and not re.search(r"购置|安排|新增", text[:e.start()]):
            found = True
            if v is not None and equipment_row is not None:
                yield from _count_finding(ix, p, v.ref(equipment_row, c, "单价100万元（含）以上设备"), Decimal(e.group(1)),
                                          "单价100万元（含）以上设备", "台（套）")
        m = _VEHICLES.search(text)
        if m is None or re.search(r"购置|安排|保有量|租用", text[:m.start()]):
            continue  # a purchase plan or the 三公 section's 财政拨款 fleet: another count
        found = True
        said = Decimal(m.group(1))
        rest = text[m.end():]
        if k + 1 < len(ps) and norm(ps[k + 1].text).startswith("其中") and ps[k + 1].main == p.main:
            rest += norm(ps[k + 1].text)  # "共有车辆2辆。其中：应急保障用车2辆，…"
        listed = [(name, Decimal(n)) for name, n in _VEHICLE_ITEM.findall(rest)]
        if v is not None and total_row is not None:
            yield from _count_finding(ix, p, v.ref(total_row, c, "车辆数合计"), said, "共有车辆", "辆")
        for name, n in listed:
            r = items.get(_vehicle_key(name))
            if r is not None:
                yield from _count_finding(ix, p, v.ref(r, c, _vehicle_key(name)), n, _vehicle_key(name), "辆")
        if listed and sum(n for _k, n in listed) > said:
            n_listed = sum(n for _k, n in listed)
            yield Finding("C15", ERROR, f"{' + '.join(str(n) for _k, n in listed)} = {n_listed} > {said}：情况说明所列各类用车"
                                        f"（{'、'.join(f'{_vehicle_key(k)}{n}辆' for k, n in listed)}）多于共有车辆 {said} 辆",
                          sent_loc(p), said, n_listed, n_listed - said)
    compared: list[bool] = []
    yield from _fleet_within(ix, ps, v, c, total_row, compared)
    yield from _purchase_within(ps, compared)
    found = found or bool(compared)
    if not found:
        if stock is None:
            raise NotApplicable("情况说明中没有车辆总数，也没有国有资产占用统计表")
        raise Skip("情况说明中未找到车辆数")


# "共有车辆2辆", "车辆总数2辆", "共占有使用车辆2辆", "车辆共2辆"
_VEHICLES = re.compile(r"(?:(?:共有|拥有|现有|实有|(?<!没)有|共|占有使用|占有|占用)车辆(?:总数|数量)?(?:为|共计|共|合计)?"
                       r"|车辆(?:总数|数量)(?:为|共计|共|合计)?|车辆(?:共计|共有|共|合计))\s*(\d+)\s*(?:辆|台)")
_VEHICLE_ITEM = re.compile(r"([\u4e00-\u9fff]{2,14}?用车)\s*(\d+)\s*辆")
_EQUIPMENT = re.compile(r"单(?:价|位价值)\s*(?:在)?\s*(?:100|一百)\s*万元.{0,16}?设备(?:[(（]不含车辆[)）])?\s*(?:共)?\s*(\d+)\s*(?:台|套)")


# the 公务用车 the 三公 section counts: "开支财政拨款的公务用车保有量为1辆", "使用财政拨款负担的公务用车保有量共2辆",
# "共有公务用车3辆", "车辆保有量3辆" — a part of the unit's vehicles (特种专业技术用车, 执法执勤用车 … need not be
# 公务用车, nor be run on 财政拨款), so never more than them, and never compared for equality
_FLEET = re.compile(r"(?:公务用车|车辆)(?:保有量|保有数)(?:为|共计|共|合计|是)?\s*(\d+)\s*辆"
                    r"|(?:共有|拥有|现有|实有)公务用车(?:总数|数量)?(?:为|共计|共)?\s*(\d+)\s*辆")


def _fleet_within(ix: DocIndex, ps: list[Parsed], v, c, total_row, compared: list[bool]) -> Iterator[Finding]:
    """The 公务用车 fleet a sentence states is at most the vehicles the unit holds: the 统计表's
    车辆数合计, else the 情况说明's own "共有车辆N辆". More is asked about (核实), not called wrong:
    a vehicle on loan or a 下属单位's may be counted in the one and not the other. `compared`
    gets an entry per fleet compared."""
    total = None
    if v is not None and total_row is not None:
        ref = v.ref(total_row, c, "车辆数合计")
        printed = ref.value if ref.value is not None else (Z if ref.blank else None)
        if printed is not None:
            total = (printed, ref.view.t.title + "“车辆数合计”", (ref.location(),))
    if total is None:
        for p in ps:
            m = _VEHICLES.search(norm(p.text))
            if m is not None and not re.search(r"购置|安排|保有量|租用", norm(p.text)[:m.start()]):
                total = (Decimal(m.group(1)), f"情况说明“{m.group(0)}”", (sent_loc(p),))
                break
    cell = _fleet_cell(ix)
    if total is None and cell is None:
        return
    for p in ps:
        text = norm(p.text)
        for m in _FLEET.finditer(text):
            if re.search(r"购置|安排|新增|租用", text[max(0, m.start() - 8):m.start()]):
                continue
            said = Decimal(m.group(1) or m.group(2))
            if cell is not None and m.group(1) is not None and m.group(0).startswith("公务用车"):
                # the 三公 table prints the 保有量 itself: the same figure
                compared.append(True)
                if said != cell.value:
                    yield Finding("C15", ERROR, f"{said} ≠ {cell.value.normalize()}：情况说明“{m.group(0)}”与{cell.view.t.title}"
                                                f"“{cell.name}” {cell.value.normalize()} 辆不一致", sent_loc(p), cell.value,
                                  said, said - cell.value, (cell.location(),))
                continue
            if total is None:
                continue
            compared.append(True)
            if said > total[0]:
                yield Finding("C15", WARNING, f"{said} > {total[0]}：情况说明“{m.group(0)}”多于{total[1]} {total[0]} 辆"
                                              "（公务用车是单位车辆的一部分），请核实", sent_loc(p), total[0], said,
                              said - total[0], total[2])


# "公务用车购置支出0万元，使用财政拨款共购置公务用车0辆", "公务用车购置支出为0.00万元，购置车辆0台"
_PURCHASE = re.compile(r"公务用车购置(?:费|支出|经费)(?:为|是|共计|共)?\s*(\d[\d,]*(?:\.\d+)?)\s*(?:万元|元)[^。；;]*?"
                       r"购置(?:了)?(?:公务用车|车辆|公车)\s*(\d+)\s*(?:辆|台)")


def _purchase_within(ps: list[Parsed], compared: list[bool]) -> Iterator[Finding]:
    """A sentence that states the 公务用车购置费 and the vehicles bought states both or neither as
    nil: vehicles bought at no cost, or a cost and no vehicle, is asked about (核实) — a vehicle
    taken over (划转) is not bought, and a 购置费 may pay the tax of last year's vehicle."""
    for p in ps:
        text = norm(p.text)
        for m in _PURCHASE.finditer(text):
            cost, n = Decimal(m.group(1).replace(",", "")), int(m.group(2))
            compared.append(True)
            if (cost == 0) != (n == 0):
                what = "购置费为0，却购置了车辆" if cost == 0 else "有购置费，却未购置车辆"
                yield Finding("C15", WARNING, f"情况说明“{m.group(0)}”：{what}，请核实", sent_loc(p))


def _fleet_cell(ix: DocIndex) -> Ref | None:
    """The 公务用车保有量 a 三公 table prints in a column of its own (of the 决算数, or the 预算数 in a 预算),
    when it prints one figure there."""
    v = ix.get("09")
    if v is None:
        return None
    cols = [i for i in range(len(v.t.columns)) if "保有" in norm("".join(v.path(i)) or v.t.columns[i])]
    if len(cols) > 1:
        want = "预算" if _budget_doc(ix) else "决算"
        cols = [i for i in cols if want in norm("".join(v.path(i)))]
    if len(cols) != 1:
        return None
    rows = [r for r in range(len(v.t.rows)) if v.value(r, cols[0]) is not None]
    total = v.total_row()
    r = total if total in rows else (rows[0] if len(rows) == 1 else None)
    if r is None or v.value(r, cols[0]) != v.value(r, cols[0]).to_integral_value():
        return None
    return v.ref(r, cols[0], "公务用车保有量")


def _vehicle_key(name: str) -> str:
    """"3. 机要通信用车" / "其中：机要通信用车" → "机要通信用车"."""
    return re.sub(r"^(?:其中|[\d一二三四五六七八九十]+[.、．]|[(（][\d一二三四五六七八九十]+[)）])\s*[:：]?", "",
                  norm(name)).strip("：:，,")


def _asset_rows(ix: DocIndex):
    """(view, 统计数 column, 车辆数合计 row, {用车 kind: row}, 大型设备 row) of the 统计表."""
    for v in ix.all("10"):
        c = v.col("统计数", "数量", "金额", "合计")
        head = next((i for i, k in enumerate(v.keys) if "车辆数" in k), None)
        if c is None or head is None:
            continue
        items, equipment = {}, None
        for i in range(head + 1, len(v.t.rows)):
            label = norm(v.t.rows[i].label or "")
            if "设备" in label and "单价" in label:
                equipment = i
                break
            if "用车" in label:
                items[_vehicle_key(label)] = i
        return v, c, head, items, equipment
    return None


def _count_finding(ix: DocIndex, p: Parsed, ref: Ref, said: Decimal, what: str, unit: str) -> Iterator[Finding]:
    """A count the 情况说明 states against the 统计表's (a blank cell is 0)."""
    printed = ref.value if ref.value is not None else (Z if ref.blank else None)
    if printed is None:
        return
    ix.note_text("C15", sent_loc(p), said, [ix.cell_term(ref)], printed)
    if printed != said:
        shown = printed.normalize() if printed == printed.to_integral_value() else printed
        yield Finding("C15", ERROR, f"{said} ≠ {shown}：情况说明“{what}{said}{unit}”与{ref.view.t.title}"
                                    f"“{ref.name}” {shown} {unit}不一致", sent_loc(p), printed, said, said - printed,
                      (ref.location(),))


def _procurement_part(a: Amount) -> str:
    """货物 / 工程 / 服务 when the amount is that part of the procurement ("政府采购货物支出",
    "货物采购金额", "政府采购货物预算", "拟采购工程支出"), else ""."""
    if "中小" in a.key:
        return ""
    for k in ("货物", "工程", "服务"):
        if re.search(k + r"(类)?(支出|采购|合同|预算)?(金额|数)?$", a.key):
            return k
    return ""


_PROCUREMENT_KIND = re.compile(r"^(?:[一二三]\s*[、.．]?\s*)?(货物|工程|服务)(?:类)?[A-Za-z]?$")


def _procurement_tables(ix: DocIndex) -> Iterator[Finding | None]:
    """A 政府采购 table (预算) whose 合计 row stands over its 货物 / 工程 / 服务 rows (the
    categories, "一、货物A"): 合计 = 货物 + 工程 + 服务. Yields None for a table checked clean."""
    for v in ix.all("10"):
        if "政府采购" not in norm(v.t.title or ""):
            continue
        total, amounts = v.total_row(), v.amount_cols()
        if total is None or not amounts:
            continue
        c = amounts[-1]
        kinds = [(r, m.group(1)) for r, row in enumerate(v.t.rows) if r != total and row.cells
                 and (m := _PROCUREMENT_KIND.match(norm(row.cells[0].text or "")))]
        if len({k for _r, k in kinds}) < 2 or len(kinds) != len({k for _r, k in kinds}):
            continue
        yield ix.sum_finding("C11", v.ref(total, c, f"合计 / {v.t.columns[c]}"), [v.ref(r, c, k) for r, k in kinds],
                             title=f"{v.t.title}：合计 = 货物 + 工程 + 服务")
        yield from _procurement_items(ix, v, c, [r for r, _k in kinds])


def _procurement_items(ix: DocIndex, v: TableView, c: int, heads: list[int]) -> Iterator[Finding | None]:
    """Inside each category: its figure = Σ the rows that break it down (专项 / 经济科目,
    first column blank, no item named) and = Σ its items (采购物品名称 named). Each sum is
    only trusted when the other one adds up exactly: then the layout is the one read here,
    and a slip in one level shows against the other two."""
    label_cols = [i for i in range(1, len(v.t.columns)) if i not in v.amount_cols()]
    if len(label_cols) < 2:
        return
    leaf = max(label_cols[:-1] or label_cols, key=lambda i: sum(1 for r in v.t.rows if i < len(r.cells) and r.cells[i].text))
    rows = v.t.rows
    ends = heads[1:] + [len(rows)]
    for head, end in zip(heads, ends):
        mids, items = [], []
        for r in range(head + 1, end):
            cells = rows[r].cells
            if len(cells) <= max(leaf, c) or (cells[0].text or "").strip():
                break  # another top-level row: the category ends
            if v.value(r, c) is None:
                continue
            after = [i for i in label_cols if i >= leaf]  # the item's name, or only its 采购方式
            (items if any((cells[i].text or "").strip() for i in after) else mids).append(r)
        if not mids or not items:
            continue
        name = norm(rows[head].cells[0].text or "")
        total = v.value(head, c)
        by_mid = sum((v.value(r, c) or Z for r in mids), Z)
        by_item = sum((v.value(r, c) or Z for r in items), Z)
        if total is None or (by_mid != total and by_item != total):
            continue  # neither level adds up: not a layout to judge by
        if by_item == total:
            yield ix.sum_finding("C11", v.ref(head, c, name), [v.ref(r, c, _label_of(v, r, label_cols)) for r in mids],
                                 title=f"{v.t.title}：{name} = Σ 明细（专项 / 科目）")
        if by_mid == total:
            yield ix.sum_finding("C11", v.ref(head, c, name), [v.ref(r, c, _label_of(v, r, [leaf])) for r in items],
                                 title=f"{v.t.title}：{name} = Σ 采购品目")
        # … and each 专项 / 科目 row = Σ the items printed under it (few addends: a slip the
        # category's long sum would take for 尾差 shows here), when those rows are complete
        for k, m in enumerate(mids if by_mid == total else []):
            below = [r for r in items if m < r < (mids[k + 1] if k + 1 < len(mids) else end)]
            if below:
                yield ix.sum_finding("C11", v.ref(m, c, _label_of(v, m, label_cols)),
                                     [v.ref(r, c, _label_of(v, r, [leaf])) for r in below],
                                     title=f"{v.t.title}：{_label_of(v, m, label_cols)} = Σ 采购品目")


def _label_of(v: TableView, r: int, cols: list[int]) -> str:
    cells = v.t.rows[r].cells
    return "/".join(cells[i].text.strip() for i in cols if i < len(cells) and (cells[i].text or "").strip())


# -- D rules --------------------------------------------------------------------------------

_KNOWN = re.compile(r"总计|合计|本年收入|本年支出|基本支出|项目支出|人员经费|公用经费|三公|出国|公务用车|公务接待|"
                    r"财政拨款|收入$|支出$|预算|决算|执行数|增加|减少|资金|结转|结余|中小企业|小微企业|采购")


def _project_subject(p: Parsed, a: Amount, lead: Parsed | None = None) -> str:
    """The project a 执行数 is of, named at the start of its sentence (`lead`: the sentence's first item,
    when the reader cut it at "；": "1.X项目绩效自评综述：项目全年预算数为65万元；" / "执行数为62.75万元…")."""
    m = re.match(r"^\s*(?:\d+[.、．]\s*)?(.+?)\s*项目(?:绩效)?自评", (lead or p).text)
    if m and a.key in ("执行数", "项目执行数", "全年执行数", "支出决算", "决算数", "实际支出", "执行金额"):
        return subject_key(m.group(1))
    return ""


@rule("D1", name="同一指标两次表述一致", tables=())
def d1(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """情况说明中同一事项（如同一项目的支出金额）在不同位置的表述金额一致。

    依据: 情况说明内部一致性（同一数据多处引用应相同）。
    """
    ps = _narr_or_skip(ix)
    seen: dict[tuple[str, str], tuple[Parsed, Amount]] = {}
    lead = None
    for k_p, p in enumerate(ps):
        if not goes_on(ps, k_p):
            lead = p
        for a in p.amounts:
            if a.role in ("change", "budget"):
                continue
            key = _project_subject(p, a, lead)
            scope = "any"
            if not key:
                key = a.key
                if len(key) < 4 or _KNOWN.search(key) or re.search(r"\d", key):
                    continue
                if re.search(r"增加|减少|增长|下降|上升|降低|调整|节约|其中", p.text):
                    continue
            for sc in (scope,):
                k = (sc, key)
                if k in seen:
                    p0, a0 = seen[k]
                    if a0.wan != a.wan and not (same_at_precision(a0.value, a.value)
                                                or same_at_precision(a.value, a0.value)):
                        yield Finding("D1", ERROR, f"{fmt(a0.value)}{a0.unit}（第{p0.s.page}页）≠ {fmt(a.value)}{a.unit}"
                                                   f"（差 {fmt(a.wan - a0.wan)}）：“{key}”前后表述不一致", sent_loc(p),
                                      a0.wan, a.wan, a.wan - a0.wan,
                                      (sent_loc(p0),))
                else:
                    seen[k] = (p, a)
    # an item heading with its codes restated in the item's text ("2026年预算安排Y万元")
    for p, a, code, rest in coded_items(ps):
        for q in rest:
            for b in q.amounts:
                if b.role == "change" or not re.search(r"(?:预算安排|安排预算|预算数为|预算为)$", norm(q.text[:b.start])):
                    continue
                if not re.match(r"\d{4}年", norm(q.text[max(0, b.start - 12):b.start])[-12:]) and "当年" in b.key:
                    continue
                if b.wan != a.wan and not (same_at_precision(a.value, b.value) or same_at_precision(b.value, a.value)):
                    yield Finding("D1", ERROR, f"{fmt(a.value)} ≠ {fmt(b.value)}（差 {fmt(b.wan - a.wan)}）：科目{code}“{a.key}”"
                                               f"标题金额 {fmt(a.value)}{a.unit} ≠ 说明中“{b.subject.strip()}{fmt(b.value)}{b.unit}”",
                                  sent_loc(q),
                                  a.wan, b.wan, b.wan - a.wan, (sent_loc(p),))
    yield from _rate_pairs(ix, ps)
    yield from _total_changes(ps)


def _rate_pairs(ix: DocIndex, ps: list[Parsed]) -> Iterator[Finding]:
    """The same 预算 / 执行 pair printed twice (a 项 in 具体情况 and its project in 绩效) must carry
    the same 完成率: 27.76 ÷ 43.20 printed 64.25% and 64.26%."""
    seen: dict[tuple[Decimal, Decimal], tuple[Parsed, Decimal]] = {}
    for p in _pairs_cut(ps):  # (a pair the reader cut at "；" read as its one sentence)
        if "%" not in p.text:
            continue  # only rates are read here; most sentences print none
        for f in p.figures:
            if f.kind != "rate" or f.refers != "预算":
                continue
            before = [a for a in p.amounts if a.end <= f.start and a.role != "change"]
            if len(before) < 2:
                continue
            x, y = before[-2], before[-1]
            if x.wan == 0 or y.wan == 0 or x.wan == y.wan:
                continue  # 0 / 0 and 100 % pairs are too common to be the same item
            key = (x.wan.normalize(), y.wan.normalize())
            if key not in seen:
                seen[key] = (p, f.value)
                continue
            p0, r0 = seen[key]
            if r0 == f.value:
                continue
            exact = q2(y.wan * 100 / x.wan)
            sev = INFO if pct_fits(ix, r0, y.wan, x.wan) and pct_fits(ix, f.value, y.wan, x.wan) else ERROR
            yield from _with_parts(p, [Finding(
                "D1", sev, f"{fmt(r0)}% ≠ {fmt(f.value)}%（{fmt(y.value)} ÷ {fmt(x.value)} = {exact}%）："
                           f"同一预算数与执行数的完成率前后表述不一致（第{p0.s.page}页）", sent_loc(p),
                r0, f.value, f.value - r0, (sent_loc(p0),) + tuple(sent_loc(q) for q in p0.parts[1:]))])


_TOTAL_CHANGE = re.compile(r"^(.*?)(收入|支出|收、支|收支)(?:预算)?(?:总计|总预算)(?:各|均)?(增加|减少|增长|下降|上升|降低)(了)?$")


def _total_changes(ps: list[Parsed]) -> Iterator[Finding]:
    """收入总计 always equals 支出总计 (this year and last), so their changes are one figure:
    within a section "收入总计增加82.95万元 … 支出总计增加55.54万元" cannot both be right, and
    the same total's change stated again elsewhere must be stated alike."""
    in_section: dict[tuple, tuple[Decimal, Parsed, Amount]] = {}
    anywhere: dict[tuple, tuple[Decimal, Parsed, Amount]] = {}
    # a section whose 收入总计 and 支出总计 differ means the year's 本年收入 / 本年支出 by them
    # ("收、支总计各是4125.49、4143.91万元"): their changes differ too
    stated: dict[tuple, set[Decimal]] = {}
    for p in ps:
        for a in p.amounts:
            if a.role != "change" and a.key in ("收入总计", "支出总计"):
                stated.setdefault((p.main, "财政拨款" in norm(a.subject)), set()).add(a.wan)
    unequal = {k for k, v in stated.items() if len(v) > 1}
    for p in ps:
        for a in p.amounts:
            if a.role != "change":
                continue
            subj = norm(a.subject)
            m = _TOTAL_CHANGE.match(subj.replace("与上年相比", "").replace("比上年", "").replace("较上年", ""))
            if not m:
                continue
            signed = a.wan if m.group(3) in ("增加", "增长", "上升") else -a.wan
            scope = "fin" if "财政拨款" in m.group(1) else "all"
            basis = "执行" if "执行" in subj else ""  # a 预算 compared with 上年执行数, not 上年预算
            side = {"收入": "收", "支出": "支"}.get(m.group(2), "收支")
            if (p.main, scope == "fin") in unequal:
                continue
            for seen, key in ((in_section, (p.main, scope, basis)), (anywhere, (scope, basis, side))):
                if key not in seen:
                    seen[key] = (signed, p, a)
                    continue
                s0, p0, a0 = seen[key]
                if s0 == signed:
                    continue
                what = "财政拨款" if scope == "fin" else ""
                why = "收入总计与支出总计相等，其较上年增减额应相同" if seen is in_section else "同一总计的较上年增减额前后表述不一致"
                yield Finding("D1", ERROR, f"{fmt(s0)} ≠ {fmt(signed)}（差 {fmt(signed - s0)}）：情况说明{what}{why}"
                                           f"（“{a0.subject.strip()}{fmt(a0.value)}{a0.unit}”、“{a.subject.strip()}"
                                           f"{fmt(a.value)}{a.unit}”）", sent_loc(p), s0, signed, signed - s0,
                              () if p0 is p else (sent_loc(p0),))
                break


def _register_projects(ps):
    pass


@rule("D3", name="增减额与增减率、方向词一致", tables=())
def d3(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """“比上年增加/减少X万元，增长/下降Y%”：Y = X ÷ (本期 ∓ X)，方向词与增减方向一致；上年为0时不列增长率。

    依据: 增减变动表述规范（增长率以上年数为基数）。
    """
    ps = _narr_or_skip(ix)
    found = False
    last: dict[str, tuple[str, Amount]] = {}
    budget_doc = "预算" in (ix.doc.kind or "") and "决算" not in (ix.doc.kind or "")
    skip_roles = ("change",) if budget_doc else ("change", "budget")
    where = None
    sentence: list[Amount] = []  # the figures of the sentence so far (over the items it was cut into at "；")
    for k_p, p in enumerate(ps):
        if not goes_on(ps, k_p) or p.amounts and (re.search(r"合计|总计|总额", p.amounts[0].key)
                                                  or re.search(r"其中|主要用于|主要包括", p.text)):
            sentence = []  # (an item that heads a statement of its own: "…；本年支出合计X万元，其中：…")
        if (p.main, p.sub) != where:
            # a new (sub)section: the current figure of a change is never carried over from the
            # previous one; a numbered paragraph's first line can arrive as the sub-heading
            last.clear()
            where = (p.main, p.sub)
            head = [a for a in parse_sentences([_as_sentence(p, p.sub)])[0].amounts
                    if a.role not in skip_roles] if p.sub else []
            if head:
                last["__last__"] = ("", head[-1])
        section_last = last
        found |= yield from _d3_vs(ix, p)
        if "各" in p.text:
            for f in _pair_changes(ix, p, section_last):
                found = True
                if f is not None:
                    yield f
        read: list[int] = []  # where the rates read after their changes start
        for m in _CHANGE.finditer(p.text):
            word, amt = m.group(1), _dec(m.group(2))
            if amt is None:
                continue
            amt_wan = amt * _UNIT_WAN[m.group(3)]
            pm = _CHANGE_PCT.match(p.text[m.end():])
            at = m.start()  # the change's clause (its subject before it)
            if pm:
                read.append(m.end() + pm.start(1))
            else:
                # "收入总计下降4.65%，减少29.60万元": the rate printed before its change (not one read after another)
                pm = _PCT_BEFORE_CHANGE.search(p.text, 0, m.start())
                if not pm or any(pm.start() <= r < pm.end() for r in read):
                    continue
                at = pm.start()
            pword, pct = pm.group(1), _dec(pm.group(2))
            found = True
            up = word in ("增加", "增长", "上升", "增支")
            pup = up if pword.endswith("幅度") and pword not in _RATE_UP + _RATE_DOWN else pword in _RATE_UP
            if up != pup:
                yield Finding("D3", ERROR, f"情况说明增减方向矛盾：“{word}{m.group(2)}{m.group(3)}”却“{pword}{pm.group(2)}%”",
                              sent_loc(p), None, pct, None)
                continue
            # the current figure: same-subject amount earlier in this sentence, else the nearest
            # earlier non-change, non-budget amount in the sentence / section
            subj = subject_key(_subject(p.text, at, 0))
            cur = None
            before = [a for a in p.amounts if a.end <= m.start() and a.role not in skip_roles]
            if subj:
                for a in reversed(before):
                    if a.key and (a.key == subj or a.key.endswith(subj) or subj.endswith(a.key)):
                        cur = a
                        break
                if cur is None:
                    for k, (mm, a) in section_last.items():
                        pass
            named = cur is not None
            if cur is None and before:
                cur = next((a for a in before if a.role == "actual"), before[0])
            if cur is None:
                prev = section_last.get("__last__")
                cur = prev[1] if prev else None
            if cur is None or pct is None:
                continue
            base = cur.wan - amt_wan if up else cur.wan + amt_wan
            f = _pct_finding(ix, "D3", p, pct, amt_wan, base,
                             f"“{word}{m.group(2)}{m.group(3)}，{pword}{pm.group(2)}%”（本期 {fmt(cur.wan)}，上期 {fmt(base)}）")
            if f and f.severity == ERROR and not named and any(
                    pct_fits(ix, pct, amt_wan, a.wan - amt_wan if up else a.wan + amt_wan)
                    for a in before if a is not cur):
                # "总收入X万元，其中本年收入Y万元，较上年减少Z万元，下降W%": the change is Y's — which
                # figure of the sentence changed is not said; one that fits the rate is not an error
                f = None
            if f:
                yield f
        if "预算数" in p.text and "完成" in p.text:
            for f in _over_budget(ix, p):
                found = True
                if f is not None:
                    yield f
        for a in p.amounts:
            if a.role not in skip_roles and a.key in ("收入总计", "支出总计"):
                section_last[a.key] = ("", a)
        # the sentence's figure, whatever items it was cut into ("科学技术支出…支出决算356.13万元，用于人员基本工资
        # 118.06万元；" / … / "商品和服务支出73.27万元。" / "较上年决算减少95.46万元…": 356.13, not 73.27)
        sentence += [a for a in p.amounts if a.role not in skip_roles]
        if sentence:
            section_last["__last__"] = ("", next((a for a in sentence if a.role == "actual"), sentence[0]))
    if not found:
        raise NotApplicable("情况说明中没有“增加/减少X万元，增长/下降Y%”的表述")


_PAIR_CHANGE = re.compile(r"(?:收、支|收支)(?:决算)?总计各(增加|减少|增长|下降)\s*" + _NUM + r"\s*[,，、]\s*" + _NUM
                          + r"\s*(万元|元)[，,]\s*各(增长|下降|增加|减少)\s*" + _NUM + r"\s*[%％]\s*[,，、和]\s*" + _NUM
                          + r"\s*[%％]")


def _pair_changes(ix: DocIndex, p: Parsed, last: dict) -> Iterator[Finding | None]:
    """"收、支总计各是A,B万元。…收、支总计各减少X,Y万元，各下降P%、Q%": P = X ÷ (A ± X), Q = Y ÷ (B ± Y)."""
    m = _PAIR_CHANGE.search(p.text)
    if not m:
        return
    up = m.group(1) in ("增加", "增长")
    for side, amt, pct in (("收入总计", m.group(2), m.group(6)), ("支出总计", m.group(3), m.group(7))):
        here = [a for a in p.amounts if a.end <= m.start() and a.key == side and a.role != "change"]
        cur = ("", here[-1]) if here else last.get(side)
        x, printed = _dec(amt), _dec(pct)
        if cur is None or x is None or printed is None:
            continue
        xw = x * _UNIT_WAN[m.group(4)]
        base = cur[1].wan - xw if up else cur[1].wan + xw
        yield _pct_finding(ix, "D3", p, printed, xw, base,
                           f"“{side}{m.group(1)}{amt}{m.group(4)}，{m.group(5)}{pct}%”（本期 {fmt(cur[1].wan)}，上期 {fmt(base)}）")


_OVER = re.compile(r"决算数?(大于|高于|超过|超出|小于|低于)(?:年初|全年)?预算数?\s*" + _NUM + r"\s*(万元|元)")


def _over_budget(ix: DocIndex, p: Parsed) -> Iterator[Finding | None]:
    """"支出总计1741.75万元，…完成年初预算100%，决算数大于预算数55.93万元": the 预算数 is the
    决算 ∓ the difference, so the rate is 决算 ÷ (决算 ∓ X); 100 % with a difference cannot be."""
    m = _OVER.search(p.text)
    rate = _RATE.search(p.text)
    if not m or not rate:
        return
    x = _dec(m.group(2))
    cands = [a for a in p.amounts if a.end <= min(m.start(), rate.start()) and a.role not in ("change", "budget")]
    if x is None or not cands or any(a.role == "budget" and not m.start() <= a.start < m.end() for a in p.amounts):
        return  # a printed 预算数 is C6's comparison
    actual = next((a for a in cands if a.role == "actual"), cands[0] if len(cands) == 1 else None)
    if actual is None:
        return  # which figure the rate is of is not said
    xw = x * _UNIT_WAN[m.group(3)]
    over = m.group(1) in ("大于", "高于", "超过", "超出")
    base = actual.wan - xw if over else actual.wan + xw
    printed = _dec(rate.group(1))
    if printed is None or base <= 0:
        return
    f = _pct_finding(ix, "D3", p, printed, actual.wan, base,
                     f"“完成预算{rate.group(1)}%，决算数{m.group(1)}预算数{m.group(2)}{m.group(3)}”"
                     f"（决算 {fmt(actual.wan)}，预算 {fmt(base)}）")
    if f is not None and f.severity == ERROR and printed == 100 and over:
        f = Finding(f.rule, WARNING, f.message + "：超预算时完成率应大于100%", f.location, f.expected, f.actual, f.difference,
                    f.related)
    yield f


def _as_sentence(p: Parsed, text: str) -> Sentence:
    return Sentence(p.s.index, p.s.page, p.s.bbox, text, p.s.section)


_VS_PCT = re.compile(r"(?:比|较)(?P<target>[^，。；,;]{1,30}?)(?P<word>增加|减少|增长|下降|上升|降低)(?:了)?\s*" + _NUM
                     + r"\s*[%％]")
_YEAR = re.compile(r"\d{4}\s*年度?|当年|上年|去年|同期")


def _rate_range(cur: Decimal, base: Decimal) -> tuple[Decimal, Decimal] | None:
    """The change rate (cur / base − 1, in %) over the rounding interval of both printed figures."""
    def half(v: Decimal) -> Decimal:
        exp = v.as_tuple().exponent
        d = -exp if isinstance(exp, int) and exp < 0 else 0
        return Decimal(5) * Decimal(10) ** (-(d + 1))
    lo_b, hi_b = base - half(base), base + half(base)
    if lo_b <= 0:
        return None
    lo = ((cur - half(cur)) / hi_b - 1) * 100
    hi = ((cur + half(cur)) / lo_b - 1) * 100
    return lo, hi


def _d3_vs(ix: DocIndex, p: Parsed):
    """"A为X万元，B为Y万元，比A增加Z%" (no change amount): Z = Y ÷ X − 1.  Generator that
    returns whether such a statement was seen."""
    seen = False
    for m in _VS_PCT.finditer(p.text):
        pct = _dec(m.group(3))
        if pct is None:
            continue
        target = _YEAR.sub("", norm(m.group("target")))
        before = [a for a in p.amounts if a.end <= m.start() and a.role != "change"]
        if not target or len(before) < 2 or any(x in target for x in ("万元", "%")):
            continue
        base = next((a for a in before if target in _YEAR.sub("", a.key)), None)
        if base is None:
            continue
        cur = before[-1] if before[-1] is not base else None
        if cur is None or cur.unit != base.unit:
            continue
        seen = True
        up = m.group("word") in ("增加", "增长", "上升")
        what = (f"“{base.key}{fmt(base.value)}{base.unit}，{cur.key}{fmt(cur.value)}{cur.unit}，"
                f"比{m.group('target')}{m.group('word')}{m.group(3)}%”")
        if base.value == 0:
            yield Finding("D3", ERROR, f"情况说明{what}：基数为0，不应列示百分比", sent_loc(p), None, pct, None)
            continue
        exact = (cur.value / base.value - 1) * 100
        shown = q2(exact)
        signed = pct if up else -pct
        ix.note_text("D3", sent_loc(p), signed, [(sent_loc(p), 1, cur.value), (sent_loc(p), 1, base.value)],
                     exact, kind="rate")
        rng = _rate_range(cur.value, base.value)
        tol = ix.cfg.pct_tolerance
        if rng is not None and rng[0] - tol <= signed <= rng[1] + tol:
            continue
        if pct == 0 and cur.value == base.value:
            continue
        if (exact > 0) != up and exact != 0:
            msg = (f"{fmt(cur.value)} ÷ {fmt(base.value)} − 1 = {shown}%，实为{'增加' if exact > 0 else '减少'}："
                   f"情况说明{what}与“{m.group('word')}”矛盾")
        else:
            msg = (f"{fmt(cur.value)} ÷ {fmt(base.value)} − 1 = {shown}% ≠ 印出的 {'' if up else '-'}{pct}%"
                   f"（差 {fmt(signed - shown)} 个百分点）：情况说明{what}")
        yield Finding("D3", ERROR, msg, sent_loc(p), shown, signed, signed - shown)
    seen |= yield from _d3_vs_amount(ix, p)
    return seen


_VS_AMT = re.compile(r"(?:比|较)(?P<target>[^，。；,;]{1,30}?)(?P<word>增加|减少|增长|下降|上升|降低)(?:了)?\s*" + _NUM
                     + r"\s*(?P<unit>万元|元)")


def _d3_vs_amount(ix: DocIndex, p: Parsed):
    """"A为X万元，B为Y万元，比A增加Z万元": Z = Y − X and the word matches its sign."""
    seen = False
    for m in _VS_AMT.finditer(p.text):
        z = _dec(m.group(3))
        if z is None:
            continue
        target = _YEAR.sub("", norm(m.group("target")))
        before = [a for a in p.amounts if a.end <= m.start() and a.role != "change"]
        if not target or len(before) < 2 or any(x in target for x in ("万元", "%")):
            continue
        # the base is the figure the target names, with its year when the target has one
        # ("比2025年预算执行数增加" needs "2025年当年预算执行数为X"; never this year's 预算)
        ty = re.search(r"\d{4}", m.group("target"))
        base = next((a for a in before if target == _YEAR.sub("", a.key)
                     and (ty is None or ty.group(0) in a.subject)), None)
        cur = before[-1] if base is not None and before[-1] is not base else None
        if cur is None or cur.unit != base.unit or (ty is not None and ty.group(0) in cur.subject):
            continue
        seen = True
        z_wan = z * _UNIT_WAN[m.group("unit")]
        diff = cur.wan - base.wan
        up = m.group("word") in ("增加", "增长", "上升")
        signed = z_wan if up else -z_wan
        what = (f"“{base.key}{fmt(base.value)}{base.unit}，{cur.key}{fmt(cur.value)}{cur.unit}，"
                f"比{m.group('target')}{m.group('word')}{m.group(3)}{m.group('unit')}”")
        if signed == diff:
            continue
        if diff != 0 and (diff > 0) != up and z_wan == abs(diff):
            yield Finding("D3", ERROR, f"{fmt(cur.wan)} − {fmt(base.wan)} = {fmt(diff)}，实为{'增加' if diff > 0 else '减少'}："
                                       f"情况说明{what}与“{m.group('word')}”矛盾", sent_loc(p), diff, signed, signed - diff)
            continue
        sev = ix.cfg.severity(signed - diff, 2) or ERROR
        yield Finding("D3", sev, f"{fmt(cur.wan)} − {fmt(base.wan)} = {fmt(diff)} ≠ 印出的 {fmt(signed)}（差 {fmt(signed - diff)}）："
                                 f"情况说明{what}", sent_loc(p), diff, signed, signed - diff)
    return seen


@rule("D4", name="同一结构占比合计 ≈ 100%；“占”后须有%", tables=())
def d4(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """同一构成（如各项收入、基本/项目支出、各类支出）的占比之和约为100%；“占”字后的数字须带%。

    依据: 结构占比表述规范（完整构成的占比合计 = 100%，允许四舍五入误差）。
    """
    ps = _narr_or_skip(ix)
    groups: dict[str, list[tuple[Parsed, Amount]]] = {}
    unknown: dict[tuple[str, str], list[tuple[Parsed, Amount]]] = {}
    for k, p in enumerate(ps):
        for mm in re.finditer(r"占(?:比)?[^，。；%％\d]{0,20}?(\d+(?:\.\d+)?)(?!\s*[%％\d.])(?!\s*(?:万元|元|个|人|辆|批|次|项|家|年))", p.text):
            yield Finding("D4", WARNING, f"“{mm.group(0)}”：占比数字缺少%", sent_loc(p))
        for a in p.amounts:
            if a.share is None:
                continue
            t = resolve(ix, p, a)
            base = share_base(ix, p, a, t)
            if (base is None or base.wan is None) and t is None and not a.share_base:
                # no table gives the figure (a table left out): the total the listing opens with
                head = _listing_total(ps, k, a)
                if head is not None:
                    f = _pct_finding(ix, "D4", p, a.share, a.wan, head[1].wan,
                                     f"“{a.key}{fmt(a.value)}{a.unit}，占{fmt(a.share)}%”（基数取所列"
                                     f"{head[1].key} {fmt(head[1].value)}{head[1].unit}）",
                                     () if head[0] is p else (sent_loc(head[0]),))
                    if f:
                        yield f
                    continue
            if base is None or base.wan is None:
                if a.share_base and not (isinstance(t, Target) and t.rule in ("C2", "C3", "C5", "C7")):
                    unknown.setdefault((p.main, a.share_base), []).append((p, a))
                continue
            groups.setdefault(f"{p.main}|{base.name}|{a.share_base}", []).append((p, a))
    yield from _shares_of_whole(ix, unknown)
    for key, items in groups.items():
        if len(items) < 2:
            continue
        p0 = items[0][0]
        t0 = resolve(ix, p0, items[0][1])
        base = share_base(ix, p0, items[0][1], t0)
        amounts = sum((a.wan for _p, a in items), Z)
        if abs(amounts - base.wan) > Decimal("0.01") * len(items):
            continue  # not a complete breakdown
        shares = sum((a.share for _p, a in items), Z)
        ix.note_text("D4", sent_loc(items[-1][0]), Decimal(100),
                     [(sent_loc(p), 1, a.share) for p, a in items], shares, kind="pct_sum")
        decimals = max(-(a.share.as_tuple().exponent) for _p, a in items)
        tol = Decimal(10) ** (-decimals) * Decimal("0.5") * len(items) + Decimal("0.01")
        if abs(shares - 100) > tol:
            yield Finding("D4", ERROR, f"构成占比合计 {' + '.join(fmt(a.share) for _p, a in items)} = {shares}% ≠ 100%",
                          sent_loc(items[-1][0]), Decimal(100), shares, shares - 100,
                          tuple(sent_loc(p) for p, _a in items[:-1]))


def _listing_total(ps: list[Parsed], k: int, a: Amount) -> tuple[Parsed, Amount] | None:
    """"本年支出合计A万元，其中：基本支出B万元，占Y%；项目支出C万元，占Z%。": a share printed
    without its base is of the total the listing opens with ("…合计/总计/总额A，其中：") — in the
    share's sentence or in the one the listing started in (its items end with "；")."""
    p = ps[k]
    j = k
    while True:
        q = ps[j]
        upto = q.text[:a.start] if j == k else q.text
        i = upto.rfind("其中")
        if i >= 0:
            heads = [b for b in q.amounts if b.end <= i]
            if heads and heads[-1].role != "change" and re.search(r"合计|总计|总额", heads[-1].key) \
                    and heads[-1].share is None and heads[-1].wan >= a.wan:
                return q, heads[-1]
            return None
        if j == 0 or k - j >= 4:
            return None
        prev = ps[j - 1]
        if (prev.main, prev.sub) != (p.main, p.sub) or not prev.text.rstrip().endswith(("；", ";")):
            return None
        j -= 1


def _shares_of_whole(ix: DocIndex, unknown: dict) -> Iterator[Finding]:
    """Shares of a base no table gives ("占“三公”经费的16.93%"): when the shares of one base
    add up to 100 %, the listed amounts are the whole, and each share is recomputed against
    their sum (86.95 ÷ 513.75 = 16.92 %, a rounding slip)."""
    for (_main, base_text), items in unknown.items():
        if len(items) < 2:
            continue
        shares = sum((a.share for _p, a in items), Z)
        whole = sum((a.wan for _p, a in items), Z)
        if abs(shares - 100) > Decimal("0.05") * len(items):
            # one share off: every other share (at least two) is its amount ÷ the sum (to a rounding
            # slip), so the items are the whole and the odd share is wrong
            fits = [whole != 0 and pct_fits(ix, a.share, a.wan, whole) for _p, a in items]
            if len(items) < 3 or fits.count(False) != 1:
                continue
        whole = sum((a.wan for _p, a in items), Z)
        for p, a in items:
            f = _pct_finding(ix, "D4", p, a.share, a.wan, whole,
                             f"“{a.key}占{base_text}{fmt(a.share)}%”（{base_text}取所列各项之和 "
                             f"{' + '.join(_as_printed(b) for _q, b in items)} = {fmt(whole)}万元）",
                             tuple(sent_loc(q) for q, _b in items if q is not p)[:4])
            if f:
                yield f


@rule("D5", name="模板残留（XX、××、增加（减少））", tables=())
def d5(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """情况说明中不应残留模板占位符，如 XX、××、“增加（减少）”。

    依据: 决算公开文本规范（发布前应替换全部模板内容）。
    """
    ps = _narr_or_skip(ix)
    yield from _heading_checks(ix)
    year = ix.doc.year
    final = "决算" in (ix.doc.kind or "")
    for p in ps:
        m = TEMPLATE.search(p.text)
        if m:
            yield Finding("D5", WARNING, f"模板残留：“{m.group(0)}”", sent_loc(p))
        m = _EMPTY_REASON.search(p.text)
        if m:
            yield Finding("D5", WARNING, f"说明未填写：“{m.group(0)}”", sent_loc(p))
        m = _EMPTY_FIGURE.search(p.text)
        if m:
            yield Finding("D5", WARNING, f"数字未填写：“{m.group(0)}”", sent_loc(p))
        if not year:
            continue
        # years left from last year's text: a comparison with the document's own year, or a
        # 决算's 截至 date that is not the end of its year
        for m in _SAME_YEAR.finditer(p.text):
            if final and m.group(2) == "预算":
                continue  # a 决算 compares itself with the same year's 预算 legitimately
            if int(m.group(1)) == year:
                yield Finding("D5", WARNING, f"年份未更新：“{m.group(0)}”与本{'决算' if final else '预算'}年度"
                                             f"{year}年相同，比较对象应为上一年度", sent_loc(p))
        if final:
            for m in _AS_OF.finditer(p.text):
                if int(m.group(1)) != year:
                    yield Finding("D5", WARNING, f"年份未更新：“{m.group(0)}”，本决算为{year}年度", sent_loc(p))


_DOC_YEAR = re.compile(r"(\d{4})\s*年度?\s*(?:部门|单位)?\s*(?:决算|预算)(?:情况说明|编制说明|表|公开)")


def _heading_checks(ix: DocIndex) -> Iterator[Finding]:
    """Headings (section titles, table titles) carry no template residue and the document's year."""
    year = ix.doc.year
    seen = set()
    heads: list[tuple[str, Sentence | Table]] = [(s.section, s) for s in ix.doc.narrative]
    heads += [(t.title, t) for t in ix.doc.tables]
    read: set[str] = set()
    for text, where in heads:
        if text in read:
            continue  # (every sentence repeats its section: each heading is read once)
        read.add(text)
        h = unicodedata.normalize("NFKC", text or "")
        if not h or h in seen:
            continue
        seen.add(h)
        m = TEMPLATE.search(h)
        if m:
            yield Finding("D5", WARNING, f"标题模板残留：“{m.group(0)}”（{h[:40]}）", _heading_loc(where))
        m = _DOC_YEAR.search(norm(h))
        if year and m and int(m.group(1)) != year:
            yield Finding("D5", WARNING, f"标题年份与文档年度{year}年不一致：“{h[:40]}”", _heading_loc(where))


def _heading_loc(where: Sentence | Table) -> Location:
    """A heading's location: the section of a sentence, or a table's title."""
    if isinstance(where, Table):
        return Location(table=where.id, page=where.pages[0] if where.pages else None, row_label=where.title)
    return Location(narrative=where.index, page=where.page, text=where.section)


# a unit with no number before it: "年初预算为万元", "增长%"
_EMPTY_FIGURE = re.compile(r"(?:预算|决算|支出|收入|金额|资金|合计|总计|经费)(?:数)?(?:为|是|达到?|共计?|约)?\s*(?:万元|亿元|[%％])"
                           r"|(?:增加|减少|增长|下降|上升|降低)(?:了)?\s*(?:万元|亿元|[%％])")
_EMPTY_REASON = re.compile(r"(?:主要)?原因(?:是|为|主要是|如下)?[:：]?\s*[。；;]")
_SAME_YEAR = re.compile(r"(?:比|与|较)\s*(\d{4})\s*年度?\s*(预算|决算|相比|持平|增加|减少|增长|下降)")
_AS_OF = re.compile(r"截[至止]\s*(\d{4})\s*年\s*12\s*月\s*31\s*日")


# the rules over several sentences' figures register themselves on import
from auditdesk.checks.rules import narrative_figures  # noqa: E402,F401
