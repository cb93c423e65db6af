"""Unruled rows: numbered names wrapped in a narrow column (grid._numbered_wraps) and a
numbered name never folded into another row's name (grid._two_names)."""
from __future__ import annotations

from auditdesk.parsing.grid import _merge_wrapped, _numbered_wraps
from auditdesk.parsing.lines import Line
from auditdesk.parsing.pdf_text import Word

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
