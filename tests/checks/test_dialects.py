"""The seeds' 情况说明 reworded as other provinces print it (tests.fixtures.wording), through a rendered
PDF: the reworded clean copy reports exactly the seed's real discrepancies (no false error, none
lost), and every figure planted in the reworded text (amount, share, 完成率, growth rate, and a figure the
dialect itself prints: vsbudget's difference from the 预算) is reported on its sentence. The full matrix (5 seeds × every dialect) is `benchmarks/planted.py --dialects`."""
from __future__ import annotations

import pytest

from tests.checks.dialects import run_dialect

CASES = [(0, "yuan"), (2, "order"), (2, "yuan"), (3, "mixed"), (4, "runin"), (0, "numbering"), (2, "before"),
         (3, "performance"), (2, "semicolon"), (4, "pairs"), (2, "vsbudget"), (0, "growthfirst"), (2, "sangong")]


@pytest.mark.parametrize("seed,dialect", CASES, ids=[f"seed{s}-{d}" for s, d in CASES])
def test_dialect(tmp_path, seed, dialect):
    r = run_dialect(seed, dialect, tmp_path, n_narrative=2, n_rates=1)
    assert not r.extra, [f.message for f in r.extra]
    assert not r.lost, [f.message for f in r.lost]
    assert r.outcomes
    for o in r.outcomes:
        assert o.detected and not o.false_alarms, o.report()
