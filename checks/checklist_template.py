"""公开情况检查表 templates: data files (TOML) naming each row and what satisfies it.

A template is one file per document kind (部门/单位 × 预算/决算) in
`resources/checklists/`; an office copies one, edits rows, and passes it with
`--checklist-template`. This module only reads and validates; `parts.py` finds the parts in a
document and `checklist.py` fills the form.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal
from importlib import resources
from pathlib import Path

from auditdesk.checks.vocabulary import VERDICT_NO, VERDICT_YES

BUILTIN = {"部门预算": "dept_budget.toml", "单位预算": "unit_budget.toml",
           "部门决算": "dept_final.toml", "单位决算": "unit_final.toml"}
PART_KINDS = ("cover", "toc")


class TemplateError(ValueError):
    """A template file that cannot be used: the message is one sentence for the user."""


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    group: str
    name: str
    part: str | None = None  # "cover" / "toc"
    headings: tuple[str, ...] = ()  # a section: the first heading naming one of these
    table: str | None = None  # a table type (registry role)
    titles: tuple[str, ...] = ()  # optional title keywords narrowing `table`
    rules: tuple[str, ...] = ()  # rule ids / family letters whose findings always file here
    manual: bool = False  # not decided from the document (及时性)
    required: bool = True

    @property
    def what(self) -> str:
        """What satisfies the row, for the form's tooltip / the report."""
        if self.manual:
            return "人工判断"
        if self.part:
            return {"cover": "封面页", "toc": "目录页"}[self.part]
        if self.table:
            return f"表格类型 {self.table}" + (f"（标题含{'/'.join(self.titles)}）" if self.titles else "")
        return "标题：" + "/".join(self.headings)


@dataclass(frozen=True, slots=True)
class Template:
    path: str
    kind: str
    title: str
    region: str
    name_label: str
    url_label: str
    heading: str
    verdict_header: str
    problem_header: str
    yes: str
    no: str
    min_difference_yuan: Decimal
    rows: tuple[Row, ...]

    def row(self, row_id: str) -> Row | None:
        return next((r for r in self.rows if r.id == row_id), None)

    def form_title(self, year: int | None) -> str:
        return self.title.format(year=year or "", region=self.region)


def builtin_path(kind: str | None) -> Path:
    name = BUILTIN.get(kind or "", "dept_final.toml" if "决算" in (kind or "决算") else "dept_budget.toml")
    return Path(str(resources.files("auditdesk.resources").joinpath("checklists", name)))


@lru_cache(maxsize=8)  # a bundled file, read once per process (the F rules and the checklist writer ask)
def builtin_template(kind: str | None) -> Template:
    """The bundled template for a document kind (部门决算 when unknown)."""
    return load_template(builtin_path(kind))


def _strs(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise TemplateError(f"检查表模板{where}应为文字列表。")
    return tuple(value)


def load_template(path: str | Path) -> Template:
    """Read and validate a template file; TemplateError (one Chinese sentence) when unusable."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TemplateError(f"找不到检查表模板：{p}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise TemplateError(f"无法读取检查表模板 {p.name}（{e}）。") from None
    except tomllib.TOMLDecodeError as e:
        raise TemplateError(f"检查表模板 {p.name} 格式有误（{e}）。") from None
    form = data.get("form") or {}
    raw_rows = data.get("row")
    if not isinstance(form, dict) or not isinstance(raw_rows, list) or not raw_rows:
        raise TemplateError(f"检查表模板 {p.name} 需要 [form] 一节和至少一个 [[row]]。")
    rows: list[Row] = []
    seen: set[str] = set()
    for i, r in enumerate(raw_rows, 1):
        if not isinstance(r, dict) or not isinstance(r.get("name"), str) or not r["name"].strip():
            raise TemplateError(f"检查表模板 {p.name} 第 {i} 行缺少 name。")
        rid = str(r.get("id") or f"row{i}")
        if rid in seen:
            raise TemplateError(f"检查表模板 {p.name} 的行 id “{rid}”重复。")
        seen.add(rid)
        part = r.get("part")
        if part is not None and part not in PART_KINDS:
            raise TemplateError(f"检查表模板 {p.name} 行“{r['name']}”的 part 只能是 cover 或 toc。")
        row = Row(rid, str(r.get("group", "")), r["name"].strip(), part, _strs(r.get("headings"), f"行“{r['name']}”的 headings"),
                  str(r["table"]) if r.get("table") is not None else None, _strs(r.get("titles"), f"行“{r['name']}”的 titles"),
                  _strs(r.get("rules"), f"行“{r['name']}”的 rules"), bool(r.get("manual", False)), bool(r.get("required", True)))
        if not (row.manual or row.part or row.headings or row.table or row.rules):
            raise TemplateError(f"检查表模板 {p.name} 行“{row.name}”没有说明由什么满足（part / headings / table / rules / manual）。")
        rows.append(row)

    def s(key: str, default: str) -> str:
        v = form.get(key, default)
        return str(v)

    try:
        min_diff = Decimal(str(form.get("min_difference_yuan", "1")))
    except ArithmeticError:
        raise TemplateError(f"检查表模板 {p.name} 的 min_difference_yuan 不是数字。") from None
    return Template(str(p), s("kind", ""), s("title", "{year}年度公开情况检查表"), s("region", ""), s("name_label", "部门名称"),
                    s("url_label", "公开网址"), s("heading", "{year}年度公开检查内容"), s("verdict_header", "符合要求"),
                    s("problem_header", "问题截图"), s("yes", VERDICT_YES), s("no", VERDICT_NO), min_diff, tuple(rows))
