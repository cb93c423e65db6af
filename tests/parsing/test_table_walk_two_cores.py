"""A long bundle's pages are cut into tables and narrative on two cores (parsing/table_walk.py):
a forked copy walks the second part from where a disclosure starts, and the document is the
one-process document — tables (ids, titles, rows, pages), narrative and 目录 — also when this
walk arrives there with a table open (the copy's work is dropped) or the copy fails."""
from __future__ import annotations

import os
import sys

import pytest

from auditdesk.parsing import table_walk, two_cores
from auditdesk.parsing.extract import open_disclosure
from tests.parsing.test_units import _bundle, _render

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks a copy: Linux only")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    d = tmp_path_factory.mktemp("walk")
    parts = []
    for k, seed in enumerate((0, 1, 2, 3)):
        _render(seed, d / f"s{k}.pdf")
        parts.append(d / f"s{k}.pdf")
    _bundle(parts, d / "bundle.pdf")
    return d / "bundle.pdf"


def _document(doc):
    return ([(t.id, t.title, t.label, t.type, t.unit, t.pages, [[c.text for c in r.cells] for r in t.rows])
             for t in doc.tables],
            [(s.page, s.text, s.section, s.path, s.bbox, s.index) for s in doc.narrative],
            [(h.page, h.text, h.path, h.bbox) for h in doc.headings], doc.toc, doc.units, doc.department, doc.year,
            doc.kind)


@pytest.fixture
def copies(copies_made, monkeypatch):
    """The copies forked (the walk's among them), with can_fork() true."""
    monkeypatch.setattr(two_cores, "can_fork", lambda: True)
    monkeypatch.setattr(table_walk, "MIN_PAGES", 1)
    return copies_made


def _one_process(path, monkeypatch):
    monkeypatch.setattr(two_cores, "can_fork", lambda: False)
    return _document(open_disclosure(path))


def test_two_cores_cut_what_one_cuts(bundle, copies, monkeypatch):
    taken = []
    real_cut = table_walk._cut
    monkeypatch.setattr(table_walk, "_cut", lambda pages: taken.append(real_cut(pages)) or taken[-1])
    doc = open_disclosure(bundle)
    two = _document(doc)
    assert taken and taken[0] is not None and copies  # the walk was cut, a copy walked the second part
    assert any(u.first - 1 == taken[0] for u in doc.units[1:])  # cut where a disclosure starts
    one = _one_process(bundle, monkeypatch)
    assert two == one
    assert len(one[0]) >= 30 and one[1]
    assert [t[0] for t in two[0]] == [f"T{k:02d}" for k in range(1, len(two[0]) + 1)]


def test_arriving_with_a_table_open_walks_on_here(bundle, copies, monkeypatch):
    monkeypatch.setattr(table_walk.TableWalk, "settled", property(lambda self: False))
    two = _document(open_disclosure(bundle))
    assert copies  # the copy ran, its work was dropped
    assert two == _one_process(bundle, monkeypatch)


def test_a_failed_copy_leaves_the_walk_here(bundle, copies, monkeypatch):
    here, real = os.getpid(), table_walk.TableWalk.to_end
    # (the copy's walk fails; this process's own walk, should it walk on, does not)
    monkeypatch.setattr(table_walk.TableWalk, "to_end",
                        lambda self, first: 1 / 0 if os.getpid() != here else real(self, first))
    two = _document(open_disclosure(bundle))
    assert two == _one_process(bundle, monkeypatch)


def test_one_disclosure_is_not_cut(tmp_path):
    from auditdesk.parsing.pdf_text import open_pdf, read_page

    _render(0, tmp_path / "one.pdf")
    with open_pdf(str(tmp_path / "one.pdf")) as d:
        pages = [read_page(pg) for pg in d]
    assert len(pages) >= 8
    assert table_walk._cut(pages) is None  # no second cover, 目录 or 第一部分 in its middle


def test_page_facts_are_read_while_the_copy_walks(bundle, copies, monkeypatch):
    """The page facts need no table: this process reads them before it awaits the copy's walk
    (`walk(meanwhile=…)`); they are the one-process facts."""
    ran = []
    real_walk = table_walk.walk

    def spying(*args, meanwhile=None, **kwargs):
        def spy():
            ran.append(1)
            meanwhile()
        return real_walk(*args, meanwhile=spy, **kwargs)

    monkeypatch.setattr(table_walk, "walk", spying)
    two = open_disclosure(bundle)
    assert ran == [1] and copies
    monkeypatch.setattr(two_cores, "can_fork", lambda: False)
    one = open_disclosure(bundle)
    assert len(ran) == 1  # (one process: read after the walk, by the caller)
    assert two.page_facts == one.page_facts and len(two.page_facts) == two.pages


def test_the_first_parts_sentences_are_cut_while_the_copy_walks(bundle, copies, monkeypatch):
    """The narrative of the pages before the cut needs nothing of the copy's part: this process
    cuts its sentences before it awaits the copy's walk (`walk(first_part=…)`), and goes on with
    the copy's narrative after; sentences, sections and headings are the one-process ones."""
    fed = []
    real_walk = table_walk.walk

    def spying(*args, first_part=None, **kwargs):
        def spy(narrative):
            fed.append(len(narrative))
            first_part(narrative)
        return real_walk(*args, first_part=spy, **kwargs)

    monkeypatch.setattr(table_walk, "walk", spying)
    two = _document(open_disclosure(bundle))
    assert len(fed) == 1 and fed[0] > 0 and copies
    one = _one_process(bundle, monkeypatch)
    assert len(fed) == 1  # (one process: no first part)
    assert two == one and one[1]


def test_the_copys_narrative_goes_back_as_line_numbers(bundle):
    """Both processes hold the pages and group their lines alike: the copy's narrative lines go
    back as their numbers on their pages (not pickled), and come out as this process's own
    lines; a line that is no page's own goes as it is."""
    import pickle

    from auditdesk.parsing.lines import Line, page_lines
    from auditdesk.parsing.pdf_text import open_pdf, read_page
    from auditdesk.parsing.progress import NullProgress
    from auditdesk.parsing.tables import running_lines

    with open_pdf(str(bundle)) as d:
        pages = [read_page(pg) for pg in d]
    walked = table_walk.TableWalk(pages, running_lines(pages), NullProgress()).to_end(len(pages) // 2)
    sent = table_walk._lines_as_numbers(pages, walked)
    assert isinstance(sent[1], table_walk._LineNumbers) and len(pickle.dumps(sent)) < len(pickle.dumps(walked))
    back = table_walk._lines_from_numbers(pages, pickle.loads(pickle.dumps(sent)))
    assert back[1] == walked[1] and back[1]
    by_number = {p.number: p for p in pages}
    assert all(ln in page_lines(by_number[n]) for n, lines in back[1] for ln in lines)
    stray = (walked[0], walked[1] + [(pages[0].number, [Line(pages[0].words[:1])])], walked[2])
    assert table_walk._lines_as_numbers(pages, stray) is stray
