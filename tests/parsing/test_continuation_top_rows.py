"""A ruled table broken over pages without its header printed again: the rows at the top of
the continuation page that print no figures ("十六、金融支出", "十七、援助其他地区支出" in the
real 财政拨款收入支出决算总表, which prints no 行次) are the table's rows, not a header to
drop. Every table reads the rows of the unbroken print, whichever rows the break puts on top."""
from __future__ import annotations

import pytest

from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed


def _rows(doc):
    return {t.title: [[x for x in r.texts if x] for r in t.rows] for t in doc.tables}


def _without_line_numbers(t) -> None:
    """The 收支总表 as the real one prints it: 项目 | 金额 ‖ 项目 | 合计 …, no 行次, no 栏次 row."""
    drop = [j for j, name in enumerate(t.header[1]) if name == "行次"]
    t.header = [[c for j, c in enumerate(r) if j not in drop] for r in t.header[:2]]
    t.rows = [[c for j, c in enumerate(r) if j not in drop] for r in t.rows]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    spec = load_seed(0)
    spec.forms = []
    spec.tables = [t for t in spec.tables if t.title.startswith("财政拨款收入支出决算总表")]
    _without_line_numbers(spec.tables[0])
    path = tmp_path_factory.mktemp("top") / "base.pdf"
    render_pdf(spec.copy(), path, ruled=True)
    return spec, _rows(open_disclosure(path))


@pytest.mark.parametrize("rows", [9, 15, 16])  # the next page opens on 十、…支出 / 十六、… / 十七、… (no figures)
@pytest.mark.parametrize("mark", [False, True], ids=["bare", "xubiao"])
def test_figure_less_rows_on_top_of_a_continuation_page_stay_rows(base, tmp_path, rows, mark):
    spec, rows0 = base
    spec = spec.copy()
    t = spec.tables[0]
    t.rows_per_page, t.repeat_header_on_continuation, t.continuation_mark = rows, False, mark
    top = t.rows[rows]  # 项目 | 金额 ‖ 项目 | 合计 …: the case is a row printing no figure
    assert top[2] and not any(c.strip() for j, c in enumerate(top) if j not in (0, 2))
    path = tmp_path / "broken.pdf"
    render_pdf(spec, path, ruled=True)
    doc = open_disclosure(path)
    assert len(doc.tables[0].pages) >= 2
    assert _rows(doc) == rows0
    assert any("十六、金融支出" in r for r in rows0["财政拨款收入支出决算总表"])
