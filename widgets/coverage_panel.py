"""CoveragePanel: which rules ran, which could not (and why, in the document's own words),
which do not apply — so "no finding" never looks like "checked and clean"."""
from __future__ import annotations

from typing import Iterable

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from auditdesk.checks.vocabulary import COVERAGE_COLOR, COVERAGE_ZH, NOT_APPLICABLE, RAN, SKIPPED

ORDER = {SKIPPED: 0, NOT_APPLICABLE: 1, RAN: 2}


class CoveragePanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(self)
        self.summary.setContentsMargins(6, 4, 6, 2)
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["规则", "名称", "结果", "原因"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        for col, width in ((0, 52), (1, 260), (2, 64)):
            self.tree.setColumnWidth(col, width)
        lay.addWidget(self.tree, 1)

    def set_coverage(self, rows: Iterable[tuple[str, str, str, str]]) -> None:
        """rows: (rule id, rule name, status ran/skipped/not_applicable, why) — skipped first."""
        rows = sorted(rows, key=lambda r: (ORDER.get(r[2], 3), r[0][:1], int(r[0][1:] or 0) if r[0][1:].isdigit() else 0))
        self.tree.clear()
        counts = {s: 0 for s in ORDER}
        for rule, name, status, why in rows:
            counts[status] = counts.get(status, 0) + 1
            item = QTreeWidgetItem([rule, name, COVERAGE_ZH.get(status, status), why])
            item.setForeground(2, QBrush(QColor(COVERAGE_COLOR.get(status, "#000000"))))
            item.setToolTip(3, why)
            self.tree.addTopLevelItem(item)
        self.summary.setText(f"共 {len(rows)} 条规则：{COVERAGE_ZH[RAN]} {counts[RAN]}，"
                             f"<b style='color:{COVERAGE_COLOR[SKIPPED]}'>{COVERAGE_ZH[SKIPPED]} {counts[SKIPPED]}</b>，"
                             f"{COVERAGE_ZH[NOT_APPLICABLE]} {counts[NOT_APPLICABLE]}。"
                             "未检查的规则没有得出“无问题”的结论。")

    def skipped(self) -> list[tuple[str, str]]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.text(2) == COVERAGE_ZH[SKIPPED]:
                out.append((item.text(0), item.text(3)))
        return out
