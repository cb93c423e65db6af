"""Work around a PySide6 6.12 refcount bug on CPython < 3.12.

PySide6 6.12.0 (abi3 wheels) drops a reference to `True` on every signal emission and to
`None` on every timer / queued slot call, as if they were immortal (they are only from
Python 3.12 on). On Python 3.11 the process aborts with "bool_dealloc: deallocating True
or False" after a few hundred signals. Measured here: `Signal.emit()` → True −1,
`QTimer.singleShot(0, f)` → None −1; other objects are unaffected.

We make the three singletons effectively immortal, exactly what CPython 3.12 does (PEP
683). The proper fix is Python ≥ 3.12 or a PySide6 release without the bug; this is a
no-op there.
"""
from __future__ import annotations

import sys

_BUMP = 1 << 40
_done = False


def immortalize_singletons() -> bool:
    """Raise the refcounts of None/True/False out of reach of leaked decrefs."""
    global _done
    if _done or sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    import ctypes

    for obj in (None, True, False):
        ref = ctypes.c_ssize_t.from_address(id(obj))  # PyObject.ob_refcnt is the first field
        if ref.value < _BUMP:
            ref.value += _BUMP
    _done = True
    return True


immortalize_singletons()
