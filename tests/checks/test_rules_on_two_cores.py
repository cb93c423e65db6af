"""A long single disclosure is checked on two cores (checks/engine.py `_check`): a forked copy
runs rules from the back of the list while this process runs them from the front. The report
is the one-process report — findings, ids, places, coverage and the working paper's
comparisons in rule order — also when the copy fails; a bundle's disclosures never fork again."""
from __future__ import annotations

import sys

import pytest

from auditdesk.checks import engine
from auditdesk.checks.engine import run_checks
from auditdesk.parsing import two_cores
from auditdesk.parsing.extract import open_disclosure
from tests.parsing.test_units import _render

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks a copy: Linux only")


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    d = tmp_path_factory.mktemp("rules")
    _render(0, d / "s.pdf")
    return open_disclosure(d / "s.pdf")


def _report(r):
    return ([(f.id, f.rule, f.severity, f.message, f.location, f.related) for f in r.findings],
            [(c.rule, c.status, c.why) for c in r.coverage], [repr(c) for c in r.comparisons])


@pytest.fixture
def copies(copies_made, monkeypatch):
    monkeypatch.setattr(engine, "RULES_ON_TWO_CORES", 1)  # (the rendered disclosure is short)
    return copies_made


def test_two_cores_report_what_one_reports(doc, copies, monkeypatch):
    monkeypatch.setattr(two_cores, "can_fork", lambda: False)
    one, one_traced = run_checks(doc), run_checks(doc, trace=True)
    assert not copies
    monkeypatch.setattr(two_cores, "can_fork", lambda: True)
    two, two_traced = run_checks(doc), run_checks(doc, trace=True)
    assert len(copies) == 2
    assert _report(two) == _report(one) and _report(two_traced) == _report(one_traced)
    assert one.findings and one_traced.comparisons


def test_a_failed_copy_leaves_its_rules_here(doc, copies, monkeypatch):
    class Failing(two_cores.Copy):
        def __init__(self, work):
            super().__init__(lambda: 1 / 0)

    monkeypatch.setattr(two_cores, "can_fork", lambda: False)
    one = run_checks(doc, trace=True)
    monkeypatch.setattr(two_cores, "can_fork", lambda: True)
    monkeypatch.setattr(two_cores, "Copy", Failing)
    assert _report(run_checks(doc, trace=True)) == _report(one)


def test_a_short_disclosure_is_checked_in_one_process(doc, monkeypatch):
    made = []
    monkeypatch.setattr(two_cores, "can_fork", lambda: True)
    monkeypatch.setattr(two_cores, "Copy", lambda work: made.append(work))
    assert doc.pages < engine.RULES_ON_TWO_CORES
    run_checks(doc)
    assert not made


def test_the_callers_work_runs_here_while_the_copy_runs_rules(doc, copies, monkeypatch):
    import os

    ran: list[int] = []
    monkeypatch.setattr(two_cores, "can_fork", lambda: True)
    run_checks(doc, meanwhile=lambda: ran.append(os.getpid()))
    assert ran == [os.getpid()] and copies
