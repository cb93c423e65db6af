"""Issue 6: the auditor's work survives a SIGKILL.

The GUI runs in a subprocess started by the test launcher `scripts/run_gui.py SCRIPT FILE.pdf`
(the real app through `app.main.start_gui`), which executes SCRIPT inside the app after the
file is loaded and checked. It makes an edit, notes and a status; we wait > 2 s, SIGKILL the GUI,
start it again on the same PDF with a script that dumps the restored session, and
find everything.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def _start(tmp_path: Path, pdf: Path, script: str, out: Path) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "AUDITDESK_TEST_OUT": str(out), "AUDITDESK_DATA_DIR": str(tmp_path / "appdata"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    return subprocess.Popen([sys.executable, str(HERE / "scripts" / "run_gui.py"), str(HERE / "scripts" / script),
                             str(pdf)], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _wait_for(path: Path, proc: subprocess.Popen, timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if path.exists():
            return
        if proc.poll() is not None:
            raise AssertionError(f"GUI exited {proc.returncode}: {proc.stderr.read().decode(errors='replace')[-2000:]}")
        time.sleep(0.05)
    raise AssertionError(f"{path.name} not written within {timeout} s")


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the GUI's own process group (its extractor child)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait(timeout=10)


def test_sigkill_loses_nothing_older_than_2s(tmp_path):
    from auditdesk.app.main import sample_pdf

    src = sample_pdf()
    if src is None:
        pytest.skip("resources/sample.pdf not generated")
    pdf = tmp_path / "sample.pdf"
    shutil.copy(src, pdf)
    done = tmp_path / "done.json"
    gui = _start(tmp_path, pdf, "crash_edit.py", done)
    try:
        _wait_for(done, gui, 20)
        made = json.loads(done.read_text(encoding="utf-8"))
        time.sleep(max(0.0, made["time"] + 2.5 - time.time()))
        assert gui.poll() is None
        os.kill(gui.pid, signal.SIGKILL)  # the crash: no closeEvent, no save on exit
        assert gui.wait(timeout=10) == -signal.SIGKILL
    finally:
        _kill_group(gui)

    dump = tmp_path / "state.json"
    again = _start(tmp_path, pdf, "dump_session.py", dump)
    try:
        _wait_for(dump, again, 20)
        again.wait(timeout=10)
    finally:
        if again.poll() is None:
            _kill_group(again)
    state = json.loads(dump.read_text(encoding="utf-8"))
    key = f"{made['table']}/{made['row']}/{made['col']}"
    assert state["cells"] == {key: "12345.67"}
    assert state["edits"][0]["who"] == "崩溃测试员" and state["preparer"] == "崩溃测试员"
    notes = {(a["kind"], a["text"], a["tick"]) for a in state["annotations"]}
    assert notes == {("cell", "崩溃前批注", "✓"), ("region", "区域批注", None)}
    cell_note = next(a for a in state["annotations"] if a["kind"] == "cell")
    assert (cell_note["table"], cell_note["row"], cell_note["col"]) == (made["table"], made["row"], made["col"])
    if made["finding"]:
        assert state["statuses"][made["finding"]] == {"status": "已排除", "reason": "测试理由", "comment": "崩溃前"}


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_helpers_die_with_the_app(tmp_path, sig):
    """Issue 16 item 9: the extractor child and multiprocessing's resource tracker never outlive
    the window (SIGTERM: closed the normal way; SIGKILL: the child notices its parent is gone)."""
    from auditdesk.app.main import sample_pdf

    src = sample_pdf()
    if src is None:
        pytest.skip("resources/sample.pdf not generated")
    pdf = tmp_path / "sample.pdf"
    shutil.copy(src, pdf)
    out = tmp_path / "children.json"
    gui = _start(tmp_path, pdf, "list_children.py", out)
    try:
        _wait_for(out, gui, 30)
        helpers = json.loads(out.read_text(encoding="utf-8"))
        pids = [p for p in helpers["children"] + [helpers["tracker"]] if p]
        assert helpers["children"] and all(_alive(p) for p in pids)
        os.kill(gui.pid, sig)
        gui.wait(timeout=15)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(p) for p in pids):
            time.sleep(0.1)
        assert not [p for p in pids if _alive(p)], "helpers outlived the app"
        if sig == signal.SIGTERM:
            assert gui.returncode == 0  # a normal close, not a crash
    finally:
        _kill_group(gui)
