"""A watermark stamped over every page (diagonal download stamps, a large light "仅供…" line)
is not data: the tables, the 情况说明 and the findings are those of the clean document."""
from __future__ import annotations

import subprocess
import sys

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.overlays import watermark_pdf
from tests.fixtures.pdfs import seed_pdf


def _cells(doc):
    return [(t.title, tuple(t.pages), [[c.text for c in r.cells] for r in t.rows]) for t in doc.tables]


def _findings(report):
    return sorted((f.rule, f.severity, f.message) for f in report.findings)


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_watermarked_disclosure_reads_as_the_clean_one(tmp_path_factory, tmp_path, ruled):
    src, _spec, _info = seed_pdf(tmp_path_factory, 0, ruled=ruled)
    clean = open_disclosure(src)
    path = tmp_path / "watermarked.pdf"
    watermark_pdf(src, path)
    doc = open_disclosure(path)
    assert _cells(doc) == _cells(clean)
    assert [s.text for s in doc.narrative] == [s.text for s in clean.narrative]
    assert _findings(run_checks(doc)) == _findings(run_checks(clean))
    said = [i for i in doc.issues if i.code == "watermark"]
    assert len(said) == 1 and f"第 1–{doc.pages} 页" in said[0].message and "仅供公开使用" in said[0].message


def test_dark_large_title_is_not_a_watermark(tmp_path_factory):
    """Only light (or translucent) large text is taken for a watermark: the seed's own titles stay."""
    src, _spec, _info = seed_pdf(tmp_path_factory, 0)
    doc = open_disclosure(src)
    assert not [i for i in doc.issues if i.code == "watermark"]


def test_toc_line_with_a_watermark_inside_its_leader_is_read_at_once():
    """'七、…………某某…………11' (a watermark fallen between the leader dots) once made the
    目录 search re-split the leader every way: minutes per line."""
    code = ("from auditdesk.checks.parts import _TOC_TAIL; "
            "m = _TOC_TAIL.search('七、政府性基金预算财政拨款收入支出决算表' + '.' * 60 + '某某' + '.' * 40 + '11'); "
            "assert m.group(1) == '11'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)


def test_blank_page_under_a_watermark_is_still_blank(tmp_path_factory, tmp_path):
    """A page that prints nothing but the watermark is a blank page (F3), as without it."""
    import pymupdf

    src, _spec, _info = seed_pdf(tmp_path_factory, 0)
    with_blank = tmp_path / "blank.pdf"
    with pymupdf.open(src) as d:
        d.new_page(pno=2, width=d[0].rect.width, height=d[0].rect.height)
        d.save(with_blank)
    path = tmp_path / "watermarked.pdf"
    watermark_pdf(with_blank, path)

    def blank(p):
        return [f.message for f in run_checks(open_disclosure(p)).findings if f.rule == "F3" and "第3页" in f.message]

    assert blank(with_blank) and blank(path) == blank(with_blank)


@pytest.mark.parametrize("name", ["putuo_justice_2026_dept_budget.pdf", "jiangsu_court_2019_budget.pdf"])
def test_watermarked_real_disclosure_reads_as_the_original(real_pdfs, tmp_path, name):
    """A real layout (clipped lines, a blank page, 元 tables) under the same watermark."""
    src = real_pdfs / name
    path = tmp_path / "watermarked.pdf"
    watermark_pdf(src, path)
    clean, doc = open_disclosure(src), open_disclosure(path)
    assert _cells(doc) == _cells(clean)
    assert _findings(run_checks(doc)) == _findings(run_checks(clean))
