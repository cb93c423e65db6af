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
