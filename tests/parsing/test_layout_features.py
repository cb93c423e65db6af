"""Layouts from other provinces, levels and years (tests/fixtures/variants.py): the same figures
printed differently give the same tables (type, rows, unit), the titles without their labels,
and no finding the base layout does not have."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from auditdesk.parsing.table_types import classify
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed
from tests.fixtures.variants import FEATURES, NATIONAL_BUDGET_TITLES
from benchmarks.layout_sweep import rows as printed_rows

SEED = 0


def _read(spec, path, ruled=True):
    render_pdf(spec, path, ruled=ruled)
    doc = open_disclosure(path)
    return doc, run_checks(doc)


def _found(report, rules: str) -> list[tuple[str, int | None]]:
    """(rule, sentence) of every finding of these rules, whatever its severity."""
    return sorted((f.rule, f.location.narrative) for f in report.findings if f.rule[0] in rules)


# how a message names a table: the label this layout prints, or the standard title when it prints none
_TABLE_NAME = re.compile(r"《[^》]+》|公开\d\d表|公开表[一二三四五六七八九十]+|附件[\d一二三四五六七八九十]+|表\d+")


def _errors(report, rules: str = "ABCDE") -> list[tuple[str, str]]:
    """(rule, message) of every error, the tables' names aside (a layout prints other labels)."""
    return sorted((f.rule, _TABLE_NAME.sub("〈表〉", f.message)) for f in report.findings
                  if f.severity == "error" and f.rule[0] in rules)


@pytest.fixture(scope="module", params=[True, False], ids=["ruled", "unruled"])
def base(request, tmp_path_factory):
    spec = load_seed(SEED)
    spec.forms = []
    doc, report = _read(spec.copy(), tmp_path_factory.mktemp("feat") / "base.pdf", request.param)
    return spec, doc, report, request.param



@pytest.mark.parametrize("feature", sorted(FEATURES))
def test_feature_reads_like_the_base_layout(feature, base, tmp_path):
    spec, doc0, report0, ruled = base
    varied = FEATURES[feature](spec.copy())
    doc, report = _read(varied, tmp_path / f"{feature}.pdf", ruled)
    types0 = [t.type for t in doc0.tables]
    if feature == "national_budget":  # its 10th table is the template's 项目支出表
        types0 = [classify(t.title, "部门预算") for t in varied.tables if t.kind == "table"]
        assert types0[-1] == "11"
    assert [t.type for t in doc.tables] == types0
    # (rows that print something besides their 行次: no_line_numbers has nothing to print for the
    # 收支总表's row holding only its 行次)
    assert [printed_rows(t) for t in doc.tables] == [printed_rows(t) for t in doc0.tables]
    printed = [t for t in varied.tables if t.kind == "table"]
    for got, want in zip(doc.tables, printed):
        # the label (附件1：/ 表1) is not part of the title; a year printed with it is
        title = re.sub(r"^(附件|表)[\d一二三四五六七八九十]+[：\s]*", "", want.title_prefix) + re.sub(
            r"（单位：.*?）$", "", want.title)
        assert got.title.replace("(", "（").replace(")", "）") == title, feature
        if feature == "amounts_in_yuan":
            assert got.unit == "元"
        else:
            assert got.unit == doc0.tables[printed.index(want)].unit
        assert got.label is None or not got.title.startswith(("附件", "表")), got.title
    if feature == "amounts_in_yuan":
        # every figure read as printed (1,234,567.00), and the narrative (万元) ↔ table (元)
        # rules scale: the same verdicts as on the base layout
        for t, t0 in zip(doc.tables, doc0.tables):
            for r, r0 in zip(t.rows, t0.rows):
                for c, c0 in zip(r.cells, r0.cells):
                    if c0.value is not None and "." in c0.text:
                        assert c.value == c0.value * 10000, (t.title, c.text)
        # (a 0.01 万元 slip against a 元 table is reported as 尾差, not 错误: the rule's choice)
        assert _found(report, "CD") == _found(report0, "CD")
    elif feature == "national_budget":
        assert doc.kind == "部门预算" and doc.year == varied.year and doc.department == "城东街道办事处"
        assert _errors(report, "ABE") == _errors(report0, "ABE")
    else:
        assert _errors(report) == _errors(report0)
    if feature == "empty_tables_noted":
        # the sentence stays with its table (not a 情况说明 sentence, no 空表未说明 finding)
        empty = [t for t in doc.tables if not t.rows]
        assert empty and all("无此项支出" in (t.note or "") for t in empty)
        assert not any("本单位无此项支出" in s.text for s in doc.narrative)
        assert _found(report, "F") == _found(report0, "F")


def test_labels_of_attachments_and_short_labels():
    from auditdesk.parsing.table_types import label_number
    from auditdesk.parsing.tables import clean_title, is_title

    cases = {
        "附件1：收入支出决算总表": ("收入支出决算总表", "附件1", 1),
        "附件十 部门收支总表": ("部门收支总表", "附件十", 10),
        "表12024年收入支出决算总表": ("2024年收入支出决算总表", "表1", 1),
        "附表32025年部门支出总表": ("2025年部门支出总表", "附表3", 3),
        "公开表122025年项目支出表": ("2025年项目支出表", "公开表12", 12),
        "公开表六6.一般公共预算财政拨款基本支出决算明细表": ("一般公共预算财政拨款基本支出决算明细表", "公开表六", 6),
    }
    for text, (title, label, number) in cases.items():
        assert is_title(text), text
        assert clean_title(text) == (title, label), text
        assert label_number(label) == number
    assert not is_title("附件：2024年部门决算公开表的说明，请见下文。")


def test_national_budget_titles_are_registered():
    roles = {t: classify(b, "部门预算") for t, b in NATIONAL_BUDGET_TITLES.items()}
    assert roles["收入支出决算总表"] == "01" and roles["财政拨款收入支出决算总表"] == "04"
    assert roles["一般公共预算财政拨款基本支出决算明细表"] == "06"
    assert roles["财政拨款“三公”经费支出决算表"] == "09"
    assert roles["国有资本经营预算财政拨款支出决算表"] == "08"


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("wording", ["situation_titles", "situation_titles_short"])
def test_budget_titles_worded_as_situation_tables(wording, ruled, tmp_path):
    """部门收支总体情况表, 财政拨款收支总体情况表, 一般公共预算支出情况表 …: the national 预算 set as many
    provinces word it reads like the template's own titles (each table found, its type, rows and
    errors; the set still taken for the national template)."""
    from auditdesk.parsing.table_types import national_budget

    spec = FEATURES["national_budget"](load_seed(SEED))
    spec.forms = []
    varied = FEATURES[wording](spec.copy())
    assert any(t.title.endswith("总体情况表") for t in varied.tables)
    assert any(t.title.endswith("部门收入情况表") for t in varied.tables) == (wording == "situation_titles_short")
    doc0, report0 = _read(spec, tmp_path / "template.pdf", ruled)
    doc, report = _read(varied, tmp_path / "situation.pdf", ruled)
    assert [t.type for t in doc.tables] == [t.type for t in doc0.tables]
    assert [len(t.rows) for t in doc.tables] == [len(t.rows) for t in doc0.tables]
    assert [t.title for t in doc.tables] == [t.title for t in varied.tables if t.kind == "table"]
    assert national_budget(doc.tables) and national_budget(doc0.tables)
    assert doc.kind == "部门预算"
    assert _errors(report) == _errors(report0)


# ------------------------------------------------------------------ round 10: printing conventions
def _figures(report) -> list[tuple[str, str, tuple[str, ...]]]:
    """(rule, severity, figures) of every error and warning of the A–E rules, as the layout sweep
    compares them."""
    return sorted((f.rule, f.severity, tuple(re.findall(r"\d[\d,]*\.\d+", f.message))) for f in report.findings
                  if f.severity in ("error", "warning") and f.rule[0] in "ABCDE")


def _tables_and_errors(spec, path, ruled):
    doc, report = _read(spec, path, ruled)
    return doc, [(t.type, len(t.rows)) for t in doc.tables], _errors(report)


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("feature", ["running_header_footer", "running_header_ruled"])
def test_running_page_header_and_footer_are_not_content(feature, ruled, tmp_path):
    """The document's name at the top of every page and "第 3 页 共 21 页" at its foot are neither a
    row of the table continued on that page nor words of the 情况说明 sentence running over it."""
    spec = load_seed(4)
    spec.forms = []
    varied = FEATURES[feature](spec.copy())
    doc0, tables0, errors0 = _tables_and_errors(spec, tmp_path / "base.pdf", ruled)
    doc, tables, errors = _tables_and_errors(varied, tmp_path / "varied.pdf", ruled)
    assert tables == tables0 and errors == errors0
    assert [s.text for s in doc.narrative] == [s.text for s in doc0.narrative]
    furniture = varied.running_header.replace(" ", "")
    for t in doc.tables:
        for r in t.rows:
            said = "".join(r.texts)
            assert furniture not in said and not re.search(r"第\d+页", said), (t.title, said)


def test_page_footers_and_running_lines():
    """"第 3 页 共 24 页" and "第3页/共24页" are page numbers; a line repeated in the same margin of
    many pages is a running header, a title or a figure never is."""
    from auditdesk.parsing.numbers import PAGE_NO as _PAGE_NO

    for text in ("第 3 页 共 24 页", "第3页/共24页", "共24页 第3页", "- 3 -", "3/24"):
        assert _PAGE_NO.match(text), text
    for text in ("第三部分 情况说明", "3.公务接待费", "第3页的表"):
        assert not _PAGE_NO.match(text), text


ZERO_FEATURES = ["zeros_as_hyphen", "zeros_as_dash", "zeros_as_figures", "zeros_as_bare_zero", "zeros_blank"]


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("feature", ZERO_FEATURES)
def test_zero_printed_any_way_reads_alike(feature, ruled, tmp_path):
    """Seed 4 prints every zero as 0.00; printed "-", "—", "0" or blank instead, the tables, their
    rows and the errors are the same (a row of "-" is no 目录 leader, a column of "-" a column of
    figures, and an empty table's 合计 row of zeros under 本表无数据 no row, however its zeros print)."""
    spec = load_seed(4)
    spec.forms = []
    varied = FEATURES[feature](spec.copy())
    assert varied.tables != spec.tables or feature == "zeros_as_figures"
    _, tables0, errors0 = _tables_and_errors(spec, tmp_path / "base.pdf", ruled)
    _, tables, errors = _tables_and_errors(varied, tmp_path / "varied.pdf", ruled)
    assert tables == tables0
    assert errors == errors0


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_dashes_for_zero_in_a_yuan_table_without_rules(ruled, tmp_path):
    """Whole columns of "-" beside figures in 元 (上缴上级支出 | 经营支出 | 对附属单位补助支出 all zero):
    each "-" stays in its column, no column is invented."""
    spec = FEATURES["amounts_in_yuan"](load_seed(4))
    spec.forms = []
    doc0, report0 = _read(spec.copy(), tmp_path / "base.pdf", ruled)
    doc, report = _read(FEATURES["zeros_as_hyphen"](spec.copy()), tmp_path / "v.pdf", ruled)
    assert [(t.type, len(t.rows)) for t in doc.tables] == [(t.type, len(t.rows)) for t in doc0.tables]
    # the same errors with the same figures (a sum of 26 lines of which 21 print 0.00 is named
    # "Σ26项"; with "-" for those 21, by its five lines)
    assert _figures(report) == _figures(report0)
    t = next(t for t in doc.tables if t.type == "03")
    assert len(t.columns) == 8 and all("-" == r.cells[-1].text for r in t.rows), t.columns


@pytest.mark.parametrize("seed,ruled", [(0, False), (1, True), (3, False)], ids=["0-unruled", "1-ruled", "3-unruled"])
def test_whole_yuan_without_decimals(seed, ruled, tmp_path):
    """Tables in 元 printing whole 元 ("4,005,500", "700"; with or without separators) read like
    the same tables printed with ".00": a column of 700s under 其他收入 is an amount, not a code."""
    spec = FEATURES["amounts_in_yuan"](load_seed(seed))
    spec.forms = []
    _, tables0, errors0 = _tables_and_errors(spec.copy(), tmp_path / "base.pdf", ruled)
    for k, feats in enumerate((["yuan_without_decimals"], ["yuan_without_decimals", "amounts_without_separators"])):
        varied = spec.copy()
        for f in feats:
            varied = FEATURES[f](varied)
        assert not any("." in c for t in varied.tables if t.kind == "table" for r in t.rows for c in r
                       if re.fullmatch(r"[\d,.]+", c))
        _, tables, errors = _tables_and_errors(varied, tmp_path / f"v{k}.pdf", ruled)
        assert tables == tables0 and errors == errors0, feats


def test_whole_amounts_under_an_amount_name_are_amounts():
    from auditdesk.parsing.table_types import column_role

    assert column_role("其他收入", ["700", "700", "700", "700"]) == "amount"
    assert column_role("本年收入合计", ["4005500", "4005500", "4005500"]) == "amount"
    assert column_role("统计数", ["1", "2", "3", "4"]) == "amount"
    # codes stay codes, whatever the column is called, when they nest; 行次 stay 行次
    assert column_role("支出", ["206", "20605", "2060501"]) == "code"
    assert column_role("", ["206", "20605", "2060501"]) == "code"
    assert column_role("", ["1", "2", "3", "4"]) == "line"


def test_unit_row_printed_again_over_a_lone_last_row(tmp_path):
    """'编制单位：XX | 单位：万元' printed as the grid's first row and repeated with the header on the
    page the table runs on to, over its one last row (no rules): that page continues the table (its
    last row was lost, and the 编制单位 line read as 情况说明 — a false D5 "XX")."""
    spec = FEATURES["national_budget"](load_seed(2))
    spec.forms, spec.narrative_first = [], True
    varied = FEATURES["unit_row_in_grid"](spec.copy())
    for t in varied.tables:
        if t.kind == "table":
            t.rows_per_page = 6
    doc0, report0 = _read(spec, tmp_path / "base.pdf", ruled=False)
    doc, report = _read(varied, tmp_path / "varied.pdf", ruled=False)
    assert any(len(t.rows) % 6 == 1 for t in doc0.tables)  # (a page holding one last row)
    assert [(t.type, len(t.rows), t.unit) for t in doc.tables] == [(t.type, len(t.rows), t.unit) for t in doc0.tables]
    assert _figures(report) == _figures(report0)
    assert not any("编制单位" in s.text for s in doc.narrative)


@pytest.mark.parametrize("seed,ruled", [(0, True), (0, False), (2, True), (4, True)],
                         ids=["0-ruled", "0-unruled", "2-ruled", "4-ruled"])
def test_budget_with_last_year_and_change_columns(seed, ruled, tmp_path):
    """A 预算's 一般公共预算支出表 with 上年预算数 | 本年 (小计 | 基本 | 项目) | 增减额 | 增减%: the
    same findings as without those columns — a fall of 5.66 % (printed -5.66% or (5.66%)) is a
    change on last year, not a percentage outside 0–100, and no addend of this year's totals."""
    spec = FEATURES["national_budget"](load_seed(seed))
    spec.forms = []
    doc0, report0 = _read(spec.copy(), tmp_path / "base.pdf", ruled)
    for k, feats in enumerate((["budget_prior_year_columns"], ["budget_prior_year_columns", "negatives_in_parentheses"])):
        varied = spec.copy()
        for f in feats:
            varied = FEATURES[f](varied)
        t05 = next(t for t in varied.tables if t.title.endswith("一般公共预算支出表"))
        assert "增减%" in t05.header[1] and any(r[-1].startswith(("-", "(")) for r in t05.rows)
        doc, report = _read(varied, tmp_path / f"v{k}.pdf", ruled)
        assert [(t.type, len(t.rows)) for t in doc.tables] == [(t.type, len(t.rows)) for t in doc0.tables]
        assert _figures(report) == _figures(report0), feats
        t = next(t for t in doc.tables if t.type == "05")
        assert t.columns[2] == "上年预算数" and t.columns[-2:] == ["增减额", "增减%"]


def test_negative_percentages_in_parentheses():
    from auditdesk.parsing.numbers import parse_number

    assert parse_number("(5.66%)") == parse_number("(5.66)%") == parse_number("-5.66%") == Decimal("-5.66")
    assert parse_number("(12.30)") == Decimal("-12.30")


def test_collection_table_without_line_numbers_whose_first_rows_print_no_figure(tmp_path):
    """A 收支总表 printed without 行次 whose first rows print no figure ("一、一般公共预算财政拨款收入 |
    | 一、一般公共服务支出 |": seed 1 has no 财政拨款) starts its body at them; they were read as
    header rows (the columns named "四、上级补助收入", "收入/金额" …)."""
    spec = load_seed(1)
    spec.forms = []
    varied = FEATURES["no_line_numbers"](spec.copy())
    doc0, report0 = _read(spec, tmp_path / "base.pdf", ruled=True)
    doc, report = _read(varied, tmp_path / "varied.pdf", ruled=True)
    assert [(t.type, printed_rows(t)) for t in doc.tables] == [(t.type, printed_rows(t)) for t in doc0.tables]
    t = next(t for t in doc.tables if t.type == "01")
    assert t.columns == ["项目", "金额", "项目", "金额"] and t.rows[0].cells[0].text == "一、一般公共预算财政拨款收入"
    assert _figures(report) == _figures(report0)


@pytest.mark.parametrize("prefix", ["cn", "num"])
def test_whole_yuan_tables_after_the_toc_are_not_more_toc(prefix, tmp_path):
    """The pages after the 目录 holding tables in whole 元 under numbered titles ("一、收入支出决算总表",
    rows ending in a figure, no decimals anywhere) are table pages, not the 目录 running on."""
    spec = FEATURES["amounts_in_yuan"](load_seed(4))
    spec.forms = []
    varied = FEATURES["yuan_without_decimals"](spec.copy())
    for i, t in enumerate(t for t in varied.tables if t.kind == "table"):
        t.title_prefix = f"{'一二三四五六七八九十'[i]}、" if prefix == "cn" else f"{i + 1}."
    _, tables0, errors0 = _tables_and_errors(spec, tmp_path / "base.pdf", True)
    doc, tables, errors = _tables_and_errors(varied, tmp_path / "varied.pdf", True)
    assert tables == tables0 and errors == errors0


def test_note_printed_as_the_grids_last_row_is_the_tables_note(tmp_path):
    """"注：本表反映…" printed inside the rules as the grid's last row (one cell over all columns) is
    the table's note: no row more, no finding more (it was read as a row of every table)."""
    spec = load_seed(4)
    spec.forms = []
    varied = FEATURES["note_in_grid"](spec.copy())
    doc0, tables0, errors0 = _tables_and_errors(spec, tmp_path / "base.pdf", True)
    doc, tables, errors = _tables_and_errors(varied, tmp_path / "varied.pdf", True)
    assert tables == tables0 and errors == errors0
    noted = [t for t in doc.tables if t.note and "本表反映" in t.note]
    assert len(noted) == len([t for t in varied.tables if t.note_in_grid]) > 5
    assert not any("本表反映" in c.text for t in doc.tables for r in t.rows for c in r.cells)


def test_economic_codes_split_and_sparse(tmp_path):
    """A 基本支出 table whose first block prints its 经济分类 code over 类 | 款, each row only its own
    part ("301" | "" then "" | "01"): the 款 lines are 30101 …, and 301 = Σ its 款 is checked (in 元
    seed 2's 301 is 100 元 off its lines: that error was lost)."""
    spec = FEATURES["amounts_in_yuan"](load_seed(2))
    spec.forms = []
    varied = FEATURES["split_codes_sparse"](spec.copy())
    t06 = next(t for t in varied.tables if "基本支出" in t.title)
    assert t06.printed()[1][1][:3] == ["", "01", ""]
    _, report0 = _read(spec, tmp_path / "base.pdf", True)
    _, report = _read(varied, tmp_path / "varied.pdf", True)
    assert any(f[0] == "A17" for f in _figures(report0))
    assert _figures(report) == _figures(report0)


def test_continuation_page_of_items_without_figures_or_line_numbers(tmp_path):
    """A 收支总表 without 行次 running on to a page that repeats no header, whose first rows are
    支出 items printing no figure ("| | 十六、金融支出 |"): they are rows, not a header (eleven rows
    were lost)."""
    spec = FEATURES["national_budget"](load_seed(0))
    spec.forms = []
    varied = FEATURES["no_line_numbers"](spec.copy())
    for t in varied.tables:
        t.rows_per_page, t.repeat_header_on_continuation = 15, False
    doc0, report0 = _read(spec, tmp_path / "base.pdf", True)
    doc, report = _read(varied, tmp_path / "varied.pdf", True)
    assert [(t.type, printed_rows(t)) for t in doc.tables] == [(t.type, printed_rows(t)) for t in doc0.tables]
    assert _figures(report) == _figures(report0)


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_header_texts_run_together(tmp_path, ruled):
    """Code and name in one column ('2060501 行政运行') leave seed 4's figure columns so narrow that
    the text layer runs the header labels of six cells into one word ("本年支出合计基本支出项目支出…"):
    cut at the column rules that cross it (ruled) or between the columns of figures under it
    (unruled), every column keeps its name (they were read as one column's, the others' figures
    unnamed: 26 false A8, B2, B12 errors)."""
    spec = load_seed(4)
    spec.forms = []
    varied = FEATURES["code_and_name_in_one_cell"](spec.copy())
    _, tables0, errors0 = _tables_and_errors(spec, tmp_path / "base.pdf", ruled)
    doc, tables, errors = _tables_and_errors(varied, tmp_path / "varied.pdf", ruled)
    assert tables == tables0 and errors == errors0
    t = next(t for t in doc.tables if t.type == "03")
    named = ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
    if not ruled:
        named = named[:3]  # (the empty columns' labels are not asked of the unruled print)
    assert t.columns[1:1 + len(named)] == named
    assert t.rows[1].code == "206" and t.rows[1].label == "科学技术支出"


@pytest.mark.parametrize("continued", [False, True], ids=["header-again", "title-again"])
@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_pages_of_rows_without_figures_or_line_numbers(ruled, continued, tmp_path):
    """Tables without 行次 over many pages (six rows a page, the header printed again or the title
    with （续）): a page whose rows print no figure ('| | 十六、金融支出 |', the header's labels wrapped
    in narrow columns above them) continues the table with those rows (unruled, whole pages were
    lost: 32 rows of seed 2's 04 read as 19)."""
    spec = load_seed(2)
    spec.forms = []
    varied = FEATURES["no_line_numbers"](spec.copy())
    if continued:
        varied = FEATURES["continued_title"](varied)
    for t in varied.tables:
        t.rows_per_page = 6 if not ruled or not continued else 10
    doc0, report0 = _read(spec, tmp_path / "base.pdf", ruled)
    doc, report = _read(varied, tmp_path / "varied.pdf", ruled)
    assert [(t.type, printed_rows(t)) for t in doc.tables] == [(t.type, printed_rows(t)) for t in doc0.tables]
    assert _figures(report) == _figures(report0)


def test_unruled_table_printing_no_figure_and_no_line_numbers_is_kept(tmp_path):
    """Seed 1 has no 财政拨款: its 财政拨款收支总表 prints no figure at all, and without 行次 nothing but
    labels set out in columns — still a table under its title (it was dropped as a title with
    nothing under it, and every later table's place shifted)."""
    spec = load_seed(1)
    spec.forms = []
    varied = FEATURES["no_line_numbers"](spec.copy())
    doc0, _ = _read(spec, tmp_path / "base.pdf", ruled=False)
    doc, _ = _read(varied, tmp_path / "varied.pdf", ruled=False)
    assert "04" in [t.type for t in doc0.tables]
    assert [t.type for t in doc.tables] == [t.type for t in doc0.tables]
    assert next(t for t in doc.tables if t.type == "04").header
