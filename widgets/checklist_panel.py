"""ChecklistPanel: the 公开情况检查表 of the open document — one line per template row with its
是/否, the problems under it; activating a problem (or a row) asks to show its place on the
page, and the auditor can set a row's 是/否 (the controller makes that an undoable command)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from auditdesk.checks.vocabulary import SEVERITY_COLOR, VERDICT_FILL

ROW_ID = Qt.ItemDataRole.UserRole
PLACE = Qt.ItemDataRole.UserRole + 1


class ChecklistPanel(QWidget):
    # (page, bbox or None, severity): show this place on the page
    evidence_requested = Signal(int, object, str)
    # (row id, 是 / 否 / None = back to the decided value)
    verdict_requested = Signal(str, object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._yes, self._no = "是", "否"
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(self)
        self.summary.setContentsMargins(6, 4, 6, 2)
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["检查内容", "符合要求", "问题（双击看页面）"])
        self.tree.setColumnWidth(0, 300)
        self.tree.setColumnWidth(1, 70)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemActivated.connect(self._activated)
        lay.addWidget(self.tree, 1)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 4)
        self.yes_button = QPushButton("改为“是”", self)
        self.no_button = QPushButton("改为“否”", self)
        self.auto_button = QPushButton("恢复自动判定", self)
        for b, v in ((self.yes_button, "yes"), (self.no_button, "no"), (self.auto_button, None)):
            b.clicked.connect(lambda _c=False, v=v: self._request(v))
            bar.addWidget(b)
        bar.addStretch(1)
        lay.addLayout(bar)

    def set_checklist(self, filled: Any) -> None:
        """Show a FilledChecklist (or None)."""
        self.tree.clear()
        if filled is None:
            self.summary.setText("")
            return
        tpl = filled.template
        self._yes, self._no = tpl.yes, tpl.no
        no = 0
        for res in filled.rows:
            verdict = res.verdict or "（人工判断）"
            item = QTreeWidgetItem([res.row.name, verdict, f"{len(res.problems)} 个问题" if res.problems else ""])
            item.setData(0, ROW_ID, res.row.id)
            item.setData(0, PLACE, (res.page, res.bbox, "info") if res.page else None)
            fill = VERDICT_FILL.get(self._canonical(res.verdict))
            if fill:
                item.setBackground(1, QBrush(QColor(fill)))
            if res.override is not None:
                item.setToolTip(1, f"审核人改判（自动判定：{res.auto or '未判定'}）" + (f"：{res.override[1]}" if res.override[1] else ""))
                f = item.font(1)
                f.setItalic(True)
                item.setFont(1, f)
            no += res.verdict == tpl.no
            for k, p in enumerate(res.problems, 1):
                child = QTreeWidgetItem(["", "", f"{k}. {p.text}"])
                child.setToolTip(2, p.text)
                child.setData(0, ROW_ID, res.row.id)
                child.setData(0, PLACE, (p.page, p.mark or p.bbox, p.severity) if p.page else None)
                child.setForeground(2, QBrush(QColor(SEVERITY_COLOR.get(p.severity, "#000000"))))
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setExpanded(bool(res.problems) and res.verdict == tpl.no)
        self.summary.setText(f"{filled.title}：{len(filled.rows)} 行，“{tpl.no}” {no} 行。"
                             "双击问题查看页面位置；选中一行后可改判“是/否”（可撤销，记入修改记录）。")

    def _canonical(self, verdict: str | None) -> str | None:
        return {self._yes: "是", self._no: "否"}.get(verdict or "")

    def current_row_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, ROW_ID) if item is not None else None

    def _request(self, which: str | None) -> None:
        rid = self.current_row_id()
        if rid is not None:
            self.verdict_requested.emit(rid, {"yes": self._yes, "no": self._no}.get(which) if which else None)

    def _activated(self, item: QTreeWidgetItem, _col: int) -> None:
        place = item.data(0, PLACE)
        if place is None and item.childCount():
            place = item.child(0).data(0, PLACE)
        if place:
            page, bbox, severity = place
            self.evidence_requested.emit(int(page), bbox, severity)
