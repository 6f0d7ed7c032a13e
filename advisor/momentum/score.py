"""The momentum score: is the member gaining or losing ground with the platform's ranking?

The seed (#4) lists what helps a profile rank: starting a new job, a milestone approved, a job
completed with 5 stars, repeat hiring by one client; and (#3) what the member controls: updating
the profile, uploading portfolio work, sending proposals regularly, answering feedback. Each
occurrence earns points (`SIGNAL_WEIGHTS`), and older ones count for less: a signal's points
halve every `HALF_LIFE_DAYS` days.

The score of a period of `PERIOD_DAYS` days is the sum of its signals' points, each decayed by
its age counted from the period's last day. The report compares the last 90 days (ending today)
with the 90 days before (ending 90 days ago), so both periods are weighed the same way and the
second score is what the first one was three months ago.

Choices, and why:
- Weights: a 5-star completion (5) and a repeat hire (4, on top of the job started) weigh most,
  because they are what the seed saw invites follow; a job started (3) and a milestone or other
  billing (2) next; portfolio work (1.5), a profile update (1) and a feedback response (1) are in
  the member's control but signal less; a proposal (0.5) is cheap to send, so it counts little.
- At most `DAILY_CAP` occurrences of each signal count per day, so a day of thirty proposals or an
  hourly contract billed in many small pieces cannot outweigh finished work (the breakdown still
  counts every occurrence).
- Invites weigh 0: they are the sign that ranking works (the seed's #5), not a cause of it, and
  the report shows them per week beside the score.
- Not counted: consistent project tags (the ledger does not record tags) and high average client
  spend (a level, not an event; the fee profile shows it).
- Direction: gaining or losing when the two scores differ by more than `STEADY_SHARE` of the
  earlier one and by at least `MIN_CHANGE` points; steady otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType

from advisor.momentum.inputs import PERIOD_DAYS, Signal, SignalHistory

HALF_LIFE_DAYS = 30
DAILY_CAP = 5
STEADY_SHARE = Decimal("0.15")
MIN_CHANGE = Decimal(1)

SIGNAL_WEIGHTS: Mapping[Signal, Decimal] = MappingProxyType(
    {
        Signal.FIVE_STAR_JOB: Decimal(5),
        Signal.REPEAT_HIRE: Decimal(4),
        Signal.JOB_STARTED: Decimal(3),
        Signal.MILESTONE_APPROVED: Decimal(2),
        Signal.PORTFOLIO: Decimal("1.5"),
        Signal.PROFILE_UPDATE: Decimal(1),
        Signal.FEEDBACK_RESPONSE: Decimal(1),
        Signal.PROPOSAL: Decimal("0.5"),
        Signal.INVITE: Decimal(0),
    }
)

_ONE_PLACE = Decimal("0.1")
# Decay factor by age in days within a period: 0.5 ** (age / half-life).
_DECAY = tuple(Decimal("0.5") ** (Decimal(age) / HALF_LIFE_DAYS) for age in range(PERIOD_DAYS))
# Each signal's points by age, worked out once rather than for every day of every report.
_POINTS = {
    signal: tuple(weight * factor for factor in _DECAY) for signal, weight in SIGNAL_WEIGHTS.items()
}


class Direction(StrEnum):
    """Where the member's momentum is heading, comparing the last 90 days with the 90 before."""

    GAINING = "gaining"
    STEADY = "steady"
    LOSING = "losing"


@dataclass(frozen=True, slots=True)
class SignalTally:
    """One signal's occurrences and points in each period (points to one decimal)."""

    signal: Signal
    weight: Decimal
    recent_count: int
    earlier_count: int
    recent_points: Decimal
    earlier_points: Decimal


@dataclass(frozen=True, slots=True)
class MomentumScore:
    """The decayed points of the last 90 days (`recent`) and of the 90 days before (`earlier`),
    to one decimal, with the direction. `signals` breaks both down, heaviest signal first."""

    recent: Decimal
    earlier: Decimal
    change: Decimal
    direction: Direction
    signals: tuple[SignalTally, ...]
    half_life_days: int = HALF_LIFE_DAYS
    period_days: int = PERIOD_DAYS


def decay(age_days: int) -> Decimal:
    """How much a signal `age_days` old (0: on the period's last day) still counts."""
    if not 0 <= age_days < PERIOD_DAYS:
        raise ValueError(f"an age within a period runs from 0 to {PERIOD_DAYS - 1} days")
    return _DECAY[age_days]


def direction_of(recent: Decimal, earlier: Decimal) -> Direction:
    """Gaining or losing only when the change is larger than the steady band."""
    band = max(STEADY_SHARE * earlier, MIN_CHANGE)
    if recent - earlier >= band:
        return Direction.GAINING
    if earlier - recent >= band:
        return Direction.LOSING
    return Direction.STEADY


def _one_place(points: Decimal) -> Decimal:
    return points.quantize(_ONE_PLACE, rounding=ROUND_HALF_UP)


def momentum_score(history: SignalHistory, today: date) -> MomentumScore:
    """Weigh the signals of the last 180 days as the module docstring describes."""
    if not isinstance(history, SignalHistory):
        raise TypeError(f"signals must be a SignalHistory, not {type(history).__name__}")
    # Normally 0; a history gathered some days before `today` has aged by that much.
    shift = (today - history.ends_on).days
    tallies = []
    recent_total = earlier_total = Decimal(0)
    for signal, points in _POINTS.items():
        row = history.row(signal)
        counts = [0, 0]
        totals = [Decimal(0), Decimal(0)]
        for back, count in enumerate(row):
            age = back + shift
            if not count or not 0 <= age < 2 * PERIOD_DAYS:
                continue
            earlier = age >= PERIOD_DAYS
            counts[earlier] += count
            totals[earlier] += points[age - PERIOD_DAYS * earlier] * min(count, DAILY_CAP)
        recent_total += totals[0]
        earlier_total += totals[1]
        tallies.append(
            SignalTally(
                signal=signal,
                weight=SIGNAL_WEIGHTS[signal],
                recent_count=counts[0],
                earlier_count=counts[1],
                recent_points=_one_place(totals[0]),
                earlier_points=_one_place(totals[1]),
            )
        )
    recent_shown, earlier_shown = _one_place(recent_total), _one_place(earlier_total)
    return MomentumScore(
        recent=recent_shown,
        earlier=earlier_shown,
        change=recent_shown - earlier_shown,
        direction=direction_of(recent_total, earlier_total),
        signals=tuple(tallies),
    )
