"""ReviewSession: edits, annotations, statuses, and the session file (no Qt)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from auditdesk.app import session as sm
from auditdesk.app.session import (
    DISMISSED,
    MISMATCH,
    NEW,
    RECOVERED,
    RESTORED,
    SCHEMA,
    Anchor,
    ReviewSession,
    apply_session_to_document,
    load_session,
)
from auditdesk.parsing.model import TOTAL, Cell, Document, Row, Table

COLS = ["科目代码", "科目名称", "合计", "基本支出", "项目支出"]


def _table(rows: list[tuple[str, str, str, str, str]], tid: str = "T01",
           title: str = "一般公共预算财政拨款支出决算表") -> Table:
    out = []
    for i, texts in enumerate(rows):
        code, label = texts[0] or None, texts[1]
        out.append(Row([Cell.of(t, 3, (10.0 * j, 20.0 * i, 10.0 * j + 9, 20.0 * i + 9)) for j, t in enumerate(texts)],
                       page=3, bbox=(0, 20.0 * i, 100, 20.0 * i + 9), kind=TOTAL if label == "合计" else "data",
                       label=label, code=code, level=None if code is None else {3: 1, 5: 2, 7: 3}[len(code)]))
    return Table(tid, title, "公开05表", "万元", [3], [COLS], list(COLS), out)


ROWS = [
    ("", "合计", "100.00", "60.00", "40.00"),
    ("206", "科学技术支出", "100.00", "60.00", "40.00"),
    ("20601", "科学技术管理事务", "100.00", "60.00", "40.00"),
    ("2060101", "行政运行", "60.00", "60.00", ""),
    ("2060102", "一般行政管理事务", "40.00", "", "40.00"),
]


def make_doc(pdf: Path, rows=ROWS) -> Document:
    return Document(str(pdf), sm.sha256_file(pdf), 5, "某某科学技术局", 2024, "部门决算", [_table(list(rows))], [])


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "appdata"
    monkeypatch.setenv("AUDITDESK_DATA_DIR", str(d))
    return d


@pytest.fixture
def pdf(tmp_path) -> Path:
    d = tmp_path / "pdfs"
    d.mkdir()
    p = d / "某单位2024年部门决算.pdf"
    p.write_bytes(b"%PDF-1.4 fake disclosure\n")
    return p


def test_edit_revert_and_log(pdf):
    doc = make_doc(pdf)
    s = ReviewSession(doc, pdf)
    seen = []
    s.listeners.append(lambda kind, payload: seen.append(kind))
    old = s.apply_edit("T01", 3, 2, "61.00", "张三")
    assert old == "60.00"
    cell = doc.tables[0].rows[3].cells[2]
    assert cell.text == "61.00" and str(cell.value) == "61.00" and cell.original == "60.00" and cell.edited
    assert s.dirty and seen == ["edit"]
    # undo (as the GUI's QUndoCommand does) and redo, both logged
    s.apply_edit("T01", 3, 2, "60.00", "张三", action="undo")
    assert not doc.tables[0].rows[3].cells[2].edited and not s.edits
    s.apply_edit("T01", 3, 2, "61.00", "张三", action="redo")
    s.apply_edit("T01", 3, 2, "62.00", "李四")
    e = s.edit_at("T01", 3, 2)
    assert (e.old, e.new, e.who) == ("60.00", "62.00", "李四")
    assert s.revert("T01", 3, 2, "李四") == "62.00"
    assert doc.tables[0].rows[3].cells[2].text == "60.00" and not s.edits
    assert [x.action for x in s.log] == ["edit", "undo", "redo", "edit", "revert"]
    assert [(x.old, x.new) for x in s.log][:2] == [("60.00", "61.00"), ("61.00", "60.00")]
    assert s.log[0].target == "一般公共预算财政拨款支出决算表 / 2060101 行政运行 / 合计"


def test_status_annotation_signoff_rules(pdf):
    s = ReviewSession(make_doc(pdf), pdf)
    with pytest.raises(ValueError):
        s.set_finding_status("A13|T01|合计|合计|", DISMISSED, "张三")  # no reason
    with pytest.raises(ValueError):
        s.set_finding_status("A13|T01|合计|合计|", "随便", "张三")
    s.set_finding_status("A13|T01|合计|合计|", DISMISSED, "张三", reason="尾差，已与报表核对", comment="ok")
    with pytest.raises(ValueError):  # tick not in legend
        s.add_annotation(Anchor.for_cell(s.doc, "T01", 0, 2), "x", tick="Z")
    a = s.add_annotation(Anchor.for_cell(s.doc, "T01", 0, 2), "已加总", tick="F", who="张三")
    assert s.annotations_at("T01", 0, 2) == [a]
    s.add_annotation(Anchor.for_region(4, (1, 2, 3, 4)), "第4页说明", who="张三")
    s.sign_off("王复核", note="同意")
    assert s.reviewer.name == "王复核" and not s.signoff.stale
    s.update_annotation(a.id, text="已加总无误", who="张三")
    assert s.signoff.stale  # changed after sign-off
    with pytest.raises(ValueError):  # 'F' is in use
        s.set_tick_legend([("✓", "已核对")])


def test_round_trip_beside_pdf(pdf):
    doc = make_doc(pdf)
    s = ReviewSession(doc, pdf)
    assert s.save() is None  # nothing to write yet
    s.apply_edit("T01", 4, 2, "41.00", "张三")
    s.apply_edit("T01", 0, 1, "=SUM(A1)", "张三")  # formula-like text is just text
    ann = s.add_annotation(Anchor.for_row(doc, "T01", 1), "类级已核对", tick="✓", who="张三")
    s.add_annotation(Anchor.for_finding("A7|T01|合计|合计|"), "待问单位", who="张三")
    s.set_finding_status("A7|T01|合计|合计|", sm.CONFIRMED, "张三", comment="需调整")
    s.set_preparer("张三", "2025-03-01")
    s.set_header(index_no="JS-01", conclusion="未发现重大问题")
    s.sign_off("王复核", date="2025-03-05")
    path = s.save()
    assert path == pdf.with_name(pdf.name + ".auditdesk.json") and not s.dirty
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == SCHEMA and data["pdf"]["sha256"] == doc.sha256
    assert not list(pdf.parent.glob("*.tmp"))

    fresh = make_doc(pdf)
    res = load_session(pdf, fresh)
    assert res.status == RESTORED and res.conflicts == [] and res.session is not None
    s2 = res.session
    assert fresh.tables[0].rows[4].cells[2].text == "41.00"
    assert fresh.tables[0].rows[4].cells[2].original == "40.00"
    assert fresh.tables[0].rows[0].cells[1].text == "=SUM(A1)"
    assert set(s2.edits) == {("T01", 4, 2), ("T01", 0, 1)}
    assert s2.annotations[ann.id].tick == "✓" and s2.annotations_at("T01", 1) == [s2.annotations[ann.id]]
    assert s2.statuses["A7|T01|合计|合计|"].status == sm.CONFIRMED
    assert s2.preparer.name == "张三" and s2.reviewer.date == "2025-03-05"
    assert s2.header.index_no == "JS-01" and s2.signoff.who == "王复核"
    assert [x.action for x in s2.log] == [x.action for x in s.log]
    assert not s2.dirty and s2.path == path


def test_atomic_write_and_backup(pdf, monkeypatch):
    s = ReviewSession(make_doc(pdf), pdf)
    s.apply_edit("T01", 4, 2, "41.00", "张三")
    path = s.save()
    first = path.read_bytes()
    s.apply_edit("T01", 4, 2, "42.00", "张三")
    s.save()
    bak = path.with_name(path.name + ".bak")
    assert bak.read_bytes() == first  # one generation: the previous good file
    second = path.read_bytes()

    # a crash while writing (fsync fails) leaves the good file and no temp litter
    s.apply_edit("T01", 4, 2, "43.00", "张三")

    def boom(fd):
        raise OSError("disk full")

    monkeypatch.setattr(sm.os, "fsync", boom)
    with pytest.raises(OSError):
        sm.atomic_write(path, b"{broken", backup=True)
    monkeypatch.undo()
    assert path.read_bytes() == second
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    s.save()
    assert json.loads(path.read_text("utf-8"))["edits"][0]["new"] == "43.00"
    assert bak.read_bytes() == second


def test_corrupt_file_recovers_from_backup_and_is_kept(pdf):
    s = ReviewSession(make_doc(pdf), pdf)
    s.apply_edit("T01", 4, 2, "41.00", "张三")
    path = s.save()
    s.apply_edit("T01", 3, 2, "61.00", "张三")
    s.save()  # .bak now holds the 1-edit state
    path.write_text('{"schema": "auditdesk-session/1", "pdf": {', encoding="utf-8")  # truncated

    fresh = make_doc(pdf)
    res = load_session(pdf, fresh)
    assert res.status == RECOVERED and res.corrupt == path
    assert any("备份" in m for m in res.messages)
    assert fresh.tables[0].rows[4].cells[2].text == "41.00"
    assert res.session.dirty  # the recovered state will be written promptly
    # loading never touches the corrupt file …
    assert path.read_text(encoding="utf-8").endswith("{")
    res.session.save()
    # … and saving moves it aside first, never overwrites it
    kept = list(pdf.parent.glob(path.name + ".corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8").endswith("{")
    assert json.loads(path.read_text("utf-8"))["schema"] == SCHEMA
    # the .bak was not replaced by the corrupt file
    assert json.loads(path.with_name(path.name + ".bak").read_text("utf-8"))["schema"] == SCHEMA


def test_corrupt_file_without_backup_starts_fresh_but_keeps_it(pdf):
    path = pdf.with_name(pdf.name + ".auditdesk.json")
    path.write_bytes(b"\x00\xff garbage")
    res = load_session(pdf, make_doc(pdf))
    assert res.status == RECOVERED and res.session is not None and not res.session.edits
    res.session.apply_edit("T01", 4, 2, "41.00", "张三")
    res.session.save()
    assert [p.read_bytes() for p in pdf.parent.glob("*.corrupt-*")] == [b"\x00\xff garbage"]


def test_cli_apply_session_touches_no_file(pdf):
    s = ReviewSession(make_doc(pdf), pdf)
    s.apply_edit("T01", 4, 2, "41.00", "张三")
    path = s.save()
    before = sorted(p.name for p in pdf.parent.iterdir())
    doc = make_doc(pdf)
    res = apply_session_to_document(doc, pdf)
    assert res.status == RESTORED and doc.tables[0].rows[4].cells[2].text == "41.00"
    doc2 = make_doc(pdf)
    res2 = apply_session_to_document(doc2, path)  # the session file itself
    assert res2.ok and doc2.tables[0].rows[4].cells[2].text == "41.00"
    assert sorted(p.name for p in pdf.parent.iterdir()) == before


def _assert_saves_to_app_data(pdf, data_dir):
    s = ReviewSession(make_doc(pdf), pdf)
    s.apply_edit("T01", 4, 2, "41.00", "张三")
    path = s.save()
    assert path == data_dir / "sessions" / f"{s.sha256}.json"
    assert not pdf.with_name(pdf.name + ".auditdesk.json").exists()
    assert any("不可写" in m for m in s.last_messages)
    res = load_session(pdf, make_doc(pdf))
    assert res.status == RESTORED and res.path == path
    assert res.session.doc.tables[0].rows[4].cells[2].text == "41.00"


def test_read_only_folder_uses_app_data(pdf, data_dir, monkeypatch):
    folder = pdf.parent
    folder.chmod(0o555)
    try:
        probe = folder / "probe"
        try:
            probe.write_bytes(b"")
            probe.unlink()
            really_read_only = False
        except OSError:
            really_read_only = True
        if not really_read_only:
            # root ignores permission bits: simulate what a normal user gets from os.access
            real_access = os.access
            monkeypatch.setattr(sm.os, "access", lambda p, mode, **kw: False if Path(p) == folder
                                else real_access(p, mode, **kw))
        assert not sm.dir_writable(folder)
        _assert_saves_to_app_data(pdf, data_dir)
    finally:
        folder.chmod(0o755)


def test_trial_write_catches_what_os_access_misses(pdf, data_dir, monkeypatch):
    """A share or ACL where os.access says yes but creating a file fails."""
    real_mkstemp = sm.tempfile.mkstemp

    def mkstemp(*a, **kw):
        if Path(kw.get("dir", "")) == pdf.parent:
            raise PermissionError(13, "Permission denied")
        return real_mkstemp(*a, **kw)

    monkeypatch.setattr(sm.tempfile, "mkstemp", mkstemp)
    assert os.access(pdf.parent, os.W_OK) and not sm.dir_writable(pdf.parent)
    _assert_saves_to_app_data(pdf, data_dir)


def test_changed_pdf_is_detected(pdf):
    s = ReviewSession(make_doc(pdf), pdf)
    s.apply_edit("T01", 4, 2, "41.00", "张三")
    old_sha = s.sha256
    path = s.save()
    pdf.write_bytes(b"%PDF-1.4 a re-issued disclosure\n")
    doc = make_doc(pdf)
    res = load_session(pdf, doc)
    assert res.status == MISMATCH and res.session is None
    assert (res.mismatch.recorded_sha256, res.mismatch.current_sha256) == (old_sha, doc.sha256)
    assert doc.tables[0].rows[4].cells[2].text == "40.00"  # nothing applied while asking

    applied = load_session(pdf, doc, on_mismatch="apply")
    assert applied.session.sha256 == doc.sha256 and doc.tables[0].rows[4].cells[2].text == "41.00"

    doc3 = make_doc(pdf)
    fresh = load_session(pdf, doc3, on_mismatch="fresh")
    assert fresh.status == NEW and not fresh.session.edits
    fresh.session.save()
    archived = pdf.with_name(f"{pdf.name}.auditdesk.{old_sha[:12]}.json")
    assert json.loads(archived.read_text("utf-8"))["pdf"]["sha256"] == old_sha
    assert json.loads(path.read_text("utf-8"))["pdf"]["sha256"] == doc3.sha256


def test_edits_reapplied_onto_fresh_extraction_with_conflicts(pdf):
    s = ReviewSession(make_doc(pdf), pdf)
    s.apply_edit("T01", 4, 2, "41.00", "张三")  # 一般行政管理事务 合计
    s.apply_edit("T01", 3, 3, "59.00", "张三")  # 行政运行 基本支出
    s.apply_edit("T01", 1, 4, "39.00", "张三")  # 206 项目支出
    ann = s.add_annotation(Anchor.for_cell(s.doc, "T01", 4, 2), "核对凭证", tick="✓", who="张三")
    s.save()

    # re-extraction: a new row inserted before 行政运行 (indices shift), 行政运行's
    # 基本支出 now reads differently, and the 206 row is gone
    rows = [ROWS[0], ROWS[2], ("2060199", "其他科学技术管理事务支出", "0.00", "", "0.00"),
            ("2060101", "行政运行", "60.00", "58.00", ""), ROWS[4]]
    fresh = make_doc(pdf, rows)
    res = load_session(pdf, fresh)
    assert res.status == RESTORED
    t = fresh.tables[0]
    assert t.rows[4].cells[2].text == "41.00" and t.rows[4].cells[2].original == "40.00"  # followed the label
    assert ("T01", 4, 2) in res.session.edits
    reasons = sorted((c.reason, c.edit.new) for c in res.conflicts)
    assert reasons == [("row_missing", "39.00"), ("value_changed", "59.00")]
    changed = next(c for c in res.conflicts if c.reason == "value_changed")
    assert (changed.found, changed.row, changed.col) == ("58.00", 3, 3) and "58.00" in changed.message
    assert t.rows[3].cells[3].text == "58.00"  # not applied over a different value
    assert res.session.annotations[ann.id].anchor.row == 4

    # conflicts are never dropped: they survive a save/load cycle …
    res.session.save()
    again = load_session(pdf, make_doc(pdf, rows))
    assert sorted(c.reason for c in again.conflicts) == ["row_missing", "value_changed"]
    # … until the auditor decides
    s3 = again.session
    ch = next(c for c in s3.conflicts if c.reason == "value_changed")
    s3.resolve_conflict(ch, "apply", "张三")
    assert s3.doc.tables[0].rows[3].cells[3].text == "59.00"
    gone = s3.conflicts[0]
    with pytest.raises(ValueError):
        s3.resolve_conflict(gone, "apply", "张三")
    s3.resolve_conflict(gone, "discard", "张三")
    assert not s3.conflicts and s3.log[-1].action == "conflict_discard"


def test_changed_pdf_in_read_only_folder_finds_its_app_data_session_among_many(pdf, data_dir, monkeypatch):
    """The PDF changed (new sha) and its folder is read-only: the session is found by the path
    it names, and only the files naming that path are parsed (every check asks this)."""
    monkeypatch.setattr(sm, "dir_writable", lambda folder: False)
    s = ReviewSession(make_doc(pdf), pdf)
    s.apply_edit("T01", 4, 2, "41.00", "张三")
    mine = s.save()
    sessions = data_dir / "sessions"
    for i in range(40):  # other PDFs' sessions, one with an escaped path that is not this one
        other = dict(json.loads(mine.read_text("utf-8")))
        other["pdf"] = dict(other["pdf"], path=str(pdf.with_name(f"其他{i}.pdf")), sha256=f"{i:064x}")
        (sessions / f"{i:064x}.json").write_text(json.dumps(other, ensure_ascii=i % 2 == 0), "utf-8")
    pdf.write_bytes(pdf.read_bytes() + b"\n% re-issued\n")
    parsed = []
    real = sm._read_session_file
    monkeypatch.setattr(sm, "_read_session_file", lambda p: parsed.append(Path(p).name) or real(p))
    res = load_session(pdf, make_doc(pdf), on_mismatch="apply")
    assert res.path == mine and res.session.doc.tables[0].rows[4].cells[2].text == "41.00"
    assert set(parsed) == {mine.name}, parsed
