"""Tables printed without rules over several pages, as the fixture generator breaks them
(rows_per_page): the header printed again over the last row or two of a table, with its note
under them, and a continuation page that opens on a row of figures followed by a section row
and its own sub-header. The rows stay in their table (they were read as 情况说明 sentences:
the table lost its last 项 and A7 reported its 款 as not adding up), and nothing is found that
the unbroken table does not give."""
from __future__ import annotations

import re

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed

SEED = 0  # 02/03/05 of 17 rows: 4 a page leaves one row, under the repeated header, on the last


def _read(spec, path):
    render_pdf(spec, path, ruled=False)
    doc = open_disclosure(path)
    return doc, run_checks(doc)


def _errors(report):
    return sorted((f.rule, re.sub(r"第\d+页", "", f.message)) for f in report.findings if f.severity == "error")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    spec = load_seed(SEED)
    spec.forms = []
    return spec, *_read(spec.copy(), tmp_path_factory.mktemp("cont") / "base.pdf")


@pytest.mark.parametrize("rows,repeat", [(4, True), (3, False)], ids=["header_repeated", "bare"])
def test_rows_at_the_top_of_an_unruled_continuation_page_stay_in_their_table(base, tmp_path, rows, repeat):
    spec, doc0, rep0 = base
    spec = spec.copy()
    for t in spec.tables:
        t.rows_per_page, t.repeat_header_on_continuation, t.continuation_mark = rows, repeat, False
    doc, rep = _read(spec, tmp_path / "broken.pdf")
    for t0, t in zip(doc0.tables, doc.tables):
        assert t.type == t0.type
        if t.type in ("02", "03", "05"):  # (one column more or less where a page prints it empty)
            assert [[x for x in r.texts if x] for r in t.rows] == [[x for x in r.texts if x] for r in t0.rows], t.title
        else:  # (a split 06 prints its blocks page by page; a 10's sub-header rows may be dropped)
            figures = sorted(c.text for r in t0.rows for c in r.cells if c.value is not None and "." in c.text)
            assert sorted(c.text for r in t.rows for c in r.cells if c.value is not None and "." in c.text) == figures, t.title
    said = {s.text for s in doc0.narrative}
    assert [s.text for s in doc.narrative if s.text not in said] == []
    assert _errors(rep) == _errors(rep0)


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_a_page_holding_only_the_figure_less_last_row_and_the_empty_note(tmp_path, ruled):
    """Seed 1's figure-less 10 with its 合计 row printed last, 6 rows a page under 续表: the last page
    holds that row (行次 only) and the note "说明：本表无数据". The page continues the table and its
    note empties it, as in one page (it was read as its 18 rows)."""
    spec = load_seed(1)
    spec.forms = []
    t = next(t for t in spec.tables if t.title == "部门决算公开相关信息统计表")
    assert t.empty_note and t.rows[0][0] == "合计"
    t.rows = t.rows[1:] + t.rows[:1]
    t.rows_per_page, t.repeat_header_on_continuation = 6, False
    render_pdf(spec, tmp_path / "t.pdf", ruled=ruled)
    (t,) = [t for t in open_disclosure(tmp_path / "t.pdf").tables if t.type == "10"]
    assert len(t.pages) >= 3 and t.rows == [] and "本表无数据" in (t.note or "")


def test_a_note_pushed_over_the_page_break_stays_with_its_table(tmp_path):
    """Seed 1's empty 06 in a larger font, its last row at the foot of a page: its note (注：… /
    说明：本表无数据) is all the next page prints above the next title. The note is the table's (it
    was read as 情况说明 sentences, and the table as its 29 rows without the note that empties it)."""
    from tests.fixtures.variants import total_row_last

    spec = total_row_last(load_seed(1))
    spec.forms, spec.cover = [], False
    for t in spec.tables:
        t.code_style, t.font_size = "split", 10.5
    render_pdf(spec, tmp_path / "t.pdf", ruled=False)
    doc = open_disclosure(tmp_path / "t.pdf")
    (t,) = [t for t in doc.tables if t.type == "06"]
    assert len(t.pages) >= 2 and t.rows == [] and "本表无数据" in (t.note or "")
    assert not any("本表无数据" in s.text for s in doc.narrative)


def test_the_header_printed_again_over_an_empty_tables_last_rows(tmp_path):
    """Seed 1's empty 06 split over pages with its header printed again: the last page holds the
    header, the figure-less 合计 row and the note "说明：本表无数据". That page opens on the table's own
    header cells, so it continues the table and the note empties it (it was read as its 28 rows)."""
    from tests.fixtures.variants import total_row_last, unit_in_title

    spec = unit_in_title(total_row_last(load_seed(1)))
    spec.forms = []
    for t in spec.tables:
        t.code_style, t.rows_per_page, t.font_size = "split", 15, 10.5
    render_pdf(spec, tmp_path / "t.pdf", ruled=False)
    doc = open_disclosure(tmp_path / "t.pdf")
    (t,) = [t for t in doc.tables if t.type == "06"]
    assert len(t.pages) == 3 and t.rows == [] and "本表无数据" in (t.note or "")


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_a_repeated_header_with_labels_set_a_character_a_line_over_rows_without_figures(tmp_path, ruled):
    """Seed 3's 04 without 行次, 15 rows a page: its second page prints the header again ("收" / "入"
    and "决" / "算" / "数" set a character a line, "政府性基金预国有资本经营" run together) over rows
    printing no figure in their first lines (十六、金融支出 …). The page continues the table (unruled,
    its rows were read as 情况说明 sentences: the 04 kept 15 of its 32 rows and B7 / B10 were lost)."""
    from tests.fixtures.variants import no_line_numbers

    def read(spec, name):
        render_pdf(spec, tmp_path / name, ruled=ruled)
        doc = open_disclosure(tmp_path / name)
        found = sorted((f.rule, f.severity) for f in run_checks(doc).findings if f.severity != "info")
        return doc, found

    spec = no_line_numbers(load_seed(3))
    spec.forms = []
    doc0, found0 = read(spec.copy(), "base.pdf")
    for t in spec.tables:
        t.rows_per_page = 15
    doc, found = read(spec, "paged.pdf")
    (t0,) = [t for t in doc0.tables if t.type == "04"]
    (t,) = [t for t in doc.tables if t.type == "04"]
    assert len(t.pages) == 3
    assert [[x for x in r.texts if x] for r in t.rows] == [[x for x in r.texts if x] for r in t0.rows]
    assert [(x.type, len(x.rows)) for x in doc.tables] == [(x.type, len(x.rows)) for x in doc0.tables]
    assert found == found0 and ("B7", "error") in found


def test_sweep_trial_291():
    """Layout-sweep trial 291 (seed 3 unruled, full-width figures, no 行次): the wider figures break
    the 04 over a page with its header repeated; the rows there were lost (32 → 23: B7, B10)."""
    from benchmarks.layout_sweep import run

    assert run(1, 291, False)["differing"] == []
