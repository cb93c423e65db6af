"""Every rule that ran is re-performed in the working paper: a formula for each comparison it
made, or a stated reason why its check cannot be a formula (workpaper_formulas.NOT_A_FORMULA).
Run on the generated seed disclosures here; on the real PDFs in test_workpaper_libreoffice.
"""
from __future__ import annotations

from collections import Counter

import pytest

from auditdesk.app.workpaper import write_workpaper
from auditdesk.app.workpaper_formulas import FORMULA_PENDING, NOT_A_FORMULA
from auditdesk.checks import run_checks
from auditdesk.checks.vocabulary import RAN
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.pdfs import seed_pdf


def assert_every_rule_reperformed(report, res, name: str = "") -> dict[str, str]:
    """rule → how it is re-performed; fails for a rule that ran, compared figures, and has
    neither a formula nor a reason. Returns the ledger (for messages / inspection)."""
    formulas = Counter(f.rule for f in res.formulas if f.kind == "rule")
    compared = Counter(c.rule for c in report.comparisons)
    numeric_findings = Counter(f.rule for f in report.findings if f.expected is not None or f.actual is not None)
    ledger: dict[str, str] = {}
    for cov in report.coverage:
        if cov.status != RAN:
            continue
        rid = cov.rule
        if formulas[rid]:
            ledger[rid] = f"{formulas[rid]} formulas"
        elif rid in NOT_A_FORMULA:
            ledger[rid] = "reason: " + NOT_A_FORMULA[rid]
        elif rid in FORMULA_PENDING:
            ledger[rid] = "pending: " + FORMULA_PENDING[rid]
        else:
            # ran, yet nothing to re-perform: only when it compared nothing and found nothing numeric
            assert not compared[rid] and not numeric_findings[rid], (
                f"{name}: {rid} compared {compared[rid]} figures ({numeric_findings[rid]} numeric findings) "
                f"but the workbook has no formula for it and NOT_A_FORMULA gives no reason")
            ledger[rid] = "compared nothing on this document"
    # a comparison the writer could not turn into a formula is stated on 检查覆盖, and must be rare
    assert not res.not_written, f"{name}: comparisons without a formula: {res.not_written}"
    # every comparison is written: as many re-performing formulas as comparisons (duplicates aside)
    distinct = {(c.rule, c.target, c.terms, c.kind) for c in report.comparisons}
    assert sum(formulas.values()) == len(distinct), name
    return ledger


@pytest.mark.parametrize("seed", range(5), ids=lambda i: f"seed{i}")
def test_every_rule_that_ran_on_a_seed_is_reperformed(seed, tmp_path_factory, tmp_path):
    path, _spec, _info = seed_pdf(tmp_path_factory, seed)
    doc = open_disclosure(str(path))
    report = run_checks(doc)
    res = write_workpaper(doc, report, None, tmp_path / "seed.xlsx")
    ledger = assert_every_rule_reperformed(report, res, f"seed{seed}")
    assert any(v.endswith("formulas") for v in ledger.values())
