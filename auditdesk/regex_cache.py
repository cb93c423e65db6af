"""Compiled regular expressions kept between runs, as `.pyc` files keep compiled code.

AuditDesk's readers and rules hold ~300 patterns (long alternations of printed labels, CJK
classes); Python's `re` compiles each one at import, ~0.1 s of a 0.5 s `auditdesk check`
on a 30-page file. What compilation produces (the regex engine's code, a list of integers)
depends only on the pattern, its flags and the interpreter, so it is kept in the user's
cache folder, one file per engine version, and put into `re`'s own cache when `auditdesk`
is imported: `re.compile` then finds the pattern compiled.

The command and the window keep their run's new patterns at exit (`keep_at_exit`); a
library user (a notebook, the tests) only reads the file. A pattern is kept only when the
code rebuilt from the file equals what `re` compiled (`Pattern.__eq__` compares the code);
a missing, stale or damaged file costs only the compilation. On another interpreter than
CPython 3.11–3.14 (whose `re` internals this relies on) nothing is kept.
"""
from __future__ import annotations

import atexit
import marshal
import os
import re
import sys

_MAX_PATTERNS = 1000  # the file stays small whatever else a run compiles
# A run also compiles patterns made of what it reads or writes (a file name's glob, a search):
# different in every run, they are never kept (see `_written_in_code`), and fewer new patterns
# than this are not even looked at — the file is not rewritten at every run.
_WORTH_SAVING = 5

_loaded: set[tuple[str, int]] = set()
_keeping = False


def _supported() -> bool:
    return (sys.implementation.name == "cpython" and (3, 11) <= sys.version_info[:2] <= (3, 14)
            and isinstance(getattr(re, "_cache", None), dict))


def cache_file() -> str | None:
    """Where this interpreter's compiled patterns are kept (None: no cache folder)."""
    import _sre

    folder = os.environ.get("AUDITDESK_CACHE_DIR")
    if not folder:
        if sys.platform == "win32":
            folder = os.path.join(os.environ.get("LOCALAPPDATA") or os.path.expanduser("~"), "auditdesk", "cache")
        elif sys.platform == "darwin":
            folder = os.path.expanduser("~/Library/Caches/auditdesk")
        else:
            folder = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "auditdesk")
    if not folder or folder.startswith("~"):
        return None
    # the engine's code changes with its MAGIC number (and the code unit's size)
    return os.path.join(folder, f"regex-{sys.implementation.cache_tag}-{_sre.MAGIC}-{_sre.CODESIZE}.marshal")


class _Static:
    def __init__(self) -> None:
        self.strings: set[str] = set()  # string constants of AuditDesk's functions
        self.objects: set[int] = set()  # compiled patterns a module keeps (at top level or one level down)


def _written_in_code() -> _Static:
    """The patterns a program holds in its code — what every run compiles again — as opposed to
    those a run makes of its input."""
    import types

    out = _Static()

    def consts(co: types.CodeType) -> None:
        for c in co.co_consts:
            if isinstance(c, str):
                out.strings.add(c)
            elif isinstance(c, types.CodeType):
                consts(c)

    def kept(v: object) -> None:
        if isinstance(v, re.Pattern):
            out.objects.add(id(v))

    caches = [id(getattr(re, n, None)) for n in ("_cache", "_cache2")]  # (re's own: every pattern of the run)
    for name, module in list(sys.modules.items()):
        values = [v for v in getattr(module, "__dict__", {}).values() if id(v) not in caches]
        for v in values:
            kept(v)
            if isinstance(v, (tuple, list, frozenset, set)):
                for x in v:
                    kept(x)
            elif isinstance(v, dict):
                for x in v.values():
                    kept(x)
        if not name.startswith("auditdesk"):
            continue
        for v in values:
            members = list(vars(v).values()) if isinstance(v, type) else [v]
            for f in members:
                code = getattr(f, "__code__", None) or getattr(getattr(f, "fget", None), "__code__", None)
                if isinstance(code, types.CodeType):
                    consts(code)
    return out


def _read(path: str) -> object:
    try:
        with open(path, "rb") as f:
            return marshal.loads(f.read())
    except FileNotFoundError:
        return []


def _rebuild(entry: tuple) -> "re.Pattern":
    import _sre

    pattern, _flags, final_flags, code, groups, groupindex = entry
    indexgroup: list[str | None] = [None] * (groups + 1)
    for name, i in groupindex.items():
        indexgroup[i] = name
    return _sre.compile(pattern, final_flags, code, groups, groupindex, tuple(indexgroup))


def load() -> None:
    """Put the kept patterns into `re`'s cache."""
    if not _supported():
        return
    try:
        path = cache_file()
        entries = _read(path) if path is not None else []
    except Exception:  # unreadable or damaged: compiled as usual, written again at exit
        entries = []
    cache = re._cache  # type: ignore[attr-defined]
    for entry in entries if isinstance(entries, list) else ():
        try:
            key = (str, entry[0], entry[1])
            if key not in cache:
                cache[key] = _rebuild(entry)
            _loaded.add((entry[0], entry[1]))
        except Exception:  # an entry of another engine version: compiled as usual
            continue


def keep_at_exit() -> None:
    """Keep this run's new patterns for the next run when the process ends."""
    global _keeping
    if _supported() and not _keeping:
        _keeping = True
        atexit.register(save)


def save() -> None:
    """Add the patterns compiled in this run to the kept ones (atomically; never raises)."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        new = [k for k in list(re._cache) if k[0] is str and (k[1], k[2]) not in _loaded  # type: ignore[attr-defined]
               and not k[2] & re.DEBUG]
        path = cache_file()
        if len(new) < _WORTH_SAVING or path is None:
            return  # (a run's few patterns made of what it read: not looked at)
        static = _written_in_code()
        new = [k for k in new if k[1] in static.strings or id(re._cache.get(k)) in static.objects]  # type: ignore[attr-defined]
        if not new:
            return
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if not os.access(os.path.dirname(path), os.W_OK):
            return  # (before compiling again what cannot be kept)
        try:
            old = _read(path)
            entries = [e for e in old if isinstance(e, tuple) and len(e) == 6] if isinstance(old, list) else []
        except Exception:
            entries = []
        for _, pattern, flags in new:
            compiled = re._cache.get((str, pattern, flags))  # type: ignore[attr-defined]
            if compiled is None:
                continue
            code = _compiler._code(_parser.parse(pattern, flags), flags)
            entry = (pattern, int(flags), int(compiled.flags), [int(c) for c in code], compiled.groups,
                     {str(k): int(v) for k, v in compiled.groupindex.items()})
            if _rebuild(entry) == compiled:  # the same engine code as `re` made: safe to reuse
                entries.append(entry)
            _loaded.add((pattern, flags))
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            f.write(marshal.dumps(entries[-_MAX_PATTERNS:]))
        os.replace(tmp, path)
    except Exception:  # a read-only home, a full disk: the next run compiles again
        return
