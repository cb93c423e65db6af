"""Qt tests under tests/app run headless with the CJK font; tests/ is importable as a package."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import pytest  # noqa: E402

# PySide6 6.12 on CPython < 3.12 drops references to True/None on every signal: must be
# patched before pytest-qt emits anything (see widgets/qt_compat.py).
import auditdesk.widgets.qt_compat  # noqa: E402,F401


@pytest.fixture
def cjk_app(qapp):
    import auditdesk.widgets  # noqa: F401 - PySide6 refcount workaround before any signal
    from auditdesk.app.fonts import register_cjk_font

    register_cjk_font()
    return qapp
