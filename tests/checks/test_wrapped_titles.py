"""A table title wrapped after its first few characters ("部门决算公" / "开相关信息统计表"), with or
without a label and a list number before it, on a page without ruling lines: the first line is a
piece of the title, not prose, so F11 sees no “部门决算” written in a 单位决算 there — while the
same wording in the 情况说明 is still reported."""
from __future__ import annotations

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed

_CN = "一二三四五六七八九十"
SAID = "本单位2024年部门决算安排购置车辆0辆。"


@pytest.mark.parametrize("prefix,label", [(False, None), (True, "before")], ids=["bare", "label_and_number"])
def test_wrapped_title_is_no_prose_for_f11(tmp_path, prefix, label):
    spec = load_seed(0)  # a 单位决算 printing the 部门决算公开相关信息统计表
    assert spec.kind == "单位决算"
    spec.forms = []
    spec.narrative.append(SAID)
    for i, t in enumerate(x for x in spec.tables if x.kind == "table"):
        if len(t.title) > 8:
            t.title_break = 5
        if prefix:
            t.title_prefix = f"{_CN[i % 10]}、"
        if label and t.label:
            t.label_position = label
    render_pdf(spec, tmp_path / "t.pdf", ruled=False)
    doc = open_disclosure(tmp_path / "t.pdf")
    assert any(t.title == "部门决算公开相关信息统计表" for t in doc.tables)
    f11 = [f for f in run_checks(doc).findings if f.rule == "F11"]
    assert [f.location.text for f in f11 if "部门决算安排" not in (f.location.text or "")] == []
    assert len(f11) == 1 and "部门决算安排购置车辆" in f11[0].message
