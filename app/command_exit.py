"""How a one-shot command runs and ends (`auditdesk check`: the console script and
`python -m auditdesk.app.cli`). No Qt: the CLI imports it."""
from __future__ import annotations

import os
import sys


def quick_command() -> None:
    """A command that ends when its one check is done (each file of a batch is checked in a
    process of its own) leaves its few reference cycles to the end of the process: the cyclic
    garbage collector would walk the imported modules and the read document again and again
    for them (~0.1 s of a 1.4 s check at 300 pages, mostly on the pages just read and the
    JSON written). An OCR pass runs for minutes and makes garbage as it goes: it collects
    (`gc_pause.collecting`)."""
    import gc

    gc.set_threshold(100_000, 50, 100)  # (the rate while an OCR pass collects)
    gc.disable()


def exit_now(code: int) -> None:
    """End the command without the interpreter's teardown. Freeing every object of the read
    document and the modules one by one costs ~45 ms of a ~0.4 s `auditdesk check`, for
    memory the system takes back at once. What teardown would still do is done first: the
    atexit handlers (temporary folders, worker processes) and flushing the standard streams.
    While a non-daemon thread runs, the normal exit (which waits for it) is kept."""
    import threading

    if any(not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        return
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can reach the reader
            pass
    os._exit(code)
