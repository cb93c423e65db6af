"""FindingsModel (one row per finding) and FindingsFilterModel (severity / rule / table / text)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Mapping

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex,
                            QSortFilterProxyModel, Qt)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from auditdesk.checks.finding import SEVERITY_ORDER, SEVERITY_ZH, Finding

from .severity import STRONG

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

COL_SEVERITY, COL_RULE, COL_TABLE, COL_PLACE, COL_MESSAGE, COL_DIFF, COL_PAGE, COL_STATUS = range(8)
HEADERS = ["级别", "规则", "表", "位置", "说明", "差额", "页", "状态"]

_Index = QModelIndex | QPersistentModelIndex
_icons: dict[str, QIcon] = {}


def severity_icon(severity: str) -> QIcon:
    icon = _icons.get(severity)
    if icon is None:
        pix = QPixmap(12, 12)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(STRONG.get(severity, QColor("gray")))
        p.drawEllipse(1, 1, 10, 10)
        p.end()
        icon = _icons[severity] = QIcon(pix)
    return icon


def _fmt(v: Decimal | None) -> str:
    if v is None:
        return ""
    return f"{v:+,.2f}"


class FindingsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._findings: list[Finding] = []
        self._titles: dict[str, str] = {}
        self._statuses: dict[str, str] = {}

    def set_findings(self, findings: Iterable[Finding], table_titles: Mapping[str, str] | None = None,
                     statuses: Mapping[str, str] | None = None) -> None:
        self.beginResetModel()
        self._findings = list(findings)
        if table_titles is not None:
            self._titles = dict(table_titles)
        if statuses is not None:
            self._statuses = dict(statuses)
        self.endResetModel()

    def set_statuses(self, statuses: Mapping[str, str]) -> None:
        self._statuses = dict(statuses)
        if self._findings:
            self.dataChanged.emit(self.index(0, COL_STATUS), self.index(len(self._findings) - 1, COL_STATUS))

    def findings(self) -> list[Finding]:
        return list(self._findings)

    def finding(self, row: int) -> Finding:
        return self._findings[row]

    def row_of(self, key: str) -> int | None:
        for i, f in enumerate(self._findings):
            if f.key_str == key:
                return i
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._findings)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def _place(self, f: Finding) -> str:
        loc = f.location
        if loc.table is not None:
            parts = []
            if loc.row_label:
                parts.append(loc.row_label)
            elif loc.row is not None:
                parts.append(f"第{loc.row + 1}行")
            if loc.column:
                parts.append(loc.column)
            return " · ".join(parts)
        if loc.narrative is not None:
            text = loc.text or ""
            return "情况说明：" + (text[:18] + "…" if len(text) > 18 else text)
        return ""

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._findings):
            return None
        f = self._findings[index.row()]
        col = index.column()
        if role == FINDING_ROLE:
            return f
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_SEVERITY:
                return SEVERITY_ZH.get(f.severity, f.severity)
            if col == COL_RULE:
                return f.rule
            if col == COL_TABLE:
                t = f.location.table
                return self._titles.get(t, t) if t else ("情况说明" if f.location.narrative is not None else "")
            if col == COL_PLACE:
                return self._place(f)
            if col == COL_MESSAGE:
                return f.message
            if col == COL_DIFF:
                return _fmt(f.difference)
            if col == COL_PAGE:
                return str(f.location.page) if f.location.page else ""
            if col == COL_STATUS:
                return self._statuses.get(f.key_str, "待核实")
            return None
        if role == SORT_ROLE:
            if col == COL_SEVERITY:
                return SEVERITY_ORDER.get(f.severity, 9)
            if col == COL_DIFF:
                return float(abs(f.difference)) if f.difference is not None else 0.0
            if col == COL_PAGE:
                return f.location.page or 0
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.DecorationRole and col == COL_SEVERITY:
            return severity_icon(f.severity)
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_SEVERITY:
            return QBrush(STRONG.get(f.severity, QColor("gray")))
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{f.id} {f.rule}：{f.message}"
            if f.expected is not None or f.actual is not None:
                tip += f"\n应为 {f.expected}，实为 {f.actual}，差额 {_fmt(f.difference)}"
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_DIFF, COL_PAGE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None


class FindingsFilterModel(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._severities: set[str] = {"error", "warning", "info"}
        self._rule: str | None = None
        self._table: str | None = None
        self._text = ""
        self.setSortRole(SORT_ROLE)

    def _change(self, apply) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9
            self.beginFilterChange()
            apply()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover
            apply()
            self.invalidateFilter()

    def set_severities(self, severities: Iterable[str]) -> None:
        self._change(lambda: setattr(self, '_severities', set(severities)))

    def set_rule(self, rule: str | None) -> None:
        self._change(lambda: setattr(self, '_rule', rule or None))

    def set_table(self, table: str | None) -> None:
        self._change(lambda: setattr(self, '_table', table or None))

    def set_text(self, text: str) -> None:
        self._change(lambda: setattr(self, '_text', text.strip()))

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        f: Finding = model.data(model.index(source_row, 0, source_parent), FINDING_ROLE)
        if f is None:
            return False
        if f.severity not in self._severities:
            return False
        if self._rule and f.rule != self._rule:
            return False
        if self._table and f.location.table != self._table:
            return False
        if self._text and self._text not in f.message and self._text not in (f.location.row_label or ""):
            return False
        return True
