"""Severity colours and labels shared by the grid, the findings panel and the page view.

Not a widget: plain constants (the data decides the colour, delegates only paint it).
"""
from __future__ import annotations

from PySide6.QtGui import QColor

from auditdesk.checks.finding import ERROR, INFO, SEVERITY_ORDER, SEVERITY_ZH, WARNING

SEVERITIES = (ERROR, WARNING, INFO)
LABEL = SEVERITY_ZH
ORDER = SEVERITY_ORDER

STRONG = {ERROR: QColor(200, 30, 45), WARNING: QColor(214, 140, 0), INFO: QColor(40, 120, 200)}
CELL_BG = {ERROR: QColor(250, 214, 214), WARNING: QColor(252, 234, 190), INFO: QColor(218, 234, 248)}
ROW_BG = {ERROR: QColor(253, 239, 238), WARNING: QColor(254, 247, 228), INFO: QColor(240, 246, 252)}


def worst(severities) -> str | None:
    best = None
    for s in severities:
        if best is None or ORDER.get(s, 9) < ORDER.get(best, 9):
            best = s
    return best
