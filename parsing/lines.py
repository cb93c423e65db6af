"""Words → visual text lines (reading order), and the text clean-up shared by all readers."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditdesk.parsing.pdf_text import Word

_ASCII_ALNUM = re.compile(r"[A-Za-z]$")
_ASCII_ALNUM_START = re.compile(r"^[A-Za-z]")


_INNER_SPACE = re.compile(r"(?<=\S)[ \u3000]+")


def squash(text: str) -> str:
    """A cell's printed text without the spaces inside it: ASCII spaces (extraction artefacts) and
    the full-width spaces that letter-space a short label ("合　计", "项　目"). Full-width spaces
    before the text (a name's indentation) are kept."""
    if " " not in text and "\u3000" not in text:
        return text  # (most words: nothing to take out)
    return _INNER_SPACE.sub("", text).replace(" ", "")


def join_words(words: list[Word], raw: bool = False) -> str:
    """Join words of one cell/line. Spaces inside Chinese text and numbers are extraction
    artefacts ("收入支出决算总 表", "1, 112. 44"); only Latin words keep a space,
    where one was printed (a producer that places glyph by glyph leaves narrow gaps inside a
    word: "X" "X" is "XX").
    `raw` keeps the printed characters (full-width brackets etc.) instead of NFKC text."""
    out = ""
    prev = None
    for w in words:
        t = w.raw if raw else w.text
        if prev is not None and _ends_latin(out) and _ASCII_ALNUM_START.match(t) \
                and not touching(prev, w):
            out += " "
        piece = squash(t)
        out += piece.lstrip("\u3000") if out else piece
        prev = w
    return out


def _ends_latin(text: str) -> bool:
    """`_ASCII_ALNUM.search(text)`, without a regex search over the whole text (it is asked for
    every word joined)."""
    last = text[-1:]
    if last == "\n":
        return bool(_ASCII_ALNUM.search(text))
    return ("A" <= last <= "Z" or "a" <= last <= "z") and last != ""


_SPACE_SHARE = 0.15  # of the word box height (~1.2 em): a gap this wide is a printed space (≥ 0.25 em)


def touching(a: Word, b: Word) -> bool:
    """b follows a on the same line with less than a space between them."""
    return b.y0 < a.y1 and a.y0 < b.y1 and b.x0 - a.x1 < _SPACE_SHARE * min(a.y1 - a.y0, b.y1 - b.y0)


@dataclass(slots=True)
class Line:
    """Words of one visual line, left to right. Its text and box are worked out once, when
    first asked (every reader asks many times); the word list is never changed afterwards."""

    words: list[Word]
    _text: str | None = field(default=None, init=False, repr=False, compare=False)
    _box: tuple[float, float, float, float] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = join_words(self.words)
        return self._text

    # (the readers ask for these tens of thousands of times: the kept box is read directly)
    @property
    def x0(self) -> float:
        return (self._box or self.bbox)[0]

    @property
    def x1(self) -> float:
        return (self._box or self.bbox)[2]

    @property
    def y0(self) -> float:
        return (self._box or self.bbox)[1]

    @property
    def y1(self) -> float:
        return (self._box or self.bbox)[3]

    @property
    def yc(self) -> float:
        b = self._box or self.bbox
        return (b[1] + b[3]) / 2

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        if self._box is None:
            ws = self.words
            self._box = (min(w.x0 for w in ws), min(w.y0 for w in ws), max(w.x1 for w in ws), max(w.y1 for w in ws))
        return self._box


def group_lines(words: list[Word], tol: float | None = None) -> list[Line]:
    """Cluster words whose vertical centres are close into lines, top to bottom."""
    if not words:
        return []
    # each word's centre worked out once (k keeps the sort stable: equal keys in given order)
    keyed = sorted([(w.yc, w.x0, k, w) for k, w in enumerate(words)])
    lines: list[list[Word]] = []
    centres: list[float] = []
    heights: list[float] = []  # the line's lowest word box: a font with tall boxes (digits
    # 22 pt high beside 12 pt text) must not reach into the line above
    for yc, _x, _k, w in keyed:
        h = w.y1 - w.y0
        t = tol if tol is not None else max(2.0, 0.45 * (min(h, heights[-1]) if heights else h))
        if lines and abs(yc - centres[-1]) <= t:
            lines[-1].append(w)
            n = len(lines[-1])
            centres[-1] += (yc - centres[-1]) / n
            if h < heights[-1]:
                heights[-1] = h
        else:
            lines.append([w])
            centres.append(yc)
            heights.append(h)
    return [Line(sorted(ln, key=_x0)) for ln in lines]


def _x0(w: Word) -> float:
    return w.x0


def page_lines(page) -> list[Line]:
    """`group_lines(page.words)` of a `PageText`, grouped once and kept on the page (the table,
    narrative, page-facts and cover readers all start from them). The list is shared: do not
    change it."""
    cached = getattr(page, "lines_cache", None)
    if cached is None:
        cached = group_lines(page.words)
        try:
            page.lines_cache = cached
        except AttributeError:  # a page-like object without the slot (tests): grouped each time
            pass
    return cached


def joined_page_lines(page) -> list[Line]:
    """`page_lines(page)` with each line's text and box worked out now: where the pages are
    read on two cores (`extract`), so that the copy's half is not joined again here."""
    lines = page_lines(page)
    for ln in lines:
        _ = ln.text, ln.bbox  # (each worked out once and kept on the line)
    return lines
