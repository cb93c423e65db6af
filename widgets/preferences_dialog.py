"""PreferencesDialog: the auditor's name (编制人 in the session and the 底稿) — asked once."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget


class PreferencesDialog(QDialog):
    def __init__(self, user_name: str = "", *, first_time: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("首选项")
        self.setMinimumWidth(380)
        form = QFormLayout(self)
        if first_time:
            hint = QLabel("请填写您的姓名：修改记录、批注和工作底稿的“编制人员”都会用它。以后可在 编辑 ▸ 首选项 中修改。",
                          self)
            hint.setWordWrap(True)
            form.addRow(hint)
        self.name = QLineEdit(user_name, self)
        self.name.setPlaceholderText("例如：张三")
        self.name.textChanged.connect(self._validate)
        form.addRow("审计人员姓名", self.name)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._validate()

    def user_name(self) -> str:
        return self.name.text().strip()

    def _validate(self, *_args) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.user_name()))
