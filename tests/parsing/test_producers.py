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


def test_label_placed_in_pieces_across_a_merged_cell_stays_whole():
    """'当年支出小' '计': a producer placing the glyphs of a merged cell's label apart splits it
    into two words, the second past the rule that the merged cell does not have. One word,
    in the merged cell's first column (it read '当年支出小' | '计')."""
    from auditdesk.parsing.grid import build_grid
    from auditdesk.parsing.pdf_text import PageText

    xs = [50.0, 150.0, 250.0, 350.0, 450.0]
    ys = [100.0, 120.0, 140.0, 160.0]
    hr = [(y, xs[0], xs[-1]) for y in ys]
    # the last row's label cell spans columns 1–3: the rules at x=150 and 250 stop at y=140
    vr = [(xs[0], ys[0], ys[-1]), (xs[1], ys[0], ys[2]), (xs[2], ys[0], ys[2]), (xs[3], ys[0], ys[-1]),
          (xs[4], ys[0], ys[-1])]
    words = [Word(60, 104, 100, 116, "项目"), Word(160, 104, 200, 116, "说明"), Word(260, 104, 300, 116, "类别"),
             Word(390, 104, 440, 116, "金额"),
             Word(60, 124, 110, 136, "基本支出"), Word(160, 124, 200, 136, "人员"), Word(260, 124, 300, 136, "工资"),
             Word(400, 124, 440, 136, "10.00"),
             Word(90, 144, 149.0, 156, "当年支出小"), Word(150.5, 144, 162, 156, "计"), Word(400, 144, 440, 156, "10.00")]
    page = PageText(1, 595, 842, words, hr, vr)
    grid = build_grid(page, words, 90, 170)
    last = [c.text for c in grid.body[-1]]
    assert last == ["当年支出小计", "", "", "10.00"], last
