"""Issue 19, case 11 (last item): a cap on the pages one check reads by OCR
(`--ocr-max-pages`, default `MAX_OCR_PAGES`) and `--timeout` for a single-file check.

The OCR tests need the `ocr` extra (rapidocr-onnxruntime) and are skipped without it; they
OCR one page of a 2-page clean scan."""
from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

import pytest

from auditdesk.app import cli
from auditdesk.app.cli import run_cli
from auditdesk.parsing import ocr
from tests.fixtures.pdfs import seed_pdf
from tests.fixtures.scan import scan_pdf

needs_ocr = pytest.mark.skipif(
    not ocr.available(),
    reason="OCR extra not installed (rapidocr-onnxruntime): pip install -e '.[ocr]' to run the OCR tests",
)
needs_fork = pytest.mark.skipif(sys.platform == "win32", reason="needs fork")


@pytest.fixture(scope="module")
def two_page_scan(tmp_path_factory) -> Path:
    src, _spec, _info = seed_pdf(tmp_path_factory, 0, ruled=True)
    dst = Path(tmp_path_factory.mktemp("cap")) / "scan2.pdf"
    scan_pdf(src, dst, pages=[3, 4])
    return dst


@pytest.fixture(scope="module")
def text_pdf(tmp_path_factory) -> Path:
    src, _spec, _info = seed_pdf(tmp_path_factory, 0, ruled=True)
    return src


def test_default_ocr_page_cap_is_documented():
    assert ocr.MAX_OCR_PAGES == 100
    helptext = cli.build_parser()._subparsers._group_actions[0].choices["check"].format_help()
    assert "--ocr-max-pages" in helptext and "默认 100" in helptext
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "--ocr-max-pages" in readme and "--timeout" in readme


@needs_ocr
def test_pages_beyond_the_ocr_cap_are_not_read_and_said_so(two_page_scan, tmp_path, capfd):
    out = tmp_path / "r.json"
    code = run_cli(["check", str(two_page_scan), "--ocr-max-pages", "1", "--json", str(out)])
    cap = capfd.readouterr()
    assert code in (0, 1), cap.err
    doc = json.loads(out.read_text(encoding="utf-8"))["document"]
    assert doc["ocr_pages"] == [1]
    assert doc["page_status"] == ["ocr", "ocr_limit"]
    limit = [i for i in doc["issues"] if i["code"] == "ocr_limit"]
    assert [i["page"] for i in limit] == [2]
    assert "最多识别 1 页" in limit[0]["message"] and "--ocr-max-pages" in limit[0]["message"]
    # the summary says it in one line, with the page
    assert "1 页已达 OCR 页数上限，未识别、未检查（第 2 页）" in cap.out
    # the page left unread is not taken for a blank page (F3)
    assert "空白页" not in cap.out


@needs_ocr
def test_ocr_cap_in_the_api(two_page_scan, monkeypatch):
    from auditdesk.parsing.extract import open_disclosure

    monkeypatch.setattr(ocr, "MAX_OCR_PAGES", 1)  # the default cap applies when none is given
    doc = open_disclosure(two_page_scan)
    assert doc.ocr_pages == [1] and doc.page_status[1] == ocr.OCR_LIMIT
    assert any(i.code == "ocr_limit" and i.page == 2 for i in doc.issues)


def test_bad_ocr_max_pages_is_one_sentence(text_pdf, capfd):
    assert run_cli(["check", str(text_pdf), "--ocr-max-pages", "0"]) == 2
    err = capfd.readouterr().err
    assert "--ocr-max-pages 必须是正整数" in err and "Traceback" not in err


@needs_fork
def test_single_file_timeout_stops_the_check_and_writes_nothing(text_pdf, tmp_path, capfd, monkeypatch):
    out, xlsx = tmp_path / "r.json", tmp_path / "r.xlsx"

    def slow(path, json_out, *a, **k):
        # a writer cut off half-way: its temp beside the output must not survive
        (tmp_path / ".r.json.abc123.tmp").write_text("{half", encoding="utf-8")
        time.sleep(60)

    monkeypatch.setattr(cli, "check_file", slow)
    t0 = time.monotonic()
    code = run_cli(["check", str(text_pdf), "--timeout", "2", "--json", str(out), "--xlsx", str(xlsx)])
    cap = capfd.readouterr()
    assert time.monotonic() - t0 < 20
    assert code == 2
    lines = [ln for ln in cap.err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "超过 2 秒仍未处理完，已停止，未写出任何结果" in lines[0], cap.err
    assert "Traceback" not in cap.err + cap.out
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@needs_fork
def test_timeout_between_json_and_workbook_says_what_was_written(text_pdf, tmp_path, capfd, monkeypatch):
    out, xlsx = tmp_path / "r.json", tmp_path / "r.xlsx"

    def json_then_hang(path, json_out, *a, **k):
        Path(json_out).write_text("{}", encoding="utf-8")
        time.sleep(60)

    monkeypatch.setattr(cli, "check_file", json_then_hang)
    code = run_cli(["check", str(text_pdf), "--timeout", "2", "--json", str(out), "--xlsx", str(xlsx)])
    err = capfd.readouterr().err
    assert code == 2
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "已停止，已写出 r.json，未写出 r.xlsx" in lines[0], err
    assert "未写出任何结果" not in err


@needs_fork
def test_single_file_timeout_not_reached_gives_the_normal_result(text_pdf, tmp_path, capfd):
    out = tmp_path / "r.json"
    plain = run_cli(["check", str(text_pdf), "--json", str(tmp_path / "plain.json")])
    capfd.readouterr()
    code = run_cli(["check", str(text_pdf), "--timeout", "300", "--json", str(out)])
    cap = capfd.readouterr()
    assert code == plain and "张表" in cap.out
    assert json.loads(out.read_text(encoding="utf-8"))["tables"]
    # `--json -` under a timeout: the JSON reaches stdout whole
    code = run_cli(["check", str(text_pdf), "--timeout", "300", "--json", "-"])
    cap = capfd.readouterr()
    assert code == plain and json.loads(cap.out)["schema"] == "auditdesk/1"


def test_bad_timeout_is_one_sentence(text_pdf, capfd):
    assert run_cli(["check", str(text_pdf), "--timeout", "0"]) == 2
    err = capfd.readouterr().err
    assert "--timeout 必须是正数" in err and "Traceback" not in err
