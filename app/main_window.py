"""MainWindow: the composition root of the GUI.

It owns the data (Document, CheckReport, review session) and wires the thin widgets to
it: grid ⇄ page view (both ways), findings panel → both, edits → undoable commands →
debounced background re-check. The auditor's review work — finding statuses, notes and
tick marks (on a cell, row, table, finding or page region), the tick legend — goes
through undoable commands (app/commands.py) into the ReviewSession, which is autosaved
at most ~1.5 s after a change. Extraction runs in a child process awaited by a Job; the
GUI thread only lays out, paints and renders one visible page at a time.
"""
from __future__ import annotations

import datetime as dt
import getpass
import logging
import os
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (QApplication, QDialog, QFileDialog, QLabel, QMainWindow, QMessageBox,
                               QProgressBar, QSpinBox, QSplitter, QStyle, QToolBar,
                               QDockWidget, QVBoxLayout, QWidget)

from auditdesk.checks.finding import ERROR, INFO, SEVERITY_ZH, WARNING, CheckReport, Finding, Location
from auditdesk.parsing.model import Cell, Document, Table
from auditdesk.parsing.numbers import parse_number
from auditdesk.widgets.dismiss_dialog import DismissDialog
from auditdesk.widgets.findings_panel import FindingsPanel
from auditdesk.widgets.grid_model import GridModel
from auditdesk.widgets.legend_dialog import LegendDialog
from auditdesk.widgets.note_dialog import NoteDialog
from auditdesk.widgets.preferences_dialog import PreferencesDialog
from auditdesk.widgets.signoff_dialog import SignOffDialog
from auditdesk.widgets.pdf_page_view import PdfPageView
from auditdesk.widgets.table_grid_view import TableGridView
from auditdesk.widgets.table_list_view import TableListView

from . import settings as app_settings
from .check_scheduler import CheckScheduler
from .commands import EditCellCommand, SetFindingStatusCommand, SetNoteCommand, SetTickLegendCommand
from . import session as session_mod
from .jobs import Extracted, Job, JobRunner, ProcessExtractor, extract_and_check
from .page_renderer import PageRenderer

log = logging.getLogger(__name__)

BBox = tuple[float, float, float, float]
ExtractFn = Callable[..., Document]  # fn(path, progress=…) -> Document

APP_TITLE = "AuditDesk"
AUTOSAVE_MS = 1500  # a change is on disk at most this long (+ one save) after it is made

from auditdesk.checks.vocabulary import CONFIRMED, DISMISSED, PENDING  # noqa: E402

# MismatchAsker(message, done): ask whether to re-apply a session made for another version of
# the PDF; call done("apply") or done("fresh") — now or later (the default box is non-modal).
MismatchAsker = Callable[[str, Callable[[str], None]], None]


def _default_check_fn() -> Callable[..., CheckReport] | None:
    try:
        from auditdesk.checks.engine import run_checks
    except ImportError:  # pragma: no cover - only while checks/ is being written
        log.warning("checks.engine not available: checks disabled")
        return None
    return run_checks


def location_column(table: Table, loc: Location) -> int | None:
    col = getattr(loc, "col", None)
    if col is not None and 0 <= col < len(table.columns):
        return col
    return column_index(table, loc.column)


def column_index(table: Table, name: str | None) -> int | None:
    if name is None:
        return None
    if name in table.columns:
        return table.columns.index(name)
    return table.col(name)


def _message_of(exc: object) -> str:
    text = getattr(exc, "message", None) or str(exc)
    return text.strip() or type(exc).__name__


class MainWindow(QMainWindow):
    document_loaded = Signal(object)  # Document
    report_applied = Signal(object)  # CheckReport
    open_failed = Signal(str)

    def __init__(self, settings: QSettings | None = None, *, extract_fn: ExtractFn | None = None,
                 extract_in_process: bool | None = None, check_fn: Callable[..., Any] | None = None,
                 use_session: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self._qs = settings if settings is not None else app_settings.default_qsettings()
        self.settings = app_settings.load(self._qs)
        self.runner = JobRunner(self)
        default_checks = check_fn is None
        if extract_fn is None:
            # with the default checks, the first report is made in the child right after extraction
            self._extractor: ProcessExtractor | None = ProcessExtractor(extract_and_check) if default_checks \
                else ProcessExtractor()
            self._extract = self._extractor.extract
        elif extract_in_process is False or extract_in_process is None:
            self._extractor = None
            self._extract = extract_fn
        else:
            self._extractor = ProcessExtractor(extract_fn)
            self._extract = self._extractor.extract
        self._use_session = use_session
        self.document: Document | None = None
        self.report: CheckReport | None = None
        self.session: Any = None
        self.path: str | None = None
        self.last_error: str | None = None
        self._renderer: PageRenderer | None = None
        self._current_table: Table | None = None
        self._findings_by_table: dict[str, list[Finding]] = {}
        self._navigating = False
        self._error_box: QMessageBox | None = None
        self.ask_mismatch: MismatchAsker | None = None  # injectable; default: a non-modal box
        self.mismatch_box: QMessageBox | None = None
        self.dialog: QDialog | None = None  # the review dialog open now (note, dismiss, legend, …)
        self._name_dialog: PreferencesDialog | None = None
        self._first_report: CheckReport | None = None
        self._pending_user_actions: list[Callable[[], None]] = []
        self._asked_name = False
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.setSingleShot(True)
        self._autosave.timeout.connect(self._save_session)

        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

        check_fn = check_fn if check_fn is not None else _default_check_fn()
        self.scheduler = CheckScheduler(check_fn, self.runner, parent=self) if check_fn else None
        if self.scheduler is not None:
            self.scheduler.set_source(lambda: self.document)
            self.scheduler.started.connect(self._on_checks_started)
            self.scheduler.report_ready.connect(self._on_report)
            self.scheduler.failed.connect(self.show_error)

        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_statusbar()
        self._restore_window()
        self.setAcceptDrops(True)
        self._update_title()
        self._update_actions()
        if self._extractor is not None:
            QTimer.singleShot(0, self._extractor.warm_up)

    # ================================================================== building
    def _build_widgets(self) -> None:
        self.table_list = TableListView(self)
        self.table_list.setMinimumWidth(150)
        self.grid_model = GridModel(None, self)
        self.grid_view = TableGridView(self)
        self.grid_view.setModel(self.grid_model)
        self.grid_title = QLabel(self)
        self.grid_title.setTextFormat(Qt.TextFormat.RichText)
        self.grid_title.setContentsMargins(8, 6, 8, 6)
        self.grid_title.setText("<span style='color:gray'>打开一份决算公开 PDF（文件 ▸ 打开，或拖放到窗口）</span>")
        grid_panel = QWidget(self)
        lay = QVBoxLayout(grid_panel)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.grid_title)
        lay.addWidget(self.grid_view, 1)

        self.page_view = PdfPageView(self)
        self.page_view.setMinimumWidth(240)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.table_list)
        self.splitter.addWidget(grid_panel)
        self.splitter.addWidget(self.page_view)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([210, 640, 590])
        self.setCentralWidget(self.splitter)

        self.findings_panel = FindingsPanel(self)
        self.findings_dock = QDockWidget("问题清单", self)
        self.findings_dock.setObjectName("findings_dock")
        self.findings_dock.setWidget(self.findings_panel)
        self.findings_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                       | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings_dock)
        self.resizeDocks([self.findings_dock], [210], Qt.Orientation.Vertical)

        self.table_list.table_selected.connect(self._on_table_selected)
        self.grid_view.cell_selected.connect(self._on_cell_selected)
        self.grid_model.edit_requested.connect(self.request_edit)
        self.page_view.region_clicked.connect(self.on_region_clicked)
        self.page_view.page_changed.connect(self._on_page_changed)
        self.page_view.zoom_changed.connect(self._on_zoom_changed)
        self.findings_panel.finding_activated.connect(self.activate_finding)
        self.findings_panel.status_requested.connect(self.request_status)
        self.findings_panel.note_requested.connect(self.annotate_finding)
        self.page_view.region_selected.connect(self._on_region_selected)
        self.page_view.annotation_activated.connect(self.edit_annotation)

    def _icon(self, sp: QStyle.StandardPixmap):
        return self.style().standardIcon(sp)

    def _action(self, text: str, slot, shortcut=None, icon=None, tip: str | None = None) -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                a.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                a.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            a.setIcon(self._icon(icon))
        if tip:
            a.setStatusTip(tip)
            a.setToolTip(tip)
        a.triggered.connect(slot)
        return a

    def _build_actions(self) -> None:
        SP = QStyle.StandardPixmap
        self.act_open = self._action("打开(&O)…", self.open_dialog, QKeySequence.StandardKey.Open,
                                     SP.SP_DialogOpenButton, "打开决算/预算公开 PDF")
        self.act_export = self._action("导出工作底稿(&E)…", self.export_workpaper, "Ctrl+E",
                                       SP.SP_DialogSaveButton, "导出 Excel 审计工作底稿")
        self.act_quit = self._action("退出(&X)", self.close, QKeySequence.StandardKey.Quit)
        self.act_undo = self.undo_stack.createUndoAction(self, "撤销")
        self.act_undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.act_undo.setIcon(self._icon(SP.SP_ArrowBack))
        self.act_undo.setIconText("撤销")  # the toolbar stays short; the menu shows what is undone
        self.act_redo = self.undo_stack.createRedoAction(self, "重做")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.act_redo.setIcon(self._icon(SP.SP_ArrowForward))
        self.act_redo.setIconText("重做")
        self.act_copy = self._action("复制(&C)", self.grid_view.copy_selection)
        self.act_revert = self._action("恢复原提取值(&R)", self.revert_current_cell, None, None,
                                       "把当前单元格恢复为从 PDF 提取的原值")
        self.act_zoom_in = self._action("放大", self.page_view.zoom_in, [QKeySequence.StandardKey.ZoomIn, "Ctrl+="],
                                        None, "放大页面")
        self.act_zoom_out = self._action("缩小", self.page_view.zoom_out, QKeySequence.StandardKey.ZoomOut,
                                         None, "缩小页面")
        self.act_fit = self._action("适合宽度", self.page_view.fit_width, "Ctrl+0", None, "页面宽度适合窗口")
        self.act_prev_page = self._action("上一页", self.page_view.previous_page, "Ctrl+PgUp",
                                          SP.SP_ArrowUp, "上一页")
        self.act_next_page = self._action("下一页", self.page_view.next_page, "Ctrl+PgDown",
                                          SP.SP_ArrowDown, "下一页")
        self.act_recheck = self._action("重新检查(&R)", self.recheck, "F5", SP.SP_BrowserReload,
                                        "重新运行全部检查")
        self.act_next_finding = self._action("下一个问题", self.findings_panel.select_next, "F8", None,
                                             "跳到下一个问题（F8）")
        self.act_prev_finding = self._action("上一个问题", self.findings_panel.select_previous, "Shift+F8",
                                             None, "跳到上一个问题（Shift+F8）")
        self.act_pending = self._action("标记为待核实", lambda: self._status_current(PENDING), "Ctrl+1", None,
                                        "把选中的问题标记为“待核实”（Ctrl+1）")
        self.act_confirm = self._action("确认问题", lambda: self._status_current(CONFIRMED), "Ctrl+2", None,
                                        "把选中的问题标记为“已确认问题”（Ctrl+2）")
        self.act_dismiss = self._action("排除问题…", lambda: self._status_current(DISMISSED), "Ctrl+3", None,
                                        "排除选中的问题，需填写理由（Ctrl+3）")
        self.act_note = self._action("批注…", self.annotate_current, "Shift+F2", None,
                                     "为当前单元格（或问题清单中选中的问题）添加或修改批注和审计标识")
        self.act_note_row = self._action("行批注…", self.annotate_row, None, None, "为当前行添加批注")
        self.act_note_table = self._action("表批注…", self.annotate_table, None, None, "为当前表添加批注")
        self.act_region = self._action("标注区域", self.page_view.set_region_mode, "Ctrl+Shift+R", None,
                                       "在页面上拖出一个区域并添加批注（也可按住 Shift 拖动）")
        self.act_region.setCheckable(True)
        self.act_legend = self._action("审计标识(&L)…", self.edit_legend, None, None, "编辑审计标识说明")
        self.act_sign_off = self._action("复核签字(&S)…", self.sign_off_dialog, None, None, "复核人签字确认")
        self.act_revoke = self._action("撤销复核签字", self.revoke_sign_off, None, None, "撤销复核签字")
        self.act_prefs = self._action("首选项(&P)…", self.preferences, None, None, "审计人员姓名等")
        for a in (self.act_pending, self.act_confirm, self.act_dismiss, self.act_note, self.act_region):
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.grid_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.grid_view.addActions([self.act_note, self.act_note_row, self.act_note_table])
        self.act_about = self._action("关于 AuditDesk", self.show_about)
        self.act_shortcuts = self._action("快捷键", self.show_shortcuts)
        for a in (self.act_next_finding, self.act_prev_finding, self.act_recheck, self.act_prev_page,
                  self.act_next_page):
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

    def _build_menus(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu("文件(&F)")
        m.addAction(self.act_open)
        self.recent_menu = m.addMenu("最近打开(&R)")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()
        m.addSeparator()
        m.addAction(self.act_export)
        m.addSeparator()
        m.addAction(self.act_quit)
        m = mb.addMenu("编辑(&E)")
        m.addAction(self.act_undo)
        m.addAction(self.act_redo)
        m.addSeparator()
        m.addAction(self.act_copy)
        m.addAction(self.act_revert)
        m.addSeparator()
        m.addAction(self.act_prefs)
        m = mb.addMenu("视图(&V)")
        for a in (self.act_zoom_in, self.act_zoom_out, self.act_fit):
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.act_prev_page)
        m.addAction(self.act_next_page)
        m.addSeparator()
        toggle = self.findings_dock.toggleViewAction()
        toggle.setText("问题清单面板")
        m.addAction(toggle)
        m = mb.addMenu("检查(&C)")
        m.addAction(self.act_recheck)
        m.addSeparator()
        m.addAction(self.act_next_finding)
        m.addAction(self.act_prev_finding)
        m = mb.addMenu("审核(&A)")
        self.review_menu = m
        for a in (self.act_pending, self.act_confirm, self.act_dismiss):
            m.addAction(a)
        m.addSeparator()
        for a in (self.act_note, self.act_note_row, self.act_note_table, self.act_region):
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.act_legend)
        m.addSeparator()
        m.addAction(self.act_sign_off)
        m.addAction(self.act_revoke)
        m = mb.addMenu("帮助(&H)")
        m.addAction(self.act_shortcuts)
        m.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        tb = QToolBar("工具栏", self)
        tb.setObjectName("main_toolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.addAction(self.act_open)
        tb.addAction(self.act_export)
        tb.addSeparator()
        tb.addAction(self.act_undo)
        tb.addAction(self.act_redo)
        tb.addSeparator()
        tb.addAction(self.act_recheck)
        tb.addSeparator()
        tb.addAction(self.act_note)
        tb.addAction(self.act_region)
        tb.addSeparator()
        tb.addAction(self.act_zoom_out)
        self.zoom_label = QLabel("100%", self)
        self.zoom_label.setMinimumWidth(44)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        tb.addWidget(self.zoom_label)
        tb.addAction(self.act_zoom_in)
        tb.addAction(self.act_fit)
        tb.addSeparator()
        tb.addAction(self.act_prev_page)
        self.page_spin = QSpinBox(self)
        self.page_spin.setMinimum(0)
        self.page_spin.setMaximum(0)
        self.page_spin.setKeyboardTracking(False)
        self.page_spin.setToolTip("跳到页")
        self.page_spin.valueChanged.connect(self._on_page_spin)
        tb.addWidget(self.page_spin)
        self.page_total = QLabel(" / 0 ", self)
        tb.addWidget(self.page_total)
        tb.addAction(self.act_next_page)
        self.addToolBar(tb)
        self.toolbar = tb

    def _build_statusbar(self) -> None:
        sb = self.statusBar()
        self.status_label = QLabel("就绪", self)
        sb.addWidget(self.status_label, 1)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(180)
        self.progress.setMaximumHeight(16)
        self.progress.setTextVisible(False)
        self.progress.hide()
        sb.addPermanentWidget(self.progress)
        self.people_label = QLabel("", self)
        self.people_label.setToolTip("编制人 / 复核人（审核 ▸ 复核签字…）")
        sb.addPermanentWidget(self.people_label)
        self.counts_label = QLabel("", self)
        sb.addPermanentWidget(self.counts_label)

    def _restore_window(self) -> None:
        geometry = app_settings.load_bytes(self._qs, "window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QApplication.primaryScreen()
            avail = screen.availableGeometry() if screen else None
            w, h = 1440, 900
            if avail is not None and avail.width() > 400:
                w, h = min(w, int(avail.width() * 0.9)), min(h, int(avail.height() * 0.9))
            self.resize(w, h)
        state = app_settings.load_bytes(self._qs, "window/state")
        if state is not None:
            self.restoreState(state)
        split = app_settings.load_bytes(self._qs, "window/splitter")
        if split is not None:
            self.splitter.restoreState(split)
        if self.settings.fit_width:
            self.page_view.fit_width()
        else:
            self.page_view.set_zoom(self.settings.zoom)

    def _save_window(self) -> None:
        self._qs.setValue("window/geometry", self.saveGeometry())
        self._qs.setValue("window/state", self.saveState())
        self._qs.setValue("window/splitter", self.splitter.saveState())
        self.settings = replace(self.settings, zoom=self.page_view.zoom(), fit_width=self.page_view.is_fit_width(),
                                findings_visible=self.findings_dock.isVisible())
        app_settings.save(self._qs, self.settings)

    # ================================================================== opening
    def open_dialog(self) -> None:
        start = self.settings.last_dir or (os.path.dirname(self.path) if self.path else str(Path.home()))
        path, _ = QFileDialog.getOpenFileName(self, "打开决算公开 PDF", start, "PDF 文件 (*.pdf);;所有文件 (*)")
        if path:
            self.open_file(path)

    def open_file(self, path: str | os.PathLike[str]) -> None:
        """Show the pages now; extract in the background; a newer open wins over this one."""
        path = str(Path(path).expanduser().resolve())
        self._save_session()
        self.runner.cancel("extract")
        if self.scheduler is not None:
            self.scheduler.cancel()
        if self._extractor is not None:
            self._extractor.cancel()
        self._autosave.stop()
        self.undo_stack.clear()
        for box in (self.dialog, self.mismatch_box):
            if box is not None:
                box.close()
        self.dialog = self.mismatch_box = None
        self.document = None
        self.report = None
        self.session = None
        self._current_table = None
        self._findings_by_table = {}
        self.page_view.set_region_mode(False)
        self.act_region.setChecked(False)
        self.path = path
        # the old file's lists are emptied on the next turn: the window repaints in two shorter
        # stretches (new pages first) instead of one long one
        QTimer.singleShot(0, lambda: self._clear_lists(path))
        self.grid_title.setText(f"<b>{Path(path).name}</b> <span style='color:gray'>正在提取表格…</span>")
        self.counts_label.setText("")
        old, self._renderer = self._renderer, None
        try:
            self._renderer = PageRenderer(path)
            self.page_view.set_pages(self._renderer.page_sizes(), self._renderer.render_steps)
        except Exception:  # the extractor will report the problem in one sentence
            log.info("cannot render %s", path, exc_info=True)
            self.page_view.set_pages([], None)
        if old is not None:
            old.close()
        self._update_title()
        self._update_actions()
        self._busy(f"正在提取 {Path(path).name} …", 0.0)
        self.settings = self.settings.with_recent(path)
        self.settings = app_settings.Settings(**{**self.settings.__dict__, "last_dir": os.path.dirname(path)})
        app_settings.save(self._qs, self.settings, sync=False)
        job = Job(self._extract, path)
        self.runner.start("extract", job, on_result=self._on_document, on_error=self._on_open_error,
                          on_progress=self._on_extract_progress)

    def _clear_lists(self, path: str) -> None:
        if self.document is None and self.path == path:
            self.table_list.set_tables([])
            self.grid_model.set_table(None)
            self.findings_panel.set_findings([], {})

    def _on_extract_progress(self, frac: float, text: str) -> None:
        self._busy(text or "正在提取…", frac)

    def _on_open_error(self, exc: object) -> None:
        self._idle("打开失败")
        name = Path(self.path).name if self.path else ""
        message = f"无法打开 {name}：{_message_of(exc)}" if name else _message_of(exc)
        self.grid_title.setText(f"<b>{name}</b> <span style='color:#b00'>无法打开</span>")
        if self._renderer is None:
            self.page_view.set_pages([], None)
        self.open_failed.emit(message)
        self.show_error(message)

    def _on_document(self, result: Document | Extracted) -> None:
        doc, self._first_report = (result.document, result.report) if isinstance(result, Extracted) else (result, None)
        self.document = doc
        self._idle(f"已提取 {len(doc.tables)} 张表，{doc.pages} 页（{doc.seconds:.2f} 秒）")
        if self._attach_session(doc):
            self._show_document(doc)

    def _show_document(self, doc: Document) -> None:
        if self.document is not doc:  # another file was opened while the user was asked
            return
        self.table_list.set_tables(doc.tables)
        first = next((t for t in doc.tables if t.rows), doc.tables[0] if doc.tables else None)
        if first is not None:
            self._show_table(first.id, reveal=False)
        else:
            self.grid_title.setText(f"<b>{Path(doc.path).name}</b> <span style='color:gray'>未找到表格</span>")
        self._update_title()
        self._update_actions()
        issues = [i.message for i in doc.issues if i.code != "ocr"]
        if doc.ocr:
            low = sum(
                1
                for t in doc.tables
                for r in t.rows
                for c in r.cells
                if getattr(c, "confidence", None) is not None and c.confidence < 0.8 and c.text
            )
            pages = "、".join(str(p) for p in doc.ocr_pages[:8]) + ("…" if len(doc.ocr_pages) > 8 else "")
            issues.insert(0, f"第 {pages} 页为扫描件，已 OCR 识别" + (f"，{low} 个单元格置信度低（紫色虚线框），请与原文核对" if low else ""))
        if issues:
            self.status_label.setText(self.status_label.text() + " · " + "；".join(issues[:2]))
        self.document_loaded.emit(doc)
        first, self._first_report = self._first_report, None
        if first is not None and self.scheduler is not None and not (self.session is not None and self.session.edits):
            # made in the extractor's process on this very document: shown on the next turn, so
            # the grid and the findings list are laid out and painted in two shorter stretches
            QTimer.singleShot(0, lambda: self._on_report(first) if self.document is doc else None)
        else:
            self.recheck()

    # ------------------------------------------------------------------ session
    def _attach_session(self, doc: Document) -> bool:
        """Load the saved review session. Returns False when the user is being asked about a
        changed PDF: the document is shown once they answer (the event loop keeps running)."""
        if not self._use_session:
            return True
        try:
            result = session_mod.load_session(doc.path, doc, on_mismatch="ask")
        except Exception as exc:  # a bad session never stops the review
            log.exception("session load failed")
            self.session = None
            self.show_error(f"无法读取审核会话：{_message_of(exc)}")
            return True
        if result.status != session_mod.MISMATCH:
            self._use_session_result(result)
            return True
        message = result.mismatch.message if result.mismatch else "PDF 已变化，是否套用原会话？"
        answered = False

        def done(choice: str) -> None:
            nonlocal answered
            if answered or self.document is not doc:
                return
            answered = True
            self.mismatch_box = None
            try:
                again = session_mod.load_session(doc.path, doc, on_mismatch="apply" if choice == "apply" else "fresh")
            except Exception as exc:
                log.exception("session load failed")
                self.session = None
                self.show_error(f"无法读取审核会话：{_message_of(exc)}")
            else:
                self._use_session_result(again)
            self._show_document(doc)

        self.status_label.setText("PDF 已变化：是否套用原审核会话？")
        (self.ask_mismatch or self._ask_mismatch_box)(message, done)
        return False

    def _ask_mismatch_box(self, message: str, done: Callable[[str], None]) -> None:
        """The changed-PDF question as a window-modal box opened with open(): never blocks."""
        box = QMessageBox(QMessageBox.Icon.Question, APP_TITLE, message, QMessageBox.StandardButton.NoButton, self)
        apply_b = box.addButton("套用原会话", QMessageBox.ButtonRole.AcceptRole)
        fresh_b = box.addButton("新建会话（保留原文件）", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(apply_b)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setProperty("choices", {"apply": apply_b, "fresh": fresh_b})

        def clicked(button) -> None:
            done("apply" if button is apply_b else "fresh")

        box.buttonClicked.connect(clicked)
        box.rejected.connect(lambda: done("fresh"))  # Esc / closed: keep the old file aside, start fresh
        self.mismatch_box = box
        box.open()

    def _use_session_result(self, result: Any) -> None:
        self.session = result.session
        if self.session is not None:
            self.session.listeners.append(self._on_session_changed)
            if self.session.dirty:
                self._autosave.start()
        if result.messages:
            self.status_label.setText("；".join(result.messages))
        self._update_people()

    def _on_session_changed(self, kind: str, payload: Any) -> None:
        if kind == "saved":
            return
        if not self._autosave.isActive():  # not restarted: continuous work is still saved
            self._autosave.start()
        if kind in ("people", "sign_off") or (self.session is not None and self.session.signoff is not None):
            self._update_people()

    def _save_session(self) -> None:
        s = self.session
        if s is None or not getattr(s, "dirty", False):
            return
        try:
            s.save()
        except Exception as exc:  # pragma: no cover - disk full, permissions …
            log.exception("session save failed")
            self.status_label.setText(f"会话保存失败：{_message_of(exc)}")

    def _finding_statuses(self) -> dict[str, str]:
        s = self.session
        if s is None:
            return {}
        out = {}
        for key, st in getattr(s, "statuses", {}).items():
            out[key] = getattr(st, "status", str(st))
        return out

    # ================================================================== tables and cells
    def _on_table_selected(self, table_id: str) -> None:
        if not self._navigating:
            self._show_table(table_id, reveal=True)

    def _show_table(self, table_id: str, reveal: bool) -> None:
        doc = self.document
        t = doc.table_by_id(table_id) if doc else None
        if t is None:
            return
        self._navigating = True
        try:
            self.table_list.select_table(table_id)
        finally:
            self._navigating = False
        if self._current_table is not t:
            self._current_table = t
            self.grid_model.set_table(t, self._findings_by_table.get(t.id, ()))
            self._set_grid_title(t, [])
            self.grid_title.setToolTip(t.note or "")
            self._refresh_notes()
        if reveal and t.pages:
            page = t.pages[0]
            box = t.bbox.get(page)
            if box is not None:
                self.page_view.reveal(page, (box[0], box[1], box[2], box[1] + 40))
                self.page_view.go_to_page(page) if page != self.page_view.current_page() else None
            else:
                self.page_view.go_to_page(page)

    def _set_grid_title(self, t: Table, table_notes: list[str]) -> None:
        pages = f"第 {t.pages[0]}–{t.pages[-1]} 页" if len(t.pages) > 1 else (f"第 {t.pages[0]} 页" if t.pages else "")
        bits = [x for x in (t.label, f"单位：{t.unit}" if t.unit else None, pages,
                            f"{len(t.rows)} 行" if t.rows else "本表无数据") if x]
        note = ""
        if table_notes:
            shown = "；".join(table_notes)
            note = f"&nbsp;&nbsp;<span style='color:#b35900'>✎ {shown[:40] + '…' if len(shown) > 40 else shown}</span>"
        self.grid_title.setText(f"<b style='font-size:11pt'>{t.title}</b>&nbsp;&nbsp;"
                                f"<span style='color:#666'>{' · '.join(bits)}</span>{note}")

    def cell_place(self, table: Table, row: int, col: int) -> tuple[int, BBox] | None:
        """Where a cell is printed: its own bbox, or the row band × column x-range."""
        if not 0 <= row < len(table.rows):
            return None
        r = table.rows[row]
        cell = r.cells[col] if 0 <= col < len(r.cells) else None
        if cell is not None and cell.bbox is not None:
            return (cell.page or r.page), tuple(cell.bbox)
        xs = table.column_x.get(r.page)
        if xs and 0 <= col < len(xs):
            x0, x1 = xs[col]
            return r.page, (x0, r.bbox[1], x1, r.bbox[3])
        return r.page, tuple(r.bbox)

    def location_place(self, loc: Location) -> tuple[int, BBox] | None:
        doc = self.document
        if doc is None:
            return None
        if loc.table is not None:
            t = doc.table_by_id(loc.table)
            if t is not None and loc.row is not None and 0 <= loc.row < len(t.rows):
                col = location_column(t, loc)
                if col is not None:
                    return self.cell_place(t, loc.row, col)
                r = t.rows[loc.row]
                return r.page, tuple(r.bbox)
        if loc.page is not None and loc.bbox is not None:
            return loc.page, tuple(loc.bbox)
        if loc.narrative is not None and 0 <= loc.narrative < len(doc.narrative):
            s = doc.narrative[loc.narrative]
            return s.page, tuple(s.bbox)
        return None

    def _on_cell_selected(self, row: int, col: int) -> None:
        t = self._current_table
        if t is None or row < 0:
            self.page_view.set_selection(None, None)
            return
        place = self.cell_place(t, row, col)
        if place is None:
            self.page_view.set_selection(None, None)
            return
        page, bbox = place
        self.page_view.set_selection(page, bbox, scroll=True)
        r = t.rows[row]
        colname = t.columns[col] if col < len(t.columns) else ""
        label = f"{r.code} {r.label}".strip() if r.code else r.label
        cell = r.cells[col] if col < len(r.cells) else None
        extra = f" · 原提取值：{cell.original or '（空）'}" if cell is not None and cell.edited else ""
        self.status_label.setText(f"{t.title} · {label or f'第{row + 1}行'} · {colname} · 第 {page} 页{extra}")

    def select_cell(self, table_id: str, row: int, col: int) -> None:
        self._show_table(table_id, reveal=False)
        self.grid_view.select_cell(row, col)

    def on_region_clicked(self, page: int, x: float, y: float) -> None:
        """A click on the page: select the table cell printed there (or show the sentence)."""
        doc = self.document
        if doc is None:
            return
        hit = self.hit_test(page, x, y)
        if hit is not None:
            table_id, row, col = hit
            self.select_cell(table_id, row, col)
            return
        for s in doc.narrative:
            if s.page == page and s.bbox[0] - 2 <= x <= s.bbox[2] + 2 and s.bbox[1] - 2 <= y <= s.bbox[3] + 2:
                self.page_view.set_focus([(page, tuple(s.bbox), INFO)], scroll=False)
                self.status_label.setText(f"情况说明：{s.text}")
                return

    def hit_test(self, page: int, x: float, y: float) -> tuple[str, int, int] | None:
        doc = self.document
        if doc is None:
            return None
        tol = 1.0
        for t in doc.tables:
            if page not in t.pages and not any(r.page == page for r in t.rows):
                continue
            for ri, r in enumerate(t.rows):
                if r.page != page:
                    continue
                x0, y0, x1, y1 = r.bbox
                if not (y0 - tol <= y <= y1 + tol and x0 - tol <= x <= x1 + tol):
                    continue
                for ci, c in enumerate(r.cells):
                    if c.bbox is not None and (c.page or r.page) == page and c.bbox[0] - tol <= x <= c.bbox[2] + tol:
                        return t.id, ri, ci
                for ci, (cx0, cx1) in enumerate(t.column_x.get(page, [])):
                    if cx0 - tol <= x <= cx1 + tol:
                        return t.id, ri, ci
                return t.id, ri, 0
        return None

    # ================================================================== editing
    def cell(self, table_id: str, row: int, col: int) -> Cell:
        """CellTarget: the cell as it is now."""
        if self.session is not None:
            return self.session.cell(table_id, row, col)
        t = self.document.table_by_id(table_id)
        r = t.rows[row]
        return r.cells[col] if col < len(r.cells) else Cell("", None, r.page, None)

    def set_cell_text(self, table_id: str, row: int, col: int, text: str, action: str) -> None:
        """CellTarget: the one place a cell changes (through the session when there is one)."""
        doc = self.document
        t = doc.table_by_id(table_id) if doc else None
        if t is None:
            return
        r = t.rows[row]
        while len(r.cells) <= col:
            r.cells.append(Cell("", None, r.page, None))
        if self.session is not None:
            self.session.apply_edit(table_id, row, col, text, self._who(), action=action)
        else:
            cell = r.cells[col]
            original = cell.original if cell.original is not None else cell.text
            if text == original:
                r.cells[col] = Cell(original, parse_number(original), cell.page, cell.bbox, None)
            else:
                r.cells[col] = cell.with_text(text)
        if self._current_table is t:
            self.grid_model.update_cell(row, col)
            cur = self.grid_view.currentIndex()
            if cur.isValid() and (cur.row(), cur.column()) == (row, col):
                self._on_cell_selected(row, col)
        if self.scheduler is not None:
            self.scheduler.schedule()

    def request_edit(self, row: int, col: int, text: str) -> None:
        t = self._current_table
        if t is None or self.document is None:
            return
        if self.cell(t.id, row, col).text == text:
            return
        colname = t.columns[col] if col < len(t.columns) else ""

        def push() -> None:
            if self._current_table is t and self.cell(t.id, row, col).text != text:
                self.undo_stack.push(EditCellCommand(self, t.id, row, col, text, table_title=t.title, column=colname))

        self._with_user(push)

    def revert_current_cell(self) -> None:
        t = self._current_table
        idx = self.grid_view.currentIndex()
        if t is None or not idx.isValid():
            return
        cell = self.cell(t.id, idx.row(), idx.column())
        if cell.edited and cell.original is not None:
            self.request_edit(idx.row(), idx.column(), cell.original)

    # ================================================================== the auditor's name
    def _who(self) -> str:
        if self.settings.user_name:
            return self.settings.user_name
        try:
            return getpass.getuser()
        except Exception:  # pragma: no cover
            return ""

    def set_user_name(self, name: str) -> None:
        """Remember the auditor's name (QSettings) and make them the session's 编制人 if none."""
        name = name.strip()
        self.settings = replace(self.settings, user_name=name)
        app_settings.save(self._qs, self.settings)
        self._ensure_preparer()
        self._update_people()

    def _ensure_preparer(self) -> None:
        s = self.session
        if s is not None and self.settings.user_name and not s.preparer.name:
            s.set_preparer(self.settings.user_name, dt.date.today().isoformat(), who=self.settings.user_name)

    def _with_user(self, fn: Callable[[], None]) -> None:
        """Run an auditor's change — after asking their name once if it is not known yet."""
        if self.settings.user_name or self._asked_name:
            self._ensure_preparer()
            fn()
            return
        doc = self.document
        self._pending_user_actions.append(lambda: fn() if self.document is doc else None)  # not onto another file
        if self._name_dialog is not None:
            return
        dlg = PreferencesDialog(first_time=True, parent=self)
        self._name_dialog = dlg

        def finished(code: int) -> None:
            self._name_dialog = None
            self._asked_name = True  # asked once: a cancel is not asked again this run
            if code == QDialog.DialogCode.Accepted and dlg.user_name():
                self.set_user_name(dlg.user_name())
            pending, self._pending_user_actions = self._pending_user_actions, []
            self._ensure_preparer()
            for action in pending:
                action()
            dlg.deleteLater()

        dlg.finished.connect(finished)
        dlg.open()

    def preferences(self) -> None:
        dlg = PreferencesDialog(self.settings.user_name, parent=self)
        dlg.accepted.connect(lambda: self.set_user_name(dlg.user_name()))
        self._open_dialog(dlg)

    def _open_dialog(self, dlg: QDialog) -> QDialog:
        """Review dialogs open window-modal with open(): the event loop never blocks."""
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

    def _need_session(self) -> bool:
        if self.session is None:
            self.show_error("没有打开审核会话：请先打开一份 PDF。" if self.document is None
                            else "本文件的审核会话未能建立，无法保存审核结论。")
            return False
        return True

    # ================================================================== finding statuses
    def finding_by_key(self, key: str) -> Finding | None:
        for f in (self.report.findings if self.report else ()):
            if f.key_str == key:
                return f
        return None

    def request_status(self, finding: Finding, status: str) -> None:
        """From the panel / menu / Ctrl+1-3: 已排除 asks for the reason first."""
        if finding is None or not self._need_session():
            return
        if status != DISMISSED:
            self._with_user(lambda: self.set_finding_status(finding, status))
            return

        def ask() -> None:
            dlg = DismissDialog(f"{finding.id or finding.rule} {finding.rule}：{finding.message}", self)
            prev = self.session.status_of(finding)
            if prev is not None and prev.status == DISMISSED:
                dlg.set_values(prev.reason, prev.comment)
            dlg.accepted.connect(lambda: self.set_finding_status(finding, DISMISSED, *dlg.values()))
            self._open_dialog(dlg)

        self._with_user(ask)

    def _status_current(self, status: str) -> None:
        f = self.findings_panel.current_finding()
        if f is not None:
            self.request_status(f, status)

    def set_finding_status(self, finding: Finding | str, status: str, reason: str = "", comment: str = "") -> None:
        """Push an undoable status change. 已排除 without a reason raises ValueError."""
        if not self._need_session():
            return
        if status == DISMISSED and not reason.strip():
            raise ValueError("已排除需要填写理由")
        key = finding if isinstance(finding, str) else finding.key_str
        f = self.finding_by_key(key) if isinstance(finding, str) else finding
        label = (f.id or f.rule) if f is not None else key
        self.undo_stack.push(SetFindingStatusCommand(self, key, status, reason=reason.strip(), comment=comment,
                                                     label=label))

    # ReviewTarget (the commands call these)
    def finding_status(self, key: str) -> Any:
        return self.session.status_of(key) if self.session is not None else None

    def apply_finding_status(self, key: str, status: str | None, reason: str = "", comment: str = "") -> None:
        s = self.session
        if s is None:
            return
        if status is None:
            s.clear_finding_status(key, self._who())
        else:
            s.set_finding_status(key, status, self._who(), reason=reason, comment=comment)
        self._refresh_statuses()
        f = self.finding_by_key(key)
        if f is not None:
            self.status_label.setText(f"{f.id or f.rule} → {status or PENDING}" + (f"（{reason}）" if reason else ""))

    def _refresh_statuses(self) -> None:
        s = self.session
        statuses, details = {}, {}
        if s is not None:
            for key, st in s.statuses.items():
                statuses[key] = st.status
                bits = [f"理由：{st.reason}" if st.reason else "", f"意见：{st.comment}" if st.comment else "",
                        " ".join(p for p in (st.who, st.when[:16].replace("T", " ")) if p)]
                details[key] = "；".join(b for b in bits if b)
        self.findings_panel.set_statuses(statuses, details)

    # ================================================================== annotations
    def annotation(self, ann_id: str) -> Any:
        return self.session.annotations.get(ann_id) if self.session is not None else None

    def add_note(self, anchor: Any, text: str, tick: str | None, ann_id: str | None = None) -> str:
        ann = self.session.add_annotation(anchor, text, tick, self._who(), ann_id=ann_id)
        self._refresh_notes()
        return ann.id

    def update_note(self, ann_id: str, text: str, tick: str | None) -> None:
        self.session.update_annotation(ann_id, text=text, tick=tick, who=self._who())
        self._refresh_notes()

    def remove_note(self, ann_id: str) -> None:
        self.session.remove_annotation(ann_id, who=self._who())
        self._refresh_notes()

    def tick_legend(self) -> list[tuple[str, str]]:
        return list(self.session.tick_legend) if self.session is not None else []

    def set_tick_legend(self, legend: list[tuple[str, str]]) -> None:
        self.session.set_tick_legend(legend, who=self._who())
        self._refresh_notes()

    def annotate(self, anchor: Any, text: str, tick: str | None = None, *, ann_id: str | None = None) -> None:
        """Push an undoable note: a new one at `anchor`, or a change to note `ann_id`."""
        if not self._need_session():
            return
        if tick and tick not in {m for m, _ in self.session.tick_legend}:
            raise ValueError(f"审计标识 {tick!r} 不在标识说明中")
        self.undo_stack.push(SetNoteCommand(self, anchor, text, tick, ann_id=ann_id, where=self._where(anchor)))

    def _where(self, anchor: Any) -> str:
        """A short place for the undo text: 问题 F0003 rather than the finding's key."""
        if anchor is not None and getattr(anchor, "kind", None) == "finding":
            f = self.finding_by_key(anchor.finding)
            if f is not None:
                return f"问题 {f.id or f.rule}"
        return ""

    def delete_annotation(self, ann_id: str) -> None:
        if self._need_session() and ann_id in self.session.annotations:
            self.undo_stack.push(SetNoteCommand(self, ann_id=ann_id, remove=True))

    def _existing_note(self, anchor: Any) -> Any:
        from auditdesk.app.session import CELL, FINDING, ROW, TABLE

        s = self.session
        if anchor.kind == FINDING:
            found = s.annotations_for_finding(anchor.finding)
        elif anchor.kind == TABLE:
            found = s.annotations_at(anchor.table_id)
        elif anchor.kind == ROW:
            found = s.annotations_at(anchor.table_id, anchor.row)
        elif anchor.kind == CELL:
            found = s.annotations_at(anchor.table_id, anchor.row, anchor.col)
        else:
            found = [a for a in s.annotations.values() if a.anchor.kind == anchor.kind
                     and a.anchor.page == anchor.page and a.anchor.bbox == anchor.bbox]
        return found[0] if found else None

    def open_note_dialog(self, anchor: Any, where: str | None = None) -> NoteDialog | None:
        """Ask for the note at `anchor` (editing the one already there, if any)."""
        if not self._need_session():
            return None
        existing = self._existing_note(anchor)
        dlg = NoteDialog(where or anchor.describe(), self.session.tick_legend,
                         text=existing.text if existing else "", tick=existing.tick if existing else None,
                         existing=existing is not None, parent=self)

        def accepted() -> None:
            text, tick = dlg.values()
            if existing is not None:
                if (text, tick) != (existing.text, existing.tick):
                    self.annotate(existing.anchor, text, tick, ann_id=existing.id)
            else:
                self.annotate(anchor, text, tick)

        dlg.accepted.connect(accepted)
        if existing is not None:
            dlg.delete_requested.connect(lambda: self.delete_annotation(existing.id))
        self._open_dialog(dlg)
        return dlg

    def _cell_anchor(self, kind: str) -> Any:
        from auditdesk.app.session import Anchor

        t = self._current_table
        idx = self.grid_view.currentIndex()
        if t is None or self.document is None:
            return None
        if kind == "table":
            return Anchor.for_table(self.document, t.id)
        if not idx.isValid():
            return None
        if kind == "row":
            return Anchor.for_row(self.document, t.id, idx.row())
        return Anchor.for_cell(self.document, t.id, idx.row(), idx.column())

    def edit_annotation(self, ann_id: str) -> None:
        """Double-click on a note tag / region on the page: edit (or delete) that note."""
        a = self.annotation(ann_id)
        if a is not None:
            where = self._where(a.anchor) or None
            self._with_user(lambda: self.open_note_dialog(a.anchor, where))

    def annotate_cell(self) -> None:
        anchor = self._cell_anchor("cell")
        if anchor is not None:
            self._with_user(lambda: self.open_note_dialog(anchor))

    def annotate_row(self) -> None:
        anchor = self._cell_anchor("row")
        if anchor is not None:
            self._with_user(lambda: self.open_note_dialog(anchor))

    def annotate_table(self) -> None:
        anchor = self._cell_anchor("table")
        if anchor is not None:
            self._with_user(lambda: self.open_note_dialog(anchor))

    def annotate_finding(self, finding: Finding) -> None:
        from auditdesk.app.session import Anchor

        if finding is None:
            return
        anchor = Anchor.for_finding(finding.key_str, finding.location.page)
        where = f"问题 {finding.id or ''} {finding.rule}：{finding.message}"
        self._with_user(lambda: self.open_note_dialog(anchor, where))

    def annotate_current(self) -> None:
        """Shift+F2: the selected finding when the findings list has focus, else the current cell."""
        f = self.findings_panel.current_finding()
        if f is not None and self.findings_panel.view.hasFocus():
            self.annotate_finding(f)
        elif self.grid_view.currentIndex().isValid():
            self.annotate_cell()
        elif f is not None:
            self.annotate_finding(f)

    def _on_region_selected(self, page: int, x0: float, y0: float, x1: float, y1: float) -> None:
        from auditdesk.app.session import Anchor

        if self.act_region.isChecked():  # one region per use of the tool
            self.act_region.setChecked(False)
            self.page_view.set_region_mode(False)
        if self.document is None:
            return
        anchor = Anchor.for_region(page, (x0, y0, x1, y1))
        self._with_user(lambda: self.open_note_dialog(anchor, f"第 {page} 页区域"))

    def _note_place(self, a: Any) -> tuple[int, BBox] | None:
        """Where an annotation is drawn on the page."""
        from auditdesk.app.session import CELL, FINDING, REGION, ROW, TABLE

        doc = self.document
        an = a.anchor
        if an.kind == REGION:
            return (an.page, tuple(an.bbox)) if an.page and an.bbox else None
        if an.kind == FINDING:
            f = self.finding_by_key(an.finding)
            return self.location_place(f.location) if f is not None else None
        t = doc.table_by_id(an.table_id) if doc and an.table_id else None
        if t is None:
            return None
        if an.kind == CELL and an.row is not None and an.col is not None:
            return self.cell_place(t, an.row, an.col)
        if an.kind == ROW and an.row is not None and 0 <= an.row < len(t.rows):
            r = t.rows[an.row]
            return r.page, tuple(r.bbox)
        if an.kind == TABLE and t.pages:
            box = t.bbox.get(t.pages[0])
            return (t.pages[0], tuple(box)) if box is not None else None
        return None

    def _refresh_notes(self) -> None:
        """Show the session's annotations: grid markers, the findings' 批注 column, page tags."""
        from auditdesk.app.session import CELL, FINDING, ROW, TABLE

        s = self.session
        t = self._current_table
        cell_notes: dict[tuple[int, int], list] = {}
        row_notes: dict[int, list] = {}
        finding_notes: dict[str, list[str]] = {}
        table_notes: list[str] = []
        marks = []
        if s is not None and self.document is not None:
            for a in s.annotations.values():
                if a.id in s.orphans:
                    continue
                an = a.anchor
                shown = " ".join(p for p in (a.tick or "", a.text) if p)
                if an.kind == FINDING:
                    finding_notes.setdefault(an.finding, []).append(shown)
                elif t is not None and an.table_id == t.id:
                    if an.kind == CELL:
                        cell_notes.setdefault((an.row, an.col), []).append((a.tick, a.text))
                    elif an.kind == ROW:
                        row_notes.setdefault(an.row, []).append((a.tick, a.text))
                    elif an.kind == TABLE:
                        table_notes.append(shown)
                place = self._note_place(a)
                if place is not None:
                    who = f"（{a.who} {a.when[:16].replace('T', ' ')}）" if a.who else ""
                    label = a.tick or "✎"
                    if a.text:
                        label += " " + (a.text if len(a.text) <= 8 else a.text[:7] + "…")
                    marks.append((place[0], place[1], label, f"{an.describe()}：{shown}{who}（双击修改）",
                                  an.kind == "region", a.id))
        self.grid_model.set_notes(cell_notes, row_notes)
        self.findings_panel.set_notes({k: "；".join(v) for k, v in finding_notes.items()})
        self.page_view.set_annotations(marks)
        if t is not None:
            tip = t.note or ""
            if table_notes:
                tip = "表批注：" + "；".join(table_notes) + ("\n" + tip if tip else "")
            self.grid_title.setToolTip(tip)
            self._set_grid_title(t, table_notes)

    def edit_legend(self) -> None:
        if not self._need_session():
            return
        used = {a.tick for a in self.session.annotations.values() if a.tick}
        dlg = LegendDialog(self.session.tick_legend, used, self)

        def accepted() -> None:
            legend = dlg.legend()
            if legend != list(self.session.tick_legend):
                self._with_user(lambda: self.undo_stack.push(SetTickLegendCommand(self, legend)))

        dlg.accepted.connect(accepted)
        self._open_dialog(dlg)

    # ================================================================== 编制 / 复核
    def sign_off_dialog(self) -> None:
        if not self._need_session():
            return
        report = self.report
        open_count = 0
        if report is not None:
            keep, _dismissed = self.session.split_dismissed(report.findings)
            open_count = sum(1 for f in keep if (self.session.status_of(f) is None
                                                 or self.session.status_of(f).status == PENDING))
        summary = f"尚有 {open_count} 个问题待核实。" if open_count else "全部问题均已确认或排除。"
        dlg = SignOffDialog(self.session.reviewer.name or self.settings.user_name, summary, self)
        dlg.accepted.connect(lambda: self.sign_off(*dlg.values()))
        self._open_dialog(dlg)

    def sign_off(self, name: str, date: str = "", note: str = "") -> None:
        if not self._need_session() or not name.strip():
            return
        self.session.sign_off(name.strip(), note, date or None)
        self._update_people()
        self.status_label.setText(f"复核签字：{name} {date}".strip())

    def revoke_sign_off(self) -> None:
        if self.session is not None and self.session.signoff is not None:
            self.session.revoke_sign_off(self._who())
            self._update_people()

    def _update_people(self) -> None:
        s = self.session
        if s is None:
            self.people_label.setText(f"审计人员：{self.settings.user_name}" if self.settings.user_name else "")
            self.act_revoke.setEnabled(False)
            self._update_title()
            return
        bits = [f"编制：{s.preparer.name} {s.preparer.date}".strip() if s.preparer.name
                else f"编制：{self.settings.user_name or '（未填写）'}"]
        if s.signoff is not None:
            state = "<span style='color:#b36b00'>签字后有修改</span>" if s.signoff.stale \
                else "<span style='color:#1a7f37'>✔ 已签字</span>"
            bits.append(f"复核：{s.signoff.who} {s.reviewer.date} {state}")
        elif s.reviewer.name:
            bits.append(f"复核：{s.reviewer.name}（未签字）")
        else:
            bits.append("复核：未签字")
        self.people_label.setText("　".join(bits))
        self.act_revoke.setEnabled(s.signoff is not None)
        self._update_title()

    # ================================================================== checks
    def recheck(self) -> None:
        if self.scheduler is not None and self.document is not None:
            self.scheduler.run_now()

    def _on_checks_started(self) -> None:
        if not self.progress.isVisible():
            self.counts_label.setText("检查中…")

    def _on_report(self, report: CheckReport) -> None:
        self.report = report
        doc = self.document
        by_table: dict[str, list[Finding]] = {}
        counts: dict[str, dict[str, int]] = {}
        for f in report.findings:
            tables = {f.location.table} | {r.table for r in f.related}
            for tid in tables:
                if tid:
                    by_table.setdefault(tid, []).append(f)
            if f.location.table:
                c = counts.setdefault(f.location.table, {ERROR: 0, WARNING: 0, INFO: 0})
                c[f.severity] = c.get(f.severity, 0) + 1
        self._findings_by_table = by_table
        if self._current_table is not None:
            self.grid_model.set_findings(by_table.get(self._current_table.id, ()))
        titles = {t.id: t.title for t in doc.tables} if doc else {}
        self.findings_panel.set_findings(report.findings, titles, self._finding_statuses())
        self._refresh_statuses()
        self._refresh_notes()
        self.table_list.set_counts(counts)
        marks = []
        for f in report.findings:
            place = self.location_place(f.location)
            if place is not None:
                marks.append((place[0], place[1], f.severity))
        self.page_view.set_marks(marks)
        total = report.counts()
        self.counts_label.setText(
            f"<span style='color:#c81e2d'>● 错误 {total[ERROR]}</span>&nbsp;&nbsp;"
            f"<span style='color:#d68c00'>● 核实 {total[WARNING]}</span>&nbsp;&nbsp;"
            f"<span style='color:#2878c8'>● 提示 {total[INFO]}</span>")
        self.report_applied.emit(report)

    def activate_finding(self, f: Finding) -> None:
        """Show a finding on both sides: its cell in the grid, its place(s) on the page."""
        loc = f.location
        focus: list[tuple[int, BBox, str]] = []
        primary = self.location_place(loc)
        if primary is not None:
            focus.append((primary[0], primary[1], f.severity))
        for rel in f.related:
            place = self.location_place(rel)
            if place is not None:
                focus.append((place[0], place[1], f.severity))
        target = loc if loc.table is not None else next((r for r in f.related if r.table is not None), None)
        doc = self.document
        if target is not None and doc is not None:
            t = doc.table_by_id(target.table)
            if t is not None and target.row is not None:
                col = location_column(t, target)
                self.select_cell(t.id, target.row, col if col is not None else 0)
        self.page_view.set_focus(focus, scroll=True)
        self.status_label.setText(f"{f.id or f.rule} {SEVERITY_ZH.get(f.severity, f.severity)}：{f.message}")

    # ================================================================== export
    def export_workpaper(self) -> None:
        if self.document is None:
            return
        try:
            from auditdesk.app.workpaper import write_workpaper
        except ImportError:
            self.show_error("导出工作底稿功能尚未安装（app/workpaper.py 缺失）。")
            return
        default = str(Path(self.path or "底稿").with_suffix("")) + "_审计工作底稿.xlsx"
        out, _ = QFileDialog.getSaveFileName(self, "导出审计工作底稿", default, "Excel 工作簿 (*.xlsx)")
        if not out:
            return
        self.start_export(write_workpaper, out)

    def start_export(self, write_fn: Callable[..., Any], out: str) -> Job:
        from .check_scheduler import snapshot

        doc = snapshot(self.document)
        report = self.report or CheckReport()
        session = self.session

        def body(progress=None):
            # write_workpaper(doc, report, session, path, progress): runs off the GUI thread on
            # a snapshot of the document; the session is only read.
            return write_fn(doc, report, session, out, progress=progress)

        self._busy("正在导出工作底稿…", 0.0)
        return self.runner.start("export", Job(body), on_result=lambda _r: self._idle(f"已导出：{out}"),
                                 on_error=lambda e: (self._idle("导出失败"), self.show_error(f"导出失败：{_message_of(e)}")))

    # ================================================================== status, errors
    def _busy(self, text: str, frac: float | None) -> None:
        self.status_label.setText(text)
        self.progress.show()
        if frac is None or frac <= 0:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(frac * 1000))

    def _idle(self, text: str) -> None:
        self.progress.hide()
        self.progress.setRange(0, 1000)
        self.status_label.setText(text)

    def show_error(self, error: object) -> None:
        """The one place unexpected errors reach the user: a sentence, never a traceback."""
        message = error if isinstance(error, str) else _message_of(error)
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

    def show_about(self) -> None:
        from auditdesk import __version__

        QMessageBox.about(self, "关于 AuditDesk",
                          f"<b>AuditDesk {__version__}</b><br>决算/预算公开 PDF 审核工具：表格提取、勾稽检查、"
                          "审计工作底稿。")

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "快捷键", "Ctrl+O 打开　Ctrl+E 导出工作底稿\nCtrl+Z 撤销　Ctrl+Y 重做\n"
                                "F5 重新检查　F8 / Shift+F8 下一个/上一个问题\nCtrl+加号/减号 缩放页面　Ctrl+0 适合宽度\n"
                                "Ctrl+PgUp / Ctrl+PgDown 上一页/下一页\n单击页面上的数字 → 选中表格中的单元格\n"
                                "Ctrl+1 / Ctrl+2 / Ctrl+3 问题标记为 待核实 / 已确认问题 / 已排除（需理由）\n"
                                "Shift+F2 批注（当前单元格，或问题清单中选中的问题）\n"
                                "按住 Shift 在页面上拖动（或 Ctrl+Shift+R 标注区域）→ 区域批注；双击批注标签可修改")

    # ================================================================== small slots
    def _update_title(self) -> None:
        name = Path(self.path).name if self.path else ""
        s = self.session
        signed = ""
        if s is not None and s.signoff is not None:
            signed = f"（{s.signoff.who} 已复核签字{'，签字后有修改' if s.signoff.stale else ''}）"
        self.setWindowTitle(f"{name}[*]{signed} — {APP_TITLE}" if name else APP_TITLE)

    def _update_actions(self) -> None:
        has_doc = self.document is not None
        self.act_export.setEnabled(has_doc)
        self.act_recheck.setEnabled(has_doc and self.scheduler is not None)
        self.act_revert.setEnabled(has_doc)
        has_session = has_doc and self.session is not None
        for a in (self.act_pending, self.act_confirm, self.act_dismiss, self.act_note, self.act_note_row,
                  self.act_note_table, self.act_region, self.act_legend, self.act_sign_off):
            a.setEnabled(has_session)
        self.act_revoke.setEnabled(has_session and self.session.signoff is not None)

    def _on_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _on_page_changed(self, page: int, count: int) -> None:
        self.page_spin.blockSignals(True)
        self.page_spin.setMaximum(count)
        self.page_spin.setMinimum(1 if count else 0)
        self.page_spin.setValue(page)
        self.page_spin.blockSignals(False)
        self.page_total.setText(f" / {count} ")

    def _on_page_spin(self, page: int) -> None:
        if page >= 1:
            self.page_view.go_to_page(page)

    def _on_zoom_changed(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.0f}%")

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = [p for p in self.settings.recent_files if os.path.exists(p)]
        for i, p in enumerate(recent):
            a = self.recent_menu.addAction(f"&{i + 1} {Path(p).name}")
            a.setToolTip(p)
            a.setStatusTip(p)
            a.triggered.connect(lambda _checked=False, p=p: self.open_file(p))
        if not recent:
            a = self.recent_menu.addAction("（无）")
            a.setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("清除列表", self._clear_recent)

    def _clear_recent(self) -> None:
        self.settings = app_settings.Settings(**{**self.settings.__dict__, "recent_files": ()})
        app_settings.save(self._qs, self.settings)

    # ================================================================== Qt events
    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._dropped_pdf(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        path = self._dropped_pdf(event)
        if path is not None:
            event.acceptProposedAction()
            self.open_file(path)

    @staticmethod
    def _dropped_pdf(event) -> str | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            if isinstance(url, QUrl) and url.isLocalFile() and url.toLocalFile().lower().endswith(".pdf"):
                return url.toLocalFile()
        return None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._save_session()
        self._save_window()
        self.runner.cancel_all()
        if self.scheduler is not None:
            self.scheduler.cancel()
        if self._extractor is not None:
            self._extractor.shutdown()
        if self._renderer is not None:
            self._renderer.close()
            self._renderer = None
        super().closeEvent(event)


__all__ = ["MainWindow", "column_index"]
