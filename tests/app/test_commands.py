"""Undo commands take the review session (never the window) and call one session method;
the session's change events carry each step to whoever listens."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from auditdesk.app.commands import (EditCellCommand, PasteCellsCommand, SetFindingStatusCommand, SetNoteCommand,
                                    SetTickLegendCommand)
from auditdesk.app.session import Anchor, ReviewSession
from auditdesk.parsing.model import Cell, Document, Row, Table


@pytest.fixture
def session(tmp_path):
    table = Table("T01", "支出决算表", None, "万元", [1], [], ["项目", "合计"],
                  [Row([Cell.of("行政运行", 1), Cell.of("85.69", 1, (1, 2, 3, 4))], 1, (0, 0, 9, 9), label="行政运行")])
    doc = Document(str(tmp_path / "x.pdf"), "0" * 64, 1, None, None, None, [table], [])
    s = ReviewSession(doc, tmp_path / "x.pdf")
    s.events = []
    s.connect(lambda kind, payload: s.events.append((kind, payload)))
    return s


def test_edit_round_trip(qapp, session):
    stack = QUndoStack()
    stack.push(EditCellCommand(session, "T01", 0, 1, "86.69", "张三"))
    cell = session.cell("T01", 0, 1)
    assert cell.text == "86.69" and cell.original == "85.69" and cell.edited
    assert stack.undoText() == "修改 支出决算表 / 行政运行 / 合计：85.69 → 86.69"
    assert not stack.isClean()
    stack.undo()
    cell = session.cell("T01", 0, 1)
    assert cell.text == "85.69" and not cell.edited and cell.bbox == (1, 2, 3, 4)
    assert stack.isClean()
    stack.redo()
    assert session.cell("T01", 0, 1).text == "86.69"
    assert [e.action for e in session.log] == ["edit", "undo", "redo"]
    assert session.events == [("edit", ("T01", 0, 1))] * 3  # the models learn of each step from the session


def test_paste_is_one_step(qapp, session):
    stack = QUndoStack()
    stack.push(PasteCellsCommand(session, "T01", [(0, 0, "行政运行"), (0, 1, "1.00")], "张三"))
    assert stack.undoText() == "粘贴 1 个单元格到 支出决算表"
    stack.undo()
    assert session.cell("T01", 0, 1).text == "85.69"


def test_status_command_round_trip(qapp, session):
    key = "A8|T01|行政运行|合计|"
    stack = QUndoStack()
    stack.push(SetFindingStatusCommand(session, key, "已确认问题", "张三", label="F0001"))
    assert stack.undoText() == "问题 F0001 标记为「已确认问题」"
    stack.push(SetFindingStatusCommand(session, key, "已排除", "张三", reason="尾差", label="F0001"))
    assert session.status_of(key).reason == "尾差"
    stack.undo()
    assert session.status_of(key).status == "已确认问题"
    stack.undo()
    assert session.status_of(key) is None  # back to no status at all
    stack.redo()
    stack.redo()
    assert session.status_of(key).status == "已排除"
    assert ("status", key) in session.events


def test_note_command_keeps_its_id_across_undo(qapp, session):
    stack = QUndoStack()
    anchor = Anchor.for_cell(session.doc, "T01", 0, 1)
    stack.push(SetNoteCommand(session, anchor, "已核对", "✓", who="张三"))
    assert stack.undoText() == "添加批注 支出决算表 / 行政运行 / 合计：✓ 已核对"
    (ann_id,) = session.annotations
    stack.push(SetNoteCommand(session, ann_id=ann_id, text="已核对两遍", tick=None))
    stack.push(SetNoteCommand(session, ann_id=ann_id, remove=True))
    assert not session.annotations
    stack.undo()
    assert session.annotations[ann_id].text == "已核对两遍"
    stack.undo()
    stack.undo()
    assert not session.annotations
    stack.redo()  # re-added under the same id, so the later commands still apply
    stack.redo()
    stack.redo()
    assert not session.annotations
    before = list(session.tick_legend)
    stack.push(SetTickLegendCommand(session, before + [("T", "已追查")]))
    stack.undo()
    assert session.tick_legend == before
