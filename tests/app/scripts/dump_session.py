"""Run inside the app by scripts/run_gui.py: dump the restored session, then quit."""
import json
import os

from PySide6.QtCore import QTimer

w = window  # noqa: F821 - given by app.main
s = w.session
state = {
    "edits": [{"table": k[0], "row": k[1], "col": k[2], "new": e.new, "who": e.who} for k, e in s.edits.items()],
    "annotations": [{"kind": a.anchor.kind, "text": a.text, "tick": a.tick, "table": a.anchor.table_id,
                     "row": a.anchor.row, "col": a.anchor.col, "page": a.anchor.page} for a in s.annotations.values()],
    "statuses": {k: {"status": v.status, "reason": v.reason, "comment": v.comment} for k, v in s.statuses.items()},
    "preparer": s.preparer.name,
    "cells": {f"{k[0]}/{k[1]}/{k[2]}": w.session.cell(*k).text for k in s.edits},
}
with open(os.environ["AUDITDESK_TEST_OUT"], "w", encoding="utf-8") as fh:
    json.dump(state, fh, ensure_ascii=False)
QTimer.singleShot(0, app.quit)  # noqa: F821
