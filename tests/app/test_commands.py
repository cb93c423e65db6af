from __future__ import annotations

from PySide6.QtGui import QUndoStack

from auditdesk.app.commands import EditCellCommand, PasteCellsCommand
from auditdesk.parsing.model import Cell, Row, Table


class Target:
    """A minimal CellTarget: one table, edits recorded with their action."""

    def __init__(self):
        self.table = Table("T01", "支出决算表", None, "万元", [1], [], ["项目", "合计"],
                           [Row([Cell.of("行政运行", 1), Cell.of("85.69", 1, (1, 2, 3, 4))], 1, (0, 0, 9, 9))])
        self.actions = []

    def cell(self, table_id, row, col):
        return self.table.rows[row].cells[col]

    def set_cell_text(self, table_id, row, col, text, action):
        self.actions.append(action)
        cell = self.table.rows[row].cells[col]
        original = cell.original if cell.original is not None else cell.text
        self.table.rows[row].cells[col] = (Cell(original, Cell.of(original).value, cell.page, cell.bbox)
                                           if text == original else cell.with_text(text))


def test_edit_round_trip(qapp):
    target = Target()
    stack = QUndoStack()
    stack.push(EditCellCommand(target, "T01", 0, 1, "86.69", table_title="支出决算表", column="合计"))
    cell = target.cell("T01", 0, 1)
    assert cell.text == "86.69" and cell.original == "85.69" and cell.edited
    assert stack.undoText() == "修改 支出决算表 第1行「合计」：85.69 → 86.69"
    assert not stack.isClean()
    stack.undo()
    cell = target.cell("T01", 0, 1)
    assert cell.text == "85.69" and not cell.edited and cell.bbox == (1, 2, 3, 4)
    assert stack.isClean()
    stack.redo()
    assert target.cell("T01", 0, 1).text == "86.69"
    assert target.actions == ["edit", "undo", "redo"]


def test_paste_is_one_step(qapp):
    target = Target()
    stack = QUndoStack()
    stack.push(PasteCellsCommand(target, "T01", [(0, 0, "行政运行"), (0, 1, "1.00")], table_title="支出决算表"))
    assert stack.undoText() == "粘贴 1 个单元格到 支出决算表"
    stack.undo()
    assert target.cell("T01", 0, 1).text == "85.69"


class ReviewTarget:
    """A minimal ReviewTarget over plain dicts (what MainWindow forwards to the session)."""

    def __init__(self):
        from types import SimpleNamespace

        self.ns = SimpleNamespace
        self.statuses, self.notes, self.legend, self.next_id = {}, {}, [("✓", "已核对")], 0

    def finding_status(self, key):
        return self.statuses.get(key)

    def apply_finding_status(self, key, status, reason="", comment=""):
        if status is None:
            self.statuses.pop(key, None)
        else:
            self.statuses[key] = self.ns(status=status, reason=reason, comment=comment)

    def annotation(self, ann_id):
        return self.notes.get(ann_id)

    def add_note(self, anchor, text, tick, ann_id=None):
        if ann_id is None:
            self.next_id += 1
            ann_id = f"n{self.next_id}"
        self.notes[ann_id] = self.ns(anchor=anchor, text=text, tick=tick)
        return ann_id

    def update_note(self, ann_id, text, tick):
        self.notes[ann_id].text, self.notes[ann_id].tick = text, tick

    def remove_note(self, ann_id):
        del self.notes[ann_id]

    def tick_legend(self):
        return list(self.legend)

    def set_tick_legend(self, legend):
        self.legend = list(legend)


def test_status_command_round_trip(qapp):
    from auditdesk.app.commands import SetFindingStatusCommand

    target, stack = ReviewTarget(), QUndoStack()
    stack.push(SetFindingStatusCommand(target, "A8|T01|x|合计", "已确认问题", label="F0001"))
    assert stack.undoText() == "问题 F0001 标记为「已确认问题」"
    stack.push(SetFindingStatusCommand(target, "A8|T01|x|合计", "已排除", reason="尾差", label="F0001"))
    assert target.statuses["A8|T01|x|合计"].reason == "尾差"
    stack.undo()
    assert target.statuses["A8|T01|x|合计"].status == "已确认问题"
    stack.undo()
    assert "A8|T01|x|合计" not in target.statuses  # back to no status at all
    stack.redo()
    stack.redo()
    assert target.statuses["A8|T01|x|合计"].status == "已排除"


def test_note_command_keeps_its_id_across_undo(qapp):
    from types import SimpleNamespace

    from auditdesk.app.commands import SetNoteCommand, SetTickLegendCommand

    target, stack = ReviewTarget(), QUndoStack()
    anchor = SimpleNamespace(describe=lambda: "支出决算表 / 合计")
    stack.push(SetNoteCommand(target, anchor, "已核对", "✓"))
    assert stack.undoText() == "添加批注 支出决算表 / 合计：✓ 已核对"
    (ann_id,) = target.notes
    stack.push(SetNoteCommand(target, ann_id=ann_id, text="已核对两遍", tick=None))
    stack.push(SetNoteCommand(target, ann_id=ann_id, remove=True))
    assert not target.notes
    stack.undo()
    assert target.notes[ann_id].text == "已核对两遍"
    stack.undo()
    stack.undo()
    assert not target.notes
    stack.redo()  # re-added under the same id, so the later commands still apply
    stack.redo()
    stack.redo()
    assert not target.notes
    stack.push(SetTickLegendCommand(target, [("✓", "已核对"), ("T", "已追查")]))
    stack.undo()
    assert target.legend == [("✓", "已核对")]
