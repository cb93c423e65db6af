"""Screenshots of the window under a real X server (Xvfb), the whole screen, maximised:

    Xvfb :99 -screen 0 1920x1080x24 &  DISPLAY=:99 python docs/screenshots.py FILE.pdf docs/OUT.png

Opens FILE (copied to a temporary folder: no session is written beside it), waits for the
checks, shows the first error finding on both sides (or, with none, the first table), and
grabs the screen with Qt. `--coverage` raises the 检查覆盖 panel instead of the findings.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile


def main(pdf: str, out: str, coverage: bool = False) -> None:
    tmp = tempfile.mkdtemp(prefix="auditdesk-shot-")
    os.environ["AUDITDESK_DATA_DIR"] = os.path.join(tmp, "appdata")
    local = os.path.join(tmp, os.path.basename(pdf))
    shutil.copy(pdf, local)
    import auditdesk.widgets.qt_compat  # noqa: F401
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from auditdesk.app.fonts import register_cjk_font
    from auditdesk.app.main import install_translations
    from auditdesk.app.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    register_cjk_font()
    install_translations(app)
    qs = QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat)
    qs.setValue("user_name", "张三")
    w = MainWindow(qs)
    w.show()
    w.setGeometry(app.primaryScreen().availableGeometry())  # bare Xvfb has no window manager to maximise
    loop = QEventLoop()
    w.report_applied.connect(lambda *_: loop.quit())
    QTimer.singleShot(60000, loop.quit)
    w.open_file(local)
    loop.exec()

    def settle(ms: int = 800) -> None:
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    settle()
    findings = w.report.findings if w.report else []
    target = next((f for f in findings if f.severity == "error" and f.location.table), None) or \
        next((f for f in findings if f.location.table), None)
    if target is not None:
        w.findings_panel.select_key(target.key_str)
    if coverage:
        w.coverage_dock.show()
        w.coverage_dock.raise_()
    settle(1500)
    screen = app.primaryScreen()
    screen.grabWindow(0).save(out)
    print(out, screen.size().width(), screen.size().height(), len(findings), "findings")
    w.close()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(args[0], args[1], "--coverage" in sys.argv)
