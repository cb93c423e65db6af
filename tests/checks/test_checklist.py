"""The 公开情况检查表: templates as data, parts found by heading / table type, findings filed
under their rows, 是/否 decided — and, on the two real forms, agreement with the reviewer."""
from __future__ import annotations

import re
from functools import lru_cache

import pytest

from auditdesk.checks import run_checks
from auditdesk.checks.checklist import fill, with_override
from auditdesk.checks.checklist_template import BUILTIN, TemplateError, builtin_path, builtin_template, load_template
from auditdesk.checks.finding import ERROR, Finding, Location
from auditdesk.parsing import table_types
from tests.fixtures.presentation import clean_pdf, defect_pdf, opened, text_defects_pdf


@pytest.mark.parametrize("kind", sorted(BUILTIN))
def test_builtin_templates_load_and_name_known_table_types(kind):
    tpl = builtin_template(kind)
    assert tpl.kind == kind and tpl.rows
    assert len({r.id for r in tpl.rows}) == len(tpl.rows)
    for r in tpl.rows:
        assert r.manual or r.part or r.headings or r.table or r.rules
        if r.table:
            assert table_types.get(r.table) is not None, f"{kind}: row {r.name} names unknown table type {r.table}"
    assert any(r.manual for r in tpl.rows)  # 及时性
    assert builtin_path(kind).suffix == ".toml"


@pytest.mark.parametrize("text, words", [
    ("not toml [", "格式有误"),
    ("[form]\ntitle='x'\n", "至少一个"),
    ("[form]\n[[row]]\nname='封面'\npart='cover'\n[[row]]\nname='封面2'\nid='row1'\npart='cover'\n", "重复"),
    ("[form]\n[[row]]\nname='封面'\n", "没有说明由什么满足"),
    ("[form]\n[[row]]\nname='x'\npart='appendix'\n", "cover 或 toc"),
])
def test_bad_template_is_one_sentence(tmp_path, text, words):
    p = tmp_path / "t.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as e:
        load_template(p)
    assert words in str(e.value)
    with pytest.raises(TemplateError, match="找不到"):
        load_template(tmp_path / "missing.toml")


def test_an_office_can_copy_and_edit_a_template(tmp_path):
    src = builtin_path("单位决算").read_text(encoding="utf-8")
    src = src.replace('region = ""', 'region = "某某区"').replace('name = "名词解释"', 'name = "名词解释（本区要求）"')
    p = tmp_path / "mine.toml"
    p.write_text(src, encoding="utf-8")
    doc = opened(clean_pdf())
    filled = fill(doc, run_checks(doc), load_template(p))
    assert filled.title == "2024年度某某区单位决算公开情况检查表"
    assert filled.row("glossary").row.name == "名词解释（本区要求）" and filled.row("glossary").verdict == "是"


@lru_cache(maxsize=None)
def _filled(path):
    doc = opened(path)
    report = run_checks(doc)
    return doc, report, fill(doc, report)


def test_clean_disclosure_rows():
    _doc, _rep, filled = _filled(clean_pdf())
    v = {r.row.id: r.verdict for r in filled.rows}
    assert v["timeliness"] is None  # decided by the auditor, not the document
    for rid in ("cover", "toc", "functions", "organisation", "glossary", "t01", "t02", "t03", "t04", "t05", "t06",
                "t07", "t08", "t09"):
        assert v[rid] == "是", (rid, filled.row(rid).problems)
    # seed 000's real discrepancy (基本支出 510.78 vs 510.77) is filed under the 情况说明
    assert v["explanation"] == "否" and any(p.rule == "C7" for p in filled.row("explanation").problems)


@pytest.mark.parametrize("defect, row, rule", [
    ("blank_page", "toc", "F3"),  # a blank page after the 目录 belongs to the 目录's part
    ("missing_parts", "functions", "F1"),
    ("toc_extra_entry", "toc", "F2"),
    ("cover_residue", "cover", "F9"),
])
def test_defects_are_filed_under_their_row(defect, row, rule):
    _doc, _rep, filled = _filled(defect_pdf(defect))
    res = filled.row(row)
    assert res.verdict == "否" and any(p.rule == rule for p in res.problems), res.problems


def test_text_defects_filed_under_the_narrative_and_table_rows():
    _doc, _rep, filled = _filled(text_defects_pdf())
    rules = {p.rule for p in filled.row("explanation").problems}
    assert {"F6", "F7", "F11"} <= rules
    assert filled.row("t09").verdict == "否" and any(p.rule == "F8" for p in filled.row("t09").problems)
    # the crop is centred on the quoted words
    p = next(p for p in filled.row("explanation").problems if p.rule == "F6")
    assert p.page and p.mark and p.mark[2] - p.mark[0] < 40


def test_override_and_dismissed_status():
    doc, report, filled = _filled(defect_pdf("blank_page"))
    f3 = next(f for f in report.findings if f.rule == "F3")
    quiet = fill(doc, report, statuses={f3.key_str: "已排除"})
    assert quiet.row("toc").verdict == "是"
    forced = fill(doc, report, overrides={"toc": ("是", "空白页为双面打印预留")})
    assert forced.row("toc").verdict == "是" and forced.row("toc").auto == "否" and forced.row("toc").overridden
    back = with_override(forced, "toc", None)
    assert back.row("toc").verdict == "否" and not back.row("toc").overridden


def test_rounding_of_integer_printed_figures_is_not_a_problem():
    """A difference below the form's 1 元 threshold (figures printed without decimals) does not
    make a row 否; the same finding with a real difference does."""
    doc, report, _ = _filled(clean_pdf())
    t = doc.tables[0]
    small = Finding("A1", ERROR, "x", Location(table=t.id, row=0, column="x", page=t.pages[0]), difference=None)
    from dataclasses import replace
    from decimal import Decimal

    rep = replace(report, findings=[replace(small, difference=Decimal("0.00003"))])  # 万元: 0.3 元
    assert fill(doc, rep).row("t01").verdict == "是"
    rep = replace(report, findings=[replace(small, difference=Decimal("0.5"))])
    assert fill(doc, rep).row("t01").verdict == "否"


# ---------------------------------------------------------------- the two real forms
def _norm(name: str) -> str:
    name = re.sub(r"[《》\s]", "", name or "")
    return name.replace("预算单位", "").replace("部门", "").replace("单位", "")


def _reviewer(path):
    import openpyxl

    ws = openpyxl.load_workbook(path).active
    out = {}
    for r in range(6, ws.max_row + 1):
        name, verdict = ws.cell(r, 2).value, ws.cell(r, 4).value
        if name and verdict in ("是", "否"):
            out[_norm(name)] = (verdict, ws.cell(r, 5).value or "")
    return out


# what each problem the reviewer wrote is, in AuditDesk's words: (row, text in one of our problems)
REVIEWER_PROBLEMS = {
    "putuo_justice_2026_dept_budget": [
        ("目录", "第3页是空白页"),  # 目录后有一页多余的空表页
        ("主要职能", "一行被裁切"),  # 部分文字未正常显示
        ("预算编制说明", "“比2026年预算”"), ("预算编制说明", "“与2026年预算”"),  # 5 处年份
        ("预算编制说明", "工作量增加”段末缺少句号"), ("预算编制说明", "标点重复（“。。”）"),
        ("预算编制说明", "43269.30"), ("预算编制说明", "医疗卫生与计划生育支出"), ("预算编制说明", "201.50"),
        ("项目经费情况说明", "优秀调解案例”"),
    ],
    "putuo_justice_2026_unit_budget": [
        ("预算编制说明", "增加(减少)"), ("预算编制说明", "-15.13%"), ("预算编制说明", "57.80"),
        ("预算编制说明", "170.03"), ("预算编制说明", "医疗卫生与计划生育支出"),
        ("支出预算总表", "行政运行"), ("一般公共预算支出功能分类预算表", "行政运行"),
        ("其他相关说明", "主要原因是。"), ("其他相关说明", "部门预算"),
    ],
}


@pytest.mark.parametrize("name", sorted(REVIEWER_PROBLEMS))
def test_real_forms_agree_with_the_reviewer(real_pdfs, name):
    doc = opened(real_pdfs / f"{name}.pdf")
    filled = fill(doc, run_checks(doc))
    theirs = _reviewer(real_pdfs / f"{name}_checklist.xlsx")
    ours = {_norm(r.row.name): r for r in filled.rows}
    decided = {k: v for k, v in theirs.items() if not k.startswith("及时公开")}
    assert len(decided) == 17
    for key, (verdict, _text) in decided.items():
        assert key in ours, (key, list(ours))
        assert ours[key].verdict == verdict, (key, verdict, [p.text for p in ours[key].problems])
    for row, words in REVIEWER_PROBLEMS[name]:
        res = ours[_norm(row)]
        assert any(words in p.text for p in res.problems), (row, words, [p.text for p in res.problems])
    dept = name.endswith("dept_budget")
    if dept:  # five comparisons naming the budget's own year
        assert sum("年份未更新" in p.text for p in ours["预算编制说明"].problems) == 5
