"""Robustness benchmark: the REAL published PDFs re-made the ways other producers and
publishing steps make the same pages, read against the originals.

    python benchmarks/producers.py [--json OUT] [-v]

Variants of every PDF in ../shared/real-pdfs:

* `cairo`   — re-made by poppler's `pdftocairo -pdf` (fonts re-embedded, some glyphs drawn as
  paths, every glyph of some titles clipped to its own box, Latin letters placed one by one);
  skipped when pdftocairo is not installed;
* `a3`, `70pct` — each page placed on a page 141 % / 70 % of its size (a form XObject, every
  length scaled: fonts, rules, gaps);
* `split`   — the 情况说明 and the tables as two PDFs, checked together (`check A B`);
* `text_first` — the same halves in one PDF, narrative first;
* `no_rules` — every vector path removed (the tables printed without ruling lines).

For each variant: are the tables the same (titles and every cell), and which findings differ
(page numbers aside: a split or reordered file numbers its pages otherwise). A new *error* is
what counts: a real inconsistency reads the same whoever made the file.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import md_table, real_pdfs, write_json  # noqa: E402

_PAGE = re.compile(r"第\s*\d+\s*页")


def _scaled(src: Path, out: Path, factor: float) -> None:
    import pymupdf

    with pymupdf.open(src) as doc, pymupdf.open() as new:
        for page in doc:
            r = page.rect
            target = new.new_page(width=r.width * factor, height=r.height * factor)
            target.show_pdf_page(target.rect, doc, page.number)
        new.save(out, garbage=3, deflate=True)


def _no_rules(src: Path, out: Path) -> None:
    import pymupdf

    with pymupdf.open(src) as doc:
        for page in doc:
            page.add_redact_annot(page.rect)
            page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE,
                                  graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED,
                                  text=pymupdf.PDF_REDACT_TEXT_NONE)
        doc.save(out, garbage=3, deflate=True)


def _halves(src: Path, folder: Path, table_pages: list[int]) -> tuple[Path, Path, Path]:
    """(narrative half, tables half, narrative-first whole) around the pages the tables use."""
    import pymupdf

    first, last = min(table_pages), max(table_pages)
    text, tables, whole = folder / f"{src.stem}_text.pdf", folder / f"{src.stem}_tables.pdf", folder / f"{src.stem}_tf.pdf"
    with pymupdf.open(src) as doc:
        with pymupdf.open() as a:
            if first > 1:
                a.insert_pdf(doc, from_page=0, to_page=first - 2)
            if last < doc.page_count:
                a.insert_pdf(doc, from_page=last, to_page=doc.page_count - 1)
            a.save(text)
        with pymupdf.open() as b:
            b.insert_pdf(doc, from_page=first - 1, to_page=last - 1)
            b.save(tables)
    with pymupdf.open(text) as a, pymupdf.open(tables) as b:
        a.insert_pdf(b)
        a.save(whole)
    return text, tables, whole


def _read(paths: list[Path]) -> dict:
    from auditdesk.checks.engine import run_checks
    from auditdesk.parsing.extract import open_disclosures

    doc = open_disclosures([str(p) for p in paths], ocr="off")
    report = run_checks(doc)
    return {
        "tables": [(t.title, [[c.text for c in r.cells] for r in t.rows]) for t in doc.tables],
        "findings": {(f.rule, f.severity, _PAGE.sub("第N页", f.message)) for f in report.findings},
        "table_pages": sorted({p for t in doc.tables for p in t.pages}),
    }


def run(verbose: bool = False) -> dict:
    pdfs = real_pdfs()
    cairo = shutil.which("pdftocairo")
    rows, out = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for pdf in pdfs:
            base = _read([pdf])
            variants: dict[str, list[Path]] = {}
            if cairo:
                made = folder / f"{pdf.stem}_cairo.pdf"
                subprocess.run([cairo, "-pdf", str(pdf), str(made)], capture_output=True, timeout=300)
                if made.exists() and made.stat().st_size > 0:
                    variants["cairo"] = [made]
            for name, factor in (("a3", 1.414), ("70pct", 0.7)):
                made = folder / f"{pdf.stem}_{name}.pdf"
                _scaled(pdf, made, factor)
                variants[name] = [made]
            text, tables, whole = _halves(pdf, folder, base["table_pages"])
            variants["split"] = [text, tables]
            variants["text_first"] = [whole]
            made = folder / f"{pdf.stem}_no_rules.pdf"
            _no_rules(pdf, made)
            variants["no_rules"] = [made]
            for name, paths in variants.items():
                try:
                    got = _read(paths)
                except Exception as exc:  # a variant the reader refuses is a result too
                    got = {"tables": [], "findings": set(), "refused": f"{type(exc).__name__}: {exc}"}
                new_errors = sorted(f for f in got["findings"] - base["findings"] if f[1] == "error")
                lost_errors = sorted(f for f in base["findings"] - got["findings"] if f[1] == "error")
                same_tables = got["tables"] == base["tables"]
                rows.append([pdf.stem, name, "same" if same_tables else "differ", len(new_errors), len(lost_errors),
                             len(got["findings"] ^ base["findings"])])
                out.setdefault(pdf.stem, {})[name] = {
                    "same_tables": same_tables, "new_errors": [list(f) for f in new_errors],
                    "lost_errors": [list(f) for f in lost_errors], "refused": got.get("refused")}
                if verbose:
                    for f in new_errors:
                        print(f"  {pdf.stem} {name} + {f[0]} {f[2][:100]}")
                    for f in lost_errors:
                        print(f"  {pdf.stem} {name} - {f[0]} {f[2][:100]}")
    print(md_table(["PDF", "variant", "tables", "new errors", "lost errors", "findings differing"], rows))
    return {"variants": out, "cairo": bool(cairo)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    data = run(args.verbose)
    if args.json:
        write_json(args.json, data)


if __name__ == "__main__":
    main()
