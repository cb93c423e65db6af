"""TableGridView: the extracted grid of one table; emits the current cell as an intent.

The leading label columns (科目编码 / 科目名称 / 项目 …, as the model reports them) are frozen:
an overlaid view shows them over the left edge while the figures scroll sideways (Qt's
"frozen column" example), so a right-hand cell never loses its row's name. Tab moves
between cells and leaves the grid at its last cell (Ctrl+Tab always leaves).
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from .cell_delegate import CellDelegate
from .grid_model import GridModel


MAX_FROZEN_SHARE = 0.45  # never freeze more than this share of the viewport


class TableGridView(QTableView):
    cell_selected = Signal(int, int)  # row, column of the current cell (-1, -1 for none)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.frozen = QTableView(self)
        self._frozen_cols = 0
        self.setItemDelegate(CellDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setAlternatingRowColors(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        h = self.horizontalHeader()
        h.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        h.setHighlightSections(True)
        h.setMinimumSectionSize(48)
        v = self.verticalHeader()
        v.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        v.setDefaultSectionSize(self.fontMetrics().height() + 6)
        v.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        f = self.frozen
        f.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        f.verticalHeader().hide()
        f.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        f.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        f.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        f.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        f.setItemDelegate(CellDelegate(f))
        f.setWordWrap(False)
        f.setStyleSheet("QTableView { border: none; border-right: 2px solid palette(mid); }")
        f.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        f.verticalHeader().setDefaultSectionSize(v.defaultSectionSize())
        f.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        f.hide()
        self.verticalScrollBar().valueChanged.connect(f.verticalScrollBar().setValue)
        f.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        h.sectionResized.connect(self._on_section_resized)

    def setModel(self, model: GridModel) -> None:  # noqa: N802 - Qt override
        old = self.selectionModel()
        super().setModel(model)
        if old is not None:
            old.deleteLater()
        self.selectionModel().currentChanged.connect(self._on_current)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        model.modelReset.connect(self.fit_columns)
        self.fit_columns()

    # ---------------------------------------------------------------- the frozen label columns
    def frozen_columns(self) -> int:
        return self._frozen_cols

    def _freeze(self) -> None:
        model = self.model()
        n = model.leading_label_columns() if model is not None and hasattr(model, "leading_label_columns") else 0
        width = 0
        keep = 0
        for c in range(n):
            width += self.columnWidth(c)
            if width > self.viewport().width() * MAX_FROZEN_SHARE and keep:
                break
            keep = c + 1
        self._frozen_cols = keep
        f = self.frozen
        if not keep:
            f.hide()
            return
        cols = model.columnCount()
        for c in range(cols):
            f.setColumnHidden(c, c >= keep)
            if c < keep:
                f.setColumnWidth(c, self.columnWidth(c))
        f.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        f.show()
        f.raise_()
        self._place_frozen()

    def _on_section_resized(self, col: int, _old: int, new: int) -> None:
        if col < self._frozen_cols:
            self.frozen.setColumnWidth(col, new)
            self._place_frozen()

    def _place_frozen(self) -> None:
        if not self._frozen_cols:
            return
        width = sum(self.columnWidth(c) for c in range(self._frozen_cols))
        x = self.verticalHeader().width() + self.frameWidth()
        self.frozen.setGeometry(x, self.frameWidth(), width + 2,
                                self.viewport().height() + self.horizontalHeader().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._place_frozen()

    def updateGeometries(self) -> None:  # noqa: N802 - Qt override
        super().updateGeometries()
        self._place_frozen()

    def moveCursor(self, action, modifiers):  # noqa: N802 - Qt override
        """Keyboard moves into a frozen column scroll the figures back to the left edge."""
        current = super().moveCursor(action, modifiers)
        if current.isValid() and action == QAbstractItemView.CursorAction.MoveLeft \
                and current.column() >= self._frozen_cols:
            frozen_width = sum(self.columnWidth(c) for c in range(self._frozen_cols))
            if self.visualRect(current).topLeft().x() < frozen_width:
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() + self.visualRect(current).topLeft().x() - frozen_width)
        return current

    def scrollTo(self, index, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:  # noqa: N802
        """Frozen cells scroll only vertically; other cells are never left under the frozen ones."""
        bar = self.horizontalScrollBar()
        keep = bar.value()
        super().scrollTo(index, hint)
        if not self._frozen_cols or not index.isValid():
            return
        if index.column() < self._frozen_cols:
            bar.setValue(keep)
            return
        frozen_width = sum(self.columnWidth(c) for c in range(self._frozen_cols))
        left = self.visualRect(index).left()
        if left < frozen_width:
            bar.setValue(bar.value() - (frozen_width - left))

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 - Qt override
        """Tab walks the cells, but at the last (Shift+Tab: first) cell it leaves the grid."""
        cur = self.currentIndex()
        model = self.model()
        if model is not None and cur.isValid() and self.tabKeyNavigation():
            last = (model.rowCount() - 1, model.columnCount() - 1)
            at_end = (cur.row(), cur.column()) == last if forward else (cur.row(), cur.column()) == (0, 0)
            if not at_end:
                return super().focusNextPrevChild(forward)
        return QWidget.focusNextPrevChild(self, forward)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Tab and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            QWidget.focusNextPrevChild(self, True)  # Ctrl+Tab: out of the grid, always
            return
        if event.key() == Qt.Key.Key_Backtab and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            QWidget.focusNextPrevChild(self, False)
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        super().keyPressEvent(event)

    def fit_columns(self) -> None:
        """Size columns to contents (bounded) and give the header room for 2-line titles."""
        model = self.model()
        if model is None:
            return
        fm = self.fontMetrics()
        self.horizontalHeader().setFixedHeight(fm.height() * 2 + 14)
        for c in range(model.columnCount()):
            head = str(model.headerData(c, Qt.Orientation.Horizontal) or "")
            width = max((fm.horizontalAdvance(line) for line in head.split("\n")), default=0)
            for r in range(min(model.rowCount(), 200)):
                text = model.data(model.index(r, c))
                if text:
                    width = max(width, fm.horizontalAdvance(str(text)))
            self.setColumnWidth(c, max(56, min(width + 22, 320)))
        self._freeze()

    def select_cell(self, row: int, col: int) -> None:
        model = self.model()
        if model is None:
            return
        idx = model.index(row, max(col, 0))
        if not idx.isValid():
            return
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.selectionModel().setCurrentIndex(idx, flags)
        self.scrollTo(idx, QAbstractItemView.ScrollHint.EnsureVisible)

    def _on_current(self, current, _previous) -> None:
        if current.isValid():
            self.cell_selected.emit(current.row(), current.column())
        else:
            self.cell_selected.emit(-1, -1)

    def copy_selection(self) -> None:
        """Copy the selected block as tab-separated text (pastes into Excel)."""
        indexes = sorted(self.selectedIndexes(), key=lambda i: (i.row(), i.column()))
        if not indexes:
            return
        rows: dict[int, dict[int, str]] = {}
        for i in indexes:
            rows.setdefault(i.row(), {})[i.column()] = str(i.data(Qt.ItemDataRole.EditRole) or "")
        cols = sorted({i.column() for i in indexes})
        text = "\n".join("\t".join(r.get(c, "") for c in cols) for _, r in sorted(rows.items()))
        QGuiApplication.clipboard().setText(text)
