"""The progress protocol shared by extraction, checks and export (Qt-free)."""
from __future__ import annotations

from typing import Any, Callable, Protocol


class Progress(Protocol):
    def report(self, fraction: float, text: str) -> None: ...

    def cancelled(self) -> bool: ...


class NullProgress:
    def report(self, fraction: float, text: str) -> None:
        pass

    def cancelled(self) -> bool:
        return False


def reporter(progress: Any) -> Callable[[float, str], None]:
    """A report(fraction, text) callable from a Progress object, a plain callable or None."""
    if progress is None:
        return lambda frac, text: None
    if hasattr(progress, "report"):
        return progress.report
    return progress
