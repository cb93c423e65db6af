"""The contract: `check` prints its progress to stderr — a progress bar when stderr is a
terminal, none in a pipe or a log; the summary on stdout is the same either way."""
from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample.pdf"
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pseudo-terminal is opened")


def _run(args: list[str], tty: bool) -> tuple[int, str, str]:
    """Run `python -m auditdesk.app.cli ARGS`; stderr on a 100-column terminal when `tty`."""
    cmd = [sys.executable, "-m", "auditdesk.app.cli", *args]
    if not tty:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        return p.returncode, p.stdout, p.stderr
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    err = b""
    while True:
        ready, _, _ = select.select([master], [], [], 300)
        if not ready:
            p.kill()
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    out = p.stdout.read().decode("utf-8")
    p.stdout.close()
    return p.wait(timeout=60), out, err.decode("utf-8", "replace")


def _untimed(summary: str) -> str:
    return re.sub(r"（[\d.]+ 秒）", "", summary)


@pytest.fixture(scope="module")
def piped(tmp_path_factory):
    out = tmp_path_factory.mktemp("piped") / "r.json"
    return _run(["check", str(SAMPLE), "--json", str(out), "--no-session"], tty=False)


def test_bar_on_a_terminal(tmp_path, piped):
    code, out, err = _run(["check", str(SAMPLE), "--json", str(tmp_path / "r.json"), "--no-session"], tty=True)
    assert code == piped[0] and code in (0, 1)
    assert "%|" in err and "sample.pdf" in err  # the bar, titled with the file
    assert "读取第" in err  # the current step beside it
    assert err.count("\r") >= 2  # redrawn in place (and cleared at the end)
    assert _untimed(out) == _untimed(piped[1])  # the summary itself does not change
    assert "Traceback" not in err


def test_no_bar_in_a_pipe(piped):
    code, out, err = piped
    assert "%|" not in err and "读取第" not in err
    assert "张表" in out


def test_quiet_draws_no_bar(tmp_path):
    code, out, err = _run(["check", str(SAMPLE), "--json", str(tmp_path / "r.json"), "--no-session", "-q"], tty=True)
    assert code in (0, 1) and "%|" not in err and out == ""


def test_batch_bar_on_a_terminal(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.pdf", "b.pdf"):
        (src / name).write_bytes(SAMPLE.read_bytes())
    code, out, err = _run(["check", str(src), "--out-dir", str(tmp_path / "out")], tty=True)
    assert code in (0, 1)
    assert "批量检查" in err and "2/2" in err and "[1/2]" not in err  # one bar over the files, not a line each
    assert "a.pdf" in out and "b.pdf" in out
