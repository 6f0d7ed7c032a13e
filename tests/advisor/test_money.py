"""Reading amounts and rates as members type them, rounding to the cent, and showing money."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.errors import AmountError, InputError
from advisor.money import (
    AMOUNT_HINT,
    MAX_AMOUNT,
    Money,
    RateError,
    cents,
    format_money,
    format_rate,
    parse_amount,
    parse_money,
    parse_rate,
    require_money,
)

cent_amounts = st.integers(min_value=1, max_value=100_000_000_000).map(
    lambda n: Decimal(n).scaleb(-2)
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("15000", "15000.00"),
        ("15,000", "15000.00"),
        ("$15,000.50", "15000.50"),
        ("15k", "15000.00"),
        ("15K", "15000.00"),
        ("$2.5k", "2500.00"),
        ("1.2m", "1200000.00"),
        ("1.2M", "1200000.00"),
        ("£250", "250.00"),
        ("€300", "300.00"),
        ("  15000  ", "15000.00"),
        ("15 000", "15000.00"),
        ("15\u00a0000", "15000.00"),
        ("1 234 567.89", "1234567.89"),
        ("$ 15 k", "15000.00"),
        ("1.2345k", "1234.50"),
        ("15000.5", "15000.50"),
        ("0.01", "0.01"),
        ("1,000,000,000", "1000000000.00"),
        ("1000m", "1000000000.00"),
    ],
)
def test_parse_amount_reads_what_members_type(typed: str, expected: str) -> None:
    assert parse_amount(typed) == Decimal(expected)


def test_parse_amount_returns_the_amount_quantized_to_the_cent() -> None:
    assert parse_amount("15k").as_tuple().exponent == -2


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "0",
        "0.00",
        "-5",
        "-$5",
        "$-5",
        "−5",
        "NaN",
        "inf",
        "Infinity",
        "1e5",
        "1E5",
        "15.005",
        "15.000",
        "1.234567k",
        "15.000,50",
        "15,00",
        "1,5",
        "1,50,000",
        "15,0000",
        "15,000 000",
        "1 5",
        "fifteen thousand",
        "15 dollars",
        "<@123>",
        "<@&456>",
        "@everyone",
        "@here",
        "**5**",
        "`5`",
        "||5||",
        "https://example.com",
        "[5](https://example.com)",
        "1000000000.01",
        "2b",
        ".5",
        "5.",
        "١٥",
        "1 000" * 200,
    ],
)
def test_parse_amount_refuses_what_it_cannot_read_safely(typed: str) -> None:
    with pytest.raises(AmountError):
        parse_amount(typed)


@pytest.mark.parametrize(
    "typed", ["", "fifteen", "15.005", "1,5", "<@123>", "-5", "0", "1e5", "15.000"]
)
def test_parse_amount_refusal_says_what_to_type(typed: str) -> None:
    with pytest.raises(AmountError, match="Type an amount like"):
        parse_amount(typed)


@pytest.mark.parametrize(
    "typed", ["<@123456789>", "@everyone", "**500**", "`rm -rf`", "https://evil.example/x"]
)
def test_parse_amount_refusal_never_echoes_the_input(typed: str) -> None:
    with pytest.raises(AmountError) as refused:
        parse_amount(typed)
    assert typed not in refused.value.message
    assert "@" not in refused.value.message
    assert "<" not in refused.value.message


def test_parse_amount_refuses_more_than_a_billion_with_the_limit() -> None:
    with pytest.raises(AmountError, match=r"\$1,000,000,000"):
        parse_amount("2,000,000,000")


def test_amount_hint_shows_the_accepted_forms() -> None:
    assert AMOUNT_HINT == "Type an amount like 15000, $15,000.50 or 15k."


@given(st.text(max_size=60))
def test_parse_amount_either_reads_a_positive_cent_amount_or_refuses(typed: str) -> None:
    try:
        amount = parse_amount(typed)
    except AmountError:
        return
    assert Decimal("0.01") <= amount <= MAX_AMOUNT
    assert amount == cents(amount)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("10", "0.10"),
        ("10%", "0.10"),
        ("10 %", "0.10"),
        ("7.5%", "0.075"),
        ("8.67", "0.0867"),
        ("0", "0"),
        ("0%", "0"),
        ("100%", "1"),
        (" 15% ", "0.15"),
    ],
)
def test_parse_rate_reads_a_percentage_as_a_fraction(typed: str, expected: str) -> None:
    assert parse_rate(typed) == Decimal(expected)


@pytest.mark.parametrize(
    "typed", ["", "-1", "100.01", "101", "1000", "ten", "8.675", "1e1", "%", "<@1>", "0.1.2"]
)
def test_parse_rate_refuses_what_is_not_a_percentage_from_0_to_100(typed: str) -> None:
    with pytest.raises(RateError, match="percentage from 0 to 100"):
        parse_rate(typed)


def test_rate_error_is_shown_to_members_as_an_input_error() -> None:
    assert issubclass(RateError, InputError)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0.005", "0.01"),
        ("0.015", "0.02"),
        ("2.675", "2.68"),
        ("26.664", "26.66"),
        ("-0.005", "-0.01"),
        ("100", "100.00"),
    ],
)
def test_cents_rounds_half_up(amount: str, expected: str) -> None:
    assert cents(Decimal(amount)) == Decimal(expected)


def test_cents_refuses_a_float() -> None:
    with pytest.raises(TypeError):
        cents(0.1)  # type: ignore[arg-type]


def test_require_money_converts_an_int() -> None:
    assert require_money(15) == Decimal("15")


@pytest.mark.parametrize("value", [1.5, "15", True, None, [Decimal(1)]])
def test_require_money_refuses_anything_but_decimal_or_int(value: object) -> None:
    with pytest.raises(TypeError):
        require_money(value)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_require_money_refuses_a_non_finite_decimal(value: Decimal) -> None:
    with pytest.raises(ValueError, match="finite"):
        require_money(value)


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("13700", "USD", "$13,700.00"),
        ("250", "GBP", "£250.00"),
        ("1234.5", "EUR", "€1,234.50"),
        ("-5", "USD", "-$5.00"),
        ("0.005", "USD", "$0.01"),
        ("-0.001", "USD", "$0.00"),
        ("1000000000", "USD", "$1,000,000,000.00"),
    ],
)
def test_format_money_shows_currency_and_cents(amount: str, currency: str, expected: str) -> None:
    assert format_money(Decimal(amount), currency) == expected


def test_format_money_follows_the_locale() -> None:
    assert format_money(Decimal("1234.5"), "EUR", "de_DE") == "1.234,50\xa0€"


@pytest.mark.parametrize(
    ("amount", "expected"), [("500", "$500"), ("10000", "$10,000"), ("400.50", "$400.50")]
)
def test_format_money_can_drop_zero_cents(amount: str, expected: str) -> None:
    assert format_money(Decimal(amount), trim_zero_cents=True) == expected


def test_format_money_refuses_a_float() -> None:
    with pytest.raises(TypeError):
        format_money(5.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        ("0.20", "20%"),
        ("0.075", "7.5%"),
        ("0.0867", "8.67%"),
        ("0.086666", "8.67%"),
        ("0", "0%"),
        ("1", "100%"),
        ("0.035", "3.5%"),
    ],
)
def test_format_rate_shows_at_most_two_decimals(rate: str, expected: str) -> None:
    assert format_rate(Decimal(rate)) == expected


@pytest.mark.parametrize("currency", ["USD", "GBP", "EUR"])
@given(amount=cent_amounts)
def test_parse_amount_reads_back_format_money(currency: str, amount: Decimal) -> None:
    assert parse_amount(format_money(amount, currency)) == amount


@given(st.floats(allow_nan=False))
def test_floats_are_refused_as_money(value: float) -> None:
    with pytest.raises(TypeError):
        require_money(value)


@given(
    st.decimals(min_value=Decimal("-1000000000"), max_value=Decimal("1000000000"), places=2),
    st.sampled_from(["USD", "GBP", "EUR"]),
)
def test_the_fast_format_is_babels_format(amount: Decimal, currency: str) -> None:
    from babel.numbers import format_currency

    expected = format_currency(abs(amount) if amount == 0 else amount, currency, locale="en_US")
    assert format_money(amount, currency) == expected


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("15000", "15000.00", None),
        ("£15000", "15000.00", "GBP"),
        ("$15,000.50", "15000.50", "USD"),
        ("€15k", "15000.00", "EUR"),
        ("15k eur", "15000.00", "EUR"),
        ("GBP 1,200", "1200.00", "GBP"),
        ("1200JPY", "1200.00", "JPY"),
    ],
)
def test_an_amount_carries_the_currency_it_was_typed_in(
    text: str, amount: str, currency: str | None
) -> None:
    assert parse_money(text) == Money(Decimal(amount), currency)


@pytest.mark.parametrize(
    ("text", "why"), [("£15 usd", "Name one currency"), ("15 xyz", "not a currency code")]
)
def test_an_amount_naming_two_or_no_real_currency_is_refused(text: str, why: str) -> None:
    with pytest.raises(AmountError, match=why):
        parse_money(text)
