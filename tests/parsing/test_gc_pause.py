"""The cyclic collector is paused while a document is built or checked, and always resumed."""
import gc

import pytest

from auditdesk.parsing.gc_pause import gc_paused


def test_paused_inside_and_resumed_after_a_return_or_an_error():
    seen = []

    @gc_paused
    def work(fail: bool) -> int:
        seen.append(gc.isenabled())
        if fail:
            raise ValueError("bad page")
        return 7

    assert gc.isenabled()
    assert work(False) == 7
    with pytest.raises(ValueError):
        work(True)
    assert seen == [False, False]
    assert gc.isenabled()


def test_a_caller_that_paused_it_keeps_it_paused():
    @gc_paused
    def inner() -> bool:
        return gc.isenabled()

    gc.disable()
    try:
        assert inner() is False
        assert not gc.isenabled()  # not resumed behind the caller's back
    finally:
        gc.enable()


def test_a_paused_command_collects_during_its_ocr_pass_and_is_paused_after_it():
    from auditdesk.parsing.gc_pause import collecting

    gc.disable()
    try:
        with collecting():
            assert gc.isenabled()
        assert not gc.isenabled()
        with collecting(False):  # nothing to recognise: no collection over what was read
            assert not gc.isenabled()
        with pytest.raises(ValueError):
            with collecting():
                raise ValueError("cancelled")
        assert not gc.isenabled()
    finally:
        gc.enable()
    with collecting():  # a caller that collects keeps collecting
        assert gc.isenabled()
    assert gc.isenabled()


def test_the_one_shot_command_runs_without_the_cyclic_collector():
    import subprocess
    import sys

    code = ("import gc; from auditdesk.app.command_exit import quick_command; quick_command(); "
            "print(gc.isenabled(), gc.get_threshold()[0])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "100000"]
