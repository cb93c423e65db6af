"""The table list ⇄ grid ⇄ page links: which table is shown, the cell ↔ its printed place
(both ways), the page following the table, and the grid's title line."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from auditdesk.checks.vocabulary import INFO, SEVERITIES
from auditdesk.widgets.grid_model import GridModel
from auditdesk.widgets.pdf_page_view import PdfPageView
from auditdesk.widgets.table_grid_view import TableGridView
from auditdesk.widgets.table_list_view import TableListView

from . import places
from .workspace import Workspace


class NavigationController(QObject):
    def __init__(self, ws: Workspace, table_list: TableListView, grid_model: GridModel, grid_view: TableGridView,
                 grid_title: QLabel, page_view: PdfPageView):
        super().__init__(ws)
        self.ws = ws
        self.table_list, self.grid_model, self.grid_view = table_list, grid_model, grid_view
        self.grid_title, self.page_view = grid_title, page_view
        self._navigating = False
        self._session: Any = None
        table_list.table_selected.connect(self._on_table_selected)
        grid_view.cell_selected.connect(self._on_cell_selected)
        page_view.region_clicked.connect(self.on_region_clicked)
        ws.session_changed.connect(self._on_session)

    # ------------------------------------------------------------------ a new file
    def clear(self) -> None:
        self.table_list.set_tables([])
        self.grid_model.bind(None)
        self.grid_model.set_table(None)
        self.ws.set_table(None)

    def _on_session(self, session: Any) -> None:
        if self._session is not None:
            self._session.disconnect(self._on_session_event)
        self._session = session
        self.grid_model.bind(session)
        if session is None:
            return
        session.connect(self._on_session_event)
        doc = session.doc
        self.table_list.set_tables(doc.tables, doc.units)
        first = next((t for t in doc.tables if t.rows), doc.tables[0] if doc.tables else None)
        if first is not None:
            self.show_table(first.id, reveal=True)  # the page follows the table from the start
        else:
            self.grid_title.setText(f"<b>{Path(doc.path).name}</b> <span style='color:gray'>未找到表格</span>")

    def _on_session_event(self, kind: str, payload: Any) -> None:
        if kind == "report":
            self.table_list.set_counts(_counts_by_table(payload.findings if payload is not None else ()))
        elif kind == "annotation" and self.ws.table is not None:
            self.update_title()
        elif kind == "edit":
            t = self.ws.table
            cur = self.grid_view.currentIndex()
            if t is not None and payload[0] == t.id and cur.isValid() and (cur.row(), cur.column()) == payload[1:]:
                self._on_cell_selected(cur.row(), cur.column())

    # ------------------------------------------------------------------ tables
    def _on_table_selected(self, table_id: str) -> None:
        if not self._navigating:
            self.show_table(table_id, reveal=True)

    def show_table(self, table_id: str, reveal: bool) -> None:
        doc = self.ws.document
        t = doc.table_by_id(table_id) if doc else None
        if t is None:
            return
        self._navigating = True
        try:
            self.table_list.select_table(table_id)
        finally:
            self._navigating = False
        if self.ws.table is not t or self.grid_model.table is not t:
            self.grid_model.set_table(t)
            self.ws.set_table(t)
            self.update_title()
        if reveal and t.pages:
            page = t.pages[0]
            box = t.bbox.get(page)
            self.page_view.go_to_page(page)
            if box is not None:
                self.page_view.reveal(page, (box[0], box[1], box[2], box[1] + 40))

    def update_title(self) -> None:
        t = self.ws.table
        if t is None:
            return
        s = self.ws.session
        notes = [" ".join(p for p in (a.tick or "", a.text) if p)
                 for a in (s.annotations_at(t.id) if s is not None else [])]
        pages = f"第 {t.pages[0]}–{t.pages[-1]} 页" if len(t.pages) > 1 else (f"第 {t.pages[0]} 页" if t.pages else "")
        bits = [x for x in (t.label, f"单位：{t.unit}" if t.unit else None, pages,
                            f"{len(t.rows)} 行" if t.rows else "本表无数据") if x]
        note = ""
        if notes:
            shown = "；".join(notes)
            note = f"&nbsp;&nbsp;<span style='color:#b35900'>✎ {shown[:40] + '…' if len(shown) > 40 else shown}</span>"
        self.grid_title.setText(f"<b style='font-size:11pt'>{t.title}</b>&nbsp;&nbsp;"
                                f"<span style='color:#666'>{' · '.join(bits)}</span>{note}")
        tip = t.note or ""
        if notes:
            tip = "表批注：" + "；".join(notes) + ("\n" + tip if tip else "")
        self.grid_title.setToolTip(tip)

    # ------------------------------------------------------------------ cells ⇄ page
    def _on_cell_selected(self, row: int, col: int) -> None:
        t = self.ws.table
        place = places.cell_place(t, row, col) if t is not None and row >= 0 else None
        if place is None:
            self.page_view.set_selection(None, None)
            return
        page, bbox = place
        self.page_view.set_selection(page, bbox, scroll=True)
        r = t.rows[row]
        cell = r.cells[col] if col < len(r.cells) else None
        extra = f" · 原提取值：{cell.original or '（空）'}" if cell is not None and cell.edited else ""
        self.ws.say(f"{places.cell_name(t, row, col).replace(' / ', ' · ')} · 第 {page} 页{extra}")

    def select_cell(self, table_id: str, row: int, col: int) -> None:
        self.show_table(table_id, reveal=False)
        self.grid_view.select_cell(row, col)

    def on_region_clicked(self, page: int, x: float, y: float) -> None:
        """A click on the page: select the table cell printed there (or show the sentence)."""
        hit = places.hit_test(self.ws.document, page, x, y)
        if hit is not None:
            self.select_cell(*hit)
            return
        s = places.sentence_at(self.ws.document, page, x, y)
        if s is not None:
            self.page_view.set_focus([(page, tuple(s.bbox), INFO)], scroll=False)
            self.ws.say(f"情况说明：{s.text}")


def _counts_by_table(findings) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for f in findings:
        if f.location.table:
            c = counts.setdefault(f.location.table, {s: 0 for s in SEVERITIES})
            c[f.severity] = c.get(f.severity, 0) + 1
    return counts
