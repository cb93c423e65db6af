"""What the window's controllers share: the open file, its document and review session, the
table on screen, the auditor's settings and name, the one review dialog open, and the
status-bar sentence. A plain hub: controllers read it and listen to its signals; none of
them calls another controller or the window.
"""
from __future__ import annotations

import getpass
import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QDialog, QWidget

from auditdesk.parsing.model import Document, Table

from . import settings as app_settings

log = logging.getLogger(__name__)


def rebind(old: Any, new: Any, handler: Callable[[str, Any], None]) -> Any:
    """Move `handler` from the old file's session to the new one's (either may be None);
    returns `new`, so a controller writes `self._session = rebind(self._session, s, …)`."""
    if old is not None:
        old.disconnect(handler)
    if new is not None:
        new.connect(handler)
    return new


def message_of(exc: object) -> str:
    """One sentence for the auditor (an UnusableInput's own message, else str(exc))."""
    text = getattr(exc, "message", None) or str(exc)
    return text.strip() or type(exc).__name__


class Workspace(QObject):
    session_changed = Signal(object)  # ReviewSession | None: a new file's session (bind to it)
    table_changed = Signal(object)  # Table | None: the table shown in the grid
    said = Signal(str)  # a status-bar sentence
    error = Signal(str)  # something went wrong: one sentence for a dialog
    busy = Signal(str, float)  # progress text, fraction (≤ 0: unknown)
    idle = Signal(str)

    def __init__(self, qsettings: QSettings, window: QWidget):
        super().__init__(window)
        self.window = window  # parent of dialogs
        self.qsettings = qsettings
        self.settings = app_settings.load(qsettings)
        self.path: str | None = None
        self.document: Document | None = None
        self.session: Any = None  # ReviewSession
        self.table: Table | None = None
        self.dialog: QDialog | None = None  # the review dialog open now (note, dismiss, …)

    # ------------------------------------------------------------------ state
    @property
    def report(self) -> Any:
        return self.session.report if self.session is not None else None

    def set_session(self, session: Any) -> None:
        self.session = session
        self.session_changed.emit(session)

    def set_table(self, table: Table | None) -> None:
        if table is not self.table:
            self.table = table
            self.table_changed.emit(table)

    def save_settings(self, sync: bool = True, **changes: Any) -> None:
        from dataclasses import replace

        if changes:
            self.settings = replace(self.settings, **changes)
        app_settings.save(self.qsettings, self.settings, sync=sync)

    # ------------------------------------------------------------------ the auditor
    def who(self) -> str:
        if self.settings.user_name:
            return self.settings.user_name
        try:
            return getpass.getuser()
        except Exception:  # pragma: no cover
            return ""

    # ------------------------------------------------------------------ talking to the user
    def say(self, text: str) -> None:
        self.said.emit(text)

    def fail(self, error: object) -> None:
        self.error.emit(error if isinstance(error, str) else message_of(error))

    def need_session(self) -> bool:
        if self.session is None:
            self.fail("没有打开审核会话：请先打开一份 PDF。")
            return False
        return True

    def open_dialog(self, dlg: QDialog) -> QDialog:
        """Review dialogs open window-modal with open(): the event loop never blocks; one at a time."""
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dlg
        dlg.finished.connect(lambda _code, d=dlg: self._dialog_closed(d))
        dlg.open()
        return dlg

    def _dialog_closed(self, dlg: QDialog) -> None:
        if self.dialog is dlg:
            self.dialog = None
        dlg.deleteLater()

    def close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = None


Action = Callable[[], None]
