"""The 检查表 panel follows the session: every new report (and every finding status or row
override) refills the form; a problem shows its place on the page; the auditor's 是/否 for a
row is an undoable command that the session keeps and logs."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack

from auditdesk.widgets.checklist_panel import ChecklistPanel
from auditdesk.widgets.pdf_page_view import PdfPageView

from .commands import SetChecklistVerdictCommand
from .user_controller import UserController
from .workspace import Workspace


def filled_checklist(session: Any) -> Any:
    """The form for a session's document and report, with its statuses and row overrides."""
    if session is None or getattr(session, "report", None) is None:
        return None
    from auditdesk.checks.checklist import fill

    statuses = {k: getattr(v, "status", v) for k, v in (session.statuses or {}).items()}
    return fill(session.doc, session.report, None, statuses, dict(session.checklist_overrides))


class ChecklistController(QObject):
    def __init__(self, ws: Workspace, user: UserController, undo_stack: QUndoStack, panel: ChecklistPanel,
                 page_view: PdfPageView):
        super().__init__(ws)
        self.ws, self.user, self.undo_stack = ws, user, undo_stack
        self.panel, self.page_view = panel, page_view
        self.filled: Any = None
        self._session: Any = None
        panel.evidence_requested.connect(self.show_evidence)
        panel.verdict_requested.connect(self.request_verdict)
        ws.session_changed.connect(self._on_session)

    def _on_session(self, session: Any) -> None:
        if self._session is not None:
            self._session.disconnect(self._on_session_event)
        self._session = session
        self.refresh()
        if session is not None:
            session.connect(self._on_session_event)

    def _on_session_event(self, kind: str, _payload: Any) -> None:
        if kind in ("report", "status", "checklist"):
            self.refresh()

    def refresh(self) -> None:
        self.filled = filled_checklist(self._session)
        self.panel.set_checklist(self.filled)

    def show_evidence(self, page: int, bbox: Any, severity: str) -> None:
        if bbox is None:
            self.page_view.go_to_page(page)
        else:
            self.page_view.set_focus([(page, tuple(bbox), severity)], scroll=True)
        self.ws.say(f"检查表：第{page}页")

    def request_verdict(self, row_id: str, verdict: str | None) -> None:
        if not self.ws.need_session():
            return
        self.user.with_user(lambda: self.set_verdict(row_id, verdict))

    def set_verdict(self, row_id: str, verdict: str | None, reason: str = "") -> None:
        """Push an undoable 是/否 for one row (None: back to what the findings decide)."""
        s = self.ws.session
        if s is None:
            return
        res = self.filled.row(row_id) if self.filled is not None else None
        name = res.row.name if res is not None else row_id
        self.undo_stack.push(SetChecklistVerdictCommand(s, row_id, verdict, self.ws.who(), reason=reason, name=name))
