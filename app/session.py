"""The auditor's review session: edits, annotations, finding statuses, sign-off (no Qt).

A `ReviewSession` wraps one `Document` and everything the auditor did to it.  It is
saved to ``FILE.pdf.auditdesk.json`` beside the PDF (schema ``auditdesk-session/1``),
or — when that folder is not writable — to the application-data folder as
``sessions/<sha256>.json``.  Writes are atomic (temp file in the same folder, flush,
fsync, ``os.replace``) and the previous good file is kept as ``.bak``.

Edits are stored with a stable anchor (table title + row label/code + column name +
row index) so that they re-apply onto a fresh extraction; an edit that no longer fits
(row gone, extracted value changed) becomes a `Conflict` and is kept, never dropped.

The GUI's undo stack calls :meth:`ReviewSession.apply_edit` with ``action="undo"`` /
``"redo"`` so that the 修改记录 shows them; autosave debouncing is the GUI's job
(``dirty`` + a cheap :meth:`ReviewSession.save`).
"""
from __future__ import annotations

import glob
import json
import os
import sys
import tempfile
import time
import uuid
import weakref
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from hashlib import sha256 as _sha256
from pathlib import Path
from typing import Any, Callable, Iterable

from auditdesk.app import session_lock
from auditdesk.app.atomic_file import STALE_TEMP_AGE, atomic_write, backup_path, clean_stale_temps  # noqa: F401 - re-exported
from auditdesk.app.session_schema import (  # noqa: F401 - app_data_dir, sessions_dir, DATA_DIR_ENV re-exported
    DATA_DIR_ENV,
    SESSION_SUFFIX,
    app_data_dir,
    app_data_path,
    beside_path,
    saved_places,
    sessions_dir,
    SessionFile,
    SessionFileError,
    Unreadable,
    describe_unreadable,
    read_regular_file,
    read_session_file,
)
from auditdesk.parsing.model import Cell, Document, Table

from .places import cell_name
from auditdesk.parsing.numbers import normalize, parse_number

SCHEMA = "auditdesk-session/1"
SUFFIX = SESSION_SUFFIX

# Finding statuses: the one vocabulary (checks/vocabulary.py)
from auditdesk.checks.vocabulary import CONFIRMED, DISMISSED, PENDING, STATUSES  # noqa: E402

# Annotation targets
CELL = "cell"
ROW = "row"
TABLE = "table"
FINDING = "finding"
REGION = "region"
TARGET_KINDS = (CELL, ROW, TABLE, FINDING, REGION)

DEFAULT_TICK_LEGEND: tuple[tuple[str, str], ...] = (
    ("✓", "已核对"),
    ("F", "已加总"),
    ("CF", "已横向加总"),
    ("⊕", "已与报表核对"),
    ("ⓧ", "有差异"),
)

# Log actions and their Chinese names (for the 修改记录 sheet and the UI)
ACTION_ZH = {
    "edit": "修改",
    "undo": "撤销",
    "redo": "重做",
    "revert": "恢复提取值",
    "conflict_apply": "冲突：仍然应用",
    "conflict_discard": "冲突：放弃修改",
    "annotate": "添加批注",
    "annotation_update": "修改批注",
    "annotation_remove": "删除批注",
    "status": "问题状态",
    "checklist": "检查表改判",
    "people": "编制/复核信息",
    "header": "底稿信息",
    "legend": "审计标识",
    "sign_off": "复核签字",
    "sign_off_void": "签字失效",
    "sign_off_revoke": "撤销签字",
}

CONFLICT_ZH = {
    "table_missing": "表格已不存在",
    "row_missing": "该行已不存在",
    "column_missing": "该列已不存在",
    "value_changed": "提取值已变化",
}


# --------------------------------------------------------------------------- helpers


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def sha256_file(path: str | os.PathLike[str]) -> str:
    h = _sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def dir_writable(d: Path) -> bool:
    """Writable for real: `os.access` and a trial write (root, ACLs and shares lie)."""
    if not d.is_dir() or not os.access(d, os.W_OK | os.X_OK):
        return False
    try:
        fd, probe = tempfile.mkstemp(prefix=".auditdesk-probe-", dir=d)
    except OSError:
        return False
    try:
        os.close(fd)
    finally:
        try:
            os.unlink(probe)
        except OSError:
            pass
    return True


def _same_text(a: str | None, b: str | None) -> bool:
    """Equal as printed: after NFKC/space clean-up, or as the same number."""
    if a is None or b is None:
        return a is b
    na, nb = normalize(a).replace(" ", ""), normalize(b).replace(" ", "")
    if na == nb:
        return True
    va, vb = parse_number(a), parse_number(b)
    return va is not None and vb is not None and va == vb


# --------------------------------------------------------------------------- anchors


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a piece of the auditor's work hangs, stable across re-extraction.

    `table_id`, `row` and `col` are the positions in the current Document (refreshed on
    load); `table_title` (+ `table_nth` among same-titled tables), `row_label`,
    `row_code`, `row_half`, `column` (+ `col_nth` among same-named columns) are what
    is matched on a fresh extraction.
    """

    kind: str
    table_id: str | None = None
    table_title: str | None = None
    table_nth: int = 0
    row: int | None = None
    row_label: str | None = None
    row_code: str | None = None
    row_half: int = 0
    col: int | None = None
    column: str | None = None
    col_nth: int = 0
    finding: str | None = None  # Finding.key_str
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    place: str | None = None  # as printed: "表 / 本块行名 / 块表头 › 列名" (side-by-side aware)

    # ---- constructors
    @classmethod
    def for_cell(cls, doc: Document, table_id: str, row: int, col: int) -> "Anchor":
        return cls._make(CELL, doc, table_id, row, col)

    @classmethod
    def for_row(cls, doc: Document, table_id: str, row: int) -> "Anchor":
        return cls._make(ROW, doc, table_id, row, None)

    @classmethod
    def for_table(cls, doc: Document, table_id: str) -> "Anchor":
        return cls._make(TABLE, doc, table_id, None, None)

    @classmethod
    def for_finding(cls, key_str: str, page: int | None = None) -> "Anchor":
        return cls(kind=FINDING, finding=key_str, page=page)

    @classmethod
    def for_region(cls, page: int, bbox: Iterable[float]) -> "Anchor":
        b = tuple(float(v) for v in bbox)
        if len(b) != 4:
            raise ValueError("bbox 需要 4 个坐标")
        return cls(kind=REGION, page=page, bbox=b)  # type: ignore[arg-type]

    @classmethod
    def _make(cls, kind: str, doc: Document, table_id: str, row: int | None, col: int | None) -> "Anchor":
        table = doc.table_by_id(table_id)
        if table is None:
            raise KeyError(f"no table {table_id}")
        nth = [t.id for t in doc.tables if t.title == table.title].index(table.id)
        kw: dict[str, Any] = dict(kind=kind, table_id=table.id, table_title=table.title, table_nth=nth,
                                  page=table.pages[0] if table.pages else None)
        kw["place"] = cell_name(table, row, col) if row is not None else table.title
        if row is not None:
            r = table.rows[row]
            kw.update(row=row, row_label=r.label, row_code=r.code, row_half=r.half, page=r.page)
        if col is not None:
            if not 0 <= col < len(table.columns) and not (row is not None and col < len(table.rows[row].cells)):
                raise IndexError(f"no column {col} in {table_id}")
            name = table.columns[col] if col < len(table.columns) else ""
            col_nth = sum(1 for c in table.columns[:col] if c == name)
            kw.update(col=col, column=name, col_nth=col_nth)
            if row is not None and col < len(table.rows[row].cells):
                cell = table.rows[row].cells[col]
                kw.update(page=cell.page or kw.get("page"), bbox=cell.bbox)
        return cls(**kw)

    # ---- (de)serialisation
    def to_json(self) -> dict[str, Any]:
        d = {k: v for k, v in asdict(self).items()
             if v is not None and not (k in ("table_nth", "col_nth", "row_half") and v == 0)}
        if self.bbox is not None:
            d["bbox"] = [round(v, 2) for v in self.bbox]
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Anchor":
        kw = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        if kw.get("bbox") is not None:
            kw["bbox"] = tuple(float(v) for v in kw["bbox"])
        return cls(**kw)

    def describe(self) -> str:
        """Human-readable place, for the 修改记录 and conflict messages."""
        if self.kind == FINDING:
            return f"问题 {self.finding}"
        if self.kind == REGION:
            return f"第{self.page}页区域"
        if self.place:
            return self.place
        parts = [self.table_title or self.table_id or ""]
        if self.row is not None:
            parts.append(" ".join(p for p in (self.row_code, self.row_label) if p) or f"第{self.row + 1}行")
        if self.column is not None:
            parts.append(self.column or f"第{(self.col or 0) + 1}列")
        return " / ".join(parts)


def resolve_anchor(doc: Document, a: Anchor) -> tuple[Table | None, int | None, int | None, str | None]:
    """Find `a` in `doc` → (table, row index, column index, failure reason or None)."""
    if a.kind in (FINDING, REGION):
        return None, None, None, None
    same = [t for t in doc.tables if t.title == a.table_title]
    if not same:
        return None, None, None, "table_missing"
    table = same[a.table_nth] if a.table_nth < len(same) else same[0]
    row_idx: int | None = None
    if a.kind in (CELL, ROW):
        row_idx = _match_row(table, a)
        if row_idx is None:
            return table, None, None, "row_missing"
    col_idx: int | None = None
    if a.kind == CELL:
        col_idx = _match_col(table, a)
        if col_idx is None or row_idx is None or col_idx >= len(table.rows[row_idx].cells):
            return table, row_idx, None, "column_missing"
    return table, row_idx, col_idx, None


def _match_row(table: Table, a: Anchor) -> int | None:
    rows = table.rows
    if a.row_label or a.row_code:
        cands = [i for i, r in enumerate(rows)
                 if r.label == (a.row_label or "") and (r.code or None) == (a.row_code or None)
                 and r.half == a.row_half]
        if not cands and a.row_code:  # the label was re-read differently; the code is stronger
            cands = [i for i, r in enumerate(rows) if r.code == a.row_code and r.half == a.row_half]
        if not cands:
            return None
        if a.row in cands:
            return a.row
        return min(cands, key=lambda i: abs(i - (a.row or 0)))
    # an unlabelled row: position only, and only if it is unlabelled there too
    if a.row is not None and a.row < len(rows) and not rows[a.row].label and not rows[a.row].code:
        return a.row
    return None


def _match_col(table: Table, a: Anchor) -> int | None:
    same = [i for i, c in enumerate(table.columns) if c == a.column]
    if same:
        return same[a.col_nth] if a.col_nth < len(same) else same[0]
    if not a.column and a.col is not None and a.col < len(table.columns) and not table.columns[a.col]:
        return a.col
    return None


# --------------------------------------------------------------------------- records


@dataclass(slots=True)
class CellEdit:
    """The auditor's correction of one cell: extracted `old` → current `new`."""

    anchor: Anchor
    old: str  # the extracted text
    new: str
    who: str
    when: str

    def to_json(self) -> dict[str, Any]:
        return {"anchor": self.anchor.to_json(), "old": self.old, "new": self.new,
                "who": self.who, "when": self.when}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "CellEdit":
        return cls(Anchor.from_json(d["anchor"]), str(d["old"]), str(d["new"]),
                   str(d.get("who", "")), str(d.get("when", "")))


@dataclass(slots=True)
class Conflict:
    """An edit that could not be re-applied onto a fresh extraction. Shown, never dropped."""

    edit: CellEdit
    reason: str  # table_missing / row_missing / column_missing / value_changed
    found: str | None = None  # the freshly extracted text, for value_changed
    table_id: str | None = None  # where it would go, when known
    row: int | None = None
    col: int | None = None

    @property
    def message(self) -> str:
        e = self.edit
        base = f"{e.anchor.describe()}：{CONFLICT_ZH.get(self.reason, self.reason)}"
        if self.reason == "value_changed":
            return f"{base}（原提取值 {e.old!r}，现提取值 {self.found!r}，修改为 {e.new!r}）"
        return f"{base}（修改 {e.old!r} → {e.new!r} 未能应用）"

    def to_json(self) -> dict[str, Any]:
        d = self.edit.to_json()
        d["conflict"] = self.reason
        if self.found is not None:
            d["found"] = self.found
        return d


@dataclass(slots=True)
class Annotation:
    id: str
    anchor: Anchor
    text: str = ""
    tick: str | None = None  # a mark from the tick legend
    who: str = ""
    when: str = ""
    updated: str | None = None

    def to_json(self) -> dict[str, Any]:
        d = {"id": self.id, "anchor": self.anchor.to_json(), "text": self.text, "tick": self.tick,
             "who": self.who, "when": self.when}
        if self.updated:
            d["updated"] = self.updated
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Annotation":
        return cls(str(d["id"]), Anchor.from_json(d["anchor"]), str(d.get("text", "")), d.get("tick"),
                   str(d.get("who", "")), str(d.get("when", "")), d.get("updated"))


@dataclass(slots=True)
class FindingStatus:
    status: str
    reason: str = ""
    comment: str = ""
    who: str = ""
    when: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "FindingStatus":
        return cls(**{k: str(d.get(k, "") or "") for k in ("status", "reason", "comment", "who", "when")})


@dataclass(slots=True)
class LogEntry:
    """One line of the 修改记录. `action` is a key of ACTION_ZH."""

    when: str
    who: str
    action: str
    target: str  # human-readable place
    old: str | None = None
    new: str | None = None
    detail: str = ""
    anchor: Anchor | None = None

    @property
    def action_zh(self) -> str:
        return ACTION_ZH.get(self.action, self.action)

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"when": self.when, "who": self.who, "action": self.action, "target": self.target}
        if self.old is not None:
            d["old"] = self.old
        if self.new is not None:
            d["new"] = self.new
        if self.detail:
            d["detail"] = self.detail
        if self.anchor is not None:
            d["anchor"] = self.anchor.to_json()
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "LogEntry":
        return cls(str(d.get("when", "")), str(d.get("who", "")), str(d.get("action", "")),
                   str(d.get("target", "")), d.get("old"), d.get("new"), str(d.get("detail", "")),
                   Anchor.from_json(d["anchor"]) if d.get("anchor") else None)


@dataclass(slots=True)
class Person:
    name: str = ""
    date: str = ""  # "2025-03-01", as the auditor types it


@dataclass(slots=True)
class SignOff:
    who: str
    when: str
    note: str = ""
    stale: bool = False  # something changed after signing
    pdf_sha256: str = ""  # the PDF that was signed
    findings: str = ""  # fingerprint of the findings that were signed (see findings_fingerprint)
    counts: str = ""  # "错误 5，核实 2，提示 0" at signing, for the void note
    void: str = ""  # why the sign-off no longer holds ("" while it does)

    @property
    def valid(self) -> bool:
        return not self.void

    def state_zh(self) -> str:
        """The one wording of the sign-off's state (status bar, title, workbook)."""
        if self.void:
            return f"复核签字已失效：{self.void}"
        return "已复核签字，签字后有修改" if self.stale else "已复核签字"


def findings_fingerprint(findings: Iterable[Any]) -> str:
    """What a reviewer signed: each finding's key, severity and figures (not its F-number)."""
    h = _sha256()
    for f in sorted(f"{f.key_str}|{f.severity}|{f.expected}|{f.actual}" for f in findings):
        h.update(f.encode("utf-8") + b"\n")
    return h.hexdigest()[:16]


@dataclass(slots=True)
class WorkpaperHeader:
    """The 底稿 header block (《审计机关审计工作底稿准则（试行）》第四条)."""

    unit: str = ""  # 被审计单位
    matter: str = ""  # 审计事项
    period: str = ""  # 期间
    index_no: str = ""  # 索引号
    conclusion: str = ""  # 审计结论


class SessionSaveError(OSError):
    """Neither beside the PDF nor in the application-data folder could be written."""


# --------------------------------------------------------------------------- the session


Listener = Callable[[str, Any], None]

# Change events: listeners get (kind, payload). Qt models and controllers subscribe with
# `session.connect(fn)` and update themselves (napari's model → Qt-adapter pattern).
EDIT = "edit"  # payload (table_id, row, col)
ANNOTATION = "annotation"  # payload annotation id
STATUS = "status"  # payload Finding.key_str
REPORT = "report"  # payload CheckReport: the findings now shown
SIGN_OFF = "sign_off"  # payload SignOff | None (also when it is voided)
PEOPLE, HEADER, LEGEND, CONFLICT, SAVED = "people", "header", "legend", "conflict", "saved"


class ReviewSession:
    """The auditor's work on one Document. Mutates the Document's cells in place on edit.

    Every change calls each function in `listeners` with ``(kind, payload)`` where kind
    is one of "edit", "annotation", "status", "people", "header", "legend", "sign_off",
    "conflict", "saved"; and sets `dirty`.
    """

    def __init__(self, doc: Document, pdf_path: str | os.PathLike[str] | None = None):
        self.doc = doc
        self.pdf_path = Path(pdf_path if pdf_path is not None else doc.path)
        self.sha256 = doc.sha256 or (sha256_file(self.pdf_path) if self.pdf_path.is_file() else "")
        self.edits: dict[tuple[str, int, int], CellEdit] = {}
        self.conflicts: list[Conflict] = []
        self.annotations: dict[str, Annotation] = {}
        self.orphans: list[str] = []  # ids of annotations whose place is gone from the document
        self.statuses: dict[str, FindingStatus] = {}
        # the auditor's 是/否 for 公开情况检查表 rows (row id → (verdict, reason)): over what the findings decide
        self.checklist_overrides: dict[str, tuple[str, str]] = {}
        self.log: list[LogEntry] = []
        self.tick_legend: list[tuple[str, str]] = list(DEFAULT_TICK_LEGEND)
        self.preparer = Person()
        self.reviewer = Person()
        self.header = WorkpaperHeader(
            unit=doc.department or "",
            matter=(f"{doc.year}年度" if doc.year else "") + f"{doc.kind or '决算'}公开审核",
            period=f"{doc.year}年度" if doc.year else "",
        )
        self.signoff: SignOff | None = None
        self.report: Any = None  # the CheckReport currently shown (set_report)
        self.listeners: list[Listener] = []
        self.dirty = False
        self.path: Path | None = None  # where this session is (or will be) saved
        self.created = now_iso()
        self.saved_at: str | None = None
        self.last_messages: list[str] = []  # e.g. "会话目录不可写，已保存到 …"
        self._pending_rename: tuple[Path, Path] | None = None  # (corrupt/stale file, its new name)
        self._backup_ok = True  # is the file at self.path a good one worth backing up?
        self.unreadable: list[Unreadable] = []  # parts of the loaded file that were left out
        self.locked_by: session_lock.LockHolder | None = None  # another writer holds our file
        self._lock: tuple[Path, weakref.finalize] | None = None  # the session file we hold the lock of

    # ------------------------------------------------------------------ notification
    def connect(self, fn: Listener) -> Listener:
        """Subscribe to change events: fn(kind, payload)."""
        if fn not in self.listeners:
            self.listeners.append(fn)
        return fn

    def disconnect(self, fn: Listener) -> None:
        if fn in self.listeners:
            self.listeners.remove(fn)

    def _emit(self, kind: str, payload: Any = None) -> None:
        for fn in list(self.listeners):
            fn(kind, payload)

    def _changed(self, kind: str, payload: Any = None, *, invalidates_signoff: bool = True) -> None:
        self.dirty = True
        if invalidates_signoff and self.signoff is not None and not self.signoff.stale:
            self.signoff.stale = True
        self._emit(kind, payload)

    def _log(self, action: str, who: str, anchor: Anchor | None, old: str | None = None,
             new: str | None = None, detail: str = "", target: str | None = None) -> LogEntry:
        if target is None and anchor is not None and anchor.kind == FINDING:
            target = self.finding_name(anchor.finding or "")
        entry = LogEntry(now_iso(), who, action, target if target is not None else
                         (anchor.describe() if anchor else ""), old, new, detail, anchor)
        self.log.append(entry)
        return entry

    # ------------------------------------------------------------------ cell edits
    def cell(self, table_id: str, row: int, col: int) -> Cell:
        r = self._table(table_id).rows[row]
        return r.cells[col] if col < len(r.cells) else Cell("", None, r.page, None)

    def _table(self, table_id: str) -> Table:
        t = self.doc.table_by_id(table_id)
        if t is None:
            raise KeyError(f"no table {table_id}")
        return t

    def apply_edit(self, table_id: str, row: int, col: int, new_text: str, who: str, *,
                   action: str = "edit") -> str:
        """Set a cell's text; returns the text it had. `action` is "edit", "undo" or "redo".

        Setting a cell back to its extracted text removes the edit (the cell is clean).
        """
        table = self._table(table_id)
        r = table.rows[row]
        while len(r.cells) <= col and col < len(table.columns):  # a short row: the cell was never printed
            r.cells.append(Cell("", None, r.page, None))
        cell = r.cells[col]
        old_text = cell.text
        new_text = "" if new_text is None else str(new_text)
        if new_text == old_text:
            return old_text
        original = cell.original if cell.original is not None else cell.text
        key = (table.id, row, col)
        if new_text == original:
            r.cells[col] = replace(cell, text=original, value=parse_number(original), original=None)
            prev = self.edits.pop(key, None)
            anchor = prev.anchor if prev else Anchor.for_cell(self.doc, table.id, row, col)
        else:
            r.cells[col] = cell.with_text(new_text)
            prev = self.edits.get(key)
            anchor = prev.anchor if prev else Anchor.for_cell(self.doc, table.id, row, col)
            self.edits[key] = CellEdit(anchor, original, new_text, who, now_iso())
        self._log(action, who, anchor, old_text, new_text)
        self._changed("edit", key)
        return old_text

    def revert(self, table_id: str, row: int, col: int, who: str) -> str:
        """Back to the extracted text. Returns the text the cell had."""
        cell = self.cell(table_id, row, col)
        if cell.original is None:
            return cell.text
        return self.apply_edit(table_id, row, col, cell.original, who, action="revert")

    def edit_at(self, table_id: str, row: int, col: int) -> CellEdit | None:
        return self.edits.get((table_id, row, col))

    def resolve_conflict(self, conflict: Conflict, action: str, who: str) -> None:
        """action "apply": put the auditor's value in anyway (only where the cell exists);
        "discard": drop the edit (logged)."""
        if conflict not in self.conflicts:
            raise ValueError("unknown conflict")
        if action == "apply":
            if conflict.col is None or conflict.row is None or conflict.table_id is None:
                raise ValueError("冲突的单元格已不存在，只能放弃")
            self.conflicts.remove(conflict)
            self.apply_edit(conflict.table_id, conflict.row, conflict.col, conflict.edit.new, who,
                            action="conflict_apply")
            self._changed("conflict", conflict)
        elif action == "discard":
            self.conflicts.remove(conflict)
            self._log("conflict_discard", who, conflict.edit.anchor, conflict.edit.old, conflict.edit.new,
                      CONFLICT_ZH.get(conflict.reason, conflict.reason))
            self._changed("conflict", conflict)
        else:
            raise ValueError(action)

    # ------------------------------------------------------------------ annotations
    def add_annotation(self, anchor: Anchor, text: str = "", tick: str | None = None, who: str = "", *,
                       ann_id: str | None = None) -> Annotation:
        """Add a note / tick mark. `ann_id` re-uses an id (the GUI's redo after an undo)."""
        if anchor.kind not in TARGET_KINDS:
            raise ValueError(f"unknown target {anchor.kind}")
        self._check_tick(tick)
        if ann_id is not None and ann_id in self.annotations:
            raise ValueError(f"annotation {ann_id} exists")
        ann = Annotation(ann_id or uuid.uuid4().hex[:12], anchor, text, tick or None, who, now_iso())
        self.annotations[ann.id] = ann
        self._log("annotate", who, anchor, None, _ann_text(ann))
        self._changed("annotation", ann.id)
        return ann

    def update_annotation(self, ann_id: str, *, text: str | None = None, tick: str | None | type(...) = ...,
                          who: str = "") -> Annotation:
        ann = self.annotations[ann_id]
        before = _ann_text(ann)
        if text is not None:
            ann.text = text
        if tick is not ...:
            self._check_tick(tick)  # type: ignore[arg-type]
            ann.tick = tick or None  # type: ignore[assignment]
        ann.updated = now_iso()
        self._log("annotation_update", who, ann.anchor, before, _ann_text(ann))
        self._changed("annotation", ann.id)
        return ann

    def remove_annotation(self, ann_id: str, who: str = "") -> Annotation:
        ann = self.annotations.pop(ann_id)
        if ann_id in self.orphans:
            self.orphans.remove(ann_id)
        self._log("annotation_remove", who, ann.anchor, _ann_text(ann), None)
        self._changed("annotation", ann_id)
        return ann

    def annotations_at(self, table_id: str, row: int | None = None, col: int | None = None) -> list[Annotation]:
        """Annotations on this table (row/col None) / row (col None) / cell."""
        out = []
        for a in self.annotations.values():
            an = a.anchor
            if an.table_id != table_id or a.id in self.orphans:
                continue
            if row is None and an.kind == TABLE:
                out.append(a)
            elif row is not None and an.row == row and (
                    (col is None and an.kind == ROW) or (col is not None and an.kind == CELL and an.col == col)):
                out.append(a)
        return out

    def annotations_for_finding(self, key_str: str) -> list[Annotation]:
        return [a for a in self.annotations.values() if a.anchor.kind == FINDING and a.anchor.finding == key_str]

    def _check_tick(self, tick: str | None) -> None:
        if tick and tick not in {m for m, _ in self.tick_legend}:
            raise ValueError(f"审计标识 {tick!r} 不在标识说明中")

    def set_tick_legend(self, legend: Iterable[tuple[str, str]], who: str = "") -> None:
        new = [(str(m), str(t)) for m, t in legend]
        used = {a.tick for a in self.annotations.values() if a.tick}
        missing = used - {m for m, _ in new}
        if missing:
            raise ValueError(f"标识 {''.join(sorted(missing))} 仍在使用，不能删除")
        self.tick_legend = new
        self._log("legend", who, None, None, "；".join(f"{m} {t}" for m, t in new), target="审计标识说明")
        self._changed("legend", None, invalidates_signoff=False)

    # ------------------------------------------------------------------ finding statuses
    def set_finding_status(self, key_str: str, status: str, who: str, *, reason: str = "",
                           comment: str = "") -> FindingStatus:
        if status not in STATUSES:
            raise ValueError(f"未知状态 {status!r}")
        if status == DISMISSED and not reason.strip():
            raise ValueError("已排除需要填写理由")
        prev = self.statuses.get(key_str)
        st = FindingStatus(status, reason.strip(), comment, who, now_iso())
        self.statuses[key_str] = st
        self._log("status", who, Anchor.for_finding(key_str), prev.status if prev else None, status,
                  "；".join(p for p in (reason.strip(), comment) if p))
        self._changed("status", key_str)
        return st

    def set_checklist_verdict(self, row_id: str, verdict: str | None, who: str, reason: str = "",
                              name: str = "") -> tuple[str, str] | None:
        """The auditor's 是/否 for one 检查表 row (None: back to what the findings decide);
        logged in the 修改记录. Returns the previous override."""
        prev = self.checklist_overrides.get(row_id)
        if verdict is None:
            self.checklist_overrides.pop(row_id, None)
        else:
            self.checklist_overrides[row_id] = (verdict, reason.strip())
        self._log("checklist", who, None, prev[0] if prev else "自动判定", verdict or "自动判定", reason.strip(),
                  target=f"检查表：{name or row_id}")
        self._changed("checklist", row_id)
        return prev

    def clear_finding_status(self, key_str: str, who: str) -> FindingStatus | None:
        """Back to no recorded status (shown as 待核实) — the GUI's undo of a first status."""
        prev = self.statuses.pop(key_str, None)
        if prev is None:
            return None
        self._log("status", who, Anchor.for_finding(key_str), prev.status, None, "撤销")
        self._changed("status", key_str)
        return prev

    def status_of(self, finding: Any) -> FindingStatus | None:
        """Status for a Finding (or its key_str)."""
        key = finding if isinstance(finding, str) else finding.key_str
        return self.statuses.get(key)

    def split_dismissed(self, findings: Iterable[Any]) -> tuple[list[Any], list[Any]]:
        """(still open or confirmed, dismissed with a reason) — for the CLI's exit code."""
        keep, dismissed = [], []
        for f in findings:
            st = self.statuses.get(f.key_str)
            (dismissed if st is not None and st.status == DISMISSED else keep).append(f)
        return keep, dismissed

    # ------------------------------------------------------------------ people, header, sign-off
    def set_preparer(self, name: str, date: str = "", who: str = "") -> None:
        self.preparer = Person(name, date)
        self._log("people", who or name, None, None, f"编制人 {name} {date}".strip(), target="编制人")
        self._changed("people", "preparer", invalidates_signoff=False)

    def set_reviewer(self, name: str, date: str = "", who: str = "") -> None:
        self.reviewer = Person(name, date)
        self._log("people", who or name, None, None, f"复核人 {name} {date}".strip(), target="复核人")
        self._changed("people", "reviewer", invalidates_signoff=False)

    def set_header(self, who: str = "", **fields: str) -> None:
        for k, v in fields.items():
            if k not in WorkpaperHeader.__dataclass_fields__:
                raise KeyError(k)
            setattr(self.header, k, v)
        self._log("header", who, None, None, "；".join(f"{k}={v}" for k, v in fields.items()), target="底稿信息")
        self._changed("header", None, invalidates_signoff="conclusion" in fields)

    # ------------------------------------------------------------------ the findings shown
    def set_report(self, report: Any) -> None:
        """The checks' latest result. A sign-off whose findings or PDF changed becomes void."""
        self.report = report
        self._emit(REPORT, report)
        self.verify_sign_off()

    def finding(self, key_str: str) -> Any:
        for f in (self.report.findings if self.report is not None else ()):
            if f.key_str == key_str:
                return f
        return None

    def finding_name(self, key_str: str) -> str:
        """"问题 F0003（A7 收入支出决算总表 / 合计 / 决算数）" — never the internal key."""
        f = self.finding(key_str)
        if f is None:
            rule, table, row_label, column, _n = (key_str.split("|") + [""] * 5)[:5]
            return f"问题 {rule} " + " / ".join(p for p in (self._title(table), row_label, column) if p)
        from .places import location_name

        return f"问题 {f.id or f.rule}（{f.rule} {location_name(self.doc, f.location)}）"

    def log_place(self, entry: LogEntry) -> str:
        """A 修改记录 line's place as printed now: F-ids for findings, the side-by-side-aware cell
        names for cells — also for entries logged by older versions (internal keys)."""
        a = entry.anchor
        if a is None:
            return entry.target
        if a.kind == FINDING:
            return self.finding_name(a.finding or "")
        if a.kind in (CELL, ROW) and a.place is None and a.table_id is not None and a.row is not None:
            t = self.doc.table_by_id(a.table_id)
            if t is not None and a.row < len(t.rows) and (a.col is None or a.col < len(t.columns)):
                return cell_name(t, a.row, a.col if a.kind == CELL else None)
        return entry.target

    def _title(self, table_id: str) -> str:
        t = self.doc.table_by_id(table_id) if table_id else None
        return t.title if t is not None else table_id

    def open_findings(self) -> list[Any]:
        """Findings the auditor has neither confirmed nor dismissed (待核实)."""
        findings = self.report.findings if self.report is not None else ()
        return [f for f in findings if (self.statuses.get(f.key_str) or FindingStatus(PENDING)).status == PENDING]

    def verify_sign_off(self) -> None:
        """Void the sign-off (with a note, logged) when the PDF or the findings changed since."""
        so = self.signoff
        if so is None or so.void:
            return
        why = ""
        if so.pdf_sha256 and self.sha256 and so.pdf_sha256 != self.sha256:
            why = f"签字后 PDF 文件已变化（SHA-256 {so.pdf_sha256[:12]}… → {self.sha256[:12]}…）"
        elif self.report is not None and so.findings and findings_fingerprint(self.report.findings) != so.findings:
            now = _counts_zh(self.report.findings)
            why = f"签字后问题清单有变化（签字时 {so.counts or '—'}；现在 {now}）"
        if why:
            so.void = why
            self._log("sign_off_void", so.who, None, None, None, why, target="复核签字")
            self._changed(SIGN_OFF, so, invalidates_signoff=False)

    def sign_off(self, who: str, note: str = "", date: str | None = None) -> SignOff:
        """The reviewer signs. Later edits, annotations or statuses mark the sign-off stale;
        a changed PDF or changed findings void it. The reviewer must not be the preparer."""
        who = who.strip()
        if not who:
            raise ValueError("请填写复核人姓名")
        if self.preparer.name and who == self.preparer.name.strip():
            raise ValueError(f"复核人不能与编制人（{self.preparer.name}）为同一人")
        when = now_iso()
        findings = self.report.findings if self.report is not None else []
        self.signoff = SignOff(who, when, note, pdf_sha256=self.sha256,
                               findings=findings_fingerprint(findings) if self.report is not None else "",
                               counts=_counts_zh(findings) if self.report is not None else "")
        self.reviewer = Person(who, date or when[:10])
        self._log("sign_off", who, None, None, who, note, target="复核签字")
        self._changed("sign_off", self.signoff, invalidates_signoff=False)
        return self.signoff

    def revoke_sign_off(self, who: str) -> None:
        if self.signoff is None:
            return
        self._log("sign_off_revoke", who, None, self.signoff.who, None, target="复核签字")
        self.signoff = None
        self._changed("sign_off", None, invalidates_signoff=False)

    # ------------------------------------------------------------------ (de)serialisation
    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "pdf": {"file": self.pdf_path.name, "path": str(self.pdf_path.resolve()), "sha256": self.sha256},
            "created": self.created,
            "saved_at": now_iso(),
            "app_version": _app_version(),
            "header": asdict(self.header),
            "preparer": asdict(self.preparer),
            "reviewer": asdict(self.reviewer),
            "sign_off": asdict(self.signoff) if self.signoff else None,
            "tick_legend": [{"mark": m, "meaning": t} for m, t in self.tick_legend],
            "edits": [e.to_json() for _, e in sorted(self.edits.items())] + [c.to_json() for c in self.conflicts],
            "annotations": [a.to_json() for a in self.annotations.values()],
            "finding_status": {k: v.to_json() for k, v in self.statuses.items()},
            "checklist_overrides": {k: {"verdict": v, "reason": r} for k, (v, r) in self.checklist_overrides.items()},
            "log": [e.to_json() for e in self.log],
        }

    def _restore(self, data: dict[str, Any], *, apply_edits: bool = True) -> None:
        """Fill this (fresh) session from a session file's JSON, re-applying onto self.doc.

        `data` is what `session_schema.validate_session` let through; a record that still
        fails here is left out and named in `self.unreadable`, never the whole session.
        """
        self.created = str(data.get("created") or self.created)
        self.saved_at = data.get("saved_at")
        h = data.get("header") or {}
        self.header = WorkpaperHeader(**{k: str(h.get(k, getattr(self.header, k)) or "")
                                         for k in WorkpaperHeader.__dataclass_fields__})
        self.preparer = Person(**_pick(data.get("preparer"), ("name", "date")))
        self.reviewer = Person(**_pick(data.get("reviewer"), ("name", "date")))
        so = data.get("sign_off")
        # a sign-off from before the PDF was recorded on it: the session's PDF is what was signed
        self.signoff = SignOff(str(so.get("who", "")), str(so.get("when", "")), str(so.get("note", "")),
                               bool(so.get("stale", False)),
                               str(so.get("pdf_sha256") or (data.get("pdf") or {}).get("sha256") or ""),
                               str(so.get("findings", "")), str(so.get("counts", "")),
                               str(so.get("void", ""))) if so else None
        legend = data.get("tick_legend")
        if legend:
            self.tick_legend = [(str(x["mark"]), str(x.get("meaning", ""))) for x in legend]

        def each(key: str, items: Iterable[Any], fn: Callable[[Any], None]) -> None:
            for i, x in enumerate(items):
                try:
                    fn(x)
                except Exception as exc:  # validated already; anything left is named, not fatal
                    self.unreadable.append(Unreadable(f"{key}[{i}]", f"无法套用（{type(exc).__name__}）"))

        each("log", data.get("log", []), lambda x: self.log.append(LogEntry.from_json(x)))
        each("finding_status", (data.get("finding_status") or {}).items(),
             lambda kv: self.statuses.__setitem__(str(kv[0]), FindingStatus.from_json(kv[1])))
        each("annotations", data.get("annotations", []), self._restore_annotation)
        each("checklist_overrides", (data.get("checklist_overrides") or {}).items(),
             lambda kv: self.checklist_overrides.__setitem__(str(kv[0]), (str(kv[1]["verdict"]), str(kv[1].get("reason", "")))))
        if apply_edits:
            each("edits", data.get("edits", []), lambda x: self._reapply(CellEdit.from_json(x)))

    def _restore_annotation(self, x: dict[str, Any]) -> None:
        ann = Annotation.from_json(x)
        if ann.anchor.kind in (CELL, ROW, TABLE):
            table, r, c, why = resolve_anchor(self.doc, ann.anchor)
            if why is None and table is not None:
                ann.anchor = replace(ann.anchor, table_id=table.id, row=r, col=c)
            else:
                self.orphans.append(ann.id)
        self.annotations[ann.id] = ann

    def _reapply(self, e: CellEdit) -> None:
        table, r, c, why = resolve_anchor(self.doc, e.anchor)
        if why is not None or table is None or r is None or c is None:
            self.conflicts.append(Conflict(e, why or "row_missing", None, table.id if table else None, r, c))
            return
        cell = table.rows[r].cells[c]
        current = cell.original if cell.original is not None else cell.text
        if not _same_text(current, e.old):
            if _same_text(current, e.new):  # the extraction now reads what the auditor typed
                self.last_messages.append(f"{e.anchor.describe()}：提取值已与修改值一致，无需再改")
                return
            self.conflicts.append(Conflict(e, "value_changed", current, table.id, r, c))
            return
        if cell.text != e.new:
            table.rows[r].cells[c] = cell.with_text(e.new)
        anchor = replace(e.anchor, table_id=table.id, row=r, col=c)
        self.edits[(table.id, r, c)] = CellEdit(anchor, current, e.new, e.who, e.when)

    # ------------------------------------------------------------------ saving
    def save(self, force: bool = False) -> Path | None:
        """Write the session atomically (only if dirty, unless `force`). Returns the path
        (None when a pristine new session has nothing to write).

        Beside the PDF when that folder is writable, else in the app-data folder.
        Raises SessionSaveError when neither works.
        """
        if not self.dirty and not force:
            return self.path
        payload = json.dumps(self.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
        errors = []
        for target in self._save_targets():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target = self._claim(target)
                self._handle_pending_rename(target)
                backup = self._backup_ok and target == self.path
                atomic_write(target, payload, backup=backup)
            except OSError as exc:
                errors.append(f"{target}: {exc.strerror or exc}")
                continue
            session_lock.refresh(target)
            if self.path is not None and target != self.path:
                self.last_messages.append(f"无法写入 {self.path}，会话已改存到 {target}")
            elif self.path is None and target == app_data_path(self.sha256 or "unknown"):
                self.last_messages.append(f"PDF 所在文件夹不可写，会话保存在 {target}")
            self.path = target
            self._backup_ok = True
            self.dirty = False
            self.saved_at = now_iso()
            for fn in list(self.listeners):
                fn("saved", target)
            return target
        raise SessionSaveError("会话无法保存：" + "；".join(errors))

    def _save_targets(self) -> list[Path]:
        targets: list[Path] = []
        if self.path is not None:
            targets.append(self.path)
        else:
            beside = beside_path(self.pdf_path)
            if dir_writable(beside.parent):
                targets.append(beside)
        fallback = app_data_path(self.sha256 or "unknown")
        if fallback not in targets:
            targets.append(fallback)
        return targets

    def _claim(self, target: Path) -> Path:
        """Hold the lock of `target`; when another writer holds it, the file this session
        writes instead (beside it, named after us) — never over the other one's work."""
        if self._lock is not None and self._lock[0] == target:
            return target
        holder = session_lock.acquire(target)
        if holder is None:
            self.close()
            self._lock = (target, weakref.finalize(self, session_lock.release, target))
            return target
        aside = target.with_name(f"{target.name.removesuffix('.json')}.{_safe_name(session_lock.user_name())}"
                                 f"-{_now_stamp()}-{os.getpid()}.json")
        self.locked_by = holder
        self._pending_rename = None  # the file is someone else's now: never move it
        self._backup_ok = False
        self.last_messages.append(f"会话文件 {target.name} 正由 {holder.message}编辑；为免覆盖对方的修改，"
                                  f"本窗口的审核会话另存到 {aside.name}")
        self.path = aside
        return self._claim(aside)

    def close(self) -> None:
        """Let go of the session file's lock (the window closes or opens another PDF)."""
        if self._lock is not None:
            self._lock[1]()
            self._lock = None

    def _handle_pending_rename(self, target: Path) -> None:
        """Never overwrite a corrupt (or other-PDF) session file silently: move it aside first."""
        if self._pending_rename is None:
            return
        src, dst = self._pending_rename
        if os.path.lexists(src) and src.absolute() == target.absolute():
            os.replace(src, dst)
            self.last_messages.append(f"原会话文件已改名为 {dst.name} 保留")
            self._backup_ok = False
        self._pending_rename = None


def _counts_zh(findings: Iterable[Any]) -> str:
    from auditdesk.checks.vocabulary import counts_line

    counts: dict[str, int] = {}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return counts_line(counts)


def _safe_name(text: str) -> str:
    """A user name fit for a file name."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)[:32] or "user"


def _ann_text(a: Annotation) -> str:
    return " ".join(p for p in (a.tick or "", a.text) if p)


def _pick(d: Any, keys: tuple[str, ...]) -> dict[str, str]:
    d = d or {}
    return {k: str(d.get(k, "") or "") for k in keys}


def _app_version() -> str:
    try:
        from auditdesk import __version__

        return __version__
    except Exception:  # pragma: no cover
        return ""


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True, slots=True)
class SessionMismatch:
    """The session on disk was made for a different PDF (its sha256 changed)."""

    session_path: Path
    recorded_sha256: str
    current_sha256: str
    saved_at: str | None = None

    @property
    def message(self) -> str:
        return (f"PDF 文件已变化（会话记录的 SHA-256 {self.recorded_sha256[:12]}…，"
                f"当前文件 {self.current_sha256[:12]}…）。是否仍然套用原会话中的修改和批注？")


# LoadResult.status values
NEW = "new"  # nothing saved for this PDF
RESTORED = "restored"
RECOVERED = "recovered"  # the session file was corrupt; restored from .bak (or started fresh)
MISMATCH = "mismatch"  # the UI must ask: load again with on_mismatch="apply" or "fresh"


@dataclass(slots=True)
class LoadResult:
    status: str
    session: ReviewSession | None
    path: Path | None = None  # the file the session came from
    conflicts: list[Conflict] = field(default_factory=list)
    orphans: list[Annotation] = field(default_factory=list)
    mismatch: SessionMismatch | None = None
    corrupt: Path | None = None  # the unreadable session file, if any
    messages: list[str] = field(default_factory=list)  # Chinese, for the UI / CLI stderr

    @property
    def ok(self) -> bool:
        return self.session is not None


def _read_session_file(path: Path) -> SessionFile:
    """Read and validate field by field; raises SessionFileError (a ValueError) only when
    nothing of the file is usable (not a regular file, too big, not JSON, not a session)."""
    return read_session_file(path, SCHEMA, STATUSES)




def _find_by_pdf_path(pdf_path: Path) -> Path | None:
    """An app-data session made for this same path (when the PDF changed and its folder is read-only)."""
    d = sessions_dir()
    if not d.is_dir():
        return None
    want = str(pdf_path.resolve())
    needles = _json_needles(want)
    best: tuple[str, Path] | None = None
    for p in d.glob("*.json"):
        try:
            # every check of a PDF with no session comes here: a bytes search first, so only
            # the sessions naming this path are parsed and validated (an auditor keeps hundreds)
            if needles and not any(n in read_regular_file(p) for n in needles):
                continue
            data = _read_session_file(p).data
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and (data.get("pdf") or {}).get("path") == want:
            key = str(data.get("saved_at") or "")
            if best is None or key > best[0]:
                best = (key, p)
    return best[1] if best else None


def _json_needles(text: str) -> list[bytes]:
    """How `text` can stand in a session file: as we write it (UTF-8) or \\u-escaped (any
    other JSON writer); [] when it cannot be encoded (then every file is parsed)."""
    try:
        return list({json.dumps(text, ensure_ascii=False).encode("utf-8"), json.dumps(text).encode("ascii")})
    except UnicodeEncodeError:
        return []


def _now_stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def load_session(pdf_path: str | os.PathLike[str], doc: Document, *, on_mismatch: str = "ask",
                 read_only: bool = False) -> LoadResult:
    """Open the review session saved for `pdf_path`, re-applying it onto the fresh `doc`.

    on_mismatch: "ask" → a MISMATCH result with no session (ask the user, then call
    again); "apply" → re-apply the old session onto this PDF (changed cells become
    conflicts) and rebind it to the new sha256; "fresh" → a new session, the old file is
    renamed aside on first save.
    `read_only=True` never renames or writes anything (the CLI).

    Never raises for what is on disk: a session that cannot be read at all gives a fresh
    session that keeps the old file aside, so the window always has somewhere to save.
    Unless `read_only`, the session file's lock is taken; when another window holds it the
    session saves to a file of its own and says so (`LoadResult.messages`).
    """
    pdf = Path(pdf_path)
    try:
        result = _load_session(pdf, doc, on_mismatch, read_only)
    except Exception as exc:
        result = _rescue(pdf, doc, exc, read_only)
    s = result.session
    if s is not None and not read_only:
        try:
            targets = s._save_targets()
            before = len(s.last_messages)
            s._claim(targets[0])
            result.messages.extend(s.last_messages[before:])
        except OSError:
            pass  # nowhere to lock: save() still falls back to the app-data folder
        result.messages.append(f"审核会话将保存到 {s.path or s._save_targets()[0]}")
    return result


def _rescue(pdf: Path, doc: Document, exc: Exception, read_only: bool) -> LoadResult:
    """What load_session returns when reading failed unexpectedly: a fresh session whose
    first save moves the unreadable file aside (never over it)."""
    s = ReviewSession(doc, pdf)
    beside = beside_path(pdf)
    msg = f"审核会话无法载入（{type(exc).__name__}: {exc}），已新建会话"
    if not read_only and os.path.lexists(beside):
        s.path = beside
        s._pending_rename = (beside, beside.with_name(f"{beside.name}.unreadable-{_now_stamp()}"))
        s._backup_ok = False
        s.dirty = True
        msg += "；原会话文件会在保存前改名保留"
    return LoadResult(RECOVERED, s, None, corrupt=beside if os.path.lexists(beside) else None, messages=[msg])


def _load_session(pdf: Path, doc: Document, on_mismatch: str, read_only: bool) -> LoadResult:
    sha = doc.sha256 or sha256_file(pdf)
    if not doc.sha256:
        doc.sha256 = sha
    messages: list[str] = []
    corrupt: Path | None = None
    loaded: list[tuple[str, Path, SessionFile, bool]] = []  # (saved_at, path, file, from_backup)
    places = saved_places(pdf, sha)
    if not places:
        other = _find_by_pdf_path(pdf)
        if other is not None:
            places = [other]
    chosen_main: Path | None = None
    for main in places:
        sf: SessionFile | None = None
        from_backup = False
        if os.path.lexists(main):
            try:
                sf = _read_session_file(main)
            except (OSError, ValueError) as exc:
                corrupt = main
                messages.append(f"会话文件 {main.name} 无法读取（{exc}）")
        if sf is None and os.path.lexists(backup_path(main)):
            try:
                sf = _read_session_file(backup_path(main))
                from_backup = True
                messages.append(f"已从备份 {backup_path(main).name} 恢复会话")
            except (OSError, ValueError) as exc:
                messages.append(f"备份 {backup_path(main).name} 也无法读取（{exc}）")
        if sf is not None:
            loaded.append((str(sf.data.get("saved_at") or ""), main, sf, from_backup))
    sf = None
    from_backup = False
    if loaded:
        loaded.sort(key=lambda x: x[0], reverse=True)
        _, chosen_main, sf, from_backup = loaded[0]

    def fresh() -> ReviewSession:
        s = ReviewSession(doc, pdf)
        if corrupt is not None and not read_only:
            s.path = corrupt
            s._pending_rename = (corrupt, corrupt.with_name(f"{corrupt.name}.corrupt-{_now_stamp()}"))
            s._backup_ok = False
            s.dirty = True
        return s

    if sf is None:
        if corrupt is not None:
            messages.append("未能恢复，已新建会话；无法读取的文件会在保存前改名保留")
            return LoadResult(RECOVERED, fresh(), None, corrupt=corrupt, messages=messages)
        return LoadResult(NEW, fresh(), None, messages=messages)

    assert chosen_main is not None
    data = sf.data
    recorded = str((data.get("pdf") or {}).get("sha256") or "")
    if recorded and recorded != sha:
        mm = SessionMismatch(chosen_main, recorded, sha, data.get("saved_at"))
        if on_mismatch == "ask":
            return LoadResult(MISMATCH, None, chosen_main, mismatch=mm, corrupt=corrupt,
                              messages=messages + [mm.message])
        if on_mismatch == "fresh":
            s = ReviewSession(doc, pdf)
            if not read_only and chosen_main.exists():
                # keep the other PDF's session: it is renamed aside, never overwritten
                if chosen_main == beside_path(pdf):
                    s.path = chosen_main
                    s._pending_rename = (chosen_main, chosen_main.with_name(
                        f"{pdf.name}.auditdesk.{recorded[:12]}.json"))
                    s._backup_ok = False
                s.dirty = True
            return LoadResult(NEW, s, None, mismatch=mm, messages=messages + ["已为新文件新建会话，原会话已保留"])
        if on_mismatch != "apply":
            raise ValueError(on_mismatch)
        messages.append("原会话已套用到变化后的 PDF")

    s = ReviewSession(doc, pdf)
    s.unreadable = list(sf.unreadable)
    s._restore(data)
    partial = bool(s.unreadable) and not from_backup
    if s.unreadable:
        src = backup_path(chosen_main).name if from_backup else chosen_main.name
        messages.append(f"会话文件 {src} 中有 {len(s.unreadable)} 处无法读取，已跳过："
                        f"{describe_unreadable(s.unreadable)}；其余内容已载入")
    if not read_only:
        if recorded and recorded != sha and chosen_main.parent == sessions_dir():
            s.path = None  # app-data sessions are keyed by sha256: the rebound one gets its own file
        else:
            s.path = chosen_main
        if corrupt is not None and corrupt == chosen_main:
            s._pending_rename = (corrupt, corrupt.with_name(f"{corrupt.name}.corrupt-{_now_stamp()}"))
            s._backup_ok = False
        elif partial and s.path == chosen_main:
            # what could not be read stays in the original file, kept under a new name
            kept = chosen_main.with_name(f"{chosen_main.name}.partial-{_now_stamp()}")
            s._pending_rename = (chosen_main, kept)
            s._backup_ok = False
            messages.append(f"原文件将改名为 {kept.name} 保留")
        if from_backup or partial or (recorded and recorded != sha):
            s.dirty = True  # write the recovered / rebound state promptly
    s.sha256 = sha
    if not read_only:  # (the CLI says it in its summary, with the findings it changed)
        messages.append(_applied_note(s, chosen_main))
    if s.conflicts:
        messages.append(f"{len(s.conflicts)} 处修改无法套用到当前提取结果，请逐一处理")
    orphans = [s.annotations[i] for i in s.orphans]
    if orphans:
        messages.append(f"{len(orphans)} 条批注的位置在当前提取结果中已找不到")
    status = RECOVERED if (from_backup or corrupt is not None or s.unreadable) else RESTORED
    return LoadResult(status, s, chosen_main, list(s.conflicts), orphans,
                      SessionMismatch(chosen_main, recorded, sha, data.get("saved_at"))
                      if recorded and recorded != sha else None, corrupt, messages)


def _applied_note(s: ReviewSession, path: Path) -> str:
    """"已应用审核会话（保存于 …）：2 处修改，3 条问题已排除（排除人：李四）" — the window
    says so as the CLI does, so a planted session that dismisses errors is never silent."""
    dismissed = [st for st in s.statuses.values() if st.status == DISMISSED]
    who = sorted({st.who for st in dismissed if st.who})
    saved = str(s.saved_at or "")[:16].replace("T", " ")
    return (f"已应用审核会话 {path.name}" + (f"（保存于 {saved}）" if saved else "")
            + f"：{len(s.edits)} 处修改，{len(dismissed)} 条问题已排除"
            + (f"（排除人：{'、'.join(who)}）" if who else ""))


def apply_session_to_document(doc: Document, path: str | os.PathLike[str], *,
                              on_mismatch: str = "ask") -> LoadResult:
    """For the CLI: re-apply the saved edits onto `doc` in place, touching no file.

    `path` is the PDF (its session is looked up as the GUI would) or a session file
    itself. On a sha256 mismatch nothing is applied unless on_mismatch="apply".
    """
    p = Path(path)
    if p.name.endswith(".json"):
        try:
            sf = _read_session_file(p)
        except (OSError, ValueError) as exc:
            return LoadResult(NEW, None, p, corrupt=p, messages=[f"会话文件无法读取（{exc}），未应用"])
        data = sf.data
        recorded = str((data.get("pdf") or {}).get("sha256") or "")
        if recorded and doc.sha256 and recorded != doc.sha256 and on_mismatch != "apply":
            mm = SessionMismatch(p, recorded, doc.sha256, data.get("saved_at"))
            return LoadResult(MISMATCH, None, p, mismatch=mm, messages=[mm.message])
        s = ReviewSession(doc, doc.path)
        s.unreadable = list(sf.unreadable)
        s._restore(data)
        messages = [f"{len(s.conflicts)} 处修改无法套用"] if s.conflicts else []
        if s.unreadable:
            messages.append(f"会话文件中有 {len(s.unreadable)} 处无法读取，已跳过："
                            f"{describe_unreadable(s.unreadable)}")
        return LoadResult(RECOVERED if s.unreadable else RESTORED, s, p, list(s.conflicts),
                          [s.annotations[i] for i in s.orphans], messages=messages)
    return load_session(p, doc, on_mismatch=on_mismatch, read_only=True)


__all__ = [
    "Anchor", "Annotation", "CellEdit", "Conflict", "FindingStatus", "LoadResult", "LogEntry",
    "ReviewSession", "SessionMismatch", "SessionSaveError", "SessionFileError", "Unreadable", "SignOff", "WorkpaperHeader", "Person",
    "load_session", "apply_session_to_document", "atomic_write", "app_data_dir", "beside_path",
    "app_data_path", "dir_writable", "sha256_file", "resolve_anchor",
    "SCHEMA", "PENDING", "CONFIRMED", "DISMISSED", "STATUSES", "DEFAULT_TICK_LEGEND", "ACTION_ZH",
    "NEW", "RESTORED", "RECOVERED", "MISMATCH",
]
