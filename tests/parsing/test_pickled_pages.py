"""What a forked copy sends back through its pipe (pages it read, tables and sentences it made)
arrives equal to what it sent: the compact pickles of PageText, Cell and Sentence."""
from __future__ import annotations

import pickle
from decimal import Decimal

from auditdesk.parsing.lines import joined_page_lines, page_lines
from auditdesk.parsing.model import Cell, Sentence
from auditdesk.parsing.ocr import OcrPage, OcrWord
from auditdesk.parsing.pdf_text import PageText, Word


def _page() -> PageText:
    words = [Word(10, 10, 40, 20, "收入", "收入"), Word(50, 10, 90, 20, "1,234.56"),
             Word(10, 30, 60, 40, "（一）", "（一）"), Word(70, 31, 95, 41, "合计")]
    return PageText(4, 595.0, 842.0, words, hrules=[(5.0, 1.0, 90.0)], vrules=[(45.0, 5.0, 45.0)],
                    issues=[("turned", "本页…")], turned=90, marks=[(1.0, 2.0, 3.0, 4.0, "仅供")])


def test_a_page_with_its_lines_comes_back_equal():
    page = _page()
    joined_page_lines(page)
    back = pickle.loads(pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == page and type(back) is PageText
    assert back.turned == 90 and back.marks == page.marks and back.issues == page.issues
    # the lines come back grouped and joined, over the page's own word objects
    assert [(ln.text, ln.bbox) for ln in back.lines_cache] == [(ln.text, ln.bbox) for ln in page.lines_cache]
    on_page = {id(w) for w in back.words}
    assert all(id(w) in on_page for ln in back.lines_cache for w in ln.words)


def test_a_page_never_grouped_is_grouped_when_asked():
    page = _page()
    back = pickle.loads(pickle.dumps(page))
    assert back.lines_cache is None
    assert [ln.text for ln in page_lines(back)] == [ln.text for ln in page_lines(_page())]


def test_an_ocr_page_keeps_what_only_it_has():
    page = OcrPage(2, 100.0, 200.0, [OcrWord(1, 2, 3, 4, "收入", "收入", conf=0.42)], ocr=True,
                   frame=(2.0, 0.0, 1.0, 0.0, 1.0, 0.0), page_size=(200.0, 100.0), turned=90, seals=((1, 2, 3, 4),))
    back = pickle.loads(pickle.dumps(page))
    assert type(back) is OcrPage and back == page
    assert back.frame == page.frame and back.seals == page.seals and back.page_size == page.page_size
    assert type(back.words[0]) is OcrWord and back.words[0].conf == 0.42


def test_cells_and_sentences_come_back_equal():
    cells = [Cell("1,234.56", Decimal("1234.56"), 3, (1.0, 2.0, 3.0, 4.0)),
             Cell("12", Decimal("12"), 3, None, original="21", confidence=0.7)]
    sentence = Sentence(5, 9, (1.0, 2.0, 3.0, 4.0), "收入合计1,234.56万元。", "一、收入", ("第二部分", "一、收入"), 0.9)
    assert pickle.loads(pickle.dumps(cells)) == cells
    assert pickle.loads(pickle.dumps(cells))[1].edited
    assert pickle.loads(pickle.dumps(sentence)) == sentence
