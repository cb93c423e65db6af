"""Narrative text (情况说明, 编制说明 …) → sentences with page and bbox."""
from __future__ import annotations

import re

from auditdesk.parsing.lines import Line
from auditdesk.parsing.model import Sentence, union_bbox

_HEADING = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d{1,2}[、.．](?!\d))"
)
_END = "。；;！？!?"

CharBox = tuple[str, int, float, float, float, float]


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
    if _HEADING.match(t) and short and not continues and not t.endswith(("。", "；", "，", ",")):
        return True
    centred = abs((ln.x0 + ln.x1) / 2 - width / 2) < 0.08 * width and len(t) <= 30 and short
    if centred and not t.endswith(("。", "；")) and not any(ch.isdigit() for ch in t[-6:]):
        return True
    return t.endswith(("情况说明", "名词解释", "概况")) and short


_PART = re.compile(r"^第[一二三四五六七八九十]+部分")


def split_sentences(pages: list[tuple[int, list[Line]]], widths: dict[int, float] | None = None) -> tuple[list[Sentence], list[Sentence]]:
    """Join lines into a character stream, cut at sentence ends and at headings.
    Returns (sentences, headings); headings carry the section they open."""
    sentences: list[Sentence] = []
    headings: list[Sentence] = []
    section = ""
    buf: list[CharBox] = []

    def flush() -> None:
        nonlocal buf
        text = "".join(c[0] for c in buf).strip()
        if text and len(text) > 1:
            first_page = buf[0][1]
            boxes = [(c[2], c[3], c[4], c[5]) for c in buf if c[1] == first_page]
            sentences.append(Sentence(len(sentences), first_page, union_bbox(boxes), text, section))
        buf = []

    for page, lines in pages:
        if not lines:
            continue
        right = sorted(ln.x1 for ln in lines)[int(0.9 * (len(lines) - 1))]
        width = (widths or {}).get(page, 2 * max(ln.x1 for ln in lines) - min(ln.x0 for ln in lines))
        left = min(ln.x0 for ln in lines)
        for k, ln in enumerate(lines):
            nxt = lines[k + 1] if k + 1 < len(lines) else None
            if _is_heading_line(ln, right, width, nxt, left):
                flush()
                section = "".join(w.raw for w in ln.words).replace(" ", "")
                headings.append(Sentence(len(headings), page, ln.bbox, section, section))
                continue
            for c in _chars(ln, page):
                buf.append(c)
                if c[0] in _END:
                    flush()
        # a paragraph never continues past a heading; across pages it may
    flush()
    return sentences, headings
