"""What the momentum report is computed from: small, already-aggregated facts about a member.

Every input is something a database can answer with a bounded query: the last ten rated jobs,
sums and counts over the member's billings, per-day counts of each ranking signal over the last
180 days, and per-window outcome totals for the Job Success Score estimate. A member with 10,000
contracts and a million billings produces inputs of the same size as one with ten, so the report
never needs the whole history in memory.

Amounts are `Decimal` in `currency` (a float raises `TypeError`); counts are ints.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from advisor.momentum.events import EventKind

# How many reviews a client sees on a profile, per the seed (#2).
REVIEW_WINDOW_SIZE = 10
# Two periods of 90 days are compared, so signals are needed for 180 days.
PERIOD_DAYS = 90
SIGNAL_DAYS = 2 * PERIOD_DAYS
# Upwork's rolling Job Success Score windows (domain-facts.md section 2.1).
JSS_WINDOW_MONTHS = (6, 12, 24)
# How many clients "closest to their next tier" the report lists.
CLIENTS_NEAR_NEXT_TIER = 3
# The ratings chart shows at most this many jobs, and billings for this many months.
CHART_RATINGS = 50
CHART_MONTHS = 24


class Signal(StrEnum):
    """Something that, per the seed (#4, #3), helps a profile rank or shows that it does."""

    JOB_STARTED = "job_started"
    # Every billing counts: a milestone approved, hours invoiced, a bonus.
    MILESTONE_APPROVED = "milestone_approved"
    FIVE_STAR_JOB = "five_star_job"
    REPEAT_HIRE = "repeat_hire"
    INVITE = EventKind.INVITE.value
    PROPOSAL = EventKind.PROPOSAL.value
    PROFILE_UPDATE = EventKind.PROFILE_UPDATE.value
    PORTFOLIO = EventKind.PORTFOLIO.value
    FEEDBACK_RESPONSE = EventKind.FEEDBACK_RESPONSE.value


def require_decimal(value: object, what: str) -> Decimal:
    """Refuse anything but a finite Decimal where money or a rating belongs."""
    if not isinstance(value, Decimal):
        raise TypeError(f"{what} must be a Decimal, not {type(value).__name__}")
    if not value.is_finite():
        raise ValueError(f"{what} must be a finite Decimal")
    return value


def require_count(value: object, what: str) -> int:
    """Refuse anything but a non-negative int where a count belongs."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{what} can't be negative")
    return value


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, or that month's last day when it is shorter (Aug 31 -> Feb 28)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def window_start(today: date, months: int) -> date:
    """The first day of a rolling window of `months` ending today: a job that ended on it is
    exactly `months` old and still counts; one day older and it has dropped out."""
    return months_before(today, months)


def signal_start(today: date) -> date:
    """The first day of the 180 days of signals the report weighs."""
    return today - timedelta(days=SIGNAL_DAYS - 1)


def month_start(day: date) -> date:
    """The first day of the day's month."""
    return day.replace(day=1)


def chart_months(today: date) -> tuple[date, ...]:
    """The first days of the `CHART_MONTHS` months ending with today's, oldest first."""
    return tuple(
        month_start(months_before(today, back)) for back in range(CHART_MONTHS - 1, -1, -1)
    )


@dataclass(frozen=True, slots=True)
class RatedJob:
    """A job that ended with a star rating. `contract_id` is the order it was logged in."""

    contract_id: int
    ended_on: date
    rating: Decimal
    client_name: str
    title: str | None

    def __post_init__(self) -> None:
        require_decimal(self.rating, "rating")


@dataclass(frozen=True, slots=True)
class LifetimeBilling:
    """Sums over everything the member billed in `currency`, net of refunds.

    `jobs` counts contracts with money billed.
    """

    jobs: int
    clients: int
    total: Decimal

    def __post_init__(self) -> None:
        require_count(self.jobs, "jobs")
        require_count(self.clients, "clients")
        require_decimal(self.total, "lifetime billed")


@dataclass(frozen=True, slots=True)
class PaidRate:
    """Money billed at one rate of fee, as the fees stored on the billings show it (rates are
    rounded to the nearest half percent: each fee is rounded to the cent), and those fees.
    `rate` is None for billings whose fee is not known."""

    rate: Decimal | None
    billed: Decimal
    fees: Decimal

    def __post_init__(self) -> None:
        require_decimal(self.billed, "billed at a rate")
        require_decimal(self.fees, "fees at a rate")


@dataclass(frozen=True, slots=True)
class RecordedFees:
    """The fee the platform actually kept on the billings that record it (imported statements
    usually do), and what those billings add up to."""

    fees: Decimal
    billed: Decimal

    def __post_init__(self) -> None:
        require_decimal(self.fees, "fees recorded")
        require_decimal(self.billed, "billed with a fee recorded")


@dataclass(frozen=True, slots=True)
class ClientCounts:
    """How many of the member's clients (in the report's currency) gave them a contract, and how
    many of those hired them for a second one."""

    clients: int
    repeat_clients: int

    def __post_init__(self) -> None:
        require_count(self.clients, "clients")
        require_count(self.repeat_clients, "repeat clients")
        if self.repeat_clients > self.clients:
            raise ValueError("repeat clients can't outnumber clients")


@dataclass(frozen=True, slots=True)
class ClientLifetime:
    """One client's lifetime billed, in `LifetimeBilling`'s currency, and the schedule tiered per
    client that its latest contract is priced by."""

    client_id: int
    client_name: str
    lifetime_billed: Decimal
    schedule_key: str = "upwork-tiered"

    def __post_init__(self) -> None:
        require_decimal(self.lifetime_billed, "lifetime billed")


@dataclass(frozen=True, slots=True)
class SignalCount:
    """How many times a signal happened on one day."""

    day: date
    signal: Signal
    count: int

    def __post_init__(self) -> None:
        require_count(self.count, "signal count")


SIGNAL_ORDER: tuple[Signal, ...] = tuple(Signal)


@dataclass(frozen=True, slots=True)
class SignalHistory:
    """How often each signal happened on each of the `SIGNAL_DAYS` days ending on `ends_on`.

    `daily[i]` holds the counts of `SIGNAL_ORDER[i]`, newest first: `daily[i][0]` is `ends_on`,
    `daily[i][n]` the day `n` days before. The same size for every member, however long their
    history; build one from per-day counts with `from_counts`.
    """

    ends_on: date
    daily: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        if len(self.daily) != len(SIGNAL_ORDER):
            raise ValueError("a signal history needs one row per signal")
        for row in self.daily:
            if len(row) != SIGNAL_DAYS:
                raise ValueError(f"each signal needs {SIGNAL_DAYS} daily counts")
            for count in row:
                require_count(count, "signal count")

    @classmethod
    def from_counts(cls, ends_on: date, counts: Iterable[SignalCount]) -> SignalHistory:
        """Add up per-day counts; days after `ends_on` or more than 179 days before are left out."""
        grid = [[0] * SIGNAL_DAYS for _ in SIGNAL_ORDER]
        rows = {signal: grid[index] for index, signal in enumerate(SIGNAL_ORDER)}
        for entry in counts:
            if not isinstance(entry, SignalCount):
                raise TypeError(f"signals must be SignalCount, not {type(entry).__name__}")
            back = (ends_on - entry.day).days
            if 0 <= back < SIGNAL_DAYS:
                rows[entry.signal][back] += entry.count
        return cls(ends_on, tuple(tuple(row) for row in grid))

    def row(self, signal: Signal) -> tuple[int, ...]:
        """The signal's daily counts, newest first."""
        return self.daily[SIGNAL_ORDER.index(signal)]

    def count(self, signal: Signal, day: date) -> int:
        """How many times the signal happened on `day` (0 outside the history)."""
        back = (self.ends_on - day).days
        return self.row(signal)[back] if 0 <= back < SIGNAL_DAYS else 0


@dataclass(frozen=True, slots=True)
class LastDone:
    """The last day the member logged an action of this kind."""

    kind: EventKind
    on: date


@dataclass(frozen=True, slots=True)
class JssWindowTotals:
    """Outcome totals for the jobs that ended in one rolling window (see `advisor.momentum.jss`).

    The weights are job sizes in the report's currency: `success_weight` and `negative_weight`
    add up the sizes of successful and negative outcomes, `scored_weight` of every scored one
    (successful, neutral or negative). `jobs` and `clients` count every job that ended in the
    window, rated or not; `unscored_jobs` those left out of the score for want of a rating.
    """

    months: int
    starts_on: date
    jobs: int
    clients: int
    scored_jobs: int
    unscored_jobs: int
    success_weight: Decimal
    negative_weight: Decimal
    scored_weight: Decimal

    def __post_init__(self) -> None:
        for count, what in (
            (self.jobs, "jobs"),
            (self.clients, "clients"),
            (self.scored_jobs, "scored jobs"),
            (self.unscored_jobs, "unscored jobs"),
        ):
            require_count(count, what)
        for weight, what in (
            (self.success_weight, "success weight"),
            (self.negative_weight, "negative weight"),
            (self.scored_weight, "scored weight"),
        ):
            require_decimal(weight, what)


@dataclass(frozen=True, slots=True)
class MomentumInputs:
    """Everything the momentum report needs about one member, as of one day.

    `latest_reviews` are the most recent rated jobs, newest first (ended later first; on the same
    day, logged later first); only the first `REVIEW_WINDOW_SIZE` are used. `signals` covers the
    last `SIGNAL_DAYS` days. `other_currencies` are the currencies of clients left out of the
    money figures, which are all in `currency`.
    """

    currency: str
    latest_reviews: tuple[RatedJob, ...]
    lifetime: LifetimeBilling
    client_counts: ClientCounts
    clients_near_next_tier: tuple[ClientLifetime, ...]
    signals: SignalHistory
    last_done: tuple[LastDone, ...]
    jss_windows: tuple[JssWindowTotals, ...]
    first_contract_on: date | None
    earned_last_12_months: Decimal
    recorded_fees_last_12_months: RecordedFees
    paid_rates: tuple[PaidRate, ...] = ()
    lifetime_fees: RecordedFees = RecordedFees(Decimal(0), Decimal(0))
    other_currencies: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        require_decimal(self.earned_last_12_months, "earned in the last 12 months")


@dataclass(frozen=True, slots=True)
class MonthRate:
    """What the member billed in one month (`month` is its first day) at one rate of fee (None:
    fee not known)."""

    month: date
    rate: Decimal | None
    billed: Decimal

    def __post_init__(self) -> None:
        require_decimal(self.billed, "billed in a month")


@dataclass(frozen=True, slots=True)
class ChartInputs:
    """What the momentum chart is drawn from: the most recent rated jobs, newest first (at most
    `CHART_RATINGS` are used), and each month's billings by the rate of fee they paid."""

    currency: str
    ratings: tuple[RatedJob, ...]
    month_rates: tuple[MonthRate, ...] = ()
