"""The rule registry: one decorated function per rule id (sqlfluff-style).

A rule is a generator ``fn(ix: DocIndex, cfg: CheckConfig) -> Iterable[Finding]``.  It raises
:class:`Skip` (inputs missing) or :class:`NotApplicable` (the document has no such table) before
yielding, and the engine records that in the coverage ledger.  Ids are declared only here, with
the families of domain.md: A 表内, B 表间, C 表文, D 文内, E 绩效, F 结构.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from auditdesk.parsing.table_types import role_of

ID_PATTERN = re.compile(r"^[A-F]\d+$")
FAMILIES = {"A": "表内", "B": "表间", "C": "表文", "D": "文内", "E": "绩效", "F": "结构"}
# Ids that were used once and must never be reused (sqlfluff aliases).
RETIRED: frozenset[str] = frozenset()


class Skip(Exception):
    """The rule's inputs are missing (table / row / column not found): coverage `skipped`."""


class NotApplicable(Exception):
    """The document legitimately has nothing for this rule (e.g. no 绩效自评表)."""


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    tables: tuple[str, ...]  # registered table roles ("01" … "10", "perf")
    fn: Callable[..., Iterable]
    description: str
    basis: str  # 依据 section of the docstring

    @property
    def family(self) -> str:
        return FAMILIES[self.id[0]]


class Registry(dict):
    def register(self, r: Rule) -> None:
        if r.id in self:
            raise ValueError(f"duplicate rule id {r.id}")
        if r.id in RETIRED:
            raise ValueError(f"rule id {r.id} is retired and must not be reused")
        if not ID_PATTERN.match(r.id):
            raise ValueError(f"bad rule id {r.id!r}")
        self[r.id] = r

    def ordered(self) -> list[Rule]:
        return sorted(self.values(), key=lambda r: (r.id[0], int(r.id[1:])))


RULES: Registry = Registry()


def _doc_parts(doc: str | None) -> tuple[str, str]:
    if not doc:
        return "", ""
    lines = [ln.strip() for ln in doc.strip().splitlines()]
    description = lines[0] if lines else ""
    basis: list[str] = []
    on = False
    for ln in lines[1:]:
        if ln.startswith("依据"):
            on = True
            rest = ln.split(":", 1)[-1].split("：", 1)[-1].strip()
            if rest:
                basis.append(rest)
            continue
        if on and (ln.startswith("示例") or not ln):
            if basis:
                break
            continue
        if on:
            basis.append(ln)
    return description, " ".join(basis)


def rule(rule_id: str, *, name: str, tables: tuple[str, ...] = ()) -> Callable:
    """Register ``fn`` as rule ``rule_id``; the docstring gives description and 依据.

    ``tables`` names the table types the rule reads: registered role ids ("01", "perf") or
    their canonical titles; an unregistered name is a programming error (ValueError)."""

    roles = tuple(role_of(t) for t in tables)  # registered table types only

    def deco(fn: Callable) -> Callable:
        description, basis = _doc_parts(fn.__doc__)
        RULES.register(Rule(rule_id, name, roles, fn, description, basis))
        fn.rule_id = rule_id  # type: ignore[attr-defined]
        return fn

    return deco
