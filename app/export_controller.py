"""File ▸ 导出工作底稿: the workbook written in the background from a snapshot."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from auditdesk.checks.finding import CheckReport

from .check_scheduler import snapshot
from .jobs import Job, JobRunner
from .workspace import Workspace, message_of


class ExportController(QObject):
    def __init__(self, ws: Workspace, runner: JobRunner):
        super().__init__(ws)
        self.ws, self.runner = ws, runner

    def export_workpaper(self) -> None:
        if self.ws.document is None:
            self.ws.say("没有可导出的表格")
            return
        from .workpaper import write_workpaper

        default = str(Path(self.ws.path or "底稿").with_suffix("")) + "_审计工作底稿.xlsx"
        out, _ = QFileDialog.getSaveFileName(self.ws.window, "导出审计工作底稿", default, "Excel 工作簿 (*.xlsx)")
        if out:
            self.start_export(write_workpaper, out)

    def start_export(self, write_fn: Callable[..., Any], out: str) -> Job:
        doc = snapshot(self.ws.document)
        report = self.ws.report or CheckReport()
        session = self.ws.session

        def body(progress=None):
            # write_workpaper(doc, report, session, path, progress): runs off the GUI thread on
            # a snapshot of the document; the session is only read.
            return write_fn(doc, report, session, out, progress=progress)

        self.ws.busy.emit("正在导出工作底稿…", 0.0)
        return self.runner.start("export", Job(body), on_result=lambda _r: self.ws.idle.emit(f"已导出：{out}"),
                                 on_error=lambda e: (self.ws.idle.emit("导出失败"), self.ws.fail(f"导出失败：{message_of(e)}")))
