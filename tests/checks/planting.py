"""Planted-error harness: single-cell arithmetic errors and narrative restatement errors
planted into rendered seed disclosures, scored against the unplanted twin.

    from tests.checks.planting import LAYOUTS, Twin, cell_plants, narrative_plants, run_plant
    twin = Twin.render(seed, "ruled", folder)          # clean twin: PDF, extraction, checks
    for plant in cell_plants(twin.spec, seed, per_table=2) + narrative_plants(twin.spec, seed, 2):
        out = run_plant(twin, plant, folder)            # Outcome(detected, false_alarms, …)

A plant is chosen deterministically (random.Random seeded with seed/table/kind) among the
printed amounts of the tables whose figures enter the 勾稽 rules (公开01–06, 三公): a cell
with a decimal amount (never 行次 or 科目代码), changed by a realistic slip — +1.00, −10.00,
two adjacent digits swapped (357.13 → 375.13), a dropped digit (357.13 → 37.13).

Scoring (per plant):
- detected: an error-level finding that is new or changed compared with the clean twin
  (by (key, message)) points at the planted table and row — Location.table/row, or a
  related location — or, for a narrative plant, at the planted sentence with a C/D rule;
- false alarms: error-level findings whose key is not among the clean twin's and which
  neither point at the planted cell/sentence nor relate to it.  The clean twin's own
  findings are the document's real discrepancies (and extraction artefacts) — not counted.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from auditdesk.checks import run_checks
from auditdesk.checks.finding import ERROR, CheckReport, Finding
from auditdesk.checks.index import classify, norm
from auditdesk.parsing.extract import open_disclosure
from auditdesk.parsing.model import Document, Table
from tests.fixtures import load_seed, plant_error, plant_narrative, render_pdf
from tests.fixtures.pdfs import layout_spec
from tests.fixtures.render import RenderInfo
from tests.fixtures.spec import DocSpec, TableSpec

# layout name → (TableSpec layout options, ruled)
LAYOUTS: dict[str, tuple[dict, bool]] = {
    "ruled": ({}, True),
    "unruled": ({}, False),
    "split": (dict(code_style="split", rows_per_page=9, font_size=7.5, repeat_header_on_continuation=False), True),
}
# further variants for benchmarks/planted.py --layouts (not in the test's matrix)
EXTRA_LAYOUTS: dict[str, tuple[dict, bool]] = {
    "unruled_split": (dict(code_style="split", rows_per_page=12, font_size=8.0, repeat_header_on_continuation=False), False),
    "landscape": (dict(landscape=True, font_size=8.5, rows_per_page=7), True),
}
ROLES = ("01", "02", "03", "04", "05", "06", "09")
DELTAS = ("+1.00", "-10.00", "swap", "drop")

_AMOUNT = re.compile(r"^-?[\d,，\s]*\d\s*\.\s*\d{2}$")


def spec_role(t: TableSpec) -> str | None:
    probe = Table("T00", norm(re.sub(r"^\d{4}\s*年度", "", t.title)), None, t.unit, [1], [], [], [], kind=t.kind)
    return classify(probe)


def _value(text: str) -> Decimal | None:
    s = re.sub(r"[\s,，]", "", text)
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _fmt(v: Decimal, like: str) -> str:
    return f"{v:,.2f}" if ("," in like or "，" in like) else f"{v:.2f}"


def mutate(text: str, how: str, rng: random.Random) -> str | None:
    """`text` changed by one slip; None when the slip does not apply (or changes nothing)."""
    v = _value(text)
    if v is None:
        return None
    digits = re.sub(r"[^\d.]", "", text)  # "1,112.44" → "1112.44"
    if how == "+1.00":
        new = v + 1
    elif how == "-10.00":
        if v < 10:
            return None
        new = v - 10
    elif how == "swap":
        pos = [i for i in range(len(digits) - 1)
               if digits[i] != "." and digits[i + 1] != "." and digits[i] != digits[i + 1]
               and not (i == 0 and digits[i + 1] == "0")]
        if not pos:
            return None
        i = rng.choice(pos)
        s = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
        new = Decimal(s)
    elif how == "drop":
        whole = digits.split(".")[0]
        if len(whole) < 2:
            return None
        i = rng.randrange(len(whole))
        s = whole[:i] + whole[i + 1:]
        if s.startswith("0"):
            return None
        new = Decimal(s + "." + digits.split(".")[1])
    else:
        raise ValueError(how)
    if abs(new - v) < Decimal("0.10"):
        return None
    return _fmt(new, text)


@dataclass(frozen=True)
class Plant:
    seed: int
    kind: str  # "cell" | "narrative"
    title: str = ""  # spec table title (cell plants)
    role: str = ""
    row: int = -1  # spec row index
    col: int = -1  # spec column index (before code splitting)
    old: str = ""
    new: str = ""
    how: str = ""
    label: str = ""  # the row's label, for reports

    def describe(self) -> str:
        if self.kind == "cell":
            return f"{self.role} row {self.row} ({self.label}) col {self.col}: {self.old} → {self.new} [{self.how}]"
        return f"narrative “{self.old}” → “{self.new}” [{self.how}]"

    def apply(self, spec: DocSpec) -> DocSpec:
        if self.kind == "cell":
            return plant_error(spec, self.title, self.row, self.col, self.new)
        return plant_narrative(spec, self.old, self.new)


def _row_label(row: list[str]) -> str:
    return next((c for c in row if c and re.search(r"[\u4e00-\u9fff]", c)), "")


def cell_candidates(t: TableSpec) -> list[tuple[int, int]]:
    """(row, col) of every printed non-zero amount of a table."""
    out = []
    for r, row in enumerate(t.rows):
        for c, text in enumerate(row):
            if _AMOUNT.match(text.strip()) and (_value(text) or 0) > 0:
                out.append((r, c))
    return out


def cell_plants(spec: DocSpec, seed: int, per_table: int = 2, salt: str = "",
                max_tables: int | None = None) -> list[Plant]:
    """`per_table` plants in each table of ROLES that has figures (or in `max_tables` of them,
    picked at random), chosen reproducibly."""
    plants: list[Plant] = []
    seen_roles: set[str] = set()
    tables = []
    for t in spec.tables:
        role = spec_role(t)
        if role not in ROLES or role in seen_roles:
            continue
        seen_roles.add(role)
        if cell_candidates(t):
            tables.append((role, t))
    if max_tables is not None and len(tables) > max_tables:
        keep = set(random.Random(f"tables/{seed}/{salt}").sample(range(len(tables)), max_tables))
        tables = [x for i, x in enumerate(tables) if i in keep]
    for role, t in tables:
        cands = cell_candidates(t)
        rng = random.Random(f"plant/{seed}/{role}/{salt}")
        picks = rng.sample(cands, min(per_table, len(cands)))
        for n, (r, c) in enumerate(picks):
            old = t.rows[r][c]
            start = rng.randrange(len(DELTAS))
            hows = DELTAS[start:] + DELTAS[:start]
            for how in hows:
                new = mutate(old, how, rng)
                if new is not None:
                    plants.append(Plant(seed, "cell", t.title, role, r, c, old, new, how, _row_label(t.rows[r])))
                    break
    return plants


_N_AMOUNT = re.compile(r"(?<![\d.])(\d[\d,]*\.\d{2})(?=\s*万元)")
_N_PCT = re.compile(r"(?<![\d.])(\d{1,3}\.\d{2})(?=\s*[%％])")


def table_values(spec: DocSpec) -> set[Decimal]:
    vals = set()
    for t in spec.tables:
        if spec_role(t) in ROLES:
            for r, c in cell_candidates(t):
                vals.add(_value(t.rows[r][c]))
    return vals


_SENTENCE_END = re.compile(r"[。；;！？!?]")


def _explains(paragraph: str, at: int) -> bool:
    """The figure at `at` stands in the 原因 clause of its sentence ("…下降8.02%，主要原因是年度考核奖
    19.12万元，较上年减少"): it names a cause, not a figure the tables print — it can equal a cell
    by value only (19.12 is also the 基本支出 of 其他支出), and no rule may compare it by value alone.
    Changing it plants no inconsistency a reader could see."""
    start = max((m.end() for m in _SENTENCE_END.finditer(paragraph, 0, at)), default=0)
    return "原因" in paragraph[start:at]


def narrative_plants(spec: DocSpec, seed: int, n: int = 2, salt: str = "") -> list[Plant]:
    """`n` narrative plants: an amount "X万元" that restates a figure of the tables (+1.00 or a
    digit swap; never one in a 原因 clause, `_explains`), or a share "占…Y%" (Y ± 1.00 or
    swapped), in a sentence of 情况说明."""
    values = table_values(spec)
    text = "\n".join(spec.narrative)
    amounts, pcts = [], []
    for p in spec.narrative:
        if "绩效" in p:
            continue  # 绩效自评 "涉及资金" sums projects; it restates no table cell
        for m in _N_AMOUNT.finditer(p):
            v = _value(m.group(1))
            if _explains(p, m.start()):
                continue
            if v and v in values and text.count(m.group(0)) == 1:
                ctx = p[max(0, m.start() - 12): m.end() + 2]
                if text.count(ctx) == 1:
                    amounts.append((ctx, m.start() - max(0, m.start() - 12), m.group(1)))
        for m in _N_PCT.finditer(p):
            before = p[max(0, m.start() - 30): m.start()]
            if "占" in before and Decimal(m.group(1)) > 0:
                ctx = p[max(0, m.start() - 12): m.end() + 1]
                if text.count(ctx) == 1:
                    pcts.append((ctx, m.start() - max(0, m.start() - 12), m.group(1)))
    rng = random.Random(f"narrative/{seed}/{salt}")
    plants: list[Plant] = []
    pools = [amounts, pcts]
    for k in range(n):
        pool = pools[k % 2] or pools[(k + 1) % 2]
        if not pool:
            break
        plant = plant_from(pool, rng, text, seed)
        if plant is not None:
            plants.append(plant)
    return plants


def plant_from(pool: list[tuple[str, int, str]], rng: random.Random, text: str, seed) -> Plant | None:
    """One narrative plant drawn from `pool` (context printed once in `text`, offset of its figure,
    the figure): the figure +1.00 or two of its digits swapped. None when the draw cannot change
    the figure or makes a context printed elsewhere in the text."""
    ctx, off, num = pool.pop(rng.randrange(len(pool)))
    how = rng.choice(("+1.00", "swap"))
    new_num = mutate(num, how, rng) or mutate(num, "+1.00", rng)
    if new_num is None:
        return None
    new_ctx = ctx[:off] + new_num + ctx[off + len(num):]
    if new_ctx in text:
        return None
    return Plant(seed, "narrative", old=ctx, new=new_ctx, how=how, label=num + "→" + new_num)


# -------------------------------------------------------------------------------- runs

def render_layout(spec: DocSpec, layout: str, path: Path) -> RenderInfo:
    opts, ruled = LAYOUTS[layout] if layout in LAYOUTS else EXTRA_LAYOUTS[layout]
    return render_pdf(layout_spec(spec, **opts), path, ruled=ruled)


def errors(report: CheckReport) -> list[Finding]:
    return [f for f in report.findings if f.severity == ERROR]


@dataclass
class Twin:
    seed: int
    layout: str
    spec: DocSpec
    path: Path
    info: RenderInfo
    doc: Document
    report: CheckReport
    keys: set = field(default_factory=set)  # Finding.key of the clean twin's errors
    keyed: set = field(default_factory=set)  # (key, message) of the clean twin's errors

    @classmethod
    def render(cls, seed: int, layout: str, folder: Path) -> "Twin":
        spec = load_seed(seed)
        path = Path(folder) / f"seed{seed}_{layout}_clean.pdf"
        info = render_layout(spec, layout, path)
        doc = open_disclosure(path)
        report = run_checks(doc)
        errs = errors(report)
        return cls(seed, layout, spec, path, info, doc, report, {f.key for f in errs},
                   {(f.key, f.message) for f in errs})


@dataclass
class Outcome:
    plant: Plant
    layout: str
    detected: bool
    false_alarms: list[Finding]
    table_id: str | None = None
    rows: tuple[int, ...] = ()
    sentences: tuple[int, ...] = ()
    new_errors: list[Finding] = field(default_factory=list)
    extracted: str = ""  # what the extractor read at the planted place (for reports)

    def report(self) -> str:
        lines = [f"seed{self.plant.seed} {self.layout} {self.plant.describe()} → "
                 f"{'DETECTED' if self.detected else 'MISSED'}; table {self.table_id} rows {self.rows}"
                 f"{' sentences ' + str(self.sentences) if self.sentences else ''}"]
        if self.extracted:
            lines.append("   extracted: " + self.extracted)
        for f in self.new_errors:
            lines.append(f"   new: {f.rule} {f.location.table} {f.location.row} {f.location.column} {f.message[:150]}")
        for f in self.false_alarms:
            lines.append(f"   FALSE ALARM: {f.rule} {f.location.table} {f.location.row} {f.location.column} {f.message[:150]}")
        return "\n".join(lines)


def _extracted_table(doc: Document, title: str) -> Table | None:
    key = norm(title)
    for t in doc.tables:
        if norm(t.title) == key:
            return t
    for t in doc.tables:
        if key in norm(t.title) or norm(t.title) in key:
            return t
    return None


def _rows_at(t: Table, page: int, bbox) -> tuple[int, ...]:
    """Extracted rows printed where the spec row was drawn (same page, overlapping vertically)."""
    y0, y1 = bbox[1], bbox[3]
    out = []
    for i, row in enumerate(t.rows):
        if row.page != page or not row.bbox:
            continue
        ov = min(y1, row.bbox[3]) - max(y0, row.bbox[1])
        if ov > 0.4 * min(y1 - y0, row.bbox[3] - row.bbox[1]):
            out.append(i)
    return tuple(out)


def _points_at(f: Finding, tid: str | None, rows: tuple[int, ...]) -> bool:
    locs = (f.location,) + tuple(f.related)
    return any(loc.table == tid and loc.row in rows for loc in locs if tid is not None)


def _narr_sentences(doc: Document, new: str, num: str) -> tuple[int, ...]:
    """Sentences holding the planted text (the extractor may split it at "；")."""
    key = norm(new)
    hits = tuple(s.index for s in doc.narrative if key in norm(s.text))
    if hits:
        return hits
    m = re.search(re.escape(num), new)
    if not m:
        return ()
    before = norm(new[: m.start()])[-3:]
    after = norm(new[m.end():])[:2]
    found = [s.index for s in doc.narrative if num in norm(s.text)]
    best = [i for i in found if (before + num) in norm(doc.narrative[i].text)
            or (num + after) in norm(doc.narrative[i].text)]
    return tuple(best or found)


def run_plant(twin: Twin, plant: Plant, folder: Path) -> Outcome:
    spec = plant.apply(twin.spec)
    path = Path(folder) / f"seed{twin.seed}_{twin.layout}_planted.pdf"
    info = render_layout(spec, twin.layout, path)
    doc = open_disclosure(path)
    report = run_checks(doc)
    return score(twin, plant, doc, report, info)


def score(twin: Twin, plant: Plant, doc: Document, report: CheckReport, info: RenderInfo) -> Outcome:
    errs = errors(report)
    new = [f for f in errs if (f.key, f.message) not in twin.keyed]
    tid, rows, sents, extracted = None, (), (), ""
    if plant.kind == "cell":
        t = _extracted_table(doc, plant.title)
        tr = info.table(plant.title)
        rb = next((rb for rb in tr.rows if rb.index == plant.row), None)
        if t is not None and rb is not None:
            tid = t.id
            rows = _rows_at(t, rb.page, rb.bbox)
            extracted = " | ".join(f"row {i} [{t.rows[i].label}] " + str(t.rows[i].texts) for i in rows) or \
                f"no extracted row on page {rb.page} at y {rb.bbox[1]:.1f}–{rb.bbox[3]:.1f}"
        elif t is None:
            extracted = f"table {plant.title} not extracted"
        detected = any(_points_at(f, tid, rows) for f in new)
        related = lambda f: _points_at(f, tid, rows)  # noqa: E731
    else:
        sents = _narr_sentences(doc, plant.new, plant.label.split("→")[1])
        extracted = " / ".join(doc.narrative[i].text[:120] for i in sents) or "planted sentence not found"
        on = lambda f: (f.location.narrative in sents or any(l.narrative in sents for l in f.related))  # noqa: E731
        detected = any(on(f) and f.rule[0] in "CD" for f in new)
        related = on
    false_alarms = [f for f in new if f.key not in twin.keys and not related(f)]
    return Outcome(plant, twin.layout, detected, false_alarms, tid, rows, sents, new, extracted)


# ------------------------------------------------------------------------- batch runs

@dataclass
class LayoutResult:
    seed: int
    layout: str
    outcomes: list[Outcome]
    clean_errors: list[Finding]
    seconds: float = 0.0

    @property
    def cell(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.plant.kind == "cell"]

    @property
    def narrative(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.plant.kind == "narrative"]


def run_layout(seed: int, layout: str, folder: str, per_table: int, n_narrative: int,
               salt: str = "", max_tables: int | None = None) -> LayoutResult:
    """Render the clean twin once, then every plant in its own copy."""
    import time

    t0 = time.perf_counter()
    sub = Path(folder) / f"s{seed}_{layout}"
    sub.mkdir(parents=True, exist_ok=True)
    twin = Twin.render(seed, layout, sub)
    plants = cell_plants(twin.spec, seed, per_table, salt, max_tables) + \
        narrative_plants(twin.spec, seed, n_narrative, salt)
    outcomes = [run_plant(twin, p, sub) for p in plants]
    return LayoutResult(seed, layout, outcomes, errors(twin.report), time.perf_counter() - t0)


def _run_layout_args(args) -> LayoutResult:
    return run_layout(*args)


def run_all(tasks: list[tuple], workers: int = 2) -> list[LayoutResult]:
    """run_layout over (seed, layout, folder, per_table, n_narrative, salt, max_tables) tuples, in `workers`
    processes (forked: the fixture modules are already imported); heaviest seeds first."""
    import multiprocessing as mp
    import os

    if workers <= 1 or os.environ.get("AUDITDESK_PLANTED_SERIAL") or "fork" not in mp.get_all_start_methods():
        return [_run_layout_args(t) for t in tasks]
    order = sorted(range(len(tasks)), key=lambda i: -tasks[i][0])  # seed 4 (many forms) is slowest
    with mp.get_context("fork").Pool(workers) as pool:
        done = pool.map(_run_layout_args, [tasks[i] for i in order], chunksize=1)
    out: list[LayoutResult | None] = [None] * len(tasks)
    for i, r in zip(order, done):
        out[i] = r
    return out  # type: ignore[return-value]
