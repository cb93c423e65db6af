"""The one place that talks to PyMuPDF: words and ruling lines per page, as plain tuples.

Everything downstream (tables, narrative, cover facts) works on `PageText`, so it can be
tested on synthetic words and runs the same for text-layer and OCR pages.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import pymupdf

from auditdesk.parsing.numbers import strip_format_chars

# A ruling segment: horizontal (y, x0, x1) or vertical (x, y0, y1)
Segment = tuple[float, float, float]


@dataclass(slots=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str  # NFKC-normalised (full-width digits/punctuation → ASCII): for decisions
    raw: str = ""  # as printed (only invisible format characters removed): for cell text

    def __post_init__(self) -> None:
        if not self.raw:
            self.raw = self.text

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def h(self) -> float:
        return self.y1 - self.y0


@dataclass(slots=True)
class PageText:
    number: int  # 1-based
    width: float
    height: float
    words: list[Word]
    hrules: list[Segment] = field(default_factory=list)
    vrules: list[Segment] = field(default_factory=list)
    ocr: bool = False
    # (code, Chinese sentence) about what was left out of this page's text, for Document.issues
    issues: list[tuple[str, str]] = field(default_factory=list)
    turned: int = 0  # degrees the content was turned (beyond /Rotate) so that its text reads across
    # the words grouped into lines, once (`lines.page_lines`: every reader of the page needs them)
    lines_cache: list | None = field(default=None, init=False, repr=False, compare=False)
    scan_layer: bool = False  # a scanned picture; the words are its invisible OCR layer (not ours)
    marks: list[tuple] = field(default_factory=list)  # watermark words left out: (x0, y0, x1, y1, text), unrotated

    def __reduce__(self):
        # A page read by the forked copy comes back through a pipe (two_readers): its words go
        # as plain tuples and its lines as word numbers: half the time to pickle, ~80 % to unpickle
        # (150 pages: 18 → 9 ms, 14 → 11 ms). (OCR words, which carry more, go as they are.)
        words = self.words
        if type(self) is not PageText or any(type(w) is not Word for w in words):
            return _page_as_is, (type(self), {name: getattr(self, name) for name in _slots(type(self))})
        lines = None
        if self.lines_cache is not None:
            number = {id(w): k for k, w in enumerate(words)}
            try:
                lines = [([number[id(w)] for w in ln.words], ln._text, ln._box) for ln in self.lines_cache]
            except KeyError:  # a line of words not on the page: grouped again when asked
                lines = None
        return _page_from, (self.number, self.width, self.height,
                            [(w.x0, w.y0, w.x1, w.y1, w.text, w.raw) for w in words], self.hrules, self.vrules,
                            self.ocr, self.issues, self.turned, lines, self.scan_layer, self.marks)


def _slots(cls: type) -> list[str]:
    return [name for c in reversed(cls.__mro__) for name in getattr(c, "__slots__", ()) if name != "__weakref__"]


def _page_as_is(cls: type, values: dict) -> "PageText":
    page = cls.__new__(cls)
    for name, value in values.items():
        setattr(page, name, value)
    return page


def _page_from(number, width, height, words, hrules, vrules, ocr, issues, turned, lines, scan_layer, marks
               ) -> "PageText":
    new = Word.__new__
    built = []
    for x0, y0, x1, y1, text, raw in words:
        w = new(Word)
        w.x0, w.y0, w.x1, w.y1, w.text, w.raw = x0, y0, x1, y1, text, raw
        built.append(w)
    page = PageText(number, width, height, built, hrules, vrules, ocr, issues, turned, scan_layer=scan_layer,
                    marks=marks)
    if lines is not None:
        from auditdesk.parsing.lines import Line

        cache = []
        for numbers, text, box in lines:
            ln = Line([built[k] for k in numbers])
            ln._text, ln._box = text, box
            cache.append(ln)
        page.lines_cache = cache
    return page


_THIN = 2.5  # a filled rectangle thinner than this is a drawn rule
# the vector paths are collected in the same pass as the text (one content-stream run per page
# instead of two: the ruling lines cost as much again as the words when read separately)
_WORD_FLAGS = pymupdf.TEXTFLAGS_WORDS | pymupdf.TEXT_COLLECT_VECTORS
_PAINTED = pymupdf.mupdf.FZ_STEXT_FILLED | pymupdf.mupdf.FZ_STEXT_STROKED
_WHITE = (1.0, 1.0, 1.0)
_SAME_COLOUR = 0.08  # per channel: text this close to what is beneath it cannot be seen
_NEAR_WHITE = round(255 * (1 - _SAME_COLOUR))  # … on a white page: every channel at least this


def open_pdf(path: str, *, fix_fonts: bool = True, in_memory: bool = False) -> "pymupdf.Document":
    """Open a PDF by path. MuPDF takes file names as UTF-8, so a name that is not
    (a GBK-encoded name on a Linux disk, kept by Python as surrogate escapes) is read
    through Python instead of being called "not a PDF"; so is every file with `in_memory`
    (a document shared with a forked process: see two_readers). A page tree whose /Count lies is
    recounted; fonts whose ToUnicode map contradicts their glyphs are corrected (unless
    `fix_fonts` is False: the viewer only draws glyphs and corrects them before a search)."""
    if in_memory or not _utf8(path):
        with open(path, "rb") as f:
            doc = pymupdf.open(stream=f.read(), filetype="pdf")
    else:
        doc = pymupdf.open(path, filetype="pdf")
    try:
        doc.page_count
    except RuntimeError:  # "Invalid number of pages": a /Count that lies
        if not _recount_pages(doc):
            doc.close()
            raise pymupdf.FileDataError("the page tree cannot be repaired") from None
    # (fonts are looked at page by page, as `read_page` reads the pages: on two cores when
    # two readers read them, and only those of the pages read)
    doc.__dict__[_FIX_AS_READ] = fix_fonts and not doc.needs_pass
    return doc


def _utf8(path: str) -> bool:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _recount_pages(doc: "pymupdf.Document") -> bool:
    """Rewrite every /Count of the page tree from its real /Kids. True when that worked."""
    if doc.is_encrypted or not doc.is_pdf:
        return False
    try:
        kind, root = doc.xref_get_key(doc.pdf_catalog(), "Pages")
        if kind != "xref":
            return False
        seen: set[int] = set()

        def count(xref: int, depth: int) -> int:
            if xref in seen or depth > 64:  # a loop or an absurd depth: no page tree
                raise ValueError("page tree loop")
            seen.add(xref)
            kind, kids = doc.xref_get_key(xref, "Kids")
            if kind != "array":
                return 1  # a leaf page
            n = sum(count(int(k), depth + 1) for k in re.findall(r"(\d+) 0 R", kids))
            doc.xref_set_key(xref, "Count", str(n))
            return n

        count(int(root.split()[0]), 0)
        return doc.page_count > 0
    except Exception:
        return False


def read_page(page: "pymupdf.Page") -> PageText:
    """The page's words as printed — only text that is drawn visibly, each piece once —
    and its ruling lines, in the space where the text reads left to right.

    Left out (and named in `PageText.issues`): text in an invisible render mode (3/7) or
    fully transparent, text in the colour of what lies beneath it (white on white), text
    covered by an opaque fill drawn after it; text drawn twice at the same place (an
    overlay, fake bold) is kept once. A page whose content is drawn sideways or upside
    down (with or without /Rotate) is turned by the direction of its text.
    """
    doc = page.parent
    if doc.__dict__.get(_FIX_AS_READ):
        check_page_fonts(doc, page.number)
    tp = page.get_textpage(flags=_WORD_FLAGS)
    raw = tp.extractWORDS()
    blocks, vectors = [], []
    for b in tp.extractDICT()["blocks"]:
        (vectors if b["type"] == 3 else blocks).append(b)
    # the collected vectors are boxes; a path that is not a set of rectangles (a polyline, a
    # curve, a turned box) is read from the drawings themselves, as before
    drawings = None if all(v["isrect"] for v in vectors) else page.get_cdrawings()
    issues: list[tuple[str, str]] = []
    mark_boxes: list[tuple] = []
    fills = _opaque_fills(drawings) if drawings is not None else _vector_fills(vectors)
    hidden = _hidden_spans(page, blocks, fills, None if drawings is not None else vectors)
    marks = _watermark_spans(blocks)
    scan_layer = bool(hidden) and _scan_text_layer(page, blocks, hidden, marks)
    if scan_layer:
        # a scanned page made searchable: its only text is the OCR layer drawn invisibly over
        # the picture, which stands for what the picture prints (it is not text hidden from
        # the reader); the document says once which pages were read this way
        hidden = {}
    if marks:
        hidden = {**hidden, **marks}
    if hidden:
        raw, dropped = _drop_hidden(raw, blocks, hidden)
        issues.extend(_hidden_issues(dropped))
        mark_boxes = [(*box, t) for t, why, box in dropped if why == "watermark"]
    raw, doubled = _merge_overlaid(raw)
    if doubled:
        issues.append(("overlaid_text", f"本页有 {doubled} 处文字重复叠印（同一内容在同一位置绘制两次），已按一处读取。"))
    m, w, h, turned = _reading_space(page, blocks)
    if turned:
        issues.append(("turned", f"本页内容{_TURN_ZH[turned]}排版，已按文字方向转正后读取。"))
    words = []
    for x0, y0, x1, y1, text, *_ in raw:
        text = strip_format_chars(text)
        if text.strip():
            if m is not None:
                r = pymupdf.Rect(x0, y0, x1, y1) * m
                x0, y0, x1, y1 = r.x0, r.y0, r.x1, r.y1
            words.append(Word(x0, y0, x1, y1, unicodedata.normalize("NFKC", text), text))
    for code, message in _font_issues(page):
        issues.append((code, message))
    hr, vr = _rules(drawings, m, w, h) if drawings is not None else _vector_rules(vectors, m, w, h)
    return PageText(page.number + 1, w, h, words, hr, vr, issues=issues, turned=turned, scan_layer=scan_layer,
                    marks=mark_boxes)


# --------------------------------------------------------------------------- visible text

_TURN_ZH = {90: "逆时针旋转 90°", 180: "上下颠倒", 270: "顺时针旋转 90°"}


def _rgb(c: Any) -> tuple[float, float, float] | None:
    if c is None:
        return None
    if isinstance(c, int):
        return ((c >> 16) & 255) / 255, ((c >> 8) & 255) / 255, (c & 255) / 255
    c = tuple(c)
    if len(c) == 1:
        return (c[0], c[0], c[0])
    if len(c) == 3:
        return c  # type: ignore[return-value]
    if len(c) == 4:  # CMYK
        k = c[3]
        return tuple((1 - min(1.0, v + k)) for v in c[:3])  # type: ignore[return-value]
    return None


def _close(a: tuple[float, float, float], b: tuple[float, float, float]) -> bool:
    return all(abs(x - y) <= _SAME_COLOUR for x, y in zip(a, b))


# an opaque fill: (seqno, x0, y0, x1, y1, rgb)
Fill = tuple[int, float, float, float, float, tuple[float, float, float]]


def _opaque_fills(drawings: list[dict]) -> list[Fill]:
    out: list[Fill] = []
    for d in drawings:
        if "f" not in d.get("type", "") or d.get("fill") is None:
            continue
        if (d.get("fill_opacity") if d.get("fill_opacity") is not None else 1.0) < 0.99:
            continue
        rgb = _rgb(d["fill"])
        x0, y0, x1, y1 = d["rect"]
        if rgb is None or x1 - x0 <= _THIN or y1 - y0 <= _THIN:
            continue
        out.append((d.get("seqno", 0), min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1), rgb))
    return out


_BAND = 16.0  # pt: fills are indexed by horizontal bands of the page


def _band_index(fills: list[Fill]) -> dict[int, list[Fill]]:
    idx: dict[int, list[Fill]] = {}
    for f in fills:
        for band in range(int(f[2] // _BAND), int(f[4] // _BAND) + 1):
            idx.setdefault(band, []).append(f)
    return idx


def _hidden_spans(page: "pymupdf.Page", blocks: list[dict], fills: list[Fill], vectors: list[dict] | None = None
                  ) -> dict[int, str]:
    """id(span) → why it cannot be seen ("invisible", "same_colour", "covered").
    `vectors`: the text page's collected paths when `fills` came from them (not the drawings)."""
    hidden: dict[int, str] = {}
    ordered: list[dict] = []  # spans on a fill of another colour: drawn before or after it?
    later_fill = False  # some fill overlapping an ordered span may have been drawn after it
    idx = _band_index(fills) if fills else {}
    for b in blocks:
        nb = b.get("number", 0)
        for ln in b.get("lines", ()):
            for s in ln["spans"]:
                if s.get("alpha", 255) == 0 or not s.get("char_flags", _PAINTED) & _PAINTED:
                    if s["text"].strip():
                        hidden[id(s)] = "invisible"
                    continue
                c = s.get("color", 0)
                if not idx:  # the page is white everywhere: only near-white text is unseen
                    if (c >> 16) & 255 >= _NEAR_WHITE and (c >> 8) & 255 >= _NEAR_WHITE and c & 255 >= _NEAR_WHITE \
                            and s["text"].strip():
                        hidden[id(s)] = "same_colour"
                    continue
                x0, y0, x1, y1 = s["bbox"]
                cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
                top = None
                for f in idx.get(int(cy // _BAND), ()):
                    if f[1] <= cx <= f[3] and f[2] <= cy <= f[4] and (top is None or f[0] > top[0]):
                        top = f
                rgb = ((c >> 16) & 255) / 255, ((c >> 8) & 255) / 255, (c & 255) / 255
                if _close(rgb, top[5] if top is not None else _WHITE):
                    if s["text"].strip():
                        hidden[id(s)] = "same_colour"  # beneath or on top of it, it cannot be seen
                elif top is not None and s["text"].strip():
                    ordered.append(s)
                    if vectors is not None and not later_fill:
                        later_fill = _fill_after(nb, s["bbox"], idx)
    if ordered:
        if vectors is not None:
            if not later_fill:
                return hidden  # every fill lies under the text drawn on it: nothing is covered
            # the trace's order is compared with the drawings' own sequence numbers
            fills = _opaque_fills(page.get_cdrawings())
            idx = _band_index(fills) if fills else {}
        _covered(page, ordered, idx, hidden)
    return hidden


def _fill_after(number: int, box: tuple, idx: dict[int, list[Fill]]) -> bool:
    """An opaque fill overlapping `box` (a span of text block `number`) may have been drawn
    after it. The text page keeps the drawing order in its block numbers: a block is numbered
    when its first character is drawn, so a fill numbered before the span's block lies under
    the span for certain; a later one needs the trace (the span may have been added later)."""
    x0, y0, x1, y1 = box
    for band in range(int(y0 // _BAND), int(y1 // _BAND) + 1):
        for f in idx.get(band, ()):
            if f[0] > number and f[1] < x1 and x0 < f[3] and f[2] < y1 and y0 < f[4]:
                return True
    return False


def _vector_fills(vectors: list[dict]) -> list[Fill]:
    """`_opaque_fills` from the text page's collected paths (their block number is their order)."""
    out: list[Fill] = []
    for v in vectors:
        if v["stroked"] or v["alpha"] < 252:  # 252/255: the drawings' opacity ≥ 0.99
            continue
        x0, y0, x1, y1 = v["bbox"]
        if x1 - x0 <= _THIN or y1 - y0 <= _THIN:
            continue
        c = v["color"]
        out.append((v["number"], x0, y0, x1, y1, (((c >> 16) & 255) / 255, ((c >> 8) & 255) / 255, (c & 255) / 255)))
    return out


def _covered(page: "pymupdf.Page", spans: list[dict], idx: dict[int, list[Fill]], hidden: dict[int, str]) -> None:
    """Spans under an opaque fill drawn after them (the drawing order is in the trace)."""
    boxes = []  # runs of characters the trace shows covered by a later fill: (bbox, text)
    shown = []  # … and the runs it shows drawn over every fill (a figure typed on a white-out)
    last_fill = max((f[0] for fs in idx.values() for f in fs), default=-1)
    for t in page.get_texttrace():
        seq = t["seqno"]
        run: list = []
        for ch in (*t["chars"], None):
            hit = False
            if ch is not None:
                x0, y0, x1, y1 = ch[3]
                area = (x1 - x0) * (y1 - y0)
                if area > 0:
                    for f in idx.get(int(((y0 + y1) / 2) // _BAND), ()):
                        if f[0] > seq:
                            ix = min(x1, f[3]) - max(x0, f[1])
                            iy = min(y1, f[4]) - max(y0, f[2])
                            if ix > 0 and iy > 0 and ix * iy >= 0.8 * area:
                                hit = True
                                break
            if hit:
                run.append(ch)
            elif run:
                boxes.append(_run_box(run))
                run = []
        if seq > last_fill and t["chars"]:
            shown.append(_run_box(list(t["chars"])))
    if not boxes:
        return
    for s in spans:
        text = s["text"].strip()
        if any(_overlap(s["bbox"], box) > 0.5 and text and text in tt for box, tt in shown):
            continue  # drawn after every fill: this span is what the page shows (a piece of the
            # covered one's text may be inside it, "0.16" of a covered "10.16" under a typed "30.16")
        if any(_overlap(s["bbox"], box) > 0.5 and (text in tt or tt.strip() in text) for box, tt in boxes):
            hidden[id(s)] = "covered"


def _run_box(run: list) -> tuple[tuple[float, float, float, float], str]:
    return ((min(c[3][0] for c in run), min(c[3][1] for c in run), max(c[3][2] for c in run), max(c[3][3] for c in run)),
            "".join(chr(c[0]) for c in run))


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """Intersection over the smaller box."""
    ix = min(a[2], b[2]) - max(a[0], b[0])
    iy = min(a[3], b[3]) - max(a[1], b[1])
    if ix <= 0 or iy <= 0:
        return 0.0
    small = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return ix * iy / small if small > 0 else 0.0


def _drop_hidden(raw: list[tuple], blocks: list[dict], hidden: dict[int, str]) -> tuple[list[tuple], list[tuple[str, str]]]:
    """Words made only of hidden spans are left out → (kept words, [(word, why)])."""
    spans_of_line: dict[tuple[int, int], list[dict]] = {}
    for bi, b in enumerate(blocks):
        for li, ln in enumerate(b.get("lines", ())):
            spans_of_line[(bi, li)] = ln["spans"]
    every = [s for spans in spans_of_line.values() for s in spans]
    kept, dropped = [], []
    for w in raw:
        box = w[:4]
        text = w[4]
        near = [s for s in spans_of_line.get((w[5], w[6]), ()) if _overlap(box, s["bbox"]) > 0.3]
        own = [s for s in near if text in s["text"]]
        if not own:  # the line numbering did not match: look over the whole page
            own = [s for s in every if _overlap(box, s["bbox"]) > 0.3 and text in s["text"]] or near
        whys = [hidden.get(id(s)) for s in own]
        if own and all(whys):
            dropped.append((text, whys[0] or "", tuple(box)))
        else:
            kept.append(w)
    return kept, dropped


_SCAN_COVER = 0.8  # share of the page a picture must cover to be a scanned page


def _scan_text_layer(page: "pymupdf.Page", blocks: list[dict], hidden: dict[int, str], marks: dict[int, str]) -> bool:
    """The page is a picture under an invisible OCR layer: nearly all its text is drawn
    invisibly (a page number stamped on afterwards may be visible) and one image covers it."""
    n_hidden = n_shown = 0
    for b in blocks:
        for ln in b.get("lines", ()):
            for s in ln["spans"]:
                k = len(s["text"].strip())
                if id(s) in marks:
                    continue
                why = hidden.get(id(s))
                if why == "invisible":
                    n_hidden += k
                elif why is None:
                    n_shown += k
                else:
                    return False  # white-on-white or covered text: not an OCR layer
    if n_hidden < 20 or n_shown > max(10, 0.05 * n_hidden):  # (a page number is ≤ 10 characters)
        return False
    area = abs(page.rect.width * page.rect.height) or 1.0
    try:
        boxes = [info.get("bbox", (0, 0, 0, 0)) for info in page.get_image_info()]
    except Exception:
        return False
    return any(abs((b[2] - b[0]) * (b[3] - b[1])) >= _SCAN_COVER * area for b in boxes)


_MARK_SIZE = 2.2  # × the page's usual text size: a light line this large is a watermark
_MARK_LIGHT = 160  # every colour channel at least this (of 255): light grey or pale colour
_MARK_POINTS = 20.0  # … or this large, whatever else the page prints


def _watermark_spans(blocks: list[dict]) -> dict[int, str]:
    """id(span) → "watermark": text set diagonally across the page (a download or "仅供…"
    stamp), or text far larger than the page's own and light or translucent. It is printed
    over the tables and prose, and read as words it joins their rows and sentences."""
    marks: dict[int, str] = {}
    sizes: dict[float, int] = {}
    big: list[dict] = []
    for b in blocks:
        for ln in b.get("lines", ()):
            dx, dy = ln["dir"]
            diagonal = min(abs(dx), abs(dy)) > 0.1  # turned by more than ~6° off the page's axes
            for s in ln["spans"]:
                if not s["text"].strip() or s.get("alpha", 255) == 0 or not s.get("char_flags", _PAINTED) & _PAINTED:
                    continue  # text not drawn at all is hidden text (or a scan's OCR layer), not a mark
                if diagonal:
                    marks[id(s)] = "watermark"
                    continue
                size = round(s["size"], 1)
                sizes[size] = sizes.get(size, 0) + len(s["text"])
                big.append(s)
    if not sizes:
        return marks
    usual = max(sizes, key=sizes.get)  # type: ignore[arg-type]
    for s in big:
        if s["size"] < _MARK_SIZE * usual and s["size"] < _MARK_POINTS:  # (a page of nothing but the mark)
            continue
        c = s.get("color", 0)
        light = min((c >> 16) & 255, (c >> 8) & 255, c & 255) >= _MARK_LIGHT
        if light or s.get("alpha", 255) <= 180:
            marks[id(s)] = "watermark"
    return marks


_WHY_ZH = {"invisible": "隐藏文字（不可见的绘制方式或全透明）", "same_colour": "与底色相同的文字（如白底白字）",
           "covered": "被后绘制的不透明色块遮盖的文字"}


def _hidden_issues(dropped: list[tuple[str, str, tuple]]) -> list[tuple[str, str]]:
    out = []
    marks = sorted({t for t, w, _b in dropped if w == "watermark"})
    if marks:  # the texts only: the document says once which pages carry them (see extract)
        out.append(("watermark", "、".join(marks)))
    for why in ("invisible", "same_colour", "covered"):
        texts = [t for t, w, _b in dropped if w == why]
        if texts:
            shown = "、".join(texts[:5]) + ("等" if len(texts) > 5 else "")
            out.append(("hidden_text", f"本页有 {len(texts)} 处{_WHY_ZH[why]}，打印时看不到，已不作为数据读取：{shown}。"))
    return out


def _merge_overlaid(raw: list[tuple]) -> tuple[list[tuple], int]:
    """The same word drawn twice at (nearly) the same place is one word."""
    if len(raw) < 2:
        return raw, 0
    order = sorted(range(len(raw)), key=lambda i: (raw[i][4], raw[i][1], raw[i][0]))
    drop: set[int] = set()
    for k, i in enumerate(order):
        if i in drop:
            continue
        a = raw[i]
        tol = max(1.0, 0.25 * (a[3] - a[1]))
        for j in order[k + 1:k + 6]:
            b = raw[j]
            if b[4] != a[4] or b[1] - a[1] > tol:
                break
            if abs(b[0] - a[0]) <= tol and abs(b[2] - a[2]) <= tol and abs(b[3] - a[3]) <= tol:
                drop.add(j)
    if not drop:
        return raw, 0
    return [w for i, w in enumerate(raw) if i not in drop], len(drop)


# --------------------------------------------------------------------------- fonts that lie
# A font's ToUnicode map says which character each glyph is; a forged one makes the page
# print 264.87 while the text layer says 764.82. The glyphs themselves are named by the
# font's encoding (simple fonts: code → glyph name) or found through the embedded font's
# own cmap (CID fonts): where the map gives a digit other than the glyph's, the map lies.
# It is corrected in memory before the first page using it is read (by whichever reader reads
# that page: a forked copy corrects its own memory), and every page using the font says so.

_DIGIT_NAMES = {n: str(i) for i, n in enumerate(
    ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"))}
_FIXES_ATTR = "_auditdesk_font_fixes"
# the fonts, /Font dictionaries and forms looked at (each once), and the document's PDF side
# (asked for once: ~30 µs a call)
_SEEN_ATTR = "_auditdesk_fonts_seen"
_FIX_AS_READ = "_auditdesk_fix_fonts"  # open_pdf(fix_fonts=True): read_page corrects its page's fonts first


def _glyph_digit(name: str) -> str | None:
    base = name.split(".", 1)[0].split("_", 1)[0]
    if base in _DIGIT_NAMES:
        return _DIGIT_NAMES[base]
    m = re.fullmatch(r"(?:uni|u)(003[0-9])", base, re.I)
    return chr(int(m.group(1), 16)) if m else None


def check_fonts(doc: "pymupdf.Document") -> dict[int, str]:
    """Find and correct fonts whose ToUnicode map swaps digits → {font xref: what was wrong}."""
    for pno in range(doc.page_count if doc.is_pdf else 0):
        check_page_fonts(doc, pno)
    return getattr(doc, _FIXES_ATTR, {})


def check_page_fonts(doc: "pymupdf.Document", pno: int) -> None:
    """`check_fonts` for the fonts page `pno` uses that no page before looked at."""
    fixes: dict[int, str] = doc.__dict__.setdefault(_FIXES_ATTR, {})
    try:
        for xref, subtype, encoding in _fonts_once(doc, pno):
            try:
                what = _fix_font(doc, xref, subtype, encoding)
            except Exception:  # an odd font is read as it is
                what = None
            if what:
                fixes[xref] = what
    except Exception:
        pass


def _fonts_once(doc: "pymupdf.Document", pno: int):
    """(xref, subtype, encoding) of each font page `pno` uses (its resources and the form
    XObjects' within) and no page looked at before — as `get_page_fonts` lists them, but a
    font, a shared /Font dictionary or a form is looked at only the first time (listing every
    font of every page cost as much as reading a tenth of the pages)."""
    if not doc.is_pdf:
        return
    m = pymupdf.mupdf
    fonts, walked, pdf = doc.__dict__.get(_SEEN_ATTR) or doc.__dict__.setdefault(
        _SEEN_ATTR, (set(), set(), m.pdf_document_from_fz_document(doc.this)))  # (walked: /Font dicts, forms)

    def walk(rsrc, depth: int):
        font = m.pdf_dict_get(rsrc, m.PDF_ENUM_NAME_Font)
        num = m.pdf_to_num(font)
        if not num or num not in walked:
            walked.add(num)
            for i in range(m.pdf_dict_len(font)):
                fd = m.pdf_dict_get_val(font, i)
                xref = m.pdf_to_num(fd)
                if xref <= 0 or xref in fonts or not m.pdf_is_dict(fd):
                    continue
                fonts.add(xref)
                enc = m.pdf_dict_get(fd, m.PDF_ENUM_NAME_Encoding)
                if m.pdf_is_dict(enc):
                    enc = m.pdf_dict_get(enc, m.PDF_ENUM_NAME_BaseEncoding)
                yield xref, m.pdf_to_name(m.pdf_dict_get(fd, m.PDF_ENUM_NAME_Subtype)), m.pdf_to_name(enc)
        if depth >= 16:  # forms nested deeper (or a loop of inline ones) hold no more fonts to us
            return
        xobj = m.pdf_dict_get(rsrc, m.PDF_ENUM_NAME_XObject)
        for i in range(m.pdf_dict_len(xobj)):
            obj = m.pdf_dict_get_val(xobj, i)
            sub = m.pdf_dict_get(obj, m.PDF_ENUM_NAME_Resources)
            sx = m.pdf_to_num(obj) if m.pdf_is_stream(obj) else 0
            if sub.m_internal and not (sx and sx in walked):
                walked.add(sx)
                yield from walk(sub, depth + 1)

    rsrc = m.pdf_dict_get_inheritable(m.pdf_lookup_page_obj(pdf, pno), m.PDF_ENUM_NAME_Resources)
    if rsrc.m_internal:
        yield from walk(rsrc, 0)


def _fix_font(doc: "pymupdf.Document", xref: int, subtype: str, encoding: str) -> str | None:
    kind, tu = doc.xref_get_key(xref, "ToUnicode")
    if kind != "xref":
        return None
    tu_xref = int(tu.split()[0])
    data = doc.xref_stream(tu_xref) or b""
    claimed = {c: u for c, u in _cmap_digits(data).items()}
    if not claimed:
        return None
    if subtype == "Type0":
        truth = _cid_truth(doc, xref, encoding, claimed)
    else:
        truth = _simple_truth(doc, xref, claimed)
    lies = {c: t for c, t in truth.items() if t != claimed[c]}
    if not lies:
        return None
    doc.update_stream(tu_xref, _patched_cmap(data, lies))
    pairs = sorted({(t, claimed[c]) for c, t in lies.items()})
    return "、".join(f"字形 {t} 被标成 {u}" for t, u in pairs)


def _simple_truth(doc: "pymupdf.Document", xref: int, claimed: dict[int, str]) -> dict[int, str]:
    """code → the digit its glyph is, from the font's encoding (base encoding + Differences)."""
    kind, enc = doc.xref_get_key(xref, "Encoding")
    names: dict[int, str] = {}
    base_known = kind == "name" and enc in ("/WinAnsiEncoding", "/MacRomanEncoding", "/StandardEncoding")
    if kind in ("xref", "dict"):
        enc_obj = doc.xref_object(int(enc.split()[0])) if kind == "xref" else enc
        base_known = True  # its /BaseEncoding or the font's standard one: digits at 0x30…0x39 in each
        m = re.search(r"/Differences\s*\[(.*?)\]", enc_obj, re.S)
        if m:
            code = 0
            for tok in re.findall(r"\d+|/[^\s/\[\]]+", m.group(1)):
                if tok[0] == "/":
                    names[code] = tok[1:]
                    code += 1
                else:
                    code = int(tok)
    if not base_known and not names:
        return {}
    out = {}
    for code in claimed:
        name = names.get(code)
        digit = _glyph_digit(name) if name else (chr(code) if base_known and 0x30 <= code <= 0x39 else None)
        if digit is not None:
            out[code] = digit
    return out


def _cid_truth(doc: "pymupdf.Document", xref: int, encoding: str, claimed: dict[int, str]) -> dict[int, str]:
    """code → the digit its glyph is, through CIDToGIDMap and the embedded font's cmap."""
    if encoding not in ("Identity-H", "Identity-V"):
        return {}
    kind, desc = doc.xref_get_key(xref, "DescendantFonts")
    m = re.search(r"(\d+) 0 R", desc)
    if not m:
        return {}
    dxref = int(m.group(1))
    kind, c2g = doc.xref_get_key(dxref, "CIDToGIDMap")
    gid_map: bytes | None = None
    if kind == "xref":
        gid_map = doc.xref_stream(int(c2g.split()[0]))
    buf = doc.extract_font(xref)[3]
    if not buf:
        return {}
    font = pymupdf.Font(fontbuffer=buf)
    glyph_digit = {}
    for d in "0123456789":
        gid = font.has_glyph(ord(d))
        if gid:
            glyph_digit[gid] = d
    if len(glyph_digit) < 2:  # a subset without a usable cmap: nothing to compare with
        return {}
    out = {}
    for code in claimed:
        gid = code
        if gid_map is not None:
            gid = int.from_bytes(gid_map[2 * code:2 * code + 2], "big") if 2 * code + 2 <= len(gid_map) else -1
        if gid in glyph_digit:
            out[code] = glyph_digit[gid]
    return out


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])")


def _utf16(hexdigits: bytes) -> str:
    try:
        return bytes.fromhex(hexdigits.decode("ascii")).decode("utf-16-be")
    except (ValueError, UnicodeDecodeError):
        return ""


def _cmap_digits(data: bytes) -> dict[int, str]:
    """The codes a ToUnicode CMap maps to one ASCII digit (ranges solved, not expanded)."""
    out: dict[int, str] = {}
    for block in _BFCHAR.finditer(data):
        for src, dst in _PAIR.findall(block.group(1)):
            # one UTF-16 unit 0030…0039 (decoding every pair of a CJK font's map costs ~0.3 ms)
            if len(dst) == 4 and dst.startswith(b"003") and 48 <= dst[3] <= 57:
                out[int(src, 16)] = chr(dst[3])
    for block in _BFRANGE.finditer(data):
        for lo_h, hi_h, dst in _RANGE.findall(block.group(1)):
            lo, hi = int(lo_h, 16), int(hi_h, 16)
            if dst.startswith(b"["):
                for k, d in enumerate(re.findall(rb"<([0-9A-Fa-f]*)>", dst)):
                    u = _utf16(d)
                    if lo + k <= hi and len(u) == 1 and "0" <= u <= "9":
                        out[lo + k] = u
            elif len(dst) == 6:  # one UTF-16 unit: digits are 0x30…0x39 of it
                base = int(dst[1:-1], 16)
                for v in range(max(base, 0x30), min(base + hi - lo, 0x39) + 1):
                    out[lo + v - base] = chr(v)
    return out


def _patched_cmap(data: bytes, lies: dict[int, str]) -> bytes:
    """The CMap with the lying codes taken out of its ranges and given their true digits."""
    width = max((len(m.group(1)) for m in re.finditer(rb"<([0-9A-Fa-f]+)>", data)), default=4)
    width = 4 if width > 4 else width

    def hexcode(c: int) -> bytes:
        return f"<{c:0{width}X}>".encode()

    def fix_chars(m: re.Match) -> bytes:
        body = _PAIR.sub(lambda p: p.group(0) if int(p.group(1), 16) not in lies else b"", m.group(1))
        return b"beginbfchar" + body + b"endbfchar"

    def fix_ranges(m: re.Match) -> bytes:
        out = []
        for lo_h, hi_h, dst in _RANGE.findall(m.group(1)):
            lo, hi = int(lo_h, 16), int(hi_h, 16)
            cut = sorted(c for c in lies if lo <= c <= hi)
            if not cut:
                out.append(b"%s %s %s" % (hexcode(lo), hexcode(hi), dst))
                continue
            if dst.startswith(b"["):
                items = re.findall(rb"<[0-9A-Fa-f]*>", dst)
                for k, d in enumerate(items):
                    if lo + k not in lies:
                        out.append(b"%s %s %s" % (hexcode(lo + k), hexcode(lo + k), d))
                continue
            base = int(dst[1:-1], 16)
            start = lo
            for c in cut + [hi + 1]:
                if start <= c - 1:
                    out.append(b"%s %s <%04X>" % (hexcode(start), hexcode(c - 1), base + start - lo))
                start = c + 1
        return b"beginbfrange\n" + b"\n".join(out) + b"\nendbfrange"

    data = _BFCHAR.sub(fix_chars, data)
    data = _BFRANGE.sub(fix_ranges, data)
    # range counts before "beginbfrange" may now be off; MuPDF reads to "endbfrange" anyway
    extra = b"\n%d beginbfchar\n" % len(lies) + b"\n".join(
        b"%s <%04X>" % (hexcode(c), ord(t)) for c, t in sorted(lies.items())) + b"\nendbfchar\n"
    at = data.rfind(b"endcmap")
    return data[:at] + extra + data[at:] if at >= 0 else data + extra


def _font_issues(page: "pymupdf.Page") -> list[tuple[str, str]]:
    fixes: dict[int, str] = getattr(page.parent, _FIXES_ATTR, None) or {}
    if not fixes:
        return []
    out = []
    for f in page.get_fonts():
        what = fixes.get(f[0])
        if what:
            out.append(("lying_font", f"本页字体 {f[3]} 的 ToUnicode 映射与字形不符（{what}），"
                                      "已按字形更正读取；请核对原文件来源。"))
    return out


# --------------------------------------------------------------------------- reading direction


def _reading_space(page: "pymupdf.Page", blocks: list[dict]) -> tuple["pymupdf.Matrix | None", float, float, int]:
    """(matrix from unrotated page space to reading space or None, width, height, degrees
    turned beyond /Rotate). Text and drawings come in the unrotated page space; a page is
    read in the space where most of its text runs left to right — the displayed space for
    a /Rotate page (a landscape table on a portrait sheet), and also for content that is
    drawn sideways or upside down without /Rotate."""
    rotation = page.rotation  # (a property that reads the page dictionary: ~10 µs a call)
    ur = page.rect * page.derotation_matrix if rotation else page.rect
    w, h = abs(ur.width), abs(ur.height)
    weight = {0: 0, 90: 0, 180: 0, 270: 0}
    if all(ln["dir"][0] > 0.9 for b in blocks for ln in b.get("lines", ())):
        blocks = []  # every line runs left to right (nearly every page): nothing to weigh
    for b in blocks:
        for ln in b.get("lines", ()):
            dx, dy = ln["dir"]
            n = sum(len(s["text"].strip()) for s in ln["spans"])
            if dx > 0.9:
                weight[0] += n
            elif dy < -0.9:
                weight[90] += n
            elif dx < -0.9:
                weight[180] += n
            elif dy > 0.9:
                weight[270] += n
    total = sum(weight.values())
    best = max(weight, key=weight.get)  # type: ignore[arg-type]
    rot = rotation % 360
    if total >= 20 and best != 0 and weight[best] > 0.6 * total:
        rot = best
    turned = (rot - rotation) % 360
    if rot == 0:
        return None, w, h, turned
    if rot == 90:
        return pymupdf.Matrix(0, 1, -1, 0, h, 0), h, w, turned
    if rot == 180:
        return pymupdf.Matrix(-1, 0, 0, -1, w, h), w, h, turned
    return pymupdf.Matrix(0, -1, 1, 0, 0, w), h, w, turned


# --------------------------------------------------------------------------- ruling lines


def _rules(drawings: list[dict], m: "pymupdf.Matrix | None", width: float, height: float
           ) -> tuple[list[Segment], list[Segment]]:
    """Ruling segments from the page's vector paths (plain tuples: no Rect per item, this
    runs over every path of every page)."""
    hr: list[Segment] = []
    vr: list[Segment] = []
    if m is not None:
        a, b, c, d_, e, f = m.a, m.b, m.c, m.d, m.e, m.f

        def box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
            xs = (a * x0 + c * y0 + e, a * x1 + c * y1 + e)
            ys = (b * x0 + d_ * y0 + f, b * x1 + d_ * y1 + f)
            return min(xs), min(ys), max(xs), max(ys)
    for d in drawings:
        if d.get("type", "").startswith("clip") or d.get("type") == "group":
            continue
        if any(item[0] == "c" for item in d["items"]):
            # a path with curves is a shape — a glyph drawn as outlines (text converted to
            # curves by the producer), a seal, a logo — whose straight strokes are not rules
            continue
        fill, stroke = d.get("fill"), d.get("color")
        # a white rectangle, unstroked or stroked in white, is a cell background (often inset
        # from the cell) or a white-out over an edited figure: invisible, so its edges are not rules
        invisible = (stroke is None or min(stroke) > 0.9) and (fill is None or min(fill) > 0.9)
        for item in d["items"]:
            kind = item[0]
            if kind == "l":
                (x0, y0), (x1, y1) = item[1], item[2]
                if m is not None:
                    x0, y0, x1, y1 = a * x0 + c * y0 + e, b * x0 + d_ * y0 + f, a * x1 + c * y1 + e, b * x1 + d_ * y1 + f
                if abs(y0 - y1) < 1.0 and abs(x0 - x1) > 1.0:
                    hr.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
                elif abs(x0 - x1) < 1.0 and abs(y0 - y1) > 1.0:
                    vr.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
                continue
            if invisible or kind not in ("re", "qu"):
                continue
            if kind == "re":
                x0, y0, x1, y1 = item[1]
            else:  # a quad: its enclosing rectangle
                xs = [pt[0] for pt in item[1]]
                ys = [pt[1] for pt in item[1]]
                x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
            if x0 > x1:
                x0, x1 = x1, x0
            if y0 > y1:
                y0, y1 = y1, y0
            if m is not None:
                x0, y0, x1, y1 = box(x0, y0, x1, y1)
            if kind == "qu":
                hr.append((y0, x0, x1))
                hr.append((y1, x0, x1))
                vr.append((x0, y0, y1))
                vr.append((x1, y0, y1))
                continue
            _box_rules(x0, y0, x1, y1, width, height, hr, vr)
    return _merge(hr), _merge(vr)


def _box_rules(x0: float, y0: float, x1: float, y1: float, width: float, height: float,
               hr: list[Segment], vr: list[Segment]) -> None:
    """A filled or stroked box as rules: a thin one is a rule, a cell box (often white-filled)
    gives its four edges, the page background gives none."""
    rw, rh = x1 - x0, y1 - y0
    if rw > width * 0.95 and rh > height * 0.9:
        return
    if rh <= _THIN and rw > _THIN:
        hr.append(((y0 + y1) / 2, x0, x1))
    elif rw <= _THIN and rh > _THIN:
        vr.append(((x0 + x1) / 2, y0, y1))
    elif rw > _THIN and rh > _THIN:
        hr.append((y0, x0, x1))
        hr.append((y1, x0, x1))
        vr.append((x0, y0, y1))
        vr.append((x1, y0, y1))


def _vector_rules(vectors: list[dict], m: "pymupdf.Matrix | None", width: float, height: float
                  ) -> tuple[list[Segment], list[Segment]]:
    """`_rules` from the text page's collected paths: each is the box of one rectangle or
    straight line of a path (a stroked line's box is its length plus the line width, across
    and at both ends: its middle is the line)."""
    hr: list[Segment] = []
    vr: list[Segment] = []
    if m is not None:
        a, b, c, d_, e, f = m.a, m.b, m.c, m.d, m.e, m.f
    for v in vectors:
        x0, y0, x1, y1 = v["bbox"]
        if m is not None:
            xs = (a * x0 + c * y0 + e, a * x1 + c * y1 + e)
            ys = (b * x0 + d_ * y0 + f, b * x1 + d_ * y1 + f)
            x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
        rw, rh = x1 - x0, y1 - y0
        col = v["color"]
        white = (col >> 16) & 255 > 229.5 and (col >> 8) & 255 > 229.5 and col & 255 > 229.5
        if v["stroked"]:
            lw = min(rw, rh)
            if white and lw > _THIN:
                continue  # a box outlined in white (a white-out drawn over an edited figure): unseen
            if lw <= _THIN:  # a stroked line
                if rw - lw > 1.0 and rw > rh:
                    hr.append(((y0 + y1) / 2, x0 + lw / 2, x1 - lw / 2))
                elif rh - lw > 1.0 and rh > rw:
                    vr.append(((x0 + x1) / 2, y0 + lw / 2, y1 - lw / 2))
                continue
        elif white:
            continue  # a white, unstroked rectangle: a cell background, not a rule
        _box_rules(x0, y0, x1, y1, width, height, hr, vr)
    return _merge(hr), _merge(vr)


def _merge(segs: list[Segment], tol: float = 1.2, gap: float = 2.0) -> list[Segment]:
    """Join collinear pieces (many PDFs draw one rule as a segment per cell): segments within
    `tol` of the first of their group lie at the group's mean position; pieces less than `gap`
    apart join. (Index walks rather than lists of groups: a table page has ~100 pieces.)"""
    if not segs:
        return []
    segs = sorted(segs)
    out: list[Segment] = []
    n = len(segs)
    i = 0
    while i < n:
        first = segs[i][0]
        total = 0
        j = i
        while j < n and abs(segs[j][0] - first) <= tol:
            total += segs[j][0]
            j += 1
        pos = total / (j - i)
        if j - i == 1:
            out.append((pos, segs[i][1], segs[i][2]))
            i = j
            continue
        spans = sorted([(sg[1], sg[2]) for sg in segs[i:j]])
        a0, b0 = spans[0]
        for a, b in spans[1:]:
            if a <= b0 + gap:
                if b > b0:
                    b0 = b
            else:
                out.append((pos, a0, b0))
                a0, b0 = a, b
        out.append((pos, a0, b0))
        i = j
    return out


def sha256_of(path: str) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
