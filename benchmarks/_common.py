"""Shared helpers for the benchmark scripts (timing, fixture PDFs, normalisation, JSON I/O).

Every benchmark script can run on its own (`python benchmarks/X.py`) and as a step of
`benchmarks/run_all.py`, which starts each one in a fresh subprocess with `--json OUT`.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python benchmarks/x.py` puts benchmarks/ first, not the root
    sys.path.insert(0, str(ROOT))

REAL_DIR = Path(os.environ.get("AUDITDESK_REAL_PDFS", "/work/shared/real-pdfs"))
# The ~30-page text-layer disclosure used for the contract's "30-page" targets.
REF_30 = REAL_DIR / "putuo_planning_2024_final.pdf"


def real_pdfs() -> list[Path]:
    return sorted(REAL_DIR.glob("*.pdf")) if REAL_DIR.is_dir() else []


def norm(text: Any) -> str:
    """Cell text for comparison: NFKC, every whitespace (spaces, U+3000, wrapped-line
    newlines) removed — applied identically to ground truth and to every library."""
    if text is None:
        return ""
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def median_time(fn: Callable[[], Any], runs: int) -> tuple[float, list[float], Any]:
    times, out = [], None
    for _ in range(runs):
        dt, out = timed(fn)
        times.append(dt)
    return statistics.median(times), times, out


def python_exe() -> str:
    return sys.executable


def run_py(code: str, timeout: float = 120) -> str:
    """Run `code` in a fresh interpreter (cwd = repo root), return stdout; raise on failure."""
    p = subprocess.run([python_exe(), "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    if p.returncode != 0:
        raise RuntimeError((p.stderr or p.stdout).strip().splitlines()[-1] if (p.stderr or p.stdout) else f"exit {p.returncode}")
    return p.stdout


def render_fixtures(out_dir: Path, seeds=range(5)) -> list[tuple[str, Path, Any]]:
    """The 10 generated disclosures (5 seeds × ruled/unruled) → [(name, path, RenderInfo)]."""
    from tests.fixtures import load_seed, render_pdf

    docs = []
    for i in seeds:
        for ruled in (True, False):
            name = f"seed{i}_{'ruled' if ruled else 'unruled'}"
            path = out_dir / f"{name}.pdf"
            info = render_pdf(load_seed(i), path, ruled=ruled)
            docs.append((name, path, info))
    return docs


def write_json(path: str | None, data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1, default=str)
    if path:
        Path(path).write_text(text, encoding="utf-8")
    else:
        print(text)


def fmt_s(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def fmt_ms(x: float | None) -> str:
    return "—" if x is None else f"{x * 1000:.1f}"


def md_table(header: list[str], rows: list[list[Any]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in r) + " |")
    return "\n".join(out)


def short_error(e: BaseException) -> str:
    msg = str(e).strip().splitlines()
    return f"{type(e).__name__}: {msg[0][:160] if msg else ''}"


def emit(run: Callable[[], dict], to_markdown: Callable[[dict], str], json_path: str | None, markdown: bool) -> int:
    """Run one benchmark for run_all: a failure is reported in the results, never raised."""
    try:
        r = run()
    except Exception as e:  # noqa: BLE001 - report, do not crash run_all
        r = {"error": short_error(e)}
    write_json(json_path, r)
    if markdown:
        print(to_markdown(r), file=sys.stderr)
    return 0
