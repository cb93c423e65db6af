"""Narrative text (情况说明, 编制说明 …) → sentences with page, bbox and section path.  The figures
each sentence prints are read by parsing.figures."""
from __future__ import annotations

import re

from auditdesk.parsing.figures import heading_level
from auditdesk.parsing.lines import Line
from auditdesk.parsing.model import Sentence, union_bbox

_HEADING = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d{1,2}[、.．](?!\d)"
    r"|[(（]\d{1,2}[)）](?!\s*\d))"
)
_END = "。；;！？!?"
# a line ending so is a sentence or a clause, never a title (lines are NFKC: "；" reads ";")
_SENTENCE_END = ("。", "；", ";")
_CLAUSE_END = _SENTENCE_END + ("，", ",")
_WRAP_GAP = 6  # characters: a line stopping further from the margin did not wrap (what did not
# fit is at most a long figure, "37,188.34万元")
# a title's last words (a wrapped heading ends with one of them on its second line)
_TITLE_END = re.compile(r"(说明|情况|概况|解释|附件|职能|职责|设置|构成|目录|简介|决算表|预算表|明细表|总表)"
                        r"(?:[(（][^()（）]{1,12}[)）])?$")  # "…情况说明（含机关运行经费）": a remark after the title
_FIGURE_IN = re.compile(r"\d\s*(?:万元|元|亿元|%|％)|[。；;，,]")

# a run of characters of one word: (text, page, x0, y0, x1, y1) — the box of its glyphs
CharBox = tuple[str, int, float, float, float, float]
_END_AT = re.compile(f"[{_END}]")


def _chars(line: Line, page: int) -> list[CharBox]:
    """The line's characters in runs that end at a sentence end (glyphs spread evenly over
    their word). A run's box is exactly the union of its characters' boxes; runs rather than
    single characters because most words hold no sentence end."""
    out: list[CharBox] = []
    for w in line.words:
        text = w.raw.replace(" ", "")
        if not text:
            continue
        n = len(text)
        step = (w.x1 - w.x0) / n
        if step < 0:  # a reversed box: glyph by glyph (the run's ends would not be its extremes)
            out.extend((ch, page, w.x0 + k * step, w.y0, w.x0 + (k + 1) * step, w.y1) for k, ch in enumerate(text))
            continue
        a = 0
        for m in _END_AT.finditer(text):
            e = m.end()
            out.append((text[a:e], page, w.x0 + a * step, w.y0, w.x0 + e * step, w.y1))
            a = e
        if a < n:
            out.append((text[a:], page, w.x0 + a * step, w.y0, w.x0 + n * step, w.y1))
    return out


def _is_heading_line(ln: Line, right: float, width: float, nxt: Line | None = None, left: float = 0.0) -> bool:
    """A heading stands on its own line: numbered (一、 （一） 1、 第一部分) and stopping short of
    the right margin, or centred and short. A numbered line that runs to the margin is the
    first line of a paragraph ("1、一般公共服务支出（类）…主要用于：局本部人")."""
    t = ln.text.replace(" ", "")
    if not t or len(t) > 60:
        return False
    if _PART.match(t):
        return True
    char = max(ln.y1 - ln.y0, 6.0)
    short = ln.x1 < right - 1.5 * char
    if not short:
        return False  # (every kind below stops short of the margin: most lines of a page end here)
    # the next line going back to the left margin means this one wrapped: a paragraph (a line
    # that wrapped reaches nearly to the margin: a word too long for the rest of the line)
    advance = (ln.x1 - ln.x0) / len(t)  # the line's own character width (its box is taller)
    continues = nxt is not None and nxt.x0 < ln.x0 - 2 and abs(nxt.x0 - left) < 3 and nxt.y0 - ln.y1 < (ln.y1 - ln.y0) \
        and right - ln.x1 < _WRAP_GAP * advance
    titled = t.endswith("。") and bool(_TITLE_END.search(t[:-1])) and not re.search(r"[，,；;。:：]", t[:-1])
    # a titled line ends its sentence where it ends: whatever follows is not its continuation
    if _HEADING.match(t) and short and (titled or not continues and not t.endswith(_CLAUSE_END)) \
            and not _numbered_paragraph(t):
        return True
    # centred, not a paragraph's first line that broke early (indented by two characters only)
    centred = abs((ln.x0 + ln.x1) / 2 - width / 2) < 0.08 * width and len(t) <= 30 and short \
        and ln.x0 - left > 2.5 * char
    if centred and not t.endswith(_SENTENCE_END) and not any(ch.isdigit() for ch in t[-6:]) \
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
    splitter = SentenceSplitter(widths)
    splitter.feed(pages)
    return splitter.result()


class SentenceSplitter:
    """`split_sentences` fed in parts: the pages of a first part while a copy of the process
    walks the rest of the file (`table_walk.walk(first_part=…)`), the rest after. Fed part by
    part or all at once, the sentences are the same."""

    def __init__(self, widths: dict[int, float] | None = None) -> None:
        self.widths = widths or {}
        self.sentences: list[Sentence] = []
        self.headings: list[Sentence] = []
        self.section = ""
        self.stack: list[tuple[int, str]] = []  # (level, heading) outermost first
        self.buf: list[CharBox] = []

    def result(self) -> tuple[list[Sentence], list[Sentence]]:
        """(sentences, headings) of every page fed (the last paragraph ends here)."""
        self._flush()
        return self.sentences, self.headings

    def _flush(self) -> None:
        buf = self.buf
        text = "".join(c[0] for c in buf).strip()
        if text and len(text) > 1:
            first_page = buf[0][1]
            boxes = [(c[2], c[3], c[4], c[5]) for c in buf if c[1] == first_page]
            self.sentences.append(Sentence(len(self.sentences), first_page, union_bbox(boxes), text, self.section,
                                           tuple(h for _l, h in self.stack)))
        self.buf = []

    def _open_heading(self, text: str, page: int, bbox) -> None:
        self._flush()
        self.section = text
        level = heading_level(text)
        stack = self.stack
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, text))
        self.headings.append(Sentence(len(self.headings), page, bbox, text, text, tuple(h for _l, h in stack[:-1])))

    def feed(self, pages: list[tuple[int, list[Line]]]) -> None:
        """The narrative lines of the next pages, in order."""
        for page, lines in pages:
            if not lines:
                continue
            right = sorted(ln.x1 for ln in lines)[int(0.9 * (len(lines) - 1))]
            width = self.widths.get(page)
            if width is None:  # (the page's own width when given; else twice the text's reach)
                width = 2 * max(ln.x1 for ln in lines) - min(ln.x0 for ln in lines)
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
                        self._open_heading(text + rest, page, union_bbox([ln.bbox, nxt.bbox]))
                        skip = True
                        continue
                    self._open_heading(text, page, ln.bbox)
                    continue
                wrapped = _wrapped_heading(ln, nxt, right)
                if wrapped is not None and nxt is not None:
                    self._open_heading(wrapped, page, union_bbox([ln.bbox, nxt.bbox]))
                    skip = True
                    continue
                buf = self.buf
                for c in _chars(ln, page):
                    buf.append(c)
                    if c[0][-1] in _END:
                        self._flush()
                        buf = self.buf
            # a paragraph never continues past a heading; across pages it may
