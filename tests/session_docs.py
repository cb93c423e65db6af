"""A small Document and a fully-featured saved review session, for the session-integrity
tests (issue 19) — also imported by their helper subprocesses."""
from __future__ import annotations

from pathlib import Path

from auditdesk.app import session as sm
from auditdesk.parsing.model import TOTAL, Cell, Document, Row, Table

COLS = ["科目代码", "科目名称", "合计", "基本支出", "项目支出"]
ROWS = [
    ("", "合计", "100.00", "60.00", "40.00"),
    ("206", "科学技术支出", "100.00", "60.00", "40.00"),
    ("20601", "科学技术管理事务", "100.00", "60.00", "40.00"),
    ("2060101", "行政运行", "60.00", "60.00", ""),
    ("2060102", "一般行政管理事务", "40.00", "", "40.00"),
]


def make_doc(pdf: Path) -> Document:
    rows = []
    for i, texts in enumerate(ROWS):
        code, label = texts[0] or None, texts[1]
        rows.append(Row([Cell.of(t, 3, (10.0 * j, 20.0 * i, 10.0 * j + 9, 20.0 * i + 9)) for j, t in enumerate(texts)],
                        page=3, bbox=(0, 20.0 * i, 100, 20.0 * i + 9), kind=TOTAL if label == "合计" else "data",
                        label=label, code=code, level=None if code is None else {3: 1, 5: 2, 7: 3}[len(code)]))
    table = Table("T01", "一般公共预算财政拨款支出决算表", "公开05表", "万元", [3], [COLS], list(COLS), rows)
    return Document(str(pdf), sm.sha256_file(pdf), 5, "某某科学技术局", 2024, "部门决算", [table], [])


def make_pdf(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / "某单位2024年部门决算.pdf"
    p.write_bytes(b"%PDF-1.4 fake disclosure\n")
    return p


def full_session(pdf: Path) -> sm.ReviewSession:
    """Every kind of record the auditor can leave: edits, annotations, ticks, statuses,
    people, header, sign-off, a long log."""
    doc = make_doc(pdf)
    s = sm.ReviewSession(doc, pdf)
    s.apply_edit("T01", 4, 2, "41.00", "张三")
    s.apply_edit("T01", 3, 3, "59.00", "张三")
    s.apply_edit("T01", 1, 4, "39.00", "李四")
    s.add_annotation(sm.Anchor.for_cell(doc, "T01", 4, 2), "核对凭证", tick="✓", who="张三")
    s.add_annotation(sm.Anchor.for_row(doc, "T01", 1), "类级已核对", tick="F", who="张三")
    s.add_annotation(sm.Anchor.for_finding("A7|T01|合计|合计|"), "待问单位", who="李四")
    s.add_annotation(sm.Anchor.for_region(4, (10, 20, 30, 40)), "第4页说明", who="李四")
    s.set_finding_status("A7|T01|合计|合计|", sm.CONFIRMED, "张三", comment="需调整")
    s.set_finding_status("A13|T01|合计|合计|", sm.DISMISSED, "李四", reason="尾差，已与报表核对")
    s.set_preparer("张三", "2025-03-01")
    s.set_header(index_no="JS-01", conclusion="未发现重大问题")
    s.sign_off("王复核", note="同意", date="2025-03-05")
    return s
