"""TableListView: the document's tables by printed title, with their finding counts."""
from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from auditdesk.parsing.model import Table

from .findings_model import severity_icon

TABLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class TableListView(QListWidget):
    table_selected = Signal(str)  # table id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setSpacing(1)
        self.currentItemChanged.connect(self._on_current)
        self._titles: dict[str, str] = {}

    def set_tables(self, tables: Iterable[Table], units: Sequence = ()) -> None:
        """`units`: the disclosures a bundled file holds (parsing/units.py); each gets a heading
        line (its pages and department) above its tables."""
        self.blockSignals(True)
        self.clear()
        self._titles = {}
        heads = list(units) if len(units) > 1 else []
        for t in tables:
            while heads and t.pages and t.pages[0] >= heads[0].first:
                u = heads.pop(0)
                head = QListWidgetItem(f"第 {u.first}–{u.last} 页" + (f"  {u.department}" if u.department else ""))
                head.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading, not a table: not selectable
                font = head.font()
                font.setBold(True)
                head.setFont(font)
                head.setToolTip("本文件含多份公开，各自分别检查")
                self.addItem(head)
            item = QListWidgetItem(t.title or t.id)
            item.setData(TABLE_ID_ROLE, t.id)
            pages = f"第 {t.pages[0]}–{t.pages[-1]} 页" if len(t.pages) > 1 else \
                (f"第 {t.pages[0]} 页" if t.pages else "")
            tip = " · ".join(x for x in (t.label or "", t.title, f"单位：{t.unit}" if t.unit else "", pages,
                                         f"{len(t.rows)} 行" if t.rows else "无数据") if x)
            item.setToolTip(tip)
            self._titles[t.id] = t.title
            self.addItem(item)
        self.blockSignals(False)

    def set_counts(self, counts: Mapping[str, Mapping[str, int]]) -> None:
        """counts[table_id] = {"error": n, "warning": n, "info": n}: icon + count suffix."""
        for i in range(self.count()):
            item = self.item(i)
            tid = item.data(TABLE_ID_ROLE)
            if tid is None:
                continue  # a bundle's heading line
            c = counts.get(tid, {})
            title = self._titles.get(tid, tid)
            worst = next((s for s in ("error", "warning", "info") if c.get(s)), None)
            n = sum(c.values()) if c else 0
            item.setText(f"{title}  ({n})" if n else title)
            item.setIcon(severity_icon(worst) if worst else severity_icon("none"))

    def select_table(self, table_id: str) -> None:
        for i in range(self.count()):
            if self.item(i).data(TABLE_ID_ROLE) == table_id:
                if self.currentRow() != i:
                    self.setCurrentRow(i)
                return

    def current_table_id(self) -> str | None:
        item = self.currentItem()
        return item.data(TABLE_ID_ROLE) if item else None

    def _on_current(self, current, _previous) -> None:
        if current is not None and current.data(TABLE_ID_ROLE) is not None:
            self.table_selected.emit(current.data(TABLE_ID_ROLE))
