"""Autosave: any change to the session is on disk at most AUTOSAVE_MS (+ one save) later."""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer

from .workspace import Workspace, message_of

log = logging.getLogger(__name__)

AUTOSAVE_MS = 1500


class AutosaveController(QObject):
    def __init__(self, ws: Workspace, *, enabled: bool = True):
        super().__init__(ws)
        self.ws, self.enabled = ws, enabled
        self._session: Any = None
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.save)
        ws.session_changed.connect(self._on_session)

    def _on_session(self, session: Any) -> None:
        if self._session is not None:
            self._session.disconnect(self._on_session_event)
        self.timer.stop()
        self._session = session
        if session is not None and self.enabled:
            session.connect(self._on_session_event)
            if session.dirty:
                self.timer.start()

    def _on_session_event(self, kind: str, _payload: Any) -> None:
        if kind not in ("saved", "report") and not self.timer.isActive():
            self.timer.start()  # not restarted: continuous work is still saved

    def save(self) -> None:
        s = self._session
        if s is None or not self.enabled or not s.dirty:
            return
        try:
            s.save()
        except Exception as exc:  # pragma: no cover - disk full, permissions …
            log.exception("session save failed")
            self.ws.say(f"会话保存失败：{message_of(exc)}")
