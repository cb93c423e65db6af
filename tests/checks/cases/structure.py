"""F (结构) rule cases on generated PDFs: the clean complete disclosure passes every F rule,
each planted presentation defect fails exactly its rule (tests/fixtures/presentation.py)."""
from tests.checks.cases import case
from tests.fixtures.presentation import clean_pdf, defect_pdf, opened, text_defects_pdf

E, W = "error", "warning"


def clean():
    return opened(clean_pdf())


def text():
    return opened(text_defects_pdf())


def defect(name):
    return lambda: opened(defect_pdf(name))


CASES = [case(f"F{i}", "pass", "complete clean disclosure", clean) for i in range(1, 12)] + [
    case("F1", "fail", "主要职能 and 机构设置 missing", defect("missing_parts"), [(W, "functions", None), (W, "organisation", None)]),
    case("F2", "fail", "目录 lists a missing part, wrong page number", defect("toc_extra_entry"), [(W, None, None), (W, None, None)]),
    case("F2", "fail", "目录 lists parts the body lost", defect("missing_parts"), [(W, None, None)] * 3),
    case("F3", "fail", "blank page after the 目录", defect("blank_page"), [(E, "第3页", None)]),
    case("F4", "fail", "a page printed twice", defect("duplicate_page"), [(E, None, None)]),
    case("F5", "fail", "line cut by its text box", defect("clipped_line"), [(E, None, None)]),
    case("F5", "fail", "lines wholly below their text box's edge", defect("overflowing_box"), [(E, None, None)]),
    case("F5", "pass", "目录 leader past its box, each glyph clipped to its own box", defect("benign_clips")),
    case("F5", "fail", "private-use character and mojibake", defect("bad_chars"), [(E, None, None), (E, None, None)]),
    case("F6", "fail", "stray closing quote", text, [(W, None, None)]),
    case("F7", "fail", "。。 and a paragraph without its full stop", text, [(E, None, None), (W, None, None)]),
    case("F8", "fail", "empty 三公 table without 说明", text, [(W, "财政拨款“三公”经费支出决算表", None)]),
    case("F9", "fail", "XX left on the cover", defect("cover_residue"), [(W, None, None)]),
    case("F10", "fail", "2019 in the 目录 of a 2024 决算", defect("toc_wrong_year"), [(W, None, None)]),
    case("F11", "fail", "部门决算 wording in a 单位决算", text, [(W, None, None)]),
]
