"""Re-run the checks after edits: debounced (~100 ms: a paste or an undo burst is checked once; one edit is highlighted < 200 ms), in the background, stale results dropped.

`schedule()` restarts the debounce timer; when it fires a snapshot of the document is
taken on the GUI thread (cheap: rows are shallow-copied, cells are frozen) and handed to a
`Job`. Each run carries a generation id (via `JobRunner`); only the newest result reaches
`report_ready`.
"""
from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from auditdesk.parsing.model import Document

from .jobs import Job, JobRunner

log = logging.getLogger(__name__)

CheckFn = Callable[..., Any]  # run_checks(doc, config=None, progress=None) -> CheckReport


def snapshot(doc: Document) -> Document:
    """A copy the checks can read while the GUI thread keeps editing the original."""
    tables = [replace(t, rows=[replace(r, cells=list(r.cells)) for r in t.rows]) for t in doc.tables]
    return replace(doc, tables=tables)


def _run(check_fn: CheckFn, doc: Document, config: Any, progress: Any = None) -> Any:
    started = time.perf_counter()
    report = check_fn(doc, config=config, progress=progress) if config is not None else \
        check_fn(doc, progress=progress)
    log.debug("checks: %.1f ms", (time.perf_counter() - started) * 1000)
    return report


class CheckScheduler(QObject):
    started = Signal()
    report_ready = Signal(object)  # CheckReport
    failed = Signal(object)  # exception

    def __init__(self, check_fn: CheckFn, runner: JobRunner, *, debounce_ms: int = 100,
                 config: Any = None, parent: QObject | None = None):
        super().__init__(parent)
        self.check_fn = check_fn
        self.config = config
        self.runner = runner
        self._doc_fn: Callable[[], Document | None] = lambda: None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.run_now)
        self.runs = 0  # completed, non-stale runs (for tests)

    def set_source(self, doc_fn: Callable[[], Document | None]) -> None:
        self._doc_fn = doc_fn

    def schedule(self) -> None:
        """Re-run after the debounce delay (restarts the delay on each call)."""
        self._timer.start()

    def cancel(self) -> None:
        self._timer.stop()
        self.runner.cancel("checks")

    def is_busy(self) -> bool:
        return self._timer.isActive() or self.runner.is_running("checks")

    def run_now(self) -> None:
        self._timer.stop()
        doc = self._doc_fn()
        if doc is None:
            return
        job = Job(_run, self.check_fn, snapshot(doc), self.config)
        self.started.emit()
        self.runner.start("checks", job, on_result=self._on_result, on_error=self.failed.emit)

    def _on_result(self, report: Any) -> None:
        self.runs += 1
        self.report_ready.emit(report)
