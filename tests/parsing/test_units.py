"""One PDF bundling several disclosures (a 部门 and its 所属单位, one after another): each is
checked on its own — one unit's 情况说明 is never compared with another unit's tables."""
from __future__ import annotations

import collections
import re

import pymupdf
import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed

_UNIT_PREFIX = re.compile(r"^第\d+–\d+页（[^）]*）：")


def _render(seed: int, path, narrative_first: bool = False) -> None:
    spec = load_seed(seed)
    spec.forms = []
    if narrative_first:  # the 情况说明 first, no cover and no 目录: nothing but figures tells where a unit starts
        spec.narrative_first, spec.cover = True, False
    render_pdf(spec, path)


def _bundle(parts, path, drop_front: int = 0) -> None:
    """The PDFs one after another; `drop_front` pages (cover, 目录) left off every part but the first."""
    out = pymupdf.open()
    for k, p in enumerate(parts):
        with pymupdf.open(p) as src:
            out.insert_pdf(src, from_page=drop_front if k else 0)
    out.save(path)


def _findings(report) -> collections.Counter:
    return collections.Counter((f.rule, f.severity, _UNIT_PREFIX.sub("", f.message)) for f in report.findings
                               if not re.search(r"第\d+页", f.message))


@pytest.fixture(scope="module")
def parts(tmp_path_factory):
    d = tmp_path_factory.mktemp("units")
    out = []
    for seed in (0, 1):
        _render(seed, d / f"s{seed}.pdf")
        out.append(d / f"s{seed}.pdf")
    return out


@pytest.mark.parametrize("layout", ["with_covers", "tables_first", "narrative_first"])
def test_a_bundle_is_checked_one_disclosure_at_a_time(parts, tmp_path, layout):
    drop_front = 2 if layout == "tables_first" else 0
    if layout == "narrative_first":
        parts = [tmp_path / "n0.pdf", tmp_path / "n1.pdf"]
        for seed, p in enumerate(parts):
            _render(seed, p, narrative_first=True)
    alone = [open_disclosure(p) for p in parts]
    reports = [run_checks(d, trace=True) for d in alone]
    _bundle(parts, tmp_path / "bundle.pdf", drop_front)
    doc = open_disclosure(tmp_path / "bundle.pdf")
    report = run_checks(doc, trace=True)

    first_pages = alone[0].pages
    assert [(u.first, u.last) for u in doc.units] == [(1, first_pages), (first_pages + 1, doc.pages)]
    assert [u.department for u in doc.units] == [d.department for d in alone]
    assert [u.kind or doc.kind for u in doc.units] == [d.kind for d in alone]
    # the findings of each disclosure alone, and none more (before: the second unit's 情况说明 was
    # read against the first unit's tables — 20 false errors)
    expected = _findings(reports[0]) + _findings(reports[1])
    if drop_front:  # the second prints no cover and no 目录 of its own: F1 says so
        expected += collections.Counter({("F1", "warning", f"未找到{p}部分（{alone[1].kind}应包含）"): 1 for p in ("封面", "目录")})
    assert _findings(report) == expected
    assert len(report.comparisons) == sum(len(r.comparisons) for r in reports)
    # every sentence a finding points at is that sentence of the file (numbered on across units)
    for f in report.findings:
        for loc in (f.location, *f.related):
            if loc.narrative is not None:
                assert doc.narrative[loc.narrative].text == loc.text
    # a finding about a whole disclosure (a part it lacks) says which
    missing = [f.message for f in report.findings if f.rule == "F1" and f.location.page is None]
    assert all(_UNIT_PREFIX.match(m) for m in missing) and (missing or layout != "with_covers")
    assert any(i.code == "bundle" and "2 份公开" in i.message for i in doc.issues)


def test_one_disclosure_is_not_a_bundle(parts, tmp_path):
    """A file of one disclosure has no units — also when its 收支总表 page is printed twice."""
    doc = open_disclosure(parts[0])
    assert doc.units == [] and not any(i.code == "bundle" for i in doc.issues)
    first = next(t for t in doc.tables if t.type == "01")
    with pymupdf.open(parts[0]) as doc_, pymupdf.open(parts[0]) as src:
        doc_.insert_pdf(src, from_page=first.pages[0] - 1, to_page=first.pages[-1] - 1)  # again, at the end
        doc_.save(tmp_path / "twice.pdf")
    assert open_disclosure(tmp_path / "twice.pdf").units == []


def test_the_cli_says_the_file_holds_several_disclosures(parts, tmp_path):
    from auditdesk.app.cli import check_file

    _bundle(parts, tmp_path / "bundle.pdf")
    out = check_file(str(tmp_path / "bundle.pdf"), None, None, use_session=False)
    assert any("本文件含 2 份公开" in n for n in out.notes)


def test_the_working_paper_lists_the_disclosures(parts, tmp_path):
    import openpyxl

    from auditdesk.app.workpaper import write_workpaper

    _bundle(parts, tmp_path / "bundle.pdf")
    doc = open_disclosure(tmp_path / "bundle.pdf")
    res = write_workpaper(doc, run_checks(doc), None, tmp_path / "wp.xlsx")
    cover = openpyxl.load_workbook(res.path)["封面"]
    row = next(r for r in range(1, 40) if cover.cell(r, 1).value == "所含公开")
    text = cover.cell(row, 2).value
    assert text.startswith("本文件含 2 份公开") and all(u.department in text for u in doc.units)
