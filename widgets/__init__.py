"""Reusable Qt widgets: PDF page view, table grid + model + delegate, findings panel."""
from . import qt_compat as _qt_compat  # noqa: F401 - PySide6 6.12 / CPython 3.11 refcount fix
