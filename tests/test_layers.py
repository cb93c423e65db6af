"""Import-linter contracts of pyproject.toml (style.md 1): parsing/checks never import Qt or
app, widgets never import app, the session/workbook/CLI never import Qt.

The source tree maps `auditdesk.parsing` → `parsing/` etc. (package-dir), which grimp cannot
walk, so the test lays the package out as installed (symlinks in tmp_path) and runs
`lint-imports` over it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "widgets", "parsing", "checks", "resources")


def lint_imports() -> str | None:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    return exe if Path(exe).exists() or shutil.which(exe) else None


def layout(tmp: Path) -> Path:
    pkg = tmp / "auditdesk"
    pkg.mkdir()
    shutil.copy(ROOT / "auditdesk" / "__init__.py", pkg / "__init__.py")
    for name in PACKAGES:
        (pkg / name).symlink_to(ROOT / name, target_is_directory=True)
    return tmp


@pytest.mark.skipif(lint_imports() is None, reason="import-linter not installed (pip install -e '.[test]')")
def test_import_contracts_hold(tmp_path):
    layout(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    out = subprocess.run([lint_imports(), "--config", str(ROOT / "pyproject.toml"), "--no-cache"], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "broken" not in out.stdout.split("Contracts:")[-1].replace("0 broken", "")


def test_a_broken_contract_is_caught(tmp_path):
    """The check can fail: a parsing module importing Qt breaks the first contract."""
    if lint_imports() is None:
        pytest.skip("import-linter not installed")
    root = layout(tmp_path)
    bad = root / "auditdesk" / "parsing"
    bad.unlink()
    shutil.copytree(ROOT / "parsing", bad, ignore=shutil.ignore_patterns("__pycache__"))
    (bad / "zz_bad.py").write_text("import PySide6.QtCore\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    out = subprocess.run([lint_imports(), "--config", str(ROOT / "pyproject.toml"), "--no-cache"], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode != 0 and "zz_bad" in out.stdout


def test_cli_runs_with_qt_unavailable(tmp_path):
    """`auditdesk check` (parsing, checks, session, workbook) works where PySide6 cannot be
    imported at all — also through imports done lazily at run time, which lint-imports sees too
    but only a run proves."""
    from auditdesk.app.main import sample_pdf

    pdf = sample_pdf()
    if pdf is None:
        pytest.skip("resources/sample.pdf not generated")
    code = (
        "import sys\n"
        "class NoQt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'PySide6' or name.startswith('PySide6.'):\n"
        "            raise ImportError('PySide6 is not installed here')\n"
        "sys.meta_path.insert(0, NoQt())\n"
        "from auditdesk.app.main import main\n"
        f"sys.exit(main(['auditdesk', 'check', {str(pdf)!r}, '--json', {str(tmp_path / 'o.json')!r},"
        f" '--xlsx', {str(tmp_path / 'o.xlsx')!r}, '--no-session']))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert out.returncode in (0, 1), out.stderr[-2000:]
    assert (tmp_path / "o.json").exists() and (tmp_path / "o.xlsx").exists()
    assert "PySide6" not in out.stderr
