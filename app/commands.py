"""Undoable auditor edits. Each command captures the old value in `__init__` and its
redo/undo call one method of the target (the window's document editor, or the review
session once it owns edits). Texts are user-facing Chinese (shown in 编辑 ▸ 撤销 …)."""
from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from auditdesk.parsing.model import Cell


class CellTarget(Protocol):
    """What the commands edit: the review session (or, without one, the window's document)."""

    def cell(self, table_id: str, row: int, col: int) -> Cell: ...

    def set_cell_text(self, table_id: str, row: int, col: int, text: str, action: str) -> None:
        """Set the cell's printed text; `action` is "edit", "undo" or "redo" (for the edit log)."""


def _short(text: str, n: int = 16) -> str:
    text = text or "（空）"
    return text if len(text) <= n else text[: n - 1] + "…"


class EditCellCommand(QUndoCommand):
    """修改单元格 old → new. Undo sets the old text back (the session then drops the edit when
    the old text was the extracted one, so the cell is clean again)."""

    def __init__(self, target: CellTarget, table_id: str, row: int, col: int, text: str,
                 *, table_title: str = "", column: str = ""):
        super().__init__()
        self.target = target
        self.table_id, self.row, self.col = table_id, row, col
        self.old_text = target.cell(table_id, row, col).text
        self.new_text = text
        self._done_once = False
        where = f"{table_title or table_id} 第{row + 1}行"
        if column:
            where += f"「{column}」"
        self.setText(f"修改 {where}：{_short(self.old_text)} → {_short(text)}")

    def redo(self) -> None:
        action = "redo" if self._done_once else "edit"
        self._done_once = True
        self.target.set_cell_text(self.table_id, self.row, self.col, self.new_text, action)

    def undo(self) -> None:
        self.target.set_cell_text(self.table_id, self.row, self.col, self.old_text, "undo")


class PasteCellsCommand(QUndoCommand):
    """粘贴: several cells changed as one undo step.

    One flat command rather than a parent of child commands: PySide does not hand a child
    QUndoCommand's ownership to its parent, so parent/child trees get freed twice.
    """

    def __init__(self, target: CellTarget, table_id: str, edits: list[tuple[int, int, str]],
                 *, table_title: str = ""):
        super().__init__()
        self.target, self.table_id = target, table_id
        self.changes = [(row, col, target.cell(table_id, row, col).text, text)
                        for row, col, text in edits if target.cell(table_id, row, col).text != text]
        self._done_once = False
        self.setText(f"粘贴 {len(self.changes)} 个单元格到 {table_title or table_id}")

    def redo(self) -> None:
        action = "redo" if self._done_once else "edit"
        self._done_once = True
        for row, col, _old, new in self.changes:
            self.target.set_cell_text(self.table_id, row, col, new, action)

    def undo(self) -> None:
        for row, col, old, _new in reversed(self.changes):
            self.target.set_cell_text(self.table_id, row, col, old, "undo")
