"""Reading a long PDF's pages on two cores (`two_cores`): a page's reading
(`pdf_text.read_page` and its page facts) needs nothing from any other page, and it is most
of what `auditdesk check` spends. A forked copy reads pages too. It inherits the open
document with the fonts and resources the first page loaded — hence the document must be
open from memory: a file descriptor shared across a fork shares its read offset.

The pages are shared out as they are read, not halved beforehand: this process takes them from
the front, the copy from the back, until they meet. Neither waits for the other at the end (a
page may cost ten times another, the copy starts cold, this process may have other work first:
`meanwhile`).
"""
from __future__ import annotations

from typing import Any, Callable

from auditdesk.parsing.errors import Cancelled
from auditdesk.parsing.progress import Progress
from auditdesk.parsing.two_cores import Meeting, Stream

MIN_PAGES = 12  # below this the fork and the copy's cold start cost more than half the reading


def read_all(pdf: Any, read_one: Callable[[Any, int], Any], progress: Progress, *,
             forked: bool, meanwhile: Callable[[], Any] | None = None) -> tuple[list[Any], str, bool]:
    """`read_one(pdf, i)` for every page index, in order, with MuPDF's warnings of the copy
    and whether it repaired the file. With `forked` (the document open from memory,
    `can_fork()` true) on `MIN_PAGES` pages or more, a forked copy reads pages too, and
    `meanwhile()` — other work of this process (the command imports its checks) — runs here
    while the copy reads."""
    n = pdf.page_count
    out: list[Any] = [None] * n
    if not forked or n < MIN_PAGES:
        _read(pdf, range(n), read_one, progress, out, n)
        return out, "", False
    _read(pdf, [0], read_one, progress, out, n)  # loads what most pages share, for both readers
    meeting = Meeting(1, n)
    copy = Stream(lambda send: _read_in_copy(pdf, meeting, read_one, send))
    mine: set[int] = {0}
    theirs: list[tuple[int, Any]] = []
    try:
        if meanwhile is not None:
            _quietly(meanwhile)
        while (i := meeting.take_front()) is not None:
            _read(pdf, [i], read_one, progress, out, n, done=2 * len(mine))
            mine.add(i)
            theirs += copy.received()  # (unpickled as they come, between this process's pages)
        got = copy.collect()
    except BaseException:
        copy.stop()
        raise
    if got is None:  # the copy failed or died: its pages are read here, errors and all
        _read(pdf, [i for i in range(n) if i not in mine], read_one, progress, out, n)
        return out, "", False
    rest, (warnings, repaired) = got
    for i, page in theirs + rest:
        if i not in mine:
            out[i] = page
    return out, warnings, repaired


def _quietly(work: Callable[[], Any]) -> None:
    try:
        work()
    except Exception:  # only a head start: the same work, done later, says what went wrong
        pass


def _read(pdf, indices, read_one, progress: Progress, out: list, n: int, done: int | None = None) -> None:
    for i in indices:
        if progress.cancelled():
            raise Cancelled()
        out[i] = read_one(pdf, i)
        k = i if done is None else done
        if k % 5 == 0:
            progress.report(0.6 * min(k, n) / n, f"读取第 {min(k, n - 1) + 1}/{n} 页")


def _read_in_copy(pdf, meeting: Meeting, read_one, send: Callable[[Any], None]) -> tuple[str, bool]:
    """The copy sends its pages (from the back) as it reads them; then MuPDF's warnings of its
    own reading and whether it repaired the file (its reading may load damaged objects this
    process never loads)."""
    import pymupdf

    pymupdf.TOOLS.reset_mupdf_warnings()  # (this process's own are its own)
    while (j := meeting.take_back()) is not None:
        send((j, read_one(pdf, j)))
    return pymupdf.TOOLS.mupdf_warnings() or "", bool(pdf.is_repaired)
