"""What is written to disk for good: the auditor's session is synced to the disk before it
replaces the old file; the command's JSON (which the command can write again) is written
atomically, without waiting for the disk."""
from __future__ import annotations

import os

from auditdesk.app import atomic_file


def _synced(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = os.fsync
    monkeypatch.setattr(atomic_file.os, "fsync", lambda fd: calls.append(fd) or real(fd))
    return calls


def test_a_session_is_synced_and_a_result_is_not(tmp_path, monkeypatch):
    calls = _synced(monkeypatch)
    atomic_file.atomic_write(tmp_path / "s.json", b"{}")
    assert len(calls) == 2  # the file, then its folder
    calls.clear()
    atomic_file.atomic_write(tmp_path / "r.json", b"[]", backup=False, durable=False)
    assert calls == []
    assert (tmp_path / "r.json").read_bytes() == b"[]"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_the_command_writes_its_json_without_waiting_for_the_disk(tmp_path, monkeypatch):
    from auditdesk.app import cli

    calls = _synced(monkeypatch)
    cli._atomic_write_text(str(tmp_path / "out.json"), '{"schema": "auditdesk/1"}')
    assert calls == [] and (tmp_path / "out.json").read_text() == '{"schema": "auditdesk/1"}'
