"""The auditor's name: asked once (non-modal) before their first change, remembered in
QSettings, and made the session's 编制人."""
from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog

from auditdesk.widgets.preferences_dialog import PreferencesDialog

from .workspace import Workspace


class UserController(QObject):
    name_changed = Signal(str)

    def __init__(self, ws: Workspace):
        super().__init__(ws)
        self.ws = ws
        self.name_dialog: PreferencesDialog | None = None
        self._asked = False
        self._pending: list[Callable[[], None]] = []

    def set_user_name(self, name: str) -> None:
        """Remember the auditor's name and make them the session's 编制人 if none."""
        self.ws.save_settings(user_name=name.strip())
        self.ensure_preparer()
        self.name_changed.emit(name.strip())

    def ensure_preparer(self) -> None:
        s, name = self.ws.session, self.ws.settings.user_name
        if s is not None and name and not s.preparer.name:
            s.set_preparer(name, dt.date.today().isoformat(), who=name)

    def with_user(self, fn: Callable[[], None]) -> None:
        """Run an auditor's change — after asking their name once if it is not known yet."""
        if self.ws.settings.user_name or self._asked:
            self.ensure_preparer()
            fn()
            return
        doc = self.ws.document
        self._pending.append(lambda: fn() if self.ws.document is doc else None)  # not onto another file
        if self.name_dialog is not None:
            return
        dlg = PreferencesDialog(first_time=True, parent=self.ws.window)
        self.name_dialog = dlg

        def finished(code: int) -> None:
            self.name_dialog = None
            self._asked = True  # asked once: a cancel is not asked again this run
            if code == QDialog.DialogCode.Accepted and dlg.user_name():
                self.set_user_name(dlg.user_name())
            pending, self._pending = self._pending, []
            self.ensure_preparer()
            for action in pending:
                action()
            dlg.deleteLater()

        dlg.finished.connect(finished)
        dlg.open()

    def preferences(self) -> None:
        dlg = PreferencesDialog(self.ws.settings.user_name, parent=self.ws.window)
        dlg.accepted.connect(lambda: self.set_user_name(dlg.user_name()))
        self.ws.open_dialog(dlg)
