"""Undoable auditor edits, all in one module (Orange's canvas commands).

Each command takes the review session — never the window — captures the old value in
`__init__`, and its redo/undo call one session method. The session then emits its change
event and the Qt models that follow it update themselves. Texts are user-facing Chinese
(shown in 编辑 ▸ 撤销 …).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from .places import cell_name


def _short(text: str, n: int = 16) -> str:
    text = text or "（空）"
    return text if len(text) <= n else text[: n - 1] + "…"


class EditCellCommand(QUndoCommand):
    """修改单元格 old → new. Undo sets the old text back (the session then drops the edit when
    the old text was the extracted one, so the cell is clean again)."""

    def __init__(self, session: Any, table_id: str, row: int, col: int, text: str, who: str = ""):
        super().__init__()
        self.session, self.who = session, who
        self.table_id, self.row, self.col = table_id, row, col
        self.old_text = session.cell(table_id, row, col).text
        self.new_text = text
        self._done_once = False
        table = session.doc.table_by_id(table_id)
        where = cell_name(table, row, col) if table is not None else f"{table_id} 第{row + 1}行"
        self.setText(f"修改 {where}：{_short(self.old_text)} → {_short(text)}")

    def redo(self) -> None:
        action = "redo" if self._done_once else "edit"
        self._done_once = True
        self.session.apply_edit(self.table_id, self.row, self.col, self.new_text, self.who, action=action)

    def undo(self) -> None:
        self.session.apply_edit(self.table_id, self.row, self.col, self.old_text, self.who, action="undo")


class PasteCellsCommand(QUndoCommand):
    """粘贴: several cells changed as one undo step.

    One flat command rather than a parent of child commands: PySide does not hand a child
    QUndoCommand's ownership to its parent, so parent/child trees get freed twice.
    """

    def __init__(self, session: Any, table_id: str, edits: list[tuple[int, int, str]], who: str = ""):
        super().__init__()
        self.session, self.table_id, self.who = session, table_id, who
        self.changes = [(row, col, session.cell(table_id, row, col).text, text)
                        for row, col, text in edits if session.cell(table_id, row, col).text != text]
        self._done_once = False
        table = session.doc.table_by_id(table_id)
        self.setText(f"粘贴 {len(self.changes)} 个单元格到 {table.title if table else table_id}")

    def redo(self) -> None:
        action = "redo" if self._done_once else "edit"
        self._done_once = True
        for row, col, _old, new in self.changes:
            self.session.apply_edit(self.table_id, row, col, new, self.who, action=action)

    def undo(self) -> None:
        for row, col, old, _new in reversed(self.changes):
            self.session.apply_edit(self.table_id, row, col, old, self.who, action="undo")


class SetFindingStatusCommand(QUndoCommand):
    """问题状态 待核实 / 已确认问题 / 已排除（理由）. Undo restores the previous status (or none)."""

    def __init__(self, session: Any, key: str, status: str, who: str = "", *, reason: str = "",
                 comment: str = "", label: str = ""):
        super().__init__()
        self.session, self.key, self.who = session, key, who
        prev = session.status_of(key)
        self.old = None if prev is None else (prev.status, prev.reason, prev.comment)
        self.new = (status, reason, comment)
        self.setText(f"问题 {label or key} 标记为「{status}」")

    def _apply(self, value: tuple[str, str, str] | None) -> None:
        if value is None:
            self.session.clear_finding_status(self.key, self.who)
        else:
            status, reason, comment = value
            self.session.set_finding_status(self.key, status, self.who, reason=reason, comment=comment)

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)


class SetChecklistVerdictCommand(QUndoCommand):
    """检查表改判: the auditor's 是/否 for one row (None: back to the decided value)."""

    def __init__(self, session: Any, row_id: str, verdict: str | None, who: str = "", *, reason: str = "",
                 name: str = ""):
        super().__init__()
        self.session, self.row_id, self.who, self.name = session, row_id, who, name
        self.old = session.checklist_overrides.get(row_id)
        self.new = None if verdict is None else (verdict, reason)
        self.setText(f"检查表 {name or row_id}：" + (f"改判为「{verdict}」" if verdict else "恢复自动判定"))

    def _apply(self, value: tuple[str, str] | None) -> None:
        verdict, reason = value if value is not None else (None, "")
        self.session.set_checklist_verdict(self.row_id, verdict, self.who, reason, name=self.name)

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)


class SetNoteCommand(QUndoCommand):
    """添加 / 修改 / 删除 批注（审计标识 + 文字）on a cell, row, table, finding or page region.

    `ann_id=None` adds a note at `anchor`; with `ann_id`, `text`/`tick` replace the note's,
    or `remove=True` deletes it. The id is kept across undo/redo so later commands that
    refer to it stay valid.
    """

    def __init__(self, session: Any, anchor: Any = None, text: str = "", tick: str | None = None, *,
                 who: str = "", ann_id: str | None = None, remove: bool = False, where: str = ""):
        super().__init__()
        self.session, self.who = session, who
        self.ann_id = ann_id
        if ann_id is None:
            if anchor is None:
                raise ValueError("anchor needed for a new note")
            self.anchor, self.old = anchor, None
        else:
            a = session.annotations.get(ann_id)
            if a is None:
                raise KeyError(ann_id)
            self.anchor, self.old = a.anchor, (a.text, a.tick)
        self.new = None if remove else (text, tick or None)
        where = where or self.anchor.describe()
        verb = "添加批注" if self.old is None else ("删除批注" if self.new is None else "修改批注")
        shown = "" if self.new is None else " ".join(p for p in (self.new[1] or "", _short(self.new[0], 12)
                                                                 if self.new[0] else "") if p)
        self.setText(f"{verb} {where}" + (f"：{shown}" if shown else ""))

    def _add(self, text: str, tick: str | None) -> None:
        self.ann_id = self.session.add_annotation(self.anchor, text, tick, self.who, ann_id=self.ann_id).id

    def redo(self) -> None:
        if self.old is None:
            self._add(*self.new)
        elif self.new is None:
            self.session.remove_annotation(self.ann_id, who=self.who)
        else:
            self.session.update_annotation(self.ann_id, text=self.new[0], tick=self.new[1], who=self.who)

    def undo(self) -> None:
        if self.old is None:
            self.session.remove_annotation(self.ann_id, who=self.who)
        elif self.new is None:
            self._add(*self.old)
        else:
            self.session.update_annotation(self.ann_id, text=self.old[0], tick=self.old[1], who=self.who)


class SetTickLegendCommand(QUndoCommand):
    """修改审计标识说明 (the tick-mark legend)."""

    def __init__(self, session: Any, legend: list[tuple[str, str]], who: str = ""):
        super().__init__()
        self.session, self.who = session, who
        self.old = list(session.tick_legend)
        self.new = [(str(m), str(t)) for m, t in legend]
        self.setText("修改审计标识说明")

    def redo(self) -> None:
        self.session.set_tick_legend(self.new, who=self.who)

    def undo(self) -> None:
        self.session.set_tick_legend(self.old, who=self.who)
