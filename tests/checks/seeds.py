"""Seed texts (tests/fixtures/seeds.py DocSpecs) → parsing.model Documents for the checks.

Column names are assigned per table kind (recognised by title keywords), as the extractor
will name them; cells are kept exactly as printed.
"""
from __future__ import annotations

import re
from functools import lru_cache

from auditdesk.checks.index import classify, label_key
from auditdesk.parsing.model import Document, Sentence, Table
from auditdesk.parsing.numbers import parse_number
from tests.checks.builders import make_table
from tests.fixtures.seeds import SEEDS, load_seed

_DEC = re.compile(r"\d\s*\.\s*\d")
_HEAD = re.compile(r"^(第.部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")

SANGONG_PATHS = [("预算数", "合计"), ("预算数", "因公出国（境）费"), ("预算数", "公务用车购置及运行维护费", "小计"),
                 ("预算数", "公务用车购置及运行维护费", "公务用车购置费"),
                 ("预算数", "公务用车购置及运行维护费", "公务用车运行维护费"), ("预算数", "公务接待费")]
SANGONG_PATHS += [("决算数",) + p[1:] for p in SANGONG_PATHS]


def _is_amount(text: str) -> bool:
    return bool(_DEC.search(text)) and parse_number(text) is not None


def _first_amount(rows) -> int:
    best = None
    for r in rows:
        for j, c in enumerate(r):
            if _is_amount(c):
                best = j if best is None else min(best, j)
                break
    return best if best is not None else 2


def _header_names(header, skip=("项目", "<", "^", "")) -> list[str]:
    return [h.replace(" ", "") for h in header[0] if h.replace(" ", "") not in skip]


def _coded(spec, names, paths=None, tid="T01"):
    start = _first_amount(spec.rows)
    rows = []
    for raw in spec.rows:
        cells = [c for c in raw]
        code = cells[0].replace(" ", "") if cells and cells[0].replace(" ", "").isdigit() else ""
        label = next((c for c in cells[:start] if c and not c.replace(" ", "").isdigit()), "")
        amounts = (cells[start:] + [""] * len(names))[: len(names)]
        rows.append([code, label] + amounts)
    cols = ["科目代码", "科目名称"] + names
    return make_table(spec.title, cols, rows, id=tid, unit=spec.unit,
                      column_paths=[("项目", "科目代码"), ("项目", "科目名称")] + (paths or [(n,) for n in names]))


def to_table(spec, tid: str) -> Table | None:
    probe = Table(tid, re.sub(r"^\d{4}\s*年度", "", spec.title).replace(" ", ""), None, spec.unit, [1], [], [], [],
                  kind=spec.kind)
    role = classify(probe)
    title = probe.title
    rows = spec.rows
    if role == "01":
        cols = ["项目", "行次", "金额", "项目", "行次", "金额"]
        return make_table(title, cols, [r[:6] for r in rows], id=tid, unit=spec.unit, blocks=[0, 3],
                          column_paths=[("收入", c) for c in cols[:3]] + [("支出", c) for c in cols[3:]])
    if role == "04":
        left = ["项目", "行次", "金额"]
        right = ["项目", "行次", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
        return make_table(title, left + right, [r[:9] for r in rows], id=tid, unit=spec.unit, blocks=[0, 3],
                          column_paths=[("收入", c) for c in left] + [("支出", c) for c in right])
    if role in ("02", "03"):
        names = _header_names(spec.header)
        t = _coded(spec, names, tid=tid)
        t.title = title
        return t
    if role == "05":
        t = _coded(spec, ["合计", "基本支出", "项目支出"],
                   [("本年支出", "合计"), ("本年支出", "基本支出"), ("本年支出", "项目支出")], tid)
        t.title = title
        return t
    if role == "07":
        names = ["年初结转和结余", "本年收入", "小计", "基本支出", "项目支出", "年末结转和结余"]
        paths = [("年初结转和结余",), ("本年收入",), ("本年支出", "小计"), ("本年支出", "基本支出"),
                 ("本年支出", "项目支出"), ("年末结转和结余",)]
        t = _coded(spec, names, paths, tid)
        t.title = title
        return t
    if role == "08":
        t = _coded(spec, ["合计", "基本支出", "项目支出"],
                   [("本年支出", "合计"), ("本年支出", "基本支出"), ("本年支出", "项目支出")], tid)
        t.title = title
        return t
    if role == "06":
        width = max(len(r) for r in rows) if rows else 6
        nb = width // 3
        cols, paths = [], []
        for b in range(nb):
            for c in ("科目代码", "科目名称", "决算数"):
                cols.append(c)
                paths.append(("人员经费" if b == 0 else "公用经费", c))
        return make_table(title, cols, [r[: 3 * nb] for r in rows], id=tid, unit=spec.unit,
                          blocks=[3 * b for b in range(nb)], column_paths=paths, economic=True)
    if role == "09":
        cols = [p[-1] for p in SANGONG_PATHS]
        data = [r for r in rows if any(_is_amount(c) for c in r)]
        return make_table(title, cols, [r[:12] for r in data], id=tid, unit=spec.unit, column_paths=SANGONG_PATHS)
    if role == "10":
        return make_table(title, ["项目", "行次", "统计数"], [r[:3] for r in rows], id=tid, unit=spec.unit)
    if "自评" in title and "汇总" in title and spec.header:
        cols = [h.replace(" ", "") for h in spec.header[0]]
        return make_table(title, cols, [(r + [""] * len(cols))[: len(cols)] for r in rows], id=tid, unit=spec.unit)
    if role == "perf" or spec.kind == "form":
        width = max((len(r) for r in rows), default=1)
        return make_table(spec.title.replace(" ", ""), [f"c{i}" for i in range(width)], rows, id=tid,
                          unit=spec.unit, kind="form")
    return None


def _sentences(paragraphs: list[str]) -> list[Sentence]:
    joined: list[str] = []
    for p in paragraphs:
        p = p.strip()
        if not p:
            continue
        if joined and not _HEAD.match(p) and not re.search(r"[。；;：:！]$", joined[-1]) \
                and not _HEAD.match(joined[-1]):
            joined[-1] += p
        else:
            joined.append(p)
    out: list[Sentence] = []
    section = ""
    page = 15
    for p in joined:
        if _HEAD.match(p) and len(p) < 60 and not re.search(r"\d+(\.\d+)?\s*万元", p):
            section = p  # the nearest heading, as the extractor reports it
            page += 1 if p.startswith("第") else 0
            continue
        for s in re.split(r"(?<=。)", p):
            if s.strip():
                y = 80.0 + 14 * (len(out) % 50)
                out.append(Sentence(len(out), page, (60.0, y, 540.0, y + 12), s.strip(), section))
    return out


@lru_cache(maxsize=None)
def seed_document(index: int) -> Document:
    spec = load_seed(index)
    tables: list[Table] = []
    for t in list(spec.tables) + list(spec.forms):
        tt = to_table(t, f"T{len(tables) + 1:02d}")
        if tt is not None:
            tt.note = t.empty_note or t.note
            tt.pages = [len(tables) + 2]
            for row in tt.rows:
                row.page = tt.pages[0]
            tables.append(tt)
    return Document(path=SEEDS[index], sha256="0" * 64, pages=30, department=spec.department,
                    year=spec.year, kind=spec.kind, tables=tables, narrative=_sentences(spec.narrative),
                    toc=list(spec.toc))


def find_row(table: Table, label: str) -> int:
    k = label_key(label)
    return next(i for i, r in enumerate(table.rows) if label_key(r.label) == k)
