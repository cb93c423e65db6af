"""FindBar: Ctrl+F — a search line over the page text and the grid; emits intents only."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class FindBar(QWidget):
    search_requested = Signal(str)  # the text to find (Enter / typing)
    step_requested = Signal(int)  # +1 next, -1 previous
    closed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 2, 6, 2)
        lay.addWidget(QLabel("查找", self))
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("页面文字、表格中的项目或数字…（Enter 下一个，Shift+Enter 上一个，Esc 关闭）")
        self.edit.setClearButtonEnabled(True)
        self.edit.returnPressed.connect(self._enter)
        lay.addWidget(self.edit, 1)
        self.result = QLabel(self)
        lay.addWidget(self.result)
        for text, step, tip in (("▲", -1, "上一个（Shift+F3）"), ("▼", 1, "下一个（F3）")):
            b = QToolButton(self)
            b.setText(text)
            b.setToolTip(tip)
            b.clicked.connect(lambda _c=False, s=step: self.step_requested.emit(s))
            lay.addWidget(b)
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("关闭（Esc）")
        close.clicked.connect(self.close_bar)
        lay.addWidget(close)
        self._last = ""
        self.hide()

    def open_bar(self, text: str = "") -> None:
        self.show()
        if text:
            self.edit.setText(text)
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def set_result(self, text: str) -> None:
        self.result.setText(text)

    def _enter(self) -> None:
        text = self.edit.text().strip()
        shift = bool(self.edit.property("shift"))
        if text != self._last:
            self._last = text
            self.search_requested.emit(text)
        else:
            self.step_requested.emit(-1 if shift else 1)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.step_requested.emit(-1)
            return
        super().keyPressEvent(event)
