"""PDF file → `Document`: cover facts, tables, narrative. The entry point of `parsing`."""
from __future__ import annotations

import os
import re
import time
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable

from auditdesk.parsing.errors import Cancelled, UnusableInput
from auditdesk.parsing.gc_pause import gc_pause, gc_paused
from auditdesk.parsing.limits import MAX_PAGES
from auditdesk.parsing.lines import joined_page_lines, page_lines
from auditdesk.parsing.page_facts import PageFacts, page_extras, page_facts
from auditdesk.parsing.progress import NullProgress, Progress

if TYPE_CHECKING:
    from auditdesk.parsing.model import Document, Table
# What reads the pages is imported above; what makes the document of them (the table and
# narrative readers, the model) when the document is made — or earlier, by `import_what_follows`,
# which the command calls while a forked copy reads pages on the other core.


def import_what_follows() -> None:
    """Import the modules `build_document` needs (a head start: see above)."""
    import auditdesk.parsing.model  # noqa: F401
    import auditdesk.parsing.narrative  # noqa: F401
    import auditdesk.parsing.ocr  # noqa: F401
    import auditdesk.parsing.table_walk  # noqa: F401
    import auditdesk.parsing.tables  # noqa: F401
    import auditdesk.parsing.units  # noqa: F401

_COVER = re.compile(r"^(.*?)(20\d\d)\s*年(?:度)?(?:区级|省级|市级|县级)?(部门|单位)?(决算|预算)")
_DEPT = re.compile(r"(?:部门名称|编制部门|编制单位|预算单位|单位名称|预算主管部门|主管部门|(?<![单位金额])部门)\s*[:：]\s*([^\s:：]{2,40}?)(?=\s*(?:金额)?单位\s*[:：]|\s*20\d\d\s*年|\s|$)")
_DEPT_WORDS = ("部门", "编制单位", "预算单位", "单位名称")  # every name _DEPT knows holds one of these
_YEAR = re.compile(r"(20\d\d)\s*年度")
# "2019年" in a title or heading (not a date: "2020年9月")
_YEAR_PLAIN = re.compile(r"(20\d\d)\s*年(?!\s*\d{1,2}\s*月)")


def open_disclosure(
    path: str | os.PathLike[str], progress: Progress | None = None, password: str | None = None, ocr: str = "auto",
    ocr_max_pages: int | None = None, meanwhile: Callable[[], Any] | None = None,
) -> Document:
    """Open a disclosure PDF and extract everything. Raises `UnusableInput` with a clear
    Chinese sentence when the file cannot be reviewed.

    `ocr`: 'auto' (default) reads scanned, outlined-text and garbled-font pages by OCR (the
    OCR package is a dependency; without it such pages are reported); 'on' reads every page by OCR (for a text layer that does
    not match the print); 'off' never (such pages are reported in `Document.issues` and
    `page_status`, and an all-scanned file is unusable). `ocr_max_pages` caps the pages read
    by OCR (default `ocr.MAX_OCR_PAGES`); pages beyond it get status 'ocr_limit' and an issue.
    `meanwhile`: the caller's own work for later (e.g. importing the checks), done while a copy
    of this process reads pages on the other core (`two_readers`) — or not at all here."""
    import pymupdf

    from auditdesk.parsing.pdf_text import read_page, sha256_of

    progress = progress or NullProgress()
    t0 = time.perf_counter()
    path = os.fspath(path)
    pages, outcome, sha, extras = _load(path, password, progress, ocr, ocr_max_pages, meanwhile)
    if outcome.status and any(s == "ocr" for s in outcome.status):
        progress = _Remap(progress, 0.9, 0.1)  # OCR took 0.6 … 0.9; tables the rest
    doc = build_document(pages, path, sha, progress, ocr_outcome=outcome, extras=extras)
    doc.seconds = round(time.perf_counter() - t0, 3)
    return doc


def open_disclosures(
    paths: list[str | os.PathLike[str]], progress: Progress | None = None, password: str | None = None,
    ocr: str = "auto", ocr_max_pages: int | None = None, meanwhile: Callable[[], Any] | None = None,
) -> Document:
    """One disclosure published as several PDFs (e.g. the 情况说明 and the tables): read as one
    document, pages numbered on across the files in the order given, so the narrative ↔ table
    rules run across them.  `Document.sources` says which pages came from which file.  A
    problem with one file is reported with its name."""
    if len(paths) == 1:
        return open_disclosure(paths[0], progress, password, ocr, ocr_max_pages, meanwhile)
    from auditdesk.parsing.ocr import MAX_OCR_PAGES, OCR
    import hashlib

    from auditdesk.parsing.model import Source
    from auditdesk.parsing.ocr import OcrOutcome

    progress = progress or NullProgress()
    t0 = time.perf_counter()
    all_pages: list = []
    status: list[str] = []
    flagged: dict[int, str] = {}
    reason = None
    sources: list[Source] = []
    all_extras: dict[int, tuple] = {}
    budget = MAX_OCR_PAGES if ocr_max_pages is None else ocr_max_pages  # one cap for the whole check
    for k, p in enumerate(paths):
        p = os.fspath(p)
        try:
            pages, outcome, sha, extras = _load(p, password, _Part(progress, k, len(paths)), ocr, budget,
                                                meanwhile if k == 0 else None)
        except UnusableInput as exc:
            raise UnusableInput(exc.code, f"{os.path.basename(p)}：{exc.message}") from None
        off = len(all_pages)
        all_extras.update({n + off: v for n, v in extras.items()})
        all_pages += [replace(pg, number=pg.number + off) for pg in pages]
        status += outcome.status
        flagged.update({n + off: v for n, v in outcome.flagged.items()})
        reason = reason or outcome.skipped_reason
        budget = max(0, budget - sum(s == OCR for s in outcome.status))
        sources.append(Source(p, sha, off + 1, len(pages)))
    sha = hashlib.sha256("+".join(s.sha256 for s in sources).encode()).hexdigest()
    merged = OcrOutcome(all_pages, status, skipped_reason=reason, flagged=flagged,
                        max_pages=MAX_OCR_PAGES if ocr_max_pages is None else ocr_max_pages)
    doc = build_document(all_pages, sources[0].path, sha, progress, ocr_outcome=merged, extras=all_extras)
    doc.sources = sources
    doc.seconds = round(time.perf_counter() - t0, 3)
    return doc


def _load(path: str, password: str | None, progress: Progress, ocr: str, ocr_max_pages: int | None = None,
          meanwhile: Callable[[], Any] | None = None):
    """One PDF → (pages, OCR outcome, sha256), or UnusableInput."""
    import pymupdf

    from auditdesk.parsing.pdf_text import read_page, sha256_of

    if not os.path.exists(path):
        raise UnusableInput("missing", f"找不到文件：{path}")
    if os.path.isdir(path):
        raise UnusableInput("directory", f"这是一个文件夹，不是 PDF 文件：{path}")
    if os.path.getsize(path) == 0:
        raise UnusableInput("empty", "文件是空的（0 字节），不是有效的 PDF。")
    _check_signature(path)
    # MuPDF prints repair errors of damaged files straight to stderr: keep them in its
    # warning store instead (read below), so the auditor sees one sentence, not noise.
    tools = pymupdf.TOOLS
    shown = tools.mupdf_display_errors(), tools.mupdf_display_warnings()
    tools.mupdf_display_errors(False)
    tools.mupdf_display_warnings(False)
    tools.reset_mupdf_warnings()
    digest: list[str] = []

    def head_start() -> None:  # (this process's work while a copy reads pages: the file's digest, the caller's own)
        digest.append(sha256_of(path))
        if meanwhile is not None:
            meanwhile()

    try:
        pages, outcome, extras = _read_pages(pymupdf, path, password, progress, read_page, ocr, ocr_max_pages,
                                             head_start)
    finally:
        tools.mupdf_display_errors(bool(shown[0]))
        tools.mupdf_display_warnings(bool(shown[1]))
    return pages, outcome, digest[0] if digest else sha256_of(path), extras


def is_working_paper(doc: Document) -> bool:
    """An audit working paper printed to PDF (AuditDesk's own, or an office's): every page
    carries the paper's 索引号 and 编制 / 复核 lines. It restates a disclosure's tables; it is
    not one, and reading it as one reports its own columns as errors."""
    facts = [f for f in doc.page_facts if f.lines]
    if len(facts) < 2:
        return False
    marked = sum(1 for f in facts if any("索引号" in ln.text for ln in f.lines)
                 and any("编制" in ln.text and "复核" in ln.text for ln in f.lines))
    return marked >= 0.6 * len(facts)


NOT_A_DISCLOSURE = "没有找到任何决算/预算表格或情况说明，这不像是一份决算/预算公开文件。"
A_WORKING_PAPER = "这是审计工作底稿（每页印有索引号、编制、复核），不是决算/预算公开文件；请打开公开的 PDF 原件。"


def refusal(doc: Document) -> str | None:
    """Why this is no disclosure to review (the CLI's and the window's one sentence), or None."""
    if is_disclosure(doc):  # (which already rules out a working paper)
        return None
    return A_WORKING_PAPER if is_working_paper(doc) else NOT_A_DISCLOSURE


def is_disclosure(doc: Document) -> bool:
    """Tables, or (a narrative-only half) 情况说明 sentences that speak of a 决算/预算 in money."""
    if is_working_paper(doc):
        return False
    if doc.tables:
        return True
    text = "".join(s.text for s in doc.narrative) + "".join(h.text for h in doc.headings)
    return len(doc.narrative) >= 3 and bool(re.search(r"决算|预算", text)) and bool(
        re.search(r"\d[\d,，]*(?:\.\d+)?\s*(?:万元|元|亿元)", text))


def _check_signature(path: str) -> None:
    """A PDF starts with `%PDF` (within its first 1 KB); anything else is named for what it is."""
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError as exc:
        raise UnusableInput("unreadable", f"无法读取文件（{exc.strerror or exc}）。") from None
    if b"%PDF" in head:
        return
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")):
        raise UnusableInput("not_pdf", "文件内容是网页（HTML），不是 PDF，可能是下载出错；请重新下载原文件。")
    if head.startswith(b"PK\x03\x04"):
        raise UnusableInput("not_pdf", "文件是 Word/Excel 文档或压缩包，不是 PDF；请先另存为 PDF。")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnusableInput("not_pdf", "文件是旧版 Word/Excel 文档，不是 PDF；请先另存为 PDF。")
    raise UnusableInput("not_pdf", "文件已损坏或不是 PDF（缺少 PDF 文件头），无法打开。")


_DAMAGE = re.compile(r"cannot load content stream|premature end|object is not a stream|unexpected end|cannot find object")


class _Part:
    """Progress of reading file k of n (its 0 … 0.6 becomes a 1/n share of 0 … 0.6)."""

    def __init__(self, inner: Progress, k: int, n: int) -> None:
        self.inner, self.k, self.n = inner, k, n

    def report(self, fraction: float, text: str) -> None:
        self.inner.report(min(0.6, (0.6 * self.k + min(fraction, 0.6)) / self.n), text)

    def cancelled(self) -> bool:
        return self.inner.cancelled()


class _Remap:
    """Progress seen through an affine map of its fraction (f → a + b·f, for f in 0.6 … 1)."""

    def __init__(self, inner: Progress, lo: float, width: float) -> None:
        self.inner, self.lo, self.width = inner, lo, width

    def report(self, fraction: float, text: str) -> None:
        self.inner.report(self.lo + self.width * max(0.0, fraction - 0.6) / 0.4, text)

    def cancelled(self) -> bool:
        return self.inner.cancelled()


def _page_spans(numbers: list[int]) -> str:
    """[1, 2, 3, 5] → '1–3、5'."""
    spans: list[list[int]] = []
    for n in sorted(numbers):
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return "、".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)


def _read_pages(pymupdf, path: str, password: str | None, progress: Progress, read_page, ocr: str = "auto",
                ocr_max_pages: int | None = None, meanwhile: Callable[[], Any] | None = None):
    from auditdesk.parsing import two_cores, two_readers

    forked = two_cores.can_fork()  # (then the file is read from memory: see two_readers)
    try:
        from auditdesk.parsing.pdf_text import open_pdf

        pdf = open_pdf(path, in_memory=forked)
    except MemoryError:
        raise
    except Exception:
        raise UnusableInput("corrupt", "文件已损坏或不是 PDF，无法打开。") from None
    try:
        if pdf.needs_pass:
            if not password:
                raise UnusableInput("encrypted", "PDF 已加密，需要打开密码（命令行请用 --password 提供）。")
            if not pdf.authenticate(password):
                raise UnusableInput("bad_password", "PDF 打开密码不正确。")
        if pdf.page_count == 0:
            raise UnusableInput("no_pages", "PDF 没有任何页面。")
        if pdf.page_count > MAX_PAGES:
            raise UnusableInput("huge", f"PDF 有 {pdf.page_count} 页，超过 {MAX_PAGES} 页的上限，不像是一份决算/预算公开文件。")

        def read_one(pdf, i: int):
            page = pdf[i]
            text = read_page(page)
            joined_page_lines(text)  # grouped here, where the pages are read on two cores, not in build_document
            # (text hidden by a clip, images): page_facts
            return text, page_extras(page, text.words, len(text.hrules) + len(text.vrules), text.marks, text.turned)

        try:
            # (the OCR pass below runs with the collector: its pages come in over minutes)
            with gc_pause():
                read, copy_warnings, copy_repaired = two_readers.read_all(
                    pdf, read_one, progress, forked=forked, meanwhile=meanwhile)
        except (Cancelled, UnusableInput):
            raise
        except Exception:
            raise UnusableInput("corrupt", "PDF 文件内容已损坏，无法读取页面。") from None
        pages = [text for text, _ in read]
        extras: dict[int, tuple] = {i + 1: ex for i, (_, ex) in enumerate(read)}
        if (pdf.is_repaired or copy_repaired) and _DAMAGE.search((pymupdf.TOOLS.mupdf_warnings() or "") + copy_warnings):
            # a cut-off download: MuPDF rebuilds the page tree, but page contents are lost
            raise UnusableInput(
                "truncated", "PDF 文件不完整或已损坏（可能没有下载完），部分页面内容无法读取；请重新获取完整的文件。"
            )
        # the one OCR hook: scanned / garbled pages are replaced by their OCR reading
        from auditdesk.parsing.ocr import ocr_pass

        outcome = ocr_pass(pdf, pages, ocr, progress, span=(0.6, 0.9), max_pages=ocr_max_pages)
    finally:
        pdf.close()
    return outcome.pages, outcome, extras


@gc_paused
def build_document(pages, path: str, sha: str, progress: Progress | None = None, ocr_outcome=None,
                   extras: dict[int, tuple] | None = None) -> Document:
    """Pages (plain `PageText`, text-layer or OCR) → Document. Separate from file access so
    OCR pages and tests can feed it. `ocr_outcome` (from `ocr.ocr_pass`) tells why flagged
    pages were not read, for the auditor's message."""
    from auditdesk.parsing import ocr as _ocr
    from auditdesk.parsing.model import Document, ParseIssue
    from auditdesk.parsing.narrative import SentenceSplitter
    from auditdesk.parsing.table_walk import is_cover, walk
    from auditdesk.parsing.tables import is_toc_page, running_lines
    from auditdesk.parsing.units import find_units

    progress = progress or NullProgress()
    issues: list[ParseIssue] = []
    status = list(ocr_outcome.status) if ocr_outcome is not None else [_ocr.page_status(p) for p in pages]
    why = ocr_outcome.skipped_reason if ocr_outcome is not None else None
    if not _ocr.available():
        why = "not_installed"
    hint = _ocr_hint(why)
    limit = ocr_outcome.max_pages if ocr_outcome is not None and ocr_outcome.max_pages is not None else _ocr.MAX_OCR_PAGES
    empty_pages = [p.number for p in pages if not p.words]
    garbled = [p.number for p, s in zip(pages, status) if s == _ocr.GARBLED]
    low_res = [p.number for p, s in zip(pages, status) if s == _ocr.LOW_RES]
    if len(empty_pages) == len(pages):
        if low_res:
            raise UnusableInput(
                "image_only",
                "PDF 没有文字层（扫描件），且扫描分辨率太低（低于 100 dpi），无法 OCR 识别；请用 150 dpi 以上重新扫描。",
            )
        if any(p.ocr for p in pages):
            raise UnusableInput("image_only", "PDF 没有文字层（扫描件），OCR 也没有识别出任何文字，无法提取表格。")
        if _ocr.TOO_LARGE in status:
            raise UnusableInput("image_only", "PDF 没有文字层（扫描件）。" + _ocr.TOO_LARGE_MESSAGE)
        if _ocr.OCR_LIMIT in status and not any(p.ocr for p in pages):
            raise UnusableInput("image_only", f"PDF 没有文字层（扫描件），OCR 页数上限为 {limit} 页，没有识别任何页面；"
                                              "请用 --ocr-max-pages 调高上限。")
        raise UnusableInput("image_only", "PDF 没有文字层（可能是扫描件），无法提取表格。" + hint)
    marked: dict[int, set[str]] = {}  # page → its watermark texts: said once for the document
    for p in pages:  # what pdf_text left out of a page or corrected: hidden text, a lying font, a turned page
        for code, message in getattr(p, "issues", ()):
            if code == "watermark":
                marked.setdefault(p.number, set()).update(message.split("、"))
            else:
                issues.append(ParseIssue(code, message, p.number))
    if marked:
        texts = set().union(*marked.values())
        texts = sorted(t for t in texts if not any(t != u and t in u for u in texts))  # pieces of a longer one
        issues.append(ParseIssue("watermark", f"第 {_page_spans(list(marked))} 页印有水印文字（{'、'.join(texts[:4])}"
                                              f"{'等' if len(texts) > 4 else ''}），不属于表格或正文，已不作为数据读取。",
                                 min(marked)))
    layered = [p.number for p in pages if getattr(p, "scan_layer", False) and not p.ocr]
    if layered:  # said once for the document, not on every page of a searchable scan
        issues.append(ParseIssue(
            "scan_text_layer",
            f"第 {_page_spans(layered)} 页是扫描图像，文字取自页面上不可见的文字识别层（文件制作方的 OCR，非本软件识别）；"
            "数字请对照页面核实，或用 --ocr on 重新识别。", layered[0]))
    for n in garbled:
        issues.append(ParseIssue("garbled", "本页文字乱码（字体缺少 ToUnicode 映射），提取结果不可信。" + hint, n))
    if garbled and len(garbled) >= 0.5 * len(pages):
        raise UnusableInput("garbled", "PDF 的文字层是乱码（字体缺少编码映射），无法可靠提取。" + hint)
    for n, s in enumerate(status, 1):  # pages after the OCR page cap: not read, said so on every one
        if s == _ocr.OCR_LIMIT:
            issues.append(ParseIssue("ocr_limit", _ocr.ocr_limit_message(limit), n))
    for n in empty_pages:
        if status[n - 1] == _ocr.OCR_LIMIT:
            continue
        if 1 < n < len(pages) and status[n - 1] != _ocr.OCR:
            if n in low_res:
                issues.append(ParseIssue("no_text", "本页是扫描图片，分辨率太低（低于 100 dpi），未做 OCR。", n))
            elif status[n - 1] == _ocr.TOO_LARGE:
                issues.append(ParseIssue("no_text", _ocr.TOO_LARGE_MESSAGE, n))
            else:
                issues.append(ParseIssue("no_text", "本页没有文字层（空白页或图片）。", n))

    from auditdesk.parsing import two_cores

    facts: list[PageFacts] = []

    def read_facts() -> None:  # (needs no table: done while a copy walks, when one does)
        facts[:] = [page_facts(p, (extras or {}).get(p.number, ((), 0))) for p in pages]

    sentences = SentenceSplitter({p.number: p.width for p in pages})
    told: list[int] = [0]

    def first_part(narrative_pages: list) -> None:  # (while a copy walks the rest)
        sentences.feed(narrative_pages)
        told[0] = len(narrative_pages)

    tables, narrative_pages, toc = walk(pages, running_lines(pages), progress, forked=two_cores.can_fork(),
                                        meanwhile=read_facts, first_part=first_part)
    if not facts:
        read_facts()

    sentences.feed(narrative_pages[told[0]:])
    narrative, headings = sentences.result()
    department, year, kind = _cover_facts(pages, tables)
    # (a disclosure of the bundle without a cover of its own is of the file's kind)
    units = find_units(pages, tables, lambda ps, ts: _cover_facts(ps, ts, guess_kind=False), is_cover, is_toc_page,
                       narrative)
    if units:
        each = "；".join(f"第{u.first}–{u.last}页" + (f" {u.department}" if u.department else "") for u in units)
        issues.append(ParseIssue("bundle", f"本文件含 {len(units)} 份公开（{each}），已分别检查，"
                                           "互不比对。", units[1].first))
    if any(p.ocr for p in pages):
        low = _ocr.attach_confidence(tables, pages)
        narrative = _ocr.to_page_frame(tables, narrative, pages)
        for p in pages:
            if p.ocr:
                n_low = low.get(p.number, 0)
                was = ocr_outcome.flagged.get(p.number) if ocr_outcome is not None else None
                what = {_ocr.GARBLED: "乱码页", _ocr.TEXT: "文字层页（--ocr on）"}.get(was, "扫描页")
                issues.append(ParseIssue(
                    "ocr",
                    f"本页是{what}，文字由 OCR 识别，请对照原件核对"
                    + (f"（{n_low} 个单元格置信度低于 {_ocr.LOW_CONFIDENCE}）。" if n_low else "。"),
                    p.number,
                ))
    progress.report(1.0, "提取完成")
    return Document(
        path=path,
        sha256=sha,
        pages=len(pages),
        department=department,
        year=year,
        kind=kind,
        tables=tables,
        narrative=narrative,
        headings=headings,
        toc=toc,
        issues=issues,
        page_sizes=[_ocr.page_size(p) for p in pages],
        ocr=any(p.ocr for p in pages),
        ocr_pages=[p.number for p in pages if p.ocr],
        page_status=status,
        page_facts=facts,
        units=units,
    )


def _ocr_hint(why: str | None) -> str:
    if why == "off":
        return "OCR 已关闭（--ocr off）；改用 --ocr auto 即可识别。"
    if why == "not_installed":
        return "安装 OCR 扩展后可识别：pip install -e '.[ocr]'。"
    if why and why.startswith("broken:"):
        return f"OCR 扩展已安装但无法加载（{why[7:]}），请重新安装：pip install -e '.[ocr]'。"
    return ""


def _cover_facts(pages, tables: list[Table], guess_kind: bool = True) -> tuple[str | None, int | None, str | None]:
    department = year = kind = None
    for page in pages[:2]:
        text = "".join(ln.text for ln in page_lines(page)).replace(" ", "")
        m = _COVER.search(text)
        if m:
            dept = re.sub(r"^(.*?[：:])", "", m.group(1)).strip()
            dept = re.sub(r"^第[一二三四五六七八九十]+部分", "", dept)  # a 情况说明 half starts with its part heading
            dept = re.sub(r"^\d{4}年", "", dept)
            if dept and len(dept) <= 40:
                department = dept
            year = int(m.group(2))
            kind = (m.group(3) or "部门") + m.group(4)
            break
    depts: Counter[str] = Counter()
    years: Counter[int] = Counter()
    for page in pages:
        for ln in page_lines(page):
            t = ln.text
            # (_DEPT needs a colon and one of its names: most lines have neither, "单位：万元" has no name)
            u = t.replace(" ", "") if ":" in t or "：" in t else ""
            if u and any(name in u for name in _DEPT_WORDS):
                for mm in _DEPT.finditer(u.replace("金额单位", " 金额单位").replace("单位：", " 单位：")):
                    depts[mm.group(1)] += 1
            if "年度" in t:
                for my in _YEAR.finditer(t):
                    years[int(my.group(1))] += 1
    if depts:
        # the 部门名称/编制部门 line printed on the tables beats the cover's wording
        department = depts.most_common(1)[0][0]
    if year is None and years:
        year = years.most_common(1)[0][0]
    if year is None:
        # a tables-only half without a cover: "2019年部门收支预算总表", "2019年预算"
        plain: Counter[int] = Counter()
        for t in tables:
            for my in _YEAR_PLAIN.finditer(t.title):
                plain[int(my.group(1))] += 2
        for page in pages[:3]:
            for ln in page_lines(page):
                for my in _YEAR_PLAIN.finditer(ln.text.replace(" ", "")):
                    plain[int(my.group(1))] += 1
        if plain:
            year = plain.most_common(1)[0][0]
    if kind is None and guess_kind:
        titles = "".join(t.title for t in tables)
        if "决算" in titles:
            kind = "部门决算"
        elif "预算" in titles:
            kind = "部门预算"
    return department, year, kind
