"""Reading a long PDF's pages on two cores (`two_cores`): a page's reading
(`pdf_text.read_page` and its page facts) needs nothing from any other page, and it is most
of what `auditdesk check` spends. A forked copy reads every other page. It inherits the open
document with the fonts and resources the first page loaded — hence the document must be
open from memory: a file descriptor shared across a fork shares its read offset.
"""
from __future__ import annotations

from typing import Any, Callable

from auditdesk.parsing.errors import Cancelled
from auditdesk.parsing.progress import Progress
from auditdesk.parsing.two_cores import Copy

MIN_PAGES = 12  # below this the fork and the copy's cold start cost more than half the reading


def read_all(pdf: Any, read_one: Callable[[Any, int], Any], progress: Progress, *,
             forked: bool) -> tuple[list[Any], str, bool]:
    """`read_one(pdf, i)` for every page index, in order, with MuPDF's warnings of the copy
    and whether it repaired the file. With `forked` (the document open from memory,
    `can_fork()` true) on `MIN_PAGES` pages or more, every other page is read by a forked copy."""
    n = pdf.page_count
    out: list[Any] = [None] * n
    if not forked or n < MIN_PAGES:
        _read(pdf, range(n), read_one, progress, out, n)
        return out, "", False
    _read(pdf, [0], read_one, progress, out, n)  # loads what most pages share, for both readers
    theirs = list(range(2, n, 2))
    copy = Copy(lambda: _read_in_copy(pdf, theirs, read_one))
    try:
        _read(pdf, range(1, n, 2), read_one, progress, out, n)
        got, warnings, repaired = copy.collect() or (None, "", False)
    except BaseException:
        copy.stop()
        raise
    if got is None:  # the copy failed or died: its pages are read here, errors and all
        _read(pdf, theirs, read_one, progress, out, n)
        return out, "", False
    for i, page in zip(theirs, got):
        out[i] = page
    return out, warnings, repaired


def _read(pdf, indices, read_one, progress: Progress, out: list, n: int) -> None:
    for i in indices:
        if progress.cancelled():
            raise Cancelled()
        out[i] = read_one(pdf, i)
        if i % 5 == 0:
            progress.report(0.6 * i / n, f"读取第 {i + 1}/{n} 页")


def _read_in_copy(pdf, indices: list[int], read_one) -> tuple[list[Any], str, bool]:
    """The copy's pages, with MuPDF's warnings of its own reading and whether it repaired
    the file (its reading may load damaged objects this process never loads)."""
    import pymupdf

    pymupdf.TOOLS.reset_mupdf_warnings()  # (this process's own are its own)
    pages = [read_one(pdf, i) for i in indices]
    return pages, pymupdf.TOOLS.mupdf_warnings() or "", bool(pdf.is_repaired)
