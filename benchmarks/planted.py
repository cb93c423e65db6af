"""Checks benchmark: recall and false alarms on planted single-cell errors.

    python benchmarks/planted.py [--per-table 3] [--narrative 4] [--salt S] [--workers 2]
                                 [--seeds 0,1,2,3,4] [--layouts ruled,unruled,split] [--json OUT] [-v]
    python benchmarks/planted.py --dialects [all|rates,yuan,…] [--seeds …] [-v]

For each seed × layout the clean disclosure is rendered and checked once (its own findings
are the document's real discrepancies), then every plant is rendered into its own copy:
`--per-table` amount cells in each table of 公开01–06 and 三公 (+1.00, −10.00, swapped
digits, a dropped digit) and `--narrative` restated amounts / shares in 情况说明.  A plant is
found when a new error-level finding points at the planted table row (or relates to it), or
at the planted sentence with a C/D rule; a false alarm is a new error-level finding that
does not.  Plants are drawn by tests/checks/planting.py (the same code as the test, with
more plants and a different salt by default, so the benchmark is not the test set).

`--dialects` scores the 情况说明 printed in other provinces' wording instead (tests/fixtures/wording.py,
tests/checks/dialects.py): per seed × dialect, the C/D errors the reworded clean copy adds or loses
against the seed's own wording, and `--narrative` amount/share plants plus 2 完成率/growth plants.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import md_table, write_json  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-table", type=int, default=3)
    ap.add_argument("--narrative", type=int, default=4)
    ap.add_argument("--salt", default="bench")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seeds", default="0,1,2,3,4")
    ap.add_argument("--layouts", default="ruled,unruled,split")
    ap.add_argument("--json")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every miss and false alarm")
    ap.add_argument("--dialects", nargs="?", const="all", help="score reworded 情况说明 (all or a comma list)")
    args = ap.parse_args(argv)
    if args.dialects:
        return dialects(args)

    from tests.checks.planting import run_all

    seeds = [int(s) for s in args.seeds.split(",")]
    layouts = args.layouts.split(",")
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        tasks = [(s, lay, folder, args.per_table, args.narrative, args.salt, None) for s in seeds for lay in layouts]
        results = run_all(tasks, args.workers)
    wall = time.perf_counter() - t0

    rows, out = [], {"per_table": args.per_table, "narrative": args.narrative, "salt": args.salt, "cases": []}
    tot = dict(cells=0, cells_found=0, narr=0, narr_found=0, fa=0, fa_plants=0, plants=0)
    for r in results:
        cf = sum(o.detected for o in r.cell)
        nf = sum(o.detected for o in r.narrative)
        fa = sum(len(o.false_alarms) for o in r.outcomes)
        fap = sum(1 for o in r.outcomes if o.false_alarms)
        rows.append([f"seed{r.seed}", r.layout, f"{cf}/{len(r.cell)}", f"{nf}/{len(r.narrative)}",
                     str(fa), str(len(r.clean_errors)), f"{r.seconds:.1f}"])
        out["cases"].append(dict(seed=r.seed, layout=r.layout, cells=len(r.cell), cells_found=cf,
                                 narrative=len(r.narrative), narrative_found=nf, false_alarms=fa,
                                 clean_errors=len(r.clean_errors),
                                 misses=[o.report() for o in r.outcomes if not o.detected],
                                 noisy=[o.report() for o in r.outcomes if o.false_alarms]))
        tot["cells"] += len(r.cell)
        tot["cells_found"] += cf
        tot["narr"] += len(r.narrative)
        tot["narr_found"] += nf
        tot["fa"] += fa
        tot["fa_plants"] += fap
        tot["plants"] += len(r.outcomes)
        if args.verbose:
            for o in r.outcomes:
                if not o.detected or o.false_alarms:
                    print(o.report())
            for f in r.clean_errors:
                print(f"   clean seed{r.seed} {r.layout}: {f.rule} {f.location.table} {f.location.row} {f.message[:120]}")
    pct = lambda a, b: f"{100 * a / b:.1f}%" if b else "—"  # noqa: E731
    print(md_table(["seed", "layout", "cells found", "narrative found", "false alarms", "clean-twin errors", "s"], rows))
    print()
    print(f"cells: {tot['cells_found']}/{tot['cells']} found ({pct(tot['cells_found'], tot['cells'])}); "
          f"narrative: {tot['narr_found']}/{tot['narr']} ({pct(tot['narr_found'], tot['narr'])}); "
          f"false alarms: {tot['fa']} in {tot['fa_plants']}/{tot['plants']} planted documents; wall {wall:.1f} s")
    out.update(tot, wall_s=wall)
    if args.json:
        write_json(args.json, out)
    return 0


def _dialect_task(task):
    from tests.checks.dialects import run_dialect

    seed, dialect, folder, n, salt = task
    return run_dialect(seed, dialect, folder, n, salt)


def dialects(args) -> int:
    import multiprocessing as mp

    from tests.fixtures.wording import DIALECTS

    names = list(DIALECTS) if args.dialects == "all" else args.dialects.split(",")
    seeds = [int(s) for s in args.seeds.split(",")]
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        tasks = [(s, d, folder, args.narrative, args.salt) for s in seeds for d in names]
        if args.workers > 1 and "fork" in mp.get_all_start_methods():
            with mp.get_context("fork").Pool(args.workers) as pool:
                results = pool.map(_dialect_task, tasks, chunksize=1)
        else:
            results = [_dialect_task(t) for t in tasks]
    rows, tot = [], dict(plants=0, found=0, fa=0, extra=0, lost=0)
    out = {"salt": args.salt, "cases": []}
    for r in results:
        found = sum(o.detected for o in r.outcomes)
        fa = sum(len(o.false_alarms) for o in r.outcomes)
        rows.append([f"seed{r.seed}", r.dialect, f"{found}/{len(r.outcomes)}", str(fa), str(len(r.extra)), str(len(r.lost)),
                     f"{r.seconds:.1f}"])
        out["cases"].append(dict(seed=r.seed, dialect=r.dialect, plants=len(r.outcomes), found=found, false_alarms=fa,
                                 extra=[f.message for f in r.extra], lost=[f.message for f in r.lost],
                                 misses=[o.report() for o in r.outcomes if not o.detected or o.false_alarms]))
        tot["plants"] += len(r.outcomes)
        tot["found"] += found
        tot["fa"] += fa
        tot["extra"] += len(r.extra)
        tot["lost"] += len(r.lost)
        if args.verbose:
            for f in r.extra:
                print(f"seed{r.seed} {r.dialect} EXTRA {f.rule} {f.message[:150]}")
            for f in r.lost:
                print(f"seed{r.seed} {r.dialect} LOST {f.rule} {f.message[:150]}")
            for o in r.outcomes:
                if not o.detected or o.false_alarms:
                    print(f"seed{r.seed} {r.dialect} " + o.report())
    print(md_table(["seed", "dialect", "plants found", "false alarms", "errors added", "errors lost", "s"], rows))
    print()
    print(f"dialects: {tot['found']}/{tot['plants']} plants found; {tot['fa']} false alarms; clean copies: "
          f"{tot['extra']} errors added, {tot['lost']} lost against the seeds' own wording; wall {time.perf_counter() - t0:.1f} s")
    out.update(tot)
    if args.json:
        write_json(args.json, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
