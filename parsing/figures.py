"""The figures a narrative sentence prints — amounts, shares, rates, growth, counts, years —
each with what it refers to, and the level of a section heading.  Plain text in, no PDF:
the checks read sentences through this module."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# heading levels: 第X部分 › 一、 › （一） › 1、 › （1）
_LEVELS = (
    (0, re.compile(r"^第[一二三四五六七八九十]+部分")),
    (1, re.compile(r"^[一二三四五六七八九十]+[、.．]")),
    (2, re.compile(r"^[(（][一二三四五六七八九十]+[)）]")),
    (3, re.compile(r"^\d{1,2}[、.．](?!\d)")),
    (4, re.compile(r"^[(（]\d{1,2}[)）]")),
)


def heading_level(text: str) -> int:
    """0 第X部分, 1 一、, 2 （一）, 3 1、, 4 （1）; 1 for an unnumbered title (…情况说明)."""
    t = unicodedata.normalize("NFKC", text).replace(" ", "")
    for level, rx in _LEVELS:
        if rx.match(t) or rx.match(text.replace(" ", "")):
            return level
    return 1


# -- figures -------------------------------------------------------------------------------

AMOUNT, SHARE, RATE, GROWTH, COUNT, YEAR = "amount", "share", "rate", "growth", "count", "year"
UP_WORDS = ("增加", "增长", "上升", "增支", "提高", "超支")
DOWN_WORDS = ("减少", "下降", "降低", "节约", "减支", "压减", "缩减")
_DIR = "|".join(UP_WORDS + DOWN_WORDS)

# a number starts where no digit, separator or point precedes it: each match is tried once
# per number, not once per digit (no quadratic back-tracking on long digit runs). A comma is a
# thousands separator only before three digits; after a figure's decimals (or four digits) it
# separates two figures: "收、支总计各是4125.49,4143.91万元"
NUMBER = (r"(?<![\d.])(?:(?<!\d[,，])|(?<=\.\d[,，])|(?<=\.\d\d[,，])|(?<=\d\d\d\d[,，]))"
          r"(\d{1,3}(?:[,，]\d{3})+(?![\d,，])(?:\s*\.\s*\d+)?|\d+(?:\s*\.\s*\d+)?)")
_N = NUMBER
_AMOUNT = re.compile(_N + r"\s*(亿元|万元|元|万(?=[，,。；;、(（)）]))(?![/／])")  # "0.39万，" is 万元
_PCT = re.compile(_N + r"\s*[%％]")
_COUNT = re.compile(_N + r"\s*(人次|批次|台\(套\)|台（套）|个|人|辆|台|套|家|项|次|批|期|件|场)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?=年)")
_SHARE_BEFORE = re.compile(r"占(?:比)?([^，。；,;%％\d]{0,24}?)(?:的)?(?:比重|比例)?(?:为)?\s*$")
# a 完成率: "完成(年初)预算的", "为全年预算的", "决算数占年初预算数的", "执行率为", "预算完成率达"
_RATE_BEFORE = re.compile(r"(完成(?:年初|全年|调整后)?预算(?:数)?(?:的)?|(?:为|达到?|占)(?:年初|全年|调整后|调整)?预算(?:数)?的"
                          r"|执行率(?:为|达)?|完成率(?:为|达)?)\s*$")
_GROWTH_BEFORE = re.compile(r"(" + _DIR + r")(?:了)?\s*$")
_BOUND = re.compile(r"[，,。；;：:、]")
_LEAD = re.compile(r"^(?:其中|主要用于|主要包括|包括|分别为|以及|及|和|与上年相比|与\d{4}年度?相比|比上年|较上年|"
                   r"\d{4}\s*年度?|本年度|本年|全年|[一二三四五六七八九十\d]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\s)+")
_TAIL = re.compile(r"(?:均为|各为|均|各|为|是|共计|合计|达到|达|约)+$")


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure printed in a sentence."""

    kind: str  # amount | share | rate | growth | count | year
    value: Decimal  # as printed
    unit: str  # 万元 / 元 / 亿元 / % / 个 / 人 … / 年
    start: int  # span in the NFKC-normalised sentence text
    end: int
    refers: str  # what it refers to: the subject of its clause ("科学技术支出(类)"), or for a
    # share its base ("本年支出合计"), for a rate "预算", for growth the changed subject
    direction: int = 0  # +1 增加/增长, −1 减少/下降 (amounts of a change and growth rates)
    text: str = ""  # the figure as printed

    @property
    def wan(self) -> Decimal | None:
        """An amount in 万元 (None for other kinds)."""
        scale = {"万元": Decimal(1), "万": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}.get(self.unit)
        return self.value * scale if scale is not None and self.kind == AMOUNT else None


def number(text: str) -> Decimal | None:
    s = unicodedata.normalize("NFKC", text).replace(",", "").replace("，", "").replace(" ", "")
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _refers(text: str, start: int, floor: int) -> str:
    seg = text[floor:start]
    parts = _BOUND.split(seg)
    subj = parts[-1] if parts else seg
    if not subj.strip() and len(parts) >= 2:
        subj = parts[-2]
    subj = _LEAD.sub("", subj.replace(" ", ""))
    return _TAIL.sub("", subj)


def read_figures(text: str) -> list[Figure]:
    """Every figure of one sentence, in reading order.  `text` is NFKC-normalised first; the
    spans index the normalised text."""
    t = unicodedata.normalize("NFKC", text)
    out: list[Figure] = []
    taken: list[tuple[int, int]] = []
    prev_end = 0
    for m in _AMOUNT.finditer(t):
        v = number(m.group(1))
        if v is None:
            continue
        before = t[max(0, m.start() - 6):m.start()].replace(" ", "")
        g = _GROWTH_BEFORE.search(before)
        direction = 0
        if g:
            direction = 1 if g.group(1) in UP_WORDS else -1
        refers = _refers(t, m.start(), prev_end)
        if direction:
            # a change refers to what changed: "支出减少X" → 支出; "与上年相比减少X" → the last subject
            refers = re.sub("(" + _DIR + r")(?:了)?$", "", refers) or next(
                (f.refers for f in reversed(out) if f.kind == AMOUNT and not f.direction), "")
        out.append(Figure(AMOUNT, v, m.group(2), m.start(), m.end(), refers, direction, m.group(0)))
        taken.append((m.start(), m.end()))
        prev_end = m.end()
    for m in _PCT.finditer(t):
        v = number(m.group(1))
        if v is None:
            continue
        before = t[max(0, m.start() - 30):m.start()]
        sb = _SHARE_BEFORE.search(before)
        rb = _RATE_BEFORE.search(before)
        gb = _GROWTH_BEFORE.search(before.replace(" ", ""))
        if sb and not (rb and "预算" in sb.group(1)):  # ("占年初预算的Z%" is a 完成率)
            out.append(Figure(SHARE, v, "%", m.start(), m.end(), sb.group(1).replace(" ", ""), 0, m.group(0)))
        elif rb:
            out.append(Figure(RATE, v, "%", m.start(), m.end(), "预算", 0, m.group(0)))
        elif gb:
            d = 1 if gb.group(1) in UP_WORDS else -1
            out.append(Figure(GROWTH, v, "%", m.start(), m.end(), _refers(t, m.start(), 0), d, m.group(0)))
        else:
            out.append(Figure(RATE, v, "%", m.start(), m.end(), _refers(t, m.start(), 0), 0, m.group(0)))
        taken.append((m.start(), m.end()))
    for m in _COUNT.finditer(t):
        if any(a <= m.start() < b for a, b in taken):
            continue
        v = number(m.group(1))
        if v is None or "." in m.group(1):
            continue
        out.append(Figure(COUNT, v, m.group(2), m.start(), m.end(), _refers(t, m.start(), 0), 0, m.group(0)))
    for m in _YEAR.finditer(t):
        if any(a <= m.start() < b for a, b in taken):
            continue
        out.append(Figure(YEAR, Decimal(m.group(1)), "年", m.start(), m.end(), "", 0, m.group(0)))
    out.sort(key=lambda f: f.start)
    return out
