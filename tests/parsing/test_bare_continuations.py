"""A table running on to a page that prints no header, no 续表 mark and no 行次: the page opens on
rows of the 收支总表's 支出 names alone (its 收入 half ended on the first page), most without a
figure, or on its last rows above the note — still the table's rows, not 情况说明 sentences."""
from __future__ import annotations

import pytest

from auditdesk.parsing.extract import open_disclosure
from benchmarks.layout_sweep import rows
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed
from tests.fixtures.variants import FEATURES


@pytest.mark.parametrize("ruled", [False, True], ids=["unruled", "ruled"])
def test_rows_of_names_alone_continue_the_table(tmp_path, ruled):
    spec = FEATURES["national_budget"](load_seed(3))
    spec.forms = []
    plain = tmp_path / "plain.pdf"
    render_pdf(spec.copy(), plain, ruled=ruled)
    varied = FEATURES["zeros_blank"](FEATURES["no_line_numbers"](spec.copy()))
    for t in varied.tables:
        if t.kind == "table":
            t.rows_per_page, t.repeat_header_on_continuation, t.continuation_mark = 10, False, False
    bare = tmp_path / "bare.pdf"
    render_pdf(varied, bare, ruled=ruled)
    d0, d1 = open_disclosure(plain), open_disclosure(bare)
    assert [(t.type, rows(t)) for t in d1.tables] == [(t.type, rows(t)) for t in d0.tables]
    assert not any("支出" in s.text and "、" in s.text[:4] for s in d1.narrative), [s.text for s in d1.narrative][:5]
