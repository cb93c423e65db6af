"""The one place that talks to PyMuPDF: words and ruling lines per page, as plain tuples.

Everything downstream (tables, narrative, cover facts) works on `PageText`, so it can be
tested on synthetic words and runs the same for text-layer and OCR pages.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

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


_THIN = 2.5  # a filled rectangle thinner than this is a drawn rule


def open_pdf(path: str) -> "pymupdf.Document":
    """Open a PDF by path. MuPDF takes file names as UTF-8, so a name that is not
    (a GBK-encoded name on a Linux disk, kept by Python as surrogate escapes) is read
    through Python instead of being called "not a PDF"."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
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
    return doc


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
    # Text and drawings come in the unrotated page space; a page with /Rotate (a landscape
    # table on a portrait sheet) is read in the space it is displayed in, like the viewer.
    m = page.rotation_matrix if page.rotation else None
    words = []
    for w in page.get_text("words", sort=False):
        raw = strip_format_chars(w[4])
        if raw.strip():
            x0, y0, x1, y1 = w[:4]
            if m is not None:
                r = pymupdf.Rect(x0, y0, x1, y1) * m
                x0, y0, x1, y1 = r.x0, r.y0, r.x1, r.y1
            words.append(Word(x0, y0, x1, y1, unicodedata.normalize("NFKC", raw), raw))
    width, height = page.rect.width, page.rect.height
    hr: list[Segment] = []
    vr: list[Segment] = []
    for d in page.get_drawings():
        fill, stroke = d.get("fill"), d.get("color")
        # a white, unstroked rectangle is a cell background (often inset from the cell):
        # invisible, so its edges are not rules
        invisible = stroke is None and (fill is None or min(fill) > 0.9)
        for item in d["items"]:
            if invisible and item[0] in ("re", "qu"):
                continue
            if item[0] == "l":
                p1, p2 = (item[1] * m, item[2] * m) if m is not None else (item[1], item[2])
                if abs(p1.y - p2.y) < 1.0 and abs(p1.x - p2.x) > 1.0:
                    hr.append(((p1.y + p2.y) / 2, min(p1.x, p2.x), max(p1.x, p2.x)))
                elif abs(p1.x - p2.x) < 1.0 and abs(p1.y - p2.y) > 1.0:
                    vr.append(((p1.x + p2.x) / 2, min(p1.y, p2.y), max(p1.y, p2.y)))
            elif item[0] == "re":
                r = item[1] * m if m is not None else item[1]
                if r.width > width * 0.95 and r.height > height * 0.9:
                    continue  # page background
                if r.height <= _THIN and r.width > _THIN:
                    hr.append(((r.y0 + r.y1) / 2, r.x0, r.x1))
                elif r.width <= _THIN and r.height > _THIN:
                    vr.append(((r.x0 + r.x1) / 2, r.y0, r.y1))
                elif r.width > _THIN and r.height > _THIN:
                    # cell boxes (often white-filled): their edges are the grid
                    hr.append((r.y0, r.x0, r.x1))
                    hr.append((r.y1, r.x0, r.x1))
                    vr.append((r.x0, r.y0, r.y1))
                    vr.append((r.x1, r.y0, r.y1))
            elif item[0] == "qu":
                q = item[1].rect * m if m is not None else item[1].rect
                hr.append((q.y0, q.x0, q.x1))
                hr.append((q.y1, q.x0, q.x1))
                vr.append((q.x0, q.y0, q.y1))
                vr.append((q.x1, q.y0, q.y1))
    return PageText(page.number + 1, width, height, words, _merge(hr), _merge(vr))


def _merge(segs: list[Segment], tol: float = 1.2, gap: float = 2.0) -> list[Segment]:
    """Join collinear pieces (many PDFs draw one rule as a segment per cell)."""
    if not segs:
        return []
    segs = sorted(segs)
    out: list[list[float]] = []
    # group by position
    groups: list[list[Segment]] = []
    for s in segs:
        if groups and abs(s[0] - groups[-1][0][0]) <= tol:
            groups[-1].append(s)
        else:
            groups.append([s])
    for g in groups:
        pos = sum(s[0] for s in g) / len(g)
        spans = sorted((s[1], s[2]) for s in g)
        cur = list(spans[0])
        for a, b in spans[1:]:
            if a <= cur[1] + gap:
                cur[1] = max(cur[1], b)
            else:
                out.append([pos, cur[0], cur[1]])
                cur = [a, b]
        out.append([pos, cur[0], cur[1]])
    return [(a, b, c) for a, b, c in out]


def sha256_of(path: str) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
