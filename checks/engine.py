"""Run every registered rule over a document → CheckReport (findings + coverage ledger)."""
from __future__ import annotations

import re
import time
from typing import Any, Callable

from auditdesk.checks.config import CheckConfig
from auditdesk.checks.finding import (ERROR, NOT_APPLICABLE, RAN, SKIPPED, WARNING, CheckReport,
                                      Coverage, Finding)
from auditdesk.checks.index import DocIndex
from auditdesk.checks.registry import RULES, NotApplicable, Rule, Skip
from auditdesk.checks.vocabulary import in_document_words
from auditdesk.parsing import two_cores
from auditdesk.parsing.gc_pause import gc_paused
from auditdesk.parsing.model import LOW_CONFIDENCE, Document
from auditdesk.parsing.table_types import LABEL_HEADERS, as_printed
from auditdesk.parsing.progress import reporter


RULES_ON_TWO_CORES = 60  # pages: below this the fork costs about what the copy's rules save


def _cancelled(progress: Any) -> bool:
    fn = getattr(progress, "cancelled", None)
    return bool(fn()) if callable(fn) else False


def _drop_trace(ix: DocIndex, mark: int) -> None:
    if ix.trace is not None:
        del ix.trace[mark:]  # a rule that did not run re-performs nothing


def run_rule(r: Rule, ix: DocIndex) -> tuple[list[Finding], Coverage]:
    mark = len(ix.trace) if ix.trace is not None else 0
    try:
        found = [f for f in r.fn(ix, ix.cfg) if f is not None]
    except Skip as e:
        _drop_trace(ix, mark)
        return [], Coverage(r.id, SKIPPED, str(e))
    except NotApplicable as e:
        _drop_trace(ix, mark)
        return [], Coverage(r.id, NOT_APPLICABLE, str(e))
    except Exception as e:  # a rule bug must never cost the auditor the other rules
        _drop_trace(ix, mark)
        return [], Coverage(r.id, SKIPPED, f"规则内部错误：{type(e).__name__}: {e}")
    return found, Coverage(r.id, RAN, f"{len(found)} 条发现" if found else "通过")


_MERGE_HINT = "；如另一部分单独成册，请合并检查：auditdesk check 情况说明.pdf 表格.pdf"


def _partial(r: Rule, doc: Document) -> str | None:
    """A disclosure published in halves and checked alone: the rules whose inputs are in the
    other half cannot run, and coverage says so."""
    if not doc.tables and r.id[0] in "ABCE":
        return "本文件没有表格（只有情况说明），无法执行" + _MERGE_HINT
    if not doc.narrative and r.id[0] in "CD":
        return "本文件没有情况说明（只有表格），无法执行" + _MERGE_HINT
    return None


def _sort_key(ix: DocIndex, f: Finding):
    loc = f.location
    if loc.table is not None:
        return (0, ix.table_order.get(loc.table, 999), loc.row if loc.row is not None else -1,
                f.rule[0], int(f.rule[1:]) if f.rule[1:].isdigit() else 0, loc.column or "")
    return (1, loc.narrative if loc.narrative is not None else 10**6, 0,
            f.rule[0], int(f.rule[1:]) if f.rule[1:].isdigit() else 0, "")


@gc_paused
def run_checks(doc: Document, config: CheckConfig | None = None, progress: Any = None,
               rules: list[str] | None = None, trace: bool = False,
               meanwhile: Callable[[], Any] | None = None) -> CheckReport:
    """Every rule over `doc`.  Findings are numbered F0001… in table/row order; coverage lists
    every rule (ran / skipped with why / not_applicable). `trace` also records every comparison
    the rules made in `CheckReport.comparisons` (for the working paper's formulas).  A file that
    bundles several disclosures (`doc.units`) is checked one disclosure at a time.
    `meanwhile`: the caller's work that needs no finding (the command encodes the tables'
    JSON), done here first while a forked copy checks disclosures of a bundle or rules of a
    long disclosure — or not at all (then the caller does it)."""
    t0 = time.perf_counter()
    cfg = config or CheckConfig()
    report_progress = reporter(progress)
    todo = [r for r in RULES.ordered() if rules is None or r.id in rules]
    n = max(len(doc.units), 1)
    findings: list[Finding] = []
    coverage: dict[str, list[Coverage]] = {}
    comparisons: list = []
    seen: set = set()

    if n >= 2 and two_cores.can_fork() and not _cancelled(progress):
        done = _bundle_on_two_cores(doc, cfg, todo, progress, trace, report_progress, meanwhile)
    else:
        done = []
        for k in range(n):
            # (a bundle's disclosure is made a document where it is checked)
            part, back = (doc, None) if n == 1 else unit_document(doc, doc.units[k])
            done.append(_check(part, cfg, todo, lambda x, what, k=k: report_progress((k + x) / n, what), progress,
                               trace, alone=n == 1, meanwhile=meanwhile if n == 1 else None, back=back))
    for k in range(n):
        found, cov, compared = done[k]
        comparisons += compared
        for f in found:
            if (f.key, f.message) not in seen:  # a page fact seen from each disclosure: once
                seen.add((f.key, f.message))
                findings.append(f)
        for c in cov:
            coverage.setdefault(c.rule, []).append(c)
    budget = bool(doc.kind and "预算" in doc.kind)
    numbered = [_with_id(f, i + 1) for i, f in enumerate(findings)]
    report_progress(1.0, "检查完成")
    merged = [_merged_coverage(cs) for cs in coverage.values()]
    # why a rule did not run, in the document's own words (预算 tables on a 预算 disclosure,
    # tables by the labels it prints)
    merged = [Coverage(c.rule, c.status, in_document_words(as_printed(c.why, doc.tables, budget), doc.kind))
              for c in merged]
    return CheckReport(numbered, merged, time.perf_counter() - t0, comparisons=comparisons, traced=trace)


class _Disclosure:
    """One disclosure's rules, run one at a time (`rule`, on either core), and what they found
    put together in rule order (`result`, wherever each ran): the one-process result. `back`: a
    bundle's disclosure's map from its sentence numbers to the file's (see `unit_document`)."""

    def __init__(self, doc: Document, cfg: CheckConfig, todo: list[Rule], progress: Any, trace: bool,
                 back: dict[int, int] | None = None) -> None:
        self.doc, self.cfg, self.todo, self.progress, self.back = doc, cfg, todo, progress, back
        self.ix = DocIndex(doc, cfg)
        if trace:
            self.ix.trace = []
        self.ran: dict[int, tuple] = {}  # rule number → what it found here

    def rule(self, n: int) -> tuple[list[Finding], Coverage, list]:
        """Rule n: its findings, coverage and the comparisons it made (when traced)."""
        r, ix = self.todo[n], self.ix
        if _cancelled(self.progress):
            out: tuple = ([], Coverage(r.id, SKIPPED, "已取消"), [])
        elif r.id in self.cfg.disabled:
            out = ([], Coverage(r.id, SKIPPED, "已在配置中停用"), [])
        elif why := _partial(r, self.doc):
            out = ([], Coverage(r.id, SKIPPED, why), [])
        else:
            mark = len(ix.trace) if ix.trace is not None else 0
            found, cov = run_rule(r, ix)
            out = (found, cov, ix.trace[mark:] if ix.trace is not None else [])
        self.ran[n] = out
        return out

    def result(self, done: list[tuple]) -> tuple[list[Finding], list[Coverage], list]:
        """(findings in table/row order, named as the disclosure prints its tables; coverage;
        the comparisons made, when traced) from every rule's `done[n]`, placed in the file."""
        doc, ix = self.doc, self.ix
        findings: list[Finding] = []
        coverage: list[Coverage] = []
        compared_all: list = []
        seen: set = set()
        for found, cov, compared in done:
            coverage.append(cov)
            compared_all += compared  # (in rule order, as one process makes them)
            for f in found:
                k = (f.key, f.message)
                if k in seen:
                    continue
                seen.add(k)
                findings.append(f)
        budget = bool(doc.kind and "预算" in doc.kind)
        findings = [_doubtful(ix, f) for f in findings]
        findings.sort(key=lambda f: _sort_key(ix, f))
        from dataclasses import replace

        findings = [replace(f, message=as_printed(f.message, doc.tables, budget)) for f in findings]
        if self.back is None:
            return findings, coverage, compared_all if ix.trace is not None else []
        return ([_relocated(f, self.back, doc.units[0]) for f in findings], coverage,
                [_relocated_comparison(c, self.back) for c in compared_all] if ix.trace is not None else [])


def _check(doc: Document, cfg: CheckConfig, todo: list[Rule], step, progress: Any, trace: bool,
           alone: bool = False, meanwhile: Callable[[], Any] | None = None, back: dict[int, int] | None = None
           ) -> tuple[list[Finding], list[Coverage], list]:
    """The rules over one disclosure, in this process: `_Disclosure.result`. `alone`: the file's
    only disclosure — if long, its rules are shared out between two cores, and `meanwhile` (as
    in `run_checks`) is done here while a copy runs rules."""
    d = _Disclosure(doc, cfg, todo, progress, trace, back)

    def shown(n: int) -> tuple[list[Finding], Coverage, list]:
        step(n / max(len(todo), 1), f"检查 {todo[n].id} {todo[n].name}")
        return d.rule(n)

    if alone and doc.pages >= RULES_ON_TWO_CORES and len(todo) >= 2 and two_cores.can_fork() \
            and not _cancelled(progress):
        # a long disclosure: a forked copy runs some rules while this process runs the others
        # (each builds what its rules need of the index)
        done = two_cores.share_out(len(todo), d.rule, here=shown, meanwhile=meanwhile)
    else:
        done = [shown(n) for n in range(len(todo))]
    return d.result(done)


def _bundle_on_two_cores(doc: Document, cfg: CheckConfig, todo: list[Rule], progress: Any, trace: bool,
                         report_progress, meanwhile: Callable[[], Any] | None) -> list[tuple]:
    """A bundle's disclosures need nothing from each other: a forked copy runs their rules from
    the back of the file while this process runs them from the front, rule by rule — so the
    disclosure where the two meet is shared too, and neither waits on a whole disclosure at the
    end. A side that ran every rule of a disclosure puts its result together there; the one
    where they met is put together here. Only this process's progress is shown."""
    n, per = len(doc.units), len(todo)
    checks: dict[int, _Disclosure] = {}  # (each process makes its own, as it reaches them)

    def disclosure(k: int) -> _Disclosure:
        if k not in checks:
            part, back = unit_document(doc, doc.units[k])
            checks[k] = _Disclosure(part, cfg, todo, progress, trace, back)
        return checks[k]

    def item(i: int) -> tuple[str, tuple]:
        k, r = divmod(i, per)
        d = disclosure(k)
        got = d.rule(r)
        if len(d.ran) == per:  # every rule of it ran on this side
            return "whole", d.result([d.ran[j] for j in range(per)])
        return "rule", got

    taken: list[int] = []

    def here(i: int) -> tuple[str, tuple]:
        taken.append(i)
        report_progress(min(1.0, 2 * len(taken) / (n * per)), f"检查 {todo[i % per].id} {todo[i % per].name}")
        return item(i)

    done = two_cores.share_out(n * per, item, here=here, meanwhile=meanwhile)
    out = []
    for k in range(n):
        mine = done[k * per:(k + 1) * per]
        whole = next((got for kind, got in mine if kind == "whole"), None)
        out.append(whole if whole is not None else disclosure(k).result([got for _kind, got in mine]))
    return out


def unit_document(doc: Document, unit) -> tuple[Document, dict[int, int]]:
    """One disclosure of a bundle as a document of its own: its tables, its 情况说明 (sentences
    numbered from 0, as rules index them) and its cover facts; pages and page facts stay the
    file's. Also the map from its sentence numbers back to the file's."""
    from dataclasses import replace

    own = [s for s in doc.narrative if unit.holds(s.page)]
    back = {i: s.index for i, s in enumerate(own)}
    return replace(doc, tables=[t for t in doc.tables if unit.holds(min(t.pages, default=0))],
                   narrative=[replace(s, index=i) for i, s in enumerate(own)],
                   headings=[h for h in doc.headings if unit.holds(h.page)],
                   department=unit.department or doc.department, year=unit.year or doc.year,
                   kind=unit.kind or doc.kind, units=[unit]), back


def _relocated_location(loc, back: dict[int, int]):
    from dataclasses import replace

    return loc if loc.narrative is None else replace(loc, narrative=back.get(loc.narrative, loc.narrative))


def _relocated(f: Finding, back: dict[int, int], unit) -> Finding:
    """A finding on one disclosure of a bundle, located in the file; one that points at no
    page (a part or table missing) says which disclosure it is about."""
    from dataclasses import replace

    loc = f.location
    message = f.message
    if loc.page is None and loc.table is None and loc.narrative is None:
        message = f"第{unit.first}–{unit.last}页" + (f"（{unit.department}）" if unit.department else "") + f"：{message}"
    return replace(f, message=message, location=_relocated_location(loc, back),
                   related=tuple(_relocated_location(r, back) for r in f.related))


def _relocated_comparison(c, back: dict[int, int]):
    from dataclasses import replace

    return replace(c, target=_relocated_location(c.target, back),
                   terms=tuple((_relocated_location(loc, back), k, v) for loc, k, v in c.terms))


def _merged_coverage(cs: list[Coverage]) -> Coverage:
    """One rule over the disclosures of a bundle: ran where it ran in any (its findings
    added up), else the first one's reason."""
    ran = [c for c in cs if c.status == RAN]
    if not ran or len(cs) == 1:
        return ran[0] if ran else cs[0]
    n = sum(int(m.group(1)) for c in ran if (m := re.match(r"(\d+) 条发现", c.why)))
    return Coverage(cs[0].rule, RAN, f"{n} 条发现" if n else "通过")


_GLUED = re.compile(r"\d\.\d{2}[\d,]*\.\d")  # "1.380.81": two printed figures read as one cell


def _glued_row(ix: DocIndex, table: str | None, row: int | None) -> bool:
    if table is None or row is None:
        return False
    key = ("glued", table, row)
    if key not in ix._cache:
        t = next((v.t for v in ix.views if v.t.id == table), None)
        cells = t.rows[row].cells if t is not None and 0 <= row < len(t.rows) else []
        ix._cache[key] = any(_GLUED.search(re.sub(r"\s", "", c.text)) for c in cells)
    return ix._cache[key]


_LABEL_HEADERS = LABEL_HEADERS


def _shifted_rows(ix: DocIndex, table: str) -> set[int]:
    """Rows whose figure sits alone in a column (no other row has a figure there) while the
    neighbouring column, filled on most rows, is blank on this one: the extraction put the
    figure one column off (a continuation page read with its own column grid)."""
    key = ("shifted", table)
    if key in ix._cache:
        return ix._cache[key]
    out: set[int] = set()
    t = next((v.t for v in ix.views if v.t.id == table), None)
    if t is not None and len(t.rows) >= 5 and t.kind == "table":
        n = max(len(r.cells) for r in t.rows)
        filled = [[j < len(r.cells) and r.cells[j].value is not None for j in range(n)] for r in t.rows]
        counts = [sum(f[j] for f in filled) for j in range(n)]
        names = [(t.columns[j] if j < len(t.columns) else "").split("/")[-1] for j in range(n)]
        for j in range(n):
            if counts[j] != 1 or not (t.role(j) in ("label", "text", "code", "line")
                                       or names[j] in _LABEL_HEADERS):
                continue  # only a figure under a label header is out of place
            r = next(i for i, f in enumerate(filled) if f[j])
            for k in (j - 1, j + 1):
                if 0 <= k < n and not filled[r][k] and counts[k] * 2 > len(t.rows):
                    out.add(r)
    ix._cache[key] = out
    return out


def _low_confidence_cells(ix: DocIndex, loc) -> list:
    """The OCR'd cells a location rests on that were read with low confidence and not yet
    confirmed (edited) by the auditor: its own cell, or any figure of its row."""
    if loc.table is None or loc.row is None:
        return []
    t = next((v.t for v in ix.views if v.t.id == loc.table), None)
    if t is None or not 0 <= loc.row < len(t.rows):
        return []
    cells = t.rows[loc.row].cells
    col = loc.col if loc.col is not None else (t.columns.index(loc.column) if loc.column in t.columns else None)
    if col is not None and 0 <= col < len(cells):
        cells = [cells[col]]
    # (a misread that no longer parses as a number counts too: the rule read it as blank;
    # so does a blank cell under a seal, confidence 0: a figure may be hidden there)
    return [c for c in cells if c.confidence is not None and c.confidence < LOW_CONFIDENCE
            and (c.text.strip() or c.confidence == 0) and c.original is None]


def _doubtful(ix: DocIndex, f: Finding) -> Finding:
    """An error computed from a row where the extraction glued two figures into one cell
    ("1.380.81"), or from an OCR'd figure read with low confidence that the auditor has
    not confirmed, rests on possibly misread cells: 核实 (warning), not 错误."""
    if f.severity != ERROR:
        return f
    locs = (f.location,) + tuple(f.related)
    from dataclasses import replace

    low = [c for loc in locs for c in _low_confidence_cells(ix, loc)]
    if any(not c.text.strip() for c in low):
        return replace(f, severity=WARNING, message=f.message + "（所涉单元格在扫描件上为空白，可能有数字被印章遮盖或未识别，请对照原件核实）")
    if low:
        conf = min(c.confidence for c in low)
        return replace(f, severity=WARNING, message=f.message + f"（所涉数字为 OCR 识别、置信度 {conf:.2f}，请对照原件核实）")
    # a 情况说明 sentence read by OCR with low confidence (a figure or a stop may be misread)
    said = [s.confidence for loc in locs if loc.narrative is not None and 0 <= loc.narrative < len(ix.doc.narrative)
            for s in (ix.doc.narrative[loc.narrative],) if s.confidence is not None and s.confidence < LOW_CONFIDENCE]
    if said:
        return replace(f, severity=WARNING, message=f.message + f"（所涉文字为 OCR 识别、置信度 {min(said):.2f}，请对照原件核实）")
    # a scanned figure (of a 情况说明 or a table) that is the expected one with a digit more or
    # less: a digit lost at a word's edge or under a mark ("77.70" for 377.70) however sure the
    # recogniser was of the rest; a changed digit is left an error (the usual slip)
    scanned = set(ix.doc.ocr_pages)
    if (scanned and f.expected is not None and f.actual is not None and _digit_more_or_less(f.actual, f.expected)
            and any(loc.page in scanned or (loc.narrative is not None and 0 <= loc.narrative < len(ix.doc.narrative)
                                            and ix.doc.narrative[loc.narrative].page in scanned) for loc in locs)):
        return replace(f, severity=WARNING, message=f.message + "（扫描件中的数字与应有数只差一位数字，可能漏识或多识，请对照原件核实）")
    if any(_glued_row(ix, loc.table, loc.row) for loc in locs):
        return replace(f, severity=WARNING, message=f.message + "（所涉行有粘连的数字，可能为提取错误，请核实）")
    if any(loc.table is not None and loc.row in _shifted_rows(ix, loc.table) for loc in locs):
        return replace(f, severity=WARNING, message=f.message + "（所涉行的数字似错列，可能为提取错误，请核实）")
    return f


def _digit_more_or_less(a, b) -> bool:
    """Is one amount the other with one digit other than 0 inserted or dropped (compared to
    the cent)? A 0 more or less (10 for 100) is the classic slip of the pen: left an error."""
    x, y = re.sub(r"\D", "", f"{abs(a):.2f}"), re.sub(r"\D", "", f"{abs(b):.2f}")
    if len(x) == len(y):
        return False
    short, long_ = sorted((x, y), key=len)
    return len(long_) - len(short) == 1 and any(long_[:k] + long_[k + 1:] == short and long_[k] != "0"
                                                for k in range(len(long_)))


def _with_id(f: Finding, n: int) -> Finding:
    from dataclasses import replace

    return replace(f, id=f"F{n:04d}")
