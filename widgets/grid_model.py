"""GridModel: a read-mostly Qt adapter over one `parsing.model.Table`.

It never mutates the table: `setData` emits `edit_requested(row, col, text)` and `app/`
pushes an undoable command into the review session. Bound to that session (`bind`), the
model follows its change events by itself (napari's Qt-adapter pattern): an "edit" of one
of its cells repaints that cell, "annotation"/"legend" re-reads the notes, "report"
re-indexes the findings — exposed as BackgroundRole (worst severity per cell, fainter per
row), ToolTipRole (the arithmetic) and custom roles the delegate paints.

The session is duck-typed (`connect`/`disconnect`, `report`, `annotations`, `orphans`):
widgets never import `app/`.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont

from auditdesk.checks.finding import Finding, SEVERITY_ZH
from auditdesk.parsing.model import LOW_CONFIDENCE, SUBTOTAL, TOTAL, Cell, Table
from auditdesk.parsing.table_types import SPLIT_CODE, is_text_column_name

from .severity import CELL_BG, ROW_BG, STRONG, worst

EDITED_ROLE = Qt.ItemDataRole.UserRole + 1  # bool: the auditor changed this cell
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 2  # str | None: worst finding on the cell itself
ORIGINAL_ROLE = Qt.ItemDataRole.UserRole + 3  # str | None: extracted text before edits
CELL_ROLE = Qt.ItemDataRole.UserRole + 4  # the Cell value object
NOTE_ROLE = Qt.ItemDataRole.UserRole + 5  # str | None: the auditor's note(s) on the cell (tick + text)
TICK_ROLE = Qt.ItemDataRole.UserRole + 6  # str | None: the tick mark(s) on the cell, e.g. "✓"
LOW_CONFIDENCE_ROLE = Qt.ItemDataRole.UserRole + 7  # float | None: OCR confidence below the bar

Note = tuple[str | None, str]  # (tick mark, text)


def note_text(notes: Iterable[Note]) -> str:
    return "\n".join(" ".join(p for p in (tick or "", text) if p) for tick, text in notes)

_DECIMALS = re.compile(r"\.(\d+)")

_Index = QModelIndex | QPersistentModelIndex


def format_amount(cell: Cell) -> str:
    """Thousands separators, as many decimals as printed; percentages and codes as printed."""
    text = cell.text
    v = cell.value
    if v is None or "%" in text or "％" in text:
        return text
    if re.fullmatch(r"\d{3,}", text.strip()) and len(text.strip()) in (3, 5, 7):
        return text  # looks like a 科目代码 (201, 20101, 2010101)
    m = _DECIMALS.search(text.replace(" ", ""))
    decimals = len(m.group(1)) if m else 0
    return f"{v:,.{decimals}f}" if isinstance(v, Decimal) else text


class GridModel(QAbstractTableModel):
    edit_requested = Signal(int, int, str)  # row, column, new text

    def __init__(self, table: Table | None = None, parent=None):
        super().__init__(parent)
        self._table = table
        self._cell_f: dict[tuple[int, int], list[Finding]] = {}
        self._row_f: dict[int, list[Finding]] = {}
        self._related: dict[tuple[int, int], list[Finding]] = {}
        self._headers: list[str] = []
        self._header_tips: list[str] = []
        self._text_cols: set[int] = set()  # code / 行次 columns: shown as printed, left-aligned
        self._cell_notes: dict[tuple[int, int], list[Note]] = {}
        self._row_notes: dict[int, list[Note]] = {}
        self._session: Any = None
        self._rebuild_headers()

    # ---------------------------------------------------------------- following a session
    def bind(self, session: Any) -> None:
        """Follow `session`'s change events (None: follow nothing)."""
        if self._session is not None:
            self._session.disconnect(self._on_session_event)
        self._session = session
        if session is not None:
            session.connect(self._on_session_event)

    def _on_session_event(self, kind: str, payload: Any) -> None:
        t = self._table
        if t is None:
            return
        if kind == "edit":
            table_id, row, col = payload
            if table_id == t.id:
                self.update_cell(row, col)
        elif kind in ("annotation", "legend", "conflict"):
            self.reload_notes()
        elif kind == "report":
            self.set_findings(payload.findings if payload is not None else ())

    def reload_notes(self) -> None:
        """The session's notes on this table's cells and rows."""
        s, t = self._session, self._table
        cells: dict[tuple[int, int], list[Note]] = {}
        rows: dict[int, list[Note]] = {}
        if s is not None and t is not None:
            for a in s.annotations.values():
                an = a.anchor
                if an.table_id != t.id or a.id in s.orphans or an.row is None:
                    continue
                if an.kind == "cell" and an.col is not None:
                    cells.setdefault((an.row, an.col), []).append((a.tick, a.text))
                elif an.kind == "row":
                    rows.setdefault(an.row, []).append((a.tick, a.text))
        self.set_notes(cells, rows)

    # ---------------------------------------------------------------- data in
    @property
    def table(self) -> Table | None:
        return self._table

    def set_table(self, table: Table | None, findings: Iterable[Finding] | None = None) -> None:
        """Show `table`; findings and notes come from the bound session unless given."""
        s = self._session
        if findings is None:
            findings = s.report.findings if s is not None and s.report is not None else ()
        self.beginResetModel()
        self._table = table
        self._cell_notes, self._row_notes = {}, {}
        self._rebuild_headers()
        self._index_findings(findings)
        self.endResetModel()
        if s is not None:
            self.reload_notes()

    def set_findings(self, findings: Iterable[Finding]) -> None:
        self._index_findings(findings)
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1),
                                  [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole,
                                   SEVERITY_ROLE])
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, self.rowCount() - 1)

    def set_notes(self, cell_notes: dict[tuple[int, int], list[Note]] | None = None,
                  row_notes: dict[int, list[Note]] | None = None) -> None:
        """The auditor's annotations on this table: per cell and per row, as (tick, text)."""
        self._cell_notes = {k: list(v) for k, v in (cell_notes or {}).items() if v}
        self._row_notes = {k: list(v) for k, v in (row_notes or {}).items() if v}
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1),
                                  [NOTE_ROLE, TICK_ROLE, Qt.ItemDataRole.ToolTipRole])
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, self.rowCount() - 1)

    def leading_label_columns(self) -> int:
        """How many columns at the left name the rows (科目编码 / 科目名称 / 项目 / 行次): the grid
        keeps them frozen while the figures scroll."""
        t = self._table
        if t is None:
            return 0
        n = 0
        for j in range(len(t.columns)):
            role = t.role(j) if t.column_roles else ("label" if j in self._text_cols or j == 0 else "amount")
            if role not in ("label", "code", "line", "text"):
                break
            n += 1
        return n

    def notes_at(self, row: int, col: int | None = None) -> list[Note]:
        return list(self._row_notes.get(row, ()) if col is None else self._cell_notes.get((row, col), ()))

    def update_cell(self, row: int, col: int) -> None:
        """The table's cell changed (an edit or its undo): repaint it."""
        idx = self.index(row, col)
        if idx.isValid():
            self.dataChanged.emit(idx, idx)
            self.headerDataChanged.emit(Qt.Orientation.Vertical, row, row)

    def location_column(self, loc) -> int | None:
        """A Location's column: its index when given (names repeat side by side), else by name."""
        col = getattr(loc, "col", None)
        if col is not None and self._table is not None and 0 <= col < len(self._table.columns):
            return col
        return self.column_index(loc.column)

    def column_index(self, name: str | None) -> int | None:
        if name is None or self._table is None:
            return None
        if name in self._table.columns:
            return self._table.columns.index(name)
        return self._table.col(name)

    def findings_at(self, row: int, col: int) -> list[Finding]:
        return list(self._cell_f.get((row, col), ())) + list(self._row_f.get(row, ()))

    def _index_findings(self, findings: Iterable[Finding]) -> None:
        self._cell_f, self._row_f, self._related = {}, {}, {}
        t = self._table
        if t is None:
            return
        for f in findings:
            loc = f.location
            if loc.table == t.id and loc.row is not None and 0 <= loc.row < len(t.rows):
                col = self.location_column(loc)
                if col is None:
                    self._row_f.setdefault(loc.row, []).append(f)
                else:
                    self._cell_f.setdefault((loc.row, col), []).append(f)
            for rel in f.related:
                if rel.table == t.id and rel.row is not None and 0 <= rel.row < len(t.rows):
                    col = self.location_column(rel)
                    if col is not None:
                        self._related.setdefault((rel.row, col), []).append(f)

    def _rebuild_headers(self) -> None:
        self._headers, self._header_tips = [], []
        t = self._table
        self._text_cols = set()
        if t is None:
            return
        for i, name in enumerate(t.columns):
            if is_text_column_name(name) or name in SPLIT_CODE:
                self._text_cols.add(i)
            path = list(t.column_paths[i]) if i < len(t.column_paths) and t.column_paths[i] else [name]
            parts: list[str] = []
            for p in path:
                p = p.strip()
                if p and (not parts or parts[-1] != p):
                    parts.append(p)
            parts = parts or [name or f"列{i + 1}"]
            self._headers.append("\n".join(parts[-2:]) if len(parts) > 1 else parts[0])
            self._header_tips.append(" › ".join(parts))

    # ---------------------------------------------------------------- Qt model API
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() or self._table is None:
            return 0
        return len(self._table.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() or self._table is None:
            return 0
        return len(self._table.columns)

    def _cell(self, row: int, col: int) -> Cell | None:
        cells = self._table.rows[row].cells
        return cells[col] if col < len(cells) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._table is None:
            return None
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._table.rows) and 0 <= c < len(self._table.columns)):
            return None
        cell = self._cell(r, c)
        if role == Qt.ItemDataRole.DisplayRole:
            if cell is None:
                return ""
            return cell.text if c in self._text_cols else format_amount(cell)
        if role == Qt.ItemDataRole.EditRole:
            return cell.text if cell is not None else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if cell is not None and cell.value is not None and c not in self._text_cols:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            sev = worst(f.severity for f in self._cell_f.get((r, c), ()))
            if sev:
                return QBrush(CELL_BG[sev])
            sev = worst(f.severity for f in self._row_f.get(r, ()))
            sev = sev or worst(f.severity for f in self._related.get((r, c), ()))
            if sev:
                return QBrush(ROW_BG[sev])
            return None
        if role == Qt.ItemDataRole.FontRole:
            kind = self._table.rows[r].kind
            edited = cell is not None and cell.edited
            if kind in (TOTAL, SUBTOTAL) or edited:
                font = QFont()
                font.setBold(kind in (TOTAL, SUBTOTAL))
                font.setItalic(edited)
                return font
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, c, cell)
        if role == EDITED_ROLE:
            return bool(cell is not None and cell.edited)
        if role == SEVERITY_ROLE:
            return worst(f.severity for f in self._cell_f.get((r, c), ()))
        if role == ORIGINAL_ROLE:
            return cell.original if cell is not None and cell.edited else None
        if role == CELL_ROLE:
            return cell
        if role == NOTE_ROLE:
            notes = self._cell_notes.get((r, c))
            return note_text(notes) if notes else None
        if role == TICK_ROLE:
            notes = self._cell_notes.get((r, c))
            ticks = "".join(t for t, _ in notes or () if t)
            return ticks or None
        if role == LOW_CONFIDENCE_ROLE:
            return _low_confidence(cell)
        return None

    def _tooltip(self, r: int, c: int, cell: Cell | None) -> str | None:
        lines: list[str] = []
        for f in self._cell_f.get((r, c), ()):
            lines.append(f"【{SEVERITY_ZH.get(f.severity, f.severity)} {f.rule}】{f.message}")
        for f in self._row_f.get(r, ()):
            lines.append(f"【{SEVERITY_ZH.get(f.severity, f.severity)} {f.rule}·本行】{f.message}")
        for f in self._related.get((r, c), ()):
            lines.append(f"【关联 {f.rule}】{f.message}")
        if cell is not None and cell.edited:
            lines.append(f"已修改，原提取值：{cell.original or '（空）'}")
        conf = _low_confidence(cell)
        if conf is not None:
            lines.append(f"OCR 识别置信度 {conf:.0%}，请与原文核对（修改后即视为已确认）")
        for tick, text in self._cell_notes.get((r, c), ()):
            lines.append("【批注】" + " ".join(p for p in (tick or "", text) if p))
        for tick, text in self._row_notes.get(r, ()):
            lines.append("【本行批注】" + " ".join(p for p in (tick or "", text) if p))
        return "\n".join(lines) or None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._table is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._headers):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._header_tips[section]
            return None
        if not 0 <= section < len(self._table.rows):
            return None
        row = self._table.rows[section]
        notes = self._row_notes.get(section)
        if role == Qt.ItemDataRole.DisplayRole:
            ticks = "".join(t for t, _ in notes or () if t)
            return f"{ticks or '✎'} {section + 1}" if notes else str(section + 1)
        if role == Qt.ItemDataRole.ToolTipRole:
            label = row.code + " " + row.label if row.code else row.label
            tip = f"{label}（第 {row.page} 页）" if label else f"第 {row.page} 页"
            if notes:
                tip += "\n【本行批注】" + note_text(notes).replace("\n", "；")
            return tip
        if role == Qt.ItemDataRole.ForegroundRole:
            sev = worst(f.severity for k, fs in self._cell_f.items() if k[0] == section for f in fs)
            sev = sev or worst(f.severity for f in self._row_f.get(section, ()))
            if sev:
                return QBrush(STRONG[sev])
            return None
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEditable)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Does not mutate: asks `app/` to push an undoable edit."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self._table is None:
            return False
        text = "" if value is None else str(value).strip()
        cell = self._cell(index.row(), index.column())
        if cell is not None and cell.text == text:
            return False
        self.edit_requested.emit(index.row(), index.column(), text)
        return True


def _low_confidence(cell: Cell | None) -> float | None:
    """The OCR confidence of a cell the auditor still has to confirm (not yet edited)."""
    conf = getattr(cell, "confidence", None)
    if cell is None or conf is None or cell.edited or not cell.text:
        return None
    return conf if conf < LOW_CONFIDENCE else None
