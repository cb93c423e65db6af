"""F rules: structure and presentation (公开情况检查表) — parts present, 目录, pages, text that
does not render, punctuation, empty tables, residue and years outside the narrative.

They read `Document.page_facts` (the page as a reader sees it); a document not read from a
PDF has none and the rules are skipped.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Iterator

from auditdesk.checks.checklist_template import Template, builtin_template
from auditdesk.checks.config import CheckConfig
from auditdesk.checks.finding import ERROR, WARNING, Finding, Location
from auditdesk.checks.index import DocIndex, classify
from auditdesk.checks.parts import Layout, Paragraph, paragraphs, segment, squash, strip_numbering
from auditdesk.checks.registry import NotApplicable, Skip, rule
from auditdesk.checks.rules.narrative import TEMPLATE
from auditdesk.parsing import table_types
from auditdesk.parsing.numbers import PAGE_NO, page_number


def role_of(table) -> str | None:
    """The table type a checklist row names: its role in the registry (parsing/table_types)."""
    return classify(table)


def _facts(ix: DocIndex):
    if not ix.doc.page_facts:
        raise Skip("没有页面版式信息（文档不是从 PDF 读取的）")
    if len(ix.doc.units) == 1:  # one disclosure of a bundle: its own pages (not another's 目录 as a 重复页)
        return ix.cached(("own_page_facts",), lambda: [pf for pf in ix.doc.page_facts if ix.doc.in_scope(pf.number)])
    return ix.doc.page_facts


def template_for(ix: DocIndex) -> Template:
    return ix.cached(("checklist_template",), lambda: builtin_template(ix.doc.kind))


def layout(ix: DocIndex, template: Template | None = None) -> Layout:
    tpl = template or template_for(ix)
    return ix.cached(("layout", tpl.path), lambda: segment(ix.doc, tpl, role_of))


def _paragraphs(ix: DocIndex) -> list[Paragraph]:
    return ix.cached(("paragraphs",), lambda: paragraphs(ix.doc, layout(ix)))


def _loc(page: int, bbox, text: str, label: str | None = None) -> Location:
    return Location(page=page, bbox=tuple(round(v, 2) for v in bbox) if bbox else None, text=text,
                    row_label=label or text[:40])


def _snippet(text: str, start: int, end: int, pad: int = 12) -> str:
    a, b = max(0, start - pad), min(len(text), end + pad)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


# ---------------------------------------------------------------- F1 parts present
@rule("F1", name="必备部分齐全（封面、目录、概况、说明、各表、名词解释）")
def f1(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """文件应包含其类型（部门/单位 × 预算/决算）要求公开的每一部分：按检查表模板逐行查找。

    依据: 财政部《部门决算公开》《部门预算公开》格式要求及本地公开情况检查表：封面、目录、部门概况
    （主要职能、机构设置）、各公开表、情况说明（预算为编制说明、其他相关情况说明）、名词解释。
    示例: 单位预算缺少《政府性基金预算支出功能分类预算表》。
    """
    _facts(ix)
    tpl = template_for(ix)
    lay = layout(ix, tpl)
    for row in tpl.rows:
        if row.manual or not row.required or row.id in lay.found or (row.rules and not (row.part or row.headings or row.table)):
            continue
        what = {"cover": "封面", "toc": "目录"}.get(row.part or "", row.name.strip("《》"))
        if row.table and "预算" in (ix.doc.kind or ""):
            # a 预算 of the national template names the table as that template does
            what = table_types.budget_title_of(row.table, ix.doc.tables) or what
        kind = "表" if row.table else "部分"
        yield Finding("F1", WARNING, f"未找到{what}{'' if what.endswith('表') else kind}（{ix.doc.kind or '公开文件'}应包含）",
                      Location(row_label=row.id, text=row.name))


# ---------------------------------------------------------------- F2 目录
def _same(a: str, b: str) -> bool:
    """Entry and heading name the same part: one contains the other, or they differ by a word
    (“及”/“和”, “的情况”)."""
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    if short in long_ and len(short) >= max(3, 0.6 * len(long_)) or a == b:
        return True  # (“情况说明” alone does not name “其他相关情况说明”)
    if len(a) < 4 or len(b) < 4 or 2.0 * len(short) / (len(a) + len(b)) < 0.8:
        return False  # (the ratio can be at most this: lengths too far apart, no matcher needed)
    m = SequenceMatcher(None, a, b)
    return m.quick_ratio() >= 0.8 and m.ratio() >= 0.8  # (quick_ratio ≥ ratio, and most pairs fail it cheaply)


def _key(text: str, dept: str | None) -> str:
    t = strip_numbering(text)
    t = re.sub(r"(?:19|20)\d\d\s*年度?", "", t)
    if dept:
        t = t.replace(squash(dept), "")
    for w in ("部门", "单位", "预算单位", "本级", "“", "”", '"'):
        t = t.replace(w, "")
    return t


@rule("F2", name="目录与正文的部分、页码一致")
def f2(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """目录所列每一项在正文中都有，正文的各部分都列入目录；目录印有页码时页码与正文一致。

    依据: 公开文件目录应完整、准确反映正文结构与页码（公开情况检查表“目录”行）。
    示例: 目录列有“七、项目经费情况说明”，正文没有该部分；目录页码 5 而正文在第 7 页。
    """
    _facts(ix)
    lay = layout(ix)
    if not lay.toc_pages:
        raise NotApplicable("文件没有目录页")
    dept = ix.doc.department
    body = [(h, _key(h.name, dept)) for h in lay.headings]
    tables = [(t, _key(t.title, dept)) for t in ix.doc.tables]
    printed = _printed_numbers(ix)
    body_text = "\n".join(squash(ln.text) for pf in _facts(ix) if pf.number not in lay.toc_pages
                           for ln in pf.lines)
    forms = any(t.kind == "form" or "自评" in t.title or "绩效" in t.title for t in ix.doc.tables) or "自评表" in body_text
    for e in lay.toc:
        k = _key(e.text, dept)
        if len(k) < 2:
            continue
        hit_page = _toc_target(k, body, tables)
        if hit_page is None:
            if k.endswith("表") or (k in ("附件", "附表") and forms):
                continue  # a table entry (B16 compares the tables) or a group entry (“部门预算表”, “附件”)
            # 目录 entries the body prints inside a line (not as a heading of its own)
            if k in body_text:
                continue
            yield Finding("F2", WARNING, f"目录列有“{e.text}”，正文中未找到该部分",
                          _loc(e.page, e.bbox, e.text))
            continue
        if e.page_ref is not None and hit_page is not None:
            shown = printed.get(hit_page)
            if shown is not None and shown != e.page_ref:
                yield Finding("F2", WARNING, f"目录“{e.text}”页码为 {e.page_ref}，正文该部分在印刷页码 {shown} 页",
                              _loc(e.page, e.bbox, e.text))
    listed = [_key(e.text, dept) for e in lay.toc]
    tpl = template_for(ix)
    for row in tpl.rows:
        s = lay.found.get(row.id)
        if s is None or not row.headings:
            continue
        k = _key(s.name, dept)
        if not any(_same(k, x) for x in listed if len(x) >= 2) and not any(
                kw in x for kw in row.headings for x in listed):
            yield Finding("F2", WARNING, f"正文有“{s.name}”部分，目录未列出", _loc(s.page, s.bbox, s.name))


def _toc_target(k: str, body, tables) -> int | None:
    """The page of the body part a 目录 entry names: an exact table title or heading first,
    then the closest containing one (收入支出决算总表 must not pick 财政拨款收入支出决算总表)."""
    for t, tk in tables:
        if tk == k:
            return t.pages[0] if t.pages else None
    for h, hk in body:
        if hk == k:
            return h.page
    for h, hk in body:
        if _same(k, hk):
            return h.page
    near = [(abs(len(tk) - len(k)), t) for t, tk in tables if tk and (k in tk or tk in k)]
    if near:
        t = min(near, key=lambda x: x[0])[1]
        return t.pages[0] if t.pages else None
    return None


def _printed_numbers(ix: DocIndex) -> dict[int, int]:
    out: dict[int, int] = {}
    for pf in _facts(ix):
        for ln in pf.lines:
            n = page_number(ln.text)
            if n is not None and (ln.bbox[1] > pf.height * 0.85 or ln.bbox[3] < pf.height * 0.12):
                out[pf.number] = n
    return out


# ---------------------------------------------------------------- F3 blank pages
@rule("F3", name="空白页、空表页")
def f3(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """文件中不应有空白页或只有表格线、没有文字的空表页。

    依据: 公开文件应完整规范（公开情况检查表：“目录后有一页多余的空表页，建议删除”）。
    示例: 第3页没有任何文字。
    """
    facts = _facts(ix)
    if len(facts) < 2:
        raise NotApplicable("单页文件")
    status = ix.doc.page_status
    for pf in facts:
        if pf.lines or pf.images or (pf.number <= len(status) and status[pf.number - 1] not in ("text", "no_text")):
            continue
        what = "空表页（只有表格线，没有文字）" if pf.rules else "空白页（没有任何文字）"
        yield Finding("F3", ERROR, f"第{pf.number}页是{what}，建议删除",
                      _loc(pf.number, (0, 0, pf.width, pf.height), f"第{pf.number}页", f"第{pf.number}页"))


# ---------------------------------------------------------------- F4 duplicate pages
@rule("F4", name="重复页")
def f4(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """同一页内容不应印两次。

    依据: 公开文件应完整规范，不重复、不遗漏（公开情况检查表）。
    示例: 第12页与第11页文字完全相同。
    """
    facts = _facts(ix)
    seen: dict[str, int] = {}
    table_of: dict[int, set[str]] = {}
    for t in ix.doc.tables:
        for p in t.pages:
            table_of.setdefault(p, set()).add(t.id)
    for pf in facts:
        text = "".join(squash(ln.text) for ln in pf.lines if not PAGE_NO.match(ln.text.strip()))
        if len(text) < 30:
            continue
        first = seen.get(text)
        a, b = table_of.get(pf.number, set()), table_of.get(first, set()) if first else set()
        if first is not None and a and b and not (a & b):
            continue  # continuation pages of two tables printing the same rows (03 and 05 of 财政拨款)
        if text in seen:
            yield Finding("F4", ERROR, f"第{pf.number}页与第{seen[text]}页内容完全相同（重复页）",
                          _loc(pf.number, (0, 0, pf.width, pf.height), f"第{pf.number}页", f"第{pf.number}页"))
        else:
            seen[text] = pf.number


# ---------------------------------------------------------------- F5 text that does not render
_BAD = re.compile(r"\ufffd|[\ue000-\uf8ff]|\(cid:\d+\)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LATIN_RUN = re.compile(r"[\u00c0-\u00ff]{3,}|锟斤拷|烫烫烫|屯屯屯")


_CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=8192)  # asked for every CJK character of every line: a few thousand distinct ones
def _rarity(ch: str) -> tuple[bool, bool]:
    """(not among the 3,755 common characters, not in GB2312 at all)."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return True, True
    return not (0xB0 <= b[0] <= 0xD7), False


def _rare_run(text: str) -> tuple[int, int] | None:
    """Text decoded with the wrong code page (涓婃捣甯傛櫘闄…): within 8 consecutive CJK
    characters, at least 5 outside the 3,755 common ones (GB2312 level 1) and 2 outside
    GB2312 altogether. Real prose has a rare character now and then, never a run of them."""
    try:
        text.encode("gb2312")
        return None  # every character is in GB2312 (nearly every line): no run of odd ones
    except UnicodeEncodeError:
        pass
    cjk = [(m.start(), m.group(0)) for m in _CJK.finditer(text)]
    if len(cjk) < 8:
        return None
    flags = [_rarity(ch) for _i, ch in cjk]
    if sum(o for _r, o in flags) < 2:
        return None
    for k in range(0, len(cjk) - 7):
        win = flags[k:k + 8]
        if sum(r for r, _o in win) >= 5 and sum(o for _r, o in win) >= 2:
            rare = [k + j for j, (r, _o) in enumerate(win) if r]
            end = rare[-1]
            while end + 1 < len(flags) and flags[end + 1][0]:
                end += 1  # the run goes on past the window
            return cjk[rare[0]][0], cjk[end][0] + 1
    return None


@rule("F5", name="文字未正常显示（被裁切、缺字、乱码）")
def f5(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """页面上的文字应完整显示：不被文本框裁切或遮挡，没有替换字符（�）、私用区字符、(cid:…) 或乱码。

    依据: 公开内容应清晰可读（公开情况检查表：“主要职能中部分文字未正常显示”）。
    示例: 第4页“（八）负责本系统警车管理工作…”一行只显示了上半截。
    """
    facts = _facts(ix)
    visible = "".join(squash(ln.text) for pf in facts for ln in pf.lines) if any(
        not h.partial for pf in facts for h in pf.hidden) else ""
    for pf in facts:
        for h in pf.hidden:
            full = squash(h.text)
            if h.partial:
                yield Finding("F5", ERROR, f"第{pf.number}页“{_short(h.text)}”一行被裁切，文字未完整显示",
                              _loc(pf.number, h.bbox, h.text))
            elif len(full) >= 4 and full[:12] not in visible and full[-12:] not in visible:
                yield Finding("F5", ERROR, f"第{pf.number}页文字“{_short(h.text)}”被遮挡，页面上看不到",
                              _loc(pf.number, h.bbox, h.text))
        for ln in pf.lines:
            m = _BAD.search(ln.text)
            if m:
                yield Finding("F5", ERROR, f"第{pf.number}页“{_short(ln.text)}”含无法显示的字符（{_name(m.group(0))}）",
                              _loc(pf.number, ln.bbox, ln.text))
                continue
            m2 = _LATIN_RUN.search(ln.text)
            span = (m2.start(), m2.end()) if m2 else _rare_run(ln.text)
            if span:
                yield Finding("F5", ERROR, f"第{pf.number}页“{ln.text[span[0]:span[1]][:20]}”是乱码",
                              _loc(pf.number, ln.char_box(*span), ln.text))


def _short(text: str, n: int = 24) -> str:
    t = text.strip()
    return t if len(t) <= n else t[:n] + "…"


def _name(ch: str) -> str:
    if ch == "\ufffd":
        return "替换字符 U+FFFD"
    if ch.startswith("(cid:"):
        return f"未映射字形 {ch}"
    if "\ue000" <= ch <= "\uf8ff":
        return f"私用区字符 U+{ord(ch):04X}"
    return f"控制字符 U+{ord(ch):04X}"


# ---------------------------------------------------------------- F6 quotes and brackets
_PAIRS = {"”": "“", "’": "‘", "）": "（", ")": "(", "》": "《", "】": "【", "〕": "〔", "」": "「", "』": "『"}
_OPEN = set(_PAIRS.values())
_BRACKET = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_PAIRS.values())) + "]")  # (not the set: its order changes by run)
_ENUM_CLOSE = re.compile(r"(?:^|[。；;：:，,\s])(?:\d{1,2}|[一二三四五六七八九十]{1,3}|[a-zA-Z])$")


@rule("F6", name="引号、括号不配对")
def f6(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """一段文字中的引号、书名号、括号应成对出现。

    依据: GB/T 15834《标点符号用法》：引号、括号、书名号成对使用。
    示例: “开展“人民调解协议书检查”、优秀调解案例”活动。”多了一个右引号。
    """
    _facts(ix)
    for run in _runs(_paragraphs(ix)):
        yield from _pairs(run)


def _runs(paras: list[Paragraph]) -> list[list[Paragraph]]:
    """Prose between two headings: a quotation may run over a paragraph break, not a heading."""
    out: list[list[Paragraph]] = [[]]
    for p in paras:
        if p.heading:
            out.append([])
        else:
            out[-1].append(p)
    return [r for r in out if r]


def _pairs(run: list[Paragraph]) -> Iterator[Finding]:
    stack: list[tuple[str, Paragraph, int]] = []
    for para in run:
        text = para.text
        for m in _BRACKET.finditer(text):  # (only the quotes and brackets matter: skip to them)
            i, ch = m.start(), m.group(0)
            if ch in _OPEN:
                if ch in "“‘" and any(o == ch for o, _p, _i in stack):
                    # the same quote opened again before the last one closed: that one is unclosed
                    k = max(n for n, (o, _p, _i) in enumerate(stack) if o == ch)
                    o, p0, i0 = stack.pop(k)
                    yield _unpaired(p0, i0, o)
                stack.append((ch, para, i))
            elif ch in _PAIRS:
                want = _PAIRS[ch]
                if any(o == want for o, _p, _i in stack):
                    while stack and stack[-1][0] != want:
                        o, p0, i0 = stack.pop()
                        yield _unpaired(p0, i0, o)
                    stack.pop()
                    continue
                if ch in "）)" and _ENUM_CLOSE.search(text[:i]):
                    continue  # an enumerator "1）" / "一）"
                yield _unpaired(para, i, ch)
    for o, p0, i0 in stack:
        yield _unpaired(p0, i0, o)


def _unpaired(para: Paragraph, i: int, ch: str) -> Finding:
    text = para.text
    other = _PAIRS.get(ch) or next(k for k, v in _PAIRS.items() if v == ch)
    page, bb = para.locate(i, i + 1)
    return Finding("F6", WARNING, f"第{page}页“{_snippet(text, i, i + 1)}”中的“{ch}”没有对应的“{other}”",
                   _loc(page, bb, text[max(0, i - 30):i + 30], _snippet(text, i, i + 1)))


# ---------------------------------------------------------------- F7 punctuation
_DOUBLE = re.compile(r"([，。；：、,;])(?=[，。；：、,;])")
_END_OK = set("。；;！!？?：:…”’）)」』》】.")
_PROSE = re.compile(r"[是的为了将]|，")
_LIST = re.compile(r"[：:]\s*(?:\d{1,2}[.、．]|[(（][一二三四五六七八九十\d]+[)）])")


@rule("F7", name="标点重复、段末缺标点")
def f7(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """不应连用两个点号（“。。”“，。”）；一段叙述文字应以句末标点结束。

    依据: GB/T 15834《标点符号用法》：句末用句号等点号，点号不连用。
    示例: “信息化建设及运行维护等方面的支出。。”；“主要原因是工作量增加”后缺句号。
    """
    _facts(ix)
    for para in _paragraphs(ix):
        text = para.text
        for m in _DOUBLE.finditer(text):
            i = m.start()
            page, bb = para.locate(i, i + 2)
            yield Finding("F7", ERROR, f"第{page}页“{_snippet(text, i, i + 2)}”标点重复（“{text[i:i + 2]}”）",
                          _loc(page, bb, text[max(0, i - 30):i + 10], _snippet(text, i, i + 2)))
        if not para.indented or not para.closed or not para.short_end or len(text) < 12 or text[-1] in _END_OK or not _PROSE.search(text) \
                or _LIST.search(text) or not ("\u4e00" <= text[-1] <= "\u9fff"):
            continue
        page, bb = para.locate(len(text) - 1, len(text))
        if any(h.bbox[1] - 2 <= (bb[1] + bb[3]) / 2 <= h.bbox[3] + 2 for h in ix.doc.page_facts[page - 1].hidden):
            continue  # the full stop is there but clipped: F5 reports the line
        yield Finding("F7", WARNING, f"第{page}页“{_snippet(text, len(text) - 1, len(text), 20)}”段末缺少句号",
                      _loc(page, bb, text[-40:], _snippet(text, len(text) - 1, len(text), 20)))


# ---------------------------------------------------------------- F8 empty table without 说明
_EMPTY_NOTE = re.compile(r"无数据|无数|为空|空表|没有|无此|未安排|不涉及|无相关|无.{0,20}(?:收入|支出|预算|经费|安排)")


@rule("F8", name="空表应附说明")
def f8(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """没有数据的公开表应注明原因（如“本部门无…，故本表无数据”），不能只留空表。

    依据: 部门预决算公开要求：没有数据的表格也应公开，并说明无数据的原因。
    示例: 《财政拨款“三公”经费支出决算表》无数，表下没有说明。
    """
    _facts(ix)
    seen = False
    for v in ix.views:
        t = v.t
        if t.kind != "table" or v.role in ("07", "08"):
            continue  # 07 / 08 with the 04 fund columns: B10
        seen = True
        filled = any(c.value not in (None, 0) for r in t.rows for c in r.cells
                     if c.value is not None and not (r.code and c.text == r.code))
        if filled:
            continue
        if t.note and (table_types.is_empty_note(t.note) or _EMPTY_NOTE.search(t.note)):
            continue
        page = t.pages[0] if t.pages else None
        bb = t.bbox.get(page) if page and t.bbox else None
        yield Finding("F8", WARNING, f"{t.title}没有数据，但未注明原因（应说明“无…，故本表无数据”）",
                      Location(table=t.id, page=page, bbox=bb, row_label=t.title))
    if not seen:
        raise NotApplicable("没有公开表")


# ---------------------------------------------------------------- F9 template residue outside the narrative
def _outside_narrative(ix: DocIndex) -> list[tuple[int, object]]:
    """(page, line) on the cover, the 目录 and in table areas: text D5 (narrative) does not read
    (found once per run: F9 and F10 read them)."""
    return ix.cached(("outside_narrative",), lambda: list(_outside_lines(ix)))


def _outside_lines(ix: DocIndex):
    lay = layout(ix)
    pages = set(lay.toc_pages) | ({lay.cover_page} if lay.cover_page else set())
    regions: dict[int, list] = {}
    for t in ix.doc.tables:
        for p, bb in (t.bbox or {}).items():
            regions.setdefault(p, []).append(bb)
    for pf in _facts(ix):
        for ln in pf.lines:
            yc = (ln.bbox[1] + ln.bbox[3]) / 2
            if pf.number in pages or any(bb[1] - 2 <= yc <= bb[3] + 2 for bb in regions.get(pf.number, ())):
                yield pf.number, ln


@rule("F9", name="封面、目录、表格中的模板残留")
def f9(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """封面、目录和表格（表头、单元格、表注）中不应残留模板占位符（XX局、××、增加（减少））。

    依据: 决算/预算公开文本规范：发布前应替换全部模板内容（情况说明中的残留见 D5）。
    示例: 封面“某市XX局2024年度部门决算”。
    """
    _facts(ix)
    titles = {squash(t.title) for t in ix.doc.tables}
    for page, ln in _outside_narrative(ix):
        if squash(ln.text) in titles:
            continue  # table titles: D5
        m = TEMPLATE.search(ln.text)
        if m:
            yield Finding("F9", WARNING, f"第{page}页“{_short(ln.text, 30)}”残留模板内容“{m.group(0)}”",
                          _loc(page, ln.char_box(m.start(), m.end()), ln.text))


# ---------------------------------------------------------------- F10 years outside the narrative
_YEAR_REF = re.compile(r"((?:19|20)\d\d)\s*年(?!\s*\d{1,2}\s*月)")


@rule("F10", name="封面、目录、表头年份与文件年度不符")
def f10(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """封面、目录和表头中的年份只能是文件年度或其上一年度。

    依据: 预决算公开文件各部分年度应一致（情况说明中的年份见 D5）。
    示例: 2026年部门预算的目录写“2025年部门收入预算总表”。
    """
    _facts(ix)
    year = ix.doc.year
    if not year:
        raise Skip("未识别文件年度")
    ok = {year, year - 1}
    titles = {squash(t.title) for t in ix.doc.tables}
    body_top: dict[int, float] = {}  # per page: where the first table's body starts (below: cells)
    for t in ix.doc.tables:
        for r in t.rows:
            if t.kind == "form":
                body_top[r.page] = min(body_top.get(r.page, 1e9), 0.0)  # a form: no header to read
            else:
                body_top[r.page] = min(body_top.get(r.page, 1e9), r.bbox[1])
    for page, ln in _outside_narrative(ix):
        if squash(ln.text) in titles:
            continue  # table titles: D5
        if ln.bbox[1] >= body_top.get(page, 1e9) - 1:
            continue  # table cells and notes: figures and plans of other years are content
        for m in _YEAR_REF.finditer(ln.text):
            y = int(m.group(1))
            if y not in ok:
                yield Finding("F10", WARNING, f"第{page}页“{_short(ln.text, 30)}”写“{m.group(0).strip()}”，"
                                              f"与文件年度{year}年不符", _loc(page, ln.char_box(m.start(), m.end()), ln.text))
                break


# ---------------------------------------------------------------- F11 部门 / 单位 wording
# the standard names of classifications and tables keep “部门” in a 单位 document
_DEPT_WORDING = re.compile(r"部门(?:预算|决算)(?!\s*(?:支出)?经济分类|公开相关信息|\S{0,12}表)")


# a label or list number before a title on its line ("公开10表", "附件10：", "表10 2024年")
_TITLE_LEAD = r"^(?:(?:附件|附表|公开|表)[\d一二三四五六七八九十]+表?[:：、.．]?)?(?:(?:19|20)\d\d年度?)?"  # (compiled on use)


def _title_piece(flat: str, titles: set[str]) -> bool:
    """A line printing only part of a table's title (after its label or number, if any)."""
    s = flat
    for _ in range(2):  # (label and number in either order: "公开10表 十、…")
        s = re.sub(_TITLE_LEAD, "", strip_numbering(s))
    return len(s) >= 2 and any(s in t for t in titles)


@rule("F11", name="单位预决算中误用“部门预算/部门决算”")
def f11(ix: DocIndex, cfg: CheckConfig) -> Iterator[Finding]:
    """单位预算（决算）的文字应称“单位预算（决算）”，不应沿用部门预算的表述。

    依据: 部门预算与单位预算分别公开，口径不同（公开情况检查表：“这是单位预算材料，但…写成部门预算”）。
    示例: 单位预算的其他相关说明写“2026年部门预算安排购置车辆0辆”。
    """
    _facts(ix)
    if not (ix.doc.kind or "").startswith("单位"):
        raise NotApplicable("只适用于单位预算/决算")
    titles = {squash(t.title) for t in ix.doc.tables}
    for para in _paragraphs(ix):
        text = para.text
        if not _DEPT_WORDING.search(text):
            continue
        flat = squash(text)
        if any(t and t in flat for t in titles):
            continue  # a table's title printed outside its region
        if _title_piece(flat, titles):
            continue  # the first line of a title wrapped after a few characters ("部门决算公" / "开相关…表")
        for m in _DEPT_WORDING.finditer(text):
            page, bb = para.locate(m.start(), m.end())
            level = "单位" + m.group(0)[2:]
            yield Finding("F11", WARNING, f"第{page}页“{_snippet(text, m.start(), m.end())}”：单位{m.group(0)[2:]}中写成“{m.group(0)}”，"
                                          f"应为“{level}”", _loc(page, bb, text[max(0, m.start() - 20):m.end() + 20],
                                                             _snippet(text, m.start(), m.end())))
