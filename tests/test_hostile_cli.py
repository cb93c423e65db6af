"""Issue 19: the CLI under hostile files, names, streams and disks (cases 3, 4, 5, 10, 12, 13).

Every hostile file is made by the generator in tests/bad_inputs.py."""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from auditdesk.app import cli
from auditdesk.app.cli import run_cli
from tests.bad_inputs import (
    HOSTILE_NAMES,
    _render,
    _seed_spec,
    dismiss_all_session,
    gbk_name,
    plant_special_session,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory) -> Path:
    return _render(_seed_spec(), tmp_path_factory.mktemp("seed") / "seed.pdf")


@pytest.fixture
def pdf(seed_pdf, tmp_path) -> Path:
    p = tmp_path / "in" / "某单位决算.pdf"
    p.parent.mkdir()
    shutil.copy(seed_pdf, p)
    return p


def _cli(*args, env=None, timeout=120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "auditdesk.app.cli", *map(os.fsdecode, args)], capture_output=True,
                          timeout=timeout, cwd=ROOT, env={**os.environ, **(env or {})}, **kw)


# ------------------------------------------------------------------ case 3: a planted session is announced


def test_session_that_dismisses_every_error_is_announced(pdf, capfd):
    from auditdesk.checks.engine import run_checks
    from auditdesk.parsing.extract import open_disclosure

    report = run_checks(open_disclosure(pdf))
    errors = [f for f in report.findings if f.severity == "error"]
    assert errors, "the seed has an error finding"
    assert run_cli(["check", str(pdf), "--no-session"]) == 1
    capfd.readouterr()
    Path(str(pdf) + ".auditdesk.json").write_bytes(dismiss_all_session(pdf, [f.key_str for f in report.findings],
                                                                       who="外来者"))
    code = run_cli(["check", str(pdf)])
    out = capfd.readouterr().out
    assert code == 0  # the auditor's dismissals still decide the exit code …
    # … but it is said, with whose, and the summary no longer lists errors it does not count
    assert "已应用审核会话" in out and f"{len(report.findings)} 条排除" in out and "外来者" in out
    assert f"其中错误 {len(errors)} 条" in out
    head = out.splitlines()[0]
    assert "错误 0" in head and f"已排除 {len(report.findings)}" in head
    assert "(错误)" not in out


# ------------------------------------------------------------------ case 4: outputs never overwrite inputs


@pytest.mark.parametrize("flag,target", [("--xlsx", "session"), ("--json", "pdf"), ("--json", "link"),
                                          ("--xlsx", "bak"), ("--json", "both")])
def test_output_equal_to_input_or_session_is_refused(pdf, capfd, flag, target):
    session = Path(str(pdf) + ".auditdesk.json")
    session.write_bytes(dismiss_all_session(pdf, []))
    bak = Path(str(session) + ".bak")
    bak.write_bytes(session.read_bytes())
    link = pdf.with_name("link.pdf")
    os.link(pdf, link)
    before = {p.name: p.read_bytes() for p in pdf.parent.iterdir()}
    out = {"session": session, "pdf": pdf, "link": link, "bak": bak, "both": pdf.with_name("r.out")}[target]
    argv = ["check", str(pdf), flag, str(out)]
    if target == "both":
        argv += ["--xlsx", str(out)]
    code = run_cli(argv)
    err = capfd.readouterr().err
    assert code == 2 and len(err.splitlines()) == 1 and "已拒绝" in err
    assert {p.name: p.read_bytes() for p in pdf.parent.iterdir()} == before


# ------------------------------------------------------------------ case 5: batch names, skipped entries, timeout


def test_batch_names_outputs_uniquely_and_reports_every_skipped_entry(seed_pdf, tmp_path, capfd):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.pdf", "a.PDF", "a.pdf.pdf"):
        shutil.copy(seed_pdf, src / name)
        with open(src / name, "ab") as f:  # three different files
            f.write(b"\n%" + name.encode() + b"\n")
    os.mkfifo(src / "pipe.pdf")
    (src / "folder.pdf").mkdir()
    (src / "broken.pdf").symlink_to(tmp_path / "nowhere.pdf")
    (src / "zero.pdf").symlink_to("/dev/zero")
    out = tmp_path / "out"
    code = run_cli(["check", str(src), "--out-dir", str(out)])
    cap = capfd.readouterr()
    assert code == 2  # skipped entries are unusable input
    shas = {json.loads(p.read_text("utf-8"))["document"]["sha256"] for p in out.glob("*.json")}
    assert len(list(out.glob("*.json"))) == 3 == len(shas) and len(list(out.glob("*.xlsx"))) == 3
    rows = {line.split()[0]: line for line in cap.out.splitlines() if line.split()}
    assert "命名管道" in rows["pipe.pdf"] and "文件夹" in rows["folder.pdf"]
    assert "断开的符号链接" in rows["broken.pdf"] and "不是普通文件" in rows["zero.pdf"]
    assert all("已跳过" in rows[n] for n in ("pipe.pdf", "folder.pdf", "broken.pdf", "zero.pdf"))
    assert "共 7 个文件：3 个已检查，0 个无法处理，4 个已跳过" in cap.out


@pytest.mark.skipif(sys.platform == "win32", reason="needs fork")
def test_batch_timeout_stops_one_slow_file(seed_pdf, tmp_path, capfd, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(seed_pdf, src / "fast.pdf")
    shutil.copy(seed_pdf, src / "slow.pdf")
    real = cli.check_file

    def slow(path, *a, **k):
        if path.endswith("slow.pdf"):
            time.sleep(60)
        return real(path, *a, **k)

    monkeypatch.setattr(cli, "check_file", slow)
    t0 = time.monotonic()
    code = run_cli(["check", str(src), "--out-dir", str(tmp_path / "out"), "--timeout", "3", "-j", "2"])
    cap = capfd.readouterr()
    assert time.monotonic() - t0 < 30
    rows = {line.split()[0]: line for line in cap.out.splitlines() if line.split()}
    assert code == 2 and "超过 3 秒" in rows["slow.pdf"] and "无法处理" not in rows["fast.pdf"]


# ------------------------------------------------------------------ case 10: special session files


@pytest.mark.parametrize("kind", ["fifo", "dev_zero"])
def test_check_with_special_session_file_finishes(pdf, kind):
    plant_special_session(pdf, kind)
    proc = _cli("check", pdf, "-q", timeout=60, text=True, encoding="utf-8")
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr
    assert "不是普通文件" in proc.stderr


# ------------------------------------------------------------------ case 12: temp files


def test_temp_files_never_follow_planted_symlinks(pdf, tmp_path, capfd):
    """Every temp name the writers used to derive from the pid is planted as a symlink
    to a file outside the output folder; none of them may be written through."""
    from auditdesk.app import session as sm
    from tests.session_docs import full_session, make_pdf

    victim = tmp_path / "victim.txt"
    victim.write_text("untouched")
    out = tmp_path / "out"
    out.mkdir()
    pid = os.getpid()
    for name in (f"r.json.tmp{pid}", f".r.xlsx.{pid}.tmp"):
        (out / name).symlink_to(victim)
    assert run_cli(["check", str(pdf), "--no-session", "--json", str(out / "r.json"), "--xlsx", str(out / "r.xlsx")]) in (0, 1)
    capfd.readouterr()
    # the session's .bak went through `.X.bak.<pid>.tmp`
    spdf = make_pdf(tmp_path / "s")
    s = full_session(spdf)
    path = s.save()
    Path(path.parent / f".{path.name}.bak.{pid}.tmp").symlink_to(victim)
    s.apply_edit("T01", 0, 2, "101.00", "张三")
    s.save()
    s.close()
    assert victim.read_text() == "untouched"
    assert json.loads((out / "r.json").read_text("utf-8"))["schema"] == "auditdesk/1"
    assert sm.backup_path(path).is_file() and not sm.backup_path(path).is_symlink()


def test_failed_write_leaves_no_temp_and_stale_temps_are_cleaned(pdf, tmp_path, capfd, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".r.json.k3j4h5.tmp"  # left by a SIGKILLed writer an hour ago
    stale.write_bytes(b"x" * 2_000_000)
    os.utime(stale, (time.time() - 3600,) * 2)
    fresh = out / ".r.json.abcdef.tmp"  # another writer's, right now: left alone
    fresh.write_bytes(b"y")
    real_replace = os.replace

    def full_disk(src, dst, *a, **k):
        if str(dst).endswith("r.json"):
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_replace(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", full_disk)
    code = run_cli(["check", str(pdf), "--no-session", "--json", str(out / "r.json")])
    err = capfd.readouterr().err
    assert code == 2 and "磁盘空间已满" in err and len(err.splitlines()) == 1
    assert sorted(p.name for p in out.iterdir()) == [fresh.name]


# ------------------------------------------------------------------ case 13: messages


@pytest.mark.parametrize("err_no,words", [(errno.ENOSPC, "磁盘空间已满"), (errno.EROFS, "只读"),
                                          (errno.EACCES, "没有权限"), (errno.EIO, "读写出错")])
def test_every_oserror_is_one_plain_sentence(pdf, tmp_path, capfd, monkeypatch, err_no, words):
    import tempfile

    def fail(*a, **k):
        raise OSError(err_no, os.strerror(err_no))

    monkeypatch.setattr(tempfile, "mkstemp", fail)
    code = run_cli(["check", str(pdf), "--no-session", "--json", str(tmp_path / "r.json")])
    err = capfd.readouterr().err
    assert code == 2 and len(err.splitlines()) == 1
    assert words in err and "OSError" not in err and "内部错误" not in err and "Errno" not in err


def test_ascii_stdout_does_not_traceback(pdf):
    proc = _cli("check", pdf, env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    assert b"\\u5f20\\u8868" in proc.stdout  # 张表, escaped
    js = _cli("check", pdf, "--json", "-", env={"PYTHONIOENCODING": "ascii"})
    assert js.returncode == 1 and json.loads(js.stdout)["schema"] == "auditdesk/1"


@pytest.mark.parametrize("kind", sorted(HOSTILE_NAMES))
def test_hostile_file_names_are_shown_escaped(seed_pdf, tmp_path, capfd, kind):
    name = HOSTILE_NAMES[kind]
    p = tmp_path / name
    shutil.copy(seed_pdf, p)
    assert run_cli(["check", str(p)]) in (0, 1)
    broken = tmp_path / ("坏" + name)
    broken.write_bytes(b"not a pdf")
    assert run_cli(["check", str(broken)]) == 2
    cap = capfd.readouterr()
    for text in (cap.out, cap.err):
        assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert len(cap.err.splitlines()) == 1 and len(cap.out.splitlines()) >= 1
    first = cap.out.splitlines()[0]
    assert first.startswith(name.replace("\n", "\\n").replace("\x1b", "\\x1b").replace("\x07", "\\x07")
                            .replace("\u202e", "\\u202e"))


def test_gbk_file_name_is_read_and_shown(seed_pdf, tmp_path):
    raw = os.fsencode(tmp_path) + b"/" + gbk_name()
    shutil.copy(seed_pdf, os.fsdecode(raw))
    proc = _cli("check", raw)
    assert proc.returncode == 1, proc.stderr.decode("utf-8", "replace")
    assert "预算公开.pdf" in proc.stdout.decode("utf-8")
