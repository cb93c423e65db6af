"""NoteDialog: the auditor's note on a cell, row, table, finding or page region — free text
plus an optional 审计标识 (tick mark) chosen from the session's legend."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QPlainTextEdit, QPushButton, QWidget)


class NoteDialog(QDialog):
    legend_requested = Signal()  # "编辑标识…": the window opens the legend editor
    delete_requested = Signal()

    def __init__(self, where: str, legend: Sequence[tuple[str, str]], *, text: str = "",
                 tick: str | None = None, existing: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("修改批注" if existing else "添加批注")
        self.setMinimumWidth(420)
        form = QFormLayout(self)
        target = QLabel(where, self)
        target.setWordWrap(True)
        form.addRow("位置", target)
        self.tick = QComboBox(self)
        self.set_legend(legend, tick)
        form.addRow("审计标识", self.tick)
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText("批注内容（可为空，仅打审计标识）")
        self.text.setPlainText(text)
        self.text.setFixedHeight(90)
        form.addRow("批注", self.text)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.delete_button: QPushButton | None = None
        if existing:
            self.delete_button = self.buttons.addButton("删除批注", QDialogButtonBox.ButtonRole.DestructiveRole)
            self.delete_button.clicked.connect(self._delete)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text.textChanged.connect(self._validate)
        self.tick.currentIndexChanged.connect(self._validate)
        form.addRow(self.buttons)
        self._validate()

    def set_legend(self, legend: Sequence[tuple[str, str]], tick: str | None = None) -> None:
        current = tick if tick is not None else self.tick.currentData()
        self.tick.blockSignals(True)
        self.tick.clear()
        self.tick.addItem("（无）", None)
        for mark, meaning in legend:
            self.tick.addItem(f"{mark}　{meaning}", mark)
        i = self.tick.findData(current) if current else 0
        self.tick.setCurrentIndex(max(i, 0))
        self.tick.blockSignals(False)

    def values(self) -> tuple[str, str | None]:
        return self.text.toPlainText().strip(), self.tick.currentData()

    def set_values(self, text: str, tick: str | None) -> None:
        self.text.setPlainText(text)
        i = self.tick.findData(tick) if tick else 0
        self.tick.setCurrentIndex(max(i, 0))

    def _validate(self, *_args) -> None:
        text, tick = self.values()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text or tick))

    def _delete(self) -> None:
        self.delete_requested.emit()
        self.done(QDialog.DialogCode.Rejected)
