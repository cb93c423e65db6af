"""The narrative model: sentences with page, bbox and section path; headings split from their
paragraphs (also when a long heading wraps onto a second line); figures with kind and subject."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

from auditdesk.parsing.extract import open_disclosure
from auditdesk.parsing.figures import heading_level, read_figures

_HEAD = re.compile(r"^(第.部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


@pytest.fixture(scope="module", params=[11.0, 16.0], ids=["body11", "body16-wrapped-headings"])
def seed3(request, tmp_path_factory):
    from tests.fixtures import load_seed, render_pdf

    spec = load_seed(3)
    spec.narrative_font_size = request.param
    path = tmp_path_factory.mktemp("narr") / f"seed3_{int(request.param)}.pdf"
    render_pdf(spec, path)
    return spec, open_disclosure(path)


def _norm(t: str) -> str:
    return re.sub(r"\s", "", t).replace("(", "（").replace(")", "）")


def test_every_heading_is_split_from_its_paragraph(seed3):
    spec, doc = seed3
    heads = {_norm(h.text) for h in doc.headings}
    wanted = [_norm(p) for p in spec.narrative if _HEAD.match(p.strip()) and len(p.strip()) <= 40
              and "万元" not in p]
    assert wanted
    missing = [h for h in wanted if h not in heads]
    assert not missing, missing
    # no sentence starts with a heading's text (a heading fused into the paragraph below)
    fused = [s.text for s in doc.narrative for h in wanted if len(h) > 8 and _norm(s.text).startswith(h)]
    assert not fused, fused


def test_sentences_know_their_section_path(seed3):
    _spec, doc = seed3
    s = next(s for s in doc.narrative if "完成年初预算的 78.80%" in s.text or "完成年初预算的78.80%" in _norm(s.text))
    path = [_norm(h) for h in s.path]
    assert any(h.startswith("第三部分") for h in path), path
    assert any(h.startswith("五、一般公共预算财政拨款支出决算情况说明") for h in path), path
    assert path[2].startswith("（三）一般公共预算财政拨款支出决算具体情况"), path
    assert path[-1].startswith("1.一般公共服务支出具体包括"), path
    assert [heading_level(h) for h in s.path] == sorted(heading_level(h) for h in s.path)
    assert s.page >= 1 and s.bbox[2] > s.bbox[0]


def test_jiangsu_wrapped_heading_is_a_heading(real_pdfs):
    doc = open_disclosure(real_pdfs / "jiangsu_court_2019_budget.pdf")
    heads = [_norm(h.text) for h in doc.headings]
    assert "九、一般公共预算“三公”经费、会议费、培训费支出预算情况说明" in heads
    # a numbered sentence that states a figure is text, not a heading
    assert not any("37188.34万元" in h for h in heads)
    s = next(s for s in doc.narrative if "因公出国" in s.text and "31.14%" in s.text)
    assert _norm(s.section).startswith("九、")


def test_figures_have_kind_and_subject():
    text = ("2024年度一般公共预算财政拨款支出532.53万元，占本年支出合计的99.97%。与上年相比减少64.94万元，下降10.87%，"
            "完成年初预算的85.55%，共接待3批次，25人次。")
    got = [(f.kind, f.value, f.refers, f.direction) for f in read_figures(text)]
    assert got == [
        ("year", Decimal(2024), "", 0),
        ("amount", Decimal("532.53"), "一般公共预算财政拨款支出", 0),
        ("share", Decimal("99.97"), "本年支出合计", 0),
        ("amount", Decimal("64.94"), "一般公共预算财政拨款支出", -1),
        ("growth", Decimal("10.87"), "下降", -1),
        ("rate", Decimal("85.55"), "预算", 0),
        ("count", Decimal(3), "共接待", 0),
        ("count", Decimal(25), "共接待3批次", 0),
    ]


def test_figures_linear_on_long_digit_runs():
    import time

    text = "1" * 20000 + "万"
    t0 = time.process_time()  # CPU time: quadratic would take minutes, linear milliseconds
    read_figures(text)
    assert time.process_time() - t0 < 0.5


_PROJECT_PAGE = [
    "第三部分 项目经费情况说明",
    "四、实施方案",
    "1.与协会签订购买服务合同，委托其提供专业服务，并对工作情况进行全方位的考核及评估；",
    "2.由协会配齐配强各级调解组织的调解员，及时化解各类矛盾纠纷；",
    "3.全年开展专题培训；",
    "4.开展“协议书检查”、优秀案例活动。",
    "六、年度预算安排",
    "795万元",
    "七、绩效目标",
    "通过政府购买服务工作模式，完善经费保障体系，满足调解员专业化、职业化建设的发展需要，从而推动调解工作规范化、专业化、社会化发展。",
    "（一）“三公”经费财政拨款支出决算总体情况说明。",
    "“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元，完成预算的0%，其中：因公出国（境）费决算为0.00万元。",
]


@pytest.mark.parametrize("flush,size", [(False, 11.0), (True, 11.0), (True, 16.0)],
                         ids=["indented", "flush-body", "flush-body-16pt"])
def test_list_items_and_short_lines_are_sentences_under_their_heading(flush, size, tmp_path):
    """Items of a numbered list ending in "；" are sentences of their section, not headings; a
    heading whose paragraph starts left of it (a body set flush to the text box) is still a
    heading, not the first line of that paragraph."""
    from tests.fixtures import load_seed, render_pdf

    spec = load_seed(3)
    spec.narrative = spec.narrative + _PROJECT_PAGE
    spec.narrative_flush = flush
    spec.narrative_font_size = size
    render_pdf(spec, tmp_path / "p.pdf")
    doc = open_disclosure(tmp_path / "p.pdf")
    heads = [_norm(h.text) for h in doc.headings]
    assert "四、实施方案" in heads and "七、绩效目标" in heads
    assert not any(h.startswith(("1.", "2.", "3.", "4.")) for h in heads if "协会" in h or "培训" in h), heads
    by_text = {_norm(s.text): s for s in doc.narrative}
    for item in _PROJECT_PAGE[2:6]:
        assert _norm(item) in by_text, item
        assert _norm(by_text[_norm(item)].section) == "四、实施方案"
    assert _norm(by_text["795万元"].section) == "六、年度预算安排"
    assert _norm(by_text[_norm(_PROJECT_PAGE[9])].section) == "七、绩效目标"
    # a numbered line ending "…情况说明。" is a title even when it reaches near the margin
    assert _norm(_PROJECT_PAGE[10]) in heads
    assert _norm(by_text[_norm(_PROJECT_PAGE[11])].section) == _norm(_PROJECT_PAGE[10])
