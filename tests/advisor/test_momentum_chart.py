"""The numbers behind the momentum chart: ratings with the window marked, billings by rate."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from advisor.momentum import (
    CHART_MONTHS,
    ChartInputs,
    MonthRate,
    RatedJob,
    chart_months,
    momentum_chart,
)

D = Decimal
TODAY = date(2025, 6, 30)


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
    chart = momentum_chart(ChartInputs("USD", rated(60)), TODAY)
    assert len(chart.ratings) == 50
    assert [point.ended_on for point in chart.ratings] == sorted(p.ended_on for p in chart.ratings)
    assert [point.in_window for point in chart.ratings] == [False] * 40 + [True] * 10
    assert chart.ratings[-1].ended_on == TODAY


def test_window_average_is_that_of_the_newest_10() -> None:
    chart = momentum_chart(ChartInputs("USD", rated(12)), TODAY)
    # Newest first: 5, 4.5, 4.5, 5, 4.5, 4.5, 5, 4.5, 4.5, 5
    assert chart.window_average == D("4.70")


def test_each_month_is_split_by_the_rate_its_billings_paid() -> None:
    inputs = ChartInputs(
        "USD",
        (),
        month_rates=(
            MonthRate(date(2025, 5, 1), D("0.10"), D("300")),
            MonthRate(date(2025, 5, 1), D("0.15"), D("200")),
            MonthRate(date(2025, 6, 1), None, D("50")),
            MonthRate(date(2022, 1, 1), D("0.20"), D("999")),  # before the chart
        ),
    )
    chart = momentum_chart(inputs, TODAY)
    assert (chart.rates, chart.rate_labels) == (
        (D("0.15"), D("0.10"), None),
        ("15%", "10%", "fee not known"),
    )
    months = {month.month: month.by_rate for month in chart.months}
    assert months[date(2025, 5, 1)] == (D("200"), D("300"), D(0))
    assert months[date(2025, 6, 1)] == (D(0), D(0), D("50"))
    assert len(chart.months) == CHART_MONTHS


def test_a_chart_with_nothing_billed_has_no_rates() -> None:
    chart = momentum_chart(ChartInputs("EUR", ()), TODAY)
    assert chart.rates == ()
    assert all(month.total == 0 for month in chart.months)


@given(
    st.lists(
        st.tuples(
            st.integers(0, 23),
            st.sampled_from([None, D("0.05"), D("0.10"), D("0.15"), D("0.20")]),
            st.integers(1, 100_000),
        ),
        max_size=30,
    )
)
def test_a_month_adds_up_to_what_was_billed_in_it(
    entries: list[tuple[int, Decimal | None, int]],
) -> None:
    months = chart_months(TODAY)
    inputs = ChartInputs(
        "USD", (), tuple(MonthRate(months[m], rate, D(amount)) for m, rate, amount in entries)
    )
    chart = momentum_chart(inputs, TODAY)
    for month in chart.months:
        expected = sum((D(amount) for m, _, amount in entries if months[m] == month.month), D(0))
        assert month.total == expected
