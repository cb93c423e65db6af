"""What each page shows, for the structure and presentation checks (公开情况检查表).

The table and narrative readers keep only what they need; the F rules need the page as a
reader sees it: every visible line with its place (cover, 目录, running footers included), how
many ruling lines it draws (a blank grid page), and text the PDF carries but does not show
(a line cut in half by a text box's clip, a paragraph hidden below the box's edge).

Plain frozen data (picklable across the extraction process); only `hidden_lines` touches a
PyMuPDF page, and it is called while the file is open.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from auditdesk.parsing.lines import group_lines, join_words, page_lines
from auditdesk.parsing.numbers import strip_format_chars

BBox = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class TextLine:
    """One visible line: the printed characters and where each word sits."""

    text: str  # as printed (full-width punctuation kept), words joined without artefact spaces
    bbox: BBox
    words: tuple[tuple[str, BBox], ...] = ()

    def char_box(self, start: int, end: int) -> BBox:
        """The box of characters text[start:end] (glyphs spread evenly over their word)."""
        pos = 0
        boxes: list[BBox] = []
        for raw, (x0, y0, x1, y1) in self.words:
            t = raw.replace(" ", "")
            n = len(t)
            if n and pos < end and pos + n > start:
                step = (x1 - x0) / n
                a, b = max(start - pos, 0), min(end - pos, n)
                boxes.append((x0 + a * step, y0, x0 + b * step, y1))
            pos += n
        if not boxes:
            return self.bbox
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


@dataclass(frozen=True, slots=True)
class HiddenLine:
    """A line the PDF draws under a clip: `shown` is what a reader sees of `text` (maybe nothing)."""

    text: str
    shown: str
    bbox: BBox

    @property
    def partial(self) -> bool:
        return bool(self.shown)


@dataclass(frozen=True, slots=True)
class PageFacts:
    number: int  # 1-based
    width: float
    height: float
    lines: tuple[TextLine, ...]
    rules: int  # ruling segments drawn (a page with rules and no text is a blank grid)
    hidden: tuple[HiddenLine, ...] = ()
    ocr: bool = False
    images: int = 0  # images drawn (a page without text but with an image is a scan, not blank)
    grid: BBox | None = None  # the area the ruling lines span (tabular text is not prose)

    @property
    def blank(self) -> bool:
        return not self.lines


# a 目录 line's leader (……, ····): running past its box hides nothing a reader needs
_LEADER = re.compile(r"[.·•‧∙⋯‥_\-—]")


def _readable(text: str) -> str:
    """What a reader reads of a line: squashed, leaders left out."""
    return _LEADER.sub("", _squash(text))


def _squash(text: str) -> str:
    return strip_format_chars(unicodedata.normalize("NFKC", text)).replace(" ", "")


def page_extras(page, visible, rules: int = 0, marks=(), turned: int = 0) -> tuple[tuple[HiddenLine, ...], int]:
    """(hidden lines, image count) of a PyMuPDF page: what only the open file can tell.
    `rules`: ruling segments the reader found (a table page's clips are its cells: skipped)."""
    try:
        images = len(page.get_images())
    except Exception:  # a damaged resource dictionary: no image count, not an error
        images = 0
    return hidden_lines(page, visible, rules, marks, turned), images


def _is_mark(w, marks) -> bool:
    """A watermark word the reader left out on purpose (`PageText.marks`): not hidden text.
    (Read without the clip, MuPDF may cut the mark into other words: a piece of the mark's
    text lying mostly in its box is the mark.)"""
    area = max((w[2] - w[0]) * (w[3] - w[1]), 1e-6)
    for m in marks:
        if not (w[4] in m[4] or m[4] in w[4]):
            continue
        ix = min(w[2], m[2]) - max(w[0], m[0])
        iy = min(w[3], m[3]) - max(w[1], m[1])
        if ix > 0 and iy > 0 and ix * iy >= 0.6 * area:
            return True
    return False


def hidden_lines(page, visible, rules: int = 0, marks=(), turned: int = 0) -> tuple[HiddenLine, ...]:
    """Lines of `page` (a PyMuPDF page) that a clip hides in part or in full, compared with
    the visible words of the same page (`visible`: the reader's `Word`s).

    Two signs: characters the text layer has but the clip hides entirely (words with and
    without MuPDF's clip flag differ), and a clip edge running through a visible line (the
    line is drawn cut in half; MuPDF keeps such characters). Clips are read only on prose
    pages (few ruling lines): on table pages every cell is a clip (a figure hidden in a cell is
    not looked for). Rotated pages are skipped, and pages whose content is drawn sideways
    (`turned`): their visible words are read turned, the layer's are not."""
    import pymupdf

    from auditdesk.parsing.pdf_text import Word

    if page.rotation or turned or (rules >= 10 and _figures_share(visible) >= 0.3):
        return ()  # a table of figures: every cell is a clip, and reading it twice doubles the cost
    out: list[HiddenLine] = []
    # words crossing the page's own edge are left out: running off the page is another fault
    # than a text box hiding its text (and over-tall generated table rows do it)
    W, H = page.rect.width, page.rect.height

    def on_page(x0, y0, x1, y1) -> bool:
        return x0 >= -0.5 and y0 >= -0.5 and x1 <= W + 0.5 and y1 <= H + 0.5

    # a prose page's clips are looked at anyway (below); a page that clips nothing inside its
    # own edge hides nothing from a reader, and is not read a second time without the clip
    scissors = _inner_clips(page) if rules < 10 and visible else None
    if scissors is not None and not scissors:
        return ()
    everything = [w for w in page.get_text("words", flags=pymupdf.TEXTFLAGS_WORDS & ~pymupdf.TEXT_CLIP, sort=False)
                  if on_page(*w[:4]) and not _is_mark(w, marks)]
    visible = [w for w in visible if on_page(w.x0, w.y0, w.x1, w.y1)]
    # the usual page: the same words with and without the clip (compared as printed first,
    # which is cheap; the normalised character count only when they differ)
    same = len(everything) == len(visible) and sorted(strip_format_chars(w[4]) for w in everything) == sorted(
        w.raw for w in visible)
    n_all = 0 if same else sum(len(_squash(w[4])) for w in everything)
    n_vis = 0 if same else sum(len(_squash(w.raw)) for w in visible)
    if n_all > n_vis:
        words = [Word(w[0], w[1], w[2], w[3], unicodedata.normalize("NFKC", w[4]), strip_format_chars(w[4]))
                 for w in everything if w[4].strip()]
        for ln in group_lines(words):
            full = join_words(ln.words, raw=True)
            shown_words = [w for w in visible if ln.y0 - 1 <= w.yc <= ln.y1 + 1 and w.x1 > ln.x0 - 1 and w.x0 < ln.x1 + 1]
            shown = join_words(sorted(shown_words, key=lambda w: w.x0), raw=True)
            if len(_readable(shown)) < len(_readable(full)):
                out.append(HiddenLine(full, shown, ln.bbox))
    if scissors:
        if any(_cuts(s, (w.x0, w.y0, w.x1, w.y1)) for w in visible for s in scissors):
            # word boxes span the font's ascent and descent (often far beyond the glyphs):
            # test the glyphs' own height, from each span's baseline and size
            cut: list[Word] = []
            for b in page.get_text("rawdict")["blocks"]:
                for ln in b.get("lines", ()):
                    for sp in ln["spans"]:
                        text = "".join(c["c"] for c in sp["chars"])
                        if not text.strip():
                            continue
                        base, size = sp["origin"][1], sp["size"]
                        glyphs = (sp["bbox"][0], base - 0.86 * size, sp["bbox"][2], base + 0.1 * size)
                        if any(_cuts(sc, glyphs) and _through_a_glyph(sc, sp["chars"]) for sc in scissors):
                            raw = strip_format_chars(text)
                            cut.append(Word(*glyphs, unicodedata.normalize("NFKC", raw), raw))
            for ln in group_lines(cut):
                if any(h.partial and h.bbox[1] - 2 <= ln.yc <= h.bbox[3] + 2 for h in out):
                    continue
                text = join_words(ln.words, raw=True)
                if _readable(text):
                    out.append(HiddenLine(text + "…", text, ln.bbox))
    return tuple(out)


def _inner_clips(page) -> list:
    """The page's clip rectangles (as `Rect`s), but for clips along the page's own edge: the
    page is not a text box (text running off the page is a layout fault of another kind, and
    over-tall generated rows do it). From the raw drawings (`get_cdrawings`): only the clips
    are wanted, so no path of the page is turned into Python objects."""
    import pymupdf

    edge = page.rect
    out = []
    for d in page.get_cdrawings(extended=True):
        if d.get("type") != "clip" or d.get("scissor") is None:
            continue
        s = pymupdf.Rect(d["scissor"])
        if s and not (abs(s.x0 - edge.x0) < 1 and abs(s.y0 - edge.y0) < 1
                      and abs(s.x1 - edge.x1) < 1 and abs(s.y1 - edge.y1) < 1):
            out.append(s)
    return out


_FIGURE = re.compile(r"^[\d,.，．%\-—－]+$")


def _figures_share(words) -> float:
    """Share of words that are figures: high on a table page, low on prose or a chart."""
    return sum(1 for w in words if _FIGURE.match(w.text)) / len(words) if words else 0.0


def _cuts(s, box: BBox) -> bool:
    """A clip rectangle whose edge runs through the glyphs of a word (not along its margin):
    the word is drawn in part. A clip beside or around the word is not a cut."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    w = x1 - x0
    if h <= 0 or w <= 0:
        return False
    overlap_x = min(x1, s.x1) - max(x0, s.x0)
    overlap_y = min(y1, s.y1) - max(y0, s.y0)
    if overlap_x < 0.5 * min(w, h) or overlap_y <= 0:
        return False  # the clip does not cover the word at all (the word is elsewhere)
    if overlap_x >= 0.8 * w and (y0 + 0.1 * h < s.y1 < y1 - 0.35 * h or y0 + 0.35 * h < s.y0 < y1 - 0.1 * h):
        return True  # cut across: only the top (or the bottom) of the glyphs shows
    if overlap_y >= 0.8 * h and (x0 + 0.6 * h < s.x0 < x1 - 0.2 * h or x0 + 0.2 * h < s.x1 < x1 - 0.6 * h):
        return True  # cut down: the start (or the end) of the word is not shown
    return False


def _through_a_glyph(s, chars: list[dict]) -> bool:
    """The clip's edge runs through a character, not between two: a producer that clips each
    glyph to its own box (cairo does, for spaced-out titles such as "目  录") cuts nothing."""
    for c in chars:
        if not c["c"].strip():
            continue
        x0, y0, x1, y1 = c["bbox"]
        w, h = x1 - x0, y1 - y0
        if x0 < s.x1 and s.x0 < x1 and any(x0 + 0.15 * w < e < x1 - 0.15 * w for e in (s.x0, s.x1)):
            return True
        if y0 < s.y1 and s.y0 < y1 and any(y0 + 0.1 * h < e < y1 - 0.1 * h for e in (s.y0, s.y1)):
            return True
    return False


def page_facts(page, extras: tuple = ((), 0)) -> PageFacts:
    """`page`: a `PageText` (text layer or OCR); `extras`: `page_extras` of the same page."""
    hidden, images = extras if extras else ((), 0)
    if getattr(page, "ocr", False):
        hidden = ()  # OCR read what is printed: the text layer's clip does not apply
    lines = []
    for ln in page_lines(page):
        text = join_words(ln.words, raw=True)
        if text.strip():
            lines.append(TextLine(text, ln.bbox, tuple((w.raw, (w.x0, w.y0, w.x1, w.y1)) for w in ln.words)))
    grid = None
    if len(page.hrules) >= 2 and len(page.vrules) >= 2:
        grid = (min(v[0] for v in page.vrules), min(h[0] for h in page.hrules),
                max(v[0] for v in page.vrules), max(h[0] for h in page.hrules))
    return PageFacts(page.number, page.width, page.height, tuple(lines), len(page.hrules) + len(page.vrules),
                     tuple(hidden), bool(getattr(page, "ocr", False)), images, grid)
