"""Layout-invariance sweep: a seed printed with random combinations of layout features must read
like its plain print.

    python benchmarks/layout_sweep.py [--trials 300] [--start 0] [--json OUT] [-v]

Each trial draws a seed, ruled or not, maybe a 预算 of the national template and / or amounts in
元 (the base: both prints share it), then up to three features of tests/fixtures/variants.py and
table options of tests/fixtures/spec.py (类|款|项 split, rows a page, header not repeated, no 续表
mark, tables sharing a page, numbered / wrapped titles, label placement, font size, the 情况说明
first, no cover). The features change how the figures are printed, never the figures, so the
tables (type, row count) and the findings (rule, severity, figures; A–E, error and warning) must be
the base print's. A trial that differs is listed with what changed: a reader that does not
generalise, or a combination the generator cannot print faithfully (a label wider than its
column, a title running off the page) — read the page before fixing the reader.
"""
from __future__ import annotations

import argparse
import collections
import random
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import md_table, write_json  # noqa: E402

_CN = "一二三四五六七八九十"
BASE = ("amounts_in_yuan", "national_budget")


def _key(f) -> tuple:
    return f.rule, f.severity, tuple(re.findall(r"\d[\d,]*\.\d+", f.message))


def _read(spec, path: Path, ruled: bool):
    from auditdesk.checks.engine import run_checks
    from auditdesk.parsing.extract import open_disclosure
    from tests.fixtures.render import render_pdf

    render_pdf(spec, path, ruled=ruled)
    doc = open_disclosure(path)
    found = collections.Counter(_key(f) for f in run_checks(doc).findings
                                if f.severity in ("error", "warning") and f.rule[0] in "ABCDE")
    return [(t.type, rows(t)) for t in doc.tables], found


def rows(t) -> int:
    """The table's rows that print something besides their 行次 (a row of a 收支总表 holding only its
    行次 has nothing left to print in a layout without 行次: no_line_numbers)."""
    roles = getattr(t, "column_roles", None) or []
    return sum(any(c.text.strip() and not (k < len(roles) and roles[k] == "line") for k, c in enumerate(r.cells))
               for r in t.rows)


def _variant(rng: random.Random, spec) -> tuple:
    from tests.fixtures.variants import FEATURES

    pool = [k for k in FEATURES if k not in BASE]
    feats = rng.sample(pool, rng.randint(0, 3))
    if "sangong_items_as_rows" in feats:  # it rewrites the standard 三公 table: not after the others
        feats = [f for f in feats if not f.startswith("sangong") or f == "sangong_items_as_rows"]
    for f in feats:
        spec = FEATURES[f](spec)
    opts: dict = {}
    if rng.random() < 0.3:
        opts["code_style"] = "split"
    if rng.random() < 0.4:
        opts["rows_per_page"] = rng.choice([6, 10, 15])
    if rng.random() < 0.4:
        opts["repeat_header_on_continuation"] = False
    if rng.random() < 0.3:
        opts["continuation_mark"] = False
    if rng.random() < 0.3:
        opts["same_page"] = True
    if rng.random() < 0.3 and not {"fujian_labels", "biao_labels_with_year"} & set(feats):
        opts["title_prefix"] = rng.choice(["cn", "paren", "num"])
    if rng.random() < 0.2:
        opts["title_break"] = rng.choice([5, 7])
    if rng.random() < 0.2:
        opts["font_size"] = rng.choice([8.0, 10.5])
    if rng.random() < 0.3:
        opts["label_position"] = rng.choice(["before", "after", "above", "prev_foot"])
    for i, t in enumerate(t for t in spec.tables if t.kind == "table"):
        for k, v in opts.items():
            if k == "title_prefix":
                t.title_prefix = {"cn": f"{_CN[i % 10]}、", "paren": f"（{_CN[i % 10]}）", "num": f"{i + 1}."}[v]
            elif k == "label_position":
                if t.label:
                    t.label_position = v
            elif k == "title_break":
                if len(t.title) > v + 3:
                    t.title_break = v
            else:
                setattr(t, k, v)
    if rng.random() < 0.2:
        spec.narrative_first = opts["narrative_first"] = True
    if rng.random() < 0.2 and spec.kind.endswith("决算"):  # (a 预算 base keeps the 决算 narrative's year on its cover)
        spec.cover = opts["cover"] = False
    return spec, feats, opts


def _expected(base: list, got: list, feats: list[str]) -> bool:
    """Row counts the features change on purpose (三公 items as rows; all-zero tables noted empty)."""
    if len(base) != len(got):
        return False
    for (t0, n0), (t1, n1) in zip(base, got):
        if (t0, n0) == (t1, n1):
            continue
        if t0 == t1 == "09" and "sangong_items_as_rows" in feats:
            continue
        if t0 == t1 and n1 == 0 and "empty_tables_noted" in feats:
            continue
        return False
    return True


def run(trials: int, start: int, verbose: bool) -> dict:
    from tests.fixtures.seeds import SEEDS, load_seed
    from tests.fixtures.variants import FEATURES

    tmp = Path(tempfile.mkdtemp(prefix="layout_sweep_"))
    bases: dict = {}
    differing = []
    by_ruled = collections.Counter()
    for trial in range(start, start + trials):
        rng = random.Random(trial)
        seed, ruled = rng.randrange(len(SEEDS)), rng.random() < 0.5
        base_feats = tuple(f for f in BASE if rng.random() < 0.35)
        spec = load_seed(seed)
        spec.forms = []
        for f in base_feats:
            spec = FEATURES[f](spec)
        if (seed, ruled, base_feats) not in bases:
            bases[(seed, ruled, base_feats)] = _read(spec.copy(), tmp / f"base{len(bases)}.pdf", ruled)
        tables0, found0 = bases[(seed, ruled, base_feats)]
        varied, feats, opts = _variant(rng, spec.copy())
        tables, found = _read(varied, tmp / "variant.pdf", ruled)
        lost, new = found0 - found, found - found0
        if "empty_tables_noted" in feats:  # a table it empties has no 空表说明 to miss
            lost = collections.Counter({k: n for k, n in lost.items() if k[0] != "B10"})
        if opts.get("cover") is False:  # no 目录 to compare with
            lost = collections.Counter({k: n for k, n in lost.items() if k[0] != "B16"})
        by_ruled[ruled] += 1
        if _expected(tables0, tables, feats) and not lost and not new:
            continue
        rec = {"trial": trial, "seed": seed, "ruled": ruled, "base": list(base_feats), "features": feats,
               "options": opts, "tables_before": tables0, "tables": tables,
               "lost": sorted(map(list, lost)), "new": sorted(map(list, new))}
        differing.append(rec)
        if verbose:
            print(rec, flush=True)
    return {"trials": trials, "start": start, "ruled": by_ruled[True], "unruled": by_ruled[False],
            "differing": differing}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=300)
    ap.add_argument("--start", type=int, default=0, help="first trial number (each trial is seeded by its number)")
    ap.add_argument("--json")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    out = run(args.trials, args.start, args.verbose)
    rows = [[r["trial"], r["seed"], "ruled" if r["ruled"] else "unruled", "+".join(r["base"]) or "—",
             ", ".join(r["features"]) or "—", ", ".join(f"{k}={v}" for k, v in r["options"].items()) or "—",
             "; ".join(f"{a}→{b}" for a, b in zip(r["tables_before"], r["tables"]) if a != b) or "—",
             " ".join(f"-{x[0]}" for x in r["lost"]) + " " + " ".join(f"+{x[0]}" for x in r["new"])]
            for r in out["differing"]]
    if rows:
        print(md_table(["trial", "seed", "rules", "base", "features", "options", "tables", "findings"], rows))
        print()
    print(f"{len(out['differing'])} of {out['trials']} combinations read differently from their plain print "
          f"(trials {args.start}–{args.start + args.trials - 1}; {out['ruled']} ruled, {out['unruled']} unruled)")
    write_json(args.json, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
