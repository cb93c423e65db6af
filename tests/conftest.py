"""Shared test set-up: offscreen Qt, paths to the real disclosures, generated PDFs."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# tests never touch the user's real application-data folder
os.environ.setdefault("AUDITDESK_DATA_DIR", str(Path(__file__).resolve().parent / ".." / "build" / "test-appdata"))

ROOT = Path(__file__).resolve().parents[1]


def _shared() -> Path:
    env = os.environ.get("AUDITDESK_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


REAL_PDFS = _shared() / "real-pdfs"


@pytest.fixture(scope="session")
def real_pdfs() -> Path:
    if not REAL_PDFS.is_dir():
        pytest.skip(f"real disclosures not available at {REAL_PDFS} (set AUDITDESK_SHARED)")
    return REAL_PDFS


@pytest.fixture
def copies_made(monkeypatch) -> list:
    """The work of every copy `two_cores.Copy` forks during the test (the copies still run)."""
    from auditdesk.parsing import two_cores

    made: list = []
    real = two_cores.Copy

    class Counted(real):
        def __init__(self, work):
            made.append(work)
            super().__init__(work)

    monkeypatch.setattr(two_cores, "Copy", Counted)
    return made
