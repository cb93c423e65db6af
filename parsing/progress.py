"""The one progress protocol and cancellation exception, shared by extraction, checks,
OCR, export and the GUI's jobs (Qt-free; Orange's TaskState without Qt)."""
from __future__ import annotations

from typing import Any, Callable, Protocol


class Progress(Protocol):
    def report(self, fraction: float, text: str = "") -> None: ...

    def cancelled(self) -> bool: ...


class Cancelled(Exception):
    """Raised by a task body that noticed `progress.cancelled()` (another file was opened)."""


class NullProgress:
    def report(self, fraction: float, text: str = "") -> None:
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
