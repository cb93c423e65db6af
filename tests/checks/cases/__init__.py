"""Data-driven rule cases: each family module defines CASES = [case(...), …]."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass
class Case:
    rule: str
    kind: str  # "pass" | "fail"
    name: str
    doc: Callable
    # expected findings of this rule: (severity, row_label, column); row_label / column None = any
    expect: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    status: str = "ran"  # expected coverage status

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.kind}-{self.name}"


def case(rule, kind, name, doc, expect=(), status="ran"):
    return Case(rule, kind, name, doc, list(expect), status)
