"""The coverage panel follows the session's reports: every rule, and for those not run,
why — in the document's own words (预算 on a 预算 disclosure)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from auditdesk.checks.vocabulary import in_document_words, printed
from auditdesk.widgets.coverage_panel import CoveragePanel

from .workspace import rebind, Workspace


def coverage_rows(report: Any, kind: str | None) -> list[tuple[str, str, str, str]]:
    """(rule, name, status, why) for each rule of the report, in the document's words."""
    from auditdesk.checks.registry import RULES

    rows = []
    for c in report.coverage:
        rule = RULES.get(c.rule) if hasattr(RULES, "get") else None
        name = in_document_words(getattr(rule, "name", ""), kind)
        rows.append((c.rule, name, c.status, printed(in_document_words(c.why, kind))))
    return rows


class CoverageController(QObject):
    def __init__(self, ws: Workspace, panel: CoveragePanel):
        super().__init__(ws)
        self.ws, self.panel = ws, panel
        self._session: Any = None
        ws.session_changed.connect(self._on_session)

    def _on_session(self, session: Any) -> None:
        self._session = rebind(self._session, session, self._on_session_event)
        self.panel.set_coverage([])

    def _on_session_event(self, kind: str, payload: Any) -> None:
        if kind == "report" and payload is not None:
            self.panel.set_coverage(coverage_rows(payload, self.ws.document.kind if self.ws.document else None))
