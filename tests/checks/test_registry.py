"""Meta-test over the registry: ids, docstrings, cases for every rule."""
from __future__ import annotations

import re

import pytest

from auditdesk.checks import RULES
from auditdesk.checks.registry import Rule, rule
from tests.checks.test_rule_cases import CASES


def test_registry_not_empty():
    assert len(RULES) >= 18


@pytest.mark.parametrize("rid", sorted(RULES))
def test_rule_metadata(rid):
    r: Rule = RULES[rid]
    assert re.match(r"^[A-F]\d+$", r.id)
    assert r.name
    assert r.description, "docstring first line is the description"
    assert "依据" in (r.fn.__doc__ or "") and r.basis, "docstring needs a 依据: section"


@pytest.mark.parametrize("rid", sorted(RULES))
def test_rule_has_pass_and_fail_case(rid):
    kinds = {c.kind for c in CASES if c.rule == rid}
    assert {"pass", "fail"} <= kinds, f"{rid} needs at least one pass and one fail case"


def test_duplicate_id_raises():
    with pytest.raises(ValueError):
        @rule("A1", name="dup")
        def dup(ix, cfg):
            """dup.

            依据: none
            """
            return []


def test_no_qt_or_pymupdf_imports():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2] / "checks"
    for p in root.rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+(PySide6|pymupdf|fitz)", text, re.M), p
