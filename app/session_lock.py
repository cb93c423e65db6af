"""One writer per session file: a lock file naming its holder (no Qt).

``FILE.pdf.auditdesk.json.lock`` holds who (login name), host, pid and since when.  It is
created exclusively (O_EXCL), so of two windows — or two processes — opening the same
PDF's session, the second learns who holds it and writes its own work elsewhere
instead of silently overwriting the first one's edits.  Within one process the lock is
shared (one window per process; counted, so the last user releases it).  A lock left by a
dead process on this host, or not refreshed for `STALE_AFTER` seconds on another host,
is taken over.
"""
from __future__ import annotations

import atexit
import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

LOCK_SUFFIX = ".lock"


def _host() -> str:
    import socket  # only when a session is saved: the CLI's read-only look never needs it

    return socket.gethostname()
STALE_AFTER = 12 * 3600  # another host's lock not refreshed for this long is abandoned
_FRESHLY_WRITTEN = 5.0  # an unreadable lock younger than this may be mid-write


def user_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name (containers, services)
        return os.environ.get("USERNAME") or os.environ.get("USER") or "未知用户"


@dataclass(frozen=True, slots=True)
class LockHolder:
    who: str
    host: str
    pid: int
    since: str  # ISO time

    @property
    def message(self) -> str:
        return f"{self.who}（{self.host}，进程 {self.pid}）自 {self.since[:19].replace('T', ' ')} 起"


def lock_path(session_path: str | os.PathLike[str]) -> Path:
    p = Path(session_path)
    return p.with_name(p.name + LOCK_SUFFIX)


_mutex = threading.Lock()
_held: dict[str, int] = {}  # lock file (absolute) → users in this process


def _me() -> dict:
    from datetime import datetime

    return {"who": user_name(), "host": _host(), "pid": os.getpid(),
            "since": datetime.now().astimezone().isoformat(timespec="seconds")}


def _read_holder(lock: Path) -> LockHolder | None:
    try:
        from auditdesk.app.session_schema import parse_json, read_regular_file

        d, _ = parse_json(read_regular_file(lock, limit=64 << 10))
        return LockHolder(str(d["who"]), str(d["host"]), int(d["pid"]), str(d.get("since", "")))
    except Exception:
        return None


def _alive(h: LockHolder, lock: Path) -> bool:
    if h.host == _host():
        if h.pid == os.getpid():
            return True
        try:
            os.kill(h.pid, 0)
        except ProcessLookupError:
            return False
        except OSError:  # exists, but not ours to signal
            return True
        return True
    try:
        return time.time() - lock.stat().st_mtime < STALE_AFTER
    except OSError:
        return False


def acquire(session_path: str | os.PathLike[str]) -> LockHolder | None:
    """Take the lock for `session_path`. None when it is ours now; the live holder when
    someone else has it. A folder where no lock can be made (read-only) is not locked."""
    lock = lock_path(session_path)
    key = str(lock.absolute())
    with _mutex:
        if _held.get(key):
            _held[key] += 1
            return None
        for _ in range(3):
            try:
                fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
            except FileExistsError:
                holder = _read_holder(lock)
                if holder is None:
                    try:
                        young = time.time() - lock.lstat().st_mtime < _FRESHLY_WRITTEN
                    except OSError:
                        continue  # gone meanwhile: try again
                    if young:
                        return LockHolder("未知用户", "?", 0, "")
                elif holder.pid == os.getpid() and holder.host == _host():
                    pass  # our own, left by a session of this process that was not released
                elif _alive(holder, lock):
                    return holder
                try:
                    lock.unlink()  # stale: its holder is gone
                except FileNotFoundError:
                    pass
                except OSError:
                    return None
                continue
            except OSError:
                return None  # cannot create files here: the save falls back elsewhere anyway
            try:
                os.write(fd, json.dumps(_me(), ensure_ascii=False).encode("utf-8"))
            finally:
                os.close(fd)
            _held[key] = 1
            return None
        return None


def refresh(session_path: str | os.PathLike[str]) -> None:
    """Show the lock is in use (another host judges staleness by its age)."""
    lock = lock_path(session_path)
    if _held.get(str(lock.absolute())):
        try:
            os.utime(lock)
        except OSError:
            pass


def release(session_path: str | os.PathLike[str]) -> None:
    lock = lock_path(session_path)
    key = str(lock.absolute())
    with _mutex:
        n = _held.get(key, 0)
        if n > 1:
            _held[key] = n - 1
            return
        if n == 0:
            return
        del _held[key]
        _remove_if_mine(lock)


def _remove_if_mine(lock: Path) -> None:
    h = _read_holder(lock)
    if h is not None and h.pid == os.getpid() and h.host == _host():
        try:
            lock.unlink()
        except OSError:
            pass


@atexit.register
def _release_all() -> None:
    with _mutex:
        for key in list(_held):
            _remove_if_mine(Path(key))
        _held.clear()


__all__ = ["LockHolder", "acquire", "refresh", "release", "lock_path", "user_name", "LOCK_SUFFIX"]
