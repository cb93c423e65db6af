"""AuditDesk: review 决算/预算公开 disclosures.

The Python API for analysts (no Qt)::

    from auditdesk import open_disclosure, run_checks
    doc = open_disclosure("x.pdf")
    report = run_checks(doc)
    doc.table("支出决算表").to_frame()
    report.to_frame()
"""
from __future__ import annotations

__version__ = "0.1.0"

# the compiled patterns of the last run (see regex_cache): before any module compiles its own
from auditdesk import regex_cache as _regex_cache  # noqa: E402

_regex_cache.load()

__all__ = ["__version__", "open_disclosure", "run_checks"]


def __getattr__(name: str):
    # Lazy so that `import auditdesk` (e.g. for --version) does not load PyMuPDF.
    if name == "open_disclosure":
        from auditdesk.parsing.extract import open_disclosure

        return open_disclosure
    if name == "run_checks":
        from auditdesk.checks.engine import run_checks

        return run_checks
    raise AttributeError(name)
