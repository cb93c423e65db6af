"""Reading a session file safely and field by field (no Qt).

A session file is the auditor's work, so one bad field must not cost the rest: every
record is validated on its own, what cannot be read is named (`Unreadable`) and left
out, and everything else is returned as clean JSON that `ReviewSession._restore` can
trust.  Only regular files of sane size are opened (a FIFO or a link to /dev/zero named
``X.pdf.auditdesk.json`` must neither hang nor eat memory), and nesting is cut at a
sane depth before parsing (a list nested 100 000 deep is one unreadable field, not a
RecursionError).
"""
from __future__ import annotations

import functools
import json
import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from auditdesk.app.atomic_file import backup_path

SESSION_SUFFIX = ".auditdesk.json"  # FILE.pdf → FILE.pdf.auditdesk.json
DATA_DIR_ENV = "AUDITDESK_DATA_DIR"
MAX_BYTES = 64 << 20  # a real session with thousands of edits is a few MB
MAX_DEPTH = 24  # a real session nests 4 deep (root → edits → edit → anchor → bbox)

TARGET_KINDS = ("cell", "row", "table", "finding", "region")


@functools.lru_cache(maxsize=1)
def _anchor_fields() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(text fields, non-negative integer fields) of `session.Anchor`, read from the class
    itself so that a field added there is validated here too."""
    from auditdesk.app.session import Anchor

    text, ints = [], []
    for name, f in Anchor.__dataclass_fields__.items():
        kind = str(f.type).replace(" ", "")
        if name in ("kind", "bbox"):
            continue
        if kind in ("str|None", "Optional[str]", "str"):
            text.append(name)
        elif kind in ("int", "int|None", "Optional[int]"):
            ints.append(name)
    return tuple(text), tuple(ints)
_CLIPPED = '{"嵌套过深": true}'  # what an over-deep value becomes: fails every field's check, so it is named
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)


class SessionFileError(ValueError):
    """The file as a whole cannot be used as a session (not a regular file, too big, not JSON …)."""


@dataclass(frozen=True, slots=True)
class Unreadable:
    """One part of a session file that was left out: where (``log[3].who``) and why."""

    where: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}：{self.why}"


def app_data_dir() -> Path:
    """AuditDesk's per-user data folder (override with $AUDITDESK_DATA_DIR)."""
    import sys

    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env)
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "AuditDesk"


def sessions_dir() -> Path:
    return app_data_dir() / "sessions"


def beside_path(pdf_path: str | os.PathLike[str]) -> Path:
    p = Path(pdf_path)
    return p.with_name(p.name + SESSION_SUFFIX)


def app_data_path(sha: str) -> Path:
    return sessions_dir() / f"{sha}.json"


def saved_places(pdf_path: str | os.PathLike[str], sha: str) -> list[Path]:
    """Where this PDF's session is saved, of the two places it is looked for first: beside it,
    or named by its SHA-256 in the app-data folder (the file or its backup exists)."""
    return [p for p in (beside_path(pdf_path), app_data_path(sha)) if os.path.lexists(p) or os.path.lexists(backup_path(p))]


def may_have_session(pdf_path: str | os.PathLike[str], sha: str) -> bool:
    """Whether a saved review session of this PDF can exist: in one of its `saved_places`, or
    as any app-data session (one may name this path). False is sure, so `auditdesk check`
    imports the session machinery only when there is something to load."""
    if saved_places(pdf_path, sha):
        return True
    try:
        with os.scandir(sessions_dir()) as it:
            return any(e.name.endswith(".json") for e in it)
    except OSError:  # no app-data folder yet
        return False


# --------------------------------------------------------------------------- safe reading


def read_regular_file(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """The bytes of `path` if it is a regular file of at most `limit` bytes.

    Checked before opening (no device is ever opened) and again on the open descriptor
    (the file may be swapped in between); O_NONBLOCK so a FIFO can never block the open.
    """
    limit = MAX_BYTES if limit is None else limit
    try:
        st = os.stat(path)
    except OSError as exc:
        raise SessionFileError(f"无法读取（{exc.strerror or exc}）") from exc
    _check_stat(st, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise SessionFileError(f"无法读取（{exc.strerror or exc}）") from exc
    try:
        _check_stat(os.fstat(fd), limit)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise SessionFileError(f"无法读取（{exc.strerror or exc}）") from exc
    finally:
        os.close(fd)
    if size > limit:
        raise SessionFileError(f"文件过大（超过 {limit >> 20} MB）")
    return b"".join(chunks)


def _check_stat(st: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise SessionFileError("不是普通文件")
    if st.st_size > limit:
        raise SessionFileError(f"文件过大（{st.st_size >> 20} MB，上限 {limit >> 20} MB）")


def parse_json(raw: bytes) -> tuple[Any, int]:
    """JSON → (value, number of over-deep values replaced by null)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SessionFileError(f"不是 UTF-8 文本（第 {exc.start} 字节）") from exc
    clipped = 0
    try:
        return json.loads(text), 0
    except RecursionError:
        text, clipped = clip_depth(text, MAX_DEPTH)
    except ValueError as exc:
        raise SessionFileError(f"无法解析（{exc}）") from exc
    try:
        return json.loads(text), clipped
    except (ValueError, RecursionError) as exc:
        raise SessionFileError(f"无法解析（{exc}）") from exc


def clip_depth(text: str, limit: int) -> tuple[str, int]:
    """Replace every array/object that opens deeper than `limit` by a marker object. Linear time."""
    out: list[str] = []
    depth = 0
    start = 0  # of the text not yet copied
    cut_at = -1  # where the value being cut opened
    clipped = 0
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok[0] == '"':
            continue
        if tok in "[{":
            depth += 1
            if depth == limit + 1 and cut_at < 0:
                cut_at = m.start()
        else:
            if depth == limit + 1 and cut_at >= 0:
                out.append(text[start:cut_at])
                out.append(_CLIPPED)
                start = m.end()
                cut_at = -1
                clipped += 1
            depth -= 1
    out.append(text[start:] if cut_at < 0 else text[start:cut_at] + _CLIPPED)
    return "".join(out), clipped + (cut_at >= 0)


# --------------------------------------------------------------------------- validation


class _Check:
    """Collects the unreadable parts while one session's JSON is validated."""

    def __init__(self) -> None:
        self.bad: list[Unreadable] = []

    def note(self, where: str, why: str) -> None:
        self.bad.append(Unreadable(where.lstrip("."), why))

    # ---- scalars: the value, or `missing` (and a note) when it has the wrong type
    def text(self, d: dict, key: str, where: str, *, required: bool = False, nullable: bool = False) -> Any:
        if key not in d or (d[key] is None and not required):
            if required:
                self.note(f"{where}.{key}", "缺少")
                return _MISSING
            return None if nullable or key not in d else ""
        v = d[key]
        if isinstance(v, str):
            return v
        self.note(f"{where}.{key}", f"应为文字，实为 {_kind(v)}")
        return _MISSING

    def index(self, d: dict, key: str, where: str) -> Any:
        v = d.get(key)
        if v is None:
            return None
        if isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 1 << 31:
            return v
        self.note(f"{where}.{key}", f"应为非负整数，实为 {_brief(v)}")
        return _MISSING


_MISSING = object()


def _kind(v: Any) -> str:
    return {dict: "对象", list: "列表", str: "文字", bool: "真假值", int: "数字", float: "数字"}.get(
        type(v), "空值" if v is None else type(v).__name__)


def _brief(v: Any) -> str:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return str(v)
    return _kind(v)


def _obj(c: _Check, v: Any, where: str) -> dict | None:
    if isinstance(v, dict):
        return v
    c.note(where, f"应为对象，实为 {_brief(v)}")
    return None


def _anchor(c: _Check, v: Any, where: str) -> dict | None:
    """A clean anchor, or None (noted) when it cannot locate anything."""
    d = _obj(c, v, where)
    if d is None:
        return None
    kind = d.get("kind")
    if kind not in TARGET_KINDS:
        c.note(f"{where}.kind", f"未知的位置类型 {_brief(kind) if not isinstance(kind, str) else kind!r}")
        return None
    out: dict[str, Any] = {"kind": kind}
    text_fields, int_fields = _anchor_fields()
    for k in text_fields:
        t = c.text(d, k, where, nullable=True)
        if t is not _MISSING and t is not None:
            out[k] = t
    for k in int_fields:
        n = c.index(d, k, where)
        if n is not _MISSING and n is not None:
            out[k] = n
    if d.get("bbox") is not None:
        b = d["bbox"]
        if (isinstance(b, list) and len(b) == 4
                and all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in b)):
            out["bbox"] = [float(x) for x in b]
        else:
            c.note(f"{where}.bbox", "应为 4 个坐标")
    return out


def _record(c: _Check, v: Any, where: str, spec: dict[str, str]) -> dict | None:
    """A flat record by `spec` {key: "text!" required | "text" | "text?" nullable | "anchor!" | "anchor?" | "bool"}.

    A required field that cannot be read makes the whole record unreadable; an optional
    one is left out (noted) and the record kept.
    """
    d = _obj(c, v, where)
    if d is None:
        return None
    out: dict[str, Any] = {}
    for key, kind in spec.items():
        required = kind.endswith("!")
        if kind.startswith("text"):
            t = c.text(d, key, where, required=required, nullable=kind.endswith("?"))
            if t is _MISSING:
                if required:
                    return None
                continue
            if t is not None or key in d:
                out[key] = t
        elif kind.startswith("anchor"):
            if d.get(key) is None:
                if required:
                    c.note(f"{where}.{key}", "缺少")
                    return None
                continue
            a = _anchor(c, d[key], f"{where}.{key}")
            if a is None:
                if required:
                    return None
                continue
            out[key] = a
        elif kind == "bool":
            if key in d:
                if isinstance(d[key], bool):
                    out[key] = d[key]
                else:
                    c.note(f"{where}.{key}", f"应为真假值，实为 {_brief(d[key])}")
    return out


# fields a record cannot do without; every other field is optional (a bad one is left out
# and named, the record kept)
_REQUIRED = {"CellEdit": ("anchor", "old", "new"), "Annotation": ("id", "anchor"), "LogEntry": ("action",),
             "FindingStatus": ("status",), "SignOff": ("who",)}


@functools.lru_cache(maxsize=None)
def _spec(class_name: str) -> dict[str, str]:
    """The validation spec of a session record, read from its dataclass in session.py (so a
    field added there is read, not dropped): str → "text", str | None → "text?", bool →
    "bool", Anchor → "anchor"; "!" marks a required field."""
    from auditdesk.app import session as sm

    cls = getattr(sm, class_name)
    out = {}
    for name, f in cls.__dataclass_fields__.items():
        kind = str(f.type).replace(" ", "")
        if kind.startswith("Anchor"):
            spec = "anchor"
        elif kind == "bool":
            spec = "bool"
        elif kind in ("str|None", "Optional[str]"):
            spec = "text?"
        elif kind == "str":
            spec = "text"
        else:
            continue
        out[name] = spec + ("!" if name in _REQUIRED.get(class_name, ()) else "")
    return out


_PDF = {"file": "text", "path": "text", "sha256": "text"}


def _items(c: _Check, data: dict, key: str, each: Callable[[Any, str], dict | None]) -> list[dict]:
    v = data.get(key)
    if v is None:
        return []
    if not isinstance(v, list):
        c.note(key, f"应为列表，实为 {_brief(v)}")
        return []
    out = []
    for i, x in enumerate(v):
        r = each(x, f"{key}[{i}]")
        if r is not None:
            out.append(r)
    return out


def validate_session(data: Any, schema: str, statuses: tuple[str, ...]) -> tuple[dict[str, Any], list[Unreadable]]:
    """(clean session JSON, the parts left out). Raises SessionFileError when `data` is not
    a session of `schema` at all."""
    if not isinstance(data, dict) or data.get("schema") != schema:
        raise SessionFileError(f"不是 {schema} 会话文件")
    c = _Check()
    out: dict[str, Any] = {"schema": schema}
    pdf = _record(c, data.get("pdf", {}), "pdf", _PDF)
    out["pdf"] = pdf or {}
    for key in ("created", "saved_at"):
        t = c.text(data, key, "", nullable=True)
        if t is not _MISSING and t is not None:
            out[key] = t
    header = _record(c, data.get("header") or {}, "header", _spec("WorkpaperHeader"))
    if header:
        out["header"] = {k: v for k, v in header.items() if v is not None}
    for key in ("preparer", "reviewer"):
        p = _record(c, data.get(key) or {}, key, _spec("Person"))
        if p:
            out[key] = {k: v or "" for k, v in p.items()}
    if data.get("sign_off") is not None:
        so = _record(c, data["sign_off"], "sign_off", _spec("SignOff"))
        if so is not None:
            out["sign_off"] = so
    legend = _items(c, data, "tick_legend", lambda x, w: _legend_item(c, x, w))
    if legend:
        out["tick_legend"] = legend
    out["edits"] = _items(c, data, "edits", lambda x, w: _edit(c, x, w))
    anns = _items(c, data, "annotations", lambda x, w: _annotation(c, x, w))
    seen: set[str] = set()
    out["annotations"] = []
    for i, a in enumerate(anns):
        if a["id"] in seen:
            c.note(f"annotations（id {a['id']!r}）", "id 重复，后一条未载入")
            continue
        seen.add(a["id"])
        out["annotations"].append(a)
    out["finding_status"] = {}
    fs = data.get("finding_status")
    if isinstance(fs, dict):
        for k, v in fs.items():
            r = _record(c, v, f"finding_status[{k!r}]", _spec("FindingStatus"))
            if r is None:
                continue
            if r["status"] not in statuses:
                c.note(f"finding_status[{k!r}].status", f"未知状态 {r['status']!r}")
                continue
            out["finding_status"][k] = r
    elif fs is not None:
        c.note("finding_status", f"应为对象，实为 {_brief(fs)}")
    out["log"] = _items(c, data, "log", lambda x, w: _record(c, x, w, _spec("LogEntry")))
    return out, c.bad


def _legend_item(c: _Check, x: Any, where: str) -> dict | None:
    r = _record(c, x, where, {"mark": "text!", "meaning": "text"})
    if r is not None and not r["mark"]:
        c.note(f"{where}.mark", "为空")
        return None
    return r


def _edit(c: _Check, x: Any, where: str) -> dict | None:
    r = _record(c, x, where, _spec("CellEdit"))
    if r is not None and r["anchor"]["kind"] != "cell":
        c.note(f"{where}.anchor.kind", "修改只能落在单元格上")
        return None
    return r


def _annotation(c: _Check, x: Any, where: str) -> dict | None:
    r = _record(c, x, where, _spec("Annotation"))
    if r is not None and not r["id"]:
        c.note(f"{where}.id", "为空")
        return None
    return r


@dataclass(slots=True)
class SessionFile:
    """A session file as read: the clean JSON and what was left out of it."""

    path: Path
    data: dict[str, Any]
    unreadable: list[Unreadable]


def read_session_file(path: str | os.PathLike[str], schema: str, statuses: tuple[str, ...]) -> SessionFile:
    """Read and validate; raises SessionFileError when nothing of it can be used."""
    data, clipped = parse_json(read_regular_file(path))
    clean, bad = validate_session(data, schema, statuses)
    if clipped:
        bad.insert(0, Unreadable("（嵌套过深的值）", f"{clipped} 处嵌套超过 {MAX_DEPTH} 层，已忽略"))
    return SessionFile(Path(path), clean, bad)


def describe_unreadable(bad: list[Unreadable], limit: int = 5) -> str:
    shown = "；".join(str(b) for b in bad[:limit])
    return shown + (f"；另有 {len(bad) - limit} 处" if len(bad) > limit else "")


__all__ = ["SessionFileError", "Unreadable", "SessionFile", "read_session_file", "read_regular_file",
           "validate_session", "parse_json", "clip_depth", "describe_unreadable", "MAX_BYTES", "MAX_DEPTH"]
