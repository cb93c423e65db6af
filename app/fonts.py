"""CJK font for machines without one: PyMuPDF ships Droid Sans Fallback ("china-s").

Registered with Qt from memory (no file is written) and put behind the application font
as a fallback family, so Chinese renders on a bare Linux box or a stripped-down VM.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

log = logging.getLogger(__name__)

_family: str | None = None
# Families Qt commonly resolves to on Linux/Windows/macOS; each gets the CJK font as
# a substitute so that widgets which set their own family still find the glyphs.
_SUBSTITUTED = ("Sans Serif", "DejaVu Sans", "Monospace", "DejaVu Sans Mono", "Segoe UI",
                "Helvetica", "Arial", "Noto Sans", "Ubuntu", "Cantarell")


def register_cjk_font() -> str | None:
    """Register PyMuPDF's CJK font and make it the application's fallback; returns its family."""
    global _family
    if _family is not None:
        return _family
    try:
        import pymupdf

        data = pymupdf.Font("china-s").buffer
    except Exception:  # pragma: no cover - pymupdf is a hard dependency
        log.exception("PyMuPDF CJK font unavailable")
        return None
    font_id = QFontDatabase.addApplicationFontFromData(QByteArray(bytes(data)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("could not register the CJK fallback font")
        return None
    family = families[0]
    app_font = QGuiApplication.font()
    base = app_font.families() or [app_font.family()]
    if family not in base:
        app_font.setFamilies([*base, family])
        QGuiApplication.setFont(app_font)
    for name in {*_SUBSTITUTED, *base}:
        if name != family:
            subs = QFont.substitutes(name)
            if family not in subs:
                QFont.insertSubstitution(name, family)
    _family = family
    return family
