"""Rules over the document model → findings. Pure Python; imports no Qt and no PyMuPDF.

    from auditdesk.checks import run_checks
    report = run_checks(doc)          # CheckReport(findings, coverage, seconds)
"""
from auditdesk.checks.rules import table_internal, cross_table, narrative, performance, structure  # noqa: F401  (registers rules)
from auditdesk.checks.config import CheckConfig
from auditdesk.checks.engine import run_checks
from auditdesk.checks.finding import CheckReport, Coverage, Finding, Location
from auditdesk.checks.registry import RULES, rule

__all__ = ["run_checks", "CheckConfig", "CheckReport", "Coverage", "Finding", "Location", "RULES", "rule"]
