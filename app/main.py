"""`auditdesk` entry point.

`auditdesk check …`, `--version`, `--help` go to the CLI (app/cli.py) without importing Qt;
anything else starts the window: `auditdesk` opens the bundled sample, `auditdesk FILE.pdf`
opens FILE.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from auditdesk.app.command_exit import exit_now, quick_command
from auditdesk.regex_cache import keep_at_exit

CLI_FIRST_ARGS = ("check", "--version", "-V", "--help", "-h")

# PYTHONDONTWRITEBYTECODE (set in many container images) would make every start compile the
# package's ~26k lines again: 0.1 s of a 0.4 s `auditdesk check`. pip compiles an installed
# package at install; an editable checkout is compiled here, once, into its __pycache__.
sys.dont_write_bytecode = False


def _log():
    # logging (and traceback) are imported by the window only: `auditdesk check` starts faster
    import logging

    return logging.getLogger("auditdesk")


def main(argv: list[str] | None = None) -> int:
    as_command = argv is None  # the console script, not a caller in Python
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] in CLI_FIRST_ARGS:
        if as_command:
            quick_command()
            keep_at_exit()
        code = _run_cli(argv[1:])
        if as_command:
            exit_now(code)
        return code
    return run_gui(argv)




def _run_cli(args: list[str]) -> int:
    try:
        from auditdesk.app.cli import run_cli
    except ImportError:  # pragma: no cover - only while cli.py is being written
        from auditdesk import __version__

        if args and args[0] in ("--version", "-V"):
            print(f"auditdesk {__version__}")
            return 0
        print("usage: auditdesk [FILE.pdf] | auditdesk check FILE.pdf [--json OUT] [--xlsx OUT]")
        return 0 if args and args[0] in ("--help", "-h") else 2
    try:
        return int(run_cli(args) or 0)
    except KeyboardInterrupt:
        return 130


# ---------------------------------------------------------------------- GUI


def log_path() -> Path:
    from PySide6.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    d = Path(base or Path.home() / ".auditdesk")
    try:
        d.mkdir(parents=True, exist_ok=True)
    except OSError:
        d = Path(os.environ.get("TMPDIR", "/tmp"))
    return d / "auditdesk.log"


def setup_logging() -> Path:
    import logging

    path = log_path()
    root = logging.getLogger()
    if not any(isinstance(h, logging.FileHandler) for h in root.handlers):
        try:
            handler = logging.FileHandler(path, encoding="utf-8")
        except OSError:  # pragma: no cover - read-only home
            handler = logging.NullHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path


def install_excepthook(log_file: Path | None = None):
    """Unexpected exceptions: full traceback to the log, one sentence in a dialog."""

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        import traceback

        _log().error("unhandled exception\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        try:
            from PySide6.QtWidgets import QApplication, QMessageBox

            app = QApplication.instance()
            if app is None:
                return
            text = str(exc).strip() or exc_type.__name__
            where = f"\n\n详细信息已写入日志：{log_file}" if log_file else ""
            parent = app.activeWindow()
            QMessageBox.critical(parent, "AuditDesk", f"发生意外错误：{text}{where}")
        except Exception:  # pragma: no cover - never raise from the hook
            pass

    sys.excepthook = hook
    return hook


def sample_pdf() -> Path | None:
    try:
        from importlib.resources import files

        p = files("auditdesk.resources") / "sample.pdf"
        path = Path(str(p))
        return path if path.is_file() else None
    except Exception:  # pragma: no cover
        return None


def merged_pdf(files: list[str]) -> Path | None:
    """The PDFs of one disclosure joined in the order given, kept in the application-data
    folder under a name from their contents (the same pair reopens the same file, and its
    review session with it).  None when a file cannot be read (the window then opens the
    first and reports the problem as usual)."""
    import hashlib

    import pymupdf

    try:
        digest = hashlib.sha256()
        for f in files:
            with open(f, "rb") as fh:
                digest.update(hashlib.sha256(fh.read()).digest())
        name = "+".join(Path(f).stem for f in files)[:120]
        out = log_path().parent / "merged" / f"{name}.{digest.hexdigest()[:12]}.pdf"
        if not out.is_file():
            out.parent.mkdir(parents=True, exist_ok=True)
            doc = pymupdf.open()
            for f in files:
                with pymupdf.open(f) as part:
                    doc.insert_pdf(part)
            tmp = out.with_suffix(".tmp")
            doc.save(tmp, garbage=1, deflate=True)
            doc.close()
            os.replace(tmp, out)
        return out
    except Exception as exc:  # unreadable / encrypted part: open the first file instead
        _log().warning("could not merge %s: %s", files, exc)
        return None


def run_gui(argv: list[str]) -> int:
    from .platform_check import window_problem

    problem = window_problem()
    if problem:  # never a Qt abort / core dump: one sentence and exit code 2
        print(f"auditdesk: {problem}", file=sys.stderr)
        return 2
    keep_at_exit()
    app, _window = start_gui(argv)
    return int(app.exec())


def install_translations(app) -> bool:
    """Qt's own dialogs and buttons (file dialogs, OK/Cancel) in Chinese: qtbase_zh_CN.qm
    ships with PySide6."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    translator = QTranslator(app)
    ok = translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_",
                         QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if ok:
        app.installTranslator(translator)
        app._auditdesk_translator = translator  # kept alive with the app
    return ok


def quit_on_sigterm(app, window) -> None:
    """SIGTERM (logout, `kill`) closes the window the normal way: the session is saved and
    the extractor child is stopped — nothing is left running. Python only sees the signal
    when it runs, so a light timer gives it a turn a few times a second."""
    import signal

    from PySide6.QtCore import QTimer

    def on_term(_signum, _frame) -> None:
        window.close()
        app.quit()

    signal.signal(signal.SIGTERM, on_term)
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(200)
    app._auditdesk_signal_timer = timer


def start_gui(argv: list[str]):
    """The application and its window, showing the file named in `argv` (else the sample).
    Returns (app, window) before the event loop runs — tests drive it from there."""
    import auditdesk.widgets.qt_compat  # noqa: F401 - PySide6 6.12 refcount fix (CPython < 3.12)

    log_file = setup_logging()
    install_excepthook(log_file)
    from PySide6.QtWidgets import QApplication

    from auditdesk import __version__

    from .fonts import register_cjk_font

    app = QApplication.instance() or QApplication(argv[:1] + [a for a in argv[1:] if a.startswith("-")])
    app.setApplicationName("AuditDesk")
    app.setOrganizationName("AuditDesk")
    app.setApplicationDisplayName("AuditDesk")
    app.setApplicationVersion(__version__)
    register_cjk_font()
    install_translations(app)

    from .main_window import MainWindow

    window = MainWindow()
    window.show()
    quit_on_sigterm(app, window)
    files = [a for a in argv[1:] if not a.startswith("-")]
    if len(files) > 1:
        window.open_files(files)  # one disclosure published as several PDFs (情况说明 + tables)
    elif files:
        window.open_file(files[0])
    else:
        sample = sample_pdf()
        if sample is not None:
            window.open_file(str(sample))
        else:
            window.status_label.setText("未找到内置示例（resources/sample.pdf）。请用 文件 ▸ 打开 选择 PDF。")
    return app, window


if __name__ == "__main__":
    raise SystemExit(main())
