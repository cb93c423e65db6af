"""Tables of names without 科目代码, their 类 / 款 / 项 given by the reader as `Row.level` (from the
names' indentation): the hierarchy rules foot them by level (A7) and the ties between tables match
their 科目 by name under the 类 / 款 matched above (B2, B7, B12) — a planted error is found, a clean
table raises none, and an empty code is never a key (`code_rows` stays the coded rows)."""
from __future__ import annotations

from auditdesk.checks import run_checks
from auditdesk.checks.index import TableView
from auditdesk.parsing.model import Cell
from tests.checks import mini


def _names_only(t, rename=None):
    """The coded table printed as names: the codes gone, each row's level kept (as the reader sets it)."""
    for r in t.rows:
        if r.code:
            r.cells[0] = Cell.of("", r.cells[0].page, r.cells[0].bbox)
            r.code = None
            if rename and r.label in rename:
                r.label = rename[r.label]
                r.cells[1] = Cell.of(r.label, r.cells[1].page, r.cells[1].bbox)
    return t


def _t03(**change):
    t = mini.t03()
    for r in t.rows:
        if r.label in change:
            r.cells[2:4] = [Cell.of(x, c.page, c.bbox) for x, c in zip(change[r.label], r.cells[2:4])]
    return t


def _errors(*tables, rule):
    return [f for f in run_checks(mini.doc(*tables)).findings if f.rule == rule and f.severity == "error"]


def test_level_rows_are_the_names_only_tables_and_no_code_is_made_up():
    coded, names = mini.t03(), _names_only(mini.t03())
    assert TableView(coded, "03", 0).level_rows() == []
    v = TableView(names, "03", 0)
    assert v.code_rows() == []
    assert v.level_rows()[:4] == [(1, 1), (2, 2), (3, 3), (4, 2)]
    assert v.hierarchy_rows() == [(i, lvl) for i, _code, lvl in TableView(coded, "03", 0).code_rows()]


def test_a7_foots_a_names_only_table_by_level():
    assert not _errors(_names_only(_t03()), rule="A7")
    # 机构运行 one 万元 more than its 款 科技条件与服务
    found = _errors(_names_only(_t03(机构运行=("385.51", "385.51"))), rule="A7")
    assert found and all("科技条件与服务" in f.message for f in found)


def test_b12_matches_names_under_their_class_and_a_name_printed_two_ways():
    t03 = _names_only(mini.t03())
    # 05 calls the 款 "科技条件和服务": the same item (C13's concern), not one missing from 03
    assert not _errors(t03, _names_only(mini.t05(), rename={"科技条件与服务": "科技条件和服务"}), rule="B12")
    # 03's 机构运行 (and its 款, 类) less than 05's
    low = _names_only(_t03(科学技术支出=("405.00", "383.24"), 科技条件与服务=("383.24", "383.24"),
                           机构运行=("383.24", "383.24")))
    found = _errors(low, _names_only(mini.t05()), rule="B12")
    assert {f.message.split("：")[0].split(" / ")[0] for f in found} == {
        "科学技术支出", "科学技术支出 > 科技条件与服务", "科学技术支出 > 科技条件与服务 > 机构运行"}
