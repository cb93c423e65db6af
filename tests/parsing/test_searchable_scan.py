"""A searchable scan: each page a scanned picture with the scanner software's OCR text laid
over it invisibly. That invisible layer is the page's text (not text hidden from the reader),
and the tables' ruling lines are found in the picture."""
from __future__ import annotations

import importlib.util

import pymupdf
import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.pdfs import seed_pdf
from tests.fixtures.scan import searchable_scan_pdf

_CV2 = importlib.util.find_spec("cv2") is not None


@pytest.fixture(scope="module")
def twin(tmp_path_factory):
    path, spec, _info = seed_pdf(tmp_path_factory, 0)
    doc = open_disclosure(path)
    return path, doc, run_checks(doc)


def _errors(report) -> set[tuple[str, str]]:
    return {(f.rule, str(f.key)) for f in report.findings if f.severity == "error"}


def _tables(doc) -> list[tuple[str, tuple[int, ...], int]]:
    return [(t.title, tuple(t.pages), len(t.rows)) for t in doc.tables]


@pytest.mark.parametrize("numbers", [False, True], ids=["layer_only", "visible_page_numbers"])
def test_searchable_scan_is_read_from_its_text_layer(twin, tmp_path, numbers):
    src, text_doc, text_report = twin
    path = tmp_path / "searchable.pdf"
    searchable_scan_pdf(src, path, visible_page_numbers=numbers)
    doc = open_disclosure(path, ocr="off")  # no OCR of our own: the file's layer is read
    report = run_checks(doc)
    assert [t.title for t in doc.tables] == [t.title for t in text_doc.tables]
    assert not [i for i in doc.issues if i.code == "hidden_text"]
    said = [i for i in doc.issues if i.code == "scan_text_layer"]
    assert len(said) == 1 and f"第 1–{doc.pages} 页" in said[0].message
    if _CV2:  # the picture's rules give the grid: the same tables, row for row, and findings
        assert _tables(doc) == _tables(text_doc)
        if not numbers:  # (a stamped page number adds a line of text: findings are keyed by line)
            assert _errors(report) == _errors(text_report)


def test_invisible_text_on_a_page_with_printed_text_is_still_hidden(twin, tmp_path):
    """A background picture under a text page does not make its invisible text a scan layer."""
    src, _doc, _report = twin
    path = tmp_path / "letterhead.pdf"
    with pymupdf.open(src) as d:
        page = d[4]
        pix = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 60, 80), False)
        pix.set_rect(pix.irect, (240,))
        page.insert_image(page.rect, pixmap=pix, overlay=False)
        page.insert_text((72, 72), "99999.99 99999.99 99999.99 99999.99", fontsize=9, render_mode=3)
        d.save(path)
    doc = open_disclosure(path, ocr="off")
    assert [i.page for i in doc.issues if i.code == "hidden_text"] == [5]
    assert not [i for i in doc.issues if i.code == "scan_text_layer"]
    assert "99999.99" not in {c.text for t in doc.tables for r in t.rows for c in r.cells}
