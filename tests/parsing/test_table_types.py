"""The table-type registry: every standard title (决算 and 预算, province variants) lands on its
role; labels in every printed form; a new type is one entry."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from auditdesk.parsing import table_types as tt
from auditdesk.parsing.model import Table

TITLES = {
    # 决算 (the standard ten)
    "收入支出决算总表": "01", "收入决算表": "02", "支出决算表": "03", "财政拨款收入支出决算总表": "04",
    "一般公共预算财政拨款支出决算表": "05", "一般公共预算财政拨款基本支出决算明细表": "06",
    "一般公共预算财政拨款基本支出决算表": "06",
    "政府性基金预算财政拨款收入支出决算表": "07", "国有资本经营预算财政拨款支出决算表": "08",
    "国有资本经营预算财政拨款收入支出决算表": "08",
    "财政拨款“三公”经费支出决算表": "09", "部门决算公开相关信息统计表": "10", "项目支出绩效自评表": "perf",
    "项目支出表": "11", "2025年项目支出表": "11", "项目支出决算表": "11", "项目支出绩效目标表": "perf_target",
    # 预算, several levels / provinces
    "2026年部门财务收支预算总表": "01", "收支预算总表": "01", "部门收入预算总表": "02", "收入预算表": "02",
    "部门支出预算总表": "03", "支出预算表": "03", "部门财政拨款收支预算总表": "04", "财政拨款收支预算总表": "04",
    "部门一般公共预算支出功能分类预算表": "05", "一般公共预算支出预算表（功能科目）": "05",
    "部门一般公共预算基本支出部门预算经济分类预算表": "06", "财政拨款基本支出预算表（经济科目）": "06",
    "部门政府性基金预算支出功能分类预算表": "07", "政府性基金预算财政拨款支出预算表": "07",
    "部门国有资本经营预算支出功能分类预算表": "08",
    "部门“三公”经费和机关运行经费预算表": "09", "“三公”经费、会议费、培训费支出预算表": "09",
    "一般公共预算机关运行经费支出预算表": "10", "政府采购支出预算表": "10",
    # the national 预算 template (部门收支总表 … 政府性基金预算支出表)
    "部门收支总表": "01", "部门收入总表": "02", "部门支出总表": "03", "一般公共预算支出表": "05",
    "一般公共预算基本支出表": "06", "一般公共预算“三公”经费支出表": "09", "政府性基金预算支出表": "07",
    # templates of other provinces and the central departments: 收入/支出决算总表 (the 02/03 of
    # some), a 项目支出 table by fund (not a second 一般公共预算支出表), 三公 with 会议费/培训费 or
    # 机关运行经费, 一般公共预算财政拨款收入支出决算表
    "收入决算总表": "02", "支出决算总表": "03", "一般公共预算财政拨款项目支出决算表": "11",
    "一般公共预算项目支出表": "11", "一般公共预算财政拨款收入支出决算表": "05",
    "一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表": "09",
    "“三公”经费、行政参公单位机关运行经费情况表": "09",
    # 绩效 forms and the 汇总表
    "项目自评表": "perf", "二、2024年度项目绩效自评表（5个）": "perf", "XX项目项目支出 绩效自评表": "perf",
    "部门整体支出绩效自评表": "perf_dept", "部门整体自评表": "perf_dept",
    "一、2024年度XX中心整体绩效自评表": "perf_dept", "项目单位自评汇总表": "perf_summary",
    # the 财政拨款 支出 by 功能分类 (every 财政拨款 fund: neither 03 nor 05)
    "财政拨款支出预算表（功能科目）": "12", "财政拨款支出预算表": "12", "财政拨款支出决算表": "12",
    "2025年财政拨款支出表": "12", "财政拨款支出总表": "12", "财政拨款支出预算总表": "12", "财政拨款支出情况表": "12",
    # the two-sided summaries without 总 (the national 决算 template's 收入支出决算表 / 财政拨款收入支出决算表)
    "收入支出决算表": "01", "2024年度收入支出决算表": "01", "部门收支预算表": "01", "收入支出预算表": "01",
    "财政拨款收入支出决算表": "04", "财政拨款收支预算表": "04", "财政拨款收入支出表": "04",
    # not a registered type: a table of one fund or one kind of money (its totals are not the
    # department's), or a table no rule reads
    "名词解释": None, "财政拨款收入预算表": None, "事业收入支出预算表": None, "上级补助收入支出预算表": None, "财政专户管理资金预算表": None,
    "财政专户管理资金收入支出预算表": None, "专项资金预算汇总表": None, "上年结转结余资金情况表": None,
    "非税收入预算表": None, "事业单位经营收支预算表": None, "政府购买服务预算表": None,
    "国有资产占用情况表": None,
}


@pytest.mark.parametrize("title,role", list(TITLES.items()))
def test_classify(title, role):
    assert tt.classify(title) == role
    assert tt.classify(Table("T01", title, None, None, [], [], [], [])) == role


def test_forms_and_types():
    assert tt.classify("任意标题", "form") == "perf"
    assert tt.classify("部门整体绩效自评表", "form") == "perf_dept"
    assert tt.get("06").code_levels == "economic" and tt.get("03").code_levels == "function"
    assert {t.role for t in tt.TYPES if t.row_footing} == {"02", "03", "05", "07", "08", "12"}
    for t in tt.TYPES:
        assert tt.classify(t.title, "form" if t.form else "table") == t.role, t
        assert tt.role_of(t.title) == t.role == tt.role_of(t.role)
        assert tt.label_number(t.label) == t.number


@pytest.mark.parametrize("label,n", [
    ("公开01表", 1), ("公开 05 表", 5), ("公开表五", 5), ("公开表12", 12), ("附表2-1", 2), ("附表 3", 3),
    ("附3表", 3), ("预算公开表01", 1), ("公开表十一", 11), ("公开二十表", 20), ("收入决算表", None),
    ("表5", 5), ("表一：收入支出决算总表", 1), ("表彰", None), ("公开表四四、", 4),
])
def test_label_number(label, n):
    assert tt.label_number(label) == n


def test_rule_tables_name_registered_roles():
    from auditdesk.checks import RULES

    for r in RULES.values():
        assert all(x in tt.BY_ROLE for x in r.tables), r.id
    with pytest.raises(ValueError):
        tt.role_of("不存在的表")


@pytest.mark.parametrize("name,role", [
    ("项目", None), ("科目代码", "code"), ("功能分类科目编码", "code"), ("类", "code"), ("行次", "line"),
    ("栏次", "line"), ("序号", "line"), ("合计", None),
])
def test_name_role(name, role):
    assert tt.name_role(name) == role


def test_column_role_from_values():
    assert tt.column_role("科目名称", ["行政运行", "合计"]) == "label"
    assert tt.column_role("金额", ["1.00", "2.50"]) == "amount"
    assert tt.column_role("列3", ["201", "20101"]) == "code"
    assert tt.column_role("列1", ["1", "2", "3", "4"]) == "line"
    assert tt.column_role("合计", []) == "empty"


def test_no_qt_no_place_names():
    src = Path(tt.__file__).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(import|from)\s+(PySide6|pymupdf|fitz)", src, re.M)
    assert not re.search(r"[省市区县](?:级)?(?:政府|人民|财政局|司法局)|江苏|上海|普陀", src)


# What adding a type takes: this one entry (here: 政府购买服务预算表, priority before the
# all-funds 支出表).  The rest of the product picks it up from the registry.
NEW = tt.TableType(
    "13", "政府购买服务决算表", "政府购买服务预算表", priority=99, label="公开13表", number=13,
    patterns=(tt.TitlePattern(("政府购买服务",)),),
    code_levels="function", row_footing=True,
)


@pytest.fixture
def with_new_type(monkeypatch):
    monkeypatch.setattr(tt, "TYPES", tt.TYPES + (NEW,))
    tt._index()
    yield NEW
    monkeypatch.undo()
    tt._index()


def test_new_type_is_one_entry(with_new_type, tmp_path):
    from auditdesk.checks.index import DocIndex
    from auditdesk.checks.registry import RULES, rule
    from auditdesk.parsing.extract import open_disclosure
    from tests.fixtures.render import render_pdf
    from tests.fixtures.spec import DocSpec, TableSpec

    assert tt.classify("2019年部门政府购买服务预算表") == "13"
    assert tt.classify("支出预算表") == "03"  # the older types are unchanged
    assert tt.label_number("公开表十三") == 13

    # a rule can name it …
    @rule("A99", name="demo", tables=("政府购买服务预算表",))
    def demo(ix, cfg):
        """demo.

        依据: none
        """
        return []

    try:
        assert RULES["A99"].tables == ("13",)
    finally:
        del RULES["A99"]

    # … extraction stamps it, the checks index finds it by role
    spec = DocSpec(department="测试单位", year=2019, kind="部门预算", tables=[TableSpec(
        title="政府购买服务预算表", label="公开13表",
        header=[["科目编码", "科目名称", "合计", "基本支出", "项目支出"]],
        rows=[["", "合计", "30.00", "0.00", "30.00"], ["206", "科学技术支出", "30.00", "0.00", "30.00"]])])
    path = tmp_path / "new_type.pdf"
    render_pdf(spec, path)
    doc = open_disclosure(path)
    assert [t.type for t in doc.tables] == ["13"]
    assert DocIndex(doc).get("13").t.title == "政府购买服务预算表"
    assert dataclasses.replace(doc.tables[0], type=None).type is None


def test_messages_name_tables_as_the_document_prints_them():
    from types import SimpleNamespace as T

    from auditdesk.parsing.table_types import as_printed

    msg = "支出类级：公开01表 ≠ 公开03表；公开05表合计 / 基本支出"
    # labels as the standard prints them: unchanged
    std = [T(type="01", label="公开01表"), T(type="03", label="公开03表"), T(type="05", label="公开05表")]
    assert as_printed(msg, std) == msg
    # a province's own numbering: the label printed on that table, found by its type
    own = [T(type="01", label="公开表一"), T(type="03", label="附表3"), T(type="05", label="公开07表")]
    assert as_printed(msg, own) == "支出类级：公开表一 ≠ 附表3；公开07表合计 / 基本支出"
    # no labels printed: the standard title, 决算 or 预算 by the document
    bare = [T(type="01", label=None), T(type="03", label=None), T(type="05", label=None)]
    assert as_printed(msg, bare) == "支出类级：《收入支出决算总表》 ≠ 《支出决算表》；《一般公共预算财政拨款支出决算表》合计 / 基本支出"
    assert as_printed("未找到公开02表", bare, budget=True) == "未找到《收入预算总表》"
    # no labels, but titles: the title it prints (from its year on), which the auditor can find
    titled = [T(type="01", label=None, title="XX街道办事处2025年部门收支总体情况表"),
              T(type="03", label=None, title="2025年部门支出总表"), T(type="05", label=None, title="一般公共预算支出表")]
    assert as_printed(msg, titled, budget=True) == "支出类级：《部门收支总体情况表》 ≠ 《部门支出总表》；《一般公共预算支出表》合计 / 基本支出"
    # … and a table it lacks by the title of the set it follows (the national template's here)
    assert as_printed("未找到公开02表", titled, budget=True) == "未找到《部门收入总表》"
    # a table the document lacks, in a document with the standard labels: the standard label
    assert as_printed("未找到公开02表", std) == "未找到公开02表"
    # the document's own words, quoted in the message, stay as printed
    quoted = "情况说明“详见公开07表”与公开05表合计 不一致"
    assert as_printed(quoted, own) == "情况说明“详见公开07表”与公开07表合计 不一致"
    assert as_printed(quoted, bare) == "情况说明“详见公开07表”与《一般公共预算财政拨款支出决算表》合计 不一致"
    # not a canonical label: left as it is
    assert as_printed("公开13表 与 绩效自评表", std) == "公开13表 与 绩效自评表"


# A line ending in 表 is a title when it names the disclosure's money (资金, 专户, 结转 …) or ends as
# a table's name does (…预算表, …汇总表, …情况表), registered type or not; the document's own name
# printed as a running header, a sentence or a 目录 entry is not one.
@pytest.mark.parametrize("text,title", [
    ("财政专户管理资金预算表", True), ("专项资金预算汇总表", True), ("2025年上年结转结余资金情况表", True),
    ("部门预算专项资金预算表", True), ("国有资产占用情况表", True), ("新增资产配置预算表", True),
    ("一、2025年财政专户管理资金收入支出预算表", True), ("政府采购预算明细表", True), ("项目一览表", True),
    ("2025年部门预算表", False), ("XX服务中心2024年度部门决算表", False), ("XX局2025年单位预算公开表", False),
    ("部门决算表", False), ("资金情况详见下表。", False), ("附件：专项资金预算汇总表的说明，请见下文。", False),
    ("第二部分 2025年部门预算表", False), ("专项资金预算汇总表……………12", False),
    # a continuation page's title: the table's own bracket and 续 (sweep trial 838: its line was a row)
    ("收入决算表（2024年度）（续）", True), ("一般公共预算支出预算表（功能科目）（续表）", True),
    ("专项资金预算汇总表（2025年）（续）", True), ("2025年部门预算表（公开）（续）", False),
])
def test_titles_named_by_their_money_or_their_ending(text, title):
    from auditdesk.parsing.tables import is_title

    assert is_title(text) == title
