"""Peak memory of extracting a ≥ 200-page disclosure (target < 600 MB).

    python benchmarks/memory.py [--pages 200] [--json OUT.json]

The 200-page PDF is built by concatenating the real PDFs (/work/shared/real-pdfs, read only)
with PyMuPDF `insert_pdf` into a temp file until it has at least `--pages` pages.  The
extraction runs in a fresh subprocess, which reports `resource.getrusage(RUSAGE_SELF).ru_maxrss`
(peak RSS) after the imports, after `open_disclosure`, and after `run_checks` — on Linux as
`VmHWM` from /proc/self/status, because `ru_maxrss` keeps the forking parent's high-water mark
across exec (it is reported too, as an upper bound).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import fmt_s, md_table, real_pdfs, run_py, emit  # noqa: E402

TARGET_MB = 600

CHILD = r"""
import json, resource, sys, time
def peak_mb():
    # VmHWM: peak RSS of this process image.  ru_maxrss on Linux also carries the parent's
    # high-water mark across fork+exec, so it is only the fallback (macOS / no /proc).
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024
def maxrss_mb():
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024
out = {"baseline_mb": peak_mb()}
from auditdesk.parsing.extract import open_disclosure
from auditdesk.checks.engine import run_checks
out["after_import_mb"] = peak_mb()
t0 = time.perf_counter()
doc = open_disclosure(sys.argv[1])
out["extract_s"] = time.perf_counter() - t0
out["after_extract_mb"] = peak_mb()
out["pages"] = doc.pages
out["tables"] = len(doc.tables)
out["cells"] = sum(1 for _ in doc.iter_cells())
t0 = time.perf_counter()
rep = run_checks(doc)
out["checks_s"] = time.perf_counter() - t0
out["findings"] = len(rep.findings)
out["after_checks_mb"] = peak_mb()
out["ru_maxrss_mb"] = maxrss_mb()
print(json.dumps(out))
"""


def build(path: Path, min_pages: int) -> tuple[int, list[str]]:
    import pymupdf

    srcs = real_pdfs()
    if not srcs:
        raise RuntimeError("no real PDFs to concatenate")
    out = pymupdf.open()
    used: list[str] = []
    while out.page_count < min_pages:
        for s in srcs:
            with pymupdf.open(s) as src:
                out.insert_pdf(src)
            used.append(s.name)
            if out.page_count >= min_pages:
                break
    n = out.page_count
    out.save(path, garbage=1, deflate=True)
    out.close()
    return n, used


def bench(min_pages: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="auditdesk-mem-") as td:
        pdf = Path(td) / f"concat_{min_pages}.pdf"
        pages, used = build(pdf, min_pages)
        code = CHILD.replace("sys.argv[1]", repr(str(pdf)))
        r = json.loads(run_py(code, timeout=300).strip().splitlines()[-1])
        r["built_pages"] = pages
        r["built_from"] = used
        r["file_mb"] = pdf.stat().st_size / 1e6
        return r


def to_markdown(r: dict) -> str:
    if "error" in r:
        return f"Not measured: {r['error']}"
    peak = r["after_extract_mb"]
    ok = "✅" if peak < TARGET_MB else "❌"
    rows = [
        ["interpreter start", f"{r['baseline_mb']:.0f}", "—"],
        ["after `import` (parsing + checks)", f"{r['after_import_mb']:.0f}", "—"],
        ["after `open_disclosure` (peak of extraction)", f"{peak:.0f}", f"< {TARGET_MB} MB {ok}"],
        ["after `run_checks`", f"{r['after_checks_mb']:.0f}", "—"],
    ]
    return (f"{r['built_pages']}-page PDF ({r['file_mb']:.1f} MB) = {len(r['built_from'])} real PDFs concatenated; "
            f"extraction {fmt_s(r['extract_s'])} s → {r['tables']} tables, {r['cells']} cells; checks "
            f"{fmt_s(r['checks_s'])} s → {r['findings']} findings. Peak RSS (`VmHWM`) of a fresh subprocess:\n\n"
            + md_table(["stage", "peak RSS MB", "target"], rows)
            + (f"\n\n`ru_maxrss` at the end: {r['ru_maxrss_mb']:.0f} MB (includes the parent's high-water mark "
               "inherited across fork+exec, so an upper bound)." if "ru_maxrss_mb" in r else ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--json")
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args(argv)
    return emit(lambda: bench(a.pages), to_markdown, a.json, a.markdown)


if __name__ == "__main__":
    sys.exit(main())
