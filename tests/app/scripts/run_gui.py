"""Test launcher (not shipped): start the real app on a PDF, then run a script inside it once
the file is loaded and checked (globals: app, window).

    python tests/app/scripts/run_gui.py SCRIPT.py FILE.pdf

The production entry point has no hook that runs code named by the environment; tests
start the app through `app.main.start_gui` the way `auditdesk FILE.pdf` does.
"""
from __future__ import annotations

import sys
from pathlib import Path


def main() -> int:
    script, pdf = sys.argv[1], sys.argv[2]
    from auditdesk.app.main import start_gui

    app, window = start_gui(["auditdesk", pdf])
    done = False

    def run(*_args) -> None:
        nonlocal done
        if done:
            return
        done = True
        code = compile(Path(script).read_text(encoding="utf-8"), script, "exec")
        exec(code, {"__name__": "__auditdesk_test__", "__file__": script, "app": app, "window": window})

    window.report_applied.connect(run)
    window.open_failed.connect(lambda message: (print(message, file=sys.stderr), app.exit(3)))
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
