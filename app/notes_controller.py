"""Notes and tick marks (审计标识) on a cell, row, table, finding or page region, the tick
legend, and the note tags on the page — all edits as undoable commands on the session."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack

from auditdesk.widgets.findings_panel import FindingsPanel
from auditdesk.widgets.legend_dialog import LegendDialog
from auditdesk.widgets.note_dialog import NoteDialog
from auditdesk.widgets.pdf_page_view import PdfPageView
from auditdesk.widgets.table_grid_view import TableGridView

from . import places
from .commands import SetNoteCommand, SetTickLegendCommand
from .session import CELL, FINDING, REGION, ROW, TABLE, Anchor
from .user_controller import UserController
from .workspace import rebind, Workspace


class NotesController(QObject):
    def __init__(self, ws: Workspace, user: UserController, undo_stack: QUndoStack, grid_view: TableGridView,
                 panel: FindingsPanel, page_view: PdfPageView):
        super().__init__(ws)
        self.ws, self.user, self.undo_stack = ws, user, undo_stack
        self.grid_view, self.panel, self.page_view = grid_view, panel, page_view
        self._session: Any = None
        self.region_action: Any = None  # the checkable 标注区域 action (set by the window's actions)
        panel.note_requested.connect(self.annotate_finding)
        page_view.region_selected.connect(self._on_region_selected)
        page_view.annotation_activated.connect(self.edit_annotation)
        ws.session_changed.connect(self._on_session)

    def _on_session(self, session: Any) -> None:
        self._session = rebind(self._session, session, self._on_session_event)
        self.refresh_page_tags()

    def _on_session_event(self, kind: str, _payload: Any) -> None:
        if kind in ("annotation", "report", "legend"):
            self.refresh_page_tags()

    # ------------------------------------------------------------------ pushing
    def annotate(self, anchor: Any, text: str, tick: str | None = None, *, ann_id: str | None = None) -> None:
        """Push an undoable note: a new one at `anchor`, or a change to note `ann_id`."""
        s = self.ws.session
        if not self.ws.need_session():
            return
        if tick and tick not in {m for m, _ in s.tick_legend}:
            raise ValueError(f"审计标识 {tick!r} 不在标识说明中")
        self.undo_stack.push(SetNoteCommand(s, anchor, text, tick, who=self.ws.who(), ann_id=ann_id,
                                            where=self._where(anchor)))

    def delete_annotation(self, ann_id: str) -> None:
        s = self.ws.session
        if self.ws.need_session() and ann_id in s.annotations:
            self.undo_stack.push(SetNoteCommand(s, who=self.ws.who(), ann_id=ann_id, remove=True))

    def _where(self, anchor: Any) -> str:
        """A short place for the undo text: 问题 F0003 rather than the finding's key."""
        if anchor is not None and anchor.kind == FINDING and self.ws.session is not None:
            f = self.ws.session.finding(anchor.finding)
            if f is not None:
                return f"问题 {f.id or f.rule}"
        return ""

    # ------------------------------------------------------------------ the dialog
    def _existing_note(self, anchor: Any) -> Any:
        s = self.ws.session
        if anchor.kind == FINDING:
            found = s.annotations_for_finding(anchor.finding)
        elif anchor.kind == TABLE:
            found = s.annotations_at(anchor.table_id)
        elif anchor.kind == ROW:
            found = s.annotations_at(anchor.table_id, anchor.row)
        elif anchor.kind == CELL:
            found = s.annotations_at(anchor.table_id, anchor.row, anchor.col)
        else:
            found = [a for a in s.annotations.values() if a.anchor.kind == anchor.kind
                     and a.anchor.page == anchor.page and a.anchor.bbox == anchor.bbox]
        return found[0] if found else None

    def open_note_dialog(self, anchor: Any, where: str | None = None) -> NoteDialog | None:
        """Ask for the note at `anchor` (editing the one already there, if any)."""
        if not self.ws.need_session():
            return None
        existing = self._existing_note(anchor)
        dlg = NoteDialog(where or anchor.describe(), self.ws.session.tick_legend,
                         text=existing.text if existing else "", tick=existing.tick if existing else None,
                         existing=existing is not None, parent=self.ws.window)

        def accepted() -> None:
            text, tick = dlg.values()
            if existing is not None:
                if (text, tick) != (existing.text, existing.tick):
                    self.annotate(existing.anchor, text, tick, ann_id=existing.id)
            else:
                self.annotate(anchor, text, tick)

        dlg.accepted.connect(accepted)
        if existing is not None:
            dlg.delete_requested.connect(lambda: self.delete_annotation(existing.id))
        self.ws.open_dialog(dlg)
        return dlg

    def _cell_anchor(self, kind: str) -> Any:
        t, doc = self.ws.table, self.ws.document
        idx = self.grid_view.currentIndex()
        if t is None or doc is None:
            return None
        if kind == TABLE:
            return Anchor.for_table(doc, t.id)
        if not idx.isValid():
            return None
        if kind == ROW:
            return Anchor.for_row(doc, t.id, idx.row())
        return Anchor.for_cell(doc, t.id, idx.row(), idx.column())

    def _annotate_at(self, kind: str) -> None:
        anchor = self._cell_anchor(kind)
        if anchor is not None:
            self.user.with_user(lambda: self.open_note_dialog(anchor))
        else:
            self.ws.say("请先在表格中选中一个单元格")

    def annotate_cell(self) -> None:
        self._annotate_at(CELL)

    def annotate_row(self) -> None:
        self._annotate_at(ROW)

    def annotate_table(self) -> None:
        self._annotate_at(TABLE)

    def annotate_finding(self, finding: Any) -> None:
        if finding is None:
            return
        anchor = Anchor.for_finding(finding.key_str, finding.location.page)
        where = f"问题 {finding.id or ''} {finding.rule}：{finding.message}"
        self.user.with_user(lambda: self.open_note_dialog(anchor, where))

    def annotate_current(self) -> None:
        """Shift+F2: the selected finding when the findings list has focus, else the current cell."""
        f = self.panel.current_finding()
        if f is not None and self.panel.view.hasFocus():
            self.annotate_finding(f)
        elif self.grid_view.currentIndex().isValid():
            self.annotate_cell()
        elif f is not None:
            self.annotate_finding(f)
        else:
            self.ws.say("请先选中一个单元格或问题")

    def edit_annotation(self, ann_id: str) -> None:
        """Double-click on a note tag / region on the page: edit (or delete) that note."""
        a = self.ws.session.annotations.get(ann_id) if self.ws.session is not None else None
        if a is not None:
            where = self._where(a.anchor) or None
            self.user.with_user(lambda: self.open_note_dialog(a.anchor, where))

    def _on_region_selected(self, page: int, x0: float, y0: float, x1: float, y1: float) -> None:
        if self.region_action is not None and self.region_action.isChecked():  # one region per use
            self.region_action.setChecked(False)
            self.page_view.set_region_mode(False)
        if self.ws.document is None:
            return
        anchor = Anchor.for_region(page, (x0, y0, x1, y1))
        self.user.with_user(lambda: self.open_note_dialog(anchor, f"第 {page} 页区域"))

    # ------------------------------------------------------------------ legend
    def edit_legend(self) -> None:
        s = self.ws.session
        if not self.ws.need_session():
            return
        used = {a.tick for a in s.annotations.values() if a.tick}
        dlg = LegendDialog(s.tick_legend, used, self.ws.window)

        def accepted() -> None:
            legend = dlg.legend()
            if legend != list(s.tick_legend):
                self.user.with_user(lambda: self.undo_stack.push(SetTickLegendCommand(s, legend, self.ws.who())))

        dlg.accepted.connect(accepted)
        self.ws.open_dialog(dlg)

    # ------------------------------------------------------------------ page tags
    def _note_place(self, a: Any) -> Any:
        doc, an = self.ws.document, a.anchor
        if an.kind == REGION:
            return (an.page, tuple(an.bbox)) if an.page and an.bbox else None
        if an.kind == FINDING:
            f = self.ws.session.finding(an.finding)
            return places.location_place(doc, f.location) if f is not None else None
        t = doc.table_by_id(an.table_id) if doc and an.table_id else None
        if t is None:
            return None
        if an.kind == CELL and an.row is not None and an.col is not None:
            return places.cell_place(t, an.row, an.col)
        if an.kind == ROW and an.row is not None and 0 <= an.row < len(t.rows):
            r = t.rows[an.row]
            return r.page, tuple(r.bbox)
        if an.kind == TABLE and t.pages:
            box = t.bbox.get(t.pages[0])
            return (t.pages[0], tuple(box)) if box is not None else None
        return None

    def refresh_page_tags(self) -> None:
        s = self.ws.session
        marks = []
        if s is not None and self.ws.document is not None:
            for a in s.annotations.values():
                if a.id in s.orphans:
                    continue
                place = self._note_place(a)
                if place is None:
                    continue
                shown = " ".join(p for p in (a.tick or "", a.text) if p)
                who = f"（{a.who} {a.when[:16].replace('T', ' ')}）" if a.who else ""
                label = a.tick or "✎"
                if a.text:
                    label += " " + (a.text if len(a.text) <= 4 else a.text[:4] + "…")  # the rest: tooltip
                marks.append((place[0], place[1], label, f"{a.anchor.describe()}：{shown}{who}（双击修改）",
                              a.anchor.kind == REGION, a.id))
        self.page_view.set_annotations(marks)
