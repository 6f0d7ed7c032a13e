"""The Job Success Score estimate and the Top Rated checklist."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from advisor.ledger import ContractStatus
from advisor.momentum import (
    JssEstimate,
    JssStatus,
    JssWindowTotals,
    Outcome,
    estimate_jss,
    job_outcome,
    job_weight,
    top_rated_checklist,
    window_start,
)
from advisor.momentum.jss import window_score

D = Decimal
TODAY = date(2025, 6, 30)
COMPLETED, CANCELLED, DISPUTED = (
    ContractStatus.COMPLETED,
    ContractStatus.CANCELLED,
    ContractStatus.DISPUTED,
)


@pytest.mark.parametrize(
    ("status", "rating", "billed", "outcome"),
    [
        (COMPLETED, "5", "100", Outcome.SUCCESS),
        (COMPLETED, "4", "100", Outcome.SUCCESS),
        (COMPLETED, "3.99", "100", Outcome.NEUTRAL),
        (COMPLETED, "3", "100", Outcome.NEUTRAL),
        (COMPLETED, "2.99", "100", Outcome.NEGATIVE),
        (COMPLETED, None, "100", Outcome.UNSCORED),
        (DISPUTED, "5", "100", Outcome.NEGATIVE),
        (DISPUTED, None, "0", Outcome.NEGATIVE),
        (CANCELLED, None, "0", Outcome.NEGATIVE),
        (CANCELLED, None, "50", Outcome.UNSCORED),
        (CANCELLED, "4.5", "50", Outcome.SUCCESS),
    ],
)
def test_job_outcome_follows_the_stated_assumptions(
    status: ContractStatus, rating: str | None, billed: str, outcome: Outcome
) -> None:
    assert job_outcome(status, D(rating) if rating else None, D(billed)) is outcome


def test_active_contract_has_no_outcome() -> None:
    with pytest.raises(ValueError, match="active"):
        job_outcome(ContractStatus.ACTIVE, None, D(0))


@pytest.mark.parametrize(("billed", "weight"), [("0", "100"), ("99.99", "100"), ("2500", "2500")])
def test_job_weight_is_its_size_with_a_floor(billed: str, weight: str) -> None:
    assert job_weight(D(billed)) == D(weight)


def totals(
    months: int,
    *,
    success: str = "0",
    negative: str = "0",
    scored: str = "0",
    scored_jobs: int = 0,
    jobs: int = 0,
    clients: int = 0,
    unscored: int = 0,
) -> JssWindowTotals:
    return JssWindowTotals(
        months=months,
        starts_on=window_start(TODAY, months),
        jobs=jobs,
        clients=clients,
        scored_jobs=scored_jobs,
        unscored_jobs=unscored,
        success_weight=D(success),
        negative_weight=D(negative),
        scored_weight=D(scored),
    )


@pytest.mark.parametrize(
    ("success", "negative", "scored", "score"),
    [
        ("1000", "0", "1000", 100),
        ("900", "100", "1000", 80),
        ("900", "0", "1000", 90),  # a neutral 100 only counts in the total
        ("1000", "100", "1100", 82),  # 81.8 rounds up
        ("100", "900", "1000", 0),  # never below zero
        ("0", "0", "0", None),
    ],
)
def test_window_score_is_success_minus_negative_over_scored(
    success: str, negative: str, scored: str, score: int | None
) -> None:
    jobs = 0 if score is None else 2
    result = window_score(
        totals(12, success=success, negative=negative, scored=scored, scored_jobs=jobs)
    )
    assert result == score


def enough(months: int, success: str, scored: str) -> JssWindowTotals:
    return totals(months, success=success, scored=scored, scored_jobs=2, jobs=2, clients=2)


def test_estimate_is_the_best_of_the_three_windows() -> None:
    jss = estimate_jss(
        (enough(6, "700", "1000"), enough(12, "950", "1000"), enough(24, "800", "1000")), TODAY
    )
    assert (jss.status, jss.score) == (JssStatus.ESTIMATED, 95)
    assert jss.best_window is not None
    assert jss.best_window.months == 12
    assert [window.score for window in jss.windows] == [70, 95, 80]


def test_a_tie_goes_to_the_shorter_window() -> None:
    jss = estimate_jss(
        (enough(6, "900", "1000"), enough(12, "900", "1000"), enough(24, "900", "1000")), TODAY
    )
    assert jss.best_window is not None
    assert jss.best_window.months == 6


@pytest.mark.parametrize(
    ("jobs", "clients", "status"),
    [
        (0, 0, JssStatus.NOT_ENOUGH_HISTORY),
        (1, 1, JssStatus.NOT_ENOUGH_HISTORY),
        (5, 1, JssStatus.NOT_ENOUGH_HISTORY),
        (2, 2, JssStatus.ESTIMATED),
    ],
)
def test_a_score_needs_2_jobs_with_2_clients_in_24_months(
    jobs: int, clients: int, status: JssStatus
) -> None:
    window = totals(24, success="500", scored="500", scored_jobs=1, jobs=jobs, clients=clients)
    jss = estimate_jss((window,), TODAY)
    assert jss.status is status
    assert (jss.score is None) == (status is not JssStatus.ESTIMATED)


def test_enough_jobs_without_ratings_give_no_estimate() -> None:
    jss = estimate_jss((totals(24, jobs=3, clients=2, unscored=3),), TODAY)
    assert (jss.status, jss.score) == (JssStatus.NO_RATED_JOBS, None)


def test_missing_windows_count_as_empty() -> None:
    jss = estimate_jss((), TODAY)
    assert [window.months for window in jss.windows] == [6, 12, 24]
    assert [window.starts_on for window in jss.windows] == [
        date(2024, 12, 30),
        date(2024, 6, 30),
        date(2023, 6, 30),
    ]


def all_texts(jss: JssEstimate) -> list[str]:
    return [jss.summary, jss.note, *(window.label for window in jss.windows)]


@pytest.mark.parametrize(
    "windows",
    [
        (),
        (totals(24, jobs=3, clients=2, unscored=3),),
        (enough(6, "700", "1000"), enough(12, "950", "1000"), enough(24, "800", "1000")),
    ],
)
def test_every_text_says_it_is_an_estimate(windows: tuple[JssWindowTotals, ...]) -> None:
    for text in all_texts(estimate_jss(windows, TODAY)):
        assert "estimate" in text.lower()


def test_estimate_cites_upworks_help_page() -> None:
    assert "support.upwork.com" in estimate_jss((), TODAY).source


def scored_jss(score: int) -> JssEstimate:
    success = str(score * 10)
    return estimate_jss((enough(24, success, "1000"),), TODAY)


@pytest.mark.parametrize(
    ("score", "met"),
    [(90, True), (89, False), (100, True)],
)
def test_top_rated_needs_a_score_of_90(score: int, met: bool) -> None:
    checklist = top_rated_checklist(scored_jss(score), D(5000), "USD", date(2020, 1, 1), TODAY)
    assert checklist.checks[0].met is met
    assert "estimate" in checklist.checks[0].detail.lower()


def test_top_rated_score_check_fails_without_a_score() -> None:
    checklist = top_rated_checklist(estimate_jss((), TODAY), D(5000), "USD", None, TODAY)
    assert checklist.checks[0].met is False


@pytest.mark.parametrize(
    ("earned", "currency", "met"),
    [("1000", "USD", True), ("999.99", "USD", False), ("5000", "EUR", None)],
)
def test_top_rated_needs_1000_dollars_earned_in_12_months(
    earned: str, currency: str, met: bool | None
) -> None:
    checklist = top_rated_checklist(scored_jss(95), D(earned), currency, date(2020, 1, 1), TODAY)
    assert checklist.checks[1].met is met


@pytest.mark.parametrize(
    ("first_contract", "met"),
    [
        (TODAY - timedelta(days=91), True),
        (TODAY - timedelta(days=90), False),
        (TODAY, False),
        (None, False),
    ],
)
def test_top_rated_needs_a_first_contract_over_90_days_ago(
    first_contract: date | None, met: bool
) -> None:
    checklist = top_rated_checklist(scored_jss(95), D(5000), "USD", first_contract, TODAY)
    assert checklist.checks[2].met is met


@pytest.mark.parametrize(
    ("score", "earned", "currency", "eligible"),
    [
        (95, "5000", "USD", True),
        (80, "5000", "USD", False),
        (95, "5000", "EUR", None),
        (80, "5000", "EUR", False),
    ],
)
def test_top_rated_eligibility_is_unknown_only_when_nothing_failed(
    score: int, earned: str, currency: str, eligible: bool | None
) -> None:
    checklist = top_rated_checklist(scored_jss(score), D(earned), currency, date(2020, 1, 1), TODAY)
    assert checklist.eligible is eligible
    assert "estimate" in checklist.summary.lower()


def test_top_rated_lists_what_gigwise_cannot_check() -> None:
    checklist = top_rated_checklist(scored_jss(95), D(5000), "USD", date(2020, 1, 1), TODAY)
    assert "100% complete profile" in checklist.not_checked
