"""Qt tests run headless; Chinese renders through PyMuPDF's bundled CJK font."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

# PySide6 6.12 on CPython < 3.12 drops references to True/None on every signal: must be
# patched before pytest-qt emits anything (see widgets/qt_compat.py).
import auditdesk.widgets.qt_compat  # noqa: E402,F401


@pytest.fixture(autouse=True, scope="session")
def _cjk_font(qapp):
    from auditdesk.app.fonts import register_cjk_font

    register_cjk_font()
    return qapp
