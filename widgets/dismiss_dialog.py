"""DismissDialog: 排除 a finding — a reason is required, a comment is optional."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QPlainTextEdit, QWidget)

# reasons auditors give most often; the field stays free text
COMMON_REASONS = (
    "尾差，系四舍五入所致",
    "口径不同，已核实无误",
    "表格提取有误，原表无误",
    "已与被审计单位核实，无问题",
)


class DismissDialog(QDialog):
    def __init__(self, finding_text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("排除问题")
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        what = QLabel(finding_text, self)
        what.setWordWrap(True)
        what.setStyleSheet("color: #444;")
        form.addRow("问题", what)
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        self.reason.addItem("")
        self.reason.addItems(COMMON_REASONS)
        self.reason.setCurrentIndex(0)
        self.reason.lineEdit().setPlaceholderText("必填：为什么排除")
        self.reason.currentTextChanged.connect(self._validate)
        form.addRow("排除理由 *", self.reason)
        self.comment = QPlainTextEdit(self)
        self.comment.setPlaceholderText("可选：审核意见、核实过程")
        self.comment.setFixedHeight(70)
        form.addRow("审核意见", self.comment)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("排除")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._validate()

    def set_values(self, reason: str, comment: str = "") -> None:
        self.reason.setCurrentText(reason)
        self.comment.setPlainText(comment)

    def values(self) -> tuple[str, str]:
        return self.reason.currentText().strip(), self.comment.toPlainText().strip()

    def _validate(self, *_args) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.reason.currentText().strip()))

    def accept(self) -> None:
        if not self.reason.currentText().strip():  # Enter in the field with no reason
            return
        super().accept()
