"""Document + CheckReport → the contract's JSON (schema `auditdesk/1`). No Qt."""
from __future__ import annotations

import json
import os
from typing import Any

from auditdesk.checks.finding import CheckReport
from auditdesk.parsing.model import Document

SCHEMA = "auditdesk/1"


def _bbox(b) -> list[float] | None:
    if b is None:
        return None
    x0, y0, x1, y1 = b  # (written out: a 300-page file has ~15 000 boxes)
    return [round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2)]


def _row(r, ocr: bool) -> dict[str, Any]:
    row = {"page": r.page, "bbox": _bbox(r.bbox), "cells": r.texts, "cell_bboxes": [_bbox(c.bbox) for c in r.cells],
           "code": r.code, "kind": r.kind, "edited": r.edited}
    if ocr:
        row["confidence"] = [c.confidence for c in r.cells]
    return row


def document_parts(doc: Document) -> dict[str, list[dict[str, Any]]]:
    """The JSON's tables and narrative: what needs no finding (the bulk of a long file's JSON)."""
    tables = []
    for t in doc.tables:
        entry: dict[str, Any] = {
            "id": t.id,
            "title": t.title,
            "label": t.label,
            "unit": t.unit,
            "kind": t.kind,
            "type": t.type,
            "pages": t.pages,
            "header": t.header,
            "columns": t.columns,
            "rows": [_row(r, doc.ocr) for r in t.rows],
        }
        if t.note:
            entry["note"] = t.note
        if t.empty:
            entry["empty"] = True
        tables.append(entry)
    narrative = [{"page": s.page, "bbox": _bbox(s.bbox), "text": s.text, "section": s.section} for s in doc.narrative]
    return {"tables": tables, "narrative": narrative}


class Written(str):
    """A list of the JSON as `dumps` writes it, made ahead (see `written_parts`)."""


def written_parts(doc: Document, *, ensure_ascii: bool = False) -> dict[str, Written]:
    """`document_parts` as `dumps` writes them: made while a copy of the command checks a
    bundle on the other core (`run_checks(meanwhile=…)`), handed to `document_json(parts=…)`."""
    enc = _encoder(ensure_ascii)
    return {key: Written(_list_text(enc, items)) for key, items in document_parts(doc).items()}


def document_json(doc: Document, report: CheckReport | None, seconds: float | None = None, *,
                  parts: dict[str, Any] | None = None) -> dict[str, Any]:
    """The contract's JSON as a dict (`dumps` writes it). `parts`: `written_parts` of the same
    document, if already made."""
    parts = parts or document_parts(doc)
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "document": {
            "file": os.path.basename(doc.path),
            "sha256": doc.sha256,
            "pages": doc.pages,
            "department": doc.department,
            "year": doc.year,
            "kind": doc.kind,
            "ocr": doc.ocr,
            "ocr_pages": doc.ocr_pages,
            "page_status": getattr(doc, "page_status", []),
            "seconds": round(seconds if seconds is not None else doc.seconds, 3),
            "issues": [{"code": i.code, "message": i.message, "page": i.page} for i in doc.issues],
            **({"sources": [{"file": os.path.basename(s.path), "sha256": s.sha256, "pages": [s.first, s.first + s.pages - 1]}
                            for s in doc.sources]} if doc.sources else {}),
        },
        "tables": parts["tables"],
        "narrative": parts["narrative"],
        "findings": [f.to_json() for f in report.findings] if report else [],
        "coverage": [c.to_json() for c in report.coverage] if report else [],
    }
    return out


def dumps(data: dict[str, Any], *, ensure_ascii: bool = False) -> str:
    """The result as JSON text, one line per table, sentence, finding and coverage entry.
    `json.dumps(indent=…)` runs Python's own encoder (~100 ms for a 300-page document's
    tables); each item here goes through the C encoder, and the lines still read and diff
    one item at a time. A `Written` list is written as it was made."""
    enc = _encoder(ensure_ascii)
    parts = []
    for key, value in data.items():
        if isinstance(value, Written):
            body = str(value)
        elif isinstance(value, list):
            body = _list_text(enc, value)
        else:
            body = enc.encode(value)
        parts.append(f" {enc.encode(key)}: {body}")
    return "{\n" + ",\n".join(parts) + "\n}"


def _encoder(ensure_ascii: bool) -> json.JSONEncoder:
    return json.JSONEncoder(ensure_ascii=ensure_ascii, check_circular=False)  # (plain trees: no cycle to look for)


def _list_text(enc: json.JSONEncoder, items: list) -> str:
    return "[\n  " + ",\n  ".join(map(enc.encode, items)) + "\n ]" if items else "[]"
