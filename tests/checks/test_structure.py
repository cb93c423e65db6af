"""F rules on hand-made page facts: what a text layer can carry that does not render."""
from __future__ import annotations

from types import SimpleNamespace

from auditdesk.checks import run_checks
from auditdesk.checks.rules.structure import _rare_run
from auditdesk.parsing.model import Document
from auditdesk.parsing.page_facts import PageFacts, TextLine, _cuts


def _doc(*texts):
    lines = tuple(TextLine(t, (72, 100 + 20 * i, 500, 114 + 20 * i), ((t, (72, 100 + 20 * i, 500, 114 + 20 * i)),))
                  for i, t in enumerate(texts))
    pf = PageFacts(1, 595, 842, lines, 0)
    return Document("x.pdf", "", 1, None, 2024, "部门决算", [], [], page_facts=[pf], page_status=["text"])


def test_replacement_cid_and_control_characters():
    rep = run_checks(_doc("本年度\ufffd支出", "收入(cid:123)合计", "正常的一行文字。", "单位\x93名称"), rules=["F5"])
    msgs = [f.message for f in rep.findings]
    assert len(msgs) == 3
    assert "U+FFFD" in msgs[0] and "(cid:123)" in msgs[1] and "控制字符" in msgs[2]


def test_mojibake_run_but_not_rare_names():
    assert _rare_run("单位地址：涓婃捣甯傛櫘闄€鍖哄競鏀垮簻。") is not None
    for ok in ("上海市普陀区规划和自然资源局", "负责璩琮、瑷珲等地名的标准化工作。", "鳌江镇、濮阳市、亳州市、邳州市"):
        assert _rare_run(ok) is None, ok


def test_clip_edge_through_glyphs_is_a_cut_but_a_cell_around_them_is_not():
    word = (100.0, 466.0, 200.0, 478.0)
    assert _cuts(SimpleNamespace(x0=50, y0=70, x1=700, y1=468.5), word)  # only the tops show
    assert not _cuts(SimpleNamespace(x0=90, y0=460, x1=210, y1=480), word)  # a cell around the word
    assert not _cuts(SimpleNamespace(x0=50, y0=70, x1=700, y1=300), word)  # the word is below: hidden, not cut
    assert _cuts(SimpleNamespace(x0=150, y0=460, x1=400, y1=480), word)  # the start of the word is cut off


def test_documents_without_page_facts_skip_the_f_rules():
    doc = Document("x.pdf", "", 1, None, 2024, "部门决算", [], [])
    cov = {c.rule: c for c in run_checks(doc).coverage if c.rule.startswith("F")}
    assert cov and all(c.status != "ran" for c in cov.values())
