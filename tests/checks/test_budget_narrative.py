"""预算 情况说明 ↔ tables, as the 决算's C rules (domain.md: the same rules with 预算数 for 决算数): each
sentence form a 预算 prints, against the national template's tables (tests/fixtures/budget.py, rendered
and read once), is a pass case (restating the tables) and a fail case (one figure changed) that a C or
D rule must report on that sentence — and the consistent one raises no error."""
from __future__ import annotations

import dataclasses

import pytest

from auditdesk.checks import run_checks
from auditdesk.parsing.extract import open_disclosure
from auditdesk.parsing.model import Sentence
from tests.fixtures.budget import national_budget_spec, template_tables
from tests.fixtures.render import render_pdf

S1, S2, S3 = "一、收支预算总体情况说明", "二、收入预算情况说明", "三、支出预算情况说明"
S4, S5, S6 = "四、一般公共预算支出情况说明", "五、财政拨款收支预算总体情况说明", "六、一般公共预算基本支出情况说明"
S7, S8 = "七、“三公”经费预算情况说明", "八、政府性基金预算支出情况说明"

FORMS = [  # (section, consistent, one figure changed)
    (S1, "2025年收支预算总额1,350.00万元，较上年增加50.00万元，增长3.85%。", "2025年收支预算总额1,350.00万元，较上年增加50.00万元，增长4.85%。"),
    (S1, "2025年收入预算总计1,350.00万元，支出预算总计1,350.00万元。", "2025年收入预算总计1,350.00万元，支出预算总计1,360.00万元。"),
    (S1, "2025年收支总预算1,350.00万元。", "2025年收支总预算1,305.00万元。"),
    (S1, "2025年收支预算总额1,350.00万元。", "2025年收支预算总额1,305.00万元。"),
    (S1, "2024年收支预算总额1,300.00万元，2025年收支预算总额1,350.00万元。", "2024年收支预算总额1,300.00万元，2025年收支预算总额1,355.00万元。"),
    (S2, "2025年收入预算1,350.00万元，其中：一般公共预算拨款收入1,200.00万元，占88.89%。",
     "2025年收入预算1,350.00万元，其中：一般公共预算拨款收入1,200.00万元，占89.89%。"),
    (S2, "政府性基金预算拨款收入100.00万元，占7.41%。", "政府性基金预算拨款收入110.00万元，占7.41%。"),
    (S2, "事业收入50.00万元，占3.70%。", "事业收入60.00万元，占3.70%。"),
    (S3, "2025年支出预算1,350.00万元，其中：基本支出900.00万元，占66.67%。", "2025年支出预算1,350.00万元，其中：基本支出900.00万元，占67.67%。"),
    (S3, "项目支出450.00万元，占33.33%。", "项目支出540.00万元，占33.33%。"),
    (S3, "一般公共服务支出700.00万元，占51.85%。", "一般公共服务支出710.00万元，占51.85%。"),
    (S4, "2025年一般公共预算支出1,200.00万元，比上年增加100.00万元，增长9.09%。", "2025年一般公共预算支出1,200.00万元，比上年增加100.00万元，增长8.09%。"),
    (S4, "2025年一般公共预算支出1,200.00万元。", "2025年一般公共预算支出1,210.00万元。"),
    (S4, "一般公共服务支出（类）700.00万元，占58.33%。", "一般公共服务支出（类）700.00万元，占59.33%。"),
    (S4, "社会保障和就业支出（类）250.00万元，占20.83%。", "社会保障和就业支出（类）260.00万元，占20.83%。"),
    (S4, "一般公共服务（类）政府办公厅（室）及相关机构事务（款）700.00万元。", "一般公共服务（类）政府办公厅（室）及相关机构事务（款）710.00万元。"),
    (S4, "其中：基本支出850.00万元，项目支出350.00万元。", "其中：基本支出850.00万元，项目支出360.00万元。"),
    (S5, "2025年财政拨款收支预算总额1,300.00万元。", "2025年财政拨款收支预算总额1,310.00万元。"),
    (S5, "2025年财政拨款收入预算1,300.00万元，财政拨款支出预算1,300.00万元。", "2025年财政拨款收入预算1,300.00万元，财政拨款支出预算1,330.00万元。"),
    (S6, "2025年一般公共预算基本支出850.00万元，其中：人员经费700.00万元，公用经费150.00万元。",
     "2025年一般公共预算基本支出850.00万元，其中：人员经费700.00万元，公用经费160.00万元。"),
    (S6, "人员经费700.00万元，占82.35%。", "人员经费700.00万元，占83.35%。"),
    (S6, "工资福利支出650.00万元。", "工资福利支出660.00万元。"),
    (S7, "2025年“三公”经费预算12.00万元，比上年减少1.00万元，下降7.69%。", "2025年“三公”经费预算13.00万元，比上年减少1.00万元，下降7.14%。"),
    (S7, "其中：因公出国（境）费2.00万元，公务用车购置及运行费6.00万元，公务接待费4.00万元。",
     "其中：因公出国（境）费2.00万元，公务用车购置及运行费6.00万元，公务接待费5.00万元。"),
    (S7, "公务用车运行费6.00万元，公务用车购置费0万元。", "公务用车运行费7.00万元，公务用车购置费0万元。"),
    (S7, "因公出国（境）费2.00万元，与上年持平。", "因公出国（境）费3.00万元，与上年持平。"),
    (S7, "公务接待费4.00万元，占“三公”经费的33.33%。", "公务接待费4.00万元，占“三公”经费的43.33%。"),
    (S8, "2025年政府性基金预算支出100.00万元。", "2025年政府性基金预算支出110.00万元。"),
    (S8, "城乡社区支出100.00万元。", "城乡社区支出101.00万元。"),
    # round 14: "安排" (a 预算's verb) after the subject, "比2024年预算" as the base of a change
    (S4, "2025年一般公共预算支出安排1,200.00万元，比2024年预算增加100.00万元，增长9.09%。",
     "2025年一般公共预算支出安排1,220.00万元，比2024年预算增加100.00万元，增长9.09%。"),
    (S4, "一般公共服务支出（类）安排700.00万元，占58.33%。", "一般公共服务支出（类）安排710.00万元，占58.33%。"),
    (S6, "2025年一般公共预算基本支出安排850.00万元。", "2025年一般公共预算基本支出安排860.00万元。"),
    (S3, "2025年支出预算安排1,350.00万元，其中：基本支出900.00万元，占66.67%。",
     "2025年支出预算安排1,350.00万元，其中：基本支出900.00万元，占76.67%。"),
    (S7, "2025年“三公”经费预算安排12.00万元，比2024年预算减少1.00万元，下降7.69%。",
     "2025年“三公”经费预算安排12.00万元，比2024年预算减少1.00万元，下降8.69%。"),
]


@pytest.fixture(scope="module")
def budget_doc(tmp_path_factory):
    spec = national_budget_spec()
    template_tables(spec)
    path = tmp_path_factory.mktemp("budget_narrative") / "budget.pdf"
    render_pdf(spec, path)
    return open_disclosure(path)


def _with(doc, section: str, text: str):
    path = ("第二部分 2025年部门预算情况说明", section)
    s = Sentence(0, doc.narrative[0].page if doc.narrative else 1, (60.0, 100.0, 540.0, 114.0), text, section, path)
    return dataclasses.replace(doc, narrative=[s], headings=[])


def _errors(doc):
    return [f for f in run_checks(doc).findings if f.severity == "error" and f.rule[0] in "CD"]


@pytest.mark.parametrize("section,ok,bad", FORMS, ids=[f"{k:02d}" for k in range(len(FORMS))])
def test_budget_form(budget_doc, section, ok, bad):
    assert not _errors(_with(budget_doc, section, ok)), [f.message for f in _errors(_with(budget_doc, section, ok))]
    got = _errors(_with(budget_doc, section, bad))
    assert got and all(f.location.narrative == 0 for f in got), [f.message for f in got]
