"""The filled 公开情况检查表 as Excel: template layout, 是/否, problems, page crops; the
--checklist flag, a custom template, and the batch summary."""
from __future__ import annotations

import shutil

import openpyxl
import pytest

from auditdesk.app.checklist_xlsx import add_checklist_sheet, checklist_for, write_checklist, write_summary
from auditdesk.app.cli import run_cli
from auditdesk.checks import run_checks
from tests.fixtures.presentation import clean_pdf, defect_pdf, opened


def _rows(ws):
    return {ws.cell(r, 2).value: (ws.cell(r, 4).value, ws.cell(r, 5).value, r) for r in range(6, ws.max_row + 1)
            if ws.cell(r, 2).value and ws.cell(r, 1).value in ("及时性", "内容规范性", None)}


def test_written_form_layout_and_crops(tmp_path):
    doc = opened(defect_pdf("blank_page"))
    filled = checklist_for(doc, run_checks(doc))
    out = tmp_path / "cl.xlsx"
    write_checklist(filled, str(out), str(defect_pdf("blank_page")))
    wb = openpyxl.load_workbook(out)
    ws = wb["公开情况检查表"]
    assert ws["A1"].value == "2024年度单位决算公开情况检查表"
    assert ws["A3"].value.startswith("单位名称:")
    assert (ws["D5"].value, ws["E5"].value) == ("符合要求", "问题截图")
    rows = _rows(ws)
    verdict, text, r = rows["目录"]
    assert verdict == "否" and "第3页是空白页" in text
    assert rows["封面"][0] == "是" and rows["及时公开单位决算"][0] in (None, "")
    # the row's problem links to its crop, which sits in the 问题截图 column below the form
    target = ws.cell(r, 5).hyperlink.location
    ev_row = int(target.split("!E")[1])
    assert "空白页" in ws.cell(ev_row, 2).value
    anchors = [(im.anchor._from.row + 1, im.anchor._from.col) for im in ws._images]
    assert (ev_row, 4) in anchors
    problems = sum(len(x.problems) for x in filled.rows if any(p.page for p in x.problems))
    assert len(ws._images) >= problems > 0


def test_sheet_added_to_another_workbook(tmp_path):
    doc = opened(clean_pdf())
    filled = checklist_for(doc, run_checks(doc))
    wb = openpyxl.Workbook()
    ws = add_checklist_sheet(wb, filled, str(clean_pdf()), title="检查表")
    assert ws.title == "检查表" and wb.sheetnames[-1] == "检查表"
    wb.save(tmp_path / "x.xlsx")


def test_cli_checklist_and_custom_template(tmp_path, capsys):
    pdf = tmp_path / "d.pdf"
    shutil.copy(defect_pdf("cover_residue"), pdf)
    out = tmp_path / "cl.xlsx"
    code = run_cli(["check", str(pdf), "--checklist", str(out), "--no-session", "-q"])
    assert code in (0, 1) and out.exists()
    ws = openpyxl.load_workbook(out).active
    assert _rows(ws)["封面"][0] == "否"
    bad = tmp_path / "bad.toml"
    bad.write_text("[form]\n", encoding="utf-8")
    code = run_cli(["check", str(pdf), "--checklist", str(out), "--checklist-template", str(bad)])
    assert code == 2 and "检查表模板" in capsys.readouterr().err


def test_batch_writes_one_form_per_pdf_and_a_summary(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(clean_pdf(), src / "a.pdf")
    shutil.copy(defect_pdf("blank_page"), src / "b.pdf")
    out = tmp_path / "out"
    summary = tmp_path / "汇总.xlsx"
    run_cli(["check", str(src), "--out-dir", str(out), "--checklist", str(summary), "--no-session"])
    assert (out / "a.checklist.xlsx").exists() and (out / "b.checklist.xlsx").exists()
    ws = openpyxl.load_workbook(summary).active
    head = [c.value for c in ws[1]]
    assert head[:5] == ["文件", "部门/单位", "年度", "类型", "不符合行数"] and "目录" in head
    files = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert set(files) == {"a.pdf", "b.pdf"}
    toc = head.index("目录") + 1
    assert ws.cell(files["a.pdf"], toc).value == "是" and ws.cell(files["b.pdf"], toc).value == "否"


def test_summary_of_nothing(tmp_path):
    write_summary([], str(tmp_path / "s.xlsx"))
    assert openpyxl.load_workbook(tmp_path / "s.xlsx").active["A1"].value == "文件"


def test_working_paper_has_the_same_checklist_as_the_cli(tmp_path):
    """The working paper's 公开情况检查表 of a real disclosure: the same 是/否 per row as
    `--checklist` writes, under the workbook's header block and print rules."""
    from tests.conftest import REAL_PDFS

    src = REAL_PDFS / "putuo_justice_2026_dept_budget.pdf"
    if not src.is_file():
        pytest.skip(f"real disclosure not at {REAL_PDFS}")
    pdf = tmp_path / src.name
    shutil.copy(src, pdf)
    wp, cl = tmp_path / "wp.xlsx", tmp_path / "cl.xlsx"
    code = run_cli(["check", str(pdf), "--xlsx", str(wp), "--checklist", str(cl), "--no-session", "-q"])
    assert code in (0, 1)
    form = openpyxl.load_workbook(cl)["公开情况检查表"]
    book = openpyxl.load_workbook(wp)
    assert book.sheetnames[:3] == ["封面", "问题清单", "公开情况检查表"]
    ws = book["公开情况检查表"]
    mine = {name: v[:2] for name, v in _rows(form).items()}
    theirs = {ws.cell(r, 2).value: (ws.cell(r, 4).value, ws.cell(r, 5).value) for r in range(7, ws.max_row + 1)
              if ws.cell(r, 4).value in ("是", "否")}
    assert {k: v for k, v in mine.items() if v[0] in ("是", "否")} == theirs
    assert theirs["目录"][0] == "否" and theirs["封面"][0] == "是"
    # this workbook's conventions: header block, heading row repeated, A4 ≥ 80 %, fonts named
    assert ws["A2"].value.startswith("被审计单位：") and ws["A3"].value.startswith("编制人员及日期：")
    assert (ws["D6"].value, ws["E6"].value) == ("符合要求", "问题截图") and ws.print_title_rows == "$6:$6"
    assert int(ws.page_setup.paperSize) == 9 and int(ws.page_setup.scale) >= 80
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and ws.oddFooter.right.text == "第 &P 页 共 &N 页"
    assert all(c.font.name == "等线" and c.font.sz >= 10 for row in ws.iter_rows() for c in row if c.value is not None)
    assert len(ws._images) >= sum(v[0] == "否" for v in theirs.values())
    cover_links = [c.hyperlink.location for row in book["封面"].iter_rows() for c in row if c.hyperlink]
    assert "'公开情况检查表'!A1" in cover_links
