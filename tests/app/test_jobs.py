from __future__ import annotations

import time

import pytest

from auditdesk.app.jobs import Cancelled, Job, JobRunner, NullProgress, ProcessExtractor


def double(x, progress=None):
    progress.report(0.5, "一半")
    return 2 * x


def slow_child(path, progress=None):
    """Runs in the child process (module-level so it pickles)."""
    for i in range(4):
        progress.report(i / 4, f"第 {i} 页")
        time.sleep(0.05)
    return f"done:{path}"


def failing(x, progress=None):
    raise ValueError("坏文件")


def test_body_runs_synchronously():
    assert double(3, progress=NullProgress()) == 6


def test_job_signals(qtbot):
    job = Job(double, 21)
    results = []
    job.signals.result.connect(results.append)
    with qtbot.waitSignals([job.signals.started, job.signals.finished], timeout=3000):
        JobRunner().pool.start(job)
    qtbot.waitUntil(lambda: results == [42], timeout=1000)


def test_error_goes_to_error_signal(qtbot):
    runner = JobRunner()
    errors = []
    job = Job(failing, 1)
    with qtbot.waitSignal(job.signals.finished, timeout=3000):
        runner.start("x", job, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert str(errors[0]) == "坏文件"


def test_stale_results_are_dropped(qtbot):
    runner = JobRunner()
    results = []

    def slow(x, progress=None):
        time.sleep(0.2)
        return x

    first = Job(slow, "first")
    runner.start("extract", first, on_result=results.append)
    second = Job(slow, "second")
    with qtbot.waitSignal(second.signals.finished, timeout=3000):
        runner.start("extract", second, on_result=results.append)
    qtbot.wait(300)
    assert results == ["second"]
    assert first.cancelled


def test_process_extractor_reports_progress_and_result(qtbot):
    ex = ProcessExtractor(slow_child)
    seen = []

    class P:
        def report(self, frac, text=""):
            seen.append(text)

        def cancelled(self):
            return False

    try:
        assert ex.extract("a.pdf", P()) == "done:a.pdf"
        assert seen
        ex.cancel()  # idle: keeps the warm child
        assert ex.extract("b.pdf", P()) == "done:b.pdf"
    finally:
        ex.shutdown()


def test_process_extractor_cancel_kills_child(qtbot):
    ex = ProcessExtractor(slow_child)

    class P:
        calls = 0

        def report(self, frac, text=""):
            pass

        def cancelled(self):
            P.calls += 1
            return P.calls > 2

    try:
        with pytest.raises(Cancelled):
            ex.extract("a.pdf", P())
        P.calls = -1000
        assert ex.extract("c.pdf", P()) == "done:c.pdf"  # a fresh child after the kill
    finally:
        ex.shutdown()


def test_extract_and_check_keeps_the_document_when_checks_fail(monkeypatch, tmp_path):
    import auditdesk.checks.engine as engine
    import auditdesk.parsing.extract as extract
    from auditdesk.app.jobs import Extracted, extract_and_check

    monkeypatch.setattr(extract, "open_disclosure", lambda path, progress=None: "DOC")

    def broken(doc, **kw):
        raise RuntimeError("rule bug")

    monkeypatch.setattr(engine, "run_checks", broken)
    assert extract_and_check(str(tmp_path / "x.pdf")) == Extracted("DOC", None)
    monkeypatch.setattr(engine, "run_checks", lambda doc, **kw: "REPORT")
    assert extract_and_check(str(tmp_path / "x.pdf")) == Extracted("DOC", "REPORT")
