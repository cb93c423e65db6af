"""编制 / 复核: the people line in the status bar, the window title, and the reviewer's
sign-off — which lists open findings first, refuses the preparer's name, and shows a
visible note once it is void (the PDF or the findings changed after signing)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from auditdesk.checks.vocabulary import SIGNED_COLOR, VOID_COLOR, headline
from auditdesk.widgets.signoff_dialog import SignOffDialog

from .workspace import rebind, Workspace

APP_TITLE = "AuditDesk"


class SignOffController(QObject):
    def __init__(self, ws: Workspace, people_label: QLabel):
        super().__init__(ws)
        self.ws, self.people_label = ws, people_label
        self.revoke_action: Any = None  # enabled only while signed (set by the actions)
        self._session: Any = None
        ws.session_changed.connect(self._on_session)

    def _on_session(self, session: Any) -> None:
        self._session = rebind(self._session, session, self._on_session_event)
        self.update()

    def _on_session_event(self, kind: str, _payload: Any) -> None:
        if kind in ("people", "sign_off") or (kind != "saved" and self.ws.session is not None
                                              and self.ws.session.signoff is not None):
            self.update()

    # ------------------------------------------------------------------ showing
    def update(self) -> None:
        s, name = self.ws.session, self.ws.settings.user_name
        if s is None:
            self.people_label.setText(f"审计人员：{name}" if name else "")
        else:
            bits = [f"编制：{s.preparer.name} {s.preparer.date}".strip() if s.preparer.name
                    else f"编制：{name or '（未填写）'}"]
            so = s.signoff
            if so is not None:
                color = VOID_COLOR if (so.void or so.stale) else SIGNED_COLOR
                state = "签字已失效" if so.void else ("签字后有修改" if so.stale else "✔ 已签字")
                bits.append(f"复核：{so.who} {s.reviewer.date} <span style='color:{color}'>{state}</span>")
            elif s.reviewer.name:
                bits.append(f"复核：{s.reviewer.name}（未签字）")
            else:
                bits.append("复核：未签字")
            self.people_label.setText("　".join(bits))
            self.people_label.setToolTip(so.state_zh() if so is not None else "编制人 / 复核人（审核 ▸ 复核签字…）")
        if self.revoke_action is not None:
            self.revoke_action.setEnabled(s is not None and s.signoff is not None)
        self.update_title()

    def update_title(self) -> None:
        name = Path(self.ws.path).name if self.ws.path else ""
        s = self.ws.session
        signed = ""
        if s is not None and s.signoff is not None:
            so = s.signoff
            signed = f"（{so.who} 复核签字已失效）" if so.void else \
                f"（{so.who} 已复核签字{'，签字后有修改' if so.stale else ''}）"
        self.ws.window.setWindowTitle(f"{name}[*]{signed} — {APP_TITLE}" if name else APP_TITLE)

    # ------------------------------------------------------------------ signing
    def sign_off_dialog(self) -> SignOffDialog | None:
        s = self.ws.session
        if not self.ws.need_session():
            return None
        pending = s.open_findings()
        summary = f"尚有 {len(pending)} 个问题待核实。" if pending else "全部问题均已确认或排除。"
        if s.report is None:
            summary = "检查尚未完成。"
        reviewer = s.reviewer.name or ("" if self.ws.settings.user_name == s.preparer.name else self.ws.settings.user_name)
        dlg = SignOffDialog(reviewer, summary, self.ws.window, preparer=s.preparer.name,
                            open_findings=[f"{f.id or f.rule} {f.rule}：{headline(f)}" for f in pending])
        dlg.accepted.connect(lambda: self.sign_off(*dlg.values()))
        self.ws.open_dialog(dlg)
        return dlg

    def sign_off(self, name: str, date: str = "", note: str = "") -> None:
        if not self.ws.need_session() or not name.strip():
            return
        try:
            self.ws.session.sign_off(name.strip(), note, date or None)
        except ValueError as exc:
            self.ws.fail(str(exc))
            return
        self.ws.say(f"复核签字：{name} {date}".strip())

    def revoke_sign_off(self) -> None:
        s = self.ws.session
        if s is not None and s.signoff is not None:
            s.revoke_sign_off(self.ws.who())
