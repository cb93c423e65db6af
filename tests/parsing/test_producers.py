"""What the PDF's producer does to the same printed page: glyphs drawn as paths over their
text (Type 3 fonts, text converted to curves), Latin letters placed one glyph at a time. The
disclosure must read the same: same tables, same cells, same findings."""
from __future__ import annotations

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from auditdesk.parsing.lines import join_words
from auditdesk.parsing.pdf_text import Word
from tests.fixtures.overlays import glyph_by_glyph_pdf, outline_glyphs_pdf
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    spec = load_seed(0)
    spec.forms = []
    path = tmp_path_factory.mktemp("producers") / "base.pdf"
    render_pdf(spec, path)
    doc = open_disclosure(path)
    return path, doc, run_checks(doc)


def _tables(doc):
    return [(t.type, t.title, [[c.text for c in r.cells] for r in t.rows]) for t in doc.tables]


def _findings(report):
    return sorted((f.rule, f.severity, f.message) for f in report.findings)


def test_glyph_outlines_over_the_text_are_not_ruling_lines(base, tmp_path):
    """Every character of the table pages also drawn as a path of straight strokes and a curve:
    those strokes are not the grid's rules (read as rules, they split every table into dozens
    of columns and raised a dozen false errors)."""
    path, doc0, report0 = base
    outlined = tmp_path / "outlined.pdf"
    assert outline_glyphs_pdf(path, outlined) > 1000
    doc = open_disclosure(outlined)
    assert [len(t.columns) for t in doc.tables] == [len(t.columns) for t in doc0.tables]
    assert _tables(doc) == _tables(doc0)
    assert _findings(run_checks(doc)) == _findings(report0)


def test_latin_letters_placed_one_by_one_are_one_word(base, tmp_path):
    """'XX局' printed glyph by glyph (the letters a little apart) is still the template's 'XX'."""
    path, _doc0, report0 = base
    spaced = tmp_path / "spaced.pdf"
    glyph_by_glyph_pdf(path, spaced, "某某XX局2024年度部门决算", at=(150, 300))
    report = run_checks(open_disclosure(spaced))
    new = set(_findings(report)) - set(_findings(report0))
    assert any(r == "F9" and "“XX”" in m for r, _s, m in new), new


def test_join_words_keeps_printed_spaces_only():
    assert join_words([Word(0, 0, 10, 18, "某X"), Word(12.5, 0, 18, 18, "X"), Word(20, 0, 30, 18, "局")]) == "某XX局"
    assert join_words([Word(0, 0, 20, 10, "PM"), Word(24, 0, 50, 10, "Hello")]) == "PM Hello"
    # the same words on two lines of a cell keep their space
    assert join_words([Word(0, 0, 20, 10, "PM"), Word(0, 12, 26, 22, "Hello")]) == "PM Hello"
