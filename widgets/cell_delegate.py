"""CellDelegate: paints what the GridModel reports — an edited-cell marker (blue, top right),
a note marker (orange, top left, with the tick mark beside it) and a severity bar — and
edits with a plain line editor (numbers are parsed by `parsing`, not here)."""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPolygonF
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from .grid_model import EDITED_ROLE, LOW_CONFIDENCE_ROLE, NOTE_ROLE, SEVERITY_ROLE, TICK_ROLE
from .severity import EDITED as EDIT_MARK
from .severity import NOTE as NOTE_MARK
from .severity import OCR as OCR_MARK
from .severity import STRONG
from .severity import TICK as TICK_COLOR


class CellDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        super().paint(painter, option, index)
        r = option.rect
        severity = index.data(SEVERITY_ROLE)
        edited = index.data(EDITED_ROLE)
        note = index.data(NOTE_ROLE)
        doubtful = index.data(LOW_CONFIDENCE_ROLE)
        if not severity and not edited and not note and doubtful is None:
            return
        painter.save()
        if doubtful is not None:  # OCR read it with low confidence: a dashed purple frame
            pen = painter.pen()
            pen.setColor(OCR_MARK)
            pen.setStyle(Qt.PenStyle.DashLine)
            pen.setWidthF(1.5)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(r.adjusted(1, 1, -2, -2))
            painter.setPen(Qt.PenStyle.NoPen)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        if severity:
            painter.setBrush(STRONG.get(severity, STRONG["info"]))
            painter.drawRect(r.left(), r.top() + 1, 3, r.height() - 2)
        if edited:  # small triangle in the top-right corner, as Excel marks a comment
            painter.setBrush(EDIT_MARK)
            s = 7
            painter.drawPolygon(QPolygonF([QPointF(r.right() - s, r.top()), QPointF(r.right() + 1, r.top()),
                                           QPointF(r.right() + 1, r.top() + s)]))
        if note:  # orange triangle in the top-left corner; the tick mark beside it
            painter.setBrush(NOTE_MARK)
            s = 8
            painter.drawPolygon(QPolygonF([QPointF(r.left(), r.top()), QPointF(r.left() + s, r.top()),
                                           QPointF(r.left(), r.top() + s)]))
            tick = index.data(TICK_ROLE)
            if tick:
                font = QFont(option.font)
                font.setBold(True)
                font.setPointSizeF(max(6.5, option.font.pointSizeF() * 0.8))
                painter.setFont(font)
                painter.setPen(TICK_COLOR)
                painter.drawText(r.adjusted(5 if severity else 3, 0, 0, 0),
                                 int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), tick)
        painter.restore()

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index) -> QWidget:  # noqa: N802
        editor = QLineEdit(parent)
        editor.setFrame(False)
        align = index.data(Qt.ItemDataRole.TextAlignmentRole)
        if align is not None:
            editor.setAlignment(Qt.AlignmentFlag(int(align)))
        return editor

    def setEditorData(self, editor: QWidget, index) -> None:  # noqa: N802
        editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.selectAll()

    def setModelData(self, editor: QWidget, model, index) -> None:  # noqa: N802
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
