"""Reading a long PDF's pages on two cores.

A page's reading (`pdf_text.read_page` and its page facts) needs nothing from any other page,
and it is most of what `auditdesk check` spends. So, where it is safe, a forked copy of this
process reads every other page while this process reads the rest, and sends its pages back
pickled through a pipe. The copy inherits the open document with the fonts and resources
the first page loaded (hence the document must be open from memory: a file descriptor
shared across a fork shares its read offset).

Safe means: Linux, two cores or more, called on the main thread with no other Python
thread running (a thread could hold a lock the copy would need; the window reads documents
on worker threads, so it always reads in one process). `AUDITDESK_READERS=1` turns it off.
Whatever goes wrong in the copy (an exception, a crash, a short pipe), this process reads
those pages itself, so the result and its errors are those of reading in one process.
"""
from __future__ import annotations

import os
import pickle
import sys
import threading
from typing import Any, Callable

from auditdesk.parsing.errors import Cancelled
from auditdesk.parsing.progress import Progress

MIN_PAGES = 12  # below this the fork and the copy's cold start cost more than half the reading


def can_fork() -> bool:
    """Whether this process may read pages in a forked copy of itself (see the module)."""
    if os.environ.get("AUDITDESK_READERS") == "1" or not sys.platform.startswith("linux"):
        return False
    if threading.current_thread() is not threading.main_thread() or threading.active_count() > 1:
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return cores >= 2


def read_all(pdf: Any, read_one: Callable[[Any, int], Any], progress: Progress, *,
             forked: bool) -> tuple[list[Any], str, bool]:
    """`read_one(pdf, i)` for every page index, in order, with MuPDF's warnings of the copy
    and whether it repaired the file (its reading may load damaged objects this process
    never loads). With
    `forked` (the document open from memory, `can_fork()` true) on `MIN_PAGES` pages or more,
    every other page is read by a forked copy."""
    n = pdf.page_count
    out: list[Any] = [None] * n
    if not forked or n < MIN_PAGES:
        _read(pdf, range(n), read_one, progress, out, n)
        return out, "", False
    _read(pdf, [0], read_one, progress, out, n)  # loads what most pages share, for both readers
    theirs = list(range(2, n, 2))
    copy = _Copy(pdf, theirs, read_one)
    try:
        _read(pdf, range(1, n, 2), read_one, progress, out, n)
        got, warnings, repaired = copy.collect()
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


class _Copy:
    """The forked reader of `indices`: its pages come back as one pickle, then EOF."""

    def __init__(self, pdf, indices: list[int], read_one) -> None:
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the copy: never returns, never runs this process's exit handlers
            os.close(r)
            _die_with_parent()
            code = 1
            try:
                import pymupdf

                pymupdf.TOOLS.reset_mupdf_warnings()  # (this process's own are its own)
                pages = [read_one(pdf, i) for i in indices]
                data = pickle.dumps((pages, pymupdf.TOOLS.mupdf_warnings() or "", bool(pdf.is_repaired)),
                                    protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(w, "wb") as f:
                    f.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        self.pid, self.fd = pid, r

    def collect(self) -> tuple[list | None, str, bool]:
        """The copy's pages, warnings and repair, or (None, '', False) when it did not
        deliver them all."""
        with os.fdopen(self.fd, "rb") as f:
            data = f.read()
        self.fd = -1
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if status != 0 or not data:
            return None, "", False
        try:
            return pickle.loads(data)
        except Exception:
            return None, "", False

    def stop(self) -> None:
        """Cancelled or failed here: end the copy and its pipe."""
        if self.pid:
            try:
                os.kill(self.pid, 9)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = 0
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _die_with_parent() -> None:
    """The copy ends when this process does (a check stopped by --timeout kills its process;
    the copy must not read on)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except Exception:
        pass
