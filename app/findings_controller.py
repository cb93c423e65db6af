"""Reviewing findings: showing one on both sides (grid cell and page), "对方" for findings
with a second side (another table, or the narrative), F8 feedback, the page's severity
marks, and status changes (待核实 / 已确认问题 / 已排除 with a reason) as undoable commands."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack

from auditdesk.checks.vocabulary import DISMISSED, headline, severity_zh
from auditdesk.widgets.dismiss_dialog import DismissDialog
from auditdesk.widgets.findings_panel import FindingsPanel
from auditdesk.widgets.pdf_page_view import PdfPageView

from . import places
from .commands import SetFindingStatusCommand
from .navigation_controller import NavigationController
from .user_controller import UserController
from .workspace import rebind, Workspace


def sides(f: Any) -> list[Any]:
    """The places a finding compares: its own, then each related one in another table or in
    the narrative (a cross-table or table-vs-text finding has two sides)."""
    out = [f.location]
    for rel in f.related:
        if rel.narrative is not None or (rel.table is not None and rel.table != f.location.table):
            if all((rel.table, rel.row, rel.narrative) != (o.table, o.row, o.narrative) for o in out):
                out.append(rel)
    return out


class FindingsController(QObject):
    def __init__(self, ws: Workspace, user: UserController, undo_stack: QUndoStack, panel: FindingsPanel,
                 page_view: PdfPageView, nav: NavigationController):
        super().__init__(ws)
        self.ws, self.user, self.undo_stack = ws, user, undo_stack
        self.panel, self.page_view, self.nav = panel, page_view, nav
        self.current: Any = None  # the finding shown
        self.side = 0  # which of sides(current) is in the grid
        self._session: Any = None
        panel.finding_activated.connect(self.activate_finding)
        panel.status_requested.connect(self.request_status)
        ws.session_changed.connect(self._on_session)

    def _on_session(self, session: Any) -> None:
        self.current = None
        self.panel.bind(session)  # the model subscribes first, so it is current when we hear an event
        self._session = rebind(self._session, session, self._on_session_event)

    def _on_session_event(self, kind: str, payload: Any) -> None:
        if kind == "report":
            marks = []
            for f in (payload.findings if payload is not None else ()):
                place = places.location_place(self.ws.document, f.location)
                if place is not None:
                    marks.append((place[0], place[1], f.severity))
            self.page_view.set_marks(marks)
        elif kind == "status" and self.current is not None and payload == self.current.key_str:
            st = self.ws.session.status_of(payload)
            self.ws.say(f"{self.current.id or self.current.rule} → {st.status if st else '待核实'}"
                        + (f"（{st.reason}）" if st is not None and st.reason else ""))

    # ------------------------------------------------------------------ showing
    def activate_finding(self, f: Any, side: int = 0) -> None:
        """Show a finding: its cell in the grid (or the other side's), its places on the page."""
        self.current, self.side = f, side
        doc = self.ws.document
        focus = []
        for loc in [f.location, *f.related]:
            place = places.location_place(doc, loc)
            if place is not None:
                focus.append((place[0], place[1], f.severity))
        where = sides(f)
        target = where[side % len(where)]
        if target.table is None and side == 0:  # a narrative finding: its table side in the grid
            target = next((r for r in f.related if r.table is not None), target)
        if target.table is not None and doc is not None:
            t = doc.table_by_id(target.table)
            if t is not None and target.row is not None:
                col = places.location_column(t, target)
                self.nav.select_cell(t.id, target.row, col if col is not None else 0)
        # the side looked at first on the page
        here = places.location_place(doc, target) if side else None
        if here is not None:
            focus.sort(key=lambda m: (m[0], m[1]) != (here[0], here[1]))
        self.page_view.set_focus(focus, scroll=True)
        other = " · Ctrl+J 看对方" if len(where) > 1 else ""
        self.ws.say(f"{f.id or f.rule} {severity_zh(f.severity)}：{headline(f)}{other}")

    def show_other_side(self) -> None:
        """对方: the other table (or the narrative sentence) of the finding shown; again to come back."""
        f = self.current or self.panel.current_finding()
        if f is None:
            self.ws.say("请先在问题清单中选中一个问题")
            return
        n = len(sides(f))
        if n < 2:
            self.ws.say(f"{f.id or f.rule} 只涉及一处，没有对方")
            return
        self.activate_finding(f, (self.side + 1) % n if f is self.current else 1)
        name = places.location_name(self.ws.document, sides(f)[self.side])
        self.ws.say(f"{f.id or f.rule} {'对方' if self.side else '本方'}：{name}（Ctrl+J 切换）")

    def next_finding(self, step: int = 1) -> None:
        """F8 / Shift+F8 — and a sentence when there is nothing to go to."""
        if self.panel.visible_count() == 0:
            total = self.panel.model.rowCount()
            self.ws.say("没有可跳转的问题：" + ("当前筛选条件下没有问题" if total else
                                            "本文件没有发现问题（注意查看“未检查”的规则）"))
            return
        self.panel.select_next() if step > 0 else self.panel.select_previous()

    # ------------------------------------------------------------------ statuses
    def request_status(self, finding: Any, status: str) -> None:
        """From the panel / menu / Ctrl+1-3: 已排除 asks for the reason first."""
        if finding is None or not self.ws.need_session():
            return
        if status != DISMISSED:
            self.user.with_user(lambda: self.set_finding_status(finding, status))
            return

        def ask() -> None:
            dlg = DismissDialog(f"{finding.id or finding.rule} {finding.rule}：{headline(finding)}", self.ws.window)
            prev = self.ws.session.status_of(finding)
            if prev is not None and prev.status == DISMISSED:
                dlg.set_values(prev.reason, prev.comment)
            dlg.accepted.connect(lambda: self.set_finding_status(finding, DISMISSED, *dlg.values()))
            self.ws.open_dialog(dlg)

        self.user.with_user(ask)

    def status_current(self, status: str) -> None:
        f = self.panel.current_finding()
        if f is not None:
            self.request_status(f, status)
        else:
            self.ws.say("请先在问题清单中选中一个问题")

    def set_finding_status(self, finding: Any, status: str, reason: str = "", comment: str = "") -> None:
        """Push an undoable status change. 已排除 without a reason raises ValueError."""
        s = self.ws.session
        if not self.ws.need_session():
            return
        if status == DISMISSED and not reason.strip():
            raise ValueError("已排除需要填写理由")
        key = finding if isinstance(finding, str) else finding.key_str
        f = s.finding(key) if isinstance(finding, str) else finding
        label = (f.id or f.rule) if f is not None else key
        self.undo_stack.push(SetFindingStatusCommand(s, key, status, self.ws.who(), reason=reason.strip(),
                                                     comment=comment, label=label))
