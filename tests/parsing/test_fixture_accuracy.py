"""Extraction accuracy on PDFs rendered from the five seeds (real figures, real titles),
ruled and unruled, against the generator's ground truth."""
from __future__ import annotations

import pytest

from benchmarks.accuracy import Score, auditdesk_rows, score_rows, truth_rows
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.pdfs import seed_pdf

SEEDS = range(5)


def _score(tmp_path_factory, i, ruled) -> tuple[Score, object, object]:
    path, spec, info = seed_pdf(tmp_path_factory, i, ruled=ruled)
    doc = open_disclosure(path)
    return score_rows(truth_rows(info), auditdesk_rows(doc)), doc, info


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("i", SEEDS)
def test_every_table_found_with_title_and_unit(tmp_path_factory, i, ruled):
    score, doc, info = _score(tmp_path_factory, i, ruled)
    assert score.missing_tables == []
    titles = {t.title for t in doc.tables}
    for t in info.tables:
        assert t.title.replace(" ", "") in titles
    for t in doc.tables:
        if t.kind == "table":
            assert t.unit in ("万元", "元"), t.title


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("i", SEEDS)
def test_cell_accuracy_at_least_99_5_percent(tmp_path_factory, i, ruled):
    s, _, _ = _score(tmp_path_factory, i, ruled)
    assert s.cells > 100
    assert s.accuracy >= 0.995, (s.accuracy, s.wrong[:5])


def test_split_codes_and_forced_page_breaks(tmp_path_factory):
    path, spec, info = seed_pdf(tmp_path_factory, 0, ruled=True, code_style="split", rows_per_page=8)
    doc = open_disclosure(path)
    t = doc.table("支出决算表")
    assert len(t.pages) >= 2
    assert t.columns[:3] == ["类", "款", "项"]
    codes = [r.code for r in t.rows if r.code]
    assert "2060501" in codes and "206" in codes
    s = score_rows(truth_rows(info), auditdesk_rows(doc))
    assert s.accuracy >= 0.97, s.wrong[:5]


VARIANTS = {
    "split-codes": dict(code_style="split"),
    "3-pages-repeated-header": dict(rows_per_page=9),
    "续表-no-header": dict(rows_per_page=7, repeat_header_on_continuation=False, code_style="split"),
    "small-font": dict(font_size=7.5),
}


@pytest.mark.parametrize("variant", VARIANTS, ids=list(VARIANTS))
@pytest.mark.parametrize("i", SEEDS)
def test_ruled_layout_variants(tmp_path_factory, i, variant):
    path, spec, info = seed_pdf(tmp_path_factory, i, ruled=True, **VARIANTS[variant])
    s = score_rows(truth_rows(info), auditdesk_rows(open_disclosure(path)))
    assert s.missing_tables == []
    assert s.accuracy >= 0.995, (s.accuracy, s.wrong[:5])


def test_unruled_layout_variants_overall(tmp_path_factory):
    total = Score()
    for i in SEEDS:
        for variant in VARIANTS.values():
            path, spec, info = seed_pdf(tmp_path_factory, i, ruled=False, **variant)
            s = score_rows(truth_rows(info), auditdesk_rows(open_disclosure(path)))
            total.cells += s.cells
            total.exact += s.exact
    assert total.accuracy >= 0.97, total.accuracy
