"""Run inside the app by scripts/run_gui.py: make edits, notes and a status, then report."""
import json
import os
import time

from auditdesk.app.session import DISMISSED, Anchor

w = window  # noqa: F821 - given by app.main
doc = w.document
w.c.user.set_user_name("崩溃测试员")
t = next(t for t in doc.tables if any(c.value is not None for r in t.rows for c in r.cells))
w.c.nav.select_cell(t.id, 0, 0)
row, col = next((i, j) for i, r in enumerate(t.rows) for j, c in enumerate(r.cells) if c.value is not None)
w.grid_view.select_cell(row, col)
w.c.edit.request_edit(row, col, "12345.67")
w.c.notes.annotate(Anchor.for_cell(doc, t.id, row, col), "崩溃前批注", "✓")
w.c.notes.annotate(Anchor.for_region(1, (50, 60, 200, 120)), "区域批注")
f = w.report.findings[0] if w.report and w.report.findings else None
if f is not None:
    w.c.findings.set_finding_status(f, DISMISSED, reason="测试理由", comment="崩溃前")
done = {"table": t.id, "row": row, "col": col, "finding": f.key_str if f else None, "time": time.time()}
with open(os.environ["AUDITDESK_TEST_OUT"] + ".tmp", "w", encoding="utf-8") as fh:
    json.dump(done, fh, ensure_ascii=False)
os.replace(os.environ["AUDITDESK_TEST_OUT"] + ".tmp", os.environ["AUDITDESK_TEST_OUT"])
