"""Work on two cores: a forked copy of this process does half of a job while this process
does the other half, and sends its half back pickled through a pipe.

Used where the halves need nothing from each other and are most of what a command spends:
reading a long PDF's pages (`two_readers`) and checking the disclosures a file bundles
(`checks.engine`). The copy inherits everything already in memory (the open document, the
read pages), so nothing is sent to it.

Safe means: Linux, two cores or more, called on the main thread with no other Python thread
running (a thread could hold a lock the copy would need; the window works on worker threads,
so it always works in one process). Worth it means a core is idle (no other process running
right now). `AUDITDESK_READERS=1` turns it off. Whatever goes wrong
in the copy (an exception, a crash, a short pipe) leaves its half to this process, so the
result and its errors are those of working in one process.
"""
from __future__ import annotations

import mmap
import os
import pickle
import struct
import sys
import threading
from typing import Any, Callable


def can_fork() -> bool:
    """Whether this process may hand half of a job to a forked copy of itself."""
    if os.environ.get("AUDITDESK_READERS") == "1" or not sys.platform.startswith("linux"):
        return False
    if threading.current_thread() is not threading.main_thread() or threading.active_count() > 1:
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return cores >= 2 and _running() < cores


def _running() -> int:
    """Processes running right now, this one included (/proc/loadavg's "3/180"): with every
    other core busy, a copy only shares this process's core and costs more than it saves (a
    300-page file: 0.93 s read in one process against 1.12 s forked, next to a busy test run)."""
    try:
        with open("/proc/loadavg", encoding="ascii") as f:
            return int(f.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return 1


_unreaped: list[int] = []  # copies that sent their result and may still be exiting


def _reap() -> None:
    """Collect the exit of copies that have ended (no zombie is left behind by a long process)."""
    for pid in list(_unreaped):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            _unreaped.remove(pid)


class Copy:
    """A forked copy running `work()`; `collect()` is its result, or None when it did not
    deliver one (then the caller does that work itself)."""

    def __init__(self, work: Callable[[], Any]) -> None:
        def send_result(w: int) -> None:
            data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(w, "wb") as f:
                f.write(data)

        self.pid, self.fd = _fork(send_result)

    def collect(self) -> Any | None:
        with os.fdopen(self.fd, "rb") as f:
            data = f.read()
        self.fd = -1
        # The copy writes its result only when its work is done, and whole: what it sends
        # is the verdict (a copy that died mid-way sent nothing, or a pickle cut short).
        # Its exit is not awaited: unmapping a copy of this process takes ~5–20 ms, which
        # its own core spends while this one goes on. It is reaped later (`_reap`).
        _unreaped.append(self.pid)
        self.pid = 0
        _reap()
        if not data:
            return None
        try:
            return pickle.loads(data)
        except Exception:
            return None

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


class Stream(Copy):
    """A forked copy whose work sends its items as it makes them (`work(send)`), taken in here
    while this process works (`received`): a long result is not pickled in the copy, then
    unpickled here, after both are done, but item by item on both cores as they go. The work's
    return value closes the stream; a stream cut short (the copy failed or died) is no result,
    whatever items came before it."""

    def __init__(self, work: Callable[[Callable[[Any], None]], Any]) -> None:  # noqa: D107
        def stream(w: int) -> None:
            def send(item: Any, tag: bytes = _ITEM) -> None:
                data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
                _write_all(w, tag + struct.pack("<Q", len(data)) + data)

            send(work(send), _LAST)

        # (a long file's pages fit in the pipe: the copy never waits for this process to read)
        self.pid, self.fd = _fork(stream, pipe_size=1 << 20)
        os.set_blocking(self.fd, False)
        self._buf = bytearray()
        self._items: list[Any] = []
        self._last: list[Any] = []
        self._broken = False

    def received(self) -> list[Any]:
        """The items that came in since last asked (never waits)."""
        if self.fd >= 0 and not self._broken:
            while True:
                try:
                    chunk = os.read(self.fd, 1 << 20)
                except BlockingIOError:
                    break
                if not chunk:
                    break
                self._buf += chunk
            self._unpack()
        new, self._items = self._items, []
        return new

    def collect(self) -> Any | None:
        """(every item not yet taken by `received`, the work's return value), once the copy is
        done; None when the stream was cut short."""
        os.set_blocking(self.fd, True)
        with os.fdopen(self.fd, "rb") as f:
            self._buf += f.read()
        self.fd = -1
        _unreaped.append(self.pid)  # (not awaited: see Copy.collect)
        self.pid = 0
        _reap()
        self._unpack()
        if self._broken or self._buf or not self._last:
            return None
        return self._items, self._last[0]

    def _unpack(self) -> None:
        buf, at = self._buf, 0
        while not self._broken and len(buf) - at >= 9:
            size = struct.unpack_from("<Q", buf, at + 1)[0]
            if len(buf) - at - 9 < size:
                break
            tag, data = buf[at:at + 1], bytes(buf[at + 9:at + 9 + size])
            at += 9 + size
            try:
                item = pickle.loads(data)
            except Exception:
                self._broken = True
                break
            (self._items if tag == _ITEM else self._last).append(item)
        del buf[:at]


_ITEM, _LAST = b"i", b"z"


def _fork(child: Callable[[int], None], pipe_size: int = 0) -> tuple[int, int]:
    """(pid, read end of its pipe) of a forked copy that runs `child(write end)` and exits: 0 when
    it returns, 1 when it raises. The copy never returns here, never runs this process's exit
    handlers, and dies with this process."""
    _reap()
    r, w = os.pipe()
    if pipe_size:
        try:
            import fcntl

            fcntl.fcntl(w, 1031, pipe_size)  # F_SETPIPE_SZ (Linux)
        except (ImportError, OSError):
            pass
    pid = os.fork()
    if pid == 0:
        os.close(r)
        _die_with_parent()
        code = 1
        try:
            child(w)
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    return pid, r


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _die_with_parent() -> None:
    """The copy ends when this process does (a check stopped by --timeout kills its process;
    the copy must not work on)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except Exception:
        pass


class Meeting:
    """Work shared out as it is done, not halved beforehand (one item may cost ten times
    another, the copy starts cold, this process may have other work first): the next item
    this process takes from the front, and the last item the copy took from the back, each
    written by one side only, in memory both share. No lock: two sides taking the same item
    at once both do it (this process's result is kept); an item is never left undone, as a
    side only passes over an item the other took."""

    def __init__(self, front: int, back: int) -> None:
        self._mem = mmap.mmap(-1, 16)  # anonymous and shared: the forked copy writes the same memory
        struct.pack_into("qq", self._mem, 0, front, back)

    def front(self) -> int:
        return struct.unpack_from("q", self._mem, 0)[0]

    def back(self) -> int:
        return struct.unpack_from("q", self._mem, 8)[0]

    def take_front(self) -> int | None:
        i = self.front()
        if i >= self.back():
            return None
        struct.pack_into("q", self._mem, 0, i + 1)
        return i

    def take_back(self) -> int | None:
        j = self.back() - 1
        if j < self.front():
            return None
        struct.pack_into("q", self._mem, 8, j)
        return j


def share_out(count: int, do: Callable[[int], Any], *, here: Callable[[int], Any] | None = None,
              meanwhile: Callable[[], Any] | None = None) -> list[Any]:
    """`do(i)` for every i < count, on two cores: a forked copy takes items from the back while
    this process takes them from the front (`Meeting`), as `here(i)` (`do` with this process's
    progress shown; default `do`), after `meanwhile()` — this process's other work. Items the
    copy did not deliver (it failed) are done here. The results, in item order."""
    here = here or do
    meeting = Meeting(0, count)
    copy = Copy(lambda: [(i, do(i)) for i in iter(meeting.take_back, None)])
    done: dict[int, Any] = {}
    try:
        if meanwhile is not None:
            meanwhile()
        while (i := meeting.take_front()) is not None:
            done[i] = here(i)
        theirs = copy.collect()
    except BaseException:
        copy.stop()
        raise
    for i, got in theirs or []:
        done.setdefault(i, got)
    return [done[i] if i in done else do(i) for i in range(count)]
