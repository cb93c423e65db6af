"""Tolerances (domain.md): rounding differences are 提示, anything larger is an error."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from auditdesk.checks.finding import ERROR, INFO

CENT = Decimal("0.01")


@dataclass(frozen=True)
class CheckConfig:
    # one rounding unit per addend, in the unit the amounts are printed in (0.01 万元 / 0.01 元)
    cent: Decimal = CENT
    # recomputed percentages are compared at 2 decimals; within ±0.01 point → pass
    pct_tolerance: Decimal = CENT
    # when two printed figures restate the same amount (table ↔ table, narrative ↔ table)
    # any difference is an error (domain.md: "the narrative restates a table cell → error")
    restatement_tolerance: Decimal = Decimal(0)
    # per-rule switches: rule ids listed here are not run (recorded as skipped)
    disabled: frozenset[str] = frozenset()

    def tolerance(self, addends: int) -> Decimal:
        """Largest rounding difference for a sum of `addends` printed figures (same unit)."""
        return self.cent * max(addends, 0)

    def severity(self, difference: Decimal, addends: int, scale: Decimal = Decimal(1)) -> str | None:
        """None when exact; INFO (尾差) within 0.01 × addends (× scale); ERROR beyond.

        `scale` converts the tolerance when the compared amounts are not in the unit they
        were rounded in (e.g. a 元 figure compared in 万元: scale = 1).
        """
        if difference == 0:
            return None
        if addends > 0 and abs(difference) <= self.tolerance(addends) * scale:
            return INFO
        if addends == 0 and abs(difference) <= self.restatement_tolerance * scale:
            return INFO
        return ERROR

    def pct_ok(self, printed: Decimal, numerator: Decimal, denominator: Decimal) -> tuple[bool, Decimal]:
        """Recompute numerator/denominator as a percentage and compare with `printed`.

        Within ±0.01 point at 2 decimals → pass.  A rate printed with fewer decimals
        (77.3%) passes when it is the correct rounding (half a unit of its last digit).
        """
        exact = numerator * 100 / denominator
        try:
            shown = exact.quantize(CENT, rounding=ROUND_HALF_UP)
        except ArithmeticError:
            return False, exact
        exp = printed.as_tuple().exponent
        decimals = -exp if isinstance(exp, int) and exp < 0 else 0
        if decimals >= 2:
            return abs(shown - printed) <= self.pct_tolerance, shown
        half = Decimal(5) * Decimal(10) ** (-(decimals + 1))
        return abs(exact - printed) <= half + self.pct_tolerance, shown
