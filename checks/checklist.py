"""Fill a 公开情况检查表: every finding filed under the row of the part it concerns, 是/否
decided by the findings, one sentence per problem with its page and box (for the crop).

Pure data, no Qt, no PyMuPDF: the CLI writer, the working paper and the window read the same
`FilledChecklist`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from auditdesk.checks.checklist_template import Row, Template, builtin_template
from auditdesk.checks.finding import ERROR, INFO, WARNING, CheckReport, Finding
from auditdesk.checks.parts import Layout, plain, segment
from auditdesk.checks.rules.structure import role_of
from auditdesk.parsing.model import Document
from auditdesk.parsing.numbers import UNIT_FACTOR

from auditdesk.checks.vocabulary import DISMISSED  # the auditor's status that takes a finding off the form

BBox = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Problem:
    text: str  # one sentence
    rule: str
    severity: str
    page: int | None
    bbox: BBox | None
    finding: str | None = None  # finding id ("F0007")
    key: str | None = None  # finding key_str (session statuses)
    mark: BBox | None = None  # the exact words the problem is about (boxed in red on the crop)


@dataclass
class RowResult:
    row: Row
    verdict: str | None  # 是 / 否 / None (manual, not decided)
    auto: str | None  # what the findings decided
    problems: list[Problem] = field(default_factory=list)
    page: int | None = None  # where the part starts
    bbox: BBox | None = None
    override: tuple[str, str] | None = None  # (verdict, reason) set by the auditor

    @property
    def overridden(self) -> bool:
        return self.override is not None


@dataclass
class FilledChecklist:
    template: Template
    department: str | None
    year: int | None
    kind: str | None
    file: str
    rows: list[RowResult]
    unfiled: list[Problem] = field(default_factory=list)  # findings no row claims
    # the PDF(s) the pages come from: (path, first page in the document, pages) — for crops
    sources: list[tuple[str, int, int]] = field(default_factory=list)

    def row(self, row_id: str) -> RowResult | None:
        return next((r for r in self.rows if r.row.id == row_id), None)

    @property
    def title(self) -> str:
        return self.template.form_title(self.year)


def _material(doc: Document, f: Finding, tpl: Template) -> bool:
    """A difference smaller than the form's threshold (in 元) is a rounding of figures printed
    without decimals, not a problem an office reports."""
    if f.severity == INFO:
        return False
    if f.difference is None or f.location.table is None:
        return True
    t = doc.table_by_id(f.location.table)
    unit = (t.unit or "").strip() if t is not None else ""
    factor = UNIT_FACTOR.get(unit)
    if factor is None:
        return True
    in_yuan = abs(f.difference) * factor / UNIT_FACTOR["元"]
    return in_yuan >= tpl.min_difference_yuan


def _row_for(f: Finding, doc: Document, tpl: Template, lay: Layout, roles: dict[str, str | None]) -> str | None:
    for r in tpl.rows:
        if f.rule in r.rules or f.rule[0] in r.rules:
            return r.id
    loc = f.location
    if f.rule == "F1" and loc.row_label and tpl.row(loc.row_label):
        return loc.row_label
    if loc.table is not None:
        t = doc.table_by_id(loc.table)
        start = next((s for s in lay.starts if t is not None and s.name == t.title and s.page == (t.pages[0] if t.pages else None)), None)
        if start is not None and start.row is not None:
            return start.row
        if t is not None and t.pages:
            return lay.row_at(t.pages[0], 0.0)
    if loc.page is not None:
        return lay.row_at(loc.page, loc.bbox[1] if loc.bbox else 0.0)
    for rel in f.related:
        if rel.page is not None:
            return lay.row_at(rel.page, rel.bbox[1] if rel.bbox else 0.0)
    return None


def _sentence(f: Finding, limit: int = 160) -> str:
    msg = " ".join(f.message.split())
    if len(msg) > limit:
        msg = msg[: limit - 1] + "…"
    page = f.location.page
    if page is not None and f"第{page}页" not in msg:
        msg += f"（第{page}页）"
    return msg


def _place(f: Finding, doc: Document) -> tuple[int | None, BBox | None]:
    loc = f.location
    if loc.page is not None:
        return loc.page, loc.bbox
    if loc.table is not None:
        t = doc.table_by_id(loc.table)
        if t is not None and t.pages:
            r = t.rows[loc.row] if loc.row is not None and 0 <= loc.row < len(t.rows) else None
            if r is not None:
                return r.page, r.bbox
            return t.pages[0], (t.bbox or {}).get(t.pages[0])
    for rel in f.related:
        if rel.page is not None:
            return rel.page, rel.bbox
    return None, None


_QUOTED = re.compile(r"“([^“”]{2,40})”")


def _mark(doc: Document, f: Finding, page: int | None, bbox: BBox | None, used: set | None = None) -> BBox | None:
    """The printed words a finding quotes (“比2026年预算”), found on its page inside its box:
    the crop is centred on them and they are boxed in red, as a reviewer marks a screenshot."""
    if page is None or not doc.page_facts or not (1 <= page <= len(doc.page_facts)):
        return None
    if f.rule.startswith("F") and bbox is not None:
        pf = doc.page_facts[page - 1]
        return None if bbox[2] - bbox[0] >= pf.width * 0.9 and bbox[3] - bbox[1] >= pf.height * 0.9 else bbox
    lines = doc.page_facts[page - 1].lines
    if bbox is not None:
        lines = [ln for ln in lines if ln.bbox[3] >= bbox[1] - 2 and ln.bbox[1] <= bbox[3] + 30] or lines
    quotes = _QUOTED.findall(f.message)
    # whole quotations first, then their clauses (a message may restate a sentence in short)
    pieces = [x for q in quotes for x in q.split("…") if len(x) >= 2]
    pieces += [c for q in quotes for c in reversed(re.split(r"[，,；;：:]", q)) if len(c) >= 5 and c not in pieces]
    for part in pieces:
        if True:
            needle = part.replace(" ", "")
            for ln in lines:
                text = plain(ln.text)
                for cand in (needle, unicodedata.normalize("NFKC", needle)):
                    for hay in (text, unicodedata.normalize("NFKC", text)):
                        i = hay.find(cand)
                        while i >= 0:
                            box = ln.char_box(i, i + len(cand))
                            key = (page, tuple(round(v) for v in box))
                            if used is None or key not in used:
                                if used is not None:
                                    used.add(key)  # the same words named twice: the next occurrence
                                return box
                            i = hay.find(cand, i + 1)
    return None


def fill(doc: Document, report: CheckReport, template: Template | None = None,
         statuses: dict[str, str] | None = None, overrides: dict[str, tuple[str, str]] | None = None) -> FilledChecklist:
    """The filled form. `statuses`: finding key → auditor status (已排除 findings are left off);
    `overrides`: row id → (是/否, reason) set by the auditor."""
    tpl = template or builtin_template(doc.kind)
    lay = segment(doc, tpl, role_of)
    roles = {t.id: role_of(t) for t in doc.tables}
    statuses = statuses or {}
    overrides = overrides or {}
    results = {r.id: RowResult(r, None, None) for r in tpl.rows}
    unfiled: list[Problem] = []
    f1_rows = set()
    used: set = set()
    for f in report.findings:
        if statuses.get(f.key_str) == DISMISSED or not _material(doc, f, tpl):
            continue
        rid = _row_for(f, doc, tpl, lay, roles)
        page, bbox = _place(f, doc)
        p = Problem(_sentence(f), f.rule, f.severity, page, bbox, f.id or None, f.key_str, _mark(doc, f, page, bbox, used))
        if rid is None or rid not in results:
            unfiled.append(p)
            continue
        if f.rule == "F1":
            f1_rows.add(rid)
        results[rid].problems.append(p)
    for r in tpl.rows:
        res = results[r.id]
        start = lay.found.get(r.id)
        if start is not None:
            res.page, res.bbox = start.page, start.bbox
        if r.manual:
            res.auto = None
        else:
            if start is None and r.required and not (r.rules and not (r.part or r.headings or r.table)) \
                    and r.id not in f1_rows and doc.page_facts:
                res.problems.insert(0, Problem(f"未找到“{r.name.strip('《》')}”", "F1", WARNING, None, None))
            decisive = [p for p in res.problems if p.severity in (ERROR, WARNING)]
            res.auto = tpl.no if decisive else tpl.yes
        res.verdict = res.auto
        if r.id in overrides:
            verdict, reason = overrides[r.id]
            res.override = (verdict, reason)
            res.verdict = verdict
    sources = [(x.path, x.first, x.pages) for x in getattr(doc, "sources", None) or ()] or [(doc.path, 1, doc.pages)]
    return FilledChecklist(tpl, doc.department, doc.year, doc.kind, doc.path, [results[r.id] for r in tpl.rows],
                           unfiled, sources)


def with_override(filled: FilledChecklist, row_id: str, verdict: str | None, reason: str = "") -> FilledChecklist:
    """A copy with the auditor's 是/否 for one row (None restores the decided value)."""
    rows = []
    for r in filled.rows:
        if r.row.id == row_id:
            r = replace(r, override=None if verdict is None else (verdict, reason),
                        verdict=r.auto if verdict is None else verdict)
        rows.append(r)
    return replace(filled, rows=rows)


__all__ = ["Problem", "RowResult", "FilledChecklist", "fill", "with_override"]
