"""Extraction benchmark: AuditDesk vs PyMuPDF find_tables, pdfplumber extract_tables, Camelot.

    python benchmarks/extract.py                 # everything, prints JSON
    python benchmarks/extract.py --json out.json --sections headline imports
    python benchmarks/extract.py --camelot-real  # also run Camelot on the real PDFs (slow)

Sections
--------
imports   fresh-interpreter import time of pymupdf / pdfplumber / camelot / AuditDesk's extractor
fixtures  the 10 generated disclosures (5 seeds × ruled/unruled): time + cell accuracy per library
real      every PDF in /work/shared/real-pdfs: time + tables / non-blank cells found
headline  issue #3: `auditdesk check FILE --json OUT` as a whole subprocess vs pdfplumber's
          extract_tables alone (in-process, file already imported) over the same 30 pages

Fairness
--------
* Every library is timed over *all* pages of the document (it cannot know where the tables
  are), from opening the file to having cell texts; library import time is excluded (it is
  reported separately under `imports`).
* Accuracy uses one lenient scorer for every library, AuditDesk included: each ground-truth
  table takes as candidates all rows of all tables the library found on that table's
  printed pages; each printed row is matched to its best candidate row (most equal cells,
  column shift of −1/0/+1 allowed); a non-blank printed cell is exact when the matched row
  has the same text in that column.  Texts are NFKC-normalised with all whitespace removed
  (wrapped lines inside a cell are joined), `None` counts as blank.  Tables printed empty
  (no row with two non-blank cells, e.g. only a blank 合计 row) are not scored.
* AuditDesk is additionally scored strictly by `benchmarks.accuracy.score_rows` (table
  matched by title, row by position) — the number the product is held to.
* Camelot: `flavor="lattice"`, and for pages where lattice finds no table a second pass with
  `flavor="stream"` (what a user would do on tables without rules).  On the fixtures Camelot
  runs only on the ground-truth table pages by default (lattice rasterises each page,
  ~0.3 s/page, and would dominate the run); its time is marked "(N p)".  On the real PDFs it
  is skipped unless `--camelot-real`.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import (REF_30, ROOT, fmt_s, md_table, median_time, norm, real_pdfs,  # noqa: E402
                                render_fixtures, run_py, short_error, timed, write_json)

LIBS = ["auditdesk", "pymupdf", "pdfplumber", "camelot"]
PageRows = dict[int, list[list[str]]]  # 1-based page → rows of normalised cell texts


# ------------------------------------------------------------------ library adapters
def lib_auditdesk(path: Path) -> tuple[PageRows, int, object]:
    from auditdesk.parsing.extract import open_disclosure

    doc = open_disclosure(path)
    rows: PageRows = {}
    for t in doc.tables:
        for r in t.rows:
            rows.setdefault(r.page, []).append([norm(c.text) for c in r.cells])
    return rows, len(doc.tables), doc


def lib_pymupdf(path: Path) -> tuple[PageRows, int, object]:
    import pymupdf

    rows: PageRows = {}
    n = 0
    with pymupdf.open(path) as pdf:
        for page in pdf:
            for tab in page.find_tables().tables:
                n += 1
                rows.setdefault(page.number + 1, []).extend([[norm(c) for c in r] for r in tab.extract()])
    return rows, n, None


def lib_pdfplumber(path: Path) -> tuple[PageRows, int, object]:
    import pdfplumber

    rows: PageRows = {}
    n = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for tab in page.extract_tables():
                n += 1
                rows.setdefault(page.page_number, []).extend([[norm(c) for c in r] for r in tab])
            page.close()  # drop pdfplumber's per-page caches
    return rows, n, None


def lib_camelot(path: Path, pages: list[int] | None = None) -> tuple[PageRows, int, object]:
    """`pages` (1-based) limits Camelot to those pages — used on the fixtures, where it would
    otherwise dominate the whole benchmark run (lattice rasterises every page)."""
    import camelot

    rows: PageRows = {}
    n = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if pages is None:
            import pymupdf

            with pymupdf.open(path) as pdf:
                pages = list(range(1, pdf.page_count + 1))
        lattice = camelot.read_pdf(str(path), pages=",".join(map(str, pages)), flavor="lattice",
                                   suppress_stdout=True)
        found = {int(t.page) for t in lattice}
        tables = list(lattice)
        missing = [str(p) for p in pages if p not in found]
        if missing:
            tables += list(camelot.read_pdf(str(path), pages=",".join(missing), flavor="stream", suppress_stdout=True))
    for t in tables:
        n += 1
        rows.setdefault(int(t.page), []).extend([[norm(c) for c in r] for r in t.df.values.tolist()])
    return rows, n, None


ADAPTERS = {"auditdesk": lib_auditdesk, "pymupdf": lib_pymupdf, "pdfplumber": lib_pdfplumber, "camelot": lib_camelot}


def available(lib: str) -> str | None:
    """None when importable, else the reason."""
    mod = {"auditdesk": "auditdesk.parsing.extract", "pymupdf": "pymupdf", "pdfplumber": "pdfplumber",
           "camelot": "camelot"}[lib]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            __import__(mod)
        return None
    except BaseException as e:  # noqa: BLE001 - any import failure is a reason to report
        return f"not installed/importable ({short_error(e)})"


# ------------------------------------------------------------------ scoring
def _match(truth: list[str], cand: list[str], shift: int) -> int:
    hits = 0
    for j, c in enumerate(truth):
        k = j + shift
        if c and 0 <= k < len(cand) and cand[k] == c:
            hits += 1
    return hits


_AMOUNT_RE = __import__("re").compile(r"^-?[\d,]*\d\.\d+%?$")


def lenient_score(info, page_rows: PageRows) -> dict:
    cells = exact = 0
    tables = all_exact = missing = 0
    for tr in info.tables:
        truth_rows = [[norm(c.text) for c in r.cells] for r in tr.rows]
        nb = sum(1 for r in truth_rows for c in r if c)
        if not any(_AMOUNT_RE.match(c) for r in truth_rows for c in r):
            # printed empty (本表无数据: labels and 行次 only, no amounts): the contract keeps
            # such a table with no rows, so there is nothing to score for any library
            continue
        tables += 1
        cand = [r for p in tr.pages for r in page_rows.get(p, [])]
        if not cand:
            missing += 1
        t_exact = 0
        for r in truth_rows:
            best = max((_match(r, c, s) for c in cand for s in (0, -1, 1)), default=0)
            t_exact += best
        cells += nb
        exact += t_exact
        all_exact += t_exact == nb
    return {"cells": cells, "exact": exact, "accuracy": exact / cells if cells else None,
            "tables": tables, "tables_all_exact": all_exact, "tables_missing": missing}


def strict_score(info, doc) -> dict:
    from benchmarks.accuracy import auditdesk_rows, score_rows, truth_rows

    s = score_rows(truth_rows(info), auditdesk_rows(doc))
    return {"cells": s.cells, "exact": s.exact, "accuracy": s.accuracy, "missing_tables": s.missing_tables,
            "wrong_sample": s.wrong[:5]}


# ------------------------------------------------------------------ sections
def bench_imports(runs: int = 3) -> dict:
    code = ("import time, warnings; warnings.simplefilter('ignore'); t=time.perf_counter(); import {m}; "
            "print(time.perf_counter()-t)")
    out = {}
    for label, mod in [("pymupdf", "pymupdf"), ("pdfplumber", "pdfplumber"), ("camelot", "camelot"),
                       ("auditdesk.parsing.extract", "auditdesk.parsing.extract"),
                       ("auditdesk.checks.engine", "auditdesk.checks.engine")]:
        try:
            run_py(code.format(m=mod))  # warm the file-system cache
            times = [float(run_py(code.format(m=mod)).strip().splitlines()[-1]) for _ in range(runs)]
            out[label] = {"median_s": statistics.median(times), "runs": times}
        except Exception as e:  # noqa: BLE001
            out[label] = {"error": short_error(e)}
    return out


def run_lib(lib: str, path: Path, pages: list[int] | None = None) -> tuple[dict, PageRows | None, object]:
    try:
        dt, (rows, ntab, doc) = timed(lambda: ADAPTERS[lib](path, pages) if pages else ADAPTERS[lib](path))
    except Exception as e:  # noqa: BLE001 - a crashing library is a result, not a benchmark failure
        return {"error": short_error(e)}, None, None
    ncells = sum(1 for rs in rows.values() for r in rs for c in r if c)
    out = {"seconds": dt, "tables": ntab, "cells": ncells}
    if pages:
        out["pages_only"] = len(pages)
    return out, rows, doc


def bench_fixtures(libs: list[str], tmp: Path, camelot_all_pages: bool = False) -> list[dict]:
    results = []
    for name, path, info in render_fixtures(tmp):
        import pymupdf

        with pymupdf.open(path) as d:
            pages = d.page_count
        entry = {"doc": name, "pages": pages, "libs": {}}
        table_pages = sorted({p for t in info.tables for p in t.pages})
        for lib in libs:
            limit = table_pages if lib == "camelot" and not camelot_all_pages else None
            res, rows, doc = run_lib(lib, path, limit)
            if rows is not None:
                res["score"] = lenient_score(info, rows)
                if lib == "auditdesk" and doc is not None:
                    res["strict"] = strict_score(info, doc)
            entry["libs"][lib] = res
            print(f"  {name:16s} {lib:10s} {res.get('seconds', 0):6.2f}s "
                  f"{(res.get('score') or {}).get('accuracy') or 0:.4f} {res.get('error', '')}", file=sys.stderr)
        results.append(entry)
    return results


def bench_real(libs: list[str]) -> list[dict]:
    results = []
    for path in real_pdfs():
        import pymupdf

        with pymupdf.open(path) as d:
            pages = d.page_count
        entry = {"doc": path.name, "pages": pages, "libs": {}}
        for lib in libs:
            res, _, _ = run_lib(lib, path)
            entry["libs"][lib] = res
            print(f"  {path.name:40s} {lib:10s} {res.get('seconds', 0):6.2f}s {res.get('error', '')}", file=sys.stderr)
        results.append(entry)
    return results


def cli_command(pdf: Path, out: Path) -> tuple[list[str], str]:
    exe = Path(sys.executable).parent / "auditdesk"
    if exe.exists():
        return [str(exe), "check", str(pdf), "--json", str(out)], "auditdesk check (console script)"
    return [sys.executable, "-m", "auditdesk.app.cli", "check", str(pdf), "--json", str(out)], \
        "python -m auditdesk.app.cli check"


def bench_headline(pdf: Path, runs: int = 3) -> dict:
    if not pdf.exists():
        return {"error": f"{pdf} not found"}
    import pymupdf

    with pymupdf.open(pdf) as d:
        pages = d.page_count
    out: dict = {"doc": pdf.name, "pages": pages, "runs": runs}
    with tempfile.TemporaryDirectory() as td:
        js = Path(td) / "out.json"
        variants = [cli_command(pdf, js)]
        variants.append(([sys.executable, "-m", "auditdesk.app.cli", "check", str(pdf), "--json", str(js)],
                         "python -m auditdesk.app.cli check"))
        if variants[0][1] == variants[1][1]:
            variants.pop()
        cli = []
        for cmd, label in variants:
            def once():
                p = subprocess.run(cmd, cwd=td, capture_output=True, text=True, timeout=120)
                if p.returncode not in (0, 1):
                    raise RuntimeError(f"exit {p.returncode}: {p.stderr.strip()[-200:]}")
                return p.returncode
            try:
                once()  # warm-up (disk cache, .pyc)
                med, times, rc = median_time(once, runs)
                cli.append({"label": label, "median_s": med, "runs": times, "exit": rc,
                            "json_ok": js.exists() and js.stat().st_size > 0})
            except Exception as e:  # noqa: BLE001
                cli.append({"label": label, "error": short_error(e)})
        out["cli"] = cli
    out["raw"] = bench_raw(pdf, runs)
    if available("pdfplumber") is None:
        def plumber():
            import pdfplumber

            with pdfplumber.open(pdf) as p:
                return sum(len(pg.extract_tables()) for pg in p.pages)
        plumber()  # warm-up
        med, times, n = median_time(plumber, runs)
        out["pdfplumber"] = {"median_s": med, "runs": times, "tables": n}
        if cli and "median_s" in cli[0]:
            out["ratio"] = cli[0]["median_s"] / med
            out["target_ratio"] = 0.5
            out["meets_target"] = out["ratio"] <= 0.5
    else:
        out["pdfplumber"] = {"error": available("pdfplumber")}
    return out


def bench_raw(pdf: Path, runs: int = 3) -> dict:
    """Issue #12's yardstick, in-process (no start-up): AuditDesk's extraction + all checks
    against the raw reading of the same file with PyMuPDF — words alone, and words plus the
    drawings (the ruling lines any grid reader needs)."""
    from benchmarks.speed import yardsticks

    fns = yardsticks(pdf)
    res = {}
    for name in ("words", "words_drawings", "auditdesk"):
        fn = fns[name]
        fn()  # warm-up
        med, times, _ = median_time(fn, max(runs, 5))
        res[name] = {"median_s": med, "runs": times}
    res["ratio_words"] = res["auditdesk"]["median_s"] / res["words"]["median_s"]
    res["ratio_words_drawings"] = res["auditdesk"]["median_s"] / res["words_drawings"]["median_s"]
    return res


# ------------------------------------------------------------------ report
def _acc(res: dict) -> str:
    if "error" in res:
        return "error"
    sc = res.get("score")
    if not sc or sc["accuracy"] is None:
        return "—"
    return f"{sc['accuracy'] * 100:.2f} % ({sc['tables_all_exact']}/{sc['tables']})"


def _secs(res: dict) -> str:
    if "error" in res:
        return "error"
    return fmt_s(res.get("seconds")) + (f" ({res['pages_only']} p)" if res.get("pages_only") else "")


def to_markdown(r: dict) -> str:
    parts = []
    libs = r.get("libs", LIBS)
    skipped = r.get("skipped", {})
    if "headline" in r:
        h = r["headline"]
        parts.append("### Headline (issue #3): whole `auditdesk check` vs pdfplumber `extract_tables` alone\n")
        if "error" in h:
            parts.append(f"Not measured: {h['error']}\n")
        else:
            rows = []
            for c in h.get("cli", []):
                rows.append([f"`{c['label']} FILE --json OUT` (subprocess: start-up + extraction + checks + JSON)",
                             fmt_s(c.get("median_s")), " / ".join(fmt_s(x) for x in c.get("runs", [])) or c.get("error", "")])
            p = h.get("pdfplumber", {})
            rows.append(["pdfplumber `open` + `extract_tables()` on every page (in-process, import excluded)",
                         fmt_s(p.get("median_s")), " / ".join(fmt_s(x) for x in p.get("runs", [])) or p.get("error", "")])
            parts.append(f"{h['doc']}, {h['pages']} pages, median of {h['runs']} runs (after one warm-up run).\n")
            parts.append(md_table(["what", "median s", "runs s"], rows))
            if "ratio" in h:
                ok = "meets" if h["meets_target"] else "**misses**"
                parts.append(f"\n**Ratio ours / pdfplumber = {h['ratio']:.2f}** (target ≤ 0.50 — {ok} the target).\n")
            raw = h.get("raw")
            if raw:
                parts.append("#### In-process: extraction + all checks vs raw PyMuPDF reading (issue #12)\n")
                parts.append(md_table(["what", "median s", "ratio ours / it"], [
                    ["`open_disclosure` + `run_checks` (AuditDesk, in-process)", fmt_s(raw["auditdesk"]["median_s"], 3), "—"],
                    ["PyMuPDF `get_text('words')` on every page", fmt_s(raw["words"]["median_s"], 3),
                     f"{raw['ratio_words']:.2f}"],
                    ["PyMuPDF `get_text('words')` + `get_drawings()` on every page", fmt_s(raw["words_drawings"]["median_s"], 3),
                     f"{raw['ratio_words_drawings']:.2f}"],
                ]))
                parts.append("")
    if "imports" in r:
        parts.append("### Import time (fresh interpreter, median of 3)\n")
        parts.append(md_table(["module", "seconds"], [[f"`import {k}`", fmt_s(v.get("median_s"), 3) if "median_s" in v else v["error"]]
                                                    for k, v in r["imports"].items()]))
        parts.append("")
    if "fixtures" in r:
        parts.append("### Generated fixtures: time (s, all pages) and cell accuracy\n")
        parts.append("Accuracy: lenient scorer, same for every library (see `benchmarks/extract.py` docstring); "
                     "(k/n) = tables with every cell exact. *strict* = AuditDesk by `score_rows` (title + row position).\n")
        hdr = ["document", "pages"] + [f"{lib} s" for lib in libs] + [f"{lib} acc" for lib in libs] + ["auditdesk strict"]
        rows = []
        tot = {lib: [0, 0, 0.0] for lib in libs}
        for e in r["fixtures"]:
            row = [e["doc"], e["pages"]]
            row += [_secs(e["libs"][lib]) for lib in libs]
            row += [_acc(e["libs"][lib]) for lib in libs]
            st = e["libs"].get("auditdesk", {}).get("strict")
            row.append(f"{st['accuracy'] * 100:.2f} %" if st else "—")
            rows.append(row)
            for lib in libs:
                res = e["libs"][lib]
                if "score" in res:
                    tot[lib][0] += res["score"]["exact"]
                    tot[lib][1] += res["score"]["cells"]
                    tot[lib][2] += res["seconds"]
        strict_tot = [e["libs"].get("auditdesk", {}).get("strict") for e in r["fixtures"]]
        strict_tot = [s for s in strict_tot if s]
        srow = f"{sum(s['exact'] for s in strict_tot) / max(1, sum(s['cells'] for s in strict_tot)) * 100:.2f} %" if strict_tot else "—"
        rows.append(["**all 10**", sum(e["pages"] for e in r["fixtures"])]
                    + [fmt_s(tot[lib][2]) for lib in libs]
                    + [f"{tot[lib][0] / tot[lib][1] * 100:.2f} %" if tot[lib][1] else "—" for lib in libs] + [srow])
        parts.append(md_table(hdr, rows))
        if any(e["libs"].get(lib, {}).get("pages_only") for e in r["fixtures"] for lib in libs):
            pass
        gaps = [f"{e['doc']} ({e['libs']['auditdesk']['score']['tables_missing']})" for e in r["fixtures"]
                if e["libs"].get("auditdesk", {}).get("score", {}).get("tables_missing")]
        if gaps:
            parts.append("\nAuditDesk returned no rows on the printed pages of some tables with data "
                         "(number of tables): " + ", ".join(gaps) + ".")
        if any(e["libs"].get(lib, {}).get("pages_only") for e in r["fixtures"] for lib in libs):
            parts.append("\n“(N p)”: that library ran only on the N ground-truth table pages (not on every page), "
                         "to keep the run short; `--camelot-all-pages` runs it on all pages.")
        parts.append("")
    if "real" in r:
        parts.append("### Real PDFs: time (s, all pages) and tables / non-blank cells found (no ground truth)\n")
        rlibs = r.get("real_libs", libs)
        hdr = ["document", "pages"] + [f"{lib}" for lib in rlibs]
        rows = []
        for e in r["real"]:
            row = [e["doc"], e["pages"]]
            for lib in rlibs:
                res = e["libs"].get(lib, {})
                row.append(res["error"] if "error" in res else f"{res['seconds']:.2f} s · {res['tables']} t · {res['cells']} c")
            rows.append(row)
        parts.append(md_table(hdr, rows))
        parts.append("")
        if r.get("real_note"):
            parts.append(r["real_note"] + "\n")
    for lib, why in skipped.items():
        parts.append(f"- **{lib}**: {why}")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", help="write results JSON here (default: stdout)")
    ap.add_argument("--sections", nargs="*", default=["headline", "imports", "fixtures", "real"])
    ap.add_argument("--libs", nargs="*", default=LIBS)
    ap.add_argument("--camelot-real", action="store_true", help="also run Camelot on the real PDFs (~8 s each)")
    ap.add_argument("--camelot-all-pages", action="store_true",
                    help="run Camelot on every fixture page, not only the ground-truth table pages (+~60 s)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--markdown", action="store_true", help="print the markdown report to stderr too")
    a = ap.parse_args(argv)
    os.chdir(ROOT)
    result: dict = {"skipped": {}}
    libs = []
    for lib in a.libs:
        why = available(lib)
        if why:
            result["skipped"][lib] = why
        else:
            libs.append(lib)
    result["libs"] = libs
    t0 = time.perf_counter()
    if "headline" in a.sections:
        print("headline …", file=sys.stderr)
        result["headline"] = bench_headline(REF_30, a.runs)
    if "imports" in a.sections:
        print("imports …", file=sys.stderr)
        result["imports"] = bench_imports(a.runs)
    if "fixtures" in a.sections:
        print("fixtures …", file=sys.stderr)
        tmp = Path(tempfile.mkdtemp(prefix="auditdesk-bench-"))
        try:
            result["fixtures"] = bench_fixtures(libs, tmp, a.camelot_all_pages)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if "real" in a.sections:
        print("real PDFs …", file=sys.stderr)
        rlibs = [lib for lib in libs if lib != "camelot" or a.camelot_real]
        result["real_libs"] = rlibs
        if "camelot" in libs and not a.camelot_real:
            result["real_note"] = ("Camelot is left out on the real PDFs by default (lattice rasterises every page, "
                                   "~0.25 s/page); `python benchmarks/extract.py --camelot-real` includes it.")
        result["real"] = bench_real(rlibs)
    result["seconds"] = time.perf_counter() - t0
    write_json(a.json, result)
    if a.markdown:
        print(to_markdown(result), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
