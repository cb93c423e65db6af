"""SignOffDialog: the reviewer's 复核签字 (name, date, note)."""
from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QWidget)


class SignOffDialog(QDialog):
    def __init__(self, reviewer: str = "", summary: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("复核签字")
        self.setMinimumWidth(420)
        form = QFormLayout(self)
        if summary:
            s = QLabel(summary, self)
            s.setWordWrap(True)
            form.addRow(s)
        self.name = QLineEdit(reviewer, self)
        self.name.setPlaceholderText("复核人姓名")
        self.name.textChanged.connect(self._validate)
        form.addRow("复核人", self.name)
        self.date = QDateEdit(QDate.currentDate(), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        form.addRow("复核日期", self.date)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText("复核意见（可选）")
        self.note.setFixedHeight(70)
        form.addRow("复核意见", self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("签字")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._validate()

    def values(self) -> tuple[str, str, str]:
        """(name, date yyyy-MM-dd, note)."""
        return self.name.text().strip(), self.date.date().toString("yyyy-MM-dd"), self.note.toPlainText().strip()

    def _validate(self, *_args) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.name.text().strip()))
