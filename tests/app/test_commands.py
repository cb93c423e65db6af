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
