"""Evidence for the working paper: a crop of the PDF page showing the printed figure and its
row (the cell framed in red), and a link that opens the PDF at that page.

A reviewer checks a finding against the disclosure itself, as with DataSnipper: the crop is the
printed evidence, the link the way back to the source. Crops are small (a strip of the page at
modest resolution, PNG) and identical strips are rendered once, so a workbook for a 30-page
document stays a few hundred kilobytes; past `BUDGET_BYTES` only the links remain.
No Qt: PyMuPDF renders the page region.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

DPI = 110  # crisp when printed at the crop's display size, small as PNG
BUDGET_BYTES = 3_000_000  # all crops of one workbook; the contract's 5 MB stays far off
PAD_PT = 5.0  # context around the row, in PDF points
FRAME = (220, 30, 30)  # the red frame around the figure


@dataclass(frozen=True, slots=True)
class Crop:
    page: int  # 1-based
    png: bytes
    width: int  # pixels
    height: int


def pdf_link(path: str, page: int | None) -> str:
    """file:///…/x.pdf#page=N — PDF viewers that honour the open parameter start at page N."""
    uri = Path(path).resolve().as_uri()
    return f"{uri}#page={page}" if page else uri


def _union(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


class EvidenceRenderer:
    """Renders page strips of one PDF; open lazily, close when done."""

    def __init__(self, pdf_path: str, dpi: int = DPI, budget: int = BUDGET_BYTES):
        self.path, self.dpi, self.budget = pdf_path, dpi, budget
        self.used = 0
        self._doc = None
        self._failed = False
        self._cache: dict[tuple, Crop | None] = {}

    def _open(self):
        if self._doc is None and not self._failed:
            try:
                import pymupdf

                doc = pymupdf.open(self.path)
                if doc.needs_pass:  # the password is not the working paper's to keep: links only
                    doc.close()
                    raise ValueError("encrypted")
                self._doc = doc
            except Exception:  # moved, deleted, encrypted, or not a PDF any more: links only
                self._failed = True
        return self._doc

    def crop(self, page: int | None, figure: tuple[float, float, float, float] | None,
             row: tuple[float, float, float, float] | None = None) -> Crop | None:
        """The strip of `page` holding `row` (the figure's table row or sentence), with
        `figure` framed; None when there is nothing to show or the budget is spent."""
        if not page or (figure is None and row is None):
            return None
        key = (page, tuple(round(v, 1) for v in figure or ()), tuple(round(v, 1) for v in row or ()))
        if key in self._cache:
            return self._cache[key]
        try:
            out = self._render(page, figure, row)
        except Exception:  # a damaged page must not cost the auditor the workbook
            out = None
        self._cache[key] = out
        return out

    def _render(self, page, figure, row) -> Crop | None:
        if self.used >= self.budget:
            return None
        doc = self._open()
        if doc is None or not 1 <= page <= doc.page_count:
            return None
        import pymupdf

        p = doc[page - 1]
        box = _union(row, figure)
        height = box[3] - box[1]
        pad = max(PAD_PT, height * 0.8)
        clip = pymupdf.Rect(box[0] - 3 * PAD_PT, box[1] - pad, box[2] + 3 * PAD_PT, box[3] + pad) & p.rect
        if clip.is_empty or clip.width < 4 or clip.height < 4:
            return None
        pix = p.get_pixmap(dpi=self.dpi, clip=clip, alpha=False)
        if figure is not None:
            self._frame(pix, pymupdf.Rect(figure), clip)
        png = pix.tobytes("png")
        self.used += len(png)
        return Crop(page, png, pix.width, pix.height)

    def _frame(self, pix, figure, clip) -> None:
        """A 2-pixel red frame around the figure, drawn into the pixmap (the PDF is untouched)."""
        zoom = self.dpi / 72
        x0 = int((figure.x0 - clip.x0) * zoom) - 3
        y0 = int((figure.y0 - clip.y0) * zoom) - 2
        x1 = int((figure.x1 - clip.x0) * zoom) + 3
        y1 = int((figure.y1 - clip.y0) * zoom) + 2
        x0, y0 = max(0, x0), max(0, y0)
        x1, y1 = min(pix.width - 1, x1), min(pix.height - 1, y1)
        if x1 - x0 < 2 or y1 - y0 < 2:
            return
        # written straight into the samples: Pixmap.set_rect is slow per call
        mv, n, stride = pix.samples_mv, pix.n, pix.stride
        red = bytes(FRAME)
        for y in (y0, y0 + 1, y1 - 1, y1):  # top and bottom edges
            mv[y * stride + x0 * n:y * stride + (x1 + 1) * n] = red * (x1 - x0 + 1)
        for y in range(y0, y1 + 1):  # left and right edges
            for x in (x0, x0 + 1, x1 - 1, x1):
                mv[y * stride + x * n:y * stride + x * n + n] = red

    def close(self) -> None:
        if self._doc is not None:
            self._doc.close()
            self._doc = None


def image_for_sheet(crop: Crop, max_width_px: int):
    """An openpyxl image of the crop, scaled to at most `max_width_px` shown (the PNG keeps its
    full resolution, so print stays sharp)."""
    from openpyxl.drawing.image import Image

    img = Image(io.BytesIO(crop.png))
    scale = min(1.0, max_width_px / crop.width)
    img.width = int(crop.width * scale)
    img.height = int(crop.height * scale)
    return img
