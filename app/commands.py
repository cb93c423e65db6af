"""Undoable auditor edits. Each command captures the old value in `__init__` and its
redo/undo call one method of the target (the window's document editor, or the review
session once it owns edits). Texts are user-facing Chinese (shown in 编辑 ▸ 撤销 …)."""
from __future__ import annotations

from typing import Any, Protocol

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


# ---------------------------------------------------------------------------- review work


class ReviewTarget(Protocol):
    """What the review commands change: the window, which forwards to the ReviewSession."""

    def finding_status(self, key: str) -> Any: ...  # FindingStatus | None

    def apply_finding_status(self, key: str, status: str | None, reason: str = "", comment: str = "") -> None:
        """Record `status` (None: back to no status, shown as 待核实)."""

    def annotation(self, ann_id: str) -> Any: ...  # Annotation | None

    def add_note(self, anchor: Any, text: str, tick: str | None, ann_id: str | None = None) -> str:
        """Add an annotation; returns its id."""

    def update_note(self, ann_id: str, text: str, tick: str | None) -> None: ...

    def remove_note(self, ann_id: str) -> None: ...

    def tick_legend(self) -> list[tuple[str, str]]: ...

    def set_tick_legend(self, legend: list[tuple[str, str]]) -> None: ...


class SetFindingStatusCommand(QUndoCommand):
    """问题状态 待核实 / 已确认问题 / 已排除（理由）. Undo restores the previous status (or none)."""

    def __init__(self, target: ReviewTarget, key: str, status: str, *, reason: str = "", comment: str = "",
                 label: str = ""):
        super().__init__()
        self.target, self.key = target, key
        prev = target.finding_status(key)
        self.old = None if prev is None else (prev.status, prev.reason, prev.comment)
        self.new = (status, reason, comment)
        self.setText(f"问题 {label or key} 标记为「{status}」")

    def redo(self) -> None:
        self.target.apply_finding_status(self.key, *self.new)

    def undo(self) -> None:
        if self.old is None:
            self.target.apply_finding_status(self.key, None)
        else:
            self.target.apply_finding_status(self.key, *self.old)


class SetNoteCommand(QUndoCommand):
    """添加 / 修改 / 删除 批注（审计标识 + 文字）on a cell, row, table, finding or page region.

    `ann_id=None` adds a note at `anchor`; with `ann_id`, `text`/`tick` replace the note's,
    or `remove=True` deletes it. The id is kept across undo/redo so later commands that
    refer to it stay valid.
    """

    def __init__(self, target: ReviewTarget, anchor: Any = None, text: str = "", tick: str | None = None, *,
                 ann_id: str | None = None, remove: bool = False, where: str = ""):
        super().__init__()
        self.target = target
        self.ann_id = ann_id
        if ann_id is None:
            if anchor is None:
                raise ValueError("anchor needed for a new note")
            self.anchor, self.old = anchor, None
        else:
            a = target.annotation(ann_id)
            if a is None:
                raise KeyError(ann_id)
            self.anchor, self.old = a.anchor, (a.text, a.tick)
        self.new = None if remove else (text, tick or None)
        where = where or (self.anchor.describe() if hasattr(self.anchor, "describe") else "")
        verb = "添加批注" if self.old is None else ("删除批注" if self.new is None else "修改批注")
        shown = "" if self.new is None else " ".join(p for p in (self.new[1] or "", _short(self.new[0], 12)
                                                                 if self.new[0] else "") if p)
        self.setText(f"{verb} {where}" + (f"：{shown}" if shown else ""))

    def redo(self) -> None:
        if self.old is None:
            self.ann_id = self.target.add_note(self.anchor, self.new[0], self.new[1], self.ann_id)
        elif self.new is None:
            self.target.remove_note(self.ann_id)
        else:
            self.target.update_note(self.ann_id, *self.new)

    def undo(self) -> None:
        if self.old is None:
            self.target.remove_note(self.ann_id)
        elif self.new is None:
            self.target.add_note(self.anchor, self.old[0], self.old[1], self.ann_id)
        else:
            self.target.update_note(self.ann_id, *self.old)


class SetTickLegendCommand(QUndoCommand):
    """修改审计标识说明 (the tick-mark legend)."""

    def __init__(self, target: ReviewTarget, legend: list[tuple[str, str]]):
        super().__init__()
        self.target = target
        self.old = list(target.tick_legend())
        self.new = [(str(m), str(t)) for m, t in legend]
        self.setText("修改审计标识说明")

    def redo(self) -> None:
        self.target.set_tick_legend(self.new)

    def undo(self) -> None:
        self.target.set_tick_legend(self.old)
