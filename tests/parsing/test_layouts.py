"""Published layouts beyond the standard one, each printed by the fixture generator from a
real seed: numbered titles with year/department inside, 公开表N / 附表N labels (before, after,
above the title, at the foot of the previous page), titles over two lines, several tables and
the narrative sharing pages, continuation rows at the top of the next page with neither header
nor 续表, and a three-block 收支总表.  On each: every printed table is found with its title,
label, unit and pages, its rows are all there, and every narrative paragraph reaches the
narrative."""
from __future__ import annotations

import re

import pytest

from auditdesk.parsing import table_types as tt
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed

CN = "一二三四五六七八九十"


def _cn(i: int) -> str:
    return CN[i] if i < 10 else "十" + CN[i - 10]


def _variant(name: str):
    spec = load_seed(0).copy()
    spec.title_line = f"{spec.year}年度部门决算"
    for i, t in enumerate(spec.tables):
        n = i + 1
        if name == "numbered":
            # 一、2024年度XX部门收入支出决算总表 / （二）… / 3.… ; labels 公开表N before/after the title
            t.title_prefix = (f"{_cn(i)}、{spec.year}年度{spec.department}" if i % 3 == 0 else
                              f"（{_cn(i)}）" if i % 3 == 1 else f"{n}.")
            if t.label:
                t.label = f"公开表{_cn(i)}" if i % 2 else f"附表{n}"
                t.label_position = "before" if i % 2 else "after"
        elif name == "two_line":
            if len(t.title) >= 8:
                t.title_break = len(t.title) - 3 if i % 2 else len(t.title) // 2
            t.label_position = "above"
        elif name == "label_prev_foot":
            if t.label and i:  # (the first table follows the 目录: its label stays on its page)
                t.label = f"公开表{_cn(i)}"
                t.label_position = "prev_foot"
        elif name == "shared_pages":
            t.same_page = True
            t.label_position = "above" if i % 2 else "right"
        elif name == "continuation_rows":
            if len(t.rows) >= 6:
                # the last rows alone at the top of the next page, no header, no 续表
                t.rows_per_page = len(t.rows) - 2
                t.repeat_header_on_continuation = False
                t.continuation_mark = False
    if name in ("shared_pages", "continuation_rows"):
        spec.narrative_same_page = True
    return spec


VARIANTS = ("numbered", "two_line", "label_prev_foot", "shared_pages", "continuation_rows")


@pytest.fixture(scope="module", params=[(v, r) for v in VARIANTS for r in (True, False)],
                ids=[f"{v}-{'ruled' if r else 'unruled'}" for v in VARIANTS for r in (True, False)])
def rendered(request, tmp_path_factory):
    name, ruled = request.param
    spec = _variant(name)
    path = tmp_path_factory.mktemp("layouts") / f"{name}_{ruled}.pdf"
    info = render_pdf(spec, path, ruled=ruled)
    return name, spec, info, open_disclosure(path)


def _key(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_every_table_found_with_title_label_unit_pages(rendered):
    name, spec, info, doc = rendered
    tables = [t for t in doc.tables if t.kind == "table"]
    assert len(tables) == len(spec.tables), [t.title for t in tables]
    assert len(doc.tables) - len(tables) == len(spec.forms)
    for s, r, t in zip(spec.tables, info.tables, tables):
        assert _key(t.title).endswith(_key(s.title)), (t.title, s.title)
        assert not re.match(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d))",
                            t.title), t.title
        assert t.type == tt.classify(s.title)
        if s.label:
            assert _key(t.label or "") == _key(s.label), (t.title, t.label, s.label)
        assert t.unit == s.unit, t.title
        assert t.pages == r.pages, (t.title, t.pages, r.pages)
        if not s.empty_note:
            assert len(t.rows) == len(s.rows), (t.title, len(t.rows), len(s.rows))


def test_every_paragraph_reaches_the_narrative(rendered):
    name, spec, info, doc = rendered
    text = _key("".join(x.text for x in doc.narrative) + "".join(h.text for h in doc.headings))
    for p in spec.narrative:
        head = _key(p)[:12]
        assert head in text, (name, p[:30])
    for t in doc.tables:  # no sentence of the 情况说明 was swallowed by a table
        body = _key("".join("".join(r.texts) for r in t.rows) + (t.note or ""))
        assert "情况说明" not in body, t.title


# 收支预算总表 printed in three blocks: 收入 | 支出 by 功能分类 | 支出 by 支出用途 (经济分类).
# "straddling": as some provinces draw it, the 支出用途 cell runs over the 功能分类 block's 金额
# column (a rule is missing); the columns still belong to their blocks.
THREE_BLOCK_HEADERS = {
    "drawn_right": [
        ["收入", "<", "支出", "<", "<", "<"],
        ["项目名称", "金额", "功能分类", "<", "支出用途", "<"],
        ["^", "^", "功能科目名称", "金额", "项目名称", "金额"],
    ],
    "straddling": [
        ["收入", "<", "支出", "<", "<", "<"],
        ["项目名称", "金额", "功能分类", "支出用途", "<", "<"],
        ["^", "^", "功能科目名称", "金额", "项目名称", "金额"],
    ],
}
THREE_BLOCK_ROWS = [
    ["一、财政拨款", "300.00", "一、一般公共服务支出", "120.00", "一、基本支出", "200.00"],
    ["1.一般公共预算", "300.00", "二、公共安全支出", "150.00", "二、项目支出", "100.00"],
    ["二、其他资金", "", "三、住房保障支出", "30.00", "", ""],
    ["当年收入小计", "300.00", "当年支出小计", "300.00", "当年支出小计", "300.00"],
    ["上年结转资金", "", "结转下年资金", "", "结转下年资金", ""],
    ["收入合计", "300.00", "支出合计", "300.00", "支出合计", "300.00"],
]


@pytest.mark.parametrize("variant", THREE_BLOCK_HEADERS)
def test_three_block_summary_table(tmp_path, variant):
    from auditdesk.checks.engine import run_checks
    from tests.fixtures.spec import DocSpec, TableSpec

    spec = DocSpec(department="测试部门", year=2019, kind="部门预算", tables=[TableSpec(
        title="收支预算总表", label="公开01表", header=THREE_BLOCK_HEADERS[variant], rows=THREE_BLOCK_ROWS)])
    path = tmp_path / f"three_{variant}.pdf"
    render_pdf(spec, path)
    doc = open_disclosure(path)
    (t,) = doc.tables
    assert t.type == "01" and t.blocks == [0, 2, 4]
    paths = ["/".join(p) for p in t.column_paths]
    assert "功能分类" in paths[3] and "支出用途" not in paths[3], paths
    assert "支出用途" in paths[4] and "支出用途" in paths[5], paths
    assert [r.label for r in t.rows][-1] == "收入合计"
    report = run_checks(doc)
    assert not [f for f in report.findings if f.severity == "error"], [f.message for f in report.findings]
    cov = {c.rule: c.status for c in report.coverage}
    assert cov["A2"] == cov["A3"] == cov["A5"] == "ran"
    # a slip in a 功能分类 line is caught against the shared 当年支出小计
    rows = [list(r) for r in THREE_BLOCK_ROWS]
    rows[1][3] = "151.00"
    spec.tables[0].rows = rows
    render_pdf(spec, path)
    bad = run_checks(open_disclosure(path))
    assert [f.rule for f in bad.findings if f.severity == "error"] == ["A5"], [f.message for f in bad.findings]
    # … and so is a slip in a 支出用途 line (基本支出 + 项目支出 = 当年支出小计)
    rows = [list(r) for r in THREE_BLOCK_ROWS]
    rows[0][5] = "210.00"
    spec.tables[0].rows = rows
    render_pdf(spec, path)
    bad = run_checks(open_disclosure(path))
    assert [(f.rule, "支出用途" in f.message) for f in bad.findings if f.severity == "error"] == [("A5", True)], \
        [f.message for f in bad.findings]


def test_title_lists_and_gridless_empty_tables(tmp_path):
    """A list of table titles late in the document (a second 目录, a list in the text) is no
    table; an empty table printed as its title and one sentence, with no grid, is one."""
    from tests.fixtures.spec import DocSpec, TableSpec

    spec = load_seed(0).copy()
    spec.forms = []
    t7 = spec.table("政府性基金预算财政拨款收入支出决算表")
    t7.header, t7.rows, t7.note = [], [], None
    t7.empty_note = "本单位2024年度无政府性基金预算财政拨款收入、支出。"
    spec.narrative = spec.narrative + ["附：公开表格清单"] + [f"{_cn(i)}、{t.title}" for i, t in enumerate(spec.tables)]
    path = tmp_path / "lists.pdf"
    render_pdf(spec, path)
    doc = open_disclosure(path)
    assert [t.title for t in doc.tables] == [t.title for t in spec.tables]
    (empty,) = [t for t in doc.tables if t.type == "07"]
    assert not empty.rows and "无政府性基金" in (empty.note or "")


# tables some provinces print beyond the standard set: no rule is written for them, but each is
# a table of its own — with a list number before its title it used to be read as rows of the
# table above it (its footing broken, the table lost)
EXTRA_TABLES = [
    ("国有资产占用情况表", [["项目", "行次", "期末数"]],
     [["资产总额", "1", "1,234.00"], ["流动资产", "2", "234.00"], ["固定资产", "3", "1,000.00"],
      ["车辆数（辆）", "4", "3"]]),
    ("政府购买服务支出表", [["项目名称", "服务类别", "金额"]],
     [["物业管理服务", "政府履职辅助性服务", "120.00"], ["法律顾问服务", "技术性服务", "30.00"], ["合计", "", "150.00"]]),
    ("一般公共预算财政拨款项目支出决算表", [["项目名称", "年初预算数", "全年预算数", "决算数"]],
     [["合计", "300.00", "320.00", "310.00"], ["信息化建设", "200.00", "210.00", "205.00"],
      ["业务培训", "100.00", "110.00", "105.00"]]),
]


@pytest.mark.parametrize("numbered", [True, False], ids=["numbered", "plain"])
def test_tables_beyond_the_registered_types(tmp_path, numbered):
    from auditdesk.checks.engine import run_checks
    from tests.fixtures.spec import TableSpec

    base = load_seed(2).copy()
    spec = base.copy()
    n = len(spec.tables)
    for k, (title, header, rows) in enumerate(EXTRA_TABLES):
        spec.tables.append(TableSpec(title=title, header=header, rows=rows,
                                     title_prefix=f"{_cn(n + k)}、" if numbered else ""))
        spec.toc.append(title)
    render_pdf(base, tmp_path / "base.pdf")
    render_pdf(spec, tmp_path / "extra.pdf")
    doc0, doc = open_disclosure(tmp_path / "base.pdf"), open_disclosure(tmp_path / "extra.pdf")
    assert [t.title for t in doc.tables if t.kind == "table"] == [t.title for t in spec.tables]
    for (title, _header, rows), t in zip(EXTRA_TABLES, doc.tables[-3:]):
        assert (t.title, len(t.rows)) == (title, len(rows))
    assert [len(t.rows) for t in doc.tables[:-3]] == [len(t.rows) for t in doc0.tables]
    assert [t.type for t in doc.tables[-3:]] == [None, None, "11"]
    found = lambda d: sorted((f.rule, f.severity, f.message) for f in run_checks(d).findings
                             if f.severity != "info" and f.rule != "F2")
    assert found(doc) == found(doc0)


def test_title_at_page_foot_grid_on_next_page(tmp_path):
    import pymupdf

    from tests.parsing.test_layout_variants import HEADER, WIDTHS, _centred, _table

    path = tmp_path / "foot_title.pdf"
    doc = pymupdf.open()
    p1 = doc.new_page()
    _table(p1, 80, HEADER, [["", "合计", "30.00", "20.00", "10.00"]], WIDTHS)
    _centred(p1, 50, "支出决算表")
    _centred(p1, 800, "一般公共预算财政拨款支出决算表")
    p2 = doc.new_page()
    p2.insert_text((440, 60), "单位：万元", fontname="china-s", fontsize=9)
    _table(p2, 70, HEADER, [["", "合计", "30.00", "20.00", "10.00"], ["206", "科学技术支出", "30.00", "20.00", "10.00"]],
           WIDTHS)
    doc.save(path)
    got = open_disclosure(path)
    assert [(t.title, t.pages, len(t.rows)) for t in got.tables] == [
        ("支出决算表", [1], 1), ("一般公共预算财政拨款支出决算表", [2], 2)]
    assert got.tables[1].unit == "万元" and [t.id for t in got.tables] == ["T01", "T02"]
