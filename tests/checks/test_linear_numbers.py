"""Issue 19 (case 11): a page of 60 000 digit glyphs is checked in seconds, not minutes —
number parsing in the narrative rules is linear in the length of the text."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.bad_inputs import _render, _seed_spec, write_digit_flood

ROOT = Path(__file__).resolve().parents[2]


def test_page_of_60000_digits_does_not_hang_the_checks(tmp_path):
    src = _render(_seed_spec(), tmp_path / "seed.pdf")
    flood = write_digit_flood(src, tmp_path / "flood.pdf")
    # quadratic matching took ~100 s on this page; linear takes well under a second, so a
    # generous limit on a loaded machine still tells the two apart
    proc = subprocess.run([sys.executable, "-m", "auditdesk.app.cli", "check", str(flood), "--no-session", "-q"],
                          capture_output=True, text=True, encoding="utf-8", timeout=60, cwd=ROOT)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
