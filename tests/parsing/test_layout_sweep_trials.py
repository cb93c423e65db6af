"""Layout-sweep trials (benchmarks/layout_sweep.py) that read differently from their plain print,
kept once fixed: each trial draws its seed, rules and features from its number."""
from __future__ import annotations

import pytest

from tests.fixtures.seeds import load_seed
from tests.fixtures.variants import FEATURES


def test_empty_tables_noted_sees_whole_yuan_as_figures():
    """yuan_without_decimals prints whole 元 ('4,005,500'); empty_tables_noted, applied after it, took
    every table for all-zero and printed it empty (sweep trial 608: a fixture artefact)."""
    spec = FEATURES["amounts_in_yuan"](load_seed(1))
    spec = FEATURES["empty_tables_noted"](FEATURES["yuan_without_decimals"](spec))
    kept = [t for t in spec.tables if t.kind == "table" and t.rows]
    assert len(kept) >= 3 and any(t.unit == "元" for t in kept)


# 608: the generator (above); 838 (seed 4 unruled, year_in_title_brackets + continued_title): the
# continuation page's title "收入决算表（2024年度）（续）" — two brackets after 表 — was no title, and
# its line a row of every table running over a page (02 26 → 27 rows …, an A21 warning)
@pytest.mark.parametrize("trial", [608, 838])
def test_sweep_trial(trial):
    from benchmarks.layout_sweep import run

    assert run(1, trial, False)["differing"] == []
