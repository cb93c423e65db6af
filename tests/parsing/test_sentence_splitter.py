"""The 情况说明 cut into sentences part by part (`SentenceSplitter`: a first part while a copy of
the process walks the rest of a long file) is the 情况说明 cut at once: the same sentences,
sections, heading paths and boxes, wherever the parts meet — inside a paragraph that runs on
over the page, under a heading the first part opened."""
from __future__ import annotations

import pytest

from auditdesk.parsing import table_walk
from auditdesk.parsing.narrative import SentenceSplitter, split_sentences
from auditdesk.parsing.pdf_text import open_pdf, read_page
from auditdesk.parsing.progress import NullProgress
from auditdesk.parsing.tables import running_lines
from tests.parsing.test_units import _render


@pytest.fixture(scope="module", params=[0, 3])
def narrative_pages(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("split") / "one.pdf"
    _render(request.param, path)
    with open_pdf(str(path)) as d:
        pages = [read_page(pg) for pg in d]
    _tables, narrative, _toc = table_walk.walk(pages, running_lines(pages), NullProgress())
    return narrative, {p.number: p.width for p in pages}, request.param


def _all(result):
    sentences, headings = result
    return ([(s.index, s.page, s.bbox, s.text, s.section, s.path) for s in sentences],
            [(h.index, h.page, h.bbox, h.text, h.path) for h in headings])


def test_fed_in_two_parts_anywhere_is_cut_as_at_once(narrative_pages):
    narrative, widths, seed = narrative_pages
    at_once = _all(split_sentences(narrative, widths))
    assert len(narrative) >= 3 and len(at_once[0]) >= 20 and at_once[1]
    open_at_cut = 0
    for cut in range(len(narrative) + 1):
        splitter = SentenceSplitter(widths)
        splitter.feed(narrative[:cut])
        open_at_cut += bool(splitter.buf)  # a paragraph runs on over this cut
        splitter.feed(narrative[cut:])
        assert _all(splitter.result()) == at_once, cut
    if seed == 0:  # (its 情况说明 has a sentence running on over a page: some cut falls inside it)
        assert open_at_cut
