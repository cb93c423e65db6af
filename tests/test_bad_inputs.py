"""Issue 9: hostile and huge inputs get one clear sentence (or a normal result), never a
traceback, and never touch the auditor's saved session.  The corpus is generated once per
session by `tests/bad_inputs.py`."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from auditdesk.app.cli import run_cli
from auditdesk.parsing.errors import UnusableInput
from auditdesk.parsing.extract import open_disclosure
from tests.bad_inputs import CASES, FORMULA_TEXTS, GARBAGE_AMOUNTS, build_corpus

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
# what `open_disclosure` raises (None: it returns a Document; the CLI then finds no table)
CODES = {
    "missing": "missing", "zero_bytes": "empty", "truncated_half": "truncated", "truncated_tail": "truncated",
    "random_bytes": "not_pdf", "html_as_pdf": "not_pdf", "no_pages": "no_pages",
    "encrypted_user_pw": "encrypted", "encrypted_user_pw_wrong": "bad_password", "english_letter": None,
    "image_only": "image_only", "pages_3001": "huge",
}
FAST = [n for n in CASES if n != "pages_1000"]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad_inputs")
    return build_corpus(folder)


def _listing(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def _run(case, out: Path, capfd, *, xlsx: bool = True) -> tuple[int, str, str]:
    argv = ["check", str(case.path), "--json", str(out / "r.json")]
    if xlsx:
        argv += ["--xlsx", str(out / "r.xlsx")]
    if case.password:
        argv += ["--password", case.password]
    code = run_cli(argv)
    captured = capfd.readouterr()  # fd level: MuPDF's own stderr chatter is caught too
    return code, captured.out, captured.err


def _assert_one_sentence(err: str, case) -> None:
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, f"{case.name}: expected one stderr line, got {lines!r}"
    line = lines[0]
    assert line.startswith("auditdesk: "), line
    assert CJK.search(line), f"{case.name}: not a Chinese sentence: {line!r}"
    for w in case.words:
        assert w in line, f"{case.name}: {w!r} missing from {line!r}"


def _assert_untouched(case, before: dict[str, int]) -> None:
    if case.session is not None:
        assert case.session.read_bytes() == case.session_bytes, f"{case.name}: saved session changed"
    folder = case.path.parent
    assert _listing(folder) == before, f"{case.name}: files beside the PDF changed"


@pytest.mark.parametrize("name", FAST)
def test_cli_in_process(corpus, name, tmp_path, capfd):
    case = corpus[name]
    before = _listing(case.path.parent)
    code, out, err = _run(case, tmp_path, capfd)
    if case.expect == "unusable":
        assert code == 2
        _assert_one_sentence(err, case)
        assert not (tmp_path / "r.json").exists() and not (tmp_path / "r.xlsx").exists()
    else:
        assert code in (0, 1), err
        assert err == "", err
        assert "张表" in out
        data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        assert data["schema"] == "auditdesk/1" and data["tables"]
        assert (tmp_path / "r.xlsx").stat().st_size > 0
    _assert_untouched(case, before)


@pytest.mark.slow
def test_1000_pages_processed_in_reasonable_time(corpus, tmp_path, capfd):
    """1000 pages (the seed repeated ~43×) are processed, not refused: measured ~3.5 s to
    extract and check on the dev machine (the 566-table working paper adds ~11 s, so it is
    left to the benchmark)."""
    case = corpus["pages_1000"]
    before = _listing(case.path.parent)
    # CPU time of this process, not wall time: a busy CI machine must not fail the test
    # (speed itself is measured by benchmarks/, not here); a regression of ~5× still fails.
    t0 = time.process_time()
    code, out, err = _run(case, tmp_path, capfd, xlsx=False)
    seconds = time.process_time() - t0
    assert code in (0, 1)
    assert seconds < 20, f"1000 pages took {seconds:.1f} s of CPU"
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["document"]["pages"] == 1000
    assert len(data["tables"]) > 400
    # its session was saved for another version of the file: said once, not applied, kept
    assert "Traceback" not in err and len(err.splitlines()) == 1 and "未套用" in err
    _assert_untouched(case, before)


@pytest.mark.parametrize("name", [n for n in FAST if n in CODES])
def test_open_disclosure_raises_clear_unusable_input(corpus, name):
    case = corpus[name]
    if CODES[name] is None:
        doc = open_disclosure(case.path, password=case.password)
        assert doc.tables == []
        return
    with pytest.raises(UnusableInput) as info:
        open_disclosure(case.path, password=case.password)
    assert info.value.code == CODES[name]
    assert CJK.search(str(info.value)) and "\n" not in str(info.value)


@pytest.mark.parametrize("name", ["zero_bytes", "truncated_half", "encrypted_user_pw"])
def test_cli_subprocess_one_line_no_traceback(corpus, name, tmp_path):
    case = corpus[name]
    before = _listing(case.path.parent)
    proc = subprocess.run(
        [sys.executable, "-m", "auditdesk.app.cli", "check", str(case.path), "--json", str(tmp_path / "r.json")],
        capture_output=True, text=True, encoding="utf-8", timeout=60, cwd=tmp_path,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    _assert_one_sentence(proc.stderr, case)
    assert proc.stdout == ""
    _assert_untouched(case, before)


def test_cli_subprocess_usable_file(corpus, tmp_path):
    case = corpus["formula_text"]
    proc = subprocess.run(
        [sys.executable, "-m", "auditdesk.app.cli", "check", str(case.path), "--json", "-"],
        capture_output=True, text=True, encoding="utf-8", timeout=60, cwd=tmp_path,
    )
    assert proc.returncode in (0, 1)
    assert "Traceback" not in proc.stderr
    assert json.loads(proc.stdout)["schema"] == "auditdesk/1"
    assert case.session.read_bytes() == case.session_bytes


# ---------------------------------------------------------------------- usable oddities
def _table(data: dict, title: str) -> dict:
    return next(t for t in data["tables"] if t["title"] == title)


def test_formula_like_text_is_written_as_text(corpus, tmp_path, capfd):
    import openpyxl

    code, _, err = _run(corpus["formula_text"], tmp_path, capfd)
    assert code in (0, 1), err
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    names = [r["cells"][1] for r in _table(data, "一般公共预算财政拨款支出决算表")["rows"]]
    assert [n for n in names if n and n[0] in "=+-@"] == [t.replace("' /C", "'/C") for t in FORMULA_TEXTS]
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and ("EVIL" in c.value or "cmd|" in c.value):
                    # formulas the working paper writes itself are fine; the PDF's text never is one
                    assert c.data_type == "s", f"{ws.title}!{c.coordinate} {c.value!r} is a formula"
                    seen.add(c.value)
    assert "=EVIL()+1" in seen and "@EVIL3" in seen


def test_garbage_amounts_are_text_not_numbers(corpus, tmp_path, capfd):
    code, _, err = _run(corpus["garbage_amounts"], tmp_path, capfd, xlsx=False)
    assert code in (0, 1), err
    doc = open_disclosure(corpus["garbage_amounts"].path)
    t = doc.table("一般公共预算财政拨款支出决算表")
    cells = {c.text: c.value for row in t.rows for c in row.cells}
    for g in ("abc", "1,2,3", "12.3.4", "#REF!", "NaN", "Infinity", "1e999", "0x1F"):
        assert g in cells, (g, sorted(cells))
        assert cells[g] is None, g
    assert set(GARBAGE_AMOUNTS) >= {"NaN", "1e999"}


def test_odd_unicode_survives(corpus, tmp_path, capfd):
    code, _, err = _run(corpus["odd_unicode"], tmp_path, capfd)
    assert code in (0, 1), err
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    names = [r["cells"][1] for r in _table(data, "一般公共预算财政拨款支出决算表")["rows"]]
    assert "科学技术支出" in names  # invisible format characters are cleaned up like whitespace
    assert any("\u202e" in n or "出支他其" in n for n in names)


def test_zero_width_char_inside_amount_still_parses(corpus):
    doc = open_disclosure(corpus["odd_unicode"].path)
    t = doc.table("支出决算表")
    row = next(r for r in t.rows if r.cells[0].text == "206")
    assert row.cells[2].value is not None


def test_wide_table_keeps_all_columns(corpus):
    doc = open_disclosure(corpus["wide_table"].path)
    t = doc.table("项目支出分经费决算明细表")
    assert t is not None and len(t.columns) == 32
    assert all(len(r.cells) == 32 for r in t.rows) and len(t.rows) == 4
    assert t.rows[-1].cells[-1].text == "165.00"


# ---------------------------------------------------------------------- sessions, CLI misuse
def test_corrupt_session_beside_pdf_is_reported_and_kept(corpus, tmp_path, capfd):
    import shutil

    pdf = tmp_path / "doc.pdf"
    shutil.copy(corpus["wide_table"].path, pdf)
    session = Path(str(pdf) + ".auditdesk.json")
    session.write_bytes(b'{"schema": "auditdesk-session/1", "pdf": {tru')
    before = _listing(tmp_path)
    code = run_cli(["check", str(pdf), "--json", str(tmp_path / "out.json")])
    err = capfd.readouterr().err
    assert code in (0, 1)
    assert "Traceback" not in err and len(err.splitlines()) == 1 and "会话" in err
    assert session.read_bytes() == b'{"schema": "auditdesk-session/1", "pdf": {tru'
    after = _listing(tmp_path)
    after.pop("out.json")
    assert after == before  # no .corrupt-… rename, no .bak, no temp file


def test_saved_edit_is_applied_but_not_rewritten(corpus, tmp_path, capfd):
    case = corpus["encrypted_owner_only"]
    code, _, err = _run(case, tmp_path, capfd, xlsx=False)
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    edited = [c for t in data["tables"] for r in t["rows"] if r["edited"] for c in r["cells"]]
    assert "999.99" in edited  # the auditor's correction from the session is in the result
    assert case.session.read_bytes() == case.session_bytes


def test_argument_error_is_one_line(capfd):
    with pytest.raises(SystemExit) as info:
        run_cli(["check"])
    assert info.value.code == 2
    err = capfd.readouterr().err
    assert len(err.splitlines()) == 1 and "参数错误" in err


def test_unwritable_output_is_one_line(corpus, tmp_path, capfd):
    case = corpus["wide_table"]
    code = run_cli(["check", str(case.path), "--json", str(tmp_path / "no" / "such" / "dir" / "r.json")])
    err = capfd.readouterr().err
    assert code == 2
    assert len(err.splitlines()) == 1 and "无法写出" in err and "Traceback" not in err


def test_unexpected_bug_is_one_line_not_a_traceback(corpus, tmp_path, capfd, monkeypatch):
    import auditdesk.checks.engine as engine

    def boom(doc, *a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "run_checks", boom)
    code = run_cli(["check", str(corpus["wide_table"].path)])
    err = capfd.readouterr().err
    assert code == 2
    assert len(err.splitlines()) == 1 and "内部错误" in err and "Traceback" not in err


# ---------------------------------------------------------------------- garbled-font guard
def test_garbled_detection_not_triggered_by_normal_pdfs(corpus, tmp_path_factory):
    from tests.fixtures.pdfs import seed_pdf

    for i in range(5):
        path, _, _ = seed_pdf(tmp_path_factory, i)
        doc = open_disclosure(path)
        assert not [x for x in doc.issues if x.code == "garbled"], path.name
    for name in ("odd_unicode", "formula_text", "wide_table", "garbage_amounts"):
        doc = open_disclosure(corpus[name].path)
        assert not [x for x in doc.issues if x.code == "garbled"], name


def test_garbled_detection_not_triggered_by_real_pdfs(real_pdfs):
    for path in sorted(real_pdfs.glob("*.pdf")):
        try:
            doc = open_disclosure(path)
        except UnusableInput as exc:  # pragma: no cover - would be the bug itself
            pytest.fail(f"{path.name}: {exc.code}: {exc}")
        assert not [x for x in doc.issues if x.code == "garbled"], path.name
