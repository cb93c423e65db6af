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


def assert_every_rule_reperformed(report, comparisons, res, name: str = "") -> dict[str, str]:
    """rule → how it is re-performed; fails for a rule that ran, compared figures, and has
    neither a formula nor a reason. `comparisons`: what run_checks(trace=True) recorded.
    Returns the ledger (for messages / inspection)."""
    formulas = Counter(f.rule for f in res.formulas if f.kind == "rule")
    compared = Counter(c.rule for c in comparisons)
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
    distinct = {(c.rule, c.target, c.terms, c.kind) for c in comparisons}
    assert sum(formulas.values()) == len(distinct), name
    return ledger


@pytest.mark.parametrize("seed", range(5), ids=lambda i: f"seed{i}")
def test_every_rule_that_ran_on_a_seed_is_reperformed(seed, tmp_path_factory, tmp_path):
    path, _spec, _info = seed_pdf(tmp_path_factory, seed)
    doc = open_disclosure(str(path))
    report = run_checks(doc)  # as the window makes it: no record of comparisons, the writer re-runs
    res = write_workpaper(doc, report, None, tmp_path / "seed.xlsx")
    ledger = assert_every_rule_reperformed(report, run_checks(doc, trace=True).comparisons, res, f"seed{seed}")
    assert any(v.endswith("formulas") for v in ledger.values())


def test_evidence_crops_and_links_for_each_finding(tmp_path_factory, tmp_path):
    """Each finding with a page: a crop of the PDF region (the figure framed in red) on 证据,
    a link that opens the PDF at that page, and 问题清单 pointing at it; crops stay small."""
    import io
    import zipfile

    import openpyxl
    from PIL import Image

    from auditdesk.app.workpaper_evidence import FRAME

    path, _spec, _info = seed_pdf(tmp_path_factory, 0)
    doc = open_disclosure(str(path))
    report = run_checks(doc)
    paged = [f for f in report.findings if f.location.page]
    assert paged
    res = write_workpaper(doc, report, None, tmp_path / "e.xlsx")
    assert res.crops >= len([f for f in paged if f.location.bbox])
    wb = openpyxl.load_workbook(res.path)
    ws = wb["证据"]
    rows = {ws.cell(r, 1).value: r for r in range(ws.max_row, 6, -1) if ws.cell(r, 3).value}  # first row per id
    for f in paged:
        r = rows[f.id]
        link = ws.cell(r, 5).hyperlink
        assert link is not None and link.target == f"{path.resolve().as_uri()}#page={f.location.page}"
        assert ws.cell(r, 2).value == f.location.page
    assert len(ws._images) == res.crops
    with zipfile.ZipFile(res.path) as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("xl/media/")]
    # the 公开情况检查表 carries its own crops (the checklist's, possibly whole blank pages)
    assert len(media) == res.crops + len(wb["公开情况检查表"]._images)
    framed = 0
    for data in [im._data() for im in ws._images]:
        assert len(data) < 80_000  # a strip of the page, not the page
        pic = Image.open(io.BytesIO(data)).convert("RGB")
        assert pic.width > pic.height
        framed += any(pic.getpixel((x, y)) == FRAME for x in range(pic.width) for y in range(0, pic.height, 2))
    assert framed >= 1
    fl = wb["问题清单"]
    heads = [c.value for c in fl[6]]
    col = heads.index("证据") + 1
    linked = [fl.cell(r, col).hyperlink.location for r in range(7, fl.max_row + 1) if fl.cell(r, col).hyperlink]
    assert linked and all(x.startswith("'证据'!D") for x in linked)
