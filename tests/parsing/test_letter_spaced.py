"""Short labels letter-spaced with full-width spaces ('合　计', '项　目', '行　次', '金　额'), as many
offices type them, in tables without rules: labels of narrow header cells run together by the text
layer ("行　次金　额") are cut where one spaced run meets the next, and a page the table runs on to
knows its repeated header ("项　目 | 金　额") — the same rows and errors as the plain print."""
from __future__ import annotations

import re

import pytest

from auditdesk.checks.engine import run_checks
from auditdesk.parsing.extract import open_disclosure
from benchmarks.layout_sweep import rows
from tests.fixtures.render import render_pdf
from tests.fixtures.seeds import load_seed
from tests.fixtures.variants import FEATURES


def _read(spec, path):
    render_pdf(spec, path, ruled=False)
    doc = open_disclosure(path)
    errors = sorted((f.rule, tuple(re.findall(r"\d[\d,]*\.\d+", f.message)))
                    for f in run_checks(doc).findings if f.severity == "error" and f.rule[0] in "ABCDE")
    return [(t.type, rows(t)) for t in doc.tables], errors


@pytest.mark.parametrize("features,options,document", [
    # "行　次金　额" over a narrow 行次 | 金额: false B1 / B2 errors
    (("letter_spaced_labels", "zeros_as_dash"), {"rows_per_page": 6, "font_size": 10.5}, {}),
    # the 收支总表 without 行次 over two pages, "项　目 | 金　额" repeated: its header read as a row,
    # and 使用非财政拨款结余 | 结余分配 (no figure) joined 年初结转和结余: false A5 / B2 errors
    (("no_line_numbers", "letter_spaced_labels"), {"same_page": True, "label_position": "after"},
     {"narrative_first": True, "cover": False}),
], ids=["narrow-header", "repeated-header"])
def test_letter_spaced_labels_read_like_the_plain_print(tmp_path, features, options, document):
    spec = load_seed(0)
    spec.forms = []
    for k, v in document.items():
        setattr(spec, k, v)
    varied = spec.copy()
    for f in features:
        varied = FEATURES[f](varied)
    for t in varied.tables:
        if t.kind == "table":
            for k, v in options.items():
                setattr(t, k, v)
    assert _read(varied, tmp_path / "varied.pdf") == _read(spec, tmp_path / "plain.pdf")


def test_letter_spaced_labels_over_a_seeds_own_class_columns(tmp_path):
    """Seed 3 prints its codes over 类 | 款 | 项 already: the generator's split option leaves them so
    (it split the 类 column again, a table no office prints, whose misread header gave false A7 and
    B7 errors once its labels were letter-spaced)."""
    spec = load_seed(3)
    spec.forms = []
    t05 = next(t for t in spec.tables if "一般公共预算财政拨款支出决算表" in t.title)
    plain = t05.printed()
    t05.code_style = "split"
    assert t05.code_column() is None and t05.printed() == plain
    varied = FEATURES["letter_spaced_labels"](spec.copy())
    for t in varied.tables:
        t.code_style = "split"
    assert _read(varied, tmp_path / "varied.pdf") == _read(spec, tmp_path / "plain.pdf")
