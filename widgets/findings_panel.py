"""FindingsPanel: the list of findings with severity / rule / table / status / text filters.

Thin: it shows a FindingsModel through a FindingsFilterModel and emits intents:
`finding_activated(Finding)` when the auditor picks one (click, Enter, F8/Shift+F8 via
`select_next`/`select_previous`, which the window binds to its own shortcuts),
`status_requested(Finding, status)` from the status buttons / context menu (the window
asks for the reason of 已排除 and pushes an undoable command), `note_requested(Finding)`.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMenu, QToolButton, QTreeView, QVBoxLayout, QWidget)

from auditdesk.checks.finding import Finding, SEVERITY_ZH

from .findings_model import (COL_DIFF, COL_MESSAGE, COL_NOTE, COL_PAGE, COL_PLACE, COL_RULE,
                             COL_SEVERITY, COL_STATUS, COL_TABLE, CONFIRMED, DISMISSED, FINDING_ROLE,
                             PENDING, FindingsFilterModel, FindingsModel, severity_icon)

# status filter choices: label → statuses shown (None: all)
STATUS_FILTERS: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    ("全部状态", None),
    ("未排除", (PENDING, CONFIRMED)),
    (PENDING, (PENDING,)),
    (CONFIRMED, (CONFIRMED,)),
    (DISMISSED, (DISMISSED,)),
)
# button / menu texts for the status intents (the window binds Ctrl+1/2/3 to the same)
STATUS_ACTIONS: tuple[tuple[str, str, str], ...] = (
    (PENDING, PENDING, "Ctrl+1"),
    (CONFIRMED, "确认问题", "Ctrl+2"),
    (DISMISSED, "排除…", "Ctrl+3"),
)
from .severity import SEVERITIES
from auditdesk.checks.vocabulary import COVERAGE_ZH, SKIPPED


class FindingsPanel(QWidget):
    finding_activated = Signal(object)  # Finding
    status_requested = Signal(object, str)  # Finding, status (已排除: the window asks why)
    note_requested = Signal(object)  # Finding
    coverage_requested = Signal()  # the 未检查 count was clicked: show the coverage panel

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
        self.skipped_button = QToolButton(self)
        self.skipped_button.setIcon(severity_icon("skipped"))
        self.skipped_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.skipped_button.setText(f"{COVERAGE_ZH[SKIPPED]} 0")
        self.skipped_button.setToolTip("未能执行的检查规则（缺少所需的表格或数据）：点击查看原因")
        self.skipped_button.clicked.connect(self.coverage_requested)
        bar.addWidget(self.skipped_button)
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
        bar.addWidget(QLabel("状态", self))
        self.status_combo = QComboBox(self)
        for label, statuses in STATUS_FILTERS:
            self.status_combo.addItem(label, statuses)
        self.status_combo.currentIndexChanged.connect(self._on_filter)
        bar.addWidget(self.status_combo)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("搜索说明或项目…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_filter)
        bar.addWidget(self.search, 1)
        self.summary = QLabel(self)
        self.summary.setStyleSheet("color: palette(mid);")
        bar.addWidget(self.summary)
        bar.addSpacing(8)
        self.status_buttons: dict[str, QToolButton] = {}
        for status, text, key in STATUS_ACTIONS:
            b = QToolButton(self)
            b.setText(text)
            b.setToolTip(f"把选中的问题标记为“{status}”（{key}）")
            b.clicked.connect(lambda _checked=False, s=status: self._request_status(s))
            self.status_buttons[status] = b
            bar.addWidget(b)
        self.note_button = QToolButton(self)
        self.note_button.setText("批注…")
        self.note_button.setToolTip("为选中的问题添加或修改批注（Shift+F2）")
        self.note_button.clicked.connect(self._request_note)
        bar.addWidget(self.note_button)

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
                           (COL_DIFF, 80), (COL_PAGE, 36), (COL_STATUS, 84), (COL_NOTE, 160)):
            self.view.setColumnWidth(col, width)
        header.setSectionResizeMode(COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.view.activated.connect(self._on_activated)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self._refill_combos({})
        self._update_buttons()
        self._current_key: str | None = None
        self._current_row = -1
        self.model.modelAboutToBeReset.connect(self._before_reset)
        self.model.modelReset.connect(self._after_reset)
        self.model.statuses_changed.connect(self._on_statuses)

    def bind(self, session: Any) -> None:
        """Follow a review session's findings, statuses and notes (through the model)."""
        self.model.bind(session)

    # -------------------------------------------------------------- data
    def set_findings(self, findings: Iterable[Finding], table_titles: Mapping[str, str] | None = None,
                     statuses: Mapping[str, str] | None = None) -> None:
        """Replace the list (without a session); the panel follows the model's reset."""
        self.model.set_findings(list(findings), table_titles, statuses)

    def _before_reset(self) -> None:
        f = self.current_finding()
        self._current_key = f.key_str if f is not None else None
        cur = self.view.currentIndex()
        self._current_row = cur.row() if cur.isValid() else -1

    def _after_reset(self) -> None:
        """Counts and filters follow the new list; the current finding stays current (by key)
        without re-activating it. When a fix removed it, the one now in its place is
        selected *and shown*, so the list and the page never disagree."""
        findings = self.model.findings()
        self._restoring = True
        try:
            self._refill_combos(self.model._titles)
            counts = {s: 0 for s in SEVERITIES}
            for f in findings:
                counts[f.severity] = counts.get(f.severity, 0) + 1
            for sev, b in self.severity_buttons.items():
                b.setText(f"{SEVERITY_ZH[sev]} {counts.get(sev, 0)}")
            skipped = [c for c in self.model.coverage if c.status == SKIPPED]
            self.skipped_button.setText(f"{COVERAGE_ZH[SKIPPED]} {len(skipped)}")
            self.skipped_button.setEnabled(bool(self.model.coverage))
            kept = self._current_key is not None and self.select_key(self._current_key)
        finally:
            self._restoring = False
        if self._current_key is not None and not kept and self.proxy.rowCount():
            self.select_row(min(max(self._current_row, 0), self.proxy.rowCount() - 1))  # shown: not restoring
        self._current_key = None
        self._update_summary()

    def _on_statuses(self) -> None:
        self._update_summary()
        self._update_buttons()

    def set_statuses(self, statuses: Mapping[str, str], details: Mapping[str, str] | None = None) -> None:
        self.model.set_statuses(statuses, details)
        self._on_statuses()

    def set_notes(self, notes: Mapping[str, str]) -> None:
        self.model.set_notes(notes)

    def set_status_filter(self, statuses: Iterable[str] | None) -> None:
        want = None if statuses is None else tuple(statuses)
        for i in range(self.status_combo.count()):
            data = self.status_combo.itemData(i)
            if (data is None and want is None) or (data is not None and want is not None
                                                    and set(data) == set(want)):
                self.status_combo.setCurrentIndex(i)
                return
        raise ValueError(f"no status filter {statuses!r}")

    # -------------------------------------------------------------- intents
    def _request_status(self, status: str, finding: Finding | None = None) -> None:
        f = finding or self.current_finding()
        if f is not None:
            self.status_requested.emit(f, status)

    def _request_note(self, _checked: bool = False, finding: Finding | None = None) -> None:
        f = finding or self.current_finding()
        if f is not None:
            self.note_requested.emit(f)

    def context_menu_for(self, f: Finding) -> QMenu:
        """The menu shown on right click (built here so tests can inspect it)."""
        menu = QMenu(self)
        current = self.model.status(f)
        for status, text, key in STATUS_ACTIONS:
            a = menu.addAction(f"标记为“{status}”" if status != DISMISSED else "排除（需填写理由）…")
            a.setShortcut(key)
            a.setCheckable(True)
            a.setChecked(current == status)
            a.triggered.connect(lambda _c=False, s=status, f=f: self._request_status(s, f))
        menu.addSeparator()
        a = menu.addAction("批注…")
        a.setShortcut("Shift+F2")
        a.triggered.connect(lambda _c=False, f=f: self._request_note(finding=f))
        return menu

    def _context_menu(self, pos) -> None:
        idx = self.view.indexAt(pos)
        f = idx.data(FINDING_ROLE) if idx.isValid() else None
        if f is None:
            return
        self.view.setCurrentIndex(idx)
        self.context_menu_for(f).popup(self.view.viewport().mapToGlobal(pos))

    def _update_buttons(self) -> None:
        f = self.current_finding()
        for b in self.status_buttons.values():
            b.setEnabled(f is not None)
        self.note_button.setEnabled(f is not None)

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
        self.proxy.set_statuses(self.status_combo.currentData())
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

    def select_key(self, key: str) -> bool:
        """Make the finding with this Finding.key_str current (if it is shown)."""
        row = self.model.row_of(key)
        if row is None:
            return False
        idx = self.proxy.mapFromSource(self.model.index(row, 0))
        if not idx.isValid():
            return False
        self.select_row(idx.row())
        return True

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
        self._update_buttons()
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
