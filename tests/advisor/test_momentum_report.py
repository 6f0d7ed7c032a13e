"""The momentum report as a whole, built from inputs for one day, and the calendar it uses."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from advisor.momentum import (
    ClientCounts,
    ClientLifetime,
    Direction,
    EventKind,
    JssStatus,
    JssWindowTotals,
    LastDone,
    LifetimeBilling,
    MomentumInputs,
    PaidRate,
    RatedJob,
    RecordedFees,
    Signal,
    SignalCount,
    SignalHistory,
    build_momentum_report,
    months_before,
    signal_start,
    window_start,
)

D = Decimal
TODAY = date(2025, 6, 30)


def seed_member() -> MomentumInputs:
    """Ten 5-star jobs of $1,000 for two clients, then a 2.5-star one: the seed's member."""
    reviews = tuple(
        RatedJob(11 - n, TODAY - timedelta(days=5 * n), D("2.5") if n == 0 else D(5), "A", None)
        for n in range(11)
    )
    return MomentumInputs(
        currency="USD",
        latest_reviews=reviews[:10],
        lifetime=LifetimeBilling(jobs=11, clients=2, total=D(11000)),
        client_counts=ClientCounts(clients=2, repeat_clients=2),
        clients_near_next_tier=(ClientLifetime(7, "Acme", D(5500)),),
        signals=SignalHistory.from_counts(
            TODAY,
            [
                SignalCount(TODAY, Signal.FIVE_STAR_JOB, 1),
                SignalCount(TODAY - timedelta(days=3), Signal.INVITE, 4),
            ],
        ),
        last_done=(LastDone(EventKind.PROPOSAL, TODAY - timedelta(days=2)),),
        jss_windows=tuple(
            JssWindowTotals(
                months=months,
                starts_on=window_start(TODAY, months),
                jobs=11,
                clients=2,
                scored_jobs=11,
                unscored_jobs=0,
                success_weight=D(10000),
                negative_weight=D(1000),
                scored_weight=D(11000),
            )
            for months in (6, 12, 24)
        ),
        first_contract_on=date(2024, 1, 15),
        earned_last_12_months=D(11000),
        recorded_fees_last_12_months=RecordedFees(fees=D(1100), billed=D(11000)),
        paid_rates=(
            PaidRate(D("0.20"), D(1000), D(200)),
            PaidRate(D("0.10"), D(10000), D(1000)),
        ),
        lifetime_fees=RecordedFees(fees=D(1200), billed=D(11000)),
    )


def test_report_shows_the_seeds_bad_review_in_the_window() -> None:
    report = build_momentum_report(seed_member(), today=TODAY)
    assert report.review_window.average == D("4.75")
    assert [review.leaves_after for review in report.review_window.low_reviews] == [10]


def test_report_puts_ten_average_jobs_at_stake() -> None:
    stake = build_momentum_report(seed_member(), today=TODAY).at_stake
    assert (stake.average_job_size, stake.at_stake) == (D("1000.00"), D("10000.00"))


def test_report_what_if_brings_the_bad_review_one_step_closer_to_leaving() -> None:
    outcome = build_momentum_report(seed_member(), today=TODAY).what_if(D(5))
    assert outcome.average_after == D("4.75")
    assert [review.leaves_after for review in outcome.after.low_reviews] == [9]
    assert outcome.at_stake.at_stake == D("10000.00")


def test_report_weighs_momentum_and_counts_invites() -> None:
    report = build_momentum_report(seed_member(), today=TODAY)
    assert (report.momentum.recent, report.momentum.direction) == (D("5.0"), Direction.GAINING)
    assert report.invites_per_week[-1].invites == 4


def test_report_lists_overdue_actions_only_among_own_actions() -> None:
    report = build_momentum_report(seed_member(), today=TODAY)
    assert {action.kind for action in report.overdue_actions} == {
        EventKind.PROFILE_UPDATE,
        EventKind.PORTFOLIO,
    }
    assert len(report.own_actions) == 3


def test_report_fee_profile_and_jss_estimate() -> None:
    report = build_momentum_report(seed_member(), today=TODAY)
    assert (report.fee_profile.fees, report.fee_profile.effective_fee_rate) == (
        D(1200),
        D("0.1091"),
    )
    assert [c.remaining for c in report.fee_profile.closest_to_next_tier] == [D("4500.00")]
    assert report.fee_profile.recorded_fee_rate == D("0.1000")
    assert (report.jss.status, report.jss.score) == (JssStatus.ESTIMATED, 82)
    assert report.top_rated.eligible is False


def test_report_for_a_member_with_nothing_logged() -> None:
    empty = replace(
        seed_member(),
        latest_reviews=(),
        lifetime=LifetimeBilling(0, 0, D(0)),
        client_counts=ClientCounts(0, 0),
        clients_near_next_tier=(),
        signals=SignalHistory.from_counts(TODAY, []),
        last_done=(),
        jss_windows=(),
        first_contract_on=None,
        earned_last_12_months=D(0),
        recorded_fees_last_12_months=RecordedFees(D(0), D(0)),
    )
    report = build_momentum_report(empty, today=TODAY)
    assert (report.review_window.average, report.at_stake.at_stake) == (None, None)
    assert (report.momentum.direction, report.jss.status) == (
        Direction.STEADY,
        JssStatus.NOT_ENOUGH_HISTORY,
    )
    assert len(report.overdue_actions) == 3


def test_inputs_refuse_float_money() -> None:
    with pytest.raises(TypeError):
        replace(seed_member(), earned_last_12_months=1000.0)  # type: ignore[arg-type]


def test_report_refuses_anything_but_inputs() -> None:
    with pytest.raises(TypeError):
        build_momentum_report({}, today=TODAY)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 6, 30), 6, date(2024, 12, 30)),
        (date(2025, 8, 31), 6, date(2025, 2, 28)),
        (date(2024, 8, 31), 6, date(2024, 2, 29)),
        (date(2025, 1, 15), 1, date(2024, 12, 15)),
        (date(2025, 3, 31), 24, date(2023, 3, 31)),
        (date(2025, 6, 30), 0, date(2025, 6, 30)),
    ],
)
def test_months_before_keeps_the_day_or_takes_the_months_last(
    day: date, months: int, expected: date
) -> None:
    assert months_before(day, months) == expected


def test_signals_cover_180_days_ending_today() -> None:
    assert (TODAY - signal_start(TODAY)).days == 179


def test_signal_history_keeps_180_days_ending_on_its_day() -> None:
    counts = [
        SignalCount(TODAY, Signal.PROPOSAL, 2),
        SignalCount(TODAY, Signal.PROPOSAL, 1),
        SignalCount(TODAY - timedelta(days=179), Signal.INVITE, 4),
        SignalCount(TODAY - timedelta(days=180), Signal.INVITE, 9),
        SignalCount(TODAY + timedelta(days=1), Signal.INVITE, 9),
    ]
    signals = SignalHistory.from_counts(TODAY, counts)
    assert signals.count(Signal.PROPOSAL, TODAY) == 3
    assert signals.count(Signal.INVITE, TODAY - timedelta(days=179)) == 4
    assert sum(signals.row(Signal.INVITE)) == 4
    assert len(signals.daily) == len(Signal)


@pytest.mark.parametrize(
    "daily",
    [
        ((0,) * 180,) * 8,
        ((0,) * 179,) * 9,
        ((-1,) + (0,) * 179,) * 9,
    ],
)
def test_signal_history_must_be_one_row_of_180_counts_per_signal(
    daily: tuple[tuple[int, ...], ...],
) -> None:
    with pytest.raises(ValueError, match="signal"):
        SignalHistory(TODAY, daily)
