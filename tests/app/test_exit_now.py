"""The console command ends without the interpreter's teardown (app/main.py exit_now), yet
loses nothing: the exit code, everything written to stdout, the atexit handlers."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest


def _run(code: str, tmp_path):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=tmp_path)


def test_check_ends_fast_with_code_output_and_exit_handlers(tmp_path):
    from auditdesk.app.main import sample_pdf

    pdf = sample_pdf()
    if pdf is None:
        pytest.skip("resources/sample.pdf not generated")
    marker = tmp_path / "atexit.txt"
    code = (
        "import atexit, sys\n"
        f"atexit.register(lambda: open({str(marker)!r}, 'w').write('ran'))\n"
        f"sys.argv = ['auditdesk', 'check', {str(pdf)!r}, '--json', '-', '--no-session']\n"
        "from auditdesk.app.main import main\n"
        "main()\n"
        "print('teardown path')\n"  # not reached: exit_now ended the process
    )
    out = _run(code, tmp_path)
    assert out.returncode in (0, 1), out.stderr[-2000:]
    data = json.loads(out.stdout)  # the whole JSON was flushed before the process ended
    assert data["schema"] == "auditdesk/1"
    assert "teardown path" not in out.stdout
    assert marker.read_text() == "ran"


def test_a_running_thread_keeps_the_normal_exit(tmp_path):
    marker = tmp_path / "thread.txt"
    code = (
        "import sys, threading, time\n"
        "def late():\n"
        "    time.sleep(0.3)\n"
        f"    open({str(marker)!r}, 'w').write('done')\n"
        "threading.Thread(target=late).start()\n"
        "sys.argv = ['auditdesk', '--version']\n"
        "from auditdesk.app.main import main\n"
        "sys.exit(main())\n"
    )
    out = _run(code, tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("auditdesk ")
    assert marker.read_text() == "done"  # the exit waited for the thread, as Python's does


def test_called_from_python_main_returns(tmp_path):
    code = ("from auditdesk.app.main import main\n"
            "print('code', main(['auditdesk', 'check', 'missing.pdf']))\n")
    out = _run(code, tmp_path)
    assert out.returncode == 0 and "code 2" in out.stdout, out.stderr[-2000:]
