"""情况说明 forms and the planted-error harness (round 11)."""
from __future__ import annotations

from tests.checks.planting import _explains, narrative_plants
from tests.fixtures import load_seed


def test_no_plant_in_a_cause_clause():
    """An amount in a 原因 clause names a cause ("主要原因是年度考核奖19.12万元"): it equals a cell
    by value only (seed 002: the 基本支出 of 其他支出), so changing it is no inconsistency a rule
    may report. The benchmark's salt drew exactly that plant in round 10 (its 3 misses)."""
    text = "较上年决算减少3.59万元，下降8.02%，主要原因是年度考核奖19.12万元，较上年减少。其他支出41.20万元。"
    assert _explains(text, text.index("19.12"))
    assert not _explains(text, text.index("3.59"))
    assert not _explains(text, text.index("41.20"))
    for seed in range(5):
        for salt in ("", "bench", "r9"):
            for p in narrative_plants(load_seed(seed), seed, 4, salt):
                before = p.old.split(p.label.split("→")[0])[0]
                assert "原因" not in before, p.describe()
