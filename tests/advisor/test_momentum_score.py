"""The momentum score: decayed signal points of the last 90 days against the 90 before."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.momentum import (
    DAILY_CAP,
    HALF_LIFE_DAYS,
    SIGNAL_WEIGHTS,
    Direction,
    Signal,
    SignalCount,
    SignalHistory,
    decay,
    direction_of,
    momentum_score,
)

D = Decimal
TODAY = date(2025, 6, 30)


def on(days_ago: int, signal: Signal, count: int = 1) -> SignalCount:
    return SignalCount(TODAY - timedelta(days=days_ago), signal, count)


def history(signals: list[SignalCount], ends_on: date = TODAY) -> SignalHistory:
    return SignalHistory.from_counts(ends_on, signals)


@pytest.mark.parametrize(("age", "factor"), [(0, "1"), (30, "0.5"), (60, "0.25")])
def test_points_halve_every_30_days(age: int, factor: str) -> None:
    assert decay(age) == D(factor)


@pytest.mark.parametrize("age", [-1, 90])
def test_decay_is_defined_within_one_period(age: int) -> None:
    with pytest.raises(ValueError, match="age"):
        decay(age)


@pytest.mark.parametrize(
    ("signals", "recent", "earlier"),
    [
        ([on(0, Signal.FIVE_STAR_JOB)], "5.0", "0.0"),
        ([on(30, Signal.FIVE_STAR_JOB)], "2.5", "0.0"),
        ([on(0, Signal.JOB_STARTED), on(0, Signal.REPEAT_HIRE)], "7.0", "0.0"),
        ([on(0, Signal.MILESTONE_APPROVED, 2)], "4.0", "0.0"),
        ([on(0, Signal.PORTFOLIO), on(0, Signal.PROFILE_UPDATE)], "2.5", "0.0"),
        ([on(0, Signal.FEEDBACK_RESPONSE), on(0, Signal.PROPOSAL)], "1.5", "0.0"),
        # The earlier period is weighed from its own last day, 90 days ago.
        ([on(90, Signal.FIVE_STAR_JOB)], "0.0", "5.0"),
        ([on(120, Signal.FIVE_STAR_JOB)], "0.0", "2.5"),
        ([on(89, Signal.JOB_STARTED)], "0.4", "0.0"),
        # Older than 180 days, or after today: not weighed.
        ([on(180, Signal.FIVE_STAR_JOB), on(-1, Signal.FIVE_STAR_JOB)], "0.0", "0.0"),
    ],
)
def test_score_weighs_each_signal_by_its_weight_and_age(
    signals: list[SignalCount], recent: str, earlier: str
) -> None:
    score = momentum_score(history(signals), TODAY)
    assert (score.recent, score.earlier) == (D(recent), D(earlier))


def test_invites_are_shown_but_weigh_nothing() -> None:
    score = momentum_score(history([on(0, Signal.INVITE, 12)]), TODAY)
    [invites] = [tally for tally in score.signals if tally.signal is Signal.INVITE]
    assert (score.recent, invites.recent_count, invites.recent_points) == (D(0), 12, D(0))


def test_at_most_five_of_a_signal_count_per_day() -> None:
    score = momentum_score(history([on(0, Signal.PROPOSAL, 30)]), TODAY)
    [proposals] = [tally for tally in score.signals if tally.signal is Signal.PROPOSAL]
    assert (proposals.recent_count, proposals.recent_points) == (30, D(DAILY_CAP) * D("0.5"))


def test_rows_for_the_same_signal_and_day_share_the_daily_cap() -> None:
    split = momentum_score(history([on(0, Signal.PROPOSAL, 3), on(0, Signal.PROPOSAL, 3)]), TODAY)
    assert split.recent == momentum_score(history([on(0, Signal.PROPOSAL, 6)]), TODAY).recent


def test_breakdown_lists_every_signal_heaviest_first() -> None:
    score = momentum_score(history([]), TODAY)
    assert [tally.signal for tally in score.signals] == list(SIGNAL_WEIGHTS)
    weights = [tally.weight for tally in score.signals]
    assert weights == sorted(weights, reverse=True)
    assert set(SIGNAL_WEIGHTS) == set(Signal)


def test_breakdown_counts_each_period_apart() -> None:
    signals = [on(1, Signal.JOB_STARTED, 2), on(100, Signal.JOB_STARTED, 3)]
    score = momentum_score(history(signals), TODAY)
    [started] = [tally for tally in score.signals if tally.signal is Signal.JOB_STARTED]
    assert (started.recent_count, started.earlier_count) == (2, 3)


@pytest.mark.parametrize(
    ("recent", "earlier", "direction"),
    [
        ("0", "0", Direction.STEADY),
        ("1", "0", Direction.GAINING),
        ("0.9", "0", Direction.STEADY),
        ("11.5", "10", Direction.GAINING),
        ("11.4", "10", Direction.STEADY),
        ("8.6", "10", Direction.STEADY),
        ("8.5", "10", Direction.LOSING),
        ("0", "1", Direction.LOSING),
    ],
)
def test_direction_needs_a_change_beyond_the_steady_band(
    recent: str, earlier: str, direction: Direction
) -> None:
    assert direction_of(D(recent), D(earlier)) is direction


@pytest.mark.parametrize(
    ("signals", "direction"),
    [
        ([on(5, Signal.FIVE_STAR_JOB)], Direction.GAINING),
        ([on(95, Signal.FIVE_STAR_JOB)], Direction.LOSING),
        ([on(5, Signal.FIVE_STAR_JOB), on(95, Signal.FIVE_STAR_JOB)], Direction.STEADY),
        ([], Direction.STEADY),
    ],
)
def test_score_says_whether_the_member_is_gaining_or_losing_ground(
    signals: list[SignalCount], direction: Direction
) -> None:
    assert momentum_score(history(signals), TODAY).direction is direction


def test_score_documents_its_half_life_and_period() -> None:
    score = momentum_score(history([]), TODAY)
    assert (score.half_life_days, score.period_days) == (HALF_LIFE_DAYS, 90)


signal_counts = st.builds(
    SignalCount,
    day=st.integers(min_value=0, max_value=200).map(lambda n: TODAY - timedelta(days=n)),
    signal=st.sampled_from(list(Signal)),
    count=st.integers(min_value=1, max_value=8),
)


@given(st.lists(signal_counts, max_size=30), signal_counts)
def test_one_more_signal_never_lowers_either_period(
    signals: list[SignalCount], extra: SignalCount
) -> None:
    before = momentum_score(history(signals), TODAY)
    after = momentum_score(history([*signals, extra]), TODAY)
    assert after.recent >= before.recent
    assert after.earlier >= before.earlier


def test_a_history_gathered_days_before_today_has_aged() -> None:
    gathered = history([on(30, Signal.FIVE_STAR_JOB)], ends_on=TODAY - timedelta(days=30))
    assert momentum_score(gathered, TODAY).recent == D("2.5")


def test_score_refuses_anything_but_a_history() -> None:
    with pytest.raises(TypeError):
        momentum_score([on(0, Signal.PROPOSAL)], TODAY)  # type: ignore[arg-type]
