"""Compiled patterns kept between runs (auditdesk/regex_cache.py): a second process finds the
first one's patterns compiled — the same engine code — and a damaged or unwritable cache
costs only the compilation."""
from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from auditdesk import regex_cache

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample.pdf"
PATTERN = r"(?P<amount>[\d,]+\.\d{2})\s*万元(?:的)?([\u4e00-\u9fff]{2,12}收入)"
TEXT = "2,345.67万元的一般公共预算财政拨款收入"

pytestmark = pytest.mark.skipif(not regex_cache._supported(), reason="no cache on this interpreter")


def _run(code: str, cache: Path) -> str:
    env = dict(os.environ, AUDITDESK_CACHE_DIR=str(cache))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


COMPILE = f"""
import auditdesk, re
from auditdesk import regex_cache
regex_cache.keep_at_exit()  # as the command and the window do
AMOUNT = re.compile({PATTERN!r})  # a program's patterns, kept at the top of a module
OTHERS = [re.compile(r"第" + str(k) + r"部分") for k in range(6)]
m = AMOUNT.search({TEXT!r})
print(m.group('amount'), m.group(2))
"""

MADE_OF_INPUT = """
import auditdesk, re, random
from auditdesk import regex_cache
regex_cache.keep_at_exit()
for k in range(20):  # patterns a run makes of what it reads (a glob of a file name, a search)
    re.compile(re.escape(f"out-{random.random()}.json") + ".*")
"""

LIBRARY = f"""
import auditdesk, re
re.compile({PATTERN!r})
"""

FOUND = f"""
import auditdesk, re
from re import _compiler
key = (str, {PATTERN!r}, 0)
print(key in re._cache, re._cache.get(key) == _compiler.compile({PATTERN!r}, 0))
"""


def _file(cache: Path) -> Path:
    (found,) = cache.glob("regex-*.marshal")
    return found


def test_a_second_run_finds_the_pattern_compiled(tmp_path):
    assert _run(FOUND, tmp_path) == "False False"  # nothing kept yet
    assert _run(COMPILE, tmp_path) == "2,345.67 一般公共预算财政拨款收入"
    entries = marshal.loads(_file(tmp_path).read_bytes())
    assert any(e[0] == PATTERN for e in entries)
    # the next process has it in re's cache, and it is the code re itself makes
    assert _run(FOUND, tmp_path) == "True True"
    assert _run(COMPILE, tmp_path) == "2,345.67 一般公共预算财政拨款收入"


def test_patterns_made_of_a_runs_input_are_not_kept(tmp_path):
    _run(MADE_OF_INPUT, tmp_path)  # (the first run keeps the patterns the modules it imports hold)
    kept = _file(tmp_path)
    assert not any("out-" in e[0] for e in marshal.loads(kept.read_bytes()))
    before = kept.stat().st_mtime_ns, kept.read_bytes()
    _run(MADE_OF_INPUT, tmp_path)  # nothing new worth keeping: the file is not written again
    assert (kept.stat().st_mtime_ns, kept.read_bytes()) == before


def test_a_library_user_only_reads_the_file(tmp_path):
    _run(LIBRARY, tmp_path)
    assert not list(tmp_path.glob("regex-*"))


def test_the_command_keeps_its_patterns(tmp_path):
    env = dict(os.environ, AUDITDESK_CACHE_DIR=str(tmp_path))
    subprocess.run([sys.executable, "-m", "auditdesk.app.cli", "check", str(SAMPLE), "--json",
                    str(tmp_path / "out.json")], env=env, capture_output=True, timeout=120)
    kept = marshal.loads(_file(tmp_path).read_bytes())
    assert len(kept) > 100  # the readers' and rules' patterns


def test_a_damaged_file_costs_only_the_compilation(tmp_path):
    _run(COMPILE, tmp_path)
    path = _file(tmp_path)
    path.write_bytes(b"\x00not marshal data")
    assert _run(COMPILE, tmp_path) == "2,345.67 一般公共预算财政拨款收入"
    assert any(e[0] == PATTERN for e in marshal.loads(path.read_bytes()))  # written again


def test_an_entry_with_other_engine_code_is_not_used(tmp_path):
    _run(COMPILE, tmp_path)
    path = _file(tmp_path)
    entries = [e if e[0] != PATTERN else (e[0], e[1], e[2], [999, 999, 999], e[4], e[5])
               for e in marshal.loads(path.read_bytes())]
    path.write_bytes(marshal.dumps(entries))
    assert _run(COMPILE, tmp_path) == "2,345.67 一般公共预算财政拨款收入"


def test_a_cache_folder_that_cannot_be_written(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert _run(COMPILE, blocked) == "2,345.67 一般公共预算财政拨款收入"
    assert blocked.read_text() == "not a folder"
