"""Pause Python's cyclic garbage collector while a document is built or checked.

Building a document and running the rules allocate hundreds of thousands of small objects
(words, lines, cells, findings) and leave almost no reference cycles behind. The cyclic
collector, started every few hundred allocations, would walk every object still alive again
and again — at 300 pages a fifth of the table-building time. Paused, it runs once afterwards.
Reference counting still frees everything as usual."""
from __future__ import annotations

import functools
import gc
from typing import Callable, TypeVar

F = TypeVar("F", bound=Callable)


def gc_paused(fn: F) -> F:
    """`fn` runs with the cyclic collector paused (and it is resumed however `fn` ends)."""

    @functools.wraps(fn)
    def run(*args, **kwargs):
        if not gc.isenabled():  # already paused by a caller
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return run  # type: ignore[return-value]
