"""Layout features in combination: one seed printed with several of the generator's layout
features at once (tests/fixtures/variants.py plus the table options of tests/fixtures/spec.py)
gives the same tables and the same findings (rule, severity, figures) as its plain print.

Each case is a combination a random sweep over the features found read wrongly; each names
what went wrong before it was fixed. Single features are tested in test_layout_features.py."""
from __future__ import annotations

import collections
import re

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed
from tests.fixtures.variants import FEATURES

_CN = "一二三四五六七八九十"


def _apply(spec, features, **opts):
    for f in features:
        spec = FEATURES[f](spec)
    for i, t in enumerate(t for t in spec.tables if t.kind == "table"):
        for k, v in opts.items():
            if k == "title_prefix":
                t.title_prefix = {"cn": f"{_CN[i % 10]}、", "paren": f"（{_CN[i % 10]}）", "num": f"{i + 1}."}[v]
            elif k == "title_break":
                if len(t.title) > v + 3:
                    t.title_break = v
            elif k == "label_position":
                if t.label:
                    t.label_position = v
            elif k == "narrative_first":
                spec.narrative_first = v
            else:
                setattr(t, k, v)
    return spec


def _read(spec, path, ruled):
    render_pdf(spec, path, ruled=ruled)
    doc = open_disclosure(path)
    found = collections.Counter(
        (f.rule, f.severity, tuple(re.findall(r"\d[\d,]*\.\d+", f.message)))
        for f in run_checks(doc).findings if f.severity in ("error", "warning") and f.rule[0] in "ABCDE")
    return [(t.type, len(t.rows)) for t in doc.tables], found


_BASES: dict = {}


def _seed(seed, base_features=()):
    """The seed as printed plainly, or with features both prints share (a 预算, amounts in 元)."""
    spec = load_seed(seed)
    spec.forms = []
    return _apply(spec, base_features)


def _base(seed, ruled, tmp_path_factory, base_features=()):
    key = (seed, ruled, tuple(base_features))
    if key not in _BASES:
        _BASES[key] = _read(_seed(seed, base_features), tmp_path_factory.mktemp("combo") / "base.pdf", ruled)
    return _BASES[key]


CASES = [
    # "收入决算表　附件二": a label after the title on its line was left in the title, which then
    # did not end in 表: no table found at all
    pytest.param(1, True, ["landscape", "fujian_cn_labels_above"], dict(label_position="after"), [], id="label-after-title"),
    # "表二 2024年收入决算表　附件二": a label on each side
    pytest.param(1, True, ["biao_labels_with_year", "fujian_cn_labels_above"], dict(label_position="after"), [],
                 id="label-on-each-side"),
    # "附件1：收入支出决算总表（单位：万元）（2024年度）": the unit before the year's brackets
    # stayed in the title (its colon made it no title): no table found
    pytest.param(2, True, ["unit_in_title", "year_in_title_brackets", "fujian_labels"], dict(rows_per_page=10), [],
                 id="unit-then-year-brackets"),
    # "附件5：一般公共预算财" / "政拨款支出决算表": a label before a wrapped title kept the two
    # lines apart, and the second half alone was taken for the 支出决算表 (03)
    pytest.param(2, False, ["fujian_labels"], dict(title_break=7), [], id="label-before-wrapped-title"),
    # the 情况说明 printed first ends on the page where 公开01表 starts: that text closed the
    # table before its continuation page (31 rows read as 6)
    pytest.param(0, True, [], dict(same_page=True, narrative_first=True), [], id="table-below-the-narrative"),
    # the 合计 row alone on the last page, between two rules: read without its rules, its
    # label and first figure in one cell (false B7 / C5 / C6 errors)
    pytest.param(2, True, ["total_row_last"], dict(rows_per_page=15, repeat_header_on_continuation=False), [],
                 id="one-ruled-row-on-the-last-page"),
    # an unruled 收支总表 on a landscape page: 栏次 under the wide 项目 column (beside a 行
    # column) made a column of its own, and B2 read that empty column (false errors)
    pytest.param(3, False, ["landscape"], {}, [], id="unruled-landscape-summary"),
    # an unruled 三公 table (items as rows) on a landscape page: 预算数 / 决算数 centred in wide
    # columns, the figures at their right edge, were two columns each (false B13 / C8 errors)
    pytest.param(2, False, ["landscape", "sangong_items_as_rows"], {}, [], id="unruled-landscape-wide-columns"),
    # "7.2024年度政府性基金…表": a list number before the year was read as the figure 7.2024
    pytest.param(3, False, [], dict(title_prefix="num"), [], id="list-number-before-year"),
    # an unruled table's last row alone under its header printed again (收入 | 支出 / 项目 行次
    # 金额 / 栏次 1 2, then 总计 …): the page was not taken for the rest of the table
    pytest.param(0, False, [], dict(rows_per_page=10), [], id="unruled-last-row-under-repeated-header"),
    pytest.param(3, False, ["landscape", "total_row_last"], dict(rows_per_page=6), [], id="unruled-total-alone-under-header"),
    # "3.2024 年度" / "支出决算表": a list number before the year on a wrapped title's first line
    # was read as the figure 3.2024, and that line as a row of the table above (false A6)
    pytest.param(3, False, ["unit_line_left"], dict(title_prefix="num", title_break=7), [], id="numbered-wrapped-title"),
    # the header printed again one character a line (收 / 入, 决 / 算 / 数) over rows without
    # figures: the continuation page must be the rest of the table (it was read as 16 rows of 32
    # before this round's continuation rules)
    pytest.param(3, False, ["national_budget"], dict(title_prefix="cn", font_size=10.5, narrative_first=True), ["national_budget"],
                 id="vertical-header-repeated"),
    # an unruled landscape 收支总表 in a small font: 收入 over 项目 | 行次 | 金额 spread too far to
    # be their parent, so a column of its own (false B1 / A3 errors)
    pytest.param(0, False, ["national_budget", "landscape"], dict(rows_per_page=6, font_size=8.0), ["national_budget"],
                 id="landscape-small-font-parents"),
    # 三公 items each over 预算数 | 决算数, unruled, in a larger font: the 公务用车 小计 column lost its
    # group word from its header path and was taken for the 三公 小计 of a table that adds 会议费 /
    # 培训费 (it adds none): false A18 / C8 errors
    pytest.param(4, False, ["sangong_items_over_periods"], dict(rows_per_page=6, font_size=10.5, narrative_first=True),
                 [], id="sangong-car-subtotal-without-its-group"),
    # "2024 年度" / "国有资本经营…决算表": a title wrapped after its year, the year alone on the first
    # line, under the table above on the same page: that line was read as a row of the table above
    # (an empty 08 then "had figures": a false B10 error) and the title lost its year
    pytest.param(3, False, ["sangong_items_as_rows", "three_header_rows"], dict(same_page=True, title_break=7), [],
                 id="year-alone-on-a-wrapped-title"),
]


@pytest.mark.parametrize("seed,ruled,features,opts,base_features", CASES)
def test_combination_reads_like_the_plain_print(seed, ruled, features, opts, base_features, tmp_path, tmp_path_factory):
    tables0, found0 = _base(seed, ruled, tmp_path_factory, base_features)
    tables, found = _read(_apply(_seed(seed), features, **opts), tmp_path / "combo.pdf", ruled)
    if "sangong_items_as_rows" in features:  # its six items are rows now
        tables0 = [(t, 6 if t == "09" else n) for t, n in tables0]
    assert tables == tables0
    assert found == found0


def test_a_first_page_without_columns_takes_the_next_pages():
    """A title whose first page holds only a note (no columns), its grid on the pages after:
    the columns come from the first grid that has them (this raised ValueError in min())."""
    from auditdesk.parsing.grid import Grid, GridCell
    from auditdesk.parsing.tables import make_table

    bare = Grid(page=1, ruled=False, cols=[], header=[], header_printed=[], body=[], body_bbox=[], note="单位：万元")
    cols = [(0.0, 100.0), (100.0, 160.0)]
    grid = Grid(page=2, ruled=True, cols=cols, header=[["项目", "金额"]], header_printed=[["项目", "金额"]],
                body=[[GridCell("合计", (1, 1, 50, 9)), GridCell("12.00", (110, 1, 150, 9))]], body_bbox=[(0, 0, 160, 10)])
    narrow = Grid(page=3, ruled=True, cols=[(0.0, 160.0)], header=[], header_printed=[],
                  body=[[GridCell("注：本表无数据。", (1, 1, 150, 9))]], body_bbox=[(0, 0, 160, 10)])
    table = make_table("T01", "收入决算表", None, [bare, grid, narrow], "", "table")
    assert table.columns == ["项目", "金额"]
    assert [r.texts for r in table.rows][0] == ["合计", "12.00"]
