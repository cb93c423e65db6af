"""Before Qt starts: can a window be opened at all? (no Qt import here)

Under a real X server Qt's xcb platform plugin needs a few system libraries a fresh Linux
desktop may lack (libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1 …); without them Qt
aborts the process (core dump, exit 134). We try loading the plugin first and, when it
cannot load, say in one sentence what to install.
"""
from __future__ import annotations

import ctypes
import os
import re
import sys
from pathlib import Path
from typing import Callable, Mapping

_MISSING = re.compile(r"(lib[\w.+-]+?\.so(?:\.\d+)*)")


def xcb_plugin() -> Path | None:
    try:
        import PySide6
    except ImportError:  # pragma: no cover
        return None
    p = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return p if p.exists() else None


def apt_name(lib: str) -> str:
    """libxcb-cursor.so.0 → libxcb-cursor0 (Debian/Ubuntu package naming)."""
    stem, _, version = lib.partition(".so")
    return stem + version.strip(".").replace(".", "")


def window_problem(env: Mapping[str, str] | None = None, plugin: Path | None = None,
                   load: Callable[[str], object] = ctypes.CDLL) -> str | None:
    """One sentence when the window cannot open here, else None."""
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None  # offscreen, wayland, vnc …: Qt's own business
    if not env.get("DISPLAY") and not (not platform and env.get("WAYLAND_DISPLAY")):
        return ("无法打开窗口：没有图形显示（未设置 DISPLAY）。请在桌面环境中运行，"
                "或用命令行 auditdesk check FILE.pdf。")
    plugin = plugin or xcb_plugin()
    if plugin is None:
        return None
    try:
        load(str(plugin))
    except OSError as exc:
        m = _MISSING.search(str(exc))
        lib = m.group(1) if m and m.group(1) != plugin.name else ""
        pkgs = " ".join(dict.fromkeys(([apt_name(lib)] if lib else []) +
                                      ["libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"]))
        return (f"无法打开窗口：Qt 的 xcb 平台插件缺少系统库{' ' + lib if lib else ''}。"
                f"请先安装（Debian/Ubuntu）：sudo apt install {pkgs}")
    return None
