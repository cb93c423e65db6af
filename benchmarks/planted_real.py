"""Checks benchmark: planted figures in the REAL published PDFs, edited the way a PDF editor
does it — the printed figure redacted under a white box, a changed one typed in its place in
another font (Helvetica).

    python benchmarks/planted_real.py [--per-pdf 10] [--seed 1] [--style redact|cover] [--json OUT] [-v]

For each PDF in ../shared/real-pdfs, `--per-pdf` table cells holding a two-decimal figure
other than 0 are drawn (fixed seed); each copy changes one digit of one cell. A plant is found
when the copy's report has a new error-level finding that points at the planted cell (its
location or one of its related locations: same table, same row) — the figure also reaches
the message. New errors elsewhere are counted apart as "collateral": mostly the same slip
breaking the sums above it too, and F5 on a white-out's covered text; a disturbed extraction
would show there as well.
A one-cent change inside a sum of many rounded figures is a 尾差 by the domain's tolerance
(0.01 × addends), not a miss of the checks: such plants are listed apart ("within 尾差").
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import md_table, real_pdfs, write_json  # noqa: E402

_FIGURE = re.compile(r"[\d,]+\.\d\d")


def _errors(report) -> dict:
    return {(f.rule, f.message): f for f in report.findings if f.severity == "error"}


def _points_at(f, table_id: str, row: int) -> bool:
    return any(loc.table == table_id and loc.row == row for loc in (f.location, *f.related))


def _plant(src: Path, out: Path, page_no: int, bbox, old: str, new: str, style: str = "redact") -> bool:
    import pymupdf

    with pymupdf.open(src) as doc:
        page = doc[page_no - 1]
        x0, y0, x1, y1 = bbox
        hits = page.search_for(old, clip=pymupdf.Rect(x0 - 2, y0 - 2, x1 + 2, y1 + 2))
        if not hits:
            return False
        h = hits[0]
        cy, half = (h.y0 + h.y1) / 2, (h.y1 - h.y0) / 4  # a strip inside the figure: no neighbour touched
        if style == "redact":  # the old figure removed from the text layer
            page.add_redact_annot(pymupdf.Rect(h.x0 + 0.3, cy - half, h.x1 - 0.3, cy + half), fill=(1, 1, 1))
            page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_NONE)
        else:  # "cover": a white box drawn over it (a white-out); the old figure stays in the text layer
            page.draw_rect(pymupdf.Rect(h.x0 - 0.5, h.y0 + 0.5, h.x1 + 0.5, h.y1 - 0.5), color=None, fill=(1, 1, 1),
                           overlay=True)
        fs = 0.8 * (h.y1 - h.y0)
        width = pymupdf.get_text_length(new, fontname="helv", fontsize=fs)
        page.insert_text((h.x1 - width, h.y1 - 0.2 * (h.y1 - h.y0)), new, fontname="helv", fontsize=fs)
        doc.save(out)
    return True


def run_pdf(path: Path, per_pdf: int, seed: int, folder: Path, verbose: bool = False, style: str = "redact") -> dict:
    from auditdesk.checks.engine import run_checks
    from auditdesk.parsing.extract import open_disclosure

    base = open_disclosure(str(path))
    before = _errors(run_checks(base))
    cells = [(t, i, r, c) for t in base.tables for i, r in enumerate(t.rows) for c in r.cells
             if c.value is not None and c.bbox and _FIGURE.fullmatch(c.text or "") and Decimal(str(c.value)) != 0]
    rng = random.Random(f"{seed}:{path.name}")
    out = dict(pdf=path.name, plants=0, found=0, within_rounding=0, collateral=0, missed=[])
    for k, (t, i, r, c) in enumerate(rng.sample(cells, min(per_pdf, len(cells)))):
        old = c.text
        digits = [j for j, ch in enumerate(old) if ch.isdigit()]
        j = rng.choice(digits)
        new = old[:j] + str((int(old[j]) + rng.randint(1, 8)) % 10) + old[j + 1:]
        copy = folder / f"{path.stem}_{k}.pdf"
        if not _plant(path, copy, r.page or t.pages[0], c.bbox, old, new, style):
            continue
        out["plants"] += 1
        new_errors = [f for key, f in _errors(run_checks(open_disclosure(str(copy)))).items() if key not in before]
        at = [f for f in new_errors if _points_at(f, t.id, i)]
        out["collateral"] += len(new_errors) - len(at)
        delta = abs(Decimal(new.replace(",", "")) - Decimal(old.replace(",", "")))
        if at:
            out["found"] += 1
        elif delta <= Decimal("0.09"):
            out["within_rounding"] += 1
        else:
            out["missed"].append(f"{t.title} / {r.label}: {old} → {new}")
        if verbose:
            print(f"  {'found ' if at else 'MISSED'} {t.title[:18]} {r.label[:16]} {old} → {new}"
                  + (f" | {at[0].rule} {at[0].message[:90]}" if at else ""))
            for f in new_errors:
                if f not in at:
                    print(f"      collateral: {f.rule} {f.message[:110]}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-pdf", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json")
    ap.add_argument("--style", choices=("redact", "cover"), default="redact",
                    help="redact: the old figure removed (redaction); cover: a white box drawn over it")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    pdfs = real_pdfs()
    if not pdfs:
        print("no real PDFs found (set AUDITDESK_REAL_PDFS)")
        return 0
    rows, results = [], []
    with tempfile.TemporaryDirectory() as folder:
        for pdf in pdfs:
            res = run_pdf(pdf, args.per_pdf, args.seed, Path(folder), args.verbose, args.style)
            results.append(res)
            judged = res["plants"] - res["within_rounding"]
            rows.append([pdf.stem, str(res["plants"]), f"{res['found']}/{judged}", str(res["within_rounding"]),
                         str(res["collateral"]), "; ".join(res["missed"])[:120]])
    print(md_table(["PDF", "plants", "found", "within 尾差", "collateral errors", "missed"], rows))
    found = sum(r["found"] for r in results)
    judged = sum(r["plants"] - r["within_rounding"] for r in results)
    print(f"\nplanted in real PDFs: {found}/{judged} found ({sum(r['within_rounding'] for r in results)} within 尾差)")
    if args.json:
        write_json(args.json, {"results": results, "found": found, "judged": judged})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
