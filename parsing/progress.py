"""The progress protocol shared by extraction, checks and export (Qt-free)."""
from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def report(self, fraction: float, text: str) -> None: ...

    def cancelled(self) -> bool: ...


class NullProgress:
    def report(self, fraction: float, text: str) -> None:
        pass

    def cancelled(self) -> bool:
        return False
