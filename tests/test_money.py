import pytest

from marketplace import money


def test_indonesian_format_has_no_decimals():
    assert money.format_idr(150_000, "id").replace("\xa0", "") == "Rp150.000"
    assert money.format_idr(0, "id") == "Rp0"
    assert money.format_idr(1_250_500, "id") == "Rp1.250.500"


def test_english_format():
    assert money.format_idr(150_000, "en") == "IDR150,000"


def test_floats_are_refused():
    with pytest.raises(TypeError):
        money.format_idr(150000.0, "id")  # type: ignore[arg-type]


@pytest.mark.parametrize("text,expected", [
    ("150000", 150_000), ("150.000", 150_000), ("Rp 150.000", 150_000), ("Rp150.000,00", 150_000),
    ("IDR 150,000", 150_000), (" 1.250.000 ", 1_250_000), ("0", 0), (42, 42),
])
def test_parse_what_people_type(text, expected):
    assert money.parse_idr(text) == expected


@pytest.mark.parametrize("text", ["abc", "", "-5", "1.5e3", "150.000,50", "１２３", None, "9" * 16, -1])
def test_parse_refuses_what_is_not_whole_rupiah(text):
    with pytest.raises(money.InvalidAmount):
        money.parse_idr(text)


def test_stripe_minor_units_are_converted_in_one_place():
    assert money.to_stripe_amount(150_000) == 15_000_000
    assert money.from_stripe_amount(15_000_000) == 150_000
    with pytest.raises(money.InvalidAmount):
        money.from_stripe_amount(15_000_050)
    with pytest.raises(money.InvalidAmount):
        money.to_stripe_amount(10_000_000_000)  # 12 digits of minor units at most
    assert money.to_stripe_amount(9_999_999_999) == 999_999_999_900
