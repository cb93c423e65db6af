"""Build Documents by hand for rule tests (until / besides the PDF extractor)."""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from auditdesk.parsing.model import DATA, SUBTOTAL, TOTAL, Cell, Document, Row, Sentence, Table

CODE_COLS = ("科目代码", "代码", "编码", "科目编码")
LABEL_COLS = ("科目名称", "项目")


def _level(code: str | None, economic: bool) -> int | None:
    if not code:
        return None
    n = len(code)
    if economic:
        return 1 if n == 3 else 2
    return 1 if n == 3 else 2 if n in (4, 5) else 3


def make_table(title: str, columns: Sequence[str], rows: Iterable[Sequence[str] | str], *,
               id: str = "T01", unit: str | None = "万元", blocks: Sequence[int] | None = None,
               column_paths: Sequence[tuple[str, ...]] | None = None, kind: str = "table",
               page: int = 1, note: str | None = None, label: str | None = None,
               economic: bool = False) -> Table:
    """`rows`: lists of cell texts, or TAB-separated strings.  Code/label/kind/level are derived."""
    columns = list(columns)
    code_c = next((i for i, c in enumerate(columns) if c in CODE_COLS), None)
    label_c = next((i for i, c in enumerate(columns) if c in LABEL_COLS), None)
    out_rows = []
    y = 100.0
    for r in rows:
        texts = r.split("\t") if isinstance(r, str) else list(r)
        texts = (texts + [""] * len(columns))[: max(len(columns), len(texts))]
        cells = [Cell.of(t.strip(), page, (50.0 + 60 * j, y, 108.0 + 60 * j, y + 12)) for j, t in enumerate(texts)]
        code = None
        if code_c is not None and texts[code_c].strip().isdigit():
            code = texts[code_c].strip()
        label = texts[label_c].strip() if label_c is not None else ""
        if code_c is not None and label_c is not None and not label and not code:
            label = texts[code_c].strip()
        if label_c is None:
            label = next((t.strip() for t in texts if t.strip() and Cell.of(t).value is None), "")
        k = label.replace(" ", "")
        kind_ = SUBTOTAL if "小计" in k else TOTAL if ("合计" in k or "总计" in k) else DATA
        out_rows.append(Row(cells, page, (50.0, y, 50.0 + 60 * len(columns), y + 12), kind_, label, code,
                            _level(code, economic)))
        y += 14
    return Table(id=id, title=title, label=label, unit=unit, pages=[page], header=[columns],
                 columns=columns, rows=out_rows, note=note, kind=kind,
                 column_paths=list(column_paths) if column_paths else [(c,) for c in columns],
                 blocks=list(blocks) if blocks else [0])


def side_table(title: str, left: Sequence[str], right: Sequence[str], rows, **kw) -> Table:
    """A side-by-side table: `left` / `right` are the column names of each block."""
    cols = list(left) + list(right)
    paths = [("收入", c) for c in left] + [("支出", c) for c in right]
    return make_table(title, cols, rows, blocks=[0, len(left)], column_paths=paths, **kw)


def make_doc(tables: Sequence[Table] = (), narrative: Iterable[str | tuple[str, str]] = (), *,
             toc: Sequence[str] = (), year: int | None = 2024) -> Document:
    """`narrative`: sentences; a string starting with '#' sets the section of what follows."""
    sents = []
    section = ""
    page = 20
    for item in narrative:
        if isinstance(item, tuple):
            section, text = item
        else:
            text = item
            if text.startswith("#"):
                section = text.lstrip("# ").strip()
                continue
        sents.append(Sentence(len(sents), page, (60.0, 100.0 + 16 * len(sents), 540.0, 114.0 + 16 * len(sents)),
                              text, section))
    for i, t in enumerate(tables):
        if not re.match(r"^T\d+$", t.id or "") or any(o.id == t.id for o in tables[:i]):
            t.id = f"T{i + 1:02d}"
    return Document(path="test.pdf", sha256="0" * 64, pages=30, department="测试单位", year=year,
                    kind="部门决算", tables=list(tables), narrative=sents, toc=list(toc))
