"""CellDelegate: paints what the GridModel reports — an edited-cell marker and a severity
bar — and edits with a plain line editor (numbers are parsed by `parsing`, not here)."""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPolygonF
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from .grid_model import EDITED_ROLE, SEVERITY_ROLE
from .severity import STRONG

EDIT_MARK = QColor(0, 120, 215)


class CellDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        super().paint(painter, option, index)
        r = option.rect
        severity = index.data(SEVERITY_ROLE)
        edited = index.data(EDITED_ROLE)
        if not severity and not edited:
            return
        painter.save()
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
