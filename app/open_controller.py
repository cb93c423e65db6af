"""Opening a file: pages shown at once, extraction in the child process, the saved review
session attached (asking, non-modally, when the PDF changed), and bad files told in the
same one sentence the CLI uses — a non-disclosure opens nothing to export."""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from auditdesk.parsing.extract import refusal  # at start-up: importing it
# when the first document arrives was a cold ~25 ms stall of the UI thread
from auditdesk.parsing.model import LOW_CONFIDENCE, Document
from auditdesk.widgets.pdf_page_view import PdfPageView

from . import session as session_mod
from .checks_controller import ChecksController
from .jobs import Extracted, Job, JobRunner
from .navigation_controller import NavigationController
from .page_renderer import PageRenderer
from .workspace import Workspace, message_of

log = logging.getLogger(__name__)

# MismatchAsker(message, done): ask whether to re-apply a session made for another version of
# the PDF; call done("apply") or done("fresh") — now or later (the default box is non-modal).
MismatchAsker = Callable[[str, Callable[[str], None]], None]


class OpenController(QObject):
    document_loaded = Signal(object)  # Document (shown, session attached)
    open_failed = Signal(str)  # one sentence
    closing_file = Signal()  # before another file replaces the current one

    def __init__(self, ws: Workspace, runner: JobRunner, extract: Callable[..., Any], checks: ChecksController,
                 nav: NavigationController, page_view: PdfPageView, grid_title: QLabel, *, use_session: bool):
        super().__init__(ws)
        self.ws, self.runner, self.extract, self.checks, self.nav = ws, runner, extract, checks, nav
        self.page_view, self.grid_title = page_view, grid_title
        self.use_session = use_session
        self.renderer: PageRenderer | None = None
        self.ask_mismatch: MismatchAsker | None = None  # injectable; default: a non-modal box
        self.mismatch_box: QMessageBox | None = None
        self._first_report: Any = None

    # ------------------------------------------------------------------ opening
    def open_dialog(self) -> None:
        start = self.ws.settings.last_dir or (os.path.dirname(self.ws.path) if self.ws.path else str(Path.home()))
        # several files may be chosen: one disclosure published as 情况说明 + tables
        paths, _ = QFileDialog.getOpenFileNames(self.ws.window, "打开决算/预算公开 PDF（可同时选择情况说明和表格两个文件）",
                                                start, "PDF 文件 (*.pdf);;所有文件 (*)")
        if paths:
            self.open_files(paths)

    def open_files(self, paths: list[str]) -> None:
        """One file, or the PDFs of one disclosure (情况说明 and tables, in the order given)
        reviewed as one document: joined into one PDF in the application-data folder, so the
        same pair reopens the same file and its review session. A part that cannot be read:
        the first file is opened and the problem reported as usual."""
        paths = [str(p) for p in paths]
        if len(paths) > 1:
            from auditdesk.app.main import merged_pdf

            merged = merged_pdf(paths)
            self.open_file(merged if merged is not None else paths[0])
        elif paths:
            self.open_file(paths[0])

    def open_file(self, path: str | os.PathLike[str]) -> None:
        """Show the pages now; extract in the background; a newer open wins over this one."""
        path = str(Path(path).expanduser().resolve())
        self.closing_file.emit()
        self.runner.cancel("extract")
        self.checks.cancel()
        cancel = getattr(self.extract, "__self__", None)
        if cancel is not None and hasattr(cancel, "cancel"):
            cancel.cancel()  # the child process of the previous file
        self.ws.close_dialog()
        if self.mismatch_box is not None:
            self.mismatch_box.close()
        self.mismatch_box = None
        self.ws.document = None
        self.ws.set_session(None)
        self.ws.set_table(None)
        self.ws.path = path
        # the old file's lists are emptied on the next turn: the window repaints in two shorter
        # stretches (new pages first) instead of one long one
        QTimer.singleShot(0, lambda: self.nav.clear() if self.ws.document is None and self.ws.path == path else None)
        self.grid_title.setText(f"<b>{Path(path).name}</b> <span style='color:gray'>正在提取表格…</span>")
        old, self.renderer = self.renderer, None
        try:
            self.renderer = PageRenderer(path)
            self.page_view.set_pages(self.renderer.page_sizes(), self.renderer.render_steps)
        except Exception:  # the extractor will report the problem in one sentence
            log.info("cannot render %s", path, exc_info=True)
            self.page_view.set_pages([], None)
        if old is not None:
            old.close()
        self.ws.busy.emit(f"正在提取 {Path(path).name} …", 0.0)
        self.ws.settings = self.ws.settings.with_recent(path)
        self.ws.save_settings(sync=False, last_dir=os.path.dirname(path))
        self.runner.start("extract", Job(self.extract, path), on_result=self._on_document,
                          on_error=self._on_open_error, on_progress=lambda f, t: self.ws.busy.emit(t or "正在提取…", f))

    def _on_open_error(self, exc: object) -> None:
        self.ws.idle.emit("打开失败")
        self._failed(message_of(exc))

    def _failed(self, sentence: str) -> None:
        name = Path(self.ws.path).name if self.ws.path else ""
        message = f"无法打开 {name}：{sentence}" if name else sentence
        self.grid_title.setText(f"<b>{name}</b> <span style='color:#b00'>无法审核：{sentence}</span>")
        if self.renderer is None:
            self.page_view.set_pages([], None)
        self.open_failed.emit(message)
        self.ws.fail(message)

    def _on_document(self, result: Document | Extracted) -> None:
        doc, self._first_report = (result.document, result.report) if isinstance(result, Extracted) else (result, None)
        why = refusal(doc)  # the CLI's verdict: not a disclosure — nothing to review or export
        if why is not None:
            self.ws.idle.emit("打开失败")
            self._failed(why)
            return
        self.ws.document = doc
        self.ws.idle.emit(f"已提取 {len(doc.tables)} 张表，{doc.pages} 页（{doc.seconds:.2f} 秒）")
        if self._attach_session(doc):
            self._show_document(doc)

    def _show_document(self, doc: Document) -> None:
        if self.ws.document is not doc:  # another file was opened while the user was asked
            return
        if self.ws.session is None:  # no saved session wanted (or it failed): a session in memory
            self.ws.set_session(session_mod.ReviewSession(doc, doc.path or self.ws.path))
        issues = [f"第 {i.page} 页：{i.message}" if i.page else i.message for i in doc.issues if i.code != "ocr"]
        if doc.ocr:
            low = sum(1 for t in doc.tables for r in t.rows for c in r.cells
                      if c.confidence is not None and c.confidence < LOW_CONFIDENCE and c.text and not c.edited)
            pages = "、".join(str(p) for p in doc.ocr_pages[:8]) + ("…" if len(doc.ocr_pages) > 8 else "")
            issues.insert(0, f"第 {pages} 页为扫描件，已 OCR 识别"
                          + (f"，{low} 个单元格置信度低（紫色虚线框），请与原文核对" if low else ""))
        if issues:
            self.ws.say(f"已提取 {len(doc.tables)} 张表 · " + "；".join(issues[:2]))
        self.document_loaded.emit(doc)
        first, self._first_report = self._first_report, None
        if first is not None and self.checks.scheduler is not None and not self.ws.session.edits:
            # made in the extractor's process on this very document: shown on the next turn, so
            # the grid and the findings list are laid out and painted in two shorter stretches
            QTimer.singleShot(0, lambda: self.checks.apply_report(first) if self.ws.document is doc else None)
        else:
            self.checks.recheck()

    # ------------------------------------------------------------------ the saved session
    def _attach_session(self, doc: Document) -> bool:
        """Load the saved review session. Returns False when the user is being asked about a
        changed PDF: the document is shown once they answer (the event loop keeps running)."""
        if not self.use_session:
            return True
        try:
            result = session_mod.load_session(doc.path, doc, on_mismatch="ask")
        except Exception as exc:  # a bad session never stops the review
            log.exception("session load failed")
            self.ws.fail(f"无法读取审核会话：{message_of(exc)}")
            return True
        if result.status != session_mod.MISMATCH:
            self._use_result(result)
            return True
        message = result.mismatch.message if result.mismatch else "PDF 已变化，是否套用原会话？"
        answered = False

        def done(choice: str) -> None:
            nonlocal answered
            if answered or self.ws.document is not doc:
                return
            answered = True
            self.mismatch_box = None
            try:
                again = session_mod.load_session(doc.path, doc, on_mismatch="apply" if choice == "apply" else "fresh")
            except Exception as exc:
                log.exception("session load failed")
                self.ws.fail(f"无法读取审核会话：{message_of(exc)}")
            else:
                self._use_result(again)
            self._show_document(doc)

        self.ws.say("PDF 已变化：是否套用原审核会话？")
        (self.ask_mismatch or self._ask_mismatch_box)(message, done)
        return False

    def _ask_mismatch_box(self, message: str, done: Callable[[str], None]) -> None:
        """The changed-PDF question as a window-modal box opened with open(): never blocks."""
        box = QMessageBox(QMessageBox.Icon.Question, "AuditDesk", message, QMessageBox.StandardButton.NoButton,
                          self.ws.window)
        apply_b = box.addButton("套用原会话", QMessageBox.ButtonRole.AcceptRole)
        fresh_b = box.addButton("新建会话（保留原文件）", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(apply_b)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setProperty("choices", {"apply": apply_b, "fresh": fresh_b})
        box.buttonClicked.connect(lambda button: done("apply" if button is apply_b else "fresh"))
        box.rejected.connect(lambda: done("fresh"))  # Esc / closed: keep the old file aside, start fresh
        self.mismatch_box = box
        box.open()

    def _use_result(self, result: Any) -> None:
        old = self.ws.session
        if old is not None and old is not result.session and hasattr(old, "close"):
            old.close()  # let go of the previous PDF's session lock
        if result.session is not None:
            self.ws.set_session(result.session)
        if result.messages:
            self.ws.say("；".join(result.messages))

    def close(self) -> None:
        if self.renderer is not None:
            self.renderer.close()
            self.renderer = None
