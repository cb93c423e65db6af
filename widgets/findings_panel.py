"""FindingsPanel: the list of findings with severity / rule / table / text filters.

Thin: it shows a FindingsModel through a FindingsFilterModel and emits
`finding_activated(Finding)` when the auditor picks one (click, Enter, F8/Shift+F8 via
`select_next`/`select_previous`, which the window binds to its own shortcuts).
"""
from __future__ import annotations

from typing import Iterable, Mapping

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QToolButton, QTreeView, QVBoxLayout, QWidget)

from auditdesk.checks.finding import Finding, SEVERITY_ZH

from .findings_model import (COL_DIFF, COL_MESSAGE, COL_PAGE, COL_PLACE, COL_RULE, COL_SEVERITY,
                             COL_STATUS, COL_TABLE, FINDING_ROLE, FindingsFilterModel, FindingsModel,
                             severity_icon)
from .severity import SEVERITIES


class FindingsPanel(QWidget):
    finding_activated = Signal(object)  # Finding

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = FindingsModel(self)
        self.proxy = FindingsFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self._restoring = False

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 2)
        bar.setSpacing(6)
        self.severity_buttons: dict[str, QToolButton] = {}
        for sev in SEVERITIES:
            b = QToolButton(self)
            b.setCheckable(True)
            b.setChecked(True)
            b.setIcon(severity_icon(sev))
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            b.setText(f"{SEVERITY_ZH[sev]} 0")
            b.setToolTip(f"显示/隐藏“{SEVERITY_ZH[sev]}”级别的问题")
            b.toggled.connect(self._on_filter)
            self.severity_buttons[sev] = b
            bar.addWidget(b)
        bar.addSpacing(12)
        bar.addWidget(QLabel("规则", self))
        self.rule_combo = QComboBox(self)
        self.rule_combo.setMinimumContentsLength(6)
        self.rule_combo.currentIndexChanged.connect(self._on_filter)
        bar.addWidget(self.rule_combo)
        bar.addWidget(QLabel("表", self))
        self.table_combo = QComboBox(self)
        self.table_combo.setMinimumContentsLength(14)
        self.table_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.table_combo.currentIndexChanged.connect(self._on_filter)
        bar.addWidget(self.table_combo)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("搜索说明或项目…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_filter)
        bar.addWidget(self.search, 1)
        self.summary = QLabel(self)
        self.summary.setStyleSheet("color: palette(mid);")
        bar.addWidget(self.summary)

        self.view = QTreeView(self)
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COL_SEVERITY, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.header()
        header.setStretchLastSection(False)
        for col, width in ((COL_SEVERITY, 64), (COL_RULE, 52), (COL_TABLE, 200), (COL_PLACE, 170),
                           (COL_DIFF, 80), (COL_PAGE, 36), (COL_STATUS, 72)):
            self.view.setColumnWidth(col, width)
        header.setSectionResizeMode(COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.view.activated.connect(self._on_activated)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self._refill_combos({})

    # -------------------------------------------------------------- data
    def set_findings(self, findings: Iterable[Finding], table_titles: Mapping[str, str] | None = None,
                     statuses: Mapping[str, str] | None = None) -> None:
        """Replace the list; keeps the current finding (by key) without re-activating it."""
        current = self.current_finding()
        findings = list(findings)
        self._restoring = True
        try:
            self.model.set_findings(findings, table_titles, statuses)
            self._refill_combos(table_titles or {})
            counts = {s: 0 for s in SEVERITIES}
            for f in findings:
                counts[f.severity] = counts.get(f.severity, 0) + 1
            for sev, b in self.severity_buttons.items():
                b.setText(f"{SEVERITY_ZH[sev]} {counts.get(sev, 0)}")
            if current is not None:
                row = self.model.row_of(current.key_str)
                if row is not None:
                    idx = self.proxy.mapFromSource(self.model.index(row, 0))
                    if idx.isValid():
                        self.view.selectionModel().setCurrentIndex(
                            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect
                            | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._restoring = False
        self._update_summary()

    def _refill_combos(self, titles: Mapping[str, str]) -> None:
        findings = self.model.findings()
        for combo, items in (
            (self.rule_combo, sorted({f.rule for f in findings}, key=_rule_key)),
            (self.table_combo, sorted({f.location.table for f in findings if f.location.table})),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("全部", None)
            for item in items:
                label = f"{item} {titles.get(item, '')}".strip() if combo is self.table_combo else item
                combo.addItem(label, item)
            i = combo.findData(current)
            combo.setCurrentIndex(max(i, 0))
            combo.blockSignals(False)
        self._apply_filter()

    def _on_filter(self, *_args) -> None:
        self._apply_filter()
        self._update_summary()

    def _apply_filter(self) -> None:
        self.proxy.set_severities([s for s, b in self.severity_buttons.items() if b.isChecked()])
        self.proxy.set_rule(self.rule_combo.currentData())
        self.proxy.set_table(self.table_combo.currentData())
        self.proxy.set_text(self.search.text())

    def _update_summary(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.summary.setText(f"显示 {shown} / {total}" if shown != total else f"共 {total} 条")

    # -------------------------------------------------------------- navigation
    def current_finding(self) -> Finding | None:
        idx = self.view.currentIndex()
        return idx.data(FINDING_ROLE) if idx.isValid() else None

    def visible_count(self) -> int:
        return self.proxy.rowCount()

    def select_row(self, row: int) -> None:
        idx = self.proxy.index(row, 0)
        if idx.isValid():
            self.view.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.view.scrollTo(idx)

    def select_next(self) -> None:
        n = self.proxy.rowCount()
        if n:
            cur = self.view.currentIndex()
            self.select_row((cur.row() + 1) % n if cur.isValid() else 0)

    def select_previous(self) -> None:
        n = self.proxy.rowCount()
        if n:
            cur = self.view.currentIndex()
            self.select_row((cur.row() - 1) % n if cur.isValid() else n - 1)

    def _on_current(self, current, _previous) -> None:
        if self._restoring or not current.isValid():
            return
        f = current.data(FINDING_ROLE)
        if f is not None:
            self.finding_activated.emit(f)

    def _on_activated(self, index) -> None:
        f = index.data(FINDING_ROLE)
        if f is not None and not self._restoring:
            self.finding_activated.emit(f)


def _rule_key(rule: str) -> tuple[str, int]:
    digits = "".join(ch for ch in rule if ch.isdigit())
    return rule[:1], int(digits) if digits else 0
