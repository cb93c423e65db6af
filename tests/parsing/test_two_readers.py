"""Pages read on two cores (parsing/two_readers.py) are the pages read in one process —
also when the forked copy fails, dies or is cancelled."""
from __future__ import annotations

import sys
import os
import threading

import pymupdf
import pytest

from auditdesk.parsing import two_cores, two_readers
from auditdesk.parsing.errors import Cancelled
from auditdesk.parsing.pdf_text import open_pdf, read_page
from auditdesk.parsing.progress import NullProgress

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks a copy: Linux only")


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("two") / "long.pdf"
    with pymupdf.open() as doc:
        for n in range(15):
            page = doc.new_page()
            page.insert_text((72, 80), f"第 {n + 1} 页 收入支出决算总表", fontname="china-s", fontsize=12)
            for r in range(4):
                y = 120 + 20 * r
                page.draw_line((72, y), (520, y))
                page.insert_text((80, y + 14), f"项目{r}", fontname="china-s", fontsize=10)
                page.insert_text((400, y + 14), f"{(n + 1) * 100 + r:,}.00", fontname="china-s", fontsize=10)
        doc.save(path)
    return str(path)


def _key(page):
    return (page.number, [(w.text, round(w.x0, 2), round(w.y0, 2)) for w in page.words], page.hrules, page.vrules)


def _read(path: str, read_one, forked: bool, progress=None):
    pdf = open_pdf(path, in_memory=forked)
    try:
        return two_readers.read_all(pdf, read_one, progress or NullProgress(), forked=forked)
    finally:
        pdf.close()


def _plain(pdf, i):
    return read_page(pdf[i])


def test_two_readers_read_what_one_reads(long_pdf):
    one, _, _ = _read(long_pdf, _plain, forked=False)
    two, warnings, repaired = _read(long_pdf, _plain, forked=True)
    assert [_key(p) for p in two] == [_key(p) for p in one]
    assert [p.number for p in two] == list(range(1, 16))
    # (MuPDF may still flush "... repeated N times..." of an earlier warning of this process)
    assert [w for w in warnings.splitlines() if "repeated" not in w] == [] and repaired is False


def test_pages_of_a_failed_copy_are_read_here(long_pdf):
    here = os.getpid()

    def fails_in_copy(pdf, i):
        if os.getpid() != here:
            raise RuntimeError("the copy cannot read this page")
        return _plain(pdf, i)

    def dies_in_copy(pdf, i):
        if os.getpid() != here:
            os._exit(3)
        return _plain(pdf, i)

    one, _, _ = _read(long_pdf, _plain, forked=False)
    for read_one in (fails_in_copy, dies_in_copy):
        two, _, _ = _read(long_pdf, read_one, forked=True)
        assert [_key(p) for p in two] == [_key(p) for p in one]


def test_an_error_on_a_page_is_raised_as_in_one_process(long_pdf):
    def bad_page(pdf, i):
        if i == 6:  # a page the copy reads
            raise ValueError("damaged page")
        return _plain(pdf, i)

    with pytest.raises(ValueError, match="damaged page"):
        _read(long_pdf, bad_page, forked=True)


class _CancelAfter:
    def __init__(self, n: int) -> None:
        self.n = n

    def report(self, fraction: float, text: str = "") -> None:
        pass

    def cancelled(self) -> bool:
        self.n -= 1
        return self.n < 0


def test_cancel_stops_the_copy(long_pdf):
    before = _children()
    with pytest.raises(Cancelled):
        _read(long_pdf, _plain, forked=True, progress=_CancelAfter(3))
    assert _children() == before  # the copy was ended and reaped: no process left behind


def test_short_documents_and_other_threads_read_in_one_process(long_pdf, monkeypatch):
    forks = []
    monkeypatch.setattr(two_cores.os, "fork", lambda: forks.append(1) or (_ for _ in ()).throw(AssertionError))
    pdf = open_pdf(long_pdf)
    try:
        pages, _, _ = two_readers.read_all(pdf, _plain, NullProgress(), forked=False)
    finally:
        pdf.close()
    assert len(pages) == 15 and not forks
    seen = []
    t = threading.Thread(target=lambda: seen.append(two_cores.can_fork()))
    t.start()
    t.join()
    assert seen == [False]  # the window reads on worker threads: never forked there
    monkeypatch.setenv("AUDITDESK_READERS", "1")
    assert not two_cores.can_fork()


def _children() -> set[int]:
    me = str(os.getpid())
    out = set()
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == me:
                out.add(int(d))
    return out


def test_no_copy_while_every_other_core_is_busy(monkeypatch):
    monkeypatch.delenv("AUDITDESK_READERS", raising=False)
    monkeypatch.setattr(two_cores.os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(two_cores, "_running", lambda: 2)  # this process and one other
    assert not two_cores.can_fork()
    monkeypatch.setattr(two_cores, "_running", lambda: 1)
    assert two_cores.can_fork() == (threading.active_count() == 1)


def test_the_pages_are_shared_out_as_they_are_read(long_pdf):
    """While this process does other work first (`meanwhile`), the copy reads more of the pages:
    neither waits for the other at the end; every page is read, in order."""
    import time

    here = os.getpid()
    readers: dict[int, int] = {}

    def tagged(pdf, i):
        page = _plain(pdf, i)
        page.issues.append(("reader", str(os.getpid())))
        return page

    one, _, _ = _read(long_pdf, _plain, forked=False)
    pdf = open_pdf(long_pdf, in_memory=True)
    try:
        two, _, _ = two_readers.read_all(pdf, tagged, NullProgress(), forked=True, meanwhile=lambda: time.sleep(0.5))
    finally:
        pdf.close()
    assert [_key(p) for p in two] == [_key(p) for p in one]
    for p in two:
        pid = int(dict(p.issues)["reader"])
        readers[pid] = readers.get(pid, 0) + 1
    assert len(readers) == 2
    assert readers.get(here, 0) < 15 // 2  # the copy read on while this process slept


def test_the_meeting_never_leaves_a_page_unread():
    """The two readers' steps (read its slot, read the other's, write its slot) interleaved in
    every way (sampled): every page is read; a page is read twice only when both took it at
    once, so at most one page is read twice per meeting."""
    import random

    def reader(mem: dict, me: str, pages: list):
        while True:
            mine = mem[me]
            yield
            other = mem["back" if me == "front" else "front"]
            yield
            nxt = mine if me == "front" else mine - 1
            if (nxt >= other) if me == "front" else (nxt < other):
                return
            mem[me] = nxt + 1 if me == "front" else nxt
            pages.append(nxt)
            yield

    rng = random.Random(7)
    for n in (1, 2, 3, 6):
        for _ in range(400):
            mem = {"front": 0, "back": n}
            taken: list[int] = []
            live = [reader(mem, "front", taken), reader(mem, "back", taken)]
            while live:
                g = rng.choice(live)
                try:
                    next(g)
                except StopIteration:
                    live.remove(g)
            assert set(taken) == set(range(n)) and len(taken) <= n + 1
    # the real slots follow the same rule, one reader after the other
    m = two_cores.Meeting(0, 4)
    assert [m.take_front(), m.take_back(), m.take_back(), m.take_front(), m.take_front()] == [0, 3, 2, 1, None]
    assert m.take_back() is None


def test_other_work_failing_meanwhile_leaves_the_reading_alone(long_pdf):
    def fails():
        raise ImportError("a module of the caller")

    one, _, _ = _read(long_pdf, _plain, forked=False)
    pdf = open_pdf(long_pdf, in_memory=True)
    try:
        two, _, _ = two_readers.read_all(pdf, _plain, NullProgress(), forked=True, meanwhile=fails)
    finally:
        pdf.close()
    assert [_key(p) for p in two] == [_key(p) for p in one]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks a copy: Linux only")
def test_a_copy_is_judged_by_what_it_sends_and_reaped_later(monkeypatch):
    """`Copy.collect` does not await the copy's exit (its memory is unmapped on its own
    core): a whole result is the copy's result, a cut-short one or none is no result, and
    every ended copy is reaped (no zombie left to a long process such as the test run)."""
    assert two_cores.Copy(lambda: {"pages": [1, 2, 3]}).collect() == {"pages": [1, 2, 3]}
    assert two_cores.Copy(lambda: 1 / 0).collect() is None
    real = two_cores.pickle.dumps
    monkeypatch.setattr(two_cores.pickle, "dumps", lambda obj, protocol=None: real(obj, protocol)[:-3])
    assert two_cores.Copy(lambda: list(range(1000))).collect() is None  # (died mid-way)
    monkeypatch.undo()
    _assert_all_reaped()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks a copy: Linux only")
def test_work_shared_out_comes_back_in_order_whoever_did_it(monkeypatch):
    here: list[int] = []
    got = two_cores.share_out(9, lambda i: (i, i * i), here=lambda i: here.append(i) or (i, i * i),
                              meanwhile=lambda: here.append(-1))
    assert got == [(i, i * i) for i in range(9)]
    # this process's own work first, then items from the front, in order (under load the copy
    # may have taken every item before this process's own work was done: then none)
    assert here[0] == -1 and here[1:] == list(range(len(here) - 1))
    monkeypatch.setattr(two_cores, "Copy", lambda work: _Failed())
    assert two_cores.share_out(5, lambda i: i + 1) == [1, 2, 3, 4, 5]  # a failed copy's items: here


class _Failed:
    def collect(self):
        return None

    def stop(self):
        pass


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks a copy: Linux only")
def test_the_files_digest_is_taken_while_the_copy_reads(long_pdf, monkeypatch):
    import hashlib

    from auditdesk.parsing import extract, pdf_text

    taken: list[str] = []
    real = pdf_text.sha256_of
    monkeypatch.setattr(pdf_text, "sha256_of", lambda p: taken.append(p) or real(p))
    monkeypatch.setattr(two_cores, "can_fork", lambda: True)
    doc = extract.open_disclosure(long_pdf)
    with open(long_pdf, "rb") as f:
        assert doc.sha256 == hashlib.sha256(f.read()).hexdigest()
    assert len(taken) == 1  # taken while the copy read, not again after the reading


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks a copy: Linux only")
def test_a_stream_is_taken_in_as_it_comes_and_closed_by_the_copys_result(monkeypatch):
    """`Stream`: the items a copy sends arrive here while the copy still works (read between
    this process's own steps, never waiting); the work's return value closes the stream; a
    stream cut short — the work failed, the copy died, a pickle came broken — is no result."""
    import time

    def work(send):
        for k in range(5):
            send(("item", k, "页" * 2000))  # (larger than a pipe's usual 4 KB page)
        time.sleep(0.3)  # the items are sent, the work is not done
        return "done"

    s = two_cores.Stream(work)
    early: list = []
    for _ in range(200):
        early += s.received()
        if len(early) == 5:
            break
        time.sleep(0.01)
    assert [k for _tag, k, _t in early] == [0, 1, 2, 3, 4]  # before the copy's work ended
    assert s.collect() == ([], "done")

    s = two_cores.Stream(lambda send: [send(k) for k in range(3)] and "end")
    assert s.collect() == ([0, 1, 2], "end")  # (nothing taken before: all at the end)

    def fails(send):
        send(1)
        raise RuntimeError("the copy cannot go on")

    assert two_cores.Stream(fails).collect() is None

    def dies(send):
        send(1)
        os._exit(3)

    assert two_cores.Stream(dies).collect() is None
    real = two_cores.pickle.dumps
    monkeypatch.setattr(two_cores.pickle, "dumps", lambda obj, protocol=None: real(obj, protocol)[:-3])
    assert two_cores.Stream(lambda send: send(1) or "end").collect() is None  # (broken pickles)
    monkeypatch.undo()
    _assert_all_reaped()


def _assert_all_reaped() -> None:
    """Every ended copy is reaped (no zombie left to a long process such as the test run)."""
    import time

    for _ in range(100):
        two_cores._reap()
        if not two_cores._unreaped:
            break
        time.sleep(0.05)
    assert two_cores._unreaped == []
