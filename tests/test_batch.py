"""`auditdesk check DIR --out-dir OUT [-j N]`: a summary table, bad files reported and
skipped (never stopping the batch), exit code the worst, saved sessions untouched."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from auditdesk.app import cli
from auditdesk.app.cli import run_cli
from tests.bad_inputs import build_corpus

GOOD = ["formula_text", "wide_table"]
BAD = ["zero_bytes", "random_bytes", "encrypted_user_pw", "english_letter", "truncated_half"]


@pytest.fixture(scope="session")
def batch_corpus(tmp_path_factory):
    return build_corpus(tmp_path_factory.mktemp("batch_src"), GOOD + BAD)


def _folder(corpus, names, dest: Path) -> Path:
    dest.mkdir()
    for n in names:
        shutil.copy(corpus[n].path, dest / corpus[n].path.name)
        if corpus[n].session is not None:
            shutil.copy(corpus[n].session, dest / corpus[n].session.name)
    return dest


def _rows(stdout: str) -> dict[str, str]:
    """file name → the summary table line."""
    return {line.split()[0]: line for line in stdout.splitlines() if line.split() and line.split()[0].endswith((".pdf", ".PDF"))}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_continues_past_bad_files(batch_corpus, tmp_path, capfd, jobs):
    src = _folder(batch_corpus, GOOD + BAD, tmp_path / "in")
    (src / "notes.txt").write_text("不是 PDF", encoding="utf-8")
    (src / "sub").mkdir()
    before = _snapshot(src)
    out = tmp_path / "out"
    code = run_cli(["check", str(src), "--out-dir", str(out), "-j", str(jobs)])
    cap = capfd.readouterr()
    assert code == 2  # the worst: some files are unusable
    assert "Traceback" not in cap.err and "Traceback" not in cap.out
    rows = _rows(cap.out)
    assert set(rows) == {f"{n}.pdf" for n in GOOD + BAD}
    for n in GOOD:
        assert "无法处理" not in rows[f"{n}.pdf"]
        assert json.loads((out / f"{n}.json").read_text(encoding="utf-8"))["tables"]
        assert (out / f"{n}.xlsx").stat().st_size > 0
    for n in BAD:
        assert "无法处理" in rows[f"{n}.pdf"]
        assert not (out / f"{n}.json").exists() and not (out / f"{n}.xlsx").exists()
    assert "加密" in rows["encrypted_user_pw.pdf"] and "空的" in rows["zero_bytes.pdf"]
    assert f"共 {len(GOOD + BAD)} 个文件：{len(GOOD)} 个已检查，{len(BAD)} 个无法处理" in cap.out
    assert cap.out.splitlines()[0].split()[:2] == ["文件", "结果"]
    assert _snapshot(src) == before  # PDFs and saved sessions byte-identical, nothing added


def test_batch_of_good_files_exits_with_worst_finding_code(batch_corpus, tmp_path, capfd):
    src = _folder(batch_corpus, GOOD, tmp_path / "in")
    single = []
    for n in GOOD:
        single.append(run_cli(["check", str(src / f"{n}.pdf"), "-q"]))
    capfd.readouterr()
    code = run_cli(["check", str(src), "--out-dir", str(tmp_path / "out")])
    assert code == max(single) and code in (0, 1)


def test_empty_folder_is_one_line(tmp_path, capfd):
    (tmp_path / "in").mkdir()
    code = run_cli(["check", str(tmp_path / "in"), "--out-dir", str(tmp_path / "out")])
    err = capfd.readouterr().err
    assert code == 2 and len(err.splitlines()) == 1 and "没有 PDF" in err
    assert not (tmp_path / "out").exists()


def test_out_dir_that_is_a_file_is_one_line(batch_corpus, tmp_path, capfd):
    src = _folder(batch_corpus, ["wide_table"], tmp_path / "in")
    (tmp_path / "out").write_text("x")
    code = run_cli(["check", str(src), "--out-dir", str(tmp_path / "out")])
    err = capfd.readouterr().err
    assert code == 2 and len(err.splitlines()) == 1 and "无法写出" in err and "Traceback" not in err


def test_same_stem_different_case_do_not_overwrite(batch_corpus, tmp_path, capfd):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(batch_corpus["wide_table"].path, src / "a.pdf")
    shutil.copy(batch_corpus["formula_text"].path, src / "a.PDF")
    out = tmp_path / "out"
    code = run_cli(["check", str(src), "--out-dir", str(out)])
    capfd.readouterr()
    assert code in (0, 1)
    shas = {json.loads(p.read_text(encoding="utf-8"))["document"]["sha256"] for p in out.glob("*.json")}
    assert len(list(out.glob("*.json"))) == 2 and len(shas) == 2 and len(list(out.glob("*.xlsx"))) == 2


def test_a_bug_on_one_file_does_not_stop_the_batch(batch_corpus, tmp_path, capfd, monkeypatch):
    src = _folder(batch_corpus, GOOD, tmp_path / "in")
    real = cli.check_file

    def flaky(path, *a, **k):
        if path.endswith("formula_text.pdf"):
            raise RuntimeError("boom")
        return real(path, *a, **k)

    monkeypatch.setattr(cli, "check_file", flaky)
    code = run_cli(["check", str(src), "--out-dir", str(tmp_path / "out")])
    rows = _rows(capfd.readouterr().out)
    assert code == 2
    assert "内部错误" in rows["formula_text.pdf"] and "无法处理" not in rows["wide_table.pdf"]


@pytest.mark.skipif(sys.platform == "win32" or os.environ.get("AUDITDESK_NO_FORK"), reason="needs fork")
def test_a_dying_worker_costs_one_file_only(batch_corpus, tmp_path, capfd, monkeypatch):
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("monkeypatching workers needs the fork start method")
    src = _folder(batch_corpus, GOOD + ["zero_bytes"], tmp_path / "in")
    real = cli.check_file

    def crash(path, *a, **k):
        if path.endswith("formula_text.pdf"):
            os._exit(139)  # as if MuPDF segfaulted
        return real(path, *a, **k)

    monkeypatch.setattr(cli, "check_file", crash)
    code = run_cli(["check", str(src), "--out-dir", str(tmp_path / "out"), "-j", "2"])
    cap = capfd.readouterr()
    rows = _rows(cap.out)
    assert code == 2 and "Traceback" not in cap.err
    assert "意外退出" in rows["formula_text.pdf"]
    assert "无法处理" not in rows["wide_table.pdf"] and "空的" in rows["zero_bytes.pdf"]


def test_batch_as_subprocess(batch_corpus, tmp_path):
    src = _folder(batch_corpus, ["wide_table", "zero_bytes", "truncated_half"], tmp_path / "in")
    proc = subprocess.run(
        [sys.executable, "-m", "auditdesk.app.cli", "check", str(src), "--out-dir", str(tmp_path / "out"), "-j", "2"],
        capture_output=True, text=True, encoding="utf-8", timeout=120, cwd=tmp_path,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "MuPDF" not in proc.stderr
    assert all(line.startswith("[") for line in proc.stderr.splitlines()), proc.stderr  # progress only
    rows = _rows(proc.stdout)
    assert "不完整" in rows["truncated_half.pdf"] and "无法处理" not in rows["wide_table.pdf"]
