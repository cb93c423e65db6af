"""Figures typed in full-width digits ("５７４．８３", as an input method leaves them in a Word
table): the cells keep what is printed, the reader and the checks read the amounts. A ruled table's
合计 row printing only full-width figures was taken for header (its rows one short, the 合计 lost:
false B1, B13, C8 errors). The text layer runs a full-width figure and the next cell's text into
one word ("４．４４30229"): cut one glyph off when weighed as ASCII (ruled), not cut at all (unruled)."""
from __future__ import annotations

import re

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from benchmarks.layout_sweep import rows
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed

_FULL = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")


def _errors(doc):
    return sorted((f.rule, tuple(re.findall(r"\d[\d,]*\.\d+", f.message)))
                  for f in run_checks(doc).findings if f.severity == "error" and f.rule[0] in "ABCDE")


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("seed", [0, 2])
def test_full_width_figures_read_as_their_ascii_print(tmp_path, seed, ruled):
    spec = load_seed(seed)
    spec.forms = []
    wide = spec.copy()
    for t in wide.tables:
        if t.kind == "table":
            t.rows = [[c.translate(_FULL) if re.fullmatch(r"-?[\d,]+\.\d+", c.strip()) else c for c in r] for r in t.rows]
    render_pdf(spec, tmp_path / "ascii.pdf", ruled=ruled)
    render_pdf(wide, tmp_path / "wide.pdf", ruled=ruled)
    d0, d1 = open_disclosure(tmp_path / "ascii.pdf"), open_disclosure(tmp_path / "wide.pdf")
    assert [(t.type, rows(t)) for t in d1.tables] == [(t.type, rows(t)) for t in d0.tables]
    assert any("．" in c.text for t in d1.tables for r in t.rows for c in r.cells)  # (printed as it is)
    assert _errors(d1) == _errors(d0)


def test_two_full_width_figures_run_together_are_two():
    """A 财政拨款收支总表 without rules prints 小计 and 一般公共预算 side by side: "１，１１２．１４１，１１２．１４"
    is one text-layer word, two figures (the first with its two decimals); a figure and a code, or a
    figure and a name, likewise."""
    from auditdesk.parsing.grid import _unglue_full_width
    from auditdesk.parsing.pdf_text import Word

    import unicodedata

    def word(raw, x1):
        return Word(100.0, 0.0, x1, 10.0, unicodedata.normalize("NFKC", raw), raw)

    cases = [(word("１，１１２．１４１，１１２．１４", 260.0), ["１，１１２．１４", "１，１１２．１４"]),
             (word("４．４４30229", 170.0), ["４．４４", "30229"]), (word("１２．５万元", 150.0), ["１２．５万元"])]
    for w, pieces in cases:
        got = _unglue_full_width([w])
        assert [p.raw for p in got] == pieces
        assert all(a.x1 <= b.x0 for a, b in zip(got, got[1:]))


# layout-sweep trials 25 and 129 (national_budget, full_width_figures, unruled): two figures run
# together in the 财政拨款收支总表 gave false A3, A11, B7; trials 461 and 477: the generator's
# empty_tables_noted took full-width figures for no figures and emptied every table
@pytest.mark.parametrize("trial", [25, 129, 461, 477])
def test_sweep_trials_with_full_width_figures_side_by_side(trial):
    from benchmarks.layout_sweep import run

    assert run(1, trial, False)["differing"] == []
