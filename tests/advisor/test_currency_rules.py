"""Which currency a bill is priced in, and why Gigwise refuses to mix two."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from advisor.errors import CurrencyConversion
from advisor.fee_calendar import UPWORK, ContractTerms, currency_on, price_bill, quote
from advisor.fees import FeeSchedule, Scenario, get_schedule, parse_scenario, scenarios_currency
from advisor.ledger import CurrencyMismatch, require_currency

TODAY = date(2026, 12, 6)
FLAT = get_schedule("upwork-flat")
TIERED = get_schedule("upwork-tiered")
PPH = get_schedule("peopleperhour")
FREELANCER = get_schedule("freelancer")


def test_a_flat_rate_is_charged_in_the_currency_typed() -> None:
    assert FLAT.in_currency("GBP").currency == "GBP"
    assert FLAT.in_currency("GBP").bands == FLAT.bands


def test_a_bare_amount_takes_the_default_currency_on_a_flat_rate() -> None:
    assert FLAT.in_currency(None, "EUR").currency == "EUR"


def test_a_bare_amount_with_no_default_stays_in_the_schedules_currency() -> None:
    assert FLAT.in_currency(None) is FLAT


@pytest.mark.parametrize("schedule", [TIERED, PPH])
def test_bands_set_in_money_keep_their_currency_for_a_bare_amount(schedule: FeeSchedule) -> None:
    assert schedule.in_currency(None, "EUR").currency == schedule.currency


@pytest.mark.parametrize(
    ("schedule", "other"), [(TIERED, "GBP"), (PPH, "USD"), (FREELANCER, "EUR")]
)
def test_bands_or_a_minimum_in_another_currency_are_refused(
    schedule: FeeSchedule, other: str
) -> None:
    with pytest.raises(CurrencyConversion, match="doesn't convert"):
        schedule.in_currency(other)


def test_a_quote_in_pounds_answers_in_pounds_without_the_dollar_seed() -> None:
    asked = quote(Decimal("15000"), UPWORK, TODAY, currency="GBP")
    assert asked.breakdown.schedule.currency == "GBP"
    assert asked.breakdown.fee == Decimal("1500.00")
    assert asked.seed is None


def test_a_quote_in_dollars_still_carries_the_seed() -> None:
    asked = quote(Decimal("15000"), UPWORK, TODAY, default_currency="USD")
    assert asked.seed is not None
    assert asked.seed.fee == Decimal("1300.00")


def test_a_contract_in_euros_is_priced_in_euros() -> None:
    terms = ContractTerms("upwork", date(2024, 3, 1), currency="EUR")
    breakdown = price_bill(terms, Decimal("400"), date(2024, 3, 15), Decimal(0))
    assert (breakdown.schedule.currency, breakdown.fee) == ("EUR", Decimal("40.00"))


def test_a_tiered_contract_in_pounds_is_refused() -> None:
    terms = ContractTerms("upwork", date(2020, 3, 1), currency="GBP")
    with pytest.raises(CurrencyConversion):
        price_bill(terms, Decimal("400"), date(2020, 3, 15), Decimal(0))


def test_a_new_contract_takes_the_typed_currency_else_the_servers() -> None:
    assert currency_on(UPWORK, TODAY, "EUR", "GBP") == "EUR"
    assert currency_on(UPWORK, TODAY, None, "GBP") == "GBP"
    assert currency_on(UPWORK, TODAY, None, None) == "USD"


def test_scenarios_typed_in_one_currency_share_it() -> None:
    assert scenarios_currency(parse_scenario("30 x £500"), parse_scenario("15000")) == "GBP"
    assert scenarios_currency(Scenario(1, Decimal(1)), Scenario(1, Decimal(1))) is None


def test_scenarios_in_two_currencies_are_refused() -> None:
    with pytest.raises(CurrencyConversion, match="same one"):
        scenarios_currency(parse_scenario("30x£500"), parse_scenario("1x€15000"))


def test_an_amount_for_a_client_is_in_the_clients_currency() -> None:
    assert require_currency("Acme", "GBP", None) == "GBP"
    assert require_currency("Acme", "GBP", "gbp") == "GBP"
    with pytest.raises(CurrencyMismatch, match="billed in GBP"):
        require_currency("Acme", "GBP", "USD")
