"""Tests for advisor.ledger: money in minor units, names, ratings and the records' own rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.errors import AmountError, InputError
from advisor.ledger import (
    MAX_CHOICE_LABEL_LENGTH,
    ClientRecord,
    ClientSummary,
    ContractStatus,
    CurrencyError,
    GuildSettings,
    ImportedBilling,
    LedgerError,
    RatingError,
    check_amount,
    check_fee_charged,
    check_fee_rate,
    check_idempotency_key,
    check_rating,
    clean_client_name,
    clean_feedback,
    clean_title,
    contract_label,
    currency_places,
    fold_for_matching,
    from_minor_units,
    normalise_client_name,
    normalise_currency,
    normalise_platform,
    to_minor_units,
)


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        ("600", "USD", 60000),
        ("0.01", "EUR", 1),
        ("12.345", "GBP", 1235),
        ("12.344", "GBP", 1234),
        ("0.005", "USD", 1),
        ("1500", "JPY", 1500),
        ("1500.5", "JPY", 1501),
    ],
)
def test_amount_becomes_minor_units_rounding_half_up(
    amount: str, currency: str, minor: int
) -> None:
    assert to_minor_units(Decimal(amount), currency) == minor


@pytest.mark.parametrize(
    ("minor", "currency", "amount"),
    [(60000, "USD", "600.00"), (1, "EUR", "0.01"), (0, "GBP", "0.00"), (1500, "JPY", "1500")],
)
def test_minor_units_become_an_amount_with_the_currency_decimals(
    minor: int, currency: str, amount: str
) -> None:
    converted = from_minor_units(minor, currency)
    assert (converted, str(converted)) == (Decimal(amount), amount)


@pytest.mark.parametrize("currency", ["USD", "EUR", "GBP"])
def test_dollars_euros_and_pounds_have_two_decimals(currency: str) -> None:
    assert currency_places(currency) == 2


@given(
    minor=st.integers(min_value=-(10**15), max_value=10**15),
    currency=st.sampled_from(["USD", "EUR", "GBP", "JPY"]),
)
def test_minor_units_survive_the_round_trip(minor: int, currency: str) -> None:
    assert to_minor_units(from_minor_units(minor, currency), currency) == minor


@given(amount=st.decimals(min_value=0, max_value=10**9, places=2))
def test_whole_cents_convert_exactly(amount: Decimal) -> None:
    assert from_minor_units(to_minor_units(amount, "USD"), "USD") == amount


@pytest.mark.parametrize("amount", [12.5, 12, "12.50", None])
def test_money_that_is_not_a_decimal_is_a_type_error(amount: Any) -> None:
    with pytest.raises(TypeError):
        to_minor_units(amount, "USD")


@pytest.mark.parametrize("minor", [1.0, True, Decimal(1)])
def test_minor_units_that_are_not_an_int_are_a_type_error(minor: Any) -> None:
    with pytest.raises(TypeError):
        from_minor_units(minor, "USD")


@pytest.mark.parametrize(("code", "normalised"), [("usd", "USD"), (" Eur ", "EUR"), ("GBP", "GBP")])
def test_currency_code_is_upper_case(code: str, normalised: str) -> None:
    assert normalise_currency(code) == normalised


@pytest.mark.parametrize("code", ["", "US", "DOLLAR", "XYZ", "$", "U$D"])
def test_unknown_currency_is_refused(code: str) -> None:
    with pytest.raises(CurrencyError, match="three-letter"):
        normalise_currency(code)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("100", "100.00"), ("0.01", "0.01"), ("99.9", "99.90")],
)
def test_amount_gets_the_currency_decimals(amount: str, expected: str) -> None:
    assert str(check_amount(Decimal(amount), "USD")) == expected


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "more than zero"),
        ("-1", "more than zero"),
        ("0.001", "at most 2 decimals"),
        ("1000000000001", "can't be recorded"),
        ("NaN", "must be a number"),
        ("Infinity", "must be a number"),
    ],
)
def test_unusable_amount_is_refused(amount: str, message: str) -> None:
    with pytest.raises(AmountError, match=message):
        check_amount(Decimal(amount), "USD")


@pytest.mark.parametrize(("fee", "expected"), [(None, None), ("0", "0.00"), ("26.66", "26.66")])
def test_fee_charged_may_be_zero_or_unknown(fee: str | None, expected: str | None) -> None:
    checked = check_fee_charged(Decimal(fee) if fee is not None else None, "USD")
    assert (str(checked) if checked is not None else None) == expected


def test_negative_fee_is_refused() -> None:
    with pytest.raises(AmountError, match="negative"):
        check_fee_charged(Decimal("-0.01"), "USD")


@pytest.mark.parametrize(
    ("typed", "shown", "key"),
    [
        ("Acme Corp", "Acme Corp", "acme corp"),
        ("  ACME\tCorp\n", "ACME Corp", "acme corp"),
        ("Ａｃｍｅ Corp", "Ａｃｍｅ Corp", "acme corp"),
        ("Acme\u200b Corp", "Acme Corp", "acme corp"),
        ("Straße GmbH", "Straße GmbH", "strasse gmbh"),
        ("A.B. Ltd", "A.B. Ltd", "a.b. ltd"),
        ("Cafe\u0301 Noir", "Café Noir", "café noir"),
    ],
)
def test_client_name_is_tidied_and_folded(typed: str, shown: str, key: str) -> None:
    assert (clean_client_name(typed), normalise_client_name(typed)) == (shown, key)


@given(st.text(min_size=1, max_size=60))
def test_folding_a_client_name_twice_changes_nothing(name: str) -> None:
    try:
        key = normalise_client_name(name)
    except InputError:
        return
    assert fold_for_matching(key) == key


def test_names_differing_only_in_punctuation_are_different_clients() -> None:
    assert normalise_client_name("A.B. Ltd") != normalise_client_name("AB Ltd")


@pytest.mark.parametrize("name", ["", "   ", "\u200b", "x" * 101])
def test_unusable_client_name_is_refused(name: str) -> None:
    with pytest.raises(LedgerError):
        clean_client_name(name)


@pytest.mark.parametrize(("platform", "key"), [("Upwork", "upwork"), (" fiverr ", "fiverr")])
def test_platform_is_a_lower_case_word(platform: str, key: str) -> None:
    assert normalise_platform(platform) == key


@pytest.mark.parametrize("platform", ["", "up work", "x" * 33, "-upwork"])
def test_unusable_platform_is_refused(platform: str) -> None:
    with pytest.raises(LedgerError):
        normalise_platform(platform)


@pytest.mark.parametrize(
    ("title", "cleaned"), [(None, None), ("  ", None), (" Logo  v2 ", "Logo v2")]
)
def test_title_is_tidied_and_blank_means_none(title: str | None, cleaned: str | None) -> None:
    assert clean_title(title) == cleaned


def test_overlong_title_is_refused() -> None:
    with pytest.raises(LedgerError, match="200"):
        clean_title("t" * 201)


@pytest.mark.parametrize(
    ("feedback", "cleaned"),
    [(None, None), ("  ", None), (" Great\r\nwork ", "Great\nwork")],
)
def test_feedback_keeps_its_lines(feedback: str | None, cleaned: str | None) -> None:
    assert clean_feedback(feedback) == cleaned


@pytest.mark.parametrize(
    ("rating", "checked"),
    [(None, None), ("1", "1.00"), ("4.85", "4.85"), ("5.0", "5.00")],
)
def test_rating_has_two_decimals(rating: str | None, checked: str | None) -> None:
    result = check_rating(Decimal(rating) if rating is not None else None)
    assert (str(result) if result is not None else None) == checked


@pytest.mark.parametrize("rating", ["0.99", "5.01", "4.855", "-4", "NaN"])
def test_rating_outside_one_to_five_is_refused(rating: str) -> None:
    with pytest.raises((RatingError, AmountError)):
        check_rating(Decimal(rating))


def test_float_rating_is_a_type_error() -> None:
    rating: Any = 4.5
    with pytest.raises(TypeError):
        check_rating(rating)


@pytest.mark.parametrize(("rate", "checked"), [("0", "0.0000"), ("0.1", "0.1000"), ("1", "1.0000")])
def test_fee_rate_is_a_fraction(rate: str, checked: str) -> None:
    assert str(check_fee_rate(Decimal(rate))) == checked


@pytest.mark.parametrize("rate", ["-0.01", "1.01", "0.12345"])
def test_unusable_fee_rate_is_refused(rate: str) -> None:
    with pytest.raises(LedgerError):
        check_fee_rate(Decimal(rate))


@pytest.mark.parametrize("key", ["", "   ", "k" * 101])
def test_unusable_idempotency_key_is_a_value_error(key: str) -> None:
    with pytest.raises(ValueError, match="idempotency key"):
        check_idempotency_key(key)


@pytest.mark.parametrize(
    ("title", "started_on", "label"),
    [
        ("Logo", None, "Logo · Acme (active)"),
        (None, date(2024, 3, 1), "untitled, from 2024-03-01 · Acme (active)"),
        (None, None, "untitled · Acme (active)"),
    ],
)
def test_contract_label_names_title_client_and_status(
    title: str | None, started_on: date | None, label: str
) -> None:
    assert contract_label(title, "Acme", ContractStatus.ACTIVE, started_on) == label


def test_long_contract_label_fits_an_autocomplete_choice() -> None:
    label = contract_label("t" * 200, "c" * 100, ContractStatus.DISPUTED, None)
    assert len(label) == MAX_CHOICE_LABEL_LENGTH
    assert label.endswith("… (disputed)")


@pytest.mark.parametrize(("contracts", "repeat"), [(0, False), (1, False), (2, True), (7, True)])
def test_client_with_a_second_contract_is_a_repeat_hire(contracts: int, repeat: bool) -> None:
    client = ClientRecord(1, 2, "upwork", "Acme", "acme", "USD")
    assert ClientSummary(client, Decimal("0.00"), contracts, None).repeat_hire is repeat


def test_imported_billing_with_a_float_fee_is_a_type_error() -> None:
    fee: Any = 1.5
    with pytest.raises(TypeError):
        ImportedBilling("Acme", "upwork", date(2024, 1, 1), Decimal("10"), fee, "USD", "1")


def test_guild_settings_with_a_float_fee_is_a_type_error() -> None:
    fee: Any = 291.0
    with pytest.raises(TypeError):
        GuildSettings(1, arbitration_fee=fee)
