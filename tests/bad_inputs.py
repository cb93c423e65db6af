"""A generated corpus of hostile and huge inputs (issue 9), built once per test session.

    from tests.bad_inputs import build_corpus, CASES
    corpus = build_corpus(folder)            # {name: BadInput}

Every case is a file an auditor might be sent.  `expect` says what the product must do:

* ``"unusable"`` — one clear Chinese sentence (CLI: one stderr line, exit 2);
  ``words`` are fragments that sentence must contain;
* ``"usable"``   — a normal result (exit 0 or 1, tables found).

Beside every PDF lies a saved review session (``FILE.pdf.auditdesk.json``) whose bytes
`session_bytes` must be unchanged after the product looked at the file.  For usable
files it is a real session (an edit + an annotation saved with `ReviewSession`); for
unusable ones a plausible file saved when the PDF was still good.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from tests.fixtures import load_seed, render_pdf
from tests.fixtures.spec import DocSpec, TableSpec

SESSION_SUFFIX = ".auditdesk.json"
FORMULA_TEXTS = ["=EVIL()+1", "+EVIL1", "-EVIL2", "@EVIL3", "=cmd|' /C calc'!A0"]
GARBAGE_AMOUNTS = ["abc", "1,2,3", "12.3.4", "#REF!", "NaN", "Infinity", "1e999", "１２,３４", "¥¥5", "(((3)))", "0x1F", "--5"]
ODD_TEXTS = [
    "科学\u200b技术支出",  # zero-width space
    "行政\u200d运行\ufeff",  # zero-width joiner, BOM
    "\u202e出支他其",  # RTL override
    "مرحبا 支出",  # Arabic (RTL)
    "שלום 支出",  # Hebrew (RTL)
    "机构运行😀🧾",  # emoji (astral plane)
    "e\u0301\u0301\u0301项目",  # stacked combining marks
]


@dataclass
class BadInput:
    name: str
    path: Path
    expect: str  # "unusable" | "usable"
    words: tuple[str, ...] = ()  # fragments of the one sentence (unusable)
    password: str | None = None
    session: Path | None = None
    session_bytes: bytes = b""
    slow: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.name


# name → (expect, words); the order is the order of the parametrised tests
CASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "missing": ("unusable", ("找不到文件",)),
    "zero_bytes": ("unusable", ("空的",)),
    "truncated_half": ("unusable", ("不完整",)),
    "truncated_tail": ("unusable", ("不完整",)),
    "random_bytes": ("unusable", ("不是 PDF",)),
    "html_as_pdf": ("unusable", ("网页",)),
    "no_pages": ("unusable", ("没有任何页面",)),
    "encrypted_owner_only": ("usable", ()),
    "encrypted_user_pw": ("unusable", ("加密", "--password")),
    "encrypted_user_pw_wrong": ("unusable", ("密码不正确",)),
    "encrypted_user_pw_given": ("usable", ()),
    "english_letter": ("unusable", ("不像是",)),
    "image_only": ("unusable", ("没有文字层", "OCR")),
    "pages_1000": ("usable", ()),
    "pages_3001": ("unusable", ("3001", "上限")),
    "garbage_amounts": ("usable", ()),
    "odd_unicode": ("usable", ()),
    "wide_table": ("usable", ()),
    "formula_text": ("usable", ()),
    "false_page_count": ("usable", ()),  # issue 19: a /Count that lies is repaired, not an internal error
    # the working paper printed to PDF (its tables restate the disclosure's): refused, not read
    # as a disclosure whose columns all disagree
    "working_paper": ("unusable", ("审计工作底稿",)),
}
PASSWORD = "审计2024pw"


def _seed_spec() -> DocSpec:
    return load_seed(0)


def _name_cells(spec: DocSpec, title: str, texts: list[str], col: int = 1) -> None:
    t = spec.table(title)
    body = [r for r in t.rows if r[0].strip().isdigit()]
    for row, text in zip(body, texts):
        row[col] = text


def _wide_spec() -> DocSpec:
    spec = _seed_spec()
    n = 32
    header = [["科目代码", "科目名称"] + [f"经费{i}" for i in range(1, n - 1)]]
    rows = [["合计", ""] + [f"{(i + 1) * 11:.2f}" for i in range(n - 2)]]
    for k, (code, name) in enumerate([("201", "一般公共服务支出"), ("20101", "人大事务"), ("2010101", "行政运行")]):
        rows.append([code, name] + [f"{(i + 1) * 11 / (1 if k == 0 else 2):.2f}" for i in range(n - 2)])
    spec.tables.append(TableSpec(title="项目支出分经费决算明细表", label="公开11表", header=header, rows=rows))
    return spec


def _write_pdf_text(path: Path, text: str) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_textbox(pymupdf.Rect(72, 72, 523, 770), text, fontsize=11)
    doc.save(path)
    doc.close()


LETTER = """Dear Ms. Wang,

Thank you for your letter of 3 March. Please find enclosed the minutes of our meeting
and the travel schedule for the delegation. We look forward to seeing you in Shanghai.

Yours sincerely,
John Smith
"""


def _fake_session(pdf: Path, sha: str) -> bytes:
    """A session saved while the PDF was still good (an edit + an annotation + a status)."""
    data = {
        "schema": "auditdesk-session/1",
        "pdf": {"file": pdf.name, "path": str(pdf.resolve()), "sha256": sha},
        "created": "2025-03-01T09:00:00",
        "saved_at": "2025-03-01T10:15:00",
        "app_version": "0.1.0",
        "header": {}, "preparer": {"name": "张三", "date": "2025-03-01"}, "reviewer": {},
        "sign_off": None, "tick_legend": [],
        "edits": [{"anchor": {"kind": "cell", "table_title": "收入支出决算总表", "table_id": "T01",
                              "row": 3, "col": 2, "row_label": "一般公共预算财政拨款收入", "column": "金额"},
                   "old": "532.53", "new": "533.53", "who": "张三", "when": "2025-03-01T10:00:00"}],
        "annotations": [], "finding_status": {}, "log": [],
    }
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def _real_session(pdf: Path, password: str | None = None) -> bytes:
    """Open the PDF, make an edit and an annotation, save the session; return its bytes."""
    from auditdesk.app.session import Anchor, ReviewSession
    from auditdesk.parsing.extract import open_disclosure

    doc = open_disclosure(pdf, password=password)
    s = ReviewSession(doc, pdf)
    t = doc.tables[0]
    r = next((i for i, row in enumerate(t.rows) if any(c.value is not None for c in row.cells)), 0)
    c = next((j for j, cell in enumerate(t.rows[r].cells) if cell.value is not None), 0)
    s.apply_edit(t.id, r, c, "999.99", "张三")
    s.add_annotation(Anchor.for_cell(doc, t.id, r, c), "已核对原始凭证", who="张三")
    saved = s.save(force=True)
    assert saved is not None and saved == Path(str(pdf) + SESSION_SUFFIX), saved
    return saved.read_bytes()


def _render(spec: DocSpec, path: Path) -> Path:
    render_pdf(spec, path)
    return path


def build_corpus(folder: Path, names: list[str] | None = None) -> dict[str, BadInput]:
    """Write every case (or `names`) into `folder`, each with a saved session beside it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    base = _render(_seed_spec(), folder / "_seed_source.pdf.src")  # not a .pdf: batch ignores it
    base_bytes = base.read_bytes()
    out: dict[str, BadInput] = {}
    for name in names or list(CASES):
        expect, words = CASES[name]
        path = folder / f"{name}.pdf"
        password = None
        real_session = expect == "usable"
        if name == "missing":
            out[name] = BadInput(name, path, expect, words)
            continue
        if name == "zero_bytes":
            path.write_bytes(b"")
        elif name == "truncated_half":
            path.write_bytes(base_bytes[: len(base_bytes) // 2])
        elif name == "truncated_tail":
            path.write_bytes(base_bytes[: int(len(base_bytes) * 0.9)])
        elif name == "random_bytes":
            path.write_bytes(random.Random(9).randbytes(64 * 1024))
        elif name == "html_as_pdf":
            path.write_bytes("<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
                             "<body><h1>404 页面不存在</h1></body></html>\n".encode())
        elif name == "no_pages":
            path.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                             b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
                             b"trailer<</Root 1 0 R>>\n%%EOF\n")
        elif name.startswith("encrypted"):
            src = pymupdf.open(base)
            owner_only = name == "encrypted_owner_only"
            src.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner-secret",
                     user_pw="" if owner_only else PASSWORD,
                     permissions=pymupdf.PDF_PERM_PRINT if owner_only else -1)
            src.close()
            if name == "encrypted_user_pw_given":
                password = PASSWORD
            elif name == "encrypted_user_pw_wrong":
                password = "wrong-password"
            real_session = expect == "usable"
        elif name == "working_paper":
            src = pymupdf.open(base)
            for pno, page in enumerate(src):  # a printed workbook's running head and foot
                page.insert_text((36, 24), f"被审计单位：某某单位　　索引号：T{pno + 1:02d}", fontname="china-s", fontsize=8)
                page.insert_text((36, page.rect.height - 16),
                                 f"编制：　　　　复核：　　　　第 {pno + 1} 页 共 {src.page_count} 页", fontname="china-s", fontsize=8)
            src.save(path)
            src.close()
        elif name == "english_letter":
            _write_pdf_text(path, LETTER)
        elif name == "image_only":
            src = pymupdf.open(base)
            img = pymupdf.open()
            for pno in range(min(3, src.page_count)):
                pix = src[pno].get_pixmap(dpi=72)
                page = img.new_page(width=src[pno].rect.width, height=src[pno].rect.height)
                page.insert_image(page.rect, pixmap=pix)
            img.save(path, deflate=True)
            img.close()
            src.close()
        elif name == "pages_1000":
            src = pymupdf.open(base)
            big = pymupdf.open()
            while big.page_count < 1000:
                big.insert_pdf(src, to_page=min(src.page_count, 1000 - big.page_count) - 1)
            big.save(path)
            big.close()
            src.close()
            real_session = False  # a real one would cost another full extraction
        elif name == "pages_3001":
            doc = pymupdf.open()
            for _ in range(3001):
                doc.new_page(width=200, height=200)
            doc.save(path)
            doc.close()
        elif name == "garbage_amounts":
            spec = _seed_spec()
            t = spec.table("一般公共预算财政拨款支出决算表")
            body = [r for r in t.rows if r[0].strip().isdigit()]
            for i, text in enumerate(GARBAGE_AMOUNTS):
                body[i % len(body)][2 + (i // len(body)) % 3] = text
            _render(spec, path)
        elif name == "odd_unicode":
            spec = _seed_spec()
            _name_cells(spec, "一般公共预算财政拨款支出决算表", ODD_TEXTS)
            t = spec.table("支出决算表")
            body = [r for r in t.rows if r[0].strip().isdigit()]
            body[0][2] = "\u200b" + body[0][2]  # zero-width char inside an amount
            spec.narrative.append("本年度😀支出\u200b情况：مرحبا，שלום。")
            _render(spec, path)
        elif name == "wide_table":
            _render(_wide_spec(), path)
        elif name == "formula_text":
            spec = _seed_spec()
            _name_cells(spec, "一般公共预算财政拨款支出决算表", FORMULA_TEXTS)
            spec.narrative.insert(1, "=EVIL()+2 这是一句以等号开头的说明。")
            _render(spec, path)
        elif name == "false_page_count":
            write_false_page_count(base, path)
        else:  # pragma: no cover
            raise KeyError(name)
        session = Path(str(path) + SESSION_SUFFIX)
        if real_session:
            data = _real_session(path, password)
        else:
            import hashlib

            data = _fake_session(path, hashlib.sha256(base_bytes).hexdigest())
            session.write_bytes(data)
        out[name] = BadInput(name, path, expect, words, password, session, data, slow=name == "pages_1000")
    base.unlink()
    return out


# --------------------------------------------------------------------------- issue 19: hostile session files
# Each plants something at ``FILE.pdf.auditdesk.json`` (and returns what the test needs).

def deep_list(depth: int) -> str:
    return "[" * depth + "]" * depth


def session_with_wrong_field(good: bytes, kind: str) -> bytes:
    """A real session (`good`, as saved by ReviewSession) with one field of the wrong type."""
    data = json.loads(good)
    if kind == "log_entry_int":
        data["log"].insert(1, 7)
    elif kind == "sign_off_string":
        data["sign_off"] = "王复核"
    elif kind == "deep_nesting":
        text = json.dumps(data, ensure_ascii=False)
        # a log entry's detail replaced by a list nested 100 000 deep (json.loads recurses)
        return text.replace('"log": [', '"log": [{"detail": ' + deep_list(100_000) + '}, ', 1).encode("utf-8")
    elif kind == "negative_column":
        data["edits"][0]["anchor"]["col"] = -1
        data["annotations"][0]["anchor"]["table_nth"] = -3
    else:  # pragma: no cover
        raise KeyError(kind)
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


WRONG_FIELDS = ("log_entry_int", "sign_off_string", "deep_nesting", "negative_column")


def plant_special_session(pdf: Path, kind: str) -> Path:
    """A session path that is no regular file: a FIFO, or a symlink to /dev/zero."""
    import os

    target = Path(str(pdf) + SESSION_SUFFIX)
    if target.exists() or target.is_symlink():
        target.unlink()
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "dev_zero":
        target.symlink_to("/dev/zero")
    else:  # pragma: no cover
        raise KeyError(kind)
    return target


def dismiss_all_session(pdf: Path, finding_keys: list[str], who: str = "某某") -> bytes:
    """A session planted beside the PDF that marks every finding 已排除 (turns exit 1 into 0)."""
    import hashlib

    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    data = {
        "schema": "auditdesk-session/1",
        "pdf": {"file": pdf.name, "path": str(pdf.resolve()), "sha256": sha},
        "created": "2025-03-01T09:00:00", "saved_at": "2025-03-01T10:15:00",
        "edits": [], "annotations": [], "log": [],
        "finding_status": {k: {"status": "已排除", "reason": "无需关注", "who": who, "when": "2025-03-01T10:00:00"}
                           for k in finding_keys},
    }
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


# --------------------------------------------------------------------------- issue 19: hostile PDFs and names


def write_false_page_count(src: Path, path: Path, count: int = 999_999) -> Path:
    """`src` re-saved uncompressed with the page tree's /Count claiming `count` pages."""
    import re

    doc = pymupdf.open(src)
    raw = doc.tobytes(garbage=0, deflate=False, expand=255)
    doc.close()
    m = re.search(rb"/Count \d+", raw)
    assert m is not None
    path.write_bytes(raw[: m.start()] + b"/Count %d" % count + raw[m.end():])
    return path


# names that must neither break the CLI nor reach the terminal raw
HOSTILE_NAMES = {
    "newline": "第一行\n第二行.pdf",
    "escape": "red\x1b[31m\x1b]0;pwned\x07.pdf",
    "rtl": "\u202efdp.exe.pdf",
}


def gbk_name(stem: str = "预算公开") -> bytes:
    """A file name as a Chinese Windows zip leaves it on a Linux disk: GBK bytes, not UTF-8."""
    return stem.encode("gbk") + b".pdf"


# --------------------------------------------------------------------------- issue 19: what is printed is what is checked
# Each takes the rendered seed disclosure (`src`) and writes a variant whose text layer
# differs from what a reader sees.  `amount_spot` finds a figure to tamper with.


def amount_spot(src: Path, min_page: int = 1) -> tuple[int, str, tuple[float, float, float, float]]:
    """(page index, text, bbox) of a two-decimal figure printed once in the whole of `src`
    (and whose tampered twin is printed nowhere)."""
    import re

    doc = pymupdf.open(src)
    try:
        every = [w[4] for page in doc for w in page.get_text("words")]
        for pno in range(min_page, doc.page_count):
            for w in doc[pno].get_text("words"):
                if (re.fullmatch(r"[1-9]\d{1,3}\.\d\d", w[4]) and every.count(w[4]) == 1
                        and _tampered_digits(w[4]) not in every):
                    return pno, w[4], tuple(w[:4])
    finally:
        doc.close()
    raise LookupError("no figure to tamper with")


def _tampered_digits(text: str) -> str:
    return ("2" if text[0] != "2" else "3") + text[1:]


def write_hidden_text(src: Path, path: Path, how: str) -> dict:
    """A hidden figure where the reader sees another one (or nothing).

    how = "render_mode_3": a different figure in invisible text on top of the printed one;
          "white_on_white": "50.00" in white beside the printed figure's row, in an empty spot;
          "under_box": the printed figure covered by an opaque white box drawn after it, a
          different figure printed visibly on the box.
    Returns {"page", "printed", "hidden"}: what a reader sees and what only the text layer holds.
    """
    pno, text, (x0, y0, x1, y1) = amount_spot(src)
    doc = pymupdf.open(src)
    page = doc[pno]
    base = (x0, y1 - 0.22 * (y1 - y0))  # the figure's baseline, near enough for the same cell
    size = 0.8 * (y1 - y0)
    other = _tampered_digits(text)
    if how == "render_mode_3":
        page.insert_text(base, other, fontsize=size, fontname="helv", render_mode=3)
        out = {"page": pno + 1, "printed": text, "hidden": other}
    elif how == "white_on_white":
        page.insert_text((x0, y1 + 3 * (y1 - y0)), "50.00", fontsize=size, fontname="helv", color=(1, 1, 1))
        out = {"page": pno + 1, "printed": text, "hidden": "50.00"}
    elif how == "under_box":
        page.draw_rect(pymupdf.Rect(x0 - 1, y0 - 1, x1 + 1, y1 + 1), color=None, fill=(1, 1, 1), overlay=True)
        page.insert_text(base, other, fontsize=size, fontname="helv")
        out = {"page": pno + 1, "printed": other, "hidden": text}
    else:  # pragma: no cover
        raise KeyError(how)
    doc.save(path)
    doc.close()
    return out


def write_overlaid(src: Path, path: Path) -> Path:
    """Every page's content drawn a second time on top of itself, in the same place."""
    doc = pymupdf.open(src)
    again = pymupdf.open(src)
    for page in doc:
        page.show_pdf_page(page.rect, again, page.number)
    doc.save(path)
    doc.close()
    again.close()
    return path


def write_turned(src: Path, path: Path, degrees: int) -> Path:
    """Every page's content drawn turned by `degrees` (90/180/270) on a page without /Rotate:
    a reader turns the sheet (or the viewer) to read it."""
    doc = pymupdf.open(src)
    out = pymupdf.open()
    for page in doc:
        w, h = page.rect.width, page.rect.height
        new = out.new_page(width=h, height=w) if degrees in (90, 270) else out.new_page(width=w, height=h)
        new.show_pdf_page(new.rect, doc, page.number, rotate=degrees)
    out.save(path)
    out.close()
    doc.close()
    return path


def write_lying_font(src: Path, path: Path, swap: tuple[str, str] = ("2", "7")) -> dict:
    """A figure printed in a simple (WinAnsi) font whose ToUnicode map swaps two digits: the
    page shows `printed`, a naive text layer says `extracted`."""
    pno, text, (x0, y0, x1, y1) = amount_spot(src)
    if swap[0] not in text and swap[1] not in text:
        swap = (text[0], "7" if text[0] != "7" else "2")
    doc = pymupdf.open(src)
    page = doc[pno]
    page.add_redact_annot(pymupdf.Rect(x0, y0, x1, y1))
    page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_NONE)
    page.insert_text((x0, y1 - 0.22 * (y1 - y0)), text, fontsize=0.8 * (y1 - y0), fontname="helv")
    font_xref = next(f[0] for f in page.get_fonts() if "Helvetica" in f[3])
    a, b = swap
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Lie def /CMapType 2 def\n"
            "1 begincodespacerange <00> <FF> endcodespacerange\n"
            f"3 beginbfrange\n<20> <{ord(min(a, b)) - 1:02X}> <0020>\n<{ord(max(a, b)) + 1:02X}> <7E> <{ord(max(a, b)) + 1:04X}>\n"
            f"<{ord(min(a, b)) + 1:02X}> <{ord(max(a, b)) - 1:02X}> <{ord(min(a, b)) + 1:04X}>\nendbfrange\n"
            f"2 beginbfchar\n<{ord(a):02X}> <{ord(b):04X}>\n<{ord(b):02X}> <{ord(a):04X}>\nendbfchar\n"
            "endcmap CMapName currentdict /CMap defineresource pop end end\n")
    cm_xref = doc.get_new_xref()
    doc.update_object(cm_xref, "<<>>")
    doc.update_stream(cm_xref, cmap.encode())
    doc.xref_set_key(font_xref, "ToUnicode", f"{cm_xref} 0 R")
    doc.save(path)
    doc.close()
    extracted = text.translate(str.maketrans({a: b, b: a}))
    return {"page": pno + 1, "printed": text, "extracted": extracted}


def write_digit_flood(src: Path, path: Path, digits: int = 60_000) -> Path:
    """The disclosure plus a page of `digits` digit glyphs (tiny type, no unit anywhere):
    number parsing must stay linear in the length of the text."""
    doc = pymupdf.open(src)
    page = doc.new_page(width=595, height=842)
    per_line, size = 200, 2.6
    rng = random.Random(19)
    text = "".join(rng.choice("0123456789") for _ in range(digits))
    y = 20.0
    for i in range(0, digits, per_line):
        page.insert_text((20, y), text[i:i + per_line], fontsize=size, fontname="helv")
        y += size * 1.05
    doc.save(path)
    doc.close()
    return path
