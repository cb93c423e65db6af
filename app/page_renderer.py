"""PDF page → QImage on the GUI thread, from the viewer's own PyMuPDF document.

No `pymupdf.Document` crosses threads (style.md §9): extraction has its own copy in the
child process. A page at screen zoom renders in ~10–40 ms, so the view asks for one
page per event-loop turn and the UI is never busy > 50 ms. A small LRU cache keyed by
(page, scale) keeps scrolling back and forth free.
"""
from __future__ import annotations

from collections import OrderedDict

import pymupdf
from typing import Iterator

from PySide6.QtGui import QImage, QPainter

# imported with the window, not inside the first open_file(): compiling it there was a
# cold ~15 ms stall on the UI thread
from auditdesk.parsing.pdf_text import check_fonts, open_pdf


class PageRenderer:
    def __init__(self, path: str, cache_size: int = 12):
        self.path = path
        # glyphs draw the same whatever the ToUnicode map says, so the font check waits for
        # the first search instead of stalling the first page (~15 ms on 30 pages)
        self._doc = open_pdf(str(path), fix_fonts=False)
        self._fonts_checked = False
        if self._doc.needs_pass:
            self._doc.close()
            raise ValueError("该 PDF 文件已加密，无法显示。")
        self._cache: OrderedDict[tuple[int, int], QImage] = OrderedDict()
        self._cache_size = cache_size
        self._sizes = [(p.rect.width, p.rect.height) for p in self._doc]

    @property
    def page_count(self) -> int:
        return len(self._sizes)

    def page_sizes(self) -> list[tuple[float, float]]:
        """Page sizes in PDF points (1-based page n is index n-1)."""
        return list(self._sizes)

    def render(self, index: int, scale: float) -> QImage:
        """Page `index` (0-based) at `scale` device pixels per PDF point."""
        key = (index, round(scale * 100))
        image = self._cache.get(key)
        if image is not None:
            self._cache.move_to_end(key)
            return image
        page = self._doc[index]
        pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False, annots=True)
        image = QImage(pix.samples, pix.width, pix.height, pix.stride,
                       QImage.Format.Format_RGB888).copy()  # copy: pix.samples is freed
        self._cache[key] = image
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return image

    def render_steps(self, index: int, scale: float, bands: int = 3) -> Iterator[QImage | None]:
        """Page `index` at `scale` in short steps for the view's event loop: the display list,
        then `bands` horizontal bands of the page (yielding None after each), then the image.

        Each step is a third or less of a whole-page render, so opening or scrolling never
        holds the GUI thread for one long stretch.
        """
        key = (index, round(scale * 100))
        image = self._cache.get(key)
        if image is not None:
            self._cache.move_to_end(key)
            yield image
            return
        page = self._doc[index]
        rect = page.rect
        dl = page.get_displaylist(annots=True)
        yield None
        matrix = pymupdf.Matrix(scale, scale)
        box = (rect * matrix).irect  # the whole-page pixmap's pixel box, as get_pixmap makes it
        width, height = max(1, box.width), max(1, box.height)
        image = QImage(width, height, QImage.Format.Format_RGB888)
        image.fill(0xFFFFFF)
        painter = QPainter(image)
        try:
            step = height / bands
            for k in range(bands):
                y0, y1 = box.y0 + round(k * step), box.y0 + round((k + 1) * step)
                clip = pymupdf.Rect(rect.x0, y0 / scale, rect.x1, y1 / scale)
                pix = dl.get_pixmap(matrix=matrix, alpha=False, clip=clip)
                part = QImage(pix.samples, pix.width, pix.height, pix.stride, QImage.Format.Format_RGB888)
                painter.drawImage(pix.x - box.x0, pix.y - box.y0, part)
                del part, pix
                if k < bands - 1:
                    yield None
        finally:
            painter.end()
        self._cache[key] = image
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        yield image

    def search(self, text: str, limit: int = 500) -> list[tuple[int, tuple[float, float, float, float]]]:
        """Where `text` is printed: (1-based page, bbox) for each hit in the page text."""
        if not self._fonts_checked:
            check_fonts(self._doc)
            self._fonts_checked = True
        out: list[tuple[int, tuple[float, float, float, float]]] = []
        for i, page in enumerate(self._doc):
            for r in page.search_for(text):
                out.append((i + 1, (r.x0, r.y0, r.x1, r.y1)))
                if len(out) >= limit:
                    return out
        return out

    def close(self) -> None:
        self._cache.clear()
        self._doc.close()
