"""A small hand-built disclosure for GUI tests: a real 2-page PDF drawn with PyMuPDF and the
matching `Document` (cells with page + bbox), plus a tiny fake check function.

Used until/besides the real extractor: the window is given `extract_fn=lambda p, progress: doc`.
"""
from __future__ import annotations

from decimal import Decimal

import pymupdf

from auditdesk.checks.finding import ERROR, INFO, CheckReport, Coverage, Finding, Location
from auditdesk.parsing.model import DATA, TOTAL, Cell, Document, Row, Sentence, Table, union_bbox

X0 = 40.0
WIDTHS = [72.0, 175.0, 96.0, 96.0, 96.0]
ROW_H = 20.0
FONT = "china-s"

T01_ROWS = [
    ("", "合计", "356.13", "300.00", "56.13", TOTAL),
    ("206", "科学技术支出", "300.00", "260.00", "40.00", DATA),
    ("20601", "科学技术管理事务", "300.00", "260.00", "40.00", DATA),
    ("2060101", "行政运行", "260.00", "260.00", "", DATA),
    ("2060199", "其他科学技术管理事务支出", "40.00", "", "40.00", DATA),
    ("208", "社会保障和就业支出", "35.13", "35.13", "", DATA),
    ("20805", "行政事业单位养老支出", "35.13", "35.13", "", DATA),
    ("221", "住房保障支出", "21.00", "4.87", "16.13", DATA),
    ("22102", "住房改革支出", "21.00", "4.87", "16.13", DATA),
]
T02_ROWS = [
    ("", "合计", "1,312.40", "1,012.40", "300.00", TOTAL),
    ("206", "科学技术支出", "1,250.00", "950.00", "300.00", DATA),
    ("20604", "技术研究与开发", "1,250.00", "950.00", "300.00", DATA),
    ("2060401", "机构运行", "950.00", "950.00", "", DATA),
    ("2060499", "其他技术研究与开发支出", "300.00", "", "300.00", DATA),
    ("208", "社会保障和就业支出", "62.40", "62.40", "", DATA),
]
NARRATIVE = [
    "2024年度一般公共预算财政拨款支出1,312.40万元，占本年支出合计的100%。",
    "其中：科学技术支出1,250.00万元，主要用于技术研究与开发。",
]


def _runs(text: str) -> list[tuple[str, str]]:
    """Split into (font, run): Latin digits/punctuation in Helvetica, the rest in the CJK font."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        font = "helv" if ord(ch) < 128 else FONT
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs


_FONTS: dict[str, pymupdf.Font] = {}


def text_width(text: str, size: float) -> float:
    total = 0.0
    for font, run in _runs(text):
        f = _FONTS.setdefault(font, pymupdf.Font(font))
        total += f.text_length(run, fontsize=size)
    return total


def _text(page: pymupdf.Page, rect: pymupdf.Rect, text: str, size: float = 9.0, align: str = "left") -> None:
    if not text:
        return
    width = text_width(text, size)
    if align == "right":
        x = rect.x1 - 4 - width
    elif align == "center":
        x = (rect.x0 + rect.x1 - width) / 2
    else:
        x = rect.x0 + 4
    y = (rect.y0 + rect.y1) / 2 + size * 0.36
    for font, run in _runs(text):
        page.insert_text((x, y), run, fontname=font, fontsize=size)
        x += _FONTS.setdefault(font, pymupdf.Font(font)).text_length(run, fontsize=size)


def _draw_table(page: pymupdf.Page, pno: int, tid: str, title: str, label: str, header2: bool,
                rows: list[tuple], top: float) -> Table:
    width = sum(WIDTHS)
    _text(page, pymupdf.Rect(X0, top, X0 + width, top + 26), title, 15, "center")
    _text(page, pymupdf.Rect(X0, top + 28, X0 + width, top + 42), label, 9, "right")
    _text(page, pymupdf.Rect(X0, top + 42, X0 + width, top + 56), "金额单位：万元", 9, "right")
    y = top + 58
    xs = [X0]
    for w in WIDTHS:
        xs.append(xs[-1] + w)
    # two header rows
    hy0, hy1, hy2 = y, y + ROW_H, y + 2 * ROW_H
    shape = page.new_shape()
    _text(page, pymupdf.Rect(xs[0], hy0, xs[2], hy1), "项目", 9, "center")
    _text(page, pymupdf.Rect(xs[0], hy1, xs[1], hy2), "科目编码", 9, "center")
    _text(page, pymupdf.Rect(xs[1], hy1, xs[2], hy2), "科目名称", 9, "center")
    if header2:
        _text(page, pymupdf.Rect(xs[2], hy0, xs[5], hy1), "本年支出", 9, "center")
        names = ["合计", "基本支出", "项目支出"]
        for j, n in enumerate(names):
            _text(page, pymupdf.Rect(xs[2 + j], hy1, xs[3 + j], hy2), n, 9, "center")
        paths = [("项目", "科目编码"), ("项目", "科目名称"), ("本年支出", "合计"), ("本年支出", "基本支出"),
                 ("本年支出", "项目支出")]
        columns = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
    else:
        names = ["本年支出合计", "基本支出", "项目支出"]
        for j, n in enumerate(names):
            _text(page, pymupdf.Rect(xs[2 + j], hy0, xs[3 + j], hy2), n, 9, "center")
        paths = [("项目", "科目编码"), ("项目", "科目名称"), ("本年支出合计",), ("基本支出",), ("项目支出",)]
        columns = ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"]
    shape.draw_line((xs[0], hy1), (xs[2], hy1))
    y = hy2
    out_rows = []
    for code, name, total, basic, project, kind in rows:
        rect = [pymupdf.Rect(xs[j], y, xs[j + 1], y + ROW_H) for j in range(5)]
        texts = [code, name, total, basic, project]
        for j, t in enumerate(texts):
            _text(page, rect[j], t, 9, "right" if j >= 2 else ("center" if name == "合计" and j == 1 else "left"))
        cells = [Cell.of(t, pno, tuple(rect[j])) for j, t in enumerate(texts)]
        out_rows.append(Row(cells=cells, page=pno, bbox=(xs[0], y, xs[-1], y + ROW_H), kind=kind,
                            label=name, code=code or None, level={3: 1, 5: 2, 7: 3}.get(len(code))))
        y += ROW_H
    from_top = {0, 2, 5} if header2 else {0, 2, 3, 4, 5}
    for j, x in enumerate(xs):
        shape.draw_line((x, hy0 if j in from_top else hy1), (x, y))
    if header2:
        shape.draw_line((xs[2], hy1), (xs[5], hy1))
    ry = hy2
    for _ in rows:
        shape.draw_line((xs[0], ry), (xs[-1], ry))
        ry += ROW_H
    shape.draw_rect(pymupdf.Rect(xs[0], hy0, xs[-1], y))
    shape.finish(color=(0, 0, 0), width=0.6)
    shape.commit()
    return Table(id=tid, title=title, label=label, unit="万元", pages=[pno],
                 header=[["项目", "", "本年支出" if header2 else "本年支出合计", "", ""],
                         ["科目编码", "科目名称", *names]],
                 columns=columns, rows=out_rows, column_paths=paths,
                 bbox={pno: (xs[0], hy0, xs[-1], y)},
                 column_x={pno: [(xs[j], xs[j + 1]) for j in range(5)]})


def build_sample(pdf_path: str, planted: bool = False) -> Document:
    """Write the 2-page PDF to `pdf_path` and return its Document. `planted` adds an error:
    T01 row 20601 prints 本年支出合计 301.00 (≠ 260.00 + 40.00)."""
    rows1 = list(T01_ROWS)
    if planted:
        code, name, _total, basic, project, kind = rows1[2]
        rows1[2] = (code, name, "301.00", basic, project, kind)
    pdf = pymupdf.open()
    p1 = pdf.new_page(width=595, height=842)
    t1 = _draw_table(p1, 1, "T01", "支出决算表", "公开03表", False, rows1, 50)
    p2 = pdf.new_page(width=595, height=842)
    t2 = _draw_table(p2, 2, "T02", "一般公共预算财政拨款支出决算表", "公开05表", True, T02_ROWS, 50)
    sentences = []
    y = 50 + 58 + 2 * ROW_H + len(T02_ROWS) * ROW_H + 30
    _text(p2, pymupdf.Rect(X0, y, X0 + 400, y + 18), "三、一般公共预算财政拨款支出决算情况说明", 11)
    y += 24
    for i, s in enumerate(NARRATIVE):
        rect = pymupdf.Rect(X0 + 18, y, X0 + 18 + text_width(s, 10) + 8, y + 18)
        _text(p2, rect, s, 10)
        sentences.append(Sentence(index=i, page=2, bbox=tuple(rect), text=s,
                                  section="三、一般公共预算财政拨款支出决算情况说明"))
        y += 20
    pdf.save(pdf_path)
    pdf.close()
    return Document(path=str(pdf_path), sha256="0" * 64, pages=2, department="某某科学技术研究院",
                    year=2024, kind="部门决算", tables=[t1, t2], narrative=sentences,
                    page_sizes=[(595.0, 842.0), (595.0, 842.0)])


def _amount(cell: Cell) -> Decimal:
    return cell.value if cell.value is not None else Decimal(0)


def fake_check(doc: Document, config=None, progress=None) -> CheckReport:
    """Row check 合计 = 基本支出 + 项目支出 on both tables (rule A8 / A13), plus a narrative tie-out
    (C1: the first sentence's amount = T02 合计)."""
    findings: list[Finding] = []
    for t in doc.tables:
        rule = "A8" if t.id == "T01" else "A13"
        ci, bi, pi = 2, 3, 4
        for r, row in enumerate(t.rows):
            total, basic, project = row.cells[ci], row.cells[bi], row.cells[pi]
            expected = _amount(basic) + _amount(project)
            if total.value is None:
                continue
            diff = total.value - expected
            if diff:
                sev = INFO if abs(diff) <= Decimal("0.02") else ERROR
                findings.append(Finding(
                    rule=rule, severity=sev,
                    message=f"{t.columns[ci]} ≠ 基本支出 + 项目支出（{total.text} ≠ {basic.text or 0} + "
                            f"{project.text or 0} = {expected:,.2f}）",
                    location=Location(table=t.id, row=r, column=t.columns[ci], page=row.page, bbox=total.bbox,
                                      row_label=row.label),
                    expected=expected, actual=total.value, difference=diff,
                    related=(Location(table=t.id, row=r, column="基本支出", page=row.page, bbox=basic.bbox,
                                      row_label=row.label),
                             Location(table=t.id, row=r, column="项目支出", page=row.page, bbox=project.bbox,
                                      row_label=row.label))))
    t2 = doc.table_by_id("T02")
    if t2 is not None and doc.narrative:
        s = doc.narrative[0]
        total = t2.rows[0].cells[2]
        if total.value is not None and "1,312.40" not in s.text.replace(f"{total.value:,.2f}", "1,312.40"):
            pass
        if total.value is not None and f"{total.value:,.2f}" not in s.text:
            findings.append(Finding(
                rule="C1", severity=ERROR,
                message=f"情况说明金额与表不符：说明 1,312.40 ≠ 表 {total.value:,.2f}",
                location=Location(narrative=0, page=s.page, bbox=s.bbox, text=s.text),
                expected=total.value, actual=Decimal("1312.40"), difference=Decimal("1312.40") - total.value,
                related=(Location(table="T02", row=0, column="合计", page=2, bbox=total.bbox, row_label="合计"),)))
    for i, f in enumerate(findings):
        object.__setattr__(f, "id", f"F{i + 1:04d}")
    return CheckReport(findings=findings, coverage=[Coverage("A8", "ran"), Coverage("A13", "ran")])
