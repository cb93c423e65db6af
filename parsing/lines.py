"""Words → visual text lines (reading order), and the text clean-up shared by all readers."""
from __future__ import annotations

import re
from dataclasses import dataclass

from auditdesk.parsing.pdf_text import Word

_ASCII_ALNUM = re.compile(r"[A-Za-z]$")
_ASCII_ALNUM_START = re.compile(r"^[A-Za-z]")


def join_words(words: list[Word], raw: bool = False) -> str:
    """Join words of one cell/line. Spaces inside Chinese text and numbers are extraction
    artefacts ("收入支出决算总 表", "1, 112. 44"); only Latin words keep a space.
    `raw` keeps the printed characters (full-width brackets etc.) instead of NFKC text."""
    out = ""
    for w in words:
        t = w.raw if raw else w.text
        if out and _ASCII_ALNUM.search(out) and _ASCII_ALNUM_START.match(t):
            out += " "
        out += t.replace(" ", "")
    return out


@dataclass(slots=True)
class Line:
    words: list[Word]

    @property
    def text(self) -> str:
        return join_words(self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x1, self.y1)


def group_lines(words: list[Word], tol: float | None = None) -> list[Line]:
    """Cluster words whose vertical centres are close into lines, top to bottom."""
    if not words:
        return []
    ws = sorted(words, key=lambda w: (w.yc, w.x0))
    lines: list[list[Word]] = []
    centres: list[float] = []
    for w in ws:
        t = tol if tol is not None else max(2.0, w.h * 0.45)
        if lines and abs(w.yc - centres[-1]) <= t:
            lines[-1].append(w)
            n = len(lines[-1])
            centres[-1] += (w.yc - centres[-1]) / n
        else:
            lines.append([w])
            centres.append(w.yc)
    return [Line(sorted(ln, key=lambda w: w.x0)) for ln in lines]
