"""The 三公 table printed the other way round (its items as rows, 预算数 | 决算数 as columns, as
some provinces print it) is checked like the standard one: A18/A19 foot it, the 情况说明's 三公
figures are read from it (C8), and a planted slip is reported."""
from __future__ import annotations

from decimal import Decimal

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed
from tests.fixtures.variants import sangong_items_as_rows

SEED = 2  # its 三公 table prints figures (公务用车运行维护费)


def _check(spec, path):
    render_pdf(spec, path)
    doc = open_disclosure(path)
    return doc, run_checks(doc)


def _ran(report, rule):
    return next(c.status for c in report.coverage if c.rule == rule)


def _targets(report, rules="ABC"):
    """(rule, severity, sentence, figures) of the 三公 findings: where the verdict points, not how the
    message names a column."""
    return sorted((f.rule, f.severity, f.location.narrative, f.expected, f.actual) for f in report.findings
                  if f.rule[0] in rules and ("三公" in f.message or f.rule in ("A18", "A19", "C8", "B13")))


@pytest.fixture(scope="module")
def layouts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sangong")
    spec = load_seed(SEED)
    spec.forms = []
    return _check(spec.copy(), folder / "across.pdf"), _check(sangong_items_as_rows(spec.copy()), folder / "rows.pdf")


def test_items_as_rows_read_and_checked_like_the_standard_table(layouts):
    (doc0, rep0), (doc, rep) = layouts
    (t,) = [t for t in doc.tables if t.type == "09"]
    assert t.columns == ["项目", "预算数", "决算数"] and len(t.rows) == 6
    for rule in ("A18", "A19"):
        assert _ran(rep0, rule) == _ran(rep, rule) == "ran"
    assert any(f.rule == "C8" for f in rep.findings) or _ran(rep, "C8") == "ran"
    assert _targets(rep) == _targets(rep0)


@pytest.mark.parametrize("row,col,text,rule", [
    (4, 2, "4.70", "A19"),  # 决算数 公务用车运行维护费 4.20 → 4.70: 小计 ≠ 购置 + 运行
    (0, 1, "4.30", "A18"),  # 预算数 合计 4.20 → 4.30: 合计 ≠ 出国 + 公务用车 + 接待
])
def test_a_slip_in_the_items_as_rows_is_reported(tmp_path, row, col, text, rule):
    spec = sangong_items_as_rows(load_seed(SEED))
    spec.forms = []
    t = next(t for t in spec.tables if "三公" in t.title)
    t.rows[row][col] = text
    doc, rep = _check(spec, tmp_path / "slip.pdf")
    (v,) = [x for x in doc.tables if x.type == "09"]
    hits = [f for f in rep.findings if f.rule == rule and f.severity == "error"]
    assert hits and all(f.location.table == v.id for f in hits)


@pytest.mark.parametrize("items_as_rows", [False, True], ids=["across", "rows"])
def test_a_restated_sangong_figure_is_read_from_either_layout(tmp_path, items_as_rows):
    """The 情况说明 restates 支出决算 and 公务用车运行维护费 (4.20): each, changed, disagrees with the
    table cell it names, in either layout."""
    from tests.fixtures.plant import plant_narrative

    spec = load_seed(SEED)
    spec.forms = []
    spec = plant_narrative(spec, "支出决算4.20万元", "支出决算4.50万元")
    spec = plant_narrative(spec, "公务用车运行维护费支出4.20万元，完成", "公务用车运行维护费支出4.40万元，完成")
    if items_as_rows:
        spec = sangong_items_as_rows(spec)
    doc, rep = _check(spec, tmp_path / "said.pdf")
    (v,) = [x for x in doc.tables if x.type == "09"]
    c8 = sorted((f.actual, f.expected) for f in rep.findings if f.rule == "C8" and f.severity == "error")
    # (and the 完成全年预算的100.00% of both sentences no longer holds: 4.50/4.20, 4.40/4.20)
    assert c8 == sorted([(Decimal("4.50"), Decimal("4.20")), (Decimal("4.40"), Decimal("4.20")),
                         (Decimal("100.00"), Decimal("107.14")), (Decimal("100.00"), Decimal("104.76"))]), c8
    assert all(f.location.table == v.id or v.id in {r.table for r in f.related}
               for f in rep.findings if f.rule == "C8" and f.severity == "error")


# a 预算's 三公 table printing last year's budget beside this year's (2024年预算数 | 2025年预算数):
# the 情况说明's figures are this year's
_LAST = ["10.00", "2.00", "5.00", "0.00", "5.00", "3.00"]
_THIS = ["8.00", "1.00", "4.50", "0.00", "4.50", "2.50"]
_ITEMS = ["合计", "因公出国（境）费", "公务用车购置及运行费", "<", "<", "公务接待费"]
_SUB = ["^", "^", "小计", "公务用车购置费", "公务用车运行费", "^"]
_NAMES = ["合计", "1.因公出国（境）费", "2.公务用车购置及运行费", "（1）公务用车购置费", "（2）公务用车运行费", "3.公务接待费"]


def _two_years(layout: str, said: str):
    from tests.fixtures.budget import national_budget_spec
    from tests.fixtures.spec import TableSpec

    spec = national_budget_spec()
    title = "2025年一般公共预算“三公”经费支出表"
    if layout == "rows":
        spec.tables.append(TableSpec(title=title, header=[["项目", "2024年预算数", "2025年预算数", "增减"]],
                                     rows=[[n, a, b, f"{Decimal(b) - Decimal(a):.2f}"]
                                           for n, a, b in zip(_NAMES, _LAST, _THIS)]))
    else:
        spec.tables.append(TableSpec(title=title, header=[["2024年预算数"] + ["<"] * 5 + ["2025年预算数"] + ["<"] * 5,
                                                          _ITEMS + _ITEMS, _SUB + _SUB], rows=[_LAST + _THIS]))
    spec.narrative += ["五、“三公”经费预算情况说明",
                       f"2025年“三公”经费预算{said}万元，比上年减少2.00万元。其中：因公出国（境）费1.00万元，"
                       "公务用车购置及运行费4.50万元，公务接待费2.50万元。"]
    return spec


@pytest.mark.parametrize("layout", ["across", "rows"])
def test_this_years_budget_column_is_read_not_last_years(tmp_path, layout):
    doc, rep = _check(_two_years(layout, "8.00"), tmp_path / "ok.pdf")
    assert _ran(rep, "C8") == _ran(rep, "A18") == "ran"
    assert not [f.message for f in rep.findings if f.rule in ("C8", "A18", "A19") and f.severity == "error"]
    # a change on last year is negative when spending fell: no 负数 to verify
    assert not [f.message for f in rep.findings if f.rule == "A21" and "增减" in f.message]
    doc, rep = _check(_two_years(layout, "8.30"), tmp_path / "slip.pdf")
    c8 = [(f.actual, f.expected) for f in rep.findings if f.rule == "C8" and f.severity == "error"]
    assert c8 == [(Decimal("8.30"), Decimal("8.00"))]
