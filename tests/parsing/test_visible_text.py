"""Issue 19: what is printed is what is checked (cases 6–9).

Hidden text, overlaid duplicates, a lying ToUnicode map and turned pages, each made from the
rendered seed disclosure by the generator in tests/bad_inputs.py."""
from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from tests.bad_inputs import _render, _seed_spec, write_hidden_text, write_lying_font, write_overlaid, write_turned


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> tuple[Path, object]:
    path = _render(_seed_spec(), tmp_path_factory.mktemp("visible") / "seed.pdf")
    return path, open_disclosure(path)


def _cells(doc) -> list[tuple[str, list[list[str]]]]:
    return [(t.title, [[c.text for c in r.cells] for r in t.rows]) for t in doc.tables]


def _figures(doc) -> list[list[list[tuple[int, str]]]]:
    return [[[(j, c.text) for j, c in enumerate(r.cells) if c.value is not None] for r in t.rows] for t in doc.tables]


def _texts(doc) -> list[str]:
    return [c.text for t in doc.tables for r in t.rows for c in r.cells]


def _issues(doc, code: str) -> list:
    return [i for i in doc.issues if i.code == code]


# ------------------------------------------------------------------ case 6: hidden text


@pytest.mark.parametrize("how", ["render_mode_3", "white_on_white", "under_box"])
def test_hidden_text_is_not_what_is_checked(seed, tmp_path, how):
    src, clean = seed
    assert "50.00" not in _texts(clean)
    path = tmp_path / f"{how}.pdf"
    info = write_hidden_text(src, path, how)
    doc = open_disclosure(path)
    texts = _texts(doc)
    assert info["printed"] in texts  # the figure the page shows is the one checked …
    assert info["hidden"] not in texts  # … never the one only the text layer holds
    assert not any(info["hidden"] in t and t != info["hidden"] for t in texts)  # nor glued to another
    found = _issues(doc, "hidden_text")
    assert [i.page for i in found] == [info["page"]] and info["hidden"] in found[0].message
    if how != "under_box":  # nothing else changed: the tables are the clean ones
        assert _cells(doc) == _cells(clean)


# ------------------------------------------------------------------ case 7: overlaid duplicates


def test_content_drawn_twice_is_read_once(seed, tmp_path):
    src, clean = seed
    doc = open_disclosure(write_overlaid(src, tmp_path / "overlaid.pdf"))
    assert _cells(doc) == _cells(clean)
    assert [t.title for t in doc.tables] == [t.title for t in clean.tables]
    # the same rules run (none skipped for doubled figures) and find the same things
    cov = {c.rule: c.status for c in run_checks(doc).coverage}
    assert cov == {c.rule: c.status for c in run_checks(clean).coverage}
    assert _issues(doc, "overlaid_text")


# ------------------------------------------------------------------ case 8: a lying ToUnicode map


def test_font_whose_tounicode_swaps_digits_is_read_by_its_glyphs(seed, tmp_path):
    src, clean = seed
    path = tmp_path / "lying.pdf"
    info = write_lying_font(src, path)
    doc = open_disclosure(path)
    texts = _texts(doc)
    assert info["printed"] in texts and info["extracted"] not in texts
    lies = _issues(doc, "lying_font")
    assert lies and {i.page for i in lies} == {info["page"]} and "ToUnicode" in lies[0].message
    assert _cells(doc) == _cells(clean)


def test_a_lying_font_is_corrected_by_whichever_reader_reads_its_page(seed, tmp_path, monkeypatch):
    """Fonts are looked at page by page as the pages are read: on two cores the copy corrects
    the fonts of the pages it reads in its own memory, and the reading is the one-process one."""
    import sys

    from auditdesk.parsing import two_cores, two_readers

    if not sys.platform.startswith("linux"):
        pytest.skip("forks a copy: Linux only")
    src, _clean = seed
    info = write_lying_font(src, tmp_path / "lying.pdf")
    one = open_disclosure(tmp_path / "lying.pdf")
    monkeypatch.setattr(two_cores, "can_fork", lambda: True)
    monkeypatch.setattr(two_readers, "MIN_PAGES", 1)
    two = open_disclosure(tmp_path / "lying.pdf")
    assert info["printed"] in _texts(two) and info["extracted"] not in _texts(two)
    assert _cells(two) == _cells(one)
    assert [(i.page, i.message) for i in _issues(two, "lying_font")] == [(i.page, i.message) for i in _issues(one, "lying_font")]


# ------------------------------------------------------------------ case 9: turned pages


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_sideways_and_upside_down_pages_are_turned_by_their_text(seed, tmp_path, degrees):
    src, clean = seed
    doc = open_disclosure(write_turned(src, tmp_path / f"turned{degrees}.pdf", degrees))  # 180 used to crash
    assert [t.title for t in doc.tables] == [t.title for t in clean.tables]
    # every figure in its row and column; (a label printed between two rows may fall to the
    # other one when the turned coordinates differ in the last bit)
    assert _figures(doc) == _figures(clean)
    assert _issues(doc, "turned")
    # a turned page hides nothing: its text layer is what it prints (F5 compared the layer,
    # read unturned, with the words read turned, and reported every line as hidden)
    from auditdesk.checks.engine import run_checks

    hidden = [f.message for f in run_checks(doc).findings if f.rule == "F5"]
    assert hidden == [f.message for f in run_checks(clean).findings if f.rule == "F5"]


# ------------------------------------------------------------------ a figure edited through a white-out


def test_figure_edited_through_a_redaction_stays_in_its_cell(seed, tmp_path):
    """A figure changed the way PDF editors do it — the old one redacted under a white box
    (filled *and* outlined in white), the new one typed on top in another font — is read in
    the same cell; the white-out's outline is not taken for ruling lines (it was: two extra
    columns and the figure beside its column)."""
    from tests.bad_inputs import _tampered_digits, amount_spot

    src, clean = seed
    pno, text, (x0, y0, x1, y1) = amount_spot(src)
    new = _tampered_digits(text)
    path = tmp_path / "edited.pdf"
    with pymupdf.open(src) as d:
        page = d[pno]
        cy, h = (y0 + y1) / 2, (y1 - y0) / 4
        page.add_redact_annot(pymupdf.Rect(x0 + 0.3, cy - h, x1 - 0.3, cy + h), fill=(1, 1, 1))
        page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_NONE)
        fs = 0.8 * (y1 - y0)
        page.insert_text((x1 - pymupdf.get_text_length(new, "helv", fs), y1 - 0.2 * (y1 - y0)), new, fontname="helv", fontsize=fs)
        d.save(path)
    doc = open_disclosure(path)
    before, after = _cells(clean), _cells(doc)
    assert [(t, len(rows), len(rows[0]) if rows else 0) for t, rows in after] == \
        [(t, len(rows), len(rows[0]) if rows else 0) for t, rows in before]
    changed = [(a, b) for (_, ra), (_, rb) in zip(before, after) for x, y in zip(ra, rb) for a, b in zip(x, y) if a != b]
    assert changed == [(text, new)]


def test_figure_typed_over_a_white_out_is_read_and_the_covered_one_is_not(seed, tmp_path):
    """A white box drawn over a figure (a white-out) and a changed figure typed on it: the page
    shows the new one. The covered figure is left out (hidden text) and the typed one is read."""
    from tests.bad_inputs import amount_spot

    src, clean = seed
    pno, text, (x0, y0, x1, y1) = amount_spot(src)
    new = ("3" if text[0] != "3" else "4") + text[1:]
    path = tmp_path / "whiteout.pdf"
    with pymupdf.open(src) as d:
        page = d[pno]
        h = page.search_for(text, clip=pymupdf.Rect(x0 - 2, y0 - 2, x1 + 2, y1 + 2))[0]
        page.draw_rect(pymupdf.Rect(h.x0 - 0.5, h.y0 + 0.5, h.x1 + 0.5, h.y1 - 0.5), color=None, fill=(1, 1, 1), overlay=True)
        fs = 0.8 * (h.y1 - h.y0)
        page.insert_text((h.x1 - pymupdf.get_text_length(new, "helv", fs), h.y1 - 0.2 * (h.y1 - h.y0)), new,
                         fontname="helv", fontsize=fs)
        d.save(path)
    doc = open_disclosure(path)
    texts = _texts(doc)
    assert new in texts and text not in texts
    found = _issues(doc, "hidden_text")
    assert found and text in found[0].message and new not in found[0].message


def test_white_out_on_a_real_table(real_pdfs, tmp_path):
    """The same on putuo_socialwork's 基本支出 table: 绩效工资 10.16 whited out, 30.16 typed on
    it. Only the "0.16" of the old figure lay fully under the box, and that piece, found inside
    the typed "30.16", made the typed figure "covered" too: the cell came out blank."""
    from benchmarks.planted_real import _plant

    src = real_pdfs / "putuo_socialwork_2024_final.pdf"
    base = open_disclosure(src)
    (t,) = [t for t in base.tables if t.type == "06"]
    (row, cell), = [(r, c) for r in t.rows for c in r.cells if c.text == "10.16"]
    path = tmp_path / "whiteout.pdf"
    assert _plant(src, path, row.page or t.pages[0], cell.bbox, "10.16", "30.16", "cover")
    doc = open_disclosure(path)
    (t2,) = [t for t in doc.tables if t.type == "06"]
    assert [[c.text for c in r.cells] for r in t2.rows] == \
        [[("30.16" if c is cell else c.text) for c in r.cells] for r in t.rows]
