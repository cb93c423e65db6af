"""Run inside the app by scripts/run_gui.py: write the pids of the app's helper processes."""
import json
import multiprocessing
import os
from multiprocessing import resource_tracker

pids = [p.pid for p in multiprocessing.active_children()]
tracker = getattr(resource_tracker._resource_tracker, "_pid", None)
with open(os.environ["AUDITDESK_TEST_OUT"] + ".tmp", "w", encoding="utf-8") as fh:
    json.dump({"children": pids, "tracker": tracker}, fh)
os.replace(os.environ["AUDITDESK_TEST_OUT"] + ".tmp", os.environ["AUDITDESK_TEST_OUT"])
