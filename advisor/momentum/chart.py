"""What the momentum chart shows, as plain numbers: ratings over time with the ten-review window
marked, and billings per month by the rate of fee they actually paid.

Each month's money is split by the fees stored on its billings (recorded from a statement, or
worked out from each contract's terms on its date), so the colours are what the platform kept,
not a schedule the member may never have been on. Drawing lives with the commands; this module
only prepares the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from advisor.momentum.fee_profile import rate_label
from advisor.momentum.inputs import (
    CHART_RATINGS,
    REVIEW_WINDOW_SIZE,
    ChartInputs,
    chart_months,
)
from advisor.momentum.reviews import window_average

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class RatingPoint:
    """A rated job on the chart; `in_window` marks the ten reviews clients see."""

    ended_on: date
    rating: Decimal
    in_window: bool


@dataclass(frozen=True, slots=True)
class MonthBilled:
    """What was billed in one month (`month` is its first day), per rate of the chart."""

    month: date
    by_rate: tuple[Decimal, ...]

    @property
    def total(self) -> Decimal:
        return sum(self.by_rate, ZERO)


@dataclass(frozen=True, slots=True)
class MomentumChart:
    """Everything the chart draws. Ratings and months run oldest first; `rate_labels` name the
    rates (dearest first, unknown fees last) in the order of `MonthBilled.by_rate`."""

    currency: str
    rates: tuple[Decimal | None, ...]
    rate_labels: tuple[str, ...]
    ratings: tuple[RatingPoint, ...]
    window_average: Decimal | None
    months: tuple[MonthBilled, ...]


def momentum_chart(inputs: ChartInputs, today: date) -> MomentumChart:
    """The chart's data: at most 50 ratings and the last 24 months of billings."""
    recent = inputs.ratings[:CHART_RATINGS]
    ratings = tuple(
        RatingPoint(job.ended_on, job.rating, in_window=position < REVIEW_WINDOW_SIZE)
        for position, job in reversed(list(enumerate(recent)))
    )
    months = chart_months(today)
    shown = [entry for entry in inputs.month_rates if entry.month in months and entry.billed]
    rates = sorted(
        {entry.rate for entry in shown}, key=lambda rate: (rate is None, -(rate or ZERO))
    )
    column = {rate: index for index, rate in enumerate(rates)}
    totals = {month: [ZERO] * len(rates) for month in months}
    for entry in shown:
        totals[entry.month][column[entry.rate]] += entry.billed
    return MomentumChart(
        currency=inputs.currency,
        rates=tuple(rates),
        rate_labels=tuple(rate_label(rate) for rate in rates),
        ratings=ratings,
        window_average=window_average(tuple(job.rating for job in recent[:REVIEW_WINDOW_SIZE])),
        months=tuple(MonthBilled(month, tuple(totals[month])) for month in months),
    )
