"""Cell corrections: the grid's edit intents become undoable commands on the session.

The path of one edit: `GridModel.setData` → `edit_requested` → `request_edit` here →
`EditCellCommand(session, …)` pushed on the undo stack → `ReviewSession.apply_edit` →
the session's "edit" event → `GridModel` repaints the cell, `ChecksController` schedules
the re-check, `AutosaveController` the save. The window is not on that path.
"""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack

from auditdesk.widgets.grid_model import GridModel
from auditdesk.widgets.table_grid_view import TableGridView

from .commands import EditCellCommand
from .user_controller import UserController
from .workspace import Workspace


class EditController(QObject):
    def __init__(self, ws: Workspace, user: UserController, undo_stack: QUndoStack, grid_model: GridModel,
                 grid_view: TableGridView):
        super().__init__(ws)
        self.ws, self.user, self.undo_stack = ws, user, undo_stack
        self.grid_view = grid_view
        grid_model.edit_requested.connect(self.request_edit)

    def request_edit(self, row: int, col: int, text: str) -> None:
        """Change a cell of the table on screen (asks the auditor's name first, once)."""
        t, s = self.ws.table, self.ws.session
        if t is None or s is None or s.cell(t.id, row, col).text == text:
            return

        def push() -> None:
            s2 = self.ws.session
            if self.ws.table is t and s2 is s and s.cell(t.id, row, col).text != text:
                self.undo_stack.push(EditCellCommand(s, t.id, row, col, text, self.ws.who()))

        self.user.with_user(push)

    def revert_current_cell(self) -> None:
        t, s = self.ws.table, self.ws.session
        idx = self.grid_view.currentIndex()
        if t is None or s is None or not idx.isValid():
            return
        cell = s.cell(t.id, idx.row(), idx.column())
        if cell.edited and cell.original is not None:
            self.request_edit(idx.row(), idx.column(), cell.original)
