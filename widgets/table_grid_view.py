"""TableGridView: the extracted grid of one table; emits the current cell as an intent."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from .cell_delegate import CellDelegate
from .grid_model import GridModel


class TableGridView(QTableView):
    cell_selected = Signal(int, int)  # row, column of the current cell (-1, -1 for none)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
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
        v.setDefaultSectionSize(self.fontMetrics().height() + 10)
        v.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def setModel(self, model: GridModel) -> None:  # noqa: N802 - Qt override
        old = self.selectionModel()
        super().setModel(model)
        if old is not None:
            old.deleteLater()
        self.selectionModel().currentChanged.connect(self._on_current)
        model.modelReset.connect(self.fit_columns)
        self.fit_columns()

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

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        super().keyPressEvent(event)

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
