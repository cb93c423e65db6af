"""Write a filled 公开情况检查表 to Excel in its template's layout, with a crop of the page for
every problem in the 问题截图 column (like the forms reviewers fill by hand).

No Qt. `write_checklist` makes the stand-alone file (`auditdesk check --checklist`);
`add_checklist_sheet` adds the same sheet to another workbook (the working paper);
`write_summary` is the batch sheet (one row per department, one column per checklist row).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image as _XlImage
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
from openpyxl.drawing.xdr import XDRPositiveSize2D
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils.units import pixels_to_EMU
from openpyxl.worksheet.hyperlink import Hyperlink

from auditdesk.checks.checklist import FilledChecklist, Problem
from auditdesk.checks.vocabulary import VERDICT_FILL, VERDICT_NO, VERDICT_YES, hex_argb

SHEET = "公开情况检查表"
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
NO_FILL = PatternFill("solid", fgColor=hex_argb(VERDICT_FILL[VERDICT_NO]))
YES_FILL = PatternFill("solid", fgColor=hex_argb(VERDICT_FILL[VERDICT_YES]))
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
CROP_WIDTH_PX = 900  # the 问题截图 column is this wide; crops are shown at most this wide
COL_E_CHARS = 128
ZOOM = 1.6  # ≈115 dpi: 12 pt text is ~19 px high, readable when zoomed in Excel
MAX_ROW_PT = 400.0  # Excel's row height limit is 409 pt


class _Png(_XlImage):
    """An openpyxl image from PNG bytes we rendered ourselves (no Pillow round trip)."""

    def __init__(self, data: bytes, width: int, height: int) -> None:  # noqa: D401 - no super(): it opens Pillow
        self._bytes = data
        self.ref = None
        self.width, self.height = width, height
        self.format = "png"
        self.anchor = "A1"

    def _data(self) -> bytes:
        return self._bytes


@dataclass
class Crop:
    png: bytes
    width: int  # px as rendered
    height: int


class Cropper:
    """Crops of page regions, one display list per page (rendering a clip reuses it). A
    disclosure read from several PDFs maps its page numbers back to each file's own."""

    def __init__(self, sources: str | list[tuple[str, int, int]] | None) -> None:
        if isinstance(sources, str):
            sources = [(sources, 1, 10**6)]
        self.sources = list(sources or [])
        self._pdfs: dict[str, object] = {}
        self._lists: dict[int, tuple] = {}

    def close(self) -> None:
        for pdf in self._pdfs.values():
            if pdf is not None:
                pdf.close()
        self._pdfs.clear()
        self._lists.clear()

    def _page(self, page: int):
        """(PyMuPDF page, its display list) for a document page number, or None."""
        if page in self._lists:
            return self._lists[page]
        hit = next(((p, page - first) for p, first, n in self.sources if first <= page < first + n), None)
        out = None
        if hit is not None:
            path, index = hit
            if path not in self._pdfs:
                self._pdfs[path] = _open(path)
            pdf = self._pdfs[path]
            if pdf is not None and 0 <= index < pdf.page_count:
                try:
                    pg = pdf[index]
                    out = (pg, pg.get_displaylist())
                except Exception:  # a damaged page (e.g. a false page count): no crop, never an error
                    out = None
        self._lists[page] = out
        return out


    def crop(self, page: int | None, bbox, mark=None) -> Crop | None:
        """The page region around `mark` (else `bbox`), `mark` boxed in red; a whole-page
        thumbnail for a whole-page problem (a blank page). None when the page cannot be
        rendered: a damaged PDF (e.g. a false page count) costs the crop, never the form."""
        try:
            return self._crop(page, bbox, mark)
        except Exception:
            return None

    def _crop(self, page: int | None, bbox, mark=None) -> Crop | None:
        got = self._page(page) if page is not None else None
        if got is None:
            return None
        import pymupdf

        pg, dl = got
        rect = pg.rect
        target = mark or bbox
        if target is None or (target[2] - target[0] >= rect.width * 0.9 and target[3] - target[1] >= rect.height * 0.9):
            zoom = 300 / max(rect.width, 1)
            pix = dl.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=rect, alpha=False)
            return Crop(pix.tobytes("png"), pix.width, pix.height)
        box = pymupdf.Rect(target)
        if pg.rotation:
            box = box * pg.derotation_matrix
        line_h = max(box.height, 10.0)
        if mark is not None:
            # a window of text around the marked words: the line above and below, ~560 pt wide
            cx = (box.x0 + box.x1) / 2
            half = max(box.width / 2 + 30, 280.0)
            clip = pymupdf.Rect(cx - half, box.y0 - 1.6 * line_h, cx + half, box.y1 + 1.6 * line_h)
        else:
            cx = (box.x0 + box.x1) / 2
            half = min(max(box.width / 2 + 24, 220.0), 420.0)
            clip = pymupdf.Rect(cx - half, box.y0 - 8, cx + half, min(box.y1, box.y0 + 160) + 8)
        if clip.x0 < rect.x0:
            clip.x1, clip.x0 = clip.x1 + (rect.x0 - clip.x0), rect.x0
        if clip.x1 > rect.x1:
            clip.x0, clip.x1 = max(rect.x0, clip.x0 - (clip.x1 - rect.x1)), rect.x1
        clip &= rect
        if clip.is_empty:
            return None
        zoom = min(ZOOM, CROP_WIDTH_PX / max(clip.width, 1))
        zoom = max(zoom, 1.1)
        pix = dl.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=clip, alpha=False)
        if mark is not None:
            _red_box(pix, box, clip, zoom)
        return Crop(pix.tobytes("png"), pix.width, pix.height)


def _open(path: str):
    if not path or not os.path.isfile(path):
        return None
    try:
        import pymupdf

        pdf = pymupdf.open(path)
        if pdf.needs_pass:  # the form is written without crops
            pdf.close()
            return None
        return pdf
    except Exception:  # an unreadable file: the form is written without crops
        return None


def _red_box(pix, box, clip, zoom: float) -> None:
    """A 3 px red frame around `box` (page coordinates) in a pixmap rendered from `clip`."""
    import pymupdf

    x0 = int((box.x0 - clip.x0) * zoom) - 4
    y0 = int((box.y0 - clip.y0) * zoom) - 3
    x1 = int((box.x1 - clip.x0) * zoom) + 4
    y1 = int((box.y1 - clip.y0) * zoom) + 3
    x0, y0 = max(x0, 0), max(y0, 0)
    x1, y1 = min(x1, pix.width - 1), min(y1, pix.height - 1)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return
    red = (230, 40, 40)
    ox, oy = pix.x, pix.y  # a clipped pixmap keeps the clip's origin
    for r in ((x0, y0, x1, y0 + 3), (x0, y1 - 3, x1, y1), (x0, y0, x0 + 3, y1), (x1 - 3, y0, x1, y1)):
        pix.set_rect(pymupdf.IRect(r[0] + ox, r[1] + oy, r[2] + ox, r[3] + oy), red)


def _verdict_fill(verdict: str | None, filled: FilledChecklist) -> PatternFill | None:
    if verdict == filled.template.no:
        return NO_FILL
    if verdict == filled.template.yes:
        return YES_FILL
    return None


def _problem_text(problems: list[Problem]) -> str:
    if len(problems) == 1:
        return problems[0].text
    return "\n".join(f"{i}.{p.text}" for i, p in enumerate(problems, 1))


def add_checklist_sheet(wb: Workbook, filled: FilledChecklist, pdf_path: str | None = None, title: str = SHEET,
                        cropper: Cropper | None = None):
    """Add the filled form as sheet `title` of `wb`; returns the sheet."""
    ws = wb.create_sheet(title[:31])
    tpl = filled.template
    own = cropper is None
    cropper = cropper or Cropper(pdf_path if pdf_path is not None else filled.sources)
    try:
        _fill_sheet(ws, filled, cropper)
    finally:
        if own:
            cropper.close()
    return ws


def _display_width(text: str) -> int:
    # a CJK character takes two width units, as in the column widths
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _fill_sheet(ws, filled: FilledChecklist, cropper: Cropper, head_row: int = 5, own_title: bool = True,
                widths: tuple[float, ...] = (11.8, 18.7, 60.8, 10.3, COL_E_CHARS),
                crop_px: int = CROP_WIDTH_PX, link_col: int = 5) -> int:
    """The form from `head_row` (its column headings) down; rows 1–4 are the form's title,
    名称 and 网址 when `own_title` (the stand-alone file), else the caller's (the working
    paper's header block). A row's link to its first crop sits in column `link_col`
    (LibreOffice prints a linked cell as one unwrapped line, so a printed form links the
    short row name, not the problem text). Returns the last row written."""
    tpl = filled.template
    e_chars = widths[4]
    for col, width in zip("ABCDE", widths):
        ws.column_dimensions[col].width = width
    if own_title:
        ws.merge_cells("A1:E1")
        ws["A1"] = filled.title
        ws["A1"].font = Font(bold=True, size=14)
        ws["A1"].alignment = CENTER
        ws.row_dimensions[1].height = 24
        ws.merge_cells("A3:D3")
        ws["A3"] = f"{tpl.name_label}: {filled.department or ''}"
        ws.merge_cells("A4:E4")
        ws["A4"] = f"{tpl.url_label}："
    h = head_row
    ws.merge_cells(f"A{h}:C{h}")
    ws[f"A{h}"] = tpl.heading.format(year=filled.year or "", region=tpl.region)
    ws[f"D{h}"] = tpl.verdict_header
    ws[f"E{h}"] = tpl.problem_header
    for c in "ABCDE":
        cell = ws[f"{c}{h}"]
        cell.font = Font(bold=True)
        cell.alignment = CENTER
        cell.fill = HEAD_FILL
        cell.border = BOX
    head_lines = -(-_display_width(ws[f"A{h}"].value) // max(1, int(sum(widths[:3]) - 2)))
    ws.row_dimensions[h].height = max(15.0, 14.5 * head_lines + 4)
    first = h + 1
    r = first
    group_start: tuple[str, int] | None = None
    rows_at: dict[str, int] = {}
    for res in filled.rows:
        rows_at[res.row.id] = r
        ws.cell(r, 1, res.row.group)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=3)
        ws.cell(r, 2, res.row.name)
        d = ws.cell(r, 4, res.verdict or "")
        d.alignment = CENTER
        fill = _verdict_fill(res.verdict, filled)
        if fill is not None:
            d.fill = fill
        if res.override is not None:
            d.comment = Comment(f"审核人改判为“{res.override[0]}”（自动判定：{res.auto or '未判定'}）"
                                + (f"：{res.override[1]}" if res.override[1] else ""), "AuditDesk")
        e = ws.cell(r, 5, _problem_text(res.problems) if res.problems else "")
        e.alignment = WRAP
        lines = sum(max(1, -(-_display_width(p.text) // int(e_chars - 4))) for p in res.problems)
        ws.row_dimensions[r].height = min(MAX_ROW_PT, max(13.75, 14.5 * lines + 2))
        for c in range(1, 6):
            ws.cell(r, c).border = BOX
            if c < 4:
                ws.cell(r, c).alignment = Alignment(vertical="center", wrap_text=True)
        # 及时性 / 内容规范性: one merged cell per run of the same group
        if group_start is None or group_start[0] != res.row.group:
            _merge_group(ws, group_start, r - 1)
            group_start = (res.row.group, r)
        r += 1
    _merge_group(ws, group_start, r - 1)
    last = r - 1
    if filled.unfiled:
        r += 1
        ws.cell(r, 1, "其他问题（未归入上表任何一行）").font = Font(bold=True)
        for p in filled.unfiled:
            r += 1
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=5)
            ws.cell(r, 2, p.text).alignment = WRAP
    r += 1
    ws.cell(r, 1, f"检查对象：{os.path.basename(filled.file)}；“{tpl.verdict_header}”由 AuditDesk 按检查结果判定，"
                  f"{'、'.join(x.row.name for x in filled.rows if x.row.manual) or '无'}须人工判断。")
    ws.cell(r, 1).font = Font(italic=True, color="808080")
    # evidence: one row per problem, its crop in the 问题截图 column (E)
    r += 2
    ws.cell(r, 1, "问题截图").font = Font(bold=True, size=12)
    ev_head = r
    for res in filled.rows:
        n = 0
        for k, p in enumerate(res.problems, 1):
            crop = cropper.crop(p.page, p.bbox, p.mark)
            if crop is None:
                continue
            r += 1
            n += 1
            if n == 1:
                link = ws.cell(rows_at[res.row.id], link_col)
                link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{ws.title}'!E{r}", tooltip="查看问题截图")
            ws.cell(r, 1, res.row.name if n == 1 else "")
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
            ws.cell(r, 2, f"{k}. {p.text}").alignment = WRAP
            text_lines = -(-_display_width(f"{k}. {p.text}") // max(1, int(sum(widths[1:4]) - 4)))
            ws.row_dimensions[r].height = min(MAX_ROW_PT, 14.5 * text_lines + 4)
            _put_image(ws, crop, r, crop_px)
    if r == ev_head:
        ws.cell(ev_head, 2, "（没有需要截图的问题）")
    ws.freeze_panes = ws.cell(first, 1)
    ws.print_area = f"A1:E{max(last, r)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    return max(last, r)


def _merge_group(ws, start: tuple[str, int] | None, end: int) -> None:
    if start is None or end <= start[1]:
        return
    ws.merge_cells(start_row=start[1], start_column=1, end_row=end, end_column=1)
    ws.cell(start[1], 1).alignment = Alignment(vertical="center", horizontal="center", wrap_text=True)


def _put_image(ws, crop: Crop, row: int, crop_px: int = CROP_WIDTH_PX) -> None:
    scale = min(1.0, crop_px / crop.width, (MAX_ROW_PT * 96 / 72) / crop.height)
    w, h = int(crop.width * scale), int(crop.height * scale)
    img = _Png(crop.png, w, h)
    marker = AnchorMarker(col=4, colOff=pixels_to_EMU(2), row=row - 1, rowOff=pixels_to_EMU(2))
    img.anchor = OneCellAnchor(_from=marker, ext=XDRPositiveSize2D(pixels_to_EMU(w), pixels_to_EMU(h)))
    ws.add_image(img)
    ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 15, h * 72 / 96 + 4)


def write_checklist(filled: FilledChecklist, path: str, pdf_path: str | None = None) -> None:
    """The stand-alone filled form (`--checklist OUT.xlsx`)."""
    wb = Workbook()
    wb.remove(wb.active)
    add_checklist_sheet(wb, filled, pdf_path)
    wb.save(path)


def write_summary(forms: list[FilledChecklist], path: str) -> None:
    """Batch: one row per department, one column per checklist row (是/否), problems counted."""
    wb = Workbook()
    ws = wb.active
    ws.title = "检查表汇总"
    rows: list[tuple[str, str]] = []  # (row id, name) in first-seen order over all templates
    for f in forms:
        for res in f.rows:
            if (res.row.id, res.row.name) not in rows:
                rows.append((res.row.id, res.row.name))
    head = ["文件", "部门/单位", "年度", "类型", "不符合行数"] + [name for _id, name in rows]
    ws.append(head)
    for c in ws[1]:
        c.font = Font(bold=True)
        c.alignment = CENTER
        c.fill = HEAD_FILL
    for f in forms:
        by = {(res.row.id, res.row.name): res for res in f.rows}
        cells = [os.path.basename(f.file), f.department or "", f.year or "", f.kind or "",
                 sum(1 for res in f.rows if res.verdict == f.template.no)]
        ws.append(cells + [(by[k].verdict or "") if k in by else "—" for k in rows])
        r = ws.max_row
        for j, k in enumerate(rows, 6):
            res = by.get(k)
            if res is None:
                continue
            cell = ws.cell(r, j)
            cell.alignment = CENTER
            fill = _verdict_fill(res.verdict, f)
            if fill is not None:
                cell.fill = fill
            if res.problems:
                cell.comment = Comment(_problem_text(res.problems)[:1500], "AuditDesk")
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 28
    for j in range(6, 6 + len(rows)):
        ws.column_dimensions[ws.cell(1, j).column_letter].width = 12
    ws.row_dimensions[1].height = 60
    ws.freeze_panes = "F2"
    wb.save(path)


def checklist_for(doc, report, session=None, template_path: str | None = None) -> FilledChecklist:
    """Fill the form for `doc` with the auditor's finding statuses and 是/否 overrides from
    `session` (a ReviewSession or None). `template_path`: an office's own template file."""
    from auditdesk.checks.checklist import fill
    from auditdesk.checks.checklist_template import load_template

    template = load_template(template_path) if template_path else None
    statuses = {}
    overrides = {}
    if session is not None:
        for key, st in (getattr(session, "statuses", None) or {}).items():
            statuses[key] = getattr(st, "status", st)
        overrides = dict(getattr(session, "checklist_overrides", None) or {})
    return fill(doc, report, template, statuses, overrides)
