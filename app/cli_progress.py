"""The CLI's progress on stderr: a tqdm bar when stderr is a terminal, nothing otherwise
(a pipe or a log file gets the summary only; a batch also gets its "[k/n] file" lines).

One `Progress` (parsing/progress.py) for a whole `check`: extraction, checks and the written
files each report 0 … 1 of their own, and `stage()` maps them onto one bar.
"""
from __future__ import annotations

import re
import sys
from typing import Any

_DIGITS = re.compile(r"\d+")
# the share of the bar each stage takes (extraction dominates; OCR'd files even more)
STAGES = {"extract": (0.0, 0.8), "check": (0.8, 0.9), "write": (0.9, 1.0)}


def wanted(stream: Any = None) -> bool:
    """A bar only on an interactive terminal."""
    stream = stream or sys.stderr
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or exotic stream
        return False


def _can_show(stream: Any, text: str) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


class TerminalBar:
    """A `Progress` drawn by tqdm: the fraction as a bar, the current step ("读取第 5/30 页")
    beside it. Removed when closed, so the summary that follows starts on a clean line."""

    def __init__(self, title: str, stream: Any = None) -> None:
        import tqdm

        class Bar(tqdm.tqdm):
            step = ""  # the current step, shown right of the bar (tqdm's postfix starts with ", ")

            @property
            def format_dict(self):
                return {**super().format_dict, "step": self.step}

        tqdm.tqdm.monitor_interval = 0  # no monitor thread: a check's process stays single-threaded
        self._stream = stream or sys.stderr
        self._chinese = _can_show(self._stream, "读取")
        self._bar = Bar(total=1000, desc=title if _can_show(self._stream, title) else "auditdesk",
                        file=self._stream, leave=False, dynamic_ncols=True, mininterval=0.1,
                        bar_format="{desc} {percentage:3.0f}%|{bar}| {step}")
        self._span = (0.0, 1.0)

    def stage(self, name: str) -> "TerminalBar":
        """Later reports (0 … 1) fill this stage's share of the bar."""
        self._span = STAGES[name]
        self._advance(self._span[0])
        return self

    def report(self, fraction: float, text: str = "") -> None:
        new_step = False
        if text and self._chinese:
            # a new kind of step ("读取第 1/30 页" after "识别表格") is drawn at once; the same
            # step counting on waits for tqdm's next redraw (≤ 10 a second)
            new_step = _DIGITS.sub("", text) != _DIGITS.sub("", self._bar.step)
            self._bar.step = text
        lo, hi = self._span
        self._advance(lo + (hi - lo) * min(1.0, max(0.0, float(fraction))))
        if new_step:
            self._bar.refresh()

    def cancelled(self) -> bool:
        return False

    def _advance(self, fraction: float) -> None:
        n = int(round(1000 * fraction))
        if n > self._bar.n:  # a stage may report a step twice: the bar never runs backwards
            self._bar.update(n - self._bar.n)

    def close(self) -> None:
        self._bar.close()
