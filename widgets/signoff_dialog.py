"""SignOffDialog: the reviewer's 复核签字 (name, date, note).

Before signing it lists the findings still 待核实, and it will not sign in the preparer's
name: a reviewer is someone else."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QListWidget, QPlainTextEdit, QWidget)

from auditdesk.checks.vocabulary import PENDING, VOID_COLOR


class SignOffDialog(QDialog):
    def __init__(self, reviewer: str = "", summary: str = "", parent: QWidget | None = None, *,
                 open_findings: Sequence[str] = (), preparer: str = ""):
        super().__init__(parent)
        self.setWindowTitle("复核签字")
        self.setMinimumWidth(480)
        self.preparer = preparer.strip()
        form = QFormLayout(self)
        if summary:
            s = QLabel(summary, self)
            s.setWordWrap(True)
            form.addRow(s)
        self.open_list: QListWidget | None = None
        if open_findings:
            warn = QLabel(f"<span style='color:{VOID_COLOR}'>⚠ 以下 {len(open_findings)} 个问题仍为“{PENDING}”，"
                          "签字即表示复核人知悉：</span>", self)
            warn.setWordWrap(True)
            form.addRow(warn)
            self.open_list = QListWidget(self)
            self.open_list.addItems(list(open_findings))
            self.open_list.setMaximumHeight(140)
            form.addRow(self.open_list)
        self.name = QLineEdit(reviewer if reviewer.strip() != self.preparer else "", self)
        self.name.setPlaceholderText("复核人姓名（不能是编制人）")
        self.name.textChanged.connect(self._validate)
        form.addRow("复核人", self.name)
        self.message = QLabel(self)
        self.message.setStyleSheet(f"color: {VOID_COLOR};")
        form.addRow(self.message)
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

    def _ok(self) -> bool:
        name = self.name.text().strip()
        return bool(name) and name != self.preparer

    def accept(self) -> None:
        if self._ok():
            super().accept()

    def _validate(self, *_args) -> None:
        name = self.name.text().strip()
        self.message.setText(f"复核人不能与编制人（{self.preparer}）为同一人" if name and name == self.preparer else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self._ok())
