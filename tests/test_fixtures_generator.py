"""The fixture generator itself: seeds parse, PDFs carry what the spec says."""
from __future__ import annotations

import re

import pymupdf
import pytest

from tests.fixtures.pdfs import render_spec, seed_pdf
from tests.fixtures.plant import plant_error, plant_narrative
from tests.fixtures.seeds import SEEDS, load_seed
from tests.fixtures.spec import MERGE_LEFT, MERGE_UP, TableSpec, header_cells, lossy_to_markers

ALL = range(len(SEEDS))


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def page_text(path, pages) -> str:
    with pymupdf.open(path) as doc:
        return squash("".join(doc[p - 1].get_text() for p in pages))


@pytest.mark.parametrize("i", ALL)
def test_seed_parses_into_tables(i):
    spec = load_seed(i)
    assert len(spec.tables) >= 8
    assert spec.department and spec.year == 2024 and spec.kind in ("部门决算", "单位决算")
    assert spec.narrative, "情况说明 paragraphs"
    titles = [squash(t.title) for t in spec.tables]
    assert any(t.endswith("收入支出决算总表") and "财政" not in t for t in titles)
    for t in spec.tables:
        assert t.rows or t.empty_note, t.title
        assert t.header, t.title
        w = t.ncols
        assert all(len(r) == w for r in t.header + t.rows), t.title


def test_seed_cells_kept_as_printed():
    s = load_seed(0)
    t = s.table("支出决算表")
    assert t.rows[0][:5] == ["合计", "", "532.68", "510.92", "21.76"]
    assert ["2060501", "机构运行", "384.51", "384.51", "", "", "", ""] in t.rows
    assert s.table("收入支出决算总表").label == "公开01表"
    assert s.table("国有资本经营").empty_note == "说明：本表无数据"
    s3 = load_seed(3)
    assert s3.table("2024 年度支出决算表").rows[0][4] == "1, 112. 44"  # OCR spacing kept
    assert load_seed(1).table("收入决算表").label == "公开02表"  # label split over two lines
    # 002 lost title, label and header of 收入决算表: title from 目录, standard header
    t2 = load_seed(2).table("收入决算表")
    assert t2.label is None and t2.header[0][2] == "本年收入合计"


def test_lossy_header_conversion():
    lossy = [["项目", "", "本年支出", "", ""], ["科目代码", "科目名称", "小计", "基本支出", "项目支出"],
             ["栏次", "", "1", "2", "3"]]
    assert lossy_to_markers(lossy) == [["项目", "<", "本年支出", "<", "<"],
                                      ["科目代码", "科目名称", "小计", "基本支出", "项目支出"],
                                      ["栏次", "<", "1", "2", "3"]]
    cells = {(c.row, c.col): (c.rowspan, c.colspan) for c in header_cells(
        [["项目", "<", "合计"], ["代码", "名称", MERGE_UP]])}
    assert cells == {(0, 0): (1, 2), (0, 2): (2, 1), (1, 0): (1, 1), (1, 1): (1, 1)}


@pytest.mark.parametrize("i", ALL)
def test_rendered_pdf_contains_every_title_and_cell(tmp_path_factory, i):
    path, spec, info = seed_pdf(tmp_path_factory, i)
    with pymupdf.open(path) as doc:
        assert doc.page_count == info.page_count
        everything = squash("".join(p.get_text() for p in doc))
    assert squash(spec.department) in everything
    for t, r in zip(spec.tables, info.tables):
        text = page_text(path, r.pages)
        assert squash(t.title) in text
        if t.label:
            assert squash(t.label) in text
        for row in r.rows:
            for cell in row.cells:
                assert squash(cell.text) in text, (t.title, cell.text)
        for h in r.header:
            assert squash(h.text) in text
        assert len(r.rows) == len(t.rows)
    for k, para in enumerate(spec.narrative[:20]):
        assert squash(para) in everything, k


@pytest.mark.parametrize("i", [0, 4])
def test_cell_bboxes_hold_their_text(tmp_path_factory, i):
    path, spec, info = seed_pdf(tmp_path_factory, i)
    with pymupdf.open(path) as doc:
        for r in info.tables[:3]:
            for row in r.rows[:10]:
                page = doc[row.page - 1]
                for cell in row.cells:
                    if cell.text:
                        got = page.get_textbox(pymupdf.Rect(cell.bbox))
                        assert squash(got) == squash(cell.text), (r.title, cell.text, got)


def _drawn_lines(path) -> list[int]:
    with pymupdf.open(path) as doc:
        return [sum(len(d["items"]) for d in p.get_drawings()) for p in doc]


def test_ruled_has_grid_unruled_almost_none(tmp_path_factory):
    ruled, _, info = seed_pdf(tmp_path_factory, 0, ruled=True)
    unruled, _, _ = seed_pdf(tmp_path_factory, 0, ruled=False)
    table_pages = sorted({p for t in info.tables for p in t.pages})
    lr, lu = _drawn_lines(ruled), _drawn_lines(unruled)
    assert all(lr[p - 1] >= 20 for p in table_pages)
    assert all(lu[p - 1] <= 4 for p in table_pages)  # top + bottom rules only


def test_forced_page_breaks_and_continuation(tmp_path_factory):
    path, spec, info = seed_pdf(tmp_path_factory, 0, rows_per_page=12)
    t = info.table("支出决算表")
    assert len(t.pages) >= 2
    assert len({r.page for r in t.rows}) >= 2
    # header repeated on the continuation page
    assert {h.page for h in t.header} == set(t.pages)
    path2, _, info2 = seed_pdf(tmp_path_factory, 0, rows_per_page=12, repeat_header_on_continuation=False)
    t2 = info2.table("支出决算表")
    assert {h.page for h in t2.header} == {t2.pages[0]}
    assert "续表" in page_text(path2, [t2.pages[1]])


def test_split_code_style(tmp_path_factory):
    path, spec, info = seed_pdf(tmp_path_factory, 0, code_style="split")
    t = info.table("支出决算表")
    assert t.columns == spec.table("支出决算表").ncols + 2
    row = next(r for r in t.rows if r.cells[0].text == "206" and r.cells[1].text == "05" and r.cells[2].text == "01")
    assert [c.text for c in row.cells[:4]] == ["206", "05", "01", "机构运行"]
    with pymupdf.open(path) as doc:
        words = doc[row.page - 1].get_text("words")
    for cell in row.cells[:3]:
        inside = [w[4] for w in words if pymupdf.Rect(w[:4]).intersects(pymupdf.Rect(cell.bbox))]
        assert inside == [cell.text]
    assert any(h.text == "类" for h in t.header) and any(h.text == "科目代码" and h.colspan == 3 for h in t.header)


def test_merged_header_rectangles(tmp_path_factory):
    _, _, info = seed_pdf(tmp_path_factory, 0)
    sg = info.table("三公")
    spans = {(h.text, h.rowspan, h.colspan) for h in sg.header}
    assert ("预算数", 1, 6) in spans and ("公务用车购置及运行维护费", 1, 3) in spans and ("合计", 2, 1) in spans
    x0, _, x1, _ = next(h.bbox for h in sg.header if h.text == "预算数")
    assert x1 - x0 > 200


def test_plant_error_and_narrative(tmp_path):
    spec = load_seed(0)
    planted = plant_error(spec, "支出决算表", "2060501", "基本支出", "384.50")
    assert planted.table("支出决算表").rows[3][3] == "384.50"
    assert spec.table("支出决算表").rows[3][3] == "384.51"  # original untouched
    p2 = plant_narrative(planted, "收入总计606.41万元", "收入总计607.41万元")
    path, info = render_spec(tmp_path, p2)
    with pymupdf.open(path) as doc:
        text = squash("".join(p.get_text() for p in doc))
    assert "收入总计607.41万元" in text and "384.50" in text


def test_forms_render(tmp_path_factory):
    path, spec, info = seed_pdf(tmp_path_factory, 4)
    assert len(info.forms) == len(spec.forms) >= 10
    f = info.forms[0]
    text = page_text(path, f.pages)
    assert all(squash(c.text) in text for row in f.rows for c in row.cells)


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_cell_texts_stay_apart_in_a_large_font(tmp_path, ruled):
    """Seed 2 in 元 at 10.5 pt: the font shrinks to fit, a label fills its cell beside the widest
    figure (商品和服务支出 | 282,500.00). A left-aligned text keeps room before its cell's edge, so the
    text layer never joins the two into one word, as no published table prints them (it did: 0.7
    em apart, and the figure was lost — a false A15)."""
    from tests.fixtures.variants import amounts_in_yuan

    spec = amounts_in_yuan(load_seed(2))
    spec.forms = []
    for t in spec.tables:
        t.font_size = 10.5
    path, _info = render_spec(tmp_path, spec, ruled=ruled)
    with pymupdf.open(path) as doc:
        glued = [w[4] for page in doc for w in page.get_text("words")
                 if re.fullmatch(r".*[\u4e00-\u9fff）)][\d,]*\d\.\d\d", w[4]) and len(w[4]) < 24]
    assert glued == []


def test_a_title_wider_than_the_page_wraps(tmp_path):
    """A title that does not fit the page's width (a label, the year and the unit around a long
    title) wraps onto a second line inside the margins (it ran off the page and lost its start)."""
    from tests.fixtures.variants import fujian_labels, national_budget, unit_in_title, year_in_title_brackets

    spec = year_in_title_brackets(unit_in_title(fujian_labels(national_budget(load_seed(3)))))
    spec.forms = []
    assert all(not re.search(r"年\d{4}", t.title) for t in spec.tables)  # (seed 3's own year is replaced)
    t = next(t for t in spec.tables if "国有资本" in t.title)
    t.title = t.title.replace("预算支出表", "预算财政拨款支出决算明细情况表")
    _path, info = render_spec(tmp_path, spec)
    r = next(x for x in info.tables if "国有资本" in x.title)
    x0, y0, x1, y1 = r.title_bbox
    assert x0 >= 36 - 0.5 and x1 <= (842 if r.landscape else 595) - 36 + 0.5 and y1 - y0 > 30
