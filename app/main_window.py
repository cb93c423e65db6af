"""MainWindow: the composition root of the GUI — it only builds the views and controllers
and connects them (vorta's main window).

The data lives in the ReviewSession (no Qt), which emits change events; the Qt models
(GridModel, FindingsModel) and the controllers subscribe and update themselves. Undo
commands (app/commands.py) take the session. Each section of the window has its own
controller, one per file: opening (open_controller), table ⇄ grid ⇄ page navigation,
cell edits, findings review, notes, sign-off, checks, coverage, search, autosave, export.
"""
from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import Any, Callable

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (QApplication, QDockWidget, QLabel, QMainWindow, QMessageBox, QProgressBar,
                               QSplitter, QVBoxLayout, QWidget)

from auditdesk.parsing.model import Document
from auditdesk.widgets.checklist_panel import ChecklistPanel
from auditdesk.widgets.coverage_panel import CoveragePanel
from auditdesk.widgets.find_bar import FindBar
from auditdesk.widgets.findings_panel import FindingsPanel
from auditdesk.widgets.grid_model import GridModel
from auditdesk.widgets.pdf_page_view import PdfPageView
from auditdesk.widgets.table_grid_view import TableGridView
from auditdesk.widgets.table_list_view import TableListView

from . import actions as window_actions
from . import settings as app_settings
from .autosave_controller import AutosaveController
from .checklist_controller import ChecklistController
from .checks_controller import ChecksController
from .coverage_controller import CoverageController
from .edit_controller import EditController
from .export_controller import ExportController
from .findings_controller import FindingsController
from .jobs import JobRunner, ProcessExtractor, default_extract, extract_and_check
from .navigation_controller import NavigationController
from .notes_controller import NotesController
from .open_controller import OpenController
from .search_controller import SearchController
from .signoff_controller import APP_TITLE, SignOffController
from .user_controller import UserController
from .workspace import Workspace, message_of

log = logging.getLogger(__name__)

ExtractFn = Callable[..., Document]  # fn(path, progress=…) -> Document


def _default_check_fn() -> Callable[..., Any]:
    from auditdesk.checks.engine import run_checks

    return run_checks


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None, *, extract_fn: ExtractFn | None = None,
                 extract_in_process: bool | None = None, check_fn: Callable[..., Any] | None = None,
                 use_session: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = Workspace(settings if settings is not None else app_settings.default_qsettings(), self)
        self.runner = JobRunner(self)
        self._extractor: ProcessExtractor | None = None
        if extract_fn is None:  # with the default checks, the first report is made in the child too
            self._extractor = ProcessExtractor(extract_and_check if check_fn is None else default_extract)
            extract = self._extractor.extract
        elif extract_in_process:
            self._extractor = ProcessExtractor(extract_fn)
            extract = self._extractor.extract
        else:
            extract = extract_fn
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self._build_views()
        self._build_controllers(extract, check_fn if check_fn is not None else _default_check_fn(), use_session)
        self.actions = window_actions.build(self, self.c)
        self._restore_window()
        self.setAcceptDrops(True)
        self.c.signoff.update()
        self._update_actions()
        if self._extractor is not None:
            QTimer.singleShot(0, self._extractor.warm_up)

    # ================================================================== building
    def _build_views(self) -> None:
        self.table_list = TableListView(self)
        self.table_list.setMinimumWidth(150)
        self.grid_model = GridModel(None, self)
        self.grid_view = TableGridView(self)
        self.grid_view.setModel(self.grid_model)
        self.grid_title = QLabel(self)
        self.grid_title.setTextFormat(Qt.TextFormat.RichText)
        self.grid_title.setContentsMargins(8, 3, 8, 3)
        self.grid_title.setText("<span style='color:gray'>打开一份决算/预算公开 PDF（文件 ▸ 打开，或拖放到窗口）</span>")
        self.find_bar = FindBar(self)
        grid_panel = QWidget(self)
        lay = QVBoxLayout(grid_panel)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        for widget, stretch in ((self.grid_title, 0), (self.find_bar, 0), (self.grid_view, 1)):
            lay.addWidget(widget, stretch)
        self.page_view = PdfPageView(self)
        self.page_view.setMinimumWidth(240)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        for i, (widget, stretch) in enumerate(((self.table_list, 0), (grid_panel, 3), (self.page_view, 3))):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(i, stretch)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([200, 640, 600])
        self.setCentralWidget(self.splitter)
        self.findings_panel = FindingsPanel(self)
        self.coverage_panel = CoveragePanel(self)
        self.findings_dock = self._dock("问题清单", "findings_dock", self.findings_panel)
        self.coverage_dock = self._dock("检查覆盖（已检查 / 未检查 / 不适用）", "coverage_dock", self.coverage_panel)
        self.tabifyDockWidget(self.findings_dock, self.coverage_dock)
        self.checklist_panel = ChecklistPanel(self)
        self.checklist_dock = self._dock("检查表（公开情况检查表）", "checklist_dock", self.checklist_panel)
        self.tabifyDockWidget(self.findings_dock, self.checklist_dock)
        self.findings_dock.raise_()
        self.resizeDocks([self.findings_dock], [190], Qt.Orientation.Vertical)
        sb = self.statusBar()
        self.status_label = QLabel("就绪", self)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        sb.addWidget(self.status_label, 1)
        self.progress = QProgressBar(self)
        self.progress.setMaximumSize(180, 16)
        self.progress.setTextVisible(False)
        self.progress.hide()
        sb.addPermanentWidget(self.progress)
        self.people_label = QLabel("", self)
        sb.addPermanentWidget(self.people_label)
        self.counts_label = QLabel("", self)
        sb.addPermanentWidget(self.counts_label)

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        return dock

    def _build_controllers(self, extract: Callable[..., Any], check_fn: Callable[..., Any], use_session: bool) -> None:
        ws = self.ws
        c = self.c = SimpleNamespace()
        c.user = UserController(ws)
        c.nav = NavigationController(ws, self.table_list, self.grid_model, self.grid_view, self.grid_title,
                                     self.page_view)
        c.checks = ChecksController(ws, check_fn, self.runner, self.counts_label)
        c.open = OpenController(ws, self.runner, extract, c.checks, c.nav, self.page_view, self.grid_title,
                                use_session=use_session)
        c.edit = EditController(ws, c.user, self.undo_stack, self.grid_model, self.grid_view)
        c.findings = FindingsController(ws, c.user, self.undo_stack, self.findings_panel, self.page_view, c.nav)
        c.notes = NotesController(ws, c.user, self.undo_stack, self.grid_view, self.findings_panel, self.page_view)
        c.signoff = SignOffController(ws, self.people_label)
        c.coverage = CoverageController(ws, self.coverage_panel)
        c.checklist = ChecklistController(ws, c.user, self.undo_stack, self.checklist_panel, self.page_view)
        c.search = SearchController(ws, self.find_bar, c.nav, c.open, self.page_view)
        c.autosave = AutosaveController(ws, enabled=use_session)
        c.export = ExportController(ws, self.runner)
        self.document_loaded, self.open_failed = c.open.document_loaded, c.open.open_failed
        self.report_applied = c.checks.report_applied
        self.scheduler = c.checks.scheduler
        c.open.closing_file.connect(c.autosave.save)
        c.open.closing_file.connect(self.undo_stack.clear)
        c.user.name_changed.connect(lambda _n: c.signoff.update())
        self.findings_panel.coverage_requested.connect(lambda: (self.coverage_dock.show(), self.coverage_dock.raise_()))
        ws.said.connect(self.status_label.setText)
        ws.error.connect(self.show_error)
        ws.busy.connect(self._busy)
        ws.idle.connect(self._idle)
        ws.session_changed.connect(lambda _s: (self._update_actions(), c.signoff.update()))

    # ================================================================== the model, for callers
    document = property(lambda self: self.ws.document)
    session = property(lambda self: self.ws.session)
    report = property(lambda self: self.ws.report)
    path = property(lambda self: self.ws.path)
    settings = property(lambda self: self.ws.settings)
    dialog = property(lambda self: self.ws.dialog)

    def open_file(self, path: Any) -> None:
        self.c.open.open_file(path)

    def open_files(self, paths: list[Any]) -> None:
        """Several PDFs of one disclosure (情况说明 + tables): reviewed as one document."""
        self.c.open.open_files([str(p) for p in paths])

    # ================================================================== window state
    def _restore_window(self) -> None:
        qs = self.ws.qsettings
        geometry = app_settings.load_bytes(qs, "window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QApplication.primaryScreen()
            avail = screen.availableGeometry() if screen else None
            w, h = 1440, 900
            if avail is not None and avail.width() > 400:
                w, h = min(w, int(avail.width() * 0.92)), min(h, int(avail.height() * 0.92))
            self.resize(w, h)
        state = app_settings.load_bytes(qs, "window/state")
        if state is not None:
            self.restoreState(state)
        split = app_settings.load_bytes(qs, "window/splitter")
        if split is not None:
            self.splitter.restoreState(split)
        if self.ws.settings.fit_width:
            self.page_view.fit_width()
        else:
            self.page_view.set_zoom(self.ws.settings.zoom)

    def _save_window(self) -> None:
        qs = self.ws.qsettings
        qs.setValue("window/geometry", self.saveGeometry())
        qs.setValue("window/state", self.saveState())
        qs.setValue("window/splitter", self.splitter.saveState())
        self.ws.save_settings(zoom=self.page_view.zoom(), fit_width=self.page_view.is_fit_width(),
                              findings_visible=self.findings_dock.isVisible())

    def _update_actions(self) -> None:
        doc = self.ws.document
        has_doc = doc is not None  # a non-disclosure is never loaded: nothing to export
        self.actions.export.setEnabled(has_doc)
        self.actions.recheck.setEnabled(has_doc and self.scheduler is not None)
        self.actions.revert.setEnabled(has_doc)
        for a in self.actions.session_actions:
            a.setEnabled(has_doc and self.ws.session is not None)

    def _on_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    # ================================================================== status, errors
    def _busy(self, text: str, frac: float) -> None:
        self.status_label.setText(text)
        self.progress.show()
        if frac <= 0:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(frac * 1000))

    def _idle(self, text: str) -> None:
        self.progress.hide()
        self.progress.setRange(0, 1000)
        self.status_label.setText(text)
        self._update_actions()

    last_error: str | None = None
    _error_box: QMessageBox | None = None

    def show_error(self, error: object) -> None:
        """The one place unexpected errors reach the user: a sentence, never a traceback."""
        message = error if isinstance(error, str) else message_of(error)
        if not isinstance(error, str):
            log.error("error: %r", error)
        self.last_error = message
        if self._error_box is not None and self._error_box.isVisible():
            self._error_box.setText(message)
            return
        box = QMessageBox(QMessageBox.Icon.Critical, APP_TITLE, message, QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self._error_box = box
        box.open()

    # ================================================================== Qt events
    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        event.acceptProposedAction() if self._dropped_pdfs(event) else event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        paths = self._dropped_pdfs(event)
        if paths:
            event.acceptProposedAction()
            self.open_files(paths)  # two dropped together: the halves of one disclosure

    @staticmethod
    def _dropped_pdfs(event) -> list[str]:
        mime = event.mimeData()
        return [url.toLocalFile() for url in (mime.urls() if mime.hasUrls() else ())
                if isinstance(url, QUrl) and url.isLocalFile() and url.toLocalFile().lower().endswith(".pdf")]

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.c.autosave.save()
        self._save_window()
        self.runner.cancel_all()
        self.c.checks.cancel()
        if self._extractor is not None:
            self._extractor.shutdown()
        self.c.open.close()
        super().closeEvent(event)


__all__ = ["MainWindow"]
