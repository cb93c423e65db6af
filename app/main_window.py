"""MainWindow: the composition root of the GUI.

It owns the data (Document, CheckReport, review session) and wires the thin widgets to
it: grid ⇄ page view (both ways), findings panel → both, edits → undoable commands →
debounced background re-check. Extraction runs in a child process awaited by a Job; the
GUI thread only lays out, paints and renders one visible page at a time.
"""
from __future__ import annotations

import getpass
import logging
import os
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (QApplication, QFileDialog, QLabel, QMainWindow, QMessageBox,
                               QProgressBar, QSpinBox, QSplitter, QStyle, QToolBar,
                               QDockWidget, QVBoxLayout, QWidget)

from auditdesk.checks.finding import ERROR, INFO, SEVERITY_ZH, WARNING, CheckReport, Finding, Location
from auditdesk.parsing.model import Cell, Document, Table
from auditdesk.parsing.numbers import parse_number
from auditdesk.widgets.findings_panel import FindingsPanel
from auditdesk.widgets.grid_model import GridModel
from auditdesk.widgets.pdf_page_view import PdfPageView
from auditdesk.widgets.table_grid_view import TableGridView
from auditdesk.widgets.table_list_view import TableListView

from . import settings as app_settings
from .check_scheduler import CheckScheduler
from .commands import EditCellCommand
from .jobs import Job, JobRunner, ProcessExtractor
from .page_renderer import PageRenderer

log = logging.getLogger(__name__)

BBox = tuple[float, float, float, float]
ExtractFn = Callable[..., Document]  # fn(path, progress=…) -> Document

APP_TITLE = "AuditDesk"


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
        if extract_fn is None:
            self._extractor: ProcessExtractor | None = ProcessExtractor()
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
        self._autosave = QTimer(self)
        self._autosave.setInterval(2000)
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
        self.act_redo = self.undo_stack.createRedoAction(self, "重做")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.act_redo.setIcon(self._icon(SP.SP_ArrowForward))
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
        self.settings = app_settings.Settings(
            recent_files=self.settings.recent_files, zoom=self.page_view.zoom(),
            fit_width=self.page_view.is_fit_width(), findings_visible=self.findings_dock.isVisible(),
            last_dir=self.settings.last_dir, severities=self.settings.severities)
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
        self.document = None
        self.report = None
        self.session = None
        self._current_table = None
        self._findings_by_table = {}
        self.path = path
        self.table_list.set_tables([])
        self.grid_model.set_table(None)
        self.findings_panel.set_findings([], {})
        self.grid_title.setText(f"<b>{Path(path).name}</b> <span style='color:gray'>正在提取表格…</span>")
        self.counts_label.setText("")
        old, self._renderer = self._renderer, None
        try:
            self._renderer = PageRenderer(path)
            self.page_view.set_pages(self._renderer.page_sizes(), self._renderer.render)
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
        app_settings.save(self._qs, self.settings)
        job = Job(self._extract, path)
        self.runner.start("extract", job, on_result=self._on_document, on_error=self._on_open_error,
                          on_progress=self._on_extract_progress)

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

    def _on_document(self, doc: Document) -> None:
        self.document = doc
        self._idle(f"已提取 {len(doc.tables)} 张表，{doc.pages} 页（{doc.seconds:.2f} 秒）")
        self._attach_session(doc)
        self.table_list.set_tables(doc.tables)
        first = next((t for t in doc.tables if t.rows), doc.tables[0] if doc.tables else None)
        if first is not None:
            self._show_table(first.id, reveal=False)
        else:
            self.grid_title.setText(f"<b>{Path(doc.path).name}</b> <span style='color:gray'>未找到表格</span>")
        self._update_title()
        self._update_actions()
        issues = [i.message for i in doc.issues]
        if issues:
            self.status_label.setText(self.status_label.text() + " · " + "；".join(issues[:2]))
        self.document_loaded.emit(doc)
        self.recheck()

    # ------------------------------------------------------------------ session
    def _attach_session(self, doc: Document) -> None:
        if not self._use_session:
            return
        try:
            from auditdesk.app import session as session_mod
        except ImportError:  # pragma: no cover - only while session.py is being written
            return
        try:
            result = session_mod.load_session(doc.path, doc, on_mismatch="ask")
            if result.status == session_mod.MISMATCH:
                answer = QMessageBox.question(
                    self, APP_TITLE, result.mismatch.message if result.mismatch else "PDF 已变化，是否套用原会话？",
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
                choice = "apply" if answer == QMessageBox.StandardButton.Yes else "fresh"
                result = session_mod.load_session(doc.path, doc, on_mismatch=choice)
            self.session = result.session
            if self.session is not None:
                self.session.listeners.append(self._on_session_changed)
            if result.messages:
                self.status_label.setText("；".join(result.messages))
        except Exception as exc:  # a bad session never stops the review
            log.exception("session load failed")
            self.session = None
            self.show_error(f"无法读取审核会话：{_message_of(exc)}")

    def _on_session_changed(self, kind: str, payload: Any) -> None:
        if kind != "saved":
            self._autosave.start()

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
            pages = f"第 {t.pages[0]}–{t.pages[-1]} 页" if len(t.pages) > 1 else (f"第 {t.pages[0]} 页" if t.pages else "")
            bits = [x for x in (t.label, f"单位：{t.unit}" if t.unit else None, pages,
                                f"{len(t.rows)} 行" if t.rows else "本表无数据") if x]
            self.grid_title.setText(f"<b style='font-size:11pt'>{t.title}</b>&nbsp;&nbsp;"
                                    f"<span style='color:#666'>{' · '.join(bits)}</span>")
            self.grid_title.setToolTip(t.note or "")
        if reveal and t.pages:
            page = t.pages[0]
            box = t.bbox.get(page)
            if box is not None:
                self.page_view.reveal(page, (box[0], box[1], box[2], box[1] + 40))
                self.page_view.go_to_page(page) if page != self.page_view.current_page() else None
            else:
                self.page_view.go_to_page(page)

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

    def _who(self) -> str:
        try:
            return getpass.getuser()
        except Exception:  # pragma: no cover
            return ""

    def request_edit(self, row: int, col: int, text: str) -> None:
        t = self._current_table
        if t is None or self.document is None:
            return
        if self.cell(t.id, row, col).text == text:
            return
        colname = t.columns[col] if col < len(t.columns) else ""
        self.undo_stack.push(EditCellCommand(self, t.id, row, col, text, table_title=t.title, column=colname))

    def revert_current_cell(self) -> None:
        t = self._current_table
        idx = self.grid_view.currentIndex()
        if t is None or not idx.isValid():
            return
        cell = self.cell(t.id, idx.row(), idx.column())
        if cell.edited and cell.original is not None:
            self.request_edit(idx.row(), idx.column(), cell.original)

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
                                "Ctrl+PgUp / Ctrl+PgDown 上一页/下一页\n单击页面上的数字 → 选中表格中的单元格")

    # ================================================================== small slots
    def _update_title(self) -> None:
        name = Path(self.path).name if self.path else ""
        self.setWindowTitle(f"{name}[*] — {APP_TITLE}" if name else APP_TITLE)

    def _update_actions(self) -> None:
        has_doc = self.document is not None
        self.act_export.setEnabled(has_doc)
        self.act_recheck.setEnabled(has_doc and self.scheduler is not None)
        self.act_revert.setEnabled(has_doc)

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
