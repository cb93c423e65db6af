"""LegendDialog: edit the 审计标识说明 (tick mark → meaning). Marks still in use cannot be removed."""
from __future__ import annotations

from typing import Iterable, Sequence

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)


class LegendDialog(QDialog):
    def __init__(self, legend: Sequence[tuple[str, str]], used: Iterable[str] = (),
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("审计标识")
        self.setMinimumSize(420, 320)
        self.used = set(used)
        lay = QVBoxLayout(self)
        hint = QLabel("审计标识在批注中使用，并写入工作底稿的“审计标识说明”。正在使用的标识不能删除。", self)
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["标识", "含义"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 70)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton("添加", self)
        self.add_button.clicked.connect(lambda: self.add_row("", ""))
        self.remove_button = QPushButton("删除", self)
        self.remove_button.clicked.connect(self.remove_current)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #b00;")
        lay.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        for mark, meaning in legend:
            self.add_row(mark, meaning)

    def add_row(self, mark: str, meaning: str) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(mark))
        self.table.setItem(r, 1, QTableWidgetItem(meaning))
        if not mark:
            self.table.setCurrentCell(r, 0)
            self.table.editItem(self.table.item(r, 0))

    def remove_current(self) -> None:
        r = self.table.currentRow()
        if r < 0:
            return
        mark = (self.table.item(r, 0).text() if self.table.item(r, 0) else "").strip()
        if mark in self.used:
            self.message.setText(f"标识 {mark} 仍在批注中使用，不能删除。")
            return
        self.table.removeRow(r)
        self.message.clear()

    def legend(self) -> list[tuple[str, str]]:
        out, seen = [], set()
        for r in range(self.table.rowCount()):
            mark = (self.table.item(r, 0).text() if self.table.item(r, 0) else "").strip()
            meaning = (self.table.item(r, 1).text() if self.table.item(r, 1) else "").strip()
            if mark and mark not in seen:
                seen.add(mark)
                out.append((mark, meaning))
        return out

    def accept(self) -> None:
        missing = self.used - {m for m, _ in self.legend()}
        if missing:
            self.message.setText(f"标识 {''.join(sorted(missing))} 仍在使用，不能删除。")
            return
        super().accept()
