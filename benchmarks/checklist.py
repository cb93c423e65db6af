"""公开情况检查表 benchmark: what filling the form adds to `auditdesk check`, crops included.

    python benchmarks/checklist.py [--pdf FILE.pdf ...] [--runs 7] [--json OUT.json] [--markdown]

Target (issue 18): filling the form — finding the parts, filing every finding under its row,
rendering a crop of the page for every problem and writing the workbook — adds < 0.3 s to
`check` on a 30-page document. Also measured: the page facts the F rules read, added to
extraction (`page_extras` + `page_facts`: text hidden by clips, images, visible lines), and the
F rules' share of `run_checks`.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import REAL_DIR, REF_30, emit, fmt_ms, md_table, median_time  # noqa: E402

TARGET_S = 0.3
DEFAULT = [REF_30, REAL_DIR / "putuo_justice_2026_dept_budget.pdf", REAL_DIR / "putuo_justice_2026_unit_budget.pdf"]


def _page_facts_cost(pdf: Path) -> float:
    """Seconds `page_extras` + `page_facts` take over all pages (what extraction pays for F)."""
    import pymupdf

    from auditdesk.parsing.page_facts import page_extras, page_facts
    from auditdesk.parsing.pdf_text import read_page

    doc = pymupdf.open(pdf)
    try:
        pages = [read_page(p) for p in doc]
        t0 = time.perf_counter()
        for p, pt in zip(doc, pages):
            page_facts(pt, page_extras(p, pt.words, len(pt.hrules) + len(pt.vrules)))
        return time.perf_counter() - t0
    finally:
        doc.close()


def bench_one(pdf: Path, runs: int) -> dict:
    from auditdesk.app.checklist_xlsx import write_checklist
    from auditdesk.checks.checklist import fill
    from auditdesk.checks.engine import run_checks
    from auditdesk.checks.registry import RULES
    from auditdesk.parsing.extract import open_disclosure

    doc = open_disclosure(pdf)
    report = run_checks(doc)
    out: dict = {"doc": pdf.name, "pages": doc.pages, "findings": len(report.findings)}
    med, _t, filled = median_time(lambda: fill(doc, report), runs)
    out["fill_s"] = med
    out["rows"] = len(filled.rows)
    out["no_rows"] = sum(1 for r in filled.rows if r.verdict == filled.template.no)
    out["problems"] = sum(len(r.problems) for r in filled.rows)
    with tempfile.TemporaryDirectory() as d:
        path = str(Path(d) / "cl.xlsx")
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            write_checklist(fill(doc, report), path)
            times.append(time.perf_counter() - t0)
        out["fill_and_write_s"] = statistics.median(times)
        out["fill_and_write_max_s"] = max(times)
        from openpyxl import load_workbook

        out["crops"] = len(load_workbook(path).active._images)
    f_rules = [r for r in RULES if r.startswith("F")]
    med, _t, _r = median_time(lambda: run_checks(doc, rules=f_rules), runs)
    base, _t, _r = median_time(lambda: run_checks(doc, rules=[]), runs)
    out["f_rules_s"] = max(med - base, 0.0)
    out["page_facts_s"] = statistics.median(_page_facts_cost(pdf) for _ in range(max(3, runs // 2)))
    return out


def bench(pdfs: list[Path], runs: int) -> dict:
    return {"runs": runs, "docs": [bench_one(p, runs) for p in pdfs if p.exists()]}


def to_markdown(r: dict) -> str:
    if "error" in r:
        return f"Not measured: {r['error']}"
    rows = []
    for d in r["docs"]:
        ok = "✅" if d["fill_and_write_s"] < TARGET_S else "❌"
        rows.append([d["doc"], d["pages"], d["findings"], f"{d['no_rows']}/{d['rows']}", d["problems"], d["crops"],
                     fmt_ms(d["fill_s"]), f"{fmt_ms(d['fill_and_write_s'])} {ok}", fmt_ms(d["f_rules_s"]),
                     fmt_ms(d["page_facts_s"])])
    return (f"Median of {r['runs']} runs, in-process (imports done). *fill + write* is what `--checklist` adds to "
            f"`check`: parts found, findings filed, a crop rendered per problem, the workbook saved "
            f"(target < {TARGET_S * 1000:.0f} ms on 30 pages). *F rules* is their share of `run_checks`; "
            "*page facts* is what extraction pays for them (clip test, images, visible lines).\n\n"
            + md_table(["document", "pages", "findings", "否 rows", "problems", "crops", "fill ms",
                        "fill + write ms", "F rules ms", "page facts ms"], rows))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdf", type=Path, nargs="*", default=DEFAULT)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--json")
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args(argv)
    return emit(lambda: bench(a.pdf, a.runs), to_markdown, a.json, a.markdown)


if __name__ == "__main__":
    sys.exit(main())
