"""OCR benchmark: seconds per page and cell accuracy of the OCR fallback on scanned fixtures.

    python benchmarks/ocr.py [--seeds 0 2] [--dpi 150] [--json OUT.json] [--markdown]

Each seed's table pages (a 3-page excerpt: portrait 总表 + landscape tables) are printed by
the fixture generator, "scanned" by tests/fixtures/scan.py (150 dpi, ±0.4° skew, noise,
JPEG q60), and read back by `open_disclosure(..., ocr="auto")`. Reported: the engine's
one-off start-up (import + model load), wall and CPU seconds per OCR'd page, and the share
of ground-truth cells extracted exactly (benchmarks/accuracy.py). A garbled-font excerpt
(fonts without /ToUnicode, vector rules kept) is measured the same way.

Needs the `ocr` extra (rapidocr-onnxruntime); without it the result says so.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import fmt_s, md_table, short_error, write_json  # noqa: E402

EXCERPTS = {0: [3, 4, 5], 1: [3, 4, 5], 2: [3, 4, 9], 3: [3, 4, 5], 4: [3, 4, 5]}


def _truth(info, pages):
    from benchmarks.accuracy import _norm

    out: dict[str, list[list[str]]] = {}
    for t in info.tables:
        if t.pages and set(t.pages) <= set(pages):
            out.setdefault(_norm(t.title), []).extend([[_norm(c.text) for c in r.cells] for r in t.rows])
    return out


def run(seeds: list[int], dpi: int = 150) -> dict:
    from auditdesk.parsing import ocr

    if not ocr.available():
        return {"error": "OCR extra not installed (pip install -e '.[ocr]')"}
    from auditdesk.parsing.extract import open_disclosure
    from benchmarks.accuracy import auditdesk_rows, score_rows
    from tests.fixtures import load_seed, render_pdf
    from tests.fixtures.scan import garble_pdf, scan_pdf

    t0 = time.perf_counter()
    ocr.engine()
    startup = time.perf_counter() - t0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            pages = EXCERPTS.get(seed, [3, 4, 5])
            src = Path(tmp) / f"seed{seed}.pdf"
            info = render_pdf(load_seed(seed), src, ruled=True)
            for kind in ("scan", "garbled"):
                dst = Path(tmp) / f"seed{seed}_{kind}.pdf"
                if kind == "scan":
                    scan_pdf(src, dst, pages=pages, dpi=dpi)
                else:
                    garble_pdf(src, dst, pages=pages)
                w0, c0 = time.perf_counter(), time.process_time()
                doc = open_disclosure(dst, ocr="auto")
                wall, cpu = time.perf_counter() - w0, time.process_time() - c0
                score = score_rows(_truth(info, pages), auditdesk_rows(doc))
                n = max(len(doc.ocr_pages), 1)
                low = sum(1 for *_x, c in doc.iter_cells() if c.confidence is not None and c.confidence < ocr.LOW_CONFIDENCE)
                rows.append({
                    "seed": seed, "kind": kind, "pages": len(doc.ocr_pages), "wall_s": wall, "cpu_s": cpu,
                    "s_per_page": wall / n, "cpu_s_per_page": cpu / n, "cells": score.cells, "exact": score.exact,
                    "accuracy": score.accuracy, "low_confidence_cells": low, "missing_tables": score.missing_tables,
                    "wrong": score.wrong[:5],
                })
                print(f"seed {seed} {kind}: {wall / n:.2f} s/page, {score.accuracy:.2%} exact", file=sys.stderr)
    pages_total = sum(r["pages"] for r in rows)
    return {
        "startup_s": startup,
        "render_dpi": ocr.DPI,
        "scan_dpi": dpi,
        "cpu_count": os.cpu_count(),
        "rows": rows,
        "mean_s_per_page": sum(r["wall_s"] for r in rows) / max(pages_total, 1),
        "accuracy": sum(r["exact"] for r in rows) / max(sum(r["cells"] for r in rows), 1),
    }


def to_markdown(r: dict) -> str:
    if "error" in r:
        return f"Not measured: {r['error']}"
    head = (
        f"Engine start-up (import + model load) {fmt_s(r['startup_s'])} s; pages rendered at {r['render_dpi']} dpi "
        f"for recognition; scans made at {r['scan_dpi']} dpi. Mean **{fmt_s(r['mean_s_per_page'])} s per page**, "
        f"**{r['accuracy']:.2%}** of cells exact."
    )
    table = md_table(
        ["seed", "input", "pages", "s / page (wall)", "CPU s / page", "cells exact", "low-confidence cells"],
        [[x["seed"], x["kind"], x["pages"], fmt_s(x["s_per_page"]), fmt_s(x["cpu_s_per_page"]),
          f"{x['exact']}/{x['cells']} ({x['accuracy']:.2%})", x["low_confidence_cells"]] for x in r["rows"]],
    )
    return head + "\n\n" + table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="*", default=[0, 2])
    ap.add_argument("--dpi", type=int, default=150, help="resolution of the simulated scans")
    ap.add_argument("--json")
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args(argv)
    try:
        result = run(a.seeds, a.dpi)
    except Exception as exc:  # a benchmark reports, never crashes the run
        result = {"error": short_error(exc)}
    if a.markdown:
        print(to_markdown(result))
    write_json(a.json, result) if a.json else (None if a.markdown else write_json(None, result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
