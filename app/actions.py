"""The window's actions, menus and toolbar, each bound to a controller's method (no logic)."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSpinBox, QStyle, QToolBar

from auditdesk.checks.vocabulary import CONFIRMED, DISMISSED, PENDING

SHORTCUTS = ("Ctrl+O 打开　Ctrl+E 导出工作底稿\nCtrl+Z 撤销　Ctrl+Y 重做\n"
             "F5 重新检查　F8 / Shift+F8 下一个/上一个问题　Ctrl+J 问题的对方（另一张表或情况说明）\n"
             "Ctrl+F 在页面文字和表格中查找（F3 下一个）\n"
             "Ctrl+加号/减号 缩放页面　Ctrl+0 适合宽度\n"
             "Ctrl+PgUp / Ctrl+PgDown 上一页/下一页\n单击页面上的数字 → 选中表格中的单元格\n"
             "Ctrl+1 / Ctrl+2 / Ctrl+3 问题标记为 待核实 / 已确认问题 / 已排除（需理由）\n"
             "Shift+F2 批注（当前单元格，或问题清单中选中的问题）\n"
             "Tab / Shift+Tab 在表格中移动；Ctrl+Tab 离开表格\n"
             "按住 Shift 在页面上拖动（或 Ctrl+Shift+R 标注区域）→ 区域批注；双击批注标签可修改")


def build(w: QMainWindow, c: SimpleNamespace) -> SimpleNamespace:
    """Actions for controllers `c` (open, edit, nav, findings, notes, signoff, checks, export,
    user, search) and views on `w` (page_view, grid_view, undo_stack, docks)."""
    SP = QStyle.StandardPixmap
    a = SimpleNamespace()

    def act(text: str, slot, shortcut: Any = None, icon=None, tip: str | None = None, window_wide=False) -> QAction:
        x = QAction(text, w)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, (list, tuple)) else [shortcut]
            x.setShortcuts([QKeySequence(k) for k in keys])
        if icon is not None:
            x.setIcon(w.style().standardIcon(icon))
        if tip:
            x.setStatusTip(tip)
            x.setToolTip(tip)
        if window_wide:
            x.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        x.triggered.connect(lambda _checked=False: slot())
        return x

    pv = w.page_view
    a.open = act("打开(&O)…", c.open.open_dialog, QKeySequence.StandardKey.Open, SP.SP_DialogOpenButton,
                 "打开决算/预算公开 PDF")
    a.export = act("导出工作底稿(&E)…", c.export.export_workpaper, "Ctrl+E", SP.SP_DialogSaveButton,
                   "导出 Excel 审计工作底稿")
    a.quit = act("退出(&X)", w.close, QKeySequence.StandardKey.Quit)
    a.undo = w.undo_stack.createUndoAction(w, "撤销")
    a.undo.setShortcut(QKeySequence("Ctrl+Z"))
    a.undo.setIcon(w.style().standardIcon(SP.SP_ArrowBack))
    a.undo.setIconText("撤销")  # the toolbar stays short; the menu shows what is undone
    a.redo = w.undo_stack.createRedoAction(w, "重做")
    a.redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
    a.redo.setIcon(w.style().standardIcon(SP.SP_ArrowForward))
    a.redo.setIconText("重做")
    a.copy = act("复制(&C)", w.grid_view.copy_selection)
    a.revert = act("恢复原提取值(&R)", c.edit.revert_current_cell, None, None, "把当前单元格恢复为从 PDF 提取的原值")
    a.find = act("查找(&F)…", c.search.start, QKeySequence.StandardKey.Find, None,
                 "在页面文字和表格中查找（Ctrl+F，F3 下一个）", True)
    a.find_next = act("查找下一个", c.search.find_next, QKeySequence.StandardKey.FindNext, None, None, True)
    a.zoom_in = act("放大", pv.zoom_in, [QKeySequence.StandardKey.ZoomIn, "Ctrl+="], None, "放大页面")
    a.zoom_out = act("缩小", pv.zoom_out, QKeySequence.StandardKey.ZoomOut, None, "缩小页面")
    a.fit = act("适合宽度", pv.fit_width, "Ctrl+0", None, "当前页的宽度适合窗口")
    a.prev_page = act("上一页", pv.previous_page, "Ctrl+PgUp", SP.SP_ArrowUp, "上一页", True)
    a.next_page = act("下一页", pv.next_page, "Ctrl+PgDown", SP.SP_ArrowDown, "下一页", True)
    a.recheck = act("重新检查(&R)", c.checks.recheck, "F5", SP.SP_BrowserReload, "重新运行全部检查", True)
    a.next_finding = act("下一个问题", lambda: c.findings.next_finding(1), "F8", None, "跳到下一个问题（F8）", True)
    a.prev_finding = act("上一个问题", lambda: c.findings.next_finding(-1), "Shift+F8", None,
                         "跳到上一个问题（Shift+F8）", True)
    a.other_side = act("问题的对方", c.findings.show_other_side, "Ctrl+J", None,
                       "表间或表文问题：跳到另一张表（或情况说明）中的对应处，再按一次回来（Ctrl+J）", True)
    a.pending = act("标记为待核实", lambda: c.findings.status_current(PENDING), "Ctrl+1", None,
                    "把选中的问题标记为“待核实”（Ctrl+1）", True)
    a.confirm = act("确认问题", lambda: c.findings.status_current(CONFIRMED), "Ctrl+2", None,
                    "把选中的问题标记为“已确认问题”（Ctrl+2）", True)
    a.dismiss = act("排除问题…", lambda: c.findings.status_current(DISMISSED), "Ctrl+3", None,
                    "排除选中的问题，需填写理由（Ctrl+3）", True)
    a.note = act("批注…", c.notes.annotate_current, "Shift+F2", None,
                 "为当前单元格（或问题清单中选中的问题）添加或修改批注和审计标识", True)
    a.note_row = act("行批注…", c.notes.annotate_row, None, None, "为当前行添加批注")
    a.note_table = act("表批注…", c.notes.annotate_table, None, None, "为当前表添加批注")
    a.region = act("标注区域", lambda: pv.set_region_mode(a.region.isChecked()), "Ctrl+Shift+R", None,
                   "在页面上拖出一个区域并添加批注（也可按住 Shift 拖动）", True)
    a.region.setCheckable(True)
    c.notes.region_action = a.region
    a.legend = act("审计标识(&L)…", c.notes.edit_legend, None, None, "编辑审计标识说明")
    a.sign_off = act("复核签字(&S)…", c.signoff.sign_off_dialog, None, None, "复核人签字确认")
    a.revoke = act("撤销复核签字", c.signoff.revoke_sign_off, None, None, "撤销复核签字")
    c.signoff.revoke_action = a.revoke
    a.prefs = act("首选项(&P)…", c.user.preferences, None, None, "审计人员姓名等")
    a.about = act("关于 AuditDesk", lambda: _about(w))
    a.shortcuts = act("快捷键", lambda: QMessageBox.information(w, "快捷键", SHORTCUTS))
    w.grid_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    w.grid_view.addActions([a.note, a.note_row, a.note_table])
    a.session_actions = (a.pending, a.confirm, a.dismiss, a.note, a.note_row, a.note_table, a.region, a.legend,
                         a.sign_off)
    _menus(w, a, c)
    _toolbar(w, a)
    return a


def _menus(w: QMainWindow, a: SimpleNamespace, c: SimpleNamespace) -> None:
    mb = w.menuBar()
    m = mb.addMenu("文件(&F)")
    m.addAction(a.open)
    w.recent_menu = m.addMenu("最近打开(&R)")
    w.recent_menu.aboutToShow.connect(lambda: _fill_recent(w, c))
    _fill_recent(w, c)
    for x in (None, a.export, None, a.quit):
        m.addSeparator() if x is None else m.addAction(x)
    m = mb.addMenu("编辑(&E)")
    for x in (a.undo, a.redo, None, a.copy, a.revert, None, a.find, a.find_next, None, a.prefs):
        m.addSeparator() if x is None else m.addAction(x)
    m = mb.addMenu("视图(&V)")
    for x in (a.zoom_in, a.zoom_out, a.fit, None, a.prev_page, a.next_page, None):
        m.addSeparator() if x is None else m.addAction(x)
    for dock, text in ((w.findings_dock, "问题清单面板"), (w.coverage_dock, "检查覆盖面板")):
        toggle = dock.toggleViewAction()
        toggle.setText(text)
        m.addAction(toggle)
    m = mb.addMenu("检查(&C)")
    for x in (a.recheck, None, a.next_finding, a.prev_finding, a.other_side):
        m.addSeparator() if x is None else m.addAction(x)
    m = mb.addMenu("审核(&A)")
    for x in (a.pending, a.confirm, a.dismiss, None, a.note, a.note_row, a.note_table, a.region, None, a.legend,
              None, a.sign_off, a.revoke):
        m.addSeparator() if x is None else m.addAction(x)
    m = mb.addMenu("帮助(&H)")
    m.addAction(a.shortcuts)
    m.addAction(a.about)


def _toolbar(w: QMainWindow, a: SimpleNamespace) -> None:
    tb = QToolBar("工具栏", w)
    tb.setObjectName("main_toolbar")
    tb.setMovable(False)
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for x in (a.open, a.export, None, a.undo, a.redo, None, a.recheck, None, a.note, a.region, None, a.zoom_out):
        tb.addSeparator() if x is None else tb.addAction(x)
    w.zoom_label = QLabel("100%", w)
    w.zoom_label.setMinimumWidth(44)
    w.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    tb.addWidget(w.zoom_label)
    tb.addAction(a.zoom_in)
    tb.addAction(a.fit)
    tb.addSeparator()
    tb.addAction(a.prev_page)
    spin = w.page_spin = QSpinBox(w)
    spin.setRange(0, 0)
    spin.setKeyboardTracking(False)
    spin.setToolTip("跳到页")
    spin.valueChanged.connect(lambda p: w.page_view.go_to_page(p) if p >= 1 else None)
    tb.addWidget(spin)
    w.page_total = QLabel(" / 0 ", w)
    tb.addWidget(w.page_total)
    tb.addAction(a.next_page)
    w.addToolBar(tb)
    w.toolbar = tb

    def on_page(page: int, count: int) -> None:
        spin.blockSignals(True)
        spin.setRange(1 if count else 0, count)
        spin.setValue(page)
        spin.blockSignals(False)
        w.page_total.setText(f" / {count} ")

    w.page_view.page_changed.connect(on_page)
    w.page_view.zoom_changed.connect(lambda z: w.zoom_label.setText(f"{z * 100:.0f}%"))


def _fill_recent(w: QMainWindow, c: SimpleNamespace) -> None:
    import os
    from pathlib import Path

    menu = w.recent_menu
    menu.clear()
    recent = [p for p in c.open.ws.settings.recent_files if os.path.exists(p)]
    for i, p in enumerate(recent):
        x = menu.addAction(f"&{i + 1} {Path(p).name}")
        x.setToolTip(p)
        x.setStatusTip(p)
        x.triggered.connect(lambda _checked=False, p=p: c.open.open_file(p))
    if not recent:
        menu.addAction("（无）").setEnabled(False)
    else:
        menu.addSeparator()
        menu.addAction("清除列表", lambda: c.open.ws.save_settings(recent_files=()))


def _about(w: QMainWindow) -> None:
    from auditdesk import __version__

    QMessageBox.about(w, "关于 AuditDesk", f"<b>AuditDesk {__version__}</b><br>决算/预算公开 PDF 审核工具：表格提取、"
                                          "勾稽检查、审计工作底稿。")
