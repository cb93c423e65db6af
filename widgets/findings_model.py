"""FindingsModel (one row per finding) and FindingsFilterModel (severity / rule / table /
status / text).

The auditor's status per finding (待核实 / 已确认问题 / 已排除) and notes come in from `app/`
as plain mappings keyed by `Finding.key_str`; the model only reports them (status column,
struck-through grey text for 已排除, a red status for 已确认问题, STATUS_ROLE for filters).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Mapping

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex,
                            QSortFilterProxyModel, Qt, Signal)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap

from auditdesk.checks.finding import Finding
from auditdesk.checks.vocabulary import headline, printed
from auditdesk.checks.vocabulary import COVERAGE_COLOR, CONFIRMED, DISMISSED, PENDING, SEVERITY_ORDER, SEVERITY_ZH, STATUSES

from .severity import STATUS as STATUS_COLOR
from .severity import STRONG

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3  # str: the auditor's status (default 待核实)

COL_SEVERITY, COL_RULE, COL_TABLE, COL_PLACE, COL_MESSAGE, COL_DIFF, COL_PAGE, COL_STATUS, COL_NOTE = range(9)
HEADERS = ["级别", "规则", "表", "位置", "说明", "差额", "页", "状态", "批注"]


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
        p.setBrush(STRONG.get(severity) or QColor(COVERAGE_COLOR.get(severity, "#808080")))
        p.drawEllipse(1, 1, 10, 10)
        p.end()
        icon = _icons[severity] = QIcon(pix)
    return icon


def _fmt(v: Decimal | None) -> str:
    if v is None:
        return ""
    return f"{v:+,.2f}"


class FindingsModel(QAbstractTableModel):
    """One row a finding. Bound to a review session (`bind`), it follows the session's
    "report", "status" and "annotation" events by itself."""

    statuses_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._session: Any = None
        self.coverage: list[Any] = []  # the report's coverage ledger (ran / skipped / n.a.)
        self._findings: list[Finding] = []
        self._keys: list[str] = []  # key_str per row (computed once: data() is called per paint)
        self._titles: dict[str, str] = {}
        self._statuses: dict[str, str] = {}
        self._details: dict[str, str] = {}
        self._notes: dict[str, str] = {}

    # ---------------------------------------------------------------- following a session
    def bind(self, session: Any) -> None:
        if self._session is not None:
            self._session.disconnect(self._on_session_event)
        self._session = session
        if session is not None:
            session.connect(self._on_session_event)
            self._titles = {t.id: t.title for t in session.doc.tables}
        report = session.report if session is not None else None
        self.coverage = list(getattr(report, "coverage", ()) or ())
        self.set_findings(report.findings if report is not None else (), None, None)
        self.reload_statuses()
        self.reload_notes()

    def _on_session_event(self, kind: str, payload: Any) -> None:
        if kind == "report":
            self.coverage = list(getattr(payload, "coverage", ()) or ())
            self.set_findings(payload.findings if payload is not None else ())
            self.reload_statuses()
            self.reload_notes()
        elif kind == "status":
            self.reload_statuses(payload)
        elif kind == "annotation":
            self.reload_notes()

    def reload_statuses(self, key: str | None = None) -> None:
        """The auditor's status (and its reason/comment, for the tooltip) per finding."""
        s = self._session
        if s is None:
            return
        statuses, details = {}, {}
        for k, st in s.statuses.items():
            statuses[k] = st.status
            bits = [f"理由：{st.reason}" if st.reason else "", f"意见：{st.comment}" if st.comment else "",
                    " ".join(p for p in (st.who, st.when[:16].replace("T", " ")) if p)]
            details[k] = "；".join(b for b in bits if b)
        self._statuses, self._details = statuses, details
        row = self.row_of(key) if key is not None else None
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
        else:
            self._changed_all()
        self.statuses_changed.emit()

    def reload_notes(self) -> None:
        s = self._session
        if s is None:
            return
        notes: dict[str, list[str]] = {}
        for a in s.annotations.values():
            if a.anchor.kind == "finding" and a.id not in s.orphans:
                notes.setdefault(a.anchor.finding, []).append(" ".join(p for p in (a.tick or "", a.text) if p))
        self.set_notes({k: "；".join(v) for k, v in notes.items()})

    def set_findings(self, findings: Iterable[Finding], table_titles: Mapping[str, str] | None = None,
                     statuses: Mapping[str, str] | None = None) -> None:
        self.beginResetModel()
        self._findings = list(findings)
        self._keys = [f.key_str for f in self._findings]
        if table_titles is not None:
            self._titles = dict(table_titles)
        if statuses is not None:
            self._statuses = dict(statuses)
        self.endResetModel()

    def set_statuses(self, statuses: Mapping[str, str], details: Mapping[str, str] | None = None) -> None:
        """Statuses (and their reason/comment text, for the tooltip) by Finding.key_str."""
        self._statuses = dict(statuses)
        if details is not None:
            self._details = dict(details)
        self._changed_all()

    def set_notes(self, notes: Mapping[str, str]) -> None:
        """Annotation text (审计标识 + 文字) per Finding.key_str."""
        self._notes = dict(notes)
        self._changed_all()

    def _changed_all(self) -> None:
        if self._findings:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._findings) - 1, len(HEADERS) - 1))

    def status(self, f: Finding) -> str:
        return self._statuses.get(f.key_str) or PENDING

    def findings(self) -> list[Finding]:
        return list(self._findings)

    def finding(self, row: int) -> Finding:
        return self._findings[row]

    def row_of(self, key: str) -> int | None:
        try:
            return self._keys.index(key)
        except ValueError:
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
        row = index.row()
        f = self._findings[row]
        col = index.column()
        key = self._keys[row]
        if role == FINDING_ROLE:
            return f
        if role == STATUS_ROLE:
            return self._statuses.get(key) or PENDING
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
                return headline(f)
            if col == COL_DIFF:
                return _fmt(f.difference)
            if col == COL_PAGE:
                return str(f.location.page) if f.location.page else ""
            if col == COL_STATUS:
                return self._statuses.get(key) or PENDING
            if col == COL_NOTE:
                return self._notes.get(key, "")
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
        status = self._statuses.get(key) or PENDING
        if role == Qt.ItemDataRole.ForegroundRole:
            if status == DISMISSED:
                return QBrush(STATUS_COLOR[DISMISSED])
            if col == COL_SEVERITY:
                return QBrush(STRONG.get(f.severity, QColor("gray")))
            if col == COL_STATUS and status in STATUS_COLOR:
                return QBrush(STATUS_COLOR[status])
            return None
        if role == Qt.ItemDataRole.FontRole:
            if status == DISMISSED and col != COL_STATUS:
                font = QFont()
                font.setStrikeOut(True)
                return font
            if status == CONFIRMED and col == COL_STATUS:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{f.id} {f.rule}：{printed(f.message)}"
            if f.expected is not None or f.actual is not None:
                tip += f"\n应为 {f.expected}，实为 {f.actual}，差额 {_fmt(f.difference)}"
            tip += f"\n状态：{status}"
            detail = self._details.get(key)
            if detail:
                tip += f"（{detail}）"
            note = self._notes.get(key)
            if note:
                tip += f"\n批注：{note}"
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
        self._statuses: set[str] | None = None  # None: every status
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

    def set_statuses(self, statuses: Iterable[str] | None) -> None:
        """Show only findings whose auditor status is in `statuses` (None: all)."""
        self._change(lambda: setattr(self, '_statuses', None if statuses is None else set(statuses)))

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
        if self._statuses is not None and model.data(model.index(source_row, 0, source_parent),
                                                     STATUS_ROLE) not in self._statuses:
            return False
        if self._text and self._text not in f.message and self._text not in headline(f) and self._text not in (f.location.row_label or ""):
            return False
        return True
