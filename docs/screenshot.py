"""Take the README screenshot: the window on a real disclosure with a finding activated,
review work visible — statuses set (one 已确认问题, one 已排除 struck through) and a note
with a tick mark on the finding's cell (grid corner marker + tag on the page).

    QT_QPA_PLATFORM=offscreen python docs/screenshot.py ../shared/real-pdfs/putuo_finance_2024_final.pdf docs/screenshot.png

The PDF is copied to a temporary folder first, so no session file is written beside it.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(pdf: str, out: str) -> None:
    tmp = tempfile.mkdtemp(prefix="auditdesk-shot-")
    os.environ["AUDITDESK_DATA_DIR"] = os.path.join(tmp, "appdata")
    local = os.path.join(tmp, os.path.basename(pdf))
    shutil.copy(pdf, local)

    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from auditdesk.app.fonts import register_cjk_font
    from auditdesk.app.main_window import MainWindow
    from auditdesk.checks.vocabulary import CONFIRMED, DISMISSED
    from auditdesk.app.session import Anchor

    app = QApplication.instance() or QApplication([])
    register_cjk_font()
    qs = QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat)
    qs.setValue("user_name", "张三")
    w = MainWindow(qs)
    w.resize(1500, 900)
    w.show()
    loop = QEventLoop()
    w.report_applied.connect(lambda *_: loop.quit())
    QTimer.singleShot(30000, loop.quit)
    w.open_file(local)
    loop.exec()

    def settle(n: int = 30) -> None:
        for _ in range(n):
            app.processEvents()
            QTimer.singleShot(20, loop.quit)
            loop.exec()

    findings = w.report.findings if w.report else []
    errors = [f for f in findings if f.severity == "error" and f.location.table]
    target = (errors or findings)[0] if findings else None
    if target is not None:
        w.c.findings.set_finding_status(target, CONFIRMED)
        info = next((f for f in findings if f.severity == "info" and f is not target), None)
        if info is not None:
            w.c.findings.set_finding_status(info, DISMISSED, reason="尾差，系四舍五入所致", comment="单位已说明")
        w.c.findings.activate_finding(target)
        loc = target.location
        t = w.document.table_by_id(loc.table) if loc.table else None
        if t is not None and loc.row is not None:
            from auditdesk.app.places import location_column

            col = location_column(t, loc)
            w.c.notes.annotate(Anchor.for_cell(w.document, t.id, loc.row, col if col is not None else 0),
                       "与03表差0.01，已询问单位", "ⓧ")
        w.c.notes.annotate(Anchor.for_finding(target.key_str, loc.page), "列入审计报告", "⊕")
        if t is not None:  # tick marks elsewhere on the same table: a checked figure, a footed column
            cells = [(i, j) for i, r in enumerate(t.rows) for j, c in enumerate(r.cells)
                     if c.value is not None and (i, j) != (loc.row, col)]
            if cells:
                i, j = cells[0]
                w.c.notes.annotate(Anchor.for_cell(w.document, t.id, i, j), "与明细账核对一致", "✓")
        w.page_view.set_zoom(1.0)
        w.c.findings.activate_finding(target)  # re-centre the page on the finding at this zoom
        w.findings_panel.select_key(target.key_str)
    settle()
    w.page_view.render_visible_now()
    settle(10)
    w.grab().save(out)
    print(f"wrote {out}")
    w.close()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
