"""Unruled rows: numbered names wrapped in a narrow column (grid._numbered_wraps) and a
numbered name never folded into another row's name (grid._two_names)."""
from __future__ import annotations

import pytest

from auditdesk.parsing.extract import open_disclosure
from auditdesk.parsing.grid import _merge_wrapped, _numbered_wraps
from auditdesk.parsing.lines import Line
from auditdesk.parsing.pdf_text import Word
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed
from tests.parsing.test_continuation_top_rows import _without_line_numbers

H = 10.5


def _line(y: float, *cells: tuple[float, str]) -> Line:
    return Line([Word(x, y, x + H * len(t) * (0.55 if t[0].isdigit() else 1.0), y + H, t) for x, t in cells])


def _texts(lines):
    return [" ".join(w.text for w in ln.words) for ln in lines]


def test_a_piece_under_a_full_numbered_name_is_its_second_line():
    # pitch 14 everywhere: the wrapped piece sits as far from its name as the next row
    lines = [_line(100, (245, "十三、交通运输支出")),
             _line(114, (245, "十四、资源勘探工业信息等")),
             _line(128, (245, "支出")),
             _line(142, (245, "十五、商业服务业等支出")),
             _line(156, (245, "十九、住房保障支出"), (400, "445.69"))]
    assert _texts(_numbered_wraps(lines)) == [
        "十三、交通运输支出", "十四、资源勘探工业信息等 支出", "十五、商业服务业等支出", "十九、住房保障支出 445.69"]


def test_a_row_under_a_short_name_or_before_an_unnumbered_row_stays():
    # "人大事务" under a name that does not fill the column is a row of its own; so is a piece
    # followed by a row that is not the next numbered name
    lines = [_line(100, (245, "一、一般公共服务支出")),
             _line(114, (245, "人大事务")),
             _line(128, (245, "十四、资源勘探工业信息等")),
             _line(142, (245, "支出")),
             _line(156, (245, "工业和信息产业监管"))]
    assert _texts(_numbered_wraps(lines)) == _texts(lines)


def test_a_numbered_name_is_not_folded_into_the_total_below_it():
    lines = [_line(100, (60, "一、一般公共预算财政拨款"), (200, "21.63")),
             _line(120, (60, "二、政府性基金预算财政拨款")),
             _line(140, (60, "三、国有资本经营预算财政拨款")),
             _line(151, (110, "总计"), (200, "2,961.68"))]
    assert _texts(_merge_wrapped(lines)) == _texts(lines)


@pytest.mark.parametrize("seed", [0, 2])
def test_a_narrow_portrait_04_without_rules_reads_as_ruled(tmp_path, seed):
    """The seed's 财政拨款收入支出决算总表 without 行次, portrait at 11 pt: most 支出 names wrap
    ("二十二、灾害防治及" / "应急管理支出"), as in the real narrow prints."""
    spec = load_seed(seed)
    spec.forms = []
    spec.tables = [t for t in spec.tables if t.title.startswith("财政拨款收入支出决算总表")]
    t = spec.tables[0]
    _without_line_numbers(t)
    t.landscape, t.font_size = False, 11.0
    read = {}
    for ruled in (True, False):
        path = tmp_path / f"{ruled}.pdf"
        render_pdf(spec.copy(), path, ruled=ruled)
        read[ruled] = [[x for x in r.texts if x] for r in open_disclosure(path).tables[0].rows]
    assert sum(len(x) > 7 for r in read[True] for x in r if not x[0].isdigit()) >= 20  # (the case: wrapped names)
    assert read[False] == read[True]
