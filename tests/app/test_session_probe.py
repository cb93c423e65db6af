"""`auditdesk check` looks for a saved review session cheaply (session_schema.may_have_session)
and imports the session machinery only when one can exist — never missing one that does."""
from __future__ import annotations

import json
import subprocess
import sys

from auditdesk.app.atomic_file import backup_path
from auditdesk.app.session_schema import app_data_path, beside_path, may_have_session, sessions_dir


def test_probe_finds_every_place_a_session_is_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITDESK_DATA_DIR", str(tmp_path / "data"))
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    sha = "ab" * 32
    assert not may_have_session(pdf, sha)
    for place in (beside_path(pdf), backup_path(beside_path(pdf)), app_data_path(sha), backup_path(app_data_path(sha))):
        place.parent.mkdir(parents=True, exist_ok=True)
        place.write_text("{}")
        assert may_have_session(pdf, sha), place
        place.unlink()
    assert not may_have_session(pdf, sha)
    (sessions_dir() / "another.json").write_text("{}")  # may name this PDF by its path
    assert may_have_session(pdf, sha)


def test_check_without_a_session_does_not_import_the_session(tmp_path):
    from auditdesk.app.main import sample_pdf

    pdf = sample_pdf()
    code = (
        "import sys\n"
        "from auditdesk.app.cli import run_cli\n"
        f"code = run_cli(['check', {str(pdf)!r}, '--json', 'o.json', '-q'])\n"
        "print(code, 'auditdesk.app.session' in sys.modules)\n"
    )
    env = {"AUDITDESK_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=tmp_path,
                         env=env)
    assert out.stdout.split()[1:] == ["False"], out.stdout + out.stderr[-2000:]
    assert json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))["schema"] == "auditdesk/1"
