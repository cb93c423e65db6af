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
