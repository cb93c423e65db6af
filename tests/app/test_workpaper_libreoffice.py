"""The working papers of two real disclosures, as LibreOffice prints and recalculates them.

One module-scoped build of both workbooks, one LibreOffice run per output format (PDF for
print, xlsx for recalculated values) over both: the slow part happens once.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest

from auditdesk.app.workpaper import write_workpaper
from auditdesk.app.workpaper_print import MIN_PRINT_PT
from auditdesk.checks import run_checks
from auditdesk.parsing.extract import open_disclosure
from tests.conftest import REAL_PDFS

FILES = ("putuo_finance_2024_final.pdf", "jiangsu_court_2019_budget.pdf")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = [
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed: apt-get install libreoffice-calc"),
    pytest.mark.skipif(not all((REAL_PDFS / f).is_file() for f in FILES), reason=f"real disclosures not at {REAL_PDFS}"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("wp")
    books = {}
    for name in FILES:
        doc = open_disclosure(str(REAL_PDFS / name))
        report = run_checks(doc, trace=True)  # as `auditdesk check --xlsx` does
        res = write_workpaper(doc, report, None, out / (Path(name).stem + ".xlsx"))
        books[name] = (doc, report, res)
    return out, books


def _convert(out: Path, paths: list[Path], fmt: str) -> Path:
    dest = out / fmt
    profile = out / "lo-profile"
    cmd = [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", fmt, "--outdir", str(dest), *map(str, paths)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    for p in paths:
        assert (dest / (p.stem + "." + fmt)).exists(), proc.stdout + proc.stderr
    return dest


@pytest.fixture(scope="module")
def printed(built):
    out, books = built
    dest = _convert(out, [res.path for _d, _r, res in books.values()], "pdf")
    return {name: dest / (Path(name).stem + ".pdf") for name in books}


def _pages(pdf: Path):
    """Per page: (sheet name from the page header, all text, the smallest span size)."""
    import pymupdf

    with pymupdf.open(pdf) as d:
        for page in d:
            spans = [s for b in page.get_text("dict")["blocks"] for line in b.get("lines", [])
                     for s in line["spans"] if s["text"].strip()]
            top = [s for s in spans if s["bbox"][3] < 45
                   and abs((s["bbox"][0] + s["bbox"][2]) / 2 - page.rect.width / 2) < 150]
            sheet = top[0]["text"].strip() if top else ""
            yield (page.number + 1, sheet, page.get_text(), min((s["size"] for s in spans), default=99),
                   {s["font"] for s in spans})


def test_every_page_prints_readable_with_its_headers_repeated(built, printed):
    _out, books = built
    for name, pdf in printed.items():
        _doc, _report, res = books[name]
        wb = openpyxl.load_workbook(res.path)
        seen: dict[str, int] = defaultdict(int)
        for pno, sheet, text, smallest, fonts in _pages(pdf):
            assert smallest >= MIN_PRINT_PT - 0.05, f"{name} p{pno} ({sheet}): text at {smallest:.1f} pt"
            # every cell names its font: nothing falls back to LibreOffice's default serif
            assert not [f for f in fonts if "serif" in f.lower().replace("sans", "")], (name, pno, fonts)
            assert sheet in wb.sheetnames, f"{name} p{pno}: page header names no sheet ({sheet!r})"
            seen[sheet] += 1
            flat = re.sub(r"\s", "", text)
            assert "被审计单位" in flat and re.search(r"第\d+页共\d+页", flat), f"{name} p{pno} ({sheet})"
            ws = wb[sheet]
            if ws.print_title_rows:  # the column headings are on every page of the sheet
                row = int(ws.print_title_rows.split(":")[0].strip("$"))
                first = str(ws.cell(row, 1).value)
                assert first in flat, f"{name} p{pno} ({sheet}): heading row ({first}) not repeated"
        assert set(seen) == set(wb.sheetnames), f"{name}: sheets never printed: {set(wb.sheetnames) - set(seen)}"
        # the 公开情况检查表 (issue 18) prints within one band of pages: its form is not split across
        assert seen["公开情况检查表"] >= 1 and not wb["公开情况检查表"].col_breaks.brk, name


@pytest.fixture(scope="module")
def recalculated(built):
    """The workbooks after LibreOffice opened, recalculated and saved them."""
    out, books = built
    dest = _convert(out, [res.path for _d, _r, res in books.values()], "xlsx")
    return {name: openpyxl.load_workbook(dest / (Path(name).stem + ".xlsx"), data_only=True) for name in books}


def test_every_formula_recalculates_to_auditdesks_figure_and_every_rule_that_ran_has_one(built, recalculated):
    from decimal import Decimal

    from tests.app.test_workpaper_reperform import assert_every_rule_reperformed

    _out, books = built
    for name, wb in recalculated.items():
        _doc, report, res = books[name]
        assert len(res.formulas) > 50, name
        for f in res.formulas:
            got = wb[f.sheet][f.cell].value
            assert isinstance(got, (int, float)), f"{name} {f.sheet}!{f.cell} {f.formula} → {got!r}"
            assert abs(Decimal(str(got)) - f.expected) < Decimal("0.000001"), (name, f, got)
        # each re-performed figure is the engine's own: the formula value is what the rule compared
        ledger = assert_every_rule_reperformed(report, report.comparisons, res, name)
        assert sum(v.endswith("formulas") for v in ledger.values()) >= 10, (name, ledger)
