"""The table list of a bundled file: a heading line per disclosure above its tables."""
from __future__ import annotations

from PySide6.QtCore import Qt

from auditdesk.parsing.extract import open_disclosure
from auditdesk.widgets.table_list_view import TABLE_ID_ROLE, TableListView
from tests.parsing.test_units import _bundle, _render


def test_a_bundle_lists_each_disclosure_under_its_heading(qtbot, tmp_path):
    parts = [tmp_path / "s0.pdf", tmp_path / "s1.pdf"]
    for seed, p in enumerate(parts):
        _render(seed, p)
    _bundle(parts, tmp_path / "bundle.pdf")
    doc = open_disclosure(tmp_path / "bundle.pdf")
    assert len(doc.units) == 2

    view = TableListView()
    qtbot.addWidget(view)
    with qtbot.assertNotEmitted(view.table_selected):
        view.set_tables(doc.tables, doc.units)
    assert view.count() == len(doc.tables) + 2
    heads = [view.item(i) for i in range(view.count()) if view.item(i).data(TABLE_ID_ROLE) is None]
    assert [h.text() for h in heads] == [f"第 {u.first}–{u.last} 页  {u.department}" for u in doc.units]
    assert all(h.flags() == Qt.ItemFlag.NoItemFlags for h in heads)  # not selectable
    # the second disclosure's tables sit under its heading, in page order
    second = view.row(heads[1])
    ids = [view.item(i).data(TABLE_ID_ROLE) for i in range(second + 1, view.count())]
    assert ids == [t.id for t in doc.tables if t.pages[0] >= doc.units[1].first]
    view.set_counts({ids[0]: {"error": 1}})  # headings are left as they are
    assert view.item(second + 1).text().endswith("(1)") and heads[1].text().startswith("第 ")
    with qtbot.waitSignal(view.table_selected) as sel:
        view.select_table(ids[0])
    assert sel.args == [ids[0]]
    # one disclosure: no heading
    view.set_tables(doc.tables[:3], doc.units[:1])
    assert view.count() == 3
