"""Tables of names without 科目编码, their 类 / 款 / 项 shown by indentation (county-level 预算 tables
print them so): each row's level is read from its indentation — leading full-width spaces, or the
text set in from its column — and agrees with what the codes say in the coded print. The checks
raise no error the coded print does not have; where a rule needs the codes it says so."""
from __future__ import annotations

import collections
import re
from decimal import Decimal

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed
from tests.fixtures.variants import FEATURES

CODED = ("02", "03", "05")


def _levels(table) -> list[int | None]:
    return [r.level for r in table.rows if r.kind == "data"]


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("feature", ["names_only_indented", "names_only_offset"])
@pytest.mark.parametrize("seed", [0, 2])
def test_levels_from_indentation(tmp_path, seed, feature, ruled):
    spec = load_seed(seed)
    spec.forms = []
    varied = FEATURES[feature](spec.copy())
    render_pdf(spec, tmp_path / "coded.pdf", ruled=ruled)
    render_pdf(varied, tmp_path / "names.pdf", ruled=ruled)
    d0, d1 = open_disclosure(tmp_path / "coded.pdf"), open_disclosure(tmp_path / "names.pdf")
    pairs = [(t0, t1) for t0, t1 in zip(d0.tables, d1.tables) if t0.type in CODED and len(t0.rows) > 3]
    assert pairs
    for t0, t1 in pairs:
        assert not any(r.code for r in t1.rows)
        assert _levels(t1) == _levels(t0), t1.title
        assert [r.label for r in t1.rows] == [r.label for r in t0.rows]  # (no indentation left in the names)
    errors = [(f.rule, f.message) for f in run_checks(d1).findings if f.severity == "error"]
    assert errors == [(f.rule, f.message) for f in run_checks(d0).findings if f.severity == "error"]


def test_names_at_one_depth_or_centred_get_no_level(tmp_path):
    """Names that all start at the same place say nothing of the hierarchy: no level is made up."""
    spec = load_seed(0)
    spec.forms = []
    varied = FEATURES["names_only_indented"](spec.copy())
    for t in varied.tables:
        t.rows = [[c.lstrip("\u3000") for c in r] for r in t.rows]
    render_pdf(varied, tmp_path / "flat.pdf", ruled=True)
    doc = open_disclosure(tmp_path / "flat.pdf")
    t = next(t for t in doc.tables if t.type == "05")
    assert not any(r.level for r in t.rows)
    cov = {c.rule: c for c in run_checks(doc).coverage}
    assert cov["A7"].status == "skipped" and "科目代码" in cov["A7"].why


def _bump(spec, title: str, delta: Decimal, columns=(2, 3)):
    """The first 项 of the table titled `title` changed by `delta` in its 合计 and 基本支出, and its
    款, 类 and 合计 row with it: the table still foots, the tables it is tied to no longer agree."""
    t = next(t for t in spec.tables if t.title == title)
    item = next(r for r in t.rows if len(r[0].strip()) == 7)[0].strip()
    for r in t.rows:
        code = r[0].strip()
        if code == "合计" or (code.isdigit() and item.startswith(code)):
            for c in columns:
                r[c] = f"{Decimal(r[c].replace(',', '')) + delta:.2f}"
    return spec


def _planted(spec):
    """Seed 0's first 项 of the 支出决算表 (机构运行) one 万元 more in its 基本支出: its 款 no longer foots."""
    t = next(t for t in spec.tables if t.title == "支出决算表")
    r = next(r for r in t.rows if len(r[0].strip()) == 7)
    r[3] = f"{Decimal(r[3].replace(',', '')) + 1:.2f}"
    r[2] = f"{Decimal(r[2].replace(',', '')) + 1:.2f}"
    return spec


def _errors(path) -> collections.Counter:
    """The table rules' errors (A, B) by rule and figures. (The narrative's C5 / C6 / C13 still look 科目
    up by code: see notes/robust-r12.md.)"""
    return collections.Counter((f.rule, tuple(re.findall(r"\d[\d,]*\.\d+", f.message)))
                               for f in run_checks(open_disclosure(path)).findings
                               if f.severity == "error" and f.rule[0] in "AB")


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("feature", ["names_only_indented", "names_only_offset"])
@pytest.mark.parametrize("plant,rules", [
    # a 项 of 03 no longer the sum of its 款 (A7)
    (_planted, {"A7"}),
    # 03's first 项, 款, 类 and total one 万元 less: 05's are more than 03's (B12) and 01's 类 and total
    # are not 03's (B2)
    (lambda spec: _bump(spec, "支出决算表", Decimal(-1)), {"B12", "B2"}),
    # 05's one 万元 more: its 类 and total are not 04's 一般公共预算 column's (B7), more than 03's (B12)
    (lambda spec: _bump(spec, "一般公共预算财政拨款支出决算表", Decimal(1)), {"B7", "B12"}),
], ids=["A7", "B12-B2", "B7-B12"])
def test_planted_errors_are_found_in_names_only_tables(tmp_path, plant, rules, feature, ruled):
    """The hierarchy and the ties between tables are read by level where no code is printed: a
    planted error is found as in the coded print (same rules, same figures)."""
    spec = plant(load_seed(0))
    spec.forms = []
    render_pdf(spec, tmp_path / "coded.pdf", ruled=ruled)
    render_pdf(FEATURES[feature](spec.copy()), tmp_path / "names.pdf", ruled=ruled)
    coded, names = _errors(tmp_path / "coded.pdf"), _errors(tmp_path / "names.pdf")
    assert rules <= {rule for rule, _ in coded}
    assert names == coded


@pytest.mark.parametrize("seed", [0, 2])
def test_names_printed_two_ways_are_the_same_item(tmp_path, seed):
    """Seed 2's 03 and 05 name one 款 two ways (技术与研究与开发 / 技术与研究开发, C13's warning in the
    coded print): by name alone the 05 item would be missing from 03 — a false B12. A name alike
    enough under the same 类 is the same item; no error the coded print lacks."""
    spec = load_seed(seed)
    spec.forms = []
    render_pdf(spec, tmp_path / "coded.pdf", ruled=True)
    render_pdf(FEATURES["names_only_indented"](spec.copy()), tmp_path / "names.pdf", ruled=True)
    assert _errors(tmp_path / "names.pdf") == _errors(tmp_path / "coded.pdf")
