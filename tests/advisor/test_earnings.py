"""Period totals: which days an answer covers, and gross, refunds, fees and net per currency,
platform and client."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.earnings import (
    BilledFact,
    Period,
    PeriodError,
    Totals,
    choose_period,
    earnings,
)
from advisor.ledger import FeeSource

TODAY = date(2026, 3, 15)
YEAR_2025 = Period(date(2025, 1, 1), date(2025, 12, 31), year=2025)
D = Decimal


def fact(
    amount: str,
    fee: str | None = None,
    *,
    client: str = "Acme Corp",
    platform: str = "upwork",
    currency: str = "USD",
    day: date = date(2025, 6, 1),
    source: FeeSource = FeeSource.COMPUTED,
) -> BilledFact:
    return BilledFact(
        client=client,
        platform=platform,
        currency=currency,
        billed_on=day,
        amount=D(amount),
        fee=D(fee) if fee is not None else None,
        fee_source=source,
    )


# -- the period ---------------------------------------------------------------------------------


def test_no_option_means_the_current_calendar_year() -> None:
    assert choose_period(TODAY) == Period(date(2026, 1, 1), date(2026, 12, 31), year=2026)


def test_a_year_is_that_calendar_year() -> None:
    assert choose_period(TODAY, year=2025) == YEAR_2025


def test_a_start_and_end_give_those_days() -> None:
    period = choose_period(TODAY, start=date(2025, 4, 6), end=date(2026, 4, 5))
    assert (period.start, period.end, period.year) == (date(2025, 4, 6), date(2026, 4, 5), None)


def test_a_start_alone_runs_to_today() -> None:
    assert choose_period(TODAY, start=date(2025, 11, 1)) == Period(date(2025, 11, 1), TODAY)


def test_an_end_alone_runs_from_the_first_of_january_of_its_year() -> None:
    assert choose_period(TODAY, end=date(2025, 9, 30)) == Period(
        date(2025, 1, 1), date(2025, 9, 30)
    )


@pytest.mark.parametrize(
    "dates",
    [
        {"start": date(2025, 1, 1)},
        {"end": date(2025, 1, 1)},
        {"start": date(2025, 1, 1), "end": date(2025, 2, 1)},
    ],
)
def test_a_year_with_dates_is_refused(dates: dict[str, date]) -> None:
    with pytest.raises(PeriodError, match="either a year or a start and end date"):
        choose_period(TODAY, year=2025, **dates)


def test_an_end_before_the_start_is_refused() -> None:
    with pytest.raises(PeriodError, match="2025-01-31, is before the start date, 2025-02-01"):
        choose_period(TODAY, start=date(2025, 2, 1), end=date(2025, 1, 31))


def test_a_single_day_is_a_period() -> None:
    period = choose_period(TODAY, start=date(2025, 2, 1), end=date(2025, 2, 1))
    assert (period.start, period.end) == (date(2025, 2, 1), date(2025, 2, 1))


def test_a_year_not_begun_is_refused() -> None:
    with pytest.raises(PeriodError, match="2027 hasn't begun"):
        choose_period(TODAY, year=2027)


def test_a_year_before_the_ledger_begins_is_refused() -> None:
    with pytest.raises(PeriodError, match="from 2000 on"):
        choose_period(TODAY, year=1999)


# -- the totals ---------------------------------------------------------------------------------


def test_nothing_billed_is_empty() -> None:
    assert earnings([], YEAR_2025).is_empty


def test_billings_outside_the_period_are_left_out() -> None:
    found = earnings(
        [
            fact("100.00", day=date(2024, 12, 31)),
            fact("200.00", day=date(2025, 1, 1)),
            fact("400.00", day=date(2025, 12, 31)),
            fact("800.00", day=date(2026, 1, 1)),
        ],
        YEAR_2025,
    )
    assert found.currencies[0].total.gross == D("600.00")


def test_gross_refunds_fees_and_net_to_the_cent() -> None:
    found = earnings(
        [
            fact("1200.00", "110.00"),
            fact("333.33", "33.33"),
            # A refund: money given back, and the fee on it handed back.
            fact("-150.00", "-15.00"),
        ],
        YEAR_2025,
    )
    total = found.currencies[0].total
    assert (total.gross, total.refunds, total.fees, total.net) == (
        D("1533.33"),
        D("150.00"),
        D("128.33"),
        D("1255.00"),
    )


def test_a_fee_handed_back_with_a_refund_is_taken_off_the_fees() -> None:
    total = earnings([fact("500.00", "50.00"), fact("-100.00", "-10.00")], YEAR_2025)
    assert (total.currencies[0].total.fees, total.currencies[0].total.fees_returned) == (
        D("40.00"),
        D("10.00"),
    )


def test_a_refund_whose_fee_was_kept_leaves_the_fee_in() -> None:
    total = earnings([fact("500.00", "50.00"), fact("-100.00", "0.00")], YEAR_2025)
    assert (total.currencies[0].total.fees, total.currencies[0].total.net) == (
        D("50.00"),
        D("350.00"),
    )


def test_net_is_the_sum_of_each_billings_amount_less_its_fee() -> None:
    facts = [fact("1000.00", "100.00"), fact("-200.00", "-20.00"), fact("50.00", None)]
    total = earnings(facts, YEAR_2025).currencies[0].total
    assert total.net == sum(f.amount - (f.fee or 0) for f in facts)


def test_refunds_are_counted_apart_from_billings() -> None:
    total = earnings([fact("500.00"), fact("-100.00"), fact("-50.00")], YEAR_2025)
    assert (total.currencies[0].total.billings, total.currencies[0].total.refund_count) == (3, 2)


def test_different_currencies_are_never_added_together() -> None:
    found = earnings(
        [fact("100.00", currency="USD"), fact("80.00", currency="GBP"), fact("1.00")], YEAR_2025
    )
    assert [(c.currency, c.total.gross) for c in found.currencies] == [
        ("GBP", D("80.00")),
        ("USD", D("101.00")),
    ]


def test_fees_are_counted_by_where_they_came_from() -> None:
    found = earnings(
        [
            fact("100.00", "10.00", source=FeeSource.COMPUTED),
            fact("100.00", "10.00", source=FeeSource.COMPUTED),
            fact("100.00", "12.00", source=FeeSource.RECORDED),
            fact("100.00", None, source=FeeSource.RECORDED),
        ],
        YEAR_2025,
    ).currencies[0]
    assert (found.fees_computed, found.fees_recorded, found.fees_unknown) == (2, 1, 1)


def test_an_unknown_fee_counts_as_none() -> None:
    total = earnings([fact("100.00", None)], YEAR_2025).currencies[0].total
    assert (total.fees, total.net) == (D(0), D("100.00"))


def test_clients_come_most_billed_first() -> None:
    found = earnings(
        [
            fact("100.00", client="Small"),
            fact("900.00", client="Big"),
            fact("500.00", client="Middle"),
            fact("500.00", client="Also middle"),
        ],
        YEAR_2025,
    ).currencies[0]
    assert [c.client for c in found.clients] == ["Big", "Also middle", "Middle", "Small"]


def test_a_name_on_two_platforms_is_two_clients() -> None:
    found = earnings(
        [fact("100.00", platform="upwork"), fact("50.00", platform="fiverr")], YEAR_2025
    ).currencies[0]
    assert [(c.platform, c.totals.gross) for c in found.clients] == [
        ("upwork", D("100.00")),
        ("fiverr", D("50.00")),
    ]


def test_platforms_are_totalled_across_their_clients() -> None:
    found = earnings(
        [
            fact("100.00", "10.00", client="A", platform="upwork"),
            fact("200.00", "20.00", client="B", platform="upwork"),
            fact("70.00", "14.00", client="C", platform="fiverr"),
        ],
        YEAR_2025,
    ).currencies[0]
    assert [(p.platform, p.totals.gross, p.totals.fees) for p in found.platforms] == [
        ("upwork", D("300.00"), D("30.00")),
        ("fiverr", D("70.00"), D("14.00")),
    ]


def test_a_float_amount_is_refused() -> None:
    with pytest.raises(TypeError, match="Decimal"):
        BilledFact("Acme", "upwork", "USD", date(2025, 1, 1), 1.5, None)  # type: ignore[arg-type]


# -- invariants ---------------------------------------------------------------------------------


@st.composite
def billed_facts(draw: st.DrawFn) -> BilledFact:
    """A billing or refund in whole cents, its fee (if known) no larger and of the same sign."""
    cents = draw(st.integers(1, 10**11))
    refund = draw(st.booleans())
    fee_cents = draw(st.none() | st.integers(0, cents))
    sign = -1 if refund else 1
    return BilledFact(
        client=draw(st.sampled_from(["Acme", "Globex", "Initech", "acme"])),
        platform=draw(st.sampled_from(["upwork", "fiverr"])),
        currency=draw(st.sampled_from(["USD", "GBP", "EUR"])),
        billed_on=draw(st.dates(date(2024, 11, 1), date(2026, 2, 1))),
        amount=D(sign * cents).scaleb(-2),
        fee=None if fee_cents is None else D(sign * fee_cents).scaleb(-2),
        fee_source=draw(st.sampled_from(FeeSource)),
    )


def _summed(parts: list[Totals]) -> Totals:
    summed = Totals()
    for part in parts:
        summed = Totals(
            gross=summed.gross + part.gross,
            refunds=summed.refunds + part.refunds,
            fees=summed.fees + part.fees,
            fees_returned=summed.fees_returned + part.fees_returned,
            billings=summed.billings + part.billings,
            refund_count=summed.refund_count + part.refund_count,
        )
    return summed


@given(st.lists(billed_facts(), max_size=40))
def test_clients_add_up_to_platforms_and_platforms_to_the_total(facts: list[BilledFact]) -> None:
    for found in earnings(facts, YEAR_2025).currencies:
        assert _summed([c.totals for c in found.clients]) == found.total
        assert _summed([p.totals for p in found.platforms]) == found.total
        for platform in found.platforms:
            of_platform = [c.totals for c in found.clients if c.platform == platform.platform]
            assert _summed(of_platform) == platform.totals


@given(st.lists(billed_facts(), max_size=40))
def test_net_fees_and_refunds_make_up_gross(facts: list[BilledFact]) -> None:
    for found in earnings(facts, YEAR_2025).currencies:
        for totals in (found.total, *(c.totals for c in found.clients)):
            assert totals.net + totals.fees + totals.refunds == totals.gross
            assert totals.gross >= 0
            assert totals.refunds >= 0


@given(st.lists(billed_facts(), max_size=40))
def test_each_currency_holds_exactly_its_own_billings(facts: list[BilledFact]) -> None:
    found = earnings(facts, YEAR_2025)
    in_period = [f for f in facts if f.billed_on in YEAR_2025]
    assert [c.currency for c in found.currencies] == sorted({f.currency for f in in_period})
    for currency in found.currencies:
        own = [f for f in in_period if f.currency == currency.currency]
        assert currency.total.billings == len(own)
        assert currency.total.net == sum(f.amount - (f.fee or 0) for f in own)
        assert currency.fees_computed + currency.fees_recorded + currency.fees_unknown == len(own)
