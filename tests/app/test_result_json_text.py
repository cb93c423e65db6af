"""The result's JSON text (result_json.dumps): the same data as json.dumps, one line per item."""
from __future__ import annotations

import json

from hypothesis import given, strategies as st

from auditdesk.app.result_json import dumps

_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                       max_leaves=12)


@given(st.dictionaries(st.text(), _values | st.lists(_values, max_size=5), max_size=6))
def test_same_data_as_json(data):
    assert json.loads(dumps(data)) == data
    assert json.loads(dumps(data, ensure_ascii=True)) == data
    assert dumps(data, ensure_ascii=True).isascii()


def test_one_line_per_item():
    data = {"schema": "auditdesk/1", "document": {"部门": "某局", "年度": 2024},
            "findings": [{"rule": "B7", "message": "合计不等"}, {"rule": "C1", "message": "x\ny"}], "coverage": []}
    lines = dumps(data).splitlines()
    assert lines[0] == "{" and lines[-1] == "}"
    assert ' "schema": "auditdesk/1",' in lines
    assert '  {"rule": "B7", "message": "合计不等"},' in lines  # Chinese kept as printed
    assert '  {"rule": "C1", "message": "x\\ny"}' in lines  # a newline inside a value stays escaped
    assert ' "coverage": []' in lines


def test_tables_written_ahead_are_written_as_made(tmp_path):
    """The command writes the tables' and narrative's JSON while a copy checks a bundle
    (`written_parts`): the text is the text written all at once, in UTF-8 and in ASCII."""
    from auditdesk.app.result_json import document_json, written_parts
    from auditdesk.checks.engine import run_checks
    from auditdesk.parsing.extract import open_disclosure
    from tests.parsing.test_units import _render

    _render(0, tmp_path / "s.pdf")
    doc = open_disclosure(tmp_path / "s.pdf")
    report = run_checks(doc)
    assert doc.tables and doc.narrative
    for ascii_only in (False, True):
        ahead = written_parts(doc, ensure_ascii=ascii_only)
        at_once = dumps(document_json(doc, report, 1.0), ensure_ascii=ascii_only)
        assert dumps(document_json(doc, report, 1.0, parts=ahead), ensure_ascii=ascii_only) == at_once
    assert json.loads(at_once)["tables"][0]["rows"]
