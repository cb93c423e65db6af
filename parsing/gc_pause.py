"""Pause Python's cyclic garbage collector while a document is built or checked.

Building a document and running the rules allocate hundreds of thousands of small objects
(words, lines, cells, findings) and leave almost no reference cycles behind. The cyclic
collector, started every few hundred allocations, would walk every object still alive again
and again — at 300 pages a fifth of the table-building time. Paused, it runs once afterwards.
Reference counting still frees everything as usual."""
from __future__ import annotations

import contextlib
import functools
import gc
from typing import Callable, Iterator, TypeVar

F = TypeVar("F", bound=Callable)


@contextlib.contextmanager
def gc_pause() -> Iterator[None]:
    """The block runs with the cyclic collector paused (resumed however it ends; a block
    inside another pause leaves it to the outer one)."""
    if not gc.isenabled():  # already paused by a caller
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def gc_paused(fn: F) -> F:
    """`fn` runs with the cyclic collector paused (and it is resumed however `fn` ends)."""

    @functools.wraps(fn)
    def run(*args, **kwargs):
        with gc_pause():
            return fn(*args, **kwargs)

    return run  # type: ignore[return-value]


@contextlib.contextmanager
def collecting(when: bool = True) -> Iterator[None]:
    """The block runs with the cyclic collector on (`when`), paused again after it if it was:
    work that runs for minutes and makes garbage as it goes (OCR) inside a paused command.
    (Not for short work: the first collection walks everything made while paused.)"""
    paused = not gc.isenabled()
    if not when or not paused:
        yield
        return
    gc.enable()
    try:
        yield
    finally:
        gc.disable()
