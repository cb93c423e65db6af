"""Writing a file so that it is whole at every instant (no Qt, no session machinery: the
command line writes its JSON with it without importing the review session)."""
from __future__ import annotations

import glob
import os
import tempfile
import time
from pathlib import Path


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def atomic_write(path: Path, data: bytes, *, backup: bool = True, durable: bool = True) -> None:
    """Temp file in the same folder → flush → fsync → os.replace; keep the old file as .bak.

    The target is present at every instant: the backup is made as a hard link (copy
    where links are not supported) before the new file replaces the old one. `durable=False`
    leaves out the fsyncs (~12 ms for a 1 MB file): for what the command can write again
    (its JSON), never for the auditor's work (the session).
    """
    path = Path(path)
    clean_stale_temps(path)
    # mkstemp: O_EXCL under an unguessable name, so a planted symlink is never followed
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        if backup and os.path.isfile(path) and not os.path.islink(path):
            _backup(path)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if durable:
        _fsync_dir(path.parent)


def _backup(path: Path) -> None:
    """`path` → its .bak, through an exclusively created temp name (link, else copy)."""
    bak = backup_path(path)
    bak_tmp = bak.with_name(f".{bak.name}.{os.urandom(8).hex()}.tmp")
    try:
        try:
            os.link(path, bak_tmp)  # fails if the name exists; never follows a link there
        except OSError:
            with open(path, "rb") as src, open(bak_tmp, "xb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
        os.replace(bak_tmp, bak)
    except OSError:
        try:
            os.unlink(bak_tmp)
        except OSError:
            pass


STALE_TEMP_AGE = 600.0  # seconds: no write of ours takes this long; older temp files are litter


def clean_stale_temps(path: Path) -> None:
    """Remove temp files a killed writer of `path` (or of its .bak) left behind."""
    now = time.time()
    for name in (path.name, backup_path(path).name):
        pattern = os.path.join(glob.escape(str(path.parent)), glob.escape(f".{name}.") + "*.tmp")
        for p in glob.glob(pattern):
            try:
                st = os.lstat(p)
                if now - st.st_mtime > STALE_TEMP_AGE:
                    os.unlink(p)
            except OSError:
                pass


def _fsync_dir(d: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(d, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
