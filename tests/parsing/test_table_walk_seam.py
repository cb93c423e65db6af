"""One long disclosure is walked on two cores where a table's title opens a page near the
middle (parsing/table_walk.py `_title_cut`, `TableWalk.seam`): the copy walks afresh from that
page, this process walks up to it and then that page too, and keeps the copy's work only if
both leave that page alike. Whichever page is tried, the result is the one-process walk —
tables across pages, a title at a page foot, labels above titles, forms, unruled tables."""
from __future__ import annotations

import sys

import pytest

from auditdesk.parsing import table_walk, two_cores
from auditdesk.parsing.pdf_text import open_pdf, read_page
from auditdesk.parsing.progress import NullProgress
from auditdesk.parsing.tables import running_lines
from tests.fixtures import variants
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks a copy: Linux only")

LAYOUTS = {
    "seed0 ruled": (0, None, True),
    "seed1 unruled": (1, None, False),
    "seed2 labels above, running header": (2, lambda s: variants.running_header_footer(variants.fujian_cn_labels_above(s)), True),
    "seed3 forms, unruled": (3, None, False),
    "seed4 forms": (4, None, True),
}


def _pages(tmp_path, seed, variant, ruled):
    spec = load_seed(seed)
    if variant is not None:
        spec = variant(spec)
    path = tmp_path / "d.pdf"
    render_pdf(spec, path, ruled=ruled)
    pdf = open_pdf(str(path))
    try:
        return [read_page(p) for p in pdf]
    finally:
        pdf.close()


def _walked(result):
    tables, narrative, toc = result
    return ([(t.id, table_walk._content(t)) for t in tables],
            [(n, [(ln.text, ln.bbox) for ln in lines]) for n, lines in narrative], toc)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_page_tried_as_the_seam_gives_the_one_process_walk(layout, tmp_path, monkeypatch):
    seed, variant, ruled = LAYOUTS[layout]
    pages = _pages(tmp_path, seed, variant, ruled)
    running = running_lines(pages)
    one = _walked(table_walk.walk(pages, running, NullProgress()))
    monkeypatch.setattr(table_walk, "MIN_PAGES", 1)
    monkeypatch.setattr(table_walk, "_cut", lambda pages: None)  # (one disclosure: no cover to cut at)
    joined = 0
    real_seam = table_walk.TableWalk.seam
    for cut in range(1, len(pages)):
        seams: list[bool] = []
        monkeypatch.setattr(table_walk, "_title_cut", lambda pages, running, cut=cut: cut)
        monkeypatch.setattr(table_walk.TableWalk, "seam",
                            lambda self, c: seams.append(bool(r := real_seam(self, c))) or r)
        two = _walked(table_walk.walk(pages, running, NullProgress(), forked=True))
        assert two == one, f"seam at page {cut + 1}"
        joined += seams == [True]
    assert joined >= 3  # (the copy's work is kept at some pages, not merely dropped everywhere)


def test_a_long_disclosure_is_cut_where_a_title_opens_a_page(tmp_path, monkeypatch):
    pages = _pages(tmp_path, 4, None, True)
    running = running_lines(pages)
    cut = table_walk._title_cut(pages, running)
    assert cut is not None and len(pages) // 4 <= cut < len(pages) - len(pages) // 4
    lines = table_walk.content_lines(pages[cut], running)[:2]
    assert any(table_walk.is_title(ln.text) for ln in lines)
