"""Narrative text (情况说明, 编制说明 …) → sentences with page, bbox and section path, and the
figures each sentence prints (`read_figures`): amounts, shares, rates, growth, counts, years,
each with what it refers to."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from auditdesk.parsing.lines import Line
from auditdesk.parsing.model import Sentence, union_bbox

_HEADING = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d{1,2}[、.．](?!\d))"
)
_END = "。；;！？!?"
# heading levels: 第X部分 › 一、 › （一） › 1、 › （1）
_LEVELS = (
    (0, re.compile(r"^第[一二三四五六七八九十]+部分")),
    (1, re.compile(r"^[一二三四五六七八九十]+[、.．]")),
    (2, re.compile(r"^[(（][一二三四五六七八九十]+[)）]")),
    (3, re.compile(r"^\d{1,2}[、.．](?!\d)")),
    (4, re.compile(r"^[(（]\d{1,2}[)）]")),
)
# a title's last words (a wrapped heading ends with one of them on its second line)
_TITLE_END = re.compile(r"(说明|情况|概况|解释|附件|职能|职责|设置|构成|目录|简介|决算表|预算表|明细表|总表)$")
_FIGURE_IN = re.compile(r"\d\s*(?:万元|元|亿元|%|％)|[。；;，,]")

CharBox = tuple[str, int, float, float, float, float]


def heading_level(text: str) -> int:
    """0 第X部分, 1 一、, 2 （一）, 3 1、, 4 （1）; 1 for an unnumbered title (…情况说明)."""
    t = unicodedata.normalize("NFKC", text).replace(" ", "")
    for level, rx in _LEVELS:
        if rx.match(t) or rx.match(text.replace(" ", "")):
            return level
    return 1


def _chars(line: Line, page: int) -> list[CharBox]:
    out: list[CharBox] = []
    for w in line.words:
        text = w.raw.replace(" ", "")
        if not text:
            continue
        step = (w.x1 - w.x0) / len(text)
        for k, ch in enumerate(text):
            out.append((ch, page, w.x0 + k * step, w.y0, w.x0 + (k + 1) * step, w.y1))
    return out


def is_heading(text: str) -> bool:
    """Text-only test (kept for callers without geometry): numbered and short."""
    t = text.replace(" ", "")
    return bool(_HEADING.match(t)) and len(t) <= 40 and not t.endswith(("。", "；")) and "，" not in t[:12] or (
        t.endswith(("情况说明", "名词解释", "概况")) and len(t) <= 40
    )


def _is_heading_line(ln: Line, right: float, width: float, nxt: Line | None = None, left: float = 0.0) -> bool:
    """A heading stands on its own line: numbered (一、 （一） 1、 第一部分) and stopping short of
    the right margin, or centred and short. A numbered line that runs to the margin is the
    first line of a paragraph ("1、一般公共服务支出（类）…主要用于：局本部人")."""
    t = ln.text.replace(" ", "")
    if not t or len(t) > 60:
        return False
    char = max(ln.y1 - ln.y0, 6.0)
    short = ln.x1 < right - 1.5 * char
    if _PART.match(t):
        return True
    # the next line going back to the left margin means this one wrapped: a paragraph
    continues = nxt is not None and nxt.x0 < ln.x0 - 2 and abs(nxt.x0 - left) < 3 and nxt.y0 - ln.y1 < (ln.y1 - ln.y0)
    titled = t.endswith("。") and bool(_TITLE_END.search(t[:-1])) and not re.search(r"[，,；;。:：]", t[:-1])
    if _HEADING.match(t) and short and not continues and (titled or not t.endswith(("。", "；", "，", ","))) \
            and not _numbered_paragraph(t):
        return True
    # centred, not a paragraph's first line that broke early (indented by two characters only)
    centred = abs((ln.x0 + ln.x1) / 2 - width / 2) < 0.08 * width and len(t) <= 30 and short \
        and ln.x0 - left > 2.5 * char
    if centred and not t.endswith(("。", "；")) and not any(ch.isdigit() for ch in t[-6:]) \
            and not _numbered_paragraph(t):
        return True
    return t.endswith(("情况说明", "名词解释", "概况")) and short


def _numbered_paragraph(t: str) -> bool:
    """"（二）支出预算总计37188.34万元。包括：" — a numbered sentence that states a figure and
    closes a clause is text, not a title."""
    body = t[:-1] if t.endswith(("：", ":")) else t
    return bool(re.search(r"\d\s*(?:万元|元|亿元|%|％)", body)) and bool(re.search(r"[。；;]", body))


def _wrapped_heading(ln: Line, nxt: Line | None, right: float) -> str | None:
    """A numbered title that runs to the margin and ends on a short second line
    ("九、一般公共预算“三公”经费、会议费、培训费支出预算情" + "况说明"): the joined title."""
    if nxt is None:
        return None
    t = ln.text.replace(" ", "")
    if not _HEADING.match(t) and not _PART.match(t):
        return None
    char = max(ln.y1 - ln.y0, 6.0)
    joined = t + nxt.text.replace(" ", "")
    if len(joined) > 50 or nxt.x1 >= right - 1.5 * char or nxt.y0 - ln.y1 > 1.5 * char:
        return None
    if _FIGURE_IN.search(joined) or not _TITLE_END.search(joined):
        return None
    return joined


_PART = re.compile(r"^第[一二三四五六七八九十]+部分")


def _title_rest(text: str, ln: Line, nxt: Line | None) -> str | None:
    """The second line of a title that wrapped ("第三部分 …2024年度部门决算情" + "况说明"): a short
    line right below that completes the title's last word."""
    if nxt is None or _TITLE_END.search(text):
        return None
    t2 = nxt.text.replace(" ", "")
    char = max(ln.y1 - ln.y0, 6.0)
    if not t2 or len(t2) > 30 or _HEADING.match(t2) or _FIGURE_IN.search(t2) or nxt.y0 - ln.y1 > char:
        return None
    rest = "".join(w.raw for w in nxt.words).replace(" ", "")
    return rest if _TITLE_END.search(text + t2) else None


def split_sentences(pages: list[tuple[int, list[Line]]], widths: dict[int, float] | None = None) -> tuple[list[Sentence], list[Sentence]]:
    """Join lines into a character stream, cut at sentence ends and at headings.
    Returns (sentences, headings); headings carry the section they open, sentences the
    section they sit under and the path of headings above it."""
    sentences: list[Sentence] = []
    headings: list[Sentence] = []
    section = ""
    stack: list[tuple[int, str]] = []  # (level, heading) outermost first
    buf: list[CharBox] = []

    def flush() -> None:
        nonlocal buf
        text = "".join(c[0] for c in buf).strip()
        if text and len(text) > 1:
            first_page = buf[0][1]
            boxes = [(c[2], c[3], c[4], c[5]) for c in buf if c[1] == first_page]
            sentences.append(Sentence(len(sentences), first_page, union_bbox(boxes), text, section,
                                      tuple(h for _l, h in stack)))
        buf = []

    def open_heading(text: str, page: int, bbox) -> None:
        nonlocal section
        flush()
        section = text
        level = heading_level(text)
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, text))
        headings.append(Sentence(len(headings), page, bbox, text, text, tuple(h for _l, h in stack[:-1])))

    for page, lines in pages:
        if not lines:
            continue
        right = sorted(ln.x1 for ln in lines)[int(0.9 * (len(lines) - 1))]
        width = (widths or {}).get(page, 2 * max(ln.x1 for ln in lines) - min(ln.x0 for ln in lines))
        left = min(ln.x0 for ln in lines)
        skip = False
        for k, ln in enumerate(lines):
            if skip:
                skip = False
                continue
            nxt = lines[k + 1] if k + 1 < len(lines) else None
            if _is_heading_line(ln, right, width, nxt, left):
                text = "".join(w.raw for w in ln.words).replace(" ", "")
                rest = _title_rest(text, ln, nxt)
                if rest is not None and nxt is not None:
                    open_heading(text + rest, page, union_bbox([ln.bbox, nxt.bbox]))
                    skip = True
                    continue
                open_heading(text, page, ln.bbox)
                continue
            wrapped = _wrapped_heading(ln, nxt, right)
            if wrapped is not None and nxt is not None:
                open_heading(wrapped, page, union_bbox([ln.bbox, nxt.bbox]))
                skip = True
                continue
            for c in _chars(ln, page):
                buf.append(c)
                if c[0] in _END:
                    flush()
        # a paragraph never continues past a heading; across pages it may
    flush()
    return sentences, headings


# -- figures -------------------------------------------------------------------------------

AMOUNT, SHARE, RATE, GROWTH, COUNT, YEAR = "amount", "share", "rate", "growth", "count", "year"
UP_WORDS = ("增加", "增长", "上升", "增支", "提高", "超支")
DOWN_WORDS = ("减少", "下降", "降低", "节约", "减支", "压减", "缩减")
_DIR = "|".join(UP_WORDS + DOWN_WORDS)

# a number starts where no digit, separator or point precedes it: each match is tried once
# per number, not once per digit (no quadratic back-tracking on long digit runs)
_N = r"(?<![\d.])(?<!\d[,，])(\d[\d,，]*(?:\s*\.\s*\d+)?)"
_AMOUNT = re.compile(_N + r"\s*(亿元|万元|元)(?![/／])")
_PCT = re.compile(_N + r"\s*[%％]")
_COUNT = re.compile(_N + r"\s*(人次|批次|台\(套\)|台（套）|个|人|辆|台|套|家|项|次|批|期|件|场)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?=年)")
_SHARE_BEFORE = re.compile(r"占(?:比)?([^，。；,;%％\d]{0,24}?)(?:的)?(?:比重|比例)?(?:为)?\s*$")
_RATE_BEFORE = re.compile(r"(完成(?:年初|全年|调整后)?预算(?:数)?的|执行率(?:为|达)?|完成率(?:为|达)?)\s*$")
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
        scale = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}.get(self.unit)
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
        if sb:
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
