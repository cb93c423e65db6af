"""Unruled headers whose narrow columns print no figure: the text layer runs their labels into one
word across their different heights (a label wrapped in its narrow column sits higher than its
one-line neighbour), and the word must still be cut into its columns."""
from __future__ import annotations

import collections
import re

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed
from tests.fixtures.variants import FEATURES


def _errors(report) -> collections.Counter:
    return collections.Counter((f.rule, tuple(re.findall(r"\d[\d,]*\.\d+", f.message)))
                               for f in report.findings if f.severity == "error" and f.rule[0] in "ABCDE")


@pytest.mark.parametrize("features", [("no_line_numbers",), ("zeros_as_figures", "no_line_numbers")])
def test_merged_labels_of_empty_columns_are_cut_between_them(tmp_path, features):
    # a 预算 of the national template without 行次: the 财政拨款收支总表's 政府性基金 | 国有资本经营
    # columns print no figure and their labels wrap, so "一般公共预算" (one line, lower) runs into
    # "政府性基金预" and "国有资本经营" (wrapped, higher): once a false B7 on every 类 and an A11.
    # (With zeros printed, seed 3's "913. 59" — a figure in two words — must stay in one column: a
    # name reaching over figures makes no column, a figure's piece is no name: false A13 / A7 / B9.)
    spec = FEATURES["national_budget"](load_seed(3))
    spec.forms = []
    plain, bare = tmp_path / "plain.pdf", tmp_path / "bare.pdf"
    render_pdf(spec.copy(), plain, ruled=False)
    varied = spec.copy()
    for f in features:
        varied = FEATURES[f](varied)
    render_pdf(varied, bare, ruled=False)
    d0, d1 = open_disclosure(plain), open_disclosure(bare)
    t = next(t for t in d1.tables if t.type == "04")
    general = [j for j, p in enumerate(t.column_paths) if any("一般公共预算" in x for x in p)]
    assert len(general) == 1 and t.column_roles[general[0]] == "amount", t.column_paths
    assert _errors(run_checks(d1)) == _errors(run_checks(d0))


@pytest.mark.parametrize("seed", range(5))
def test_parents_side_by_side_share_their_columns_by_centring(tmp_path, seed):
    # 本年支出 (over 小计 | 基本支出 | 项目支出) beside 本年比上年增减 (over 增减额 | 增减%) in columns of
    # unequal widths: 项目支出 lies nearer the start of 本年比上年增减 than the centre of 本年支出 and
    # was given to it (its A7 footing then lost)
    spec = FEATURES["budget_prior_year_columns"](FEATURES["national_budget"](load_seed(seed)))
    spec.forms = []
    render_pdf(spec, tmp_path / "t.pdf", ruled=False)
    doc = open_disclosure(tmp_path / "t.pdf")
    paths = [p for t in doc.tables for p in t.column_paths if p and p[-1] in ("小计", "基本支出", "项目支出")]
    assert paths and not any("本年比上年增减" in p for p in paths), paths


@pytest.mark.parametrize("features", [("code_and_name_in_one_cell",), ("code_and_name_in_one_cell", "letter_spaced_labels")])
def test_labels_wider_than_their_columns_run_together_and_a_lone_last_row(tmp_path, features):
    # seed 2 in 元, codes and names in one cell: the 支出决算表 fits a portrait page, its empty
    # columns 上缴上级支出 | 经营支出 | 对附属单位补助支出 are narrower than "上缴上级支出", and the text
    # layer runs the three labels into one word ("…对附属单位补", "助支出" wrapped under it). Cut at
    # the column bounds it read "上缴上级支 | 出经营支出对 | …"; a page holding the header again and
    # the table's last row (2299999 其他支出) was then not seen to run on: a lost row and a false B12.
    spec = FEATURES["amounts_in_yuan"](load_seed(2))
    spec.forms = []
    varied = spec.copy()
    for f in features:
        varied = FEATURES[f](varied)
    for t in varied.tables:
        if t.kind == "table":
            t.rows_per_page = 15
    plain, bare = tmp_path / "plain.pdf", tmp_path / "bare.pdf"
    render_pdf(spec, plain, ruled=False)
    render_pdf(varied, bare, ruled=False)
    d0, d1 = open_disclosure(plain), open_disclosure(bare)
    t0, t1 = (next(t for t in d.tables if t.type == "03") for d in (d0, d1))
    assert t1.columns[-3:] == ["上缴上级支出", "经营支出", "对附属单位补助支出"]
    assert [r.cells[-6].text for r in t1.rows] == [r.cells[-6].text for r in t0.rows]
    assert _errors(run_checks(d1)) == _errors(run_checks(d0))


def test_a_lone_last_row_under_the_header_and_its_unit_line_printed_again(tmp_path):
    # seed 2 without codes, the 编制单位 / 单位 line inside the grid and printed again on each page with
    # the header: the 支出决算表's last row (其他支出) alone on its page was not seen to run on (the
    # 单位 line stood first among the lines the repeated header was looked for in)
    spec = load_seed(2)
    spec.forms = []
    varied = spec.copy()
    for f in ("running_header_footer", "unit_row_in_grid", "names_only_offset"):
        varied = FEATURES[f](varied)
    for t in varied.tables:
        if t.kind == "table":
            t.rows_per_page, t.font_size = 15, 10.5
    render_pdf(spec, tmp_path / "plain.pdf", ruled=False)
    render_pdf(varied, tmp_path / "bare.pdf", ruled=False)
    d0, d1 = open_disclosure(tmp_path / "plain.pdf"), open_disclosure(tmp_path / "bare.pdf")
    t0, t1 = (next(t for t in d.tables if t.type == "03") for d in (d0, d1))
    assert [r.label for r in t1.rows] == [r.label for r in t0.rows]
    # (the six labels run into one word: "上缴上级支出", wider than its column, is centred on its 栏次
    # number 4 — cut by the bounds alone it gave its first glyph to 项目支出: "项目支出上 | 缴上级支出")
    assert t1.columns[-4:] == ["项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
    assert _errors(run_checks(d1)) == _errors(run_checks(d0))
