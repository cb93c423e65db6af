"""Background jobs: `Job(QRunnable)` + `JobSignals(QObject)`, generation ids, and a
process-backed extractor.

A job body is a plain function `fn(*args, progress=Progress)`; `Progress` is a protocol
with `report(frac, text)` and `cancelled()`, so bodies are testable without threads.
`JobRunner.start(kind, job, ...)` cancels the previous job of the same kind and drops its
late results (generation ids), so opening a second file simply wins over the first.
"""
from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing as mp
import queue
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

import auditdesk.widgets.qt_compat  # noqa: F401 - must run before any signal is emitted
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from auditdesk.parsing.progress import Cancelled, NullProgress, Progress  # noqa: F401 - re-exported

log = logging.getLogger(__name__)


class JobSignals(QObject):
    started = Signal()
    progress = Signal(float, str)
    result = Signal(object)
    error = Signal(object)
    finished = Signal()


class _JobProgress:
    """Progress handed to the body: throttled to ~20 reports/s, cancellation via an Event."""

    def __init__(self, signals: JobSignals, cancel: threading.Event):
        self._signals = signals
        self._cancel = cancel
        self._last = 0.0

    def report(self, frac: float, text: str = "") -> None:
        now = time.monotonic()
        if now - self._last >= 0.05 or frac >= 1.0:
            self._last = now
            self._signals.progress.emit(float(frac), str(text))

    def cancelled(self) -> bool:
        return self._cancel.is_set()


class Job(QRunnable):
    """Runs `fn(*args, progress=…, **kwargs)` on a pool thread and reports through signals."""

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any):
        super().__init__()
        # Python owns the runnable (PySide does not hand it over to the pool: auto-deleting
        # would free it twice). Qt 6 reads autoDelete() before run(), so once run() returns
        # the pool never touches it again; JobRunner keeps recent jobs alive past that.
        self.setAutoDelete(False)
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = JobSignals()
        self._cancel = threading.Event()
        self.generation = 0
        self.done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:  # noqa: D401 - Qt override
        signals = self.signals
        try:
            signals.started.emit()
            result = self.fn(*self.args, progress=_JobProgress(signals, self._cancel), **self.kwargs)
        except Cancelled:
            pass
        except BaseException as exc:  # noqa: BLE001 - everything goes to the error slot
            if not self._cancel.is_set():
                signals.error.emit(exc.with_traceback(None))  # no frames cross threads
        else:
            if not self._cancel.is_set():
                signals.result.emit(result)
        finally:
            self.done.set()
            signals.finished.emit()


class _Relay(QObject):
    """Lives on the GUI thread; forwards one job's signals unless the job went stale."""

    def __init__(self, runner: "JobRunner", kind: str, job: Job, on_result, on_error, on_progress,
                 on_finished):
        super().__init__()  # Python-owned (no parent): dropped by the runner when finished
        self.runner, self.kind, self.job = runner, kind, job
        self.on_result, self.on_error = on_result, on_error
        self.on_progress, self.on_finished = on_progress, on_finished
        s = job.signals
        s.result.connect(self.result)
        s.error.connect(self.error)
        s.progress.connect(self.progress)
        s.finished.connect(self.finished)

    def _current(self) -> bool:
        return self.runner.current_generation(self.kind) == self.job.generation and not self.job.cancelled

    @Slot(object)
    def result(self, value: object) -> None:
        if self._current() and self.on_result:
            self.on_result(value)

    @Slot(object)
    def error(self, exc: object) -> None:
        if self._current() and self.on_error:
            self.on_error(exc)

    @Slot(float, str)
    def progress(self, frac: float, text: str) -> None:
        if self._current() and self.on_progress:
            self.on_progress(frac, text)

    @Slot()
    def finished(self) -> None:
        current = self._current()
        self.runner._forget(self)
        if current and self.on_finished:
            self.on_finished()


class JobRunner(QObject):
    """Starts jobs on a QThreadPool, one live job per kind; results carry generation ids."""

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._generation: dict[str, int] = {}
        self._live: dict[str, _Relay] = {}
        self._relays: set[_Relay] = set()
        self._recent: list[Job] = []  # finished jobs kept alive a little longer (see Job)

    def current_generation(self, kind: str) -> int:
        return self._generation.get(kind, 0)

    def start(self, kind: str, job: Job, *, on_result: Callable[[Any], None] | None = None,
              on_error: Callable[[Any], None] | None = None,
              on_progress: Callable[[float, str], None] | None = None,
              on_finished: Callable[[], None] | None = None) -> Job:
        self.cancel(kind)
        gen = self._generation.get(kind, 0) + 1
        self._generation[kind] = gen
        job.generation = gen
        relay = _Relay(self, kind, job, on_result, on_error, on_progress, on_finished)
        self._live[kind] = relay
        self._relays.add(relay)
        self.pool.start(job)
        return job

    def cancel(self, kind: str) -> None:
        relay = self._live.pop(kind, None)
        self._generation[kind] = self._generation.get(kind, 0) + 1
        if relay is not None:
            # No disconnect here: disconnecting while the worker thread emits is a data race
            # in PySide. The relay stays connected and drops the stale job's signals itself.
            relay.job.cancel()

    def is_running(self, kind: str) -> bool:
        relay = self._live.get(kind)
        return relay is not None and not relay.job.done.is_set()

    def _forget(self, relay: _Relay) -> None:
        self._recent = [j for j in self._recent[-7:]] + [relay.job]
        self._relays.discard(relay)
        if self._live.get(relay.kind) is relay:
            del self._live[relay.kind]

    def cancel_all(self) -> None:
        for kind in list(self._live):
            self.cancel(kind)


# ---------------------------------------------------------------- process extraction

_child_queue: Any = None
_child_cancel: Any = None


def _child_init(q: Any, cancel: Any) -> None:
    global _child_queue, _child_cancel
    _child_queue, _child_cancel = q, cancel
    _die_with_parent()


def _die_with_parent() -> None:
    """The extractor child exits as soon as its parent is gone (SIGTERM, SIGKILL, crash), so it
    never lingers holding 100–200 MB; with it goes multiprocessing's resource tracker, which
    lives until the last process holding its pipe exits. (Not PR_SET_PDEATHSIG: that fires when
    the *thread* that started the child ends, and pool threads come and go.)"""
    import os

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="auditdesk-parent-watch", daemon=True).start()


class _ChildProgress:
    def __init__(self) -> None:
        self._last = 0.0

    def report(self, frac: float, text: str = "") -> None:
        now = time.monotonic()
        if _child_queue is not None and (now - self._last >= 0.05 or frac >= 1.0):
            self._last = now
            try:
                _child_queue.put_nowait((float(frac), str(text)))
            except Exception:  # pragma: no cover - a full queue only loses a report
                pass

    def cancelled(self) -> bool:
        return bool(_child_cancel is not None and _child_cancel.is_set())


def _child_extract(fn: Callable[..., Any], path: str) -> Any:
    if _child_cancel is not None:
        _child_cancel.clear()
    return fn(path, progress=_ChildProgress())


def _child_warm() -> bool:
    import auditdesk.checks.engine  # noqa: F401
    import auditdesk.parsing.extract  # noqa: F401 - pays the import cost before the first file
    return True


def default_extract(path: str, progress: Any = None) -> Any:
    """The real extractor; imported in the child process only."""
    from auditdesk.parsing.extract import open_disclosure

    return open_disclosure(path, progress=progress)


@dataclass(frozen=True, slots=True)
class Extracted:
    """A Document with the check report made on it in the same child process."""

    document: Any
    report: Any


def extract_and_check(path: str, progress: Any = None) -> Extracted:
    """The real extractor followed by every check, both in the child process: the first
    report arrives with the document, so the GUI thread never shares the interpreter with a
    check thread while it lays out and paints a freshly opened file."""
    from auditdesk.checks.engine import run_checks
    from auditdesk.parsing.extract import open_disclosure

    doc = open_disclosure(path, progress=progress)
    try:
        report = run_checks(doc)
    except Exception:  # a failing rule never costs the document: the GUI re-runs the checks
        log.exception("checks failed in the extractor process")  # and reports the error its usual way
        report = None
    return Extracted(doc, report)


class ProcessExtractor:
    """Runs extraction in one child process (PyMuPDF documents never cross threads).

    `extract(path, progress)` is itself a job body: it blocks a pool thread (not the GUI)
    while the child works, relaying the child's progress. `cancel()` kills the child so
    a second file does not wait for the first; the pool is re-created on next use.
    """

    def __init__(self, fn: Callable[..., Any] = default_extract):
        self.fn = fn
        self._ctx = mp.get_context("spawn")
        self._lock = threading.Lock()
        self._pool: cf.ProcessPoolExecutor | None = None
        self._queue: Any = None
        self._cancel: Any = None
        self._busy = 0

    def _ensure(self) -> cf.ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._queue = self._ctx.Queue()
                self._cancel = self._ctx.Event()
                self._pool = cf.ProcessPoolExecutor(max_workers=1, mp_context=self._ctx,
                                                    initializer=_child_init,
                                                    initargs=(self._queue, self._cancel))
            return self._pool

    def warm_up(self) -> None:
        """Start the child and import the extractor now, off the GUI thread."""
        try:
            self._ensure().submit(_child_warm)
        except Exception:  # pragma: no cover - warming is best effort
            log.debug("warm-up failed", exc_info=True)

    def extract(self, path: str, progress: Progress | None = None) -> Any:
        progress = progress or NullProgress()
        pool = self._ensure()
        q = self._queue
        future = pool.submit(_child_extract, self.fn, path)
        with self._lock:
            self._busy += 1
        try:
            return self._await(future, q, progress)
        finally:
            with self._lock:
                self._busy -= 1

    def _await(self, future: cf.Future, q: Any, progress: Progress) -> Any:
        while True:
            try:
                result = future.result(timeout=0.05)
                break
            except cf.TimeoutError:
                pass
            except cf.process.BrokenProcessPool:
                if progress.cancelled():
                    raise Cancelled() from None
                with self._lock:
                    self._pool = None
                raise RuntimeError("解析进程意外退出，请重试或检查该 PDF 文件。") from None
            self._drain(q, progress)
            if progress.cancelled():
                self.cancel()
                raise Cancelled()
        self._drain(q, progress)
        return result

    @staticmethod
    def _drain(q: Any, progress: Progress) -> None:
        while True:
            try:
                frac, text = q.get_nowait()
            except (queue.Empty, OSError, ValueError, EOFError):
                return
            progress.report(frac, text)

    def cancel(self) -> None:
        """Kill the child process (if busy); the next `extract` starts a fresh one."""
        with self._lock:
            if not self._busy:
                return
            pool, self._pool = self._pool, None
            if self._cancel is not None:
                self._cancel.set()
        if pool is None:
            return
        procs = list(getattr(pool, "_processes", {}).values())
        for p in procs:
            try:
                p.terminate()
            except Exception:  # pragma: no cover
                pass
        pool.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            for p in list(getattr(pool, "_processes", {}).values()):
                try:
                    p.terminate()
                except Exception:  # pragma: no cover
                    pass
            pool.shutdown(wait=False, cancel_futures=True)
