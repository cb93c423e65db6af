"""The 情况说明 in other provinces' wording (tests.fixtures.wording), end to end through a rendered PDF:
the reworded clean twin must report what the seed's own wording reports (its real discrepancies,
no more, no fewer), and a figure planted in the reworded narrative must be reported on its sentence.

    r = run_dialect(seed, "yuan", folder, n_narrative=4)   # DialectResult
    r.extra, r.lost            # C/D errors the wording added / lost against the seed's own wording
    r.outcomes                 # one per plant: detected, false alarms
"""
from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from auditdesk.checks import run_checks
from auditdesk.checks.finding import ERROR, Finding
from auditdesk.checks.index import norm
from auditdesk.parsing.extract import open_disclosure
from tests.checks.planting import Plant, narrative_plants, plant_from, render_layout
from tests.fixtures import load_seed
from tests.fixtures.wording import reword


def _q(v) -> Decimal | None:
    return None if v is None else Decimal(v).quantize(Decimal("0.01"))


def _sig(f: Finding) -> tuple:
    """What a narrative finding says, whatever the wording: its rule and its two figures (in 万元)."""
    return (f.rule, _q(f.expected), _q(f.actual))


def _narrative_errors(report) -> list[Finding]:
    return [f for f in report.findings if f.severity == ERROR and f.rule[0] in "CD"]


# a 完成率 ("完成年初预算的82.73%") and a growth rate after its change ("减少29.60万元，下降4.65%"): the
# dialects reword both, so they are planted too (tests.checks.planting plants amounts and shares only)
_RATE_TXT = re.compile(r"完成(?:年初|全年)?预算的\s*(\d{1,3}\.\d{2})\s*%")
_GROWTH_TXT = re.compile(r"(?:增加|减少)\s*\d[\d,]*\.\d{2}\s*万元\s*[，,]\s*(?:增长|下降)\s*(\d{1,3}\.\d{1,2})\s*%")


def rate_plants(spec, seed: int, n: int = 2, salt: str = "") -> list[Plant]:
    """`n` plants of a printed 完成率 or growth rate (+1.00 or two digits swapped), each in a context
    printed once in the 情况说明."""
    text = "\n".join(spec.narrative)
    pool = []
    for p in spec.narrative:
        for rx in (_RATE_TXT, _GROWTH_TXT):
            for m in rx.finditer(p):
                if Decimal(m.group(1)) == 0 or text.count(m.group(0)) != 1:
                    continue
                pool.append((m.group(0), m.start(1) - m.start(), m.group(1)))
    return _draw(pool, random.Random(f"rates/{seed}/{salt}"), text, seed, n)


def _draw(pool: list, rng: random.Random, text: str, seed: int, n: int) -> list[Plant]:
    """Up to `n` plants drawn from `pool` (`plant_from` takes each it draws out of the pool)."""
    out = []
    while pool and len(out) < n:
        plant = plant_from(pool, rng, text, seed)
        if plant is not None:
            out.append(plant)
    return out


# a figure a dialect adds to the text (not the seed's own): planted in the reworded text itself
_NEW_FIGURES = {"vsbudget": re.compile(r"较(?:年初|全年)预算(?:增加|减少)\s*(\d[\d,]*\.\d{2})\s*万元")}


def new_figure_plants(reworded, seed: int, dialect: str, n: int = 2, salt: str = "") -> list[Plant]:
    """`n` plants of a figure the dialect prints and the seed does not (vsbudget: the 决算's difference from
    its 预算), each in a context printed once in the reworded 情况说明."""
    rx = _NEW_FIGURES.get(dialect)
    if rx is None:
        return []
    text = "\n".join(reworded.narrative)
    pool = [(m.group(0), m.start(1) - m.start(), m.group(1)) for p in reworded.narrative for m in rx.finditer(p)
            if Decimal(m.group(1)) != 0 and text.count(m.group(0)) == 1]
    return _draw(pool, random.Random(f"new/{seed}/{dialect}/{salt}"), text, seed, n)


@dataclass
class DialectOutcome:
    plant: Plant
    detected: bool
    sentences: tuple[int, ...]
    new_errors: list[Finding] = field(default_factory=list)
    false_alarms: list[Finding] = field(default_factory=list)

    def report(self) -> str:
        lines = [f"{self.plant.describe()} → {'DETECTED' if self.detected else 'MISSED'} sentences {self.sentences}"]
        lines += [f"   new: {f.rule} {f.message[:140]}" for f in self.new_errors]
        lines += [f"   FALSE ALARM: {f.rule} {f.message[:140]}" for f in self.false_alarms]
        return "\n".join(lines)


@dataclass
class DialectResult:
    seed: int
    dialect: str
    layout: str
    extra: list[Finding]  # C/D errors of the reworded clean twin the seed's own wording does not give
    lost: list[Finding]  # C/D errors of the seed's own wording the reworded twin does not give
    outcomes: list[DialectOutcome]
    seconds: float = 0.0


def _render(spec, layout: str, path: Path):
    render_layout(spec, layout, path)
    doc = open_disclosure(path)
    return doc, run_checks(doc)


def run_dialect(seed: int, dialect: str, folder: str | Path, n_narrative: int = 4, salt: str = "",
                layout: str = "ruled", n_rates: int = 2) -> DialectResult:
    t0 = time.perf_counter()
    sub = Path(folder) / f"d{seed}_{dialect}_{layout}"
    sub.mkdir(parents=True, exist_ok=True)
    base = load_seed(seed)
    base.forms = []  # the 绩效 forms are not reworded and cost rendering time
    _d0, own = _render(base, layout, sub / "own.pdf")
    doc, clean = _render(reword(base, dialect), layout, sub / "clean.pdf")
    own_sig = [_sig(f) for f in _narrative_errors(own)]
    clean_sig = [_sig(f) for f in _narrative_errors(clean)]
    extra = [f for f in _narrative_errors(clean) if _sig(f) not in own_sig]
    lost = [f for f in _narrative_errors(own) if _sig(f) not in clean_sig]
    keyed = {(f.key, f.message) for f in clean.findings if f.severity == ERROR}
    keys = {f.key for f in clean.findings if f.severity == ERROR}
    texts = {norm(s.text) for s in doc.narrative}
    outcomes = []
    reworded = reword(base, dialect)
    plants = [(pl, False) for pl in narrative_plants(base, seed, n_narrative, salt) + rate_plants(base, seed, n_rates, salt)]
    plants += [(pl, True) for pl in new_figure_plants(reworded, seed, dialect, n_rates, salt)]
    for plant, on_reworded in plants:
        spec = plant.apply(reworded) if on_reworded else reword(plant.apply(base), dialect)
        pdoc, rep = _render(spec, layout, sub / "planted.pdf")
        changed = tuple(s.index for s in pdoc.narrative if norm(s.text) not in texts)
        new = [f for f in rep.findings if f.severity == ERROR and (f.key, f.message) not in keyed]
        on = lambda f: f.location.narrative in changed or any(x.narrative in changed for x in f.related)  # noqa: E731
        detected = any(on(f) and f.rule[0] in "CD" for f in new)
        false = [f for f in new if f.key not in keys and not on(f)]
        outcomes.append(DialectOutcome(plant, detected, changed, new, false))
    return DialectResult(seed, dialect, layout, extra, lost, outcomes, time.perf_counter() - t0)
