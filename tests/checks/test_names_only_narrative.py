"""The 情况说明 against tables of names without 科目代码 (类 / 款 / 项 shown by indentation, the reader's
`Row.level`): C5 (a 类 or 项 of the 一般公共预算 table), C6 (a 项's 年初预算 → 支出决算) and C13 (one
科目 named two ways) find a 科目 by its name under the 类 / 款 printed above it, and report what the
coded print reports — no finding lost, none added."""
from __future__ import annotations

import collections
import re
from decimal import Decimal

import pytest

from auditdesk.checks import run_checks
from auditdesk.checks.index import classify
from auditdesk.parsing.extract import open_disclosure
from auditdesk.parsing.model import Cell
from tests.checks.test_rule_cases import CASES
from tests.fixtures.plant import plant_narrative
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed
from tests.fixtures.variants import FEATURES

_FUNCTIONAL = ("02", "03", "05", "07", "08")


def _key(f) -> tuple:
    return f.rule, f.severity, tuple(re.findall(r"\d[\d,]*\.\d+", f.message))


def _names_only(doc):
    """The 功能分类 tables' codes taken away, each row's level kept (as the reader sets it from the
    names' indentation)."""
    for t in doc.tables:
        if classify(t) not in _FUNCTIONAL:
            continue
        for r in t.rows:
            if (r.code or "").strip().isdigit():
                assert r.level
                r.cells[0] = Cell.of("", r.cells[0].page, r.cells[0].bbox)
                r.code = None
    return doc


NARRATIVE_CASES = [c for c in CASES if c.rule[0] in "CD"]


@pytest.mark.parametrize("c", NARRATIVE_CASES, ids=[c.id for c in NARRATIVE_CASES])
def test_each_narrative_case_reads_alike_without_codes(c):
    """Every C / D rule case, its 科目 tables printed as names: the same findings (rule, severity,
    figures). Before, 20 differed: 19 lost a C3 / C5 / C6 / C13 finding, and "a 项's own 基本/项目
    split" gained a false C5 error (the 项 was not seen as a 科目 row, so its split was read as the
    table's)."""
    coded = collections.Counter(_key(f) for f in run_checks(c.doc(), rules=[c.rule]).findings if f.rule == c.rule)
    names = collections.Counter(_key(f) for f in run_checks(_names_only(c.doc()), rules=[c.rule]).findings
                                if f.rule == c.rule)
    assert names == coded


def _bump_item(spec, title: str, item: str, delta: Decimal, columns=(2, 3)):
    """The 项 named `item` of the table titled `title` changed by `delta` (合计 and 基本支出), its 款, 类
    and the 合计 row with it: the table foots; the 情况说明's figure for the 项 no longer agrees."""
    t = next(t for t in spec.tables if t.title == title)
    code = next(r[0].strip() for r in t.rows if len(r) > 1 and r[1].strip() == item and len(r[0].strip()) == 7)
    for r in t.rows:
        c = r[0].strip()
        if "合计" in (c, r[1].strip()) or (c.isdigit() and code.startswith(c)):
            for k in columns:
                r[k] = f"{Decimal(r[k].replace(',', '')) + delta:.2f}"
    return spec


def _rename(spec, title: str, old: str, new: str):
    t = next(t for t in spec.tables if t.title == title)
    for r in t.rows:
        if len(r) > 1 and r[1].strip() == old:
            r[1] = new
    return spec


T05 = "一般公共预算财政拨款支出决算表"
PLANTS = {
    # a 类's amount in the 一般公共预算 structure (C5, found by its first-level name)
    "C5-class": (0, lambda s: plant_narrative(s, "科学技术支出(类)406.12万元", "科学技术支出(类)407.12万元"), {"C5"}),
    # a 项's 支出决算 in the 情况说明 (C6, found by its name under its 款)
    "C6-item": (4, lambda s: plant_narrative(s, "支出决算为 506.44 万元", "支出决算为 507.44 万元"), {"C6"}),
    # the 05 table's 项 changed (and its 款, 类, total): the 情况说明's 项 no longer agrees (C6)
    "C6-table": (4, lambda s: _bump_item(s, T05, "行政运行", Decimal(1)), {"C6"}),
    # a 款 of 05 printed under a name alike its 03 name (C13)
    "C13-alike": (0, lambda s: _rename(s, T05, "科技条件与服务", "科技条件和服务"), {"C13"}),
    # the one 项 of 05 under a 款 not named as the one 项 left under that 款 in 03 (C13)
    "C13-other": (0, lambda s: _rename(s, T05, "事业单位医疗", "行政单位医疗"), {"C13"}),
}


def _narrative_findings(path) -> collections.Counter:
    return collections.Counter(_key(f) for f in run_checks(open_disclosure(path)).findings
                               if f.severity in ("error", "warning") and f.rule[0] in "CDE")


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("feature", ["names_only_indented", "names_only_offset"])
@pytest.mark.parametrize("plant", list(PLANTS))
def test_planted_narrative_errors_are_found_in_names_only_tables(tmp_path, plant, feature, ruled):
    """A planted error is found on the names-only print as on the coded print (same rules, same
    figures), and the names-only print adds no finding."""
    seed, apply, rules = PLANTS[plant]
    spec = load_seed(seed)
    spec.forms = []
    spec = apply(spec)
    render_pdf(spec.copy(), tmp_path / "coded.pdf", ruled=ruled)
    render_pdf(FEATURES[feature](spec.copy()), tmp_path / "names.pdf", ruled=ruled)
    coded, names = _narrative_findings(tmp_path / "coded.pdf"), _narrative_findings(tmp_path / "names.pdf")
    assert rules <= {k[0] for k in coded}
    assert names == coded


def _strip(t):
    for r in t.rows:
        if (r.code or "").strip().isdigit():
            r.cells[0] = Cell.of("", r.cells[0].page, r.cells[0].bbox)
            r.code = None
    return t


@pytest.mark.parametrize("names_only", ["02", "03", "05"])
def test_c13_with_one_table_of_names_keeps_the_codes_of_the_others(names_only):
    """One table printed as names, the others with codes: a 科目 named two ways is found as in the coded
    print. Two coded tables are matched by their codes: 05's 2101101 行政单位医疗 beside 03's 2101102
    事业单位医疗 (other codes: B12's concern) is no 科目 printed two ways. Where 03 or 05 prints no codes,
    the one 05 项 left under a 款 beside the one 03 项 left there is one 科目 named two ways (05's 科目 are
    03's): asked about (warning) — no code says whether it is renamed or missing."""
    from tests.checks.cases.narrative import T05_TWO_NAMES
    from tests.checks.mini import doc, t01, t02, t03, t04, t05, t06

    other_code = [r.replace("2101102\t行政单位医疗", "2101101\t行政单位医疗") for r in T05_TWO_NAMES]
    for rows, expected in ((T05_TWO_NAMES, 1), (other_code, 0 if names_only == "02" else 1)):
        tables = {"02": t02(), "03": t03(), "05": t05(rows)}
        tables[names_only] = _strip(tables[names_only])
        d = doc(t01(), tables["02"], tables["03"], t04(), tables["05"], t06(),
                narrative=["# 一、收入支出决算总体情况说明", "2024年度收入总计606.41万元。"])
        found = [f for f in run_checks(d, rules=["C13"]).findings if f.rule == "C13"]
        assert len(found) == expected, [f.message for f in found]
