"""Checks benchmark: how many of the seeds' confirmed discrepancies the report on the rendered
seed PDFs contains.

    python benchmarks/seed_recall.py [--layout ruled|unruled] [--json OUT] [-v]

The five seed texts are rendered by the fixture generator (tests/fixtures), extracted and
checked like any PDF; an item of tests/checks/seed_truth.TRUTH is found when one finding (any
severity) of its rule family carries all its figures.  False errors are the error findings
that match no item.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import md_table, write_json  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--layout", default="ruled", choices=("ruled", "unruled"))
    ap.add_argument("--json")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every miss and unmatched error")
    args = ap.parse_args(argv)

    from auditdesk.checks import run_checks
    from auditdesk.parsing.extract import open_disclosure
    from tests.checks.seed_truth import TRUTH, found
    from tests.fixtures import load_seed, render_pdf

    rows, out, total, hit = [], {"layout": args.layout, "seeds": []}, 0, 0
    with tempfile.TemporaryDirectory() as folder:
        for seed in range(5):
            path = Path(folder) / f"seed{seed}.pdf"
            render_pdf(load_seed(seed), path, ruled=args.layout == "ruled")
            report = run_checks(open_disclosure(path))
            msgs = [(f.rule, f.message) for f in report.findings]
            items = [t for t in TRUTH if t[0] == seed]
            got = [t for t in items if found(msgs, t)]
            stray = [f for f in report.findings if f.severity == "error"
                     and not any(found([(f.rule, f.message)], t) for t in items)]
            rows.append([f"seed{seed}", f"{len(got)}/{len(items)}", str(len(stray))])
            out["seeds"].append(dict(seed=seed, items=len(items), found=len(got),
                                     missed=[" | ".join(t[2]) for t in items if t not in got],
                                     unmatched_errors=[f"{f.rule} {f.message}" for f in stray]))
            total += len(items)
            hit += len(got)
            if args.verbose:
                for t in items:
                    if t not in got:
                        print(f"   miss seed{seed}: {t[1]} {' | '.join(t[2])}")
                for f in stray:
                    print(f"   error not in the list, seed{seed}: {f.rule} {f.message[:120]}")
    out.update(found=hit, items=total)
    print(md_table(["seed", "confirmed discrepancies reported", "errors not in the list"], rows))
    print(f"\nseed recall ({args.layout}): {hit}/{total}")
    if args.json:
        write_json(args.json, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
