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
    t = text.replace(" ", "")
    return bool(_HEADING.match(t)) and len(t) <= 40 and not t.endswith(("。", "；")) and "，" not in t[:12] or (
        t.endswith(("情况说明", "名词解释", "概况")) and len(t) <= 40
    )


def split_sentences(pages: list[tuple[int, list[Line]]]) -> list[Sentence]:
    """Join lines into a character stream, cut at sentence ends and at headings."""
    sentences: list[Sentence] = []
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
        for ln in lines:
            text = ln.text
            if is_heading(text):
                flush()
                section = text.replace(" ", "")
                continue
            for c in _chars(ln, page):
                buf.append(c)
                if c[0] in _END:
                    flush()
        # a paragraph never continues past a heading; across pages it may
    flush()
    return sentences
