"""情况说明 forms and the planted-error harness (round 11)."""
from __future__ import annotations

from auditdesk.checks.index import norm
from tests.checks.planting import _explains, narrative_plants
from tests.fixtures import load_seed


def test_no_plant_in_a_cause_clause():
    """An amount in a 原因 clause names a cause ("主要原因是年度考核奖19.12万元"): it equals a cell
    by value only (seed 002: the 基本支出 of 其他支出), so changing it is no inconsistency a rule
    may report. The benchmark's salt drew exactly that plant in round 10 (its 3 misses)."""
    text = "较上年决算减少3.59万元，下降8.02%，主要原因是年度考核奖19.12万元，较上年减少。其他支出41.20万元。"
    assert _explains(text, text.index("19.12"))
    assert not _explains(text, text.index("3.59"))
    assert not _explains(text, text.index("41.20"))
    for seed in range(5):
        for salt in ("", "bench", "r9"):
            for p in narrative_plants(load_seed(seed), seed, 4, salt):
                before = p.old.split(p.label.split("→")[0])[0]
                assert "原因" not in before, p.describe()


HEADINGS = [
    "第三部分 2024年度部门决算情况说明",
    "一、关于2024年度收入支出决算总体情况说明",
    "2024年度收入总计606.41万元，支出总计606.41万元。",
    "二、收入决算情况",
    "2024年度收入合计574.83万元，其中：财政拨款收入574.40万元，占比99.93%。",
    "（一）机关运行经费支出情况：",
    "2024年机关运行经费支出0万元。",
    "1.政府采购支出情况",
    "2024年度政府采购支出总额1.99万元，其中：政府采购货物支出1.74万元、政府采购工程支出0万元、政府采购服务支出0.25万元。",
    "（1）车辆情况",
    "截至2024年12月31日，本部门（单位）共有车辆1辆。",
    "十一、一般公共预算财政拨款“三公”经费、会议费、培训费支出决算情况说明（含机关运行经费）",
    "2024年度“三公”经费财政拨款支出全年预算0万元，支出决算0万元。",
    "五、一般公共预算财政拨款支出决算情况说明",
    "2024年一般公共预算财政拨款决算支出532.53万元，占本年支出合计的99.97%。",
]


def test_headings_keep_their_sections(tmp_path):
    """Every heading form opens its own section — 一、/（一）/1./（1）, a colon after it, a title wrapped
    over two lines with a remark in brackets — and is never fused into the paragraph below."""
    from auditdesk.checks import run_checks
    from auditdesk.parsing.extract import open_disclosure
    from tests.fixtures.pdfs import render_spec

    spec = load_seed(0)
    spec.forms = []
    spec.narrative = list(HEADINGS)
    path, _ = render_spec(tmp_path, spec, "headings.pdf")
    doc = open_disclosure(path)
    sections = {s.text.replace(" ", "")[:12]: s.section for s in doc.narrative}
    for k, text in enumerate(HEADINGS):
        if k and not HEADINGS[k - 1][0].isdigit() and text[:4].isdigit():
            assert norm(sections[text.replace(" ", "")[:12]]) == norm(HEADINGS[k - 1]), text
    assert not [f.message for f in run_checks(doc).findings if f.severity == "error" and f.rule[0] in "CD"]
