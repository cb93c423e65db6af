"""OCR benchmark: accuracy and seconds per page of the OCR path on realistic office scans.

    python benchmarks/ocr.py [--seeds 0 1 2 3 4] [--long-seed 1] [--whole all|SEED …] [--json OUT.json] [--markdown]

For each seed, every page carrying a table is printed by the fixture generator and
"scanned" the way an office scanner does it (tests/fixtures/scan.py, style "office",
seeded: 150–200 dpi grey, skew up to ±1°, noise, dust, blur, JPEG 35–60, faint broken
rules, a red 公章 over figures on every third page, the second page upside-down and the
third sideways), then read back by `open_disclosure(..., ocr="auto")`. Reported per seed:
tables found, numeric cells exact and in place (same table, same printed row and column;
benchmarks/accuracy.py), all cells exact, wall and CPU seconds per page, low-confidence
cells, and whether the checks on the scan report the same discrepancies as on the
text-layer twin (the same pages, read from the text layer): every error of the twin is an
error or — resting on a low-confidence OCR figure — a 核实 on the scan, and the scan has
no other error.

Speed, memory and the checks are measured on a whole document as well: the `--long-seed`
seed scanned in full (30 pages: tables, narrative, 绩效 forms, cover), read in a process of
its own with the default parallelism (one page per core): its wall and CPU time, its peak
RSS, and its checks against those of the whole text-layer document. `--whole all` (or a list of
seeds) compares the checks on whole scanned documents for those seeds too (each read in a
child process like the long seed, ≈ 1.6 CPU s a page: about 5 CPU minutes for all five):
errors on the text twin missed on the scan, extra errors on the scan, and the twin's errors
the scan reports as 核实.

Needs the `ocr` extra (rapidocr-onnxruntime); without it the result says so.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import fmt_s, md_table, short_error, write_json  # noqa: E402

_NUMERIC = re.compile(r"^-?[\d,]*\d(\.\d+)?%?$")


def table_pages(info) -> list[int]:
    return sorted({p for t in info.tables for p in t.pages})


def truth(info, pages) -> dict[str, list[list[str]]]:
    """Ground truth of the tables printed entirely on `pages`."""
    from benchmarks.accuracy import _norm

    out: dict[str, list[list[str]]] = {}
    for t in info.tables:
        if t.pages and set(t.pages) <= set(pages):
            out.setdefault(_norm(t.title), []).extend([[_norm(c.text) for c in r.cells] for r in t.rows])
    return out


def numeric_only(rows: dict[str, list[list[str]]]) -> dict[str, list[list[str]]]:
    """The same truth with every non-numeric cell blanked (blank cells are not scored)."""
    return {k: [[c if _NUMERIC.match(c) else "" for c in r] for r in v] for k, v in rows.items()}


def records(findings) -> list[dict]:
    """The errors and warnings of a check, as plain values (a child process prints them)."""
    return [{"key": str(f.key), "severity": f.severity, "rule": f.rule, "table": f.location.table,
             "place": f.location.row_label, "narrative": f.location.narrative,
             "expected": None if f.expected is None else str(f.expected),
             "actual": None if f.actual is None else str(f.actual)}
            for f in findings if f.severity in ("error", "warning")]


def error_parity(scan, text) -> dict:
    """Compare the checks on a scan with those on its text-layer twin (reports, or their
    `records`): every error of the twin must be an error or a 核实 on the scan, and the scan
    must have no other error. A finding is matched by its key; a 情况说明 finding whose key
    differs only by the sentence index — the same rule, section and figures, at most three
    sentences away, because an OCR'd stop split or joined sentences differently — is the
    same discrepancy, counted as `moved` (not missed, not extra)."""
    scan = scan if isinstance(scan, list) else records(scan.findings)
    text = text if isinstance(text, list) else records(text.findings)
    want = {r["key"]: r for r in text if r["severity"] == "error"}
    got = {sev: {r["key"]: r for r in scan if r["severity"] == sev} for sev in ("error", "warning")}
    missed = set(want) - set(got["error"]) - set(got["warning"])
    extra = set(got["error"]) - set(want)
    as_warning = (set(want) - set(got["error"])) & set(got["warning"])
    moved = []
    for k in sorted(missed):
        a = want[k]
        if a["narrative"] is None:
            continue
        for sev, pool in (("error", extra), ("warning", set(got["warning"]) - set(want))):
            b = next((got[sev][e] for e in sorted(pool) if _same_discrepancy(a, got[sev][e])), None)
            if b is not None:
                moved.append(f"{k} → {b['key']}" + (" (核实)" if sev == "warning" else ""))
                missed.discard(k)
                extra.discard(b["key"])
                if sev == "warning":
                    as_warning.add(k)
                break
    return {"text_errors": len(want), "missed": sorted(missed), "extra": sorted(extra),
            "as_warning": sorted(as_warning), "moved": moved, "same": not missed and not extra}


def _same_discrepancy(a: dict, b: dict) -> bool:
    return (b["narrative"] is not None and abs(b["narrative"] - a["narrative"]) <= 3
            and all(a[k] == b[k] for k in ("rule", "table", "place", "expected", "actual")))


def run(seeds: list[int], long_seed: int | None = 1, whole: list[int] = ()) -> dict:
    from auditdesk.parsing import ocr

    if not ocr.available():
        return {"error": "OCR extra not installed (pip install -e '.[ocr]')"}
    import pymupdf

    from auditdesk.checks.engine import run_checks
    from auditdesk.parsing.extract import open_disclosure
    from benchmarks.accuracy import auditdesk_rows, score_rows
    from tests.fixtures import load_seed, render_pdf
    from tests.fixtures.scan import office_scan_pdf

    t0 = time.perf_counter()
    ocr.engine()
    startup = time.perf_counter() - t0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            src = Path(tmp) / f"seed{seed}.pdf"
            info = render_pdf(load_seed(seed), src, ruled=True)
            pages = table_pages(info)
            dst = Path(tmp) / f"seed{seed}_office.pdf"
            office_scan_pdf(src, dst, pages=pages, seed=seed)
            text = Path(tmp) / f"seed{seed}_text.pdf"
            with pymupdf.open(src) as d:
                d.select([p - 1 for p in pages])
                d.save(text)
            w0, c0 = time.perf_counter(), time.process_time()
            doc = open_disclosure(dst, ocr="auto")
            wall, cpu = time.perf_counter() - w0, time.process_time() - c0
            want = truth(info, pages)
            got = auditdesk_rows(doc)
            allc = score_rows(want, got)
            num = score_rows(numeric_only(want), got)
            parity = error_parity(run_checks(doc), run_checks(open_disclosure(text)))
            n = max(len(doc.ocr_pages), 1)
            low = sum(1 for *_x, c in doc.iter_cells() if c.confidence is not None and c.confidence < ocr.LOW_CONFIDENCE)
            rows.append({
                "seed": seed, "pages": len(doc.ocr_pages), "tables": len(want), "missing_tables": allc.missing_tables,
                "wall_s": wall, "cpu_s": cpu, "s_per_page": wall / n, "cpu_s_per_page": cpu / n,
                "numeric_cells": num.cells, "numeric_exact": num.exact, "numeric_accuracy": num.accuracy,
                "cells": allc.cells, "exact": allc.exact, "accuracy": allc.accuracy,
                "low_confidence_cells": low, "checks": parity, "wrong": num.wrong[:8],
            })
            print(f"seed {seed}: {len(doc.ocr_pages)} pages, {wall / n:.2f} s/page, numeric {num.accuracy:.2%}, "
                  f"all {allc.accuracy:.2%}, missing {allc.missing_tables}, checks same: {parity['same']}", file=sys.stderr)
        long_run = None
        whole_rows = []
        for seed in sorted(set(whole) | ({long_seed} if long_seed is not None else set())):
            w = _whole(seed, Path(tmp))
            if seed in whole:
                whole_rows.append({k: w[k] for k in ("seed", "pages", "ocr_pages", "tables", "cpu_s", "checks",
                                                      "load_average")})
            if seed == long_seed:
                long_run = w
                print(f"long scan seed {seed}: {w['pages']} pages in {w['wall_s']:.1f} s = {w['s_per_page']:.2f} s/page",
                      file=sys.stderr)
    tot = lambda k: sum(r[k] for r in rows)  # noqa: E731
    return {
        "startup_s": startup,
        "cpu_count": os.cpu_count(),
        "workers": ocr.workers(),
        "load_average": os.getloadavg(),
        "rows": rows,
        "long": long_run,
        "whole": whole_rows,
        "mean_s_per_page": tot("wall_s") / max(tot("pages"), 1),
        "numeric_accuracy": tot("numeric_exact") / max(tot("numeric_cells"), 1),
        "accuracy": tot("exact") / max(tot("cells"), 1),
        "tables": tot("tables"),
        "missing_tables": [t for r in rows for t in r["missing_tables"]],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _whole(seed: int, tmp: Path) -> dict:
    """One seed printed in full (tables, narrative, 绩效 forms, cover), scanned, read in a
    process of its own; its checks against those of the whole text-layer document."""
    import pymupdf

    from auditdesk.checks.engine import run_checks
    from auditdesk.parsing import ocr
    from auditdesk.parsing.extract import open_disclosure
    from tests.fixtures import load_seed, render_pdf
    from tests.fixtures.scan import office_scan_pdf

    src = tmp / f"seed{seed}_long.pdf"
    render_pdf(load_seed(seed), src, ruled=True)
    dst = tmp / f"seed{seed}_long_office.pdf"
    office_scan_pdf(src, dst, seed=seed)
    # read in a fresh process: its peak RSS is the reading's own (this process also
    # generated the scans), and its wall/CPU time excludes the interpreter's start
    child = _read_in_child(dst)
    parity = error_parity(child["findings"], run_checks(open_disclosure(src)))
    with pymupdf.open(dst) as d:
        n_pages = d.page_count
    wall = child["wall_s"]
    print(f"whole scan seed {seed}: {n_pages} pages, {child['cpu_s']:.0f} CPU s; missed {len(parity['missed'])}, "
          f"extra {len(parity['extra'])}, as 核实 {len(parity['as_warning'])} of {parity['text_errors']}", file=sys.stderr)
    return {"seed": seed, "pages": n_pages, "ocr_pages": child["ocr_pages"], "wall_s": wall, "cpu_s": child["cpu_s"],
            "s_per_page": wall / max(n_pages, 1), "workers": ocr.workers(), "tables": child["tables"],
            "peak_rss_mb": child["peak_rss_mb"], "checks": parity, "load_average": child["load_average"]}


_CHILD = """
import json, os, resource, sys, time
from auditdesk.parsing.extract import open_disclosure
w0, c0 = time.perf_counter(), time.process_time()
doc = open_disclosure(sys.argv[1], ocr="auto")
wall, cpu = time.perf_counter() - w0, time.process_time() - c0
ru = resource.getrusage(resource.RUSAGE_SELF)
from auditdesk.checks.engine import run_checks
found = run_checks(doc).findings
sys.path.insert(0, sys.argv[2])
from benchmarks.ocr import records
print(json.dumps({"wall_s": wall, "cpu_s": cpu, "findings": records(found),
                  "ocr_pages": len(doc.ocr_pages), "tables": len(doc.tables), "peak_rss_mb": ru.ru_maxrss / 1024,
                  "load_average": os.getloadavg()}))
"""


def _read_in_child(path) -> dict:
    import json
    import subprocess

    root = str(Path(__file__).resolve().parent.parent)
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path), root], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def to_markdown(r: dict) -> str:
    if "error" in r:
        return f"Not measured: {r['error']}"
    la = r.get("load_average") or (0, 0, 0)
    head = (
        f"Realistic office scans (`tests/fixtures/scan.py` style `office`) of every table page of each seed. "
        f"{r['tables'] - len(r['missing_tables'])}/{r['tables']} tables found; "
        f"**{r['numeric_accuracy']:.2%} of numeric cells exact and in place**, {r['accuracy']:.2%} of all cells. "
        f"Engine start-up {fmt_s(r['startup_s'])} s; {r['workers']} page(s) at a time on {r['cpu_count']} cores; "
        f"load average during the run {la[0]:.2f} (other processes competing for the cores inflate wall time). "
        f"Peak RSS of this benchmark process (which also generates the scans) {r['peak_rss_mb']:.0f} MB."
    )
    table = md_table(
        ["seed", "pages", "tables found", "numeric cells exact", "all cells exact", "s / page (wall)", "CPU s / page",
         "low-confidence cells", "checks = text twin"],
        [[x["seed"], x["pages"], f"{x['tables'] - len(x['missing_tables'])}/{x['tables']}",
          f"{x['numeric_exact']}/{x['numeric_cells']} ({x['numeric_accuracy']:.2%})",
          f"{x['exact']}/{x['cells']} ({x['accuracy']:.2%})", fmt_s(x["s_per_page"]), fmt_s(x["cpu_s_per_page"]),
          x["low_confidence_cells"],
          ("yes" if x["checks"]["same"] else f"no: missed {len(x['checks']['missed'])}, extra {len(x['checks']['extra'])}")
          + (f" ({len(x['checks']['as_warning'])} as 核实)" if x["checks"]["as_warning"] else "")
          + f" · {x['checks']['text_errors']} error(s) on the twin"]
         for x in r["rows"]],
    )
    out = head + "\n\n" + table if r["rows"] else ""
    lg = r.get("long")
    if lg:
        out += (
            f"\n\nWhole document: seed {lg['seed']} scanned in full, {lg['pages']} pages ({lg['ocr_pages']} read by OCR, "
            f"{lg['tables']} tables) in {fmt_s(lg['wall_s'])} s wall = **{fmt_s(lg['s_per_page'])} s per page** "
            f"({fmt_s(lg['cpu_s'] / max(lg['pages'], 1))} CPU s per page, {lg['workers']} pages at a time"
            + (f", load average {lg['load_average'][0]:.2f} at its end; peak RSS of the reading process "
               f"{lg['peak_rss_mb']:.0f} MB" if "peak_rss_mb" in lg else "")
            + ")."
        )
        ck = lg.get("checks")
        if ck:
            out += (f" Checks on the whole scan (情况说明 and 绩效 forms read by OCR too) against the whole text-layer "
                    f"document: {'the same' if ck['same'] else 'not the same'} — {ck['text_errors']} error(s) on the "
                    f"text layer, {len(ck['missed'])} missed, {len(ck['as_warning'])} reported as 核实, "
                    f"{len(ck['extra'])} extra error(s) on the scan.")
    wr = r.get("whole") or []
    if wr:
        out += (
            "\n\nWhole scanned documents against their text-layer twins (errors only; a twin's error the scan "
            "reports as 核实 counts as kept; an error keyed on another place counts as one missed and one extra, except "
            "a 情况说明 finding with the same rule, section and figures a sentence or two away, counted as moved):\n\n"
            + md_table(["seed", "pages (OCR)", "tables", "errors on the twin", "missed", "extra", "as 核实",
                        "same finding, another sentence", "CPU s", "load average"],
                       [[x["seed"], f"{x['pages']} ({x['ocr_pages']})", x["tables"], x["checks"]["text_errors"],
                         len(x["checks"]["missed"]), len(x["checks"]["extra"]), len(x["checks"]["as_warning"]),
                         len(x["checks"].get("moved", [])), f"{x['cpu_s']:.0f}", f"{x['load_average'][0]:.2f}"]
                        for x in wr])
        )
        bad = [(x["seed"], k, v) for x in wr for k in ("missed", "extra", "moved") for v in x["checks"].get(k, [])]
        if bad:
            out += "\n\n" + "\n".join(f"- seed {sd} {k}: `{v}`" for sd, k, v in bad)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="*", default=[0, 1, 2, 3, 4])
    ap.add_argument("--long-seed", type=int, default=1, help="seed scanned in full for the s/page figure (-1: none)")
    ap.add_argument("--whole", nargs="*", default=[], metavar="SEED",
                    help="seeds whose whole scan is checked against the whole text twin ('all': the five)")
    ap.add_argument("--json")
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args(argv)
    try:
        whole = [0, 1, 2, 3, 4] if "all" in a.whole else [int(x) for x in a.whole]
        result = run(a.seeds, None if a.long_seed < 0 else a.long_seed, whole)
    except Exception as exc:  # a benchmark reports, never crashes the run
        result = {"error": short_error(exc)}
    if a.markdown:
        print(to_markdown(result))
    write_json(a.json, result) if a.json else (None if a.markdown else write_json(None, result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
