"""The numbers behind the momentum chart: ratings with the window marked, billings by band."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.fees import SCHEDULES
from advisor.momentum import (
    CHART_MONTHS,
    ChartInputs,
    ClientLifetime,
    ClientMonth,
    RatedJob,
    chart_months,
    momentum_chart,
    split_into_bands,
)

D = Decimal
TODAY = date(2025, 6, 30)
TIERED = SCHEDULES["upwork-tiered"]
FLAT = SCHEDULES["upwork-flat"]


@pytest.mark.parametrize(
    ("before", "amount", "parts"),
    [
        ("0", "15000", ("500", "9500", "5000")),
        ("0", "300", ("300", "0", "0")),
        ("400", "300", ("100", "200", "0")),
        ("9800", "1000", ("0", "200", "800")),
        ("20000", "1000", ("0", "0", "1000")),
    ],
)
def test_split_follows_the_clients_lifetime(
    before: str, amount: str, parts: tuple[str, ...]
) -> None:
    assert split_into_bands(TIERED.bands, D(before), D(amount)) == tuple(D(p) for p in parts)


amounts = st.integers(min_value=1, max_value=2_000_000).map(lambda n: D(n).scaleb(-2))


@given(amounts, amounts, amounts)
def test_splitting_a_monthly_sum_equals_splitting_each_billing(
    before: Decimal, first: Decimal, second: Decimal
) -> None:
    together = split_into_bands(TIERED.bands, before, first + second)
    one = split_into_bands(TIERED.bands, before, first)
    two = split_into_bands(TIERED.bands, before + first, second)
    assert together == tuple(a + b for a, b in zip(one, two, strict=True))
    assert sum(together) == first + second


def test_chart_covers_24_months_ending_with_todays() -> None:
    months = chart_months(TODAY)
    assert (len(months), months[0], months[-1]) == (
        CHART_MONTHS,
        date(2023, 7, 1),
        date(2025, 6, 1),
    )


def rated(count: int) -> tuple[RatedJob, ...]:
    """`count` rated jobs, newest first, one a week."""
    return tuple(
        RatedJob(count - n, TODAY - timedelta(days=7 * n), D("4.5") if n % 3 else D(5), "A", None)
        for n in range(count)
    )


def test_chart_shows_at_most_50_ratings_oldest_first_with_the_newest_10_in_the_window() -> None:
    chart = momentum_chart(ChartInputs("USD", TIERED, rated(60)), TODAY)
    assert len(chart.ratings) == 50
    assert [point.ended_on for point in chart.ratings] == sorted(p.ended_on for p in chart.ratings)
    assert [point.in_window for point in chart.ratings] == [False] * 40 + [True] * 10
    assert chart.ratings[-1].ended_on == TODAY


def test_window_average_is_that_of_the_newest_10() -> None:
    chart = momentum_chart(ChartInputs("USD", TIERED, rated(12)), TODAY)
    # Newest first: 5, 4.5, 4.5, 5, 4.5, 4.5, 5, 4.5, 4.5, 5
    assert chart.window_average == D("4.70")


def test_client_billings_fill_the_bands_in_order_across_months() -> None:
    inputs = ChartInputs(
        "USD",
        TIERED,
        (),
        client_months=(
            ClientMonth(1, date(2025, 1, 1), D("300")),
            ClientMonth(1, date(2025, 3, 1), D("400")),
            ClientMonth(2, date(2025, 3, 1), D("100")),
        ),
        billed_before=(ClientLifetime(2, "", D("9950")),),
    )
    months = {month.month: month.by_band for month in momentum_chart(inputs, TODAY).months}
    assert months[date(2025, 1, 1)] == (D("300.00"), D("0.00"), D("0.00"))
    assert months[date(2025, 3, 1)] == (D("200.00"), D("250.00"), D("50.00"))
    assert months[date(2025, 2, 1)] == (D("0.00"), D("0.00"), D("0.00"))


def test_flat_schedule_months_are_taken_as_given() -> None:
    inputs = ChartInputs("USD", FLAT, (), month_bands=((date(2025, 6, 1), (D("1234.50"),)),))
    chart = momentum_chart(inputs, TODAY)
    assert chart.band_labels == ("10% on all",)
    assert chart.months[-1].total == D("1234.50")
    assert sum(month.total for month in chart.months) == D("1234.50")


def test_chart_names_each_band() -> None:
    chart = momentum_chart(ChartInputs("USD", TIERED, ()), TODAY)
    assert chart.band_labels == (
        "20% on the first $500",
        "10% from $500 to $10,000",
        "5% above $10,000",
    )
    assert chart.window_average is None
