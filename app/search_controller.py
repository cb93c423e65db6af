"""Ctrl+F: find text in the grid (row names and cells of every table) and in the page text
(PyMuPDF's own search on the viewer's document); F3 steps through the hits, each shown on
both sides like a finding."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from auditdesk.checks.vocabulary import INFO
from auditdesk.widgets.find_bar import FindBar
from auditdesk.widgets.pdf_page_view import PdfPageView

from . import places
from .navigation_controller import NavigationController
from .open_controller import OpenController
from .workspace import Workspace


class SearchController(QObject):
    def __init__(self, ws: Workspace, bar: FindBar, nav: NavigationController, opener: OpenController,
                 page_view: PdfPageView):
        super().__init__(ws)
        self.ws, self.bar, self.nav, self.opener, self.page_view = ws, bar, nav, opener, page_view
        self.hits: list[tuple[str, Any]] = []  # ("cell", (table_id, row, col)) | ("page", (page, bbox))
        self.pos = -1
        bar.search_requested.connect(self.search)
        bar.step_requested.connect(self.step)

    def start(self) -> None:
        self.bar.open_bar()

    def find_next(self) -> None:
        if not self.hits:
            self.bar.open_bar()
        else:
            self.step(1)

    def search(self, text: str) -> int:
        """All hits for `text`: grid cells first (in table order), then places on the pages."""
        self.hits, self.pos = [], -1
        text = text.strip()
        doc = self.ws.document
        if text and doc is not None:
            for t in doc.tables:
                for i, r in enumerate(t.rows):
                    for j in range(len(t.columns)):
                        cell_text = r.cells[j].text if j < len(r.cells) else ""
                        label = places.row_label(t, i, j) if j == places.blocks(t)[places.block_of(t, j)] else ""
                        if text in cell_text or (label and text in label):
                            self.hits.append(("cell", (t.id, i, j)))
            covered = {places.cell_place(doc.table_by_id(tid), r, c)[0] for _k, (tid, r, c) in self.hits}
            renderer = self.opener.renderer
            if renderer is not None:
                for page, bbox in renderer.search(text):
                    if page not in covered:  # a page the grid does not show (narrative, cover …)
                        self.hits.append(("page", (page, bbox)))
        if not self.hits:
            self.bar.set_result("未找到")
            self.ws.say(f"未找到“{text}”" if text else "")
            return 0
        self.step(1)
        return len(self.hits)

    def step(self, step: int) -> None:
        if not self.hits:
            self.bar.set_result("未找到")
            return
        self.pos = (self.pos + step) % len(self.hits)
        kind, where = self.hits[self.pos]
        if kind == "cell":
            self.nav.select_cell(*where)
        else:
            page, bbox = where
            self.page_view.set_focus([(page, bbox, INFO)], scroll=True)
            self.ws.say(f"第 {page} 页")
        self.bar.set_result(f"{self.pos + 1} / {len(self.hits)}")
