"""Checks after every change: the session's "edit" events schedule a debounced background
re-run; its report goes back into the session (`set_report`), whose "report" event the
grid, the findings list, the table list and the page marks follow."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from auditdesk.checks.vocabulary import COVERAGE_COLOR, COVERAGE_ZH, SEVERITIES, SEVERITY_COLOR, SEVERITY_ZH, SKIPPED

from .check_scheduler import CheckScheduler
from .jobs import JobRunner
from .workspace import rebind, Workspace


class ChecksController(QObject):
    report_applied = Signal(object)  # CheckReport, once the session and every view have it

    def __init__(self, ws: Workspace, check_fn: Callable[..., Any] | None, runner: JobRunner, counts_label: QLabel):
        super().__init__(ws)
        self.ws = ws
        self.counts_label = counts_label
        self.scheduler = CheckScheduler(check_fn, runner, parent=self) if check_fn else None
        self._session: Any = None
        if self.scheduler is not None:
            self.scheduler.set_source(lambda: self.ws.document)
            self.scheduler.started.connect(self._on_started)
            self.scheduler.report_ready.connect(self.apply_report)
            self.scheduler.failed.connect(ws.fail)
        ws.session_changed.connect(self._on_session)

    def _on_session(self, session: Any) -> None:
        self._session = rebind(self._session, session, self._on_session_event)
        self.counts_label.setText("")

    def _on_session_event(self, kind: str, _payload: Any) -> None:
        if kind == "edit" and self.scheduler is not None:
            self.scheduler.schedule()

    def cancel(self) -> None:
        if self.scheduler is not None:
            self.scheduler.cancel()

    def recheck(self) -> None:
        if self.scheduler is not None and self.ws.document is not None:
            self.scheduler.run_now()

    def _on_started(self) -> None:
        if not self.counts_label.text():
            self.counts_label.setText("检查中…")

    def apply_report(self, report: Any) -> None:
        s = self.ws.session
        if s is None or report is None:
            return
        s.set_report(report)
        self.counts_label.setText(counts_html(report))
        self.counts_label.setToolTip("未检查：缺少所需表格或数据而未能执行的规则（视图 ▸ 检查覆盖 查看原因）")
        self.report_applied.emit(report)


def counts_html(report: Any) -> str:
    """● 错误 n ● 核实 n ● 提示 n ● 未检查 n — "no finding" never looks like "checked and clean"."""
    total = report.counts()
    skipped = sum(1 for c in report.coverage if c.status == SKIPPED)
    bits = [f"<span style='color:{SEVERITY_COLOR[s]}'>● {SEVERITY_ZH[s]} {total.get(s, 0)}</span>" for s in SEVERITIES]
    bits.append(f"<span style='color:{COVERAGE_COLOR[SKIPPED]}'>● {COVERAGE_ZH[SKIPPED]} {skipped}</span>")
    return "&nbsp;&nbsp;".join(bits)
