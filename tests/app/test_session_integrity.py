"""Issue 19: the auditor's work is never lost — hostile and damaged session files, and two
writers (cases 1, 2, 10 and the property test over the loader)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditdesk.app import session as sm
from auditdesk.app import session_lock
from auditdesk.app.session import RECOVERED, apply_session_to_document, load_session
from tests.bad_inputs import WRONG_FIELDS, plant_special_session, session_with_wrong_field
from tests.session_docs import full_session, make_doc, make_pdf

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "appdata"
    monkeypatch.setenv("AUDITDESK_DATA_DIR", str(d))
    return d


@pytest.fixture
def saved(tmp_path) -> tuple[Path, Path, bytes]:
    """(pdf, session file, its bytes) — a full session saved by ReviewSession."""
    pdf = make_pdf(tmp_path / "pdfs")
    s = full_session(pdf)
    path = s.save()
    getattr(s, "close", lambda: None)()  # (lets this file run against code without locks)
    return pdf, path, path.read_bytes()


# ------------------------------------------------------------------ case 1: one wrong field


@pytest.mark.parametrize("kind", WRONG_FIELDS)
def test_one_wrong_field_is_named_and_the_rest_loaded(saved, kind):
    pdf, path, good = saved
    bad = session_with_wrong_field(good, kind)
    path.write_bytes(bad)
    ref = json.loads(good)

    res = load_session(pdf, make_doc(pdf))  # used to raise
    s = res.session
    assert res.status == RECOVERED and s is not None and s.unreadable
    assert any("无法读取" in m for m in res.messages)
    # everything else came back
    assert len(s.edits) + len(s.conflicts) == len(ref["edits"])
    assert len(s.annotations) == len(ref["annotations"])
    assert set(s.statuses) == set(ref["finding_status"])
    assert len(s.log) == len(ref["log"])
    if kind == "sign_off_string":
        assert s.signoff is None and any(u.where == "sign_off" for u in s.unreadable)
    else:
        assert s.signoff is not None and s.signoff.who == "王复核"
    if kind == "negative_column":  # the anchor still finds its cell by its names
        assert s.doc.tables[0].rows[4].cells[2].text == "41.00"
        assert any(".col" in u.where for u in s.unreadable)
    # the window saves where it says; what could not be read is kept aside, byte for byte
    assert any(str(path) in m for m in res.messages)
    assert s.dirty and s.save() == path
    kept = list(path.parent.glob(path.name + ".partial-*"))
    assert [k.read_bytes() for k in kept] == [bad]
    again = load_session(pdf, make_doc(pdf))
    assert again.status == sm.RESTORED and not again.session.unreadable

    # the CLI applies every readable edit too (it used to ignore them all)
    path.write_bytes(bad)
    doc = make_doc(pdf)
    cli = apply_session_to_document(doc, pdf)
    assert cli.session is not None and doc.tables[0].rows[3].cells[3].text == "59.00"
    assert any("无法读取" in m for m in cli.messages)


def test_unreadable_session_falls_back_to_bak(saved):
    pdf, path, good = saved
    s = load_session(pdf, make_doc(pdf)).session
    s.apply_edit("T01", 0, 2, "101.00", "张三")
    s.save()  # .bak = `good`
    getattr(s, "close", lambda: None)()  # (lets this file run against code without locks)
    path.write_bytes(b'{"schema": "auditdesk-session/1", "log": ' + b"[" * 100)
    res = load_session(pdf, make_doc(pdf))
    assert res.status == RECOVERED and any("备份" in m for m in res.messages)
    assert res.session.doc.tables[0].rows[4].cells[2].text == "41.00"


def test_window_always_has_somewhere_to_save(saved, monkeypatch):
    """Whatever goes wrong while reading, the session comes back writable and says where,
    and the file it could not read is moved aside, not overwritten."""
    pdf, path, good = saved

    def boom(*a, **kw):
        raise RuntimeError("unforeseen")

    monkeypatch.setattr(sm, "_load_session", boom)
    res = load_session(pdf, make_doc(pdf))
    assert res.session is not None and any("保存到" in m for m in res.messages)
    res.session.apply_edit("T01", 4, 2, "42.00", "张三")
    assert res.session.save() == path
    assert [p.read_bytes() for p in path.parent.glob(path.name + ".unreadable-*")] == [good]


# ------------------------------------------------------------------ case 10: not a regular file


@pytest.mark.parametrize("kind", ["fifo", "dev_zero"])
def test_special_session_file_neither_hangs_nor_eats_memory(saved, kind):
    pdf, path, _ = saved
    os.unlink(path)
    plant_special_session(pdf, kind)
    t0 = time.monotonic()
    res = load_session(pdf, make_doc(pdf), read_only=True)
    cli = apply_session_to_document(make_doc(pdf), path)
    assert time.monotonic() - t0 < 5
    assert res.session is not None and res.corrupt == path
    assert any("不是普通文件" in m for m in res.messages)
    assert cli.session is None and "不是普通文件" in cli.messages[0]
    # the .bak beside it is tried
    assert res.session.doc.tables[0].rows[4].cells[2].text in ("40.00", "41.00")


def test_oversized_session_file_is_refused(saved, monkeypatch):
    pdf, path, _ = saved
    monkeypatch.setattr("auditdesk.app.session_schema.MAX_BYTES", 1000)
    with pytest.raises(sm.SessionFileError, match="过大"):
        sm._read_session_file(path)


# ------------------------------------------------------------------ case 2: two writers

HOLDER = """
import sys
from pathlib import Path
from tests.session_docs import make_doc
from auditdesk.app import session as sm
pdf = Path(sys.argv[1])
res = sm.load_session(pdf, make_doc(pdf))
s = res.session
s.apply_edit("T01", 0, 2, "120.00", "甲")
s.save()
print("ready", flush=True)
sys.stdin.readline()
s.apply_edit("T01", 1, 2, "130.00", "甲")
s.save()
print("done", flush=True)
sys.stdin.readline()
"""


def test_second_writer_is_stopped_and_told(saved, tmp_path):
    pdf, path, _ = saved
    env = {**os.environ, "PYTHONPATH": str(ROOT), "AUDITDESK_DATA_DIR": str(tmp_path / "appdata")}
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(pdf)], cwd=ROOT, env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        res = load_session(pdf, make_doc(pdf))
        s = res.session
        holder = s.locked_by
        assert holder is not None and holder.pid == proc.pid and holder.who == session_lock.user_name()
        told = [m for m in res.messages if "正由" in m]
        assert told and holder.who in told[0] and "另存到" in told[0]
        s.apply_edit("T01", 2, 2, "140.00", "乙")
        mine = s.save()
        assert mine != path and mine.parent == path.parent
        proc.stdin.write("\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "done"
        # neither overwrote the other: both writers' edits are all on disk
        first = {(e["anchor"]["row"], e["new"]) for e in json.loads(path.read_text("utf-8"))["edits"]}
        second = {(e["anchor"]["row"], e["new"]) for e in json.loads(mine.read_text("utf-8"))["edits"]}
        assert {(0, "120.00"), (1, "130.00")} <= first and (2, "140.00") not in {(r, n) for r, n in first}
        assert (2, "140.00") in second
        s.close()
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
    # the holder is gone: its lock is stale and the next window takes the file over
    res = load_session(pdf, make_doc(pdf))
    assert res.session.locked_by is None and res.session.path == path
    res.session.close()


def test_lock_left_by_a_dead_process_is_taken_over(saved):
    pdf, path, _ = saved
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    session_lock.lock_path(path).write_text(json.dumps(
        {"who": "某人", "host": os.uname().nodename, "pid": int(dead.stdout), "since": "2025-01-01T00:00:00"}))
    res = load_session(pdf, make_doc(pdf))
    assert res.session.locked_by is None
    res.session.close()
    assert not session_lock.lock_path(path).exists()


# ------------------------------------------------------------------ property: random mutations

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2**40, 2**40), st.floats(allow_nan=False),
                     st.text(max_size=8))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.text(max_size=6), inner, max_size=3)),
                       max_leaves=6)
_RECORD_KEYS = ("edits", "annotations", "log")


def _paths(v, prefix=()):
    yield prefix
    if isinstance(v, dict):
        for k, x in v.items():
            yield from _paths(x, prefix + (k,))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from _paths(x, prefix + (i,))


@pytest.fixture(scope="module")
def real_session(tmp_path_factory):
    pdf = make_pdf(tmp_path_factory.mktemp("prop"))
    s = full_session(pdf)
    data = s.to_json()
    return pdf, data, sorted(_paths(data), key=repr)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_mutations_never_raise_nor_lose_a_readable_field(real_session, data):
    pdf, good, paths = real_session
    where = data.draw(st.sampled_from([p for p in paths if p and p[0] not in ("schema",)]))
    op = data.draw(st.sampled_from(["replace", "delete"]))
    mutated = json.loads(json.dumps(good))
    parent = mutated
    for k in where[:-1]:
        parent = parent[k]
    if op == "delete":
        del parent[where[-1]]  # in a list later items shift: records are compared by content
    else:
        parent[where[-1]] = data.draw(_VALUES)
    path = pdf.with_name(pdf.name + ".mutated.json")
    path.write_text(json.dumps(mutated, ensure_ascii=False), encoding="utf-8")
    res = apply_session_to_document(make_doc(pdf), path, on_mismatch="apply")  # never raises
    s = res.session
    assert s is not None, (where, res.messages)
    bad = s.unreadable
    out = s.to_json()
    top = where[0]
    # every record the mutation did not touch is there, unchanged
    for key in _RECORD_KEYS:
        if key == "edits":
            got = {json.dumps(e, sort_keys=True) for e in out["edits"]}
        else:
            got = {json.dumps(e, sort_keys=True) for e in out[key]}
        for i, rec in enumerate(good[key]):
            if top == key and (len(where) == 1 or where[1] == i):
                continue
            if key == "edits":
                # an edit comes back re-anchored on its cell: compare what matters
                assert any(e["new"] == rec["new"] and e["old"] == rec["old"] for e in out["edits"]), (where, rec)
            else:
                assert json.dumps(rec, sort_keys=True) in got, (where, rec)
    for k, v in good["finding_status"].items():
        if not (top == "finding_status" and (len(where) == 1 or where[1] == k)):
            assert out["finding_status"].get(k) == v, where
    for key in ("header", "preparer", "reviewer", "sign_off", "tick_legend"):
        if top != key:
            assert out[key] == good[key], (where, key)
    # a mutation that left a readable record is kept too
    if top in _RECORD_KEYS and len(where) >= 2 and op == "replace" and not bad:
        assert len(out[top]) == len(mutated[top]), where
