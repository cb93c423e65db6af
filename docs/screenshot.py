"""Take the README screenshot: the window on a real disclosure with a finding activated.

    QT_QPA_PLATFORM=offscreen python docs/screenshot.py ../shared/real-pdfs/putuo_finance_2024_final.pdf docs/screenshot.png
"""
from __future__ import annotations

import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(pdf: str, out: str) -> None:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from auditdesk.app.fonts import register_cjk_font
    from auditdesk.app.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    register_cjk_font()
    ini = os.path.join(tempfile.mkdtemp(), "s.ini")
    w = MainWindow(QSettings(ini, QSettings.Format.IniFormat), use_session=False)
    w.resize(1500, 900)
    w.show()
    loop = QEventLoop()
    w.report_applied.connect(lambda *_: loop.quit())
    QTimer.singleShot(30000, loop.quit)
    w.open_file(pdf)
    loop.exec()
    if w.report and w.report.findings:
        errors = [f for f in w.report.findings if f.severity == "error" and f.location.table]
        w.activate_finding((errors or w.report.findings)[0])
    for _ in range(30):
        app.processEvents()
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    w.grab().save(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
