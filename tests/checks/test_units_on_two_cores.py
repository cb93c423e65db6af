"""A file bundling several disclosures is checked on two cores (a forked copy checks every
other disclosure, checks/engine.py): the report is the one-process report — findings, their
ids and places, coverage and the working paper's comparisons — also when the copy fails."""
from __future__ import annotations

import sys
import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing import two_cores
from auditdesk.parsing.extract import open_disclosure
from tests.parsing.test_units import _bundle, _render

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks a copy: Linux only")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    d = tmp_path_factory.mktemp("two")
    parts = []
    for k, seed in enumerate((0, 1, 2)):
        _render(seed, d / f"s{k}.pdf")
        parts.append(d / f"s{k}.pdf")
    _bundle(parts, d / "bundle.pdf")
    doc = open_disclosure(d / "bundle.pdf")
    assert len(doc.units) == 3
    return doc


def _report(r):
    return ([(f.id, f.rule, f.severity, f.message, f.location, f.related) for f in r.findings],
            [(c.rule, c.status, c.why) for c in r.coverage],
            [(c.kind, c.target, c.terms) if hasattr(c, "terms") else repr(c) for c in r.comparisons])


def test_two_cores_report_what_one_reports(bundle, copies_made, monkeypatch):
    # (a suite that ran the window's tests keeps Qt's worker threads registered with Python:
    # the copy is asked for here whatever they left; the copy itself only runs the rules)
    monkeypatch.setattr(two_cores, "can_fork", lambda: True)
    from auditdesk.checks import engine

    monkeypatch.setattr(engine, "RULES_ON_TWO_CORES", 1)  # a bundle's disclosure never shares out its rules
    two = run_checks(bundle, trace=True)
    assert len(copies_made) == 1
    monkeypatch.setattr(two_cores, "can_fork", lambda: False)
    one = run_checks(bundle, trace=True)
    assert len(copies_made) == 1  # (one process: no copy)
    assert _report(two) == _report(one)
    assert two.findings and two.comparisons


def test_a_failed_copy_leaves_its_disclosures_here(bundle, monkeypatch):
    class Failing(two_cores.Copy):
        def __init__(self, work):
            super().__init__(lambda: 1 / 0)

    one = run_checks(bundle)
    monkeypatch.setattr(two_cores, "can_fork", lambda: True)
    monkeypatch.setattr(two_cores, "Copy", Failing)
    assert _report(run_checks(bundle)) == _report(one)


def test_the_callers_work_runs_here_while_the_copy_checks(bundle, monkeypatch):
    """`meanwhile` (the command writes the tables' JSON) runs once, in this process, before the
    copy's part is awaited; the disclosures are shared out as they are checked, from both
    ends, and the report is the one-process report."""
    import os

    ran: list[int] = []
    monkeypatch.setattr(two_cores, "can_fork", lambda: True)
    two = run_checks(bundle, meanwhile=lambda: ran.append(os.getpid()))
    assert ran == [os.getpid()]
    monkeypatch.setattr(two_cores, "can_fork", lambda: False)
    ran.clear()
    one = run_checks(bundle, meanwhile=lambda: ran.append(os.getpid()))
    assert ran == []  # one process: the caller does its own work after
    assert _report(two) == _report(one)


def test_a_slow_rule_leaves_the_rest_to_the_copy(bundle, monkeypatch):
    """Shared out as checked, rule by rule, not halved: while this process runs a slow first rule
    of the first disclosure, the copy runs every other rule of the bundle — the first
    disclosure's others too — and the first disclosure is put together here from both."""
    import os
    import time

    from auditdesk.checks import engine

    here, real = os.getpid(), engine._Disclosure.rule
    ran_here: list[tuple[int, int]] = []

    def timed(self, n):
        if os.getpid() == here:
            ran_here.append((self.doc.units[0].first, n))
            if len(ran_here) == 1:
                time.sleep(1.5)
        return real(self, n)

    one = run_checks(bundle)
    monkeypatch.setattr(engine._Disclosure, "rule", timed)
    monkeypatch.setattr(two_cores, "can_fork", lambda: True)
    two = run_checks(bundle)
    assert ran_here == [(bundle.units[0].first, 0)]  # the first rule only: the copy ran all the others
    assert _report(two) == _report(one)
