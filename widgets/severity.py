"""Qt colours for the review vocabulary (checks/vocabulary.py), shared by the grid, the
findings panel, the page view and the delegates.

Not a widget: plain constants (the data decides the colour, delegates only paint it).
"""
from __future__ import annotations

from PySide6.QtGui import QColor

from auditdesk.checks import vocabulary as v
from auditdesk.checks.vocabulary import SEVERITIES, worst  # noqa: F401 - re-exported

LABEL = v.SEVERITY_ZH
ORDER = v.SEVERITY_ORDER

STRONG = {s: QColor(c) for s, c in v.SEVERITY_COLOR.items()}
CELL_BG = {s: QColor(c) for s, c in v.SEVERITY_FILL.items()}
ROW_BG = {s: QColor(c) for s, c in v.SEVERITY_ROW_FILL.items()}
STATUS = {s: QColor(c) for s, c in v.STATUS_COLOR.items()}
EDITED = QColor(v.EDITED_COLOR)
NOTE = QColor(v.NOTE_COLOR)
TICK = QColor(v.TICK_COLOR)
OCR = QColor(v.OCR_COLOR)
SELECTION = QColor(v.SELECTION_COLOR)
