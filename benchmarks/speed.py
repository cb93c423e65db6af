"""Issue #12's speed yardsticks: extraction + all checks against the raw reading of the same file.

    python benchmarks/speed.py                  # prints a Markdown section, JSON with --json
    python benchmarks/speed.py --runs 7 --json out.json

What is measured (median of --runs after one warm-up; the load average is printed beside the
figures): wall time, and CPU time of this process plus the forked page reader it waits for
(`parsing/two_readers.py` reads a long file's pages on two cores, so AuditDesk's wall time is
below its CPU time; PyMuPDF's raw reading runs in one process, wall = CPU):

* in-process, imports done: `open_disclosure` + `run_checks` (AuditDesk) against PyMuPDF's raw
  reading of every page — words alone (`get_text("words")`), words + `get_cdrawings()` (the
  ruling lines, read the fast way) and words + `get_drawings()` (the Python-side reading) — on
  the 30-page reference and on a 300-page file (the reference ten times over);
* peak memory (max RSS) of a fresh process extracting and checking the 300-page file;
* the whole command `auditdesk check FILE --json OUT` as a subprocess (start-up, imports,
  extraction, checks, JSON): wall time and CPU time of the child, once as this environment
  runs it and once with a bytecode cache (what an installed package has: pip compiles the .pyc
  files at install; an editable checkout writes its own on the first start, even under
  PYTHONDONTWRITEBYTECODE=1, see app/main.py — the warm-up run below is that first start; it
  also keeps the compiled regular expressions for the next runs, as every first run of the
  command does: auditdesk/regex_cache.py).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import REF_30  # noqa: E402


def _cpu() -> float:
    """CPU seconds of this process and of its children that ended (the page reader)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _medians(fn, runs: int) -> tuple[float, float]:
    """(wall, CPU) medians of `fn` over `runs` after a warm-up (file cache, lazy imports)."""
    fn()
    walls, cpus = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), _cpu()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(_cpu() - c)
    return statistics.median(walls), statistics.median(cpus)


def make_300(src: Path, folder: Path, copies: int = 10) -> Path:
    import pymupdf

    out = folder / f"{src.stem}_x{copies}.pdf"
    with pymupdf.open(src) as one, pymupdf.open() as doc:
        for _ in range(copies):
            doc.insert_pdf(one)
        doc.save(out)
    return out


def yardsticks(pdf: Path) -> dict:
    """The issue's yardsticks as callables, by name: PyMuPDF's raw reading of every page
    (words alone, + get_cdrawings, + get_drawings) and AuditDesk's extraction + all checks."""
    import pymupdf

    from auditdesk.checks.engine import run_checks
    from auditdesk.parsing.extract import open_disclosure

    def raw(*extra: str):
        def read() -> None:
            with pymupdf.open(pdf) as d:
                for pg in d:
                    pg.get_text("words")
                    for name in extra:
                        getattr(pg, name)()
        return read

    return {"words": raw(), "words_cdrawings": raw("get_cdrawings"), "words_drawings": raw("get_drawings"),
            "auditdesk": lambda: run_checks(open_disclosure(pdf))}


def in_process(pdf: Path, runs: int) -> dict:
    import pymupdf

    with pymupdf.open(pdf) as d:
        pages = d.page_count
    res = {"doc": pdf.name, "pages": pages}
    for name, fn in yardsticks(pdf).items():
        res[name], res[f"{name}_cpu"] = _medians(fn, runs)
    for name in ("words", "words_cdrawings", "words_drawings"):
        res[f"ratio_{name}"] = res["auditdesk"] / res[name]
    res["ratio_cpu_words"] = res["auditdesk_cpu"] / res["words_cpu"]
    return res


def peak_rss_mb(pdf: Path) -> float:
    # VmHWM, not ru_maxrss: a child's ru_maxrss keeps its parent's size from before the exec
    # (this benchmark's own process, grown by the in-process runs)
    code = ("import resource, sys; from auditdesk.parsing.extract import open_disclosure; "
            "from auditdesk.checks.engine import run_checks; run_checks(open_disclosure(sys.argv[1])); "
            "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')] if sys.platform.startswith('linux') else []; "
            "print(int(hwm[0].split()[1]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)")
    out = subprocess.run([sys.executable, "-c", code, str(pdf)], capture_output=True, text=True, timeout=600, check=True)
    return float(out.stdout.strip().splitlines()[-1])


RAW_COMMAND = "import sys, pymupdf; d = pymupdf.open(sys.argv[1]); [p.get_text('words') for p in d]"


def whole_command(pdf: Path, runs: int, bytecode_cache: Path | None, raw: bool = False) -> dict:
    """`auditdesk check FILE --json OUT` as a subprocess; with `raw`, a `python -c` that opens
    FILE with PyMuPDF and reads its words (the issue's yardstick, start-up included)."""
    exe = Path(sys.executable).parent / "auditdesk"
    env = dict(os.environ)
    if bytecode_cache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode_cache)
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as td:
        cmd = ([str(exe)] if exe.exists() else [sys.executable, "-m", "auditdesk.app.cli"]) + [
            "check", str(pdf), "--json", str(Path(td) / "out.json")]
        if raw:
            cmd = [sys.executable, "-c", RAW_COMMAND, str(pdf)]
        for i in range(runs + 1):  # the first run warms the disk cache (and writes the bytecode and regex caches)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            p = subprocess.run(cmd, cwd=td, env=env, capture_output=True, text=True, timeout=120)
            wall = time.perf_counter() - t
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if p.returncode not in (0, 1):
                raise RuntimeError(f"exit {p.returncode}: {p.stderr.strip()[-200:]}")
            if i:
                walls.append(wall)
                cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {"wall_s": statistics.median(walls), "cpu_s": statistics.median(cpus), "runs": walls,
            "load": os.getloadavg()}


def run(runs: int) -> dict:
    from benchmarks._common import real_pdfs

    out: dict = {"load_start": os.getloadavg()}
    # every real PDF, not only the reference: the ratio depends on the file (fonts, pages of prose)
    out["real"] = [in_process(p, runs) for p in real_pdfs()]
    with tempfile.TemporaryDirectory() as td:
        big = make_300(REF_30, Path(td))
        out["p30"] = in_process(REF_30, runs)
        out["p300"] = in_process(big, max(3, runs // 2))
        out["rss300_mb"] = peak_rss_mb(big)
        out["cli"] = whole_command(REF_30, runs, None)
        out["cli_pyc"] = whole_command(REF_30, runs, Path(td) / "pyc")
        out["cli_raw"] = whole_command(REF_30, runs, None, raw=True)
        out["cli300"] = whole_command(big, max(3, runs // 2), None)
        out["cli300_raw"] = whole_command(big, max(3, runs // 2), None, raw=True)
    out["load_end"] = os.getloadavg()
    return out


def to_markdown(r: dict) -> str:
    la = lambda t: " / ".join(f"{x:.2f}" for x in t)  # noqa: E731
    def row(e: dict) -> str:
        return (f"| {e['doc']} | {e['pages']} | {e['words']:.3f} s | {e['words_cdrawings']:.3f} s | "
                f"{e['words_drawings']:.3f} s | {e['auditdesk']:.3f} s | {e['auditdesk_cpu']:.3f} s | "
                f"{e['ratio_words']:.2f} | {e['ratio_cpu_words']:.2f} | {e['ratio_words_cdrawings']:.2f} |")

    rows = [row(r[key]) for key in ("p30", "p300")]
    real = [row(e) for e in r.get("real", [])]
    head = ["| file | pages | words | words + get_cdrawings | words + get_drawings | AuditDesk (extraction + all checks), "
            "wall | its CPU (both readers) | wall ÷ words | CPU ÷ words | wall ÷ words + cdrawings |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    c, cp = r["cli"], r["cli_pyc"]
    return "\n".join([
        "Median after one warm-up; in-process, imports done. PyMuPDF's readings are wall time (one process, "
        "wall = CPU).\n",
        *head,
        *rows,
        "",
        *(["Every real PDF in ../shared/real-pdfs, the same way:\n", *head, *real, ""] if real else []),
        f"Peak memory (max RSS, fresh process, extraction + checks) at {r['p300']['pages']} pages: "
        f"{r['rss300_mb']:.0f} MB.\n",
        "Whole command `auditdesk check FILE --json OUT` (subprocess; wall and the child's CPU time, median):\n",
        "| as run | wall | CPU | load average |",
        "| --- | --- | --- | --- |",
        f"| this environment (PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!s}: "
        f"the entry point writes the package's bytecode on its first run) | {c['wall_s']:.3f} s | {c['cpu_s']:.3f} s | {la(c['load'])} |",
        f"| with a bytecode cache (as installed by pip) | {cp['wall_s']:.3f} s | {cp['cpu_s']:.3f} s | {la(cp['load'])} |",
        f"| raw: `python -c` opening the file and reading its words | {r['cli_raw']['wall_s']:.3f} s | "
        f"{r['cli_raw']['cpu_s']:.3f} s | {la(r['cli_raw']['load'])} |",
        f"| AuditDesk ÷ raw | {c['wall_s'] / r['cli_raw']['wall_s']:.2f} | {c['cpu_s'] / r['cli_raw']['cpu_s']:.2f} | |",
        f"| {r['p300']['pages']} pages: `auditdesk check` | {r['cli300']['wall_s']:.3f} s | {r['cli300']['cpu_s']:.3f} s | "
        f"{la(r['cli300']['load'])} |",
        f"| {r['p300']['pages']} pages: raw `python -c` | {r['cli300_raw']['wall_s']:.3f} s | "
        f"{r['cli300_raw']['cpu_s']:.3f} s | {la(r['cli300_raw']['load'])} |",
        f"| {r['p300']['pages']} pages: AuditDesk ÷ raw | {r['cli300']['wall_s'] / r['cli300_raw']['wall_s']:.2f} | "
        f"{r['cli300']['cpu_s'] / r['cli300_raw']['cpu_s']:.2f} | |",
        "",
        f"Load average at start {la(r['load_start'])}, at end {la(r['load_end'])}.",
    ])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", help="also write the figures here")
    a = ap.parse_args(argv)
    if not REF_30.exists():
        print(f"{REF_30} not found", file=sys.stderr)
        return 2
    r = run(a.runs)
    if a.json:
        Path(a.json).write_text(json.dumps(r, indent=1), encoding="utf-8")
    print(to_markdown(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
