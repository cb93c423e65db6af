"""One parametrised loader over every rule's pass/fail cases (sqlfluff style)."""
from __future__ import annotations

import importlib
import pkgutil

import pytest

import tests.checks.cases as cases_pkg
from auditdesk.checks import run_checks


def all_cases():
    out = []
    for m in pkgutil.iter_modules(cases_pkg.__path__):
        mod = importlib.import_module(f"tests.checks.cases.{m.name}")
        out.extend(getattr(mod, "CASES", []))
    return out


CASES = all_cases()


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_case(c):
    report = run_checks(c.doc(), rules=[c.rule])
    cov = {x.rule: x for x in report.coverage}[c.rule]
    got = [f for f in report.findings if f.rule == c.rule]
    if c.status != "ran":
        assert cov.status != "ran", cov
        assert not got
        return
    assert cov.status == "ran", cov
    if c.kind == "pass":
        assert not got, [f.message for f in got]
        return
    assert got, f"expected findings, coverage: {cov}"
    if c.expect:
        actual = sorted((f.severity, f.location.row_label, f.location.column) for f in got)
        for sev, label, col in c.expect:
            assert any(s == sev and (label is None or lab == label) and (col is None or cc == col)
                       for s, lab, cc in actual), (sev, label, col, actual, [f.message for f in got])
        assert len(got) == len(c.expect), [f.message for f in got]
    for f in got:
        assert f.message
