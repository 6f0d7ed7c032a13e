"""What the momentum chart shows, as plain numbers: ratings over time with the ten-review window
marked, and billings per month split by fee band.

Splitting a month by band follows the platform's tiers: for a per-client schedule each client's
billings fill its bands in order, starting from what the client had been billed before the month,
so a client's first $500 shows in the 20% band however the billings are spread over the months.
Splitting a client's monthly sum gives the same result as splitting each billing in turn, because
the bands are marginal. Drawing lives with the commands; this module only prepares the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from advisor.fees import Band, FeeSchedule
from advisor.ledger import currency_places
from advisor.momentum.fee_profile import band_label, banded_schedule
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
    """What was billed in one month (`month` is its first day), per band of the schedule."""

    month: date
    by_band: tuple[Decimal, ...]

    @property
    def total(self) -> Decimal:
        return sum(self.by_band, ZERO)


@dataclass(frozen=True, slots=True)
class MomentumChart:
    """Everything the chart draws. Ratings and months run oldest first; `band_labels` name the
    bands in the order of `MonthBilled.by_band`."""

    currency: str
    schedule_label: str
    band_labels: tuple[str, ...]
    band_rates: tuple[Decimal, ...]
    ratings: tuple[RatingPoint, ...]
    window_average: Decimal | None
    months: tuple[MonthBilled, ...]


def split_into_bands(
    bands: tuple[Band, ...], billed_before: Decimal, amount: Decimal
) -> tuple[Decimal, ...]:
    """How much of `amount`, billed after `billed_before`, falls in each band."""
    stop = billed_before + amount
    parts = []
    for band in bands:
        low = max(band.start, billed_before)
        high = stop if band.end is None else min(band.end, stop)
        parts.append(high - low if high > low else ZERO)
    return tuple(parts)


def _months_by_client(inputs: ChartInputs, schedule: FeeSchedule, today: date) -> list[MonthBilled]:
    months = chart_months(today)
    # Band edges are whole numbers; show every part with the currency's usual decimals.
    step = Decimal(1).scaleb(-currency_places(inputs.currency))
    totals = {month: [ZERO] * len(schedule.bands) for month in months}
    position = {client.client_id: client.lifetime_billed for client in inputs.billed_before}
    for entry in sorted(inputs.client_months, key=lambda e: (e.client_id, e.month)):
        before = position.get(entry.client_id, ZERO)
        if entry.month in totals:
            for index, part in enumerate(split_into_bands(schedule.bands, before, entry.billed)):
                totals[entry.month][index] += part.quantize(step)
        position[entry.client_id] = before + entry.billed
    return [
        MonthBilled(month, tuple(part.quantize(step) for part in totals[month])) for month in months
    ]


def _months_as_given(inputs: ChartInputs, schedule: FeeSchedule, today: date) -> list[MonthBilled]:
    given = dict(inputs.month_bands)
    empty = tuple(ZERO for _ in schedule.bands)
    result = []
    for month in chart_months(today):
        by_band = given.get(month, empty)
        if len(by_band) != len(schedule.bands):
            raise ValueError("a month needs one total per band of the schedule")
        result.append(MonthBilled(month, by_band))
    return result


def momentum_chart(inputs: ChartInputs, today: date) -> MomentumChart:
    """The chart's data: at most 50 ratings and the last 24 months of billings."""
    schedule = banded_schedule(inputs.schedule)
    recent = inputs.ratings[:CHART_RATINGS]
    ratings = tuple(
        RatingPoint(job.ended_on, job.rating, in_window=position < REVIEW_WINDOW_SIZE)
        for position, job in reversed(list(enumerate(recent)))
    )
    months = (
        _months_by_client(inputs, schedule, today)
        if schedule.per_client
        else _months_as_given(inputs, schedule, today)
    )
    return MomentumChart(
        currency=inputs.currency,
        schedule_label=schedule.label,
        band_labels=tuple(band_label(band, inputs.currency) for band in schedule.bands),
        band_rates=tuple(band.rate for band in schedule.bands),
        ratings=ratings,
        window_average=window_average(tuple(job.rating for job in recent[:REVIEW_WINDOW_SIZE])),
        months=tuple(months),
    )
