"""One vocabulary (style.md 18): statuses, severities, labels and colours are defined once."""
from __future__ import annotations

import re
from pathlib import Path

from auditdesk.checks import vocabulary as v

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [p for d in ("app", "widgets", "checks", "parsing") for p in (ROOT / d).rglob("*.py")
           if p.name != "vocabulary.py"]


def test_every_severity_and_status_has_a_label_and_colour():
    assert set(v.SEVERITY_ZH) == set(v.SEVERITY_COLOR) == set(v.SEVERITY_FILL) == set(v.SEVERITIES)
    assert set(v.STATUS_COLOR) == set(v.STATUSES)
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in (*v.SEVERITY_COLOR.values(), *v.SEVERITY_FILL.values()))


def test_no_module_retypes_the_words_or_colours():
    retyped = []
    for p in SOURCES:
        text = p.read_text(encoding="utf-8")
        for pat in (r'=\s*"待核实"', r'=\s*"已确认问题"', r'=\s*"已排除"', r'"error":\s*"错误"', r'ERROR:\s*"错误"',
                    r"'error':\s*'错误'", r'fgColor="FF[0-9A-F]{4}"'):
            if re.search(pat, text):
                retyped.append(f"{p.relative_to(ROOT)}: {pat}")
    assert not retyped, retyped


def test_front_ends_share_the_objects():
    from auditdesk.app import session
    from auditdesk.checks import finding

    assert session.STATUSES is v.STATUSES and finding.SEVERITY_ZH is v.SEVERITY_ZH


def test_one_progress_and_cancelled():
    from auditdesk.parsing import errors, progress

    assert errors.Cancelled is progress.Cancelled


def test_counts_line():
    assert v.counts_line({v.ERROR: 2}, skipped=14) == "错误 2，核实 0，提示 0，未检查 14"


def test_skip_reasons_in_the_documents_words(tmp_path):
    """On a 预算 disclosure the coverage ledger (JSON, workbook, window) speaks of 预算 tables."""
    import dataclasses

    from auditdesk.checks.engine import run_checks
    from tests.widgets.sample_doc import build_sample

    final = build_sample(str(tmp_path / "x.pdf"))
    budget = dataclasses.replace(final, kind="部门预算")
    said = [c.why for c in run_checks(final).coverage if c.status == v.SKIPPED]
    assert any("决算" in why for why in said)
    assert [c.why for c in run_checks(budget).coverage if c.status == v.SKIPPED] == \
        [why.replace("决算", "预算") for why in said]
