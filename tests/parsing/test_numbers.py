from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditdesk.parsing.numbers import find_unit, normalize, parse_number, to_wan


@pytest.mark.parametrize(
    "text, value",
    [
        ("1, 112. 44", Decimal("1112.44")),
        ("2,940.05", Decimal("2940.05")),
        ("96282213.44", Decimal("96282213.44")),
        ("１２３．４５", Decimal("123.45")),
        ("(12.30)", Decimal("-12.30")),
        ("（12.30）", Decimal("-12.30")),
        ("-3.2", Decimal("-3.2")),
        ("−3.2", Decimal("-3.2")),
        ("99.93%", Decimal("99.93")),
        ("０", Decimal("0")),
        ("20,374,181", Decimal("20374181")),
    ],
)
def test_parses_printed_numbers(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", " ", "-", "—", "－", "--", "/", None, "合计", "1,2,3", "12.3.4", "abc1"])
def test_blank_and_garbage_are_none(text):
    assert parse_number(text) is None


def test_units():
    assert find_unit("金额单位：万元") == "万元"
    assert find_unit("单位:元") == "元"
    assert find_unit("单位 ： 万元") == "万元"
    assert find_unit("部门名称：某局") is None
    assert to_wan(Decimal("96282213.44"), "元") == Decimal("9628.221344")


def test_normalize_fullwidth():
    assert normalize("公开　01　表（续）") == "公开 01 表(续)"


@given(st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_round_trip_with_thousands_separators(value):
    assert parse_number(f"{value:,.2f}") == value


@given(st.text(max_size=30))
def test_never_raises(text):
    parse_number(text)


# ---------------------------------------------------------------- more properties (issue 9)
_amounts = st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False, allow_infinity=False)


@given(_amounts, st.lists(st.integers(0, 40), max_size=4))
def test_spaces_anywhere_do_not_change_the_value(value, cuts):
    text = f"{value:,.2f}"
    for c in sorted(cuts, reverse=True):
        c = min(c, len(text))
        text = text[:c] + " " + text[c:]
    assert parse_number(text) == value


@given(_amounts)
def test_fullwidth_digits_read_like_halfwidth(value):
    text = f"{value:,.2f}"
    full = text.translate({ord(ch): ord(ch) + 0xFEE0 for ch in "0123456789,.-"})
    assert parse_number(full) == value


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_parentheses_are_negative(value):
    assert parse_number(f"({value:,.2f})") == -value
    assert parse_number(f"（{value:,.2f}）") == -value


@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False))
def test_percent_keeps_the_number(value):
    assert parse_number(f"{value}%") == value


@given(st.integers(min_value=1000, max_value=10**12), st.integers(1, 3))
def test_misplaced_thousands_separator_is_not_a_number(value, shift):
    text = f"{value:,}"
    first = text.index(",")
    bad = text.replace(",", "")
    pos = first - shift if first - shift > 0 else first + 1
    bad = bad[:pos] + "," + bad[pos:]
    if bad != text:
        assert parse_number(bad) is None


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_any_unicode_gives_none_or_a_finite_decimal(text):
    v = parse_number(text)
    assert v is None or (isinstance(v, Decimal) and v.is_finite())
    if v is not None:
        assert parse_number(text) == v  # deterministic


def test_strip_format_chars_drops_exactly_the_unicode_cf_characters():
    # the translate table is filled lazily: every BMP character must come out as the
    # per-character category test says, the second time (cached) as the first
    import unicodedata

    from auditdesk.parsing.numbers import strip_format_chars

    text = "".join(chr(cp) for cp in range(0x80, 0x10000) if not 0xD800 <= cp <= 0xDFFF)
    want = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    assert strip_format_chars(text) == want
    assert strip_format_chars(text) == want
    assert strip_format_chars("合\u200b计\ufeff") == "合计"
