"""情况说明 sentence forms of other provinces, levels and years, end to end through a rendered PDF:
the forms (catalogued in tests/checks/cases/narrative_wording.py) restate the tables of a seed 决算
and of the national-template 预算; the clean copy raises no C/D error on those sentences, and a copy
with one restated figure changed in each planted sentence raises an error on every one of them."""
from __future__ import annotations

import pytest

from auditdesk.checks import run_checks
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures import load_seed
from tests.fixtures.budget import national_budget_spec
from tests.fixtures.pdfs import render_spec

# seed 000's tables (收入总计 606.41, 本年收入 574.83, 本年支出 532.68, 公开04 574.40 / 532.53 / 73.09,
# 公开05 532.53, 2060501 机构运行 384.36, 2069999 其他科学技术支出 21.76)
FINAL = [
    "第三部分 2024年度单位决算情况说明",
    "一、收入支出决算总体情况说明",
    "2024年度收、支总计各是606.41,606.41万元。",
    "2024年度收入总计606.41万元，其中：本年收入合计574.83万元，使用非财政拨款结余0.00万元，年初结转和结余31.58万元。",
    "二、收入决算情况说明",
    "2024年本年收入合计574.83万元，其中：一般公共预算财政拨款收入574.40万元，占99.93%；其他收入0.43万元，占0.07%。",
    "三、支出决算情况说明",
    "2024年度，本单位支出为532.68万元。其中：基本支出510.92万元；项目支出21.76万元。",
    "四、财政拨款收入支出决算总体情况说明",
    "2024年度财政拨款收入574.40万元，财政拨款支出532.53万元，年末财政拨款结转和结余73.09万元。",
    "五、一般公共预算财政拨款支出决算情况说明",
    "2024年度，本单位一般公共预算财政拨款支出总计532.53万元，与上年相比减少53.7万元，降低9.16%。",
    "1.科学技术支出(类)科技条件与服务(款)机构运行(项)：支出决算为384.36万元，完成预算96.09%。",
    "2.科学技术支出(类)其他科学技术支出(款)其他科学技术支出(项)：年初预算为25.00万元，支出决算为21.76万元，完成年初预算的87.04%。",
]
FINAL_PLANTS = [("各是606.41,606.41", "各是606.41,606.51"), ("年初结转和结余31.58", "年初结转和结余31.68"),
                ("占99.93", "占98.93"), ("支出为532.68", "支出为533.68"), ("结余73.09", "结余73.19"),
                ("支出总计532.53", "支出总计533.53"), ("支出决算为384.36", "支出决算为385.36"),
                ("支出决算为21.76", "支出决算为22.76")]

# the national-template 预算 (tests/fixtures/budget.py), its narrative in 元 as some provinces print it
BUDGET = [
    "第二部分 2025年部门预算情况说明",
    "一、收支预算总体情况说明",
    "2025 年收支总预算 13500000 元。",
    "二、支出预算情况说明",
    "（一）一般公共服务支出类科目 7000000 元，占支出总预算 51.85%。",
    "（二）城乡社区支出类科目 3500000 元，占支出总预算 25.93%。",
    "三、一般公共预算支出情况说明",
    "2025 年本年一般公共预算支出 12000000 元。其中：基本支出 8500000 元，项目支出 3500000 元。",
    "城乡社区公共设施 2500000 元，其中：基本支出 0 元，项目支出 2500000 元。",
]
BUDGET_PLANTS = [("13500000", "13600000"), ("7000000", "7100000"), ("基本支出 8500000", "基本支出 8600000"),
                 ("项目支出 2500000", "项目支出 2400000")]


def _errors(path):
    report = run_checks(open_disclosure(str(path), ocr="off"))
    return [f for f in report.findings if f.severity == "error" and f.rule[0] in "CD" and f.location.text]


def _planted(narrative, plants):
    out = list(narrative)
    for old, new in plants:
        hits = [i for i, s in enumerate(out) if old in s]
        assert len(hits) == 1, old
        out[hits[0]] = out[hits[0]].replace(old, new, 1)
    return out


@pytest.mark.parametrize("which", ["final", "budget"])
def test_wording_forms_in_a_pdf(tmp_path, which):
    if which == "final":
        spec, narrative, plants = load_seed(0), FINAL, FINAL_PLANTS
    else:
        spec, narrative, plants = national_budget_spec(), BUDGET, BUDGET_PLANTS
    spec.narrative = list(narrative)
    clean, _ = render_spec(tmp_path, spec, "clean.pdf")
    mine = {s for s in narrative if any(ch.isdigit() for ch in s) and not s.startswith("第")}
    false = [f for f in _errors(clean) if f.location.text.replace(" ", "") in {s.replace(" ", "") for s in mine}]
    assert not false, [f.message for f in false]

    spec.narrative = _planted(narrative, plants)
    bad, _ = render_spec(tmp_path, spec, "planted.pdf")
    errors = _errors(bad)
    for _old, new in plants:
        assert any(new.replace(" ", "") in f.location.text.replace(" ", "") for f in errors), \
            (new, [(f.rule, f.location.text, f.message) for f in errors])
