"""User settings: a frozen dataclass with defaults, saved through an injected QSettings."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

SETTINGS_VERSION = 1
MAX_RECENT = 10


@dataclass(frozen=True)
class Settings:
    recent_files: tuple[str, ...] = ()
    zoom: float = 1.25
    fit_width: bool = True
    findings_visible: bool = True
    last_dir: str = ""
    severities: tuple[str, ...] = ("error", "warning", "info")
    user_name: str = ""  # the auditor: 编制人 and the "who" of every change (asked once)

    def with_recent(self, path: str) -> "Settings":
        items = [path] + [p for p in self.recent_files if p != path]
        return replace(self, recent_files=tuple(items[:MAX_RECENT]))


def migrate(values: dict[str, Any], version: int) -> dict[str, Any]:
    """Bring values saved by an older version up to SETTINGS_VERSION."""
    if version < 1:
        # v0 stored recent files under "recent" as one ';'-separated string
        recent = values.pop("recent", None)
        if isinstance(recent, str):
            values["recent_files"] = [p for p in recent.split(";") if p]
    return values


def _coerce(default: Any, raw: Any) -> Any:
    if raw is None:
        return default
    if isinstance(default, bool):
        return raw in (True, "true", "1", 1)
    if isinstance(default, float):
        try:
            return float(raw)
        except (TypeError, ValueError):
            return default
    if isinstance(default, tuple):
        if isinstance(raw, str):
            raw = [raw] if raw else []
        return tuple(str(x) for x in raw)
    return str(raw)


def load(qs: QSettings) -> Settings:
    version = int(qs.value("settings_version", 0) or 0)
    raw = {k: qs.value(k) for k in qs.allKeys()}
    raw = migrate(raw, version)
    defaults = Settings()
    values = {f.name: _coerce(getattr(defaults, f.name), raw.get(f.name)) for f in fields(Settings)}
    return Settings(**values)


def save(qs: QSettings, settings: Settings, *, sync: bool = True) -> None:
    """Store `settings`; `sync=False` leaves the disk write to QSettings' own deferred sync
    (opening a file must not wait for the settings file to be written)."""
    qs.setValue("settings_version", SETTINGS_VERSION)
    for name, value in asdict(settings).items():
        qs.setValue(name, list(value) if isinstance(value, tuple) else value)
    if sync:
        qs.sync()


def load_bytes(qs: QSettings, key: str) -> QByteArray | None:
    value = qs.value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def default_qsettings() -> QSettings:
    return QSettings("AuditDesk", "AuditDesk")


__all__ = ["Settings", "SETTINGS_VERSION", "migrate", "load", "save", "load_bytes",
           "default_qsettings"]
