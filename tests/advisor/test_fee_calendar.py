"""Upwork's fee calendar: the schedule of a bill at every switch date, and rates nobody gave."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from advisor.errors import ScheduleError
from advisor.fee_calendar import (
    COMMON_RATE,
    UPWORK,
    RateSource,
    get_rule,
    rate_for_contract,
    rule_keys,
    rule_or_default,
    schedule_for_bill,
    schedule_on,
    switch_day_for,
)
from advisor.fees import SCHEDULES, fee_for

D = Decimal


@pytest.mark.parametrize(
    ("started_on", "expected"),
    [
        (date(2015, 9, 15), "upwork-2015"),
        (date(2016, 6, 20), "upwork-2015"),
        (date(2016, 6, 21), "upwork-tiered"),
        (date(2023, 5, 2), "upwork-tiered"),
        (date(2023, 5, 3), "upwork-flat"),
        (date(2024, 3, 15), "upwork-flat"),
        (date(2025, 4, 30), "upwork-flat"),
        (date(2025, 5, 1), "upwork-variable"),
        (date(2026, 12, 6), "upwork-variable"),
    ],
)
def test_a_new_contract_takes_the_schedule_in_force_on_its_start(
    started_on: date, expected: str
) -> None:
    assert schedule_on(UPWORK, started_on).key == expected
    assert schedule_for_bill(UPWORK, started_on, started_on).key == expected


@pytest.mark.parametrize(
    ("billed_on", "lifetime_at_switch", "expected"),
    [
        (date(2023, 5, 2), None, "upwork-tiered"),
        (date(2023, 5, 3), D(12000), "upwork-kept-5"),
        (date(2023, 12, 31), D(12000), "upwork-kept-5"),
        (date(2024, 1, 1), D(12000), "upwork-flat"),
        (date(2023, 5, 3), D(10000), "upwork-kept-5"),
        (date(2023, 5, 3), D("9999.99"), "upwork-flat"),
        (date(2025, 6, 1), D(12000), "upwork-flat"),
    ],
)
def test_a_tiered_contract_carried_into_2023(
    billed_on: date, lifetime_at_switch: Decimal | None, expected: str
) -> None:
    started_on = date(2022, 1, 10)
    assert schedule_for_bill(UPWORK, started_on, billed_on, lifetime_at_switch).key == expected


def test_a_contract_at_10_percent_in_may_2023_stays_there_past_10000() -> None:
    # Its lifetime at the switch decides, not what it reached afterwards.
    started_on = date(2022, 1, 10)
    assert switch_day_for(UPWORK, started_on, date(2023, 9, 1)) == date(2023, 5, 3)
    assert schedule_for_bill(UPWORK, started_on, date(2023, 9, 1), D(6000)).key == "upwork-flat"


@pytest.mark.parametrize(
    ("lifetime_at_switch", "expected"), [(D(10500), "upwork-kept-5"), (D(800), "upwork-2015")]
)
def test_a_contract_active_before_the_tiers_kept_10_or_5_percent(
    lifetime_at_switch: Decimal, expected: str
) -> None:
    started_on = date(2015, 3, 1)
    billed_on = date(2017, 2, 1)
    assert switch_day_for(UPWORK, started_on, billed_on) == date(2016, 6, 21)
    assert schedule_for_bill(UPWORK, started_on, billed_on, lifetime_at_switch).key == expected


def test_a_bill_before_the_tiers_is_10_percent_whoever_the_client() -> None:
    assert schedule_for_bill(UPWORK, date(2015, 1, 1), date(2016, 6, 20)).key == "upwork-2015"


def test_no_switch_day_matters_for_a_contract_started_in_one_era() -> None:
    assert switch_day_for(UPWORK, date(2024, 1, 1), date(2024, 6, 1)) is None
    assert switch_day_for(SCHEDULES["upwork-tiered"], date(2015, 1, 1), date(2024, 6, 1)) is None


def test_an_explicit_schedule_prices_every_bill_whatever_the_date() -> None:
    tiered = SCHEDULES["upwork-tiered"]
    assert schedule_for_bill(tiered, date(2026, 1, 1), date(2026, 2, 1)) is tiered
    assert fee_for(D(15000), tiered).fee == D("1300.00")


@pytest.mark.parametrize(
    ("member", "server", "expected", "source"),
    [
        (D("0.12"), D("0.15"), D("0.12"), RateSource.MEMBER),
        (None, D("0.15"), D("0.15"), RateSource.SERVER),
        (None, None, COMMON_RATE, RateSource.ASSUMED),
        # A saved rate outside the schedule's range is not used.
        (D("0.30"), None, COMMON_RATE, RateSource.ASSUMED),
    ],
)
def test_a_per_contract_rate_nobody_gave_comes_from_the_saved_ones_else_10_percent(
    member: Decimal | None, server: Decimal | None, expected: Decimal, source: RateSource
) -> None:
    rate = rate_for_contract(SCHEDULES["upwork-variable"], None, member, server)
    assert (rate.rate, rate.source) == (expected, source)


def test_a_given_rate_wins_and_a_set_schedule_needs_none() -> None:
    variable = SCHEDULES["upwork-variable"]
    assert rate_for_contract(variable, D("0.15"), D("0.12")).source is RateSource.GIVEN
    flat = rate_for_contract(SCHEDULES["upwork-flat"], None, D("0.12"))
    assert (flat.rate, flat.source) == (None, RateSource.GIVEN)


def test_rules_are_found_by_key_and_the_calendar_comes_first() -> None:
    assert get_rule("upwork") is UPWORK
    assert get_rule(" Upwork-Tiered ") is SCHEDULES["upwork-tiered"]
    assert rule_keys()[0] == "upwork"
    assert "upwork-kept-5" not in rule_keys()
    with pytest.raises(ScheduleError, match="upwork, upwork-tiered"):
        get_rule("upwerk")


def test_an_unknown_or_missing_key_falls_back_to_the_calendar() -> None:
    assert rule_or_default(None) is UPWORK
    assert rule_or_default("retired-schedule") is UPWORK
    assert rule_or_default("fiverr") is SCHEDULES["fiverr"]
