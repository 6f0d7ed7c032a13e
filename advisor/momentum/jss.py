"""An ESTIMATE of Upwork's Job Success Score (JSS), and the Top Rated checklist.

Upwork does not publish its formula. What it does say (collected in the project's
shared/reference/domain-facts.md, section 2, "Upwork Job Success Score (JSS), feedback and
badges", from Upwork's help centre and staff posts):

- the score is "(successful contract outcomes - negative contract outcomes) / total outcomes";
- Upwork takes snapshots of the 6, 12 and 24-month history and shows the best of these windows;
  a job drops out of a window once it is one day older than the window;
- since February 2020 outcomes are weighted by job size;
- a score needs at least 2 jobs with 2 different clients within 24 months (since December 2023);
- Top Rated needs a JSS of 90% or more, $1,000 or more earned in the last 12 months, a first
  contract more than 90 days ago, a complete profile and no recent Terms of Service violations.

What Gigwise assumes, because the ledger only knows what the member logged:

- A job counts in a window when it ENDED inside the window; active contracts are left out.
- Outcomes from what the ledger records: NEGATIVE for a disputed contract, a rating under
  `NEGATIVE_BELOW` stars, or a contract cancelled with nothing billed; SUCCESS for any other job
  rated `SUCCESS_FROM` stars or more; NEUTRAL for one rated in between (it counts in the total
  only). A job ended without a rating is UNSCORED: Upwork scores missing feedback only when it is
  a large share, so it is left out of the score but still counts as a job for the minimum history.
- Weight: the job's billed amount, but at least `MIN_JOB_WEIGHT` in the report's currency, so a
  job cancelled with nothing billed still counts against the score.
- Score = (success weight - negative weight) / scored weight, as a percentage rounded half up,
  never below 0; the estimate is the best window's score.
- Upwork also reads private feedback, client rehires and long-term relationships, which the
  ledger does not hold: the real score can differ, in either direction.

Every sentence this module produces says it is an estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from advisor.ledger import ContractStatus
from advisor.momentum.inputs import JSS_WINDOW_MONTHS, JssWindowTotals, window_start
from advisor.money import format_money
from advisor.wording import plural

NEGATIVE_BELOW = Decimal("3.00")
SUCCESS_FROM = Decimal("4.00")
MIN_JOB_WEIGHT = Decimal(100)
MIN_JOBS = 2
MIN_CLIENTS = 2
HISTORY_MONTHS = 24

TOP_RATED_SCORE = 90
TOP_RATED_EARNINGS = Decimal(1000)
TOP_RATED_EARNINGS_CURRENCY = "USD"
TOP_RATED_FIRST_CONTRACT_DAYS = 90

ESTIMATE_NOTE = (
    "Gigwise's estimate from your logged jobs: Upwork does not publish its formula, and it also "
    "reads private feedback the ledger does not hold."
)
JSS_SOURCE = "https://support.upwork.com/hc/en-us/articles/211063558"
TOP_RATED_SOURCE = "https://support.upwork.com/hc/en-us/articles/211068468"
NOT_CHECKED = ("100% complete profile", "no Terms of Service violations in the last 3 months")

_HUNDRED = Decimal(100)


class Outcome(StrEnum):
    """How a job counts towards the estimate."""

    SUCCESS = "success"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"
    UNSCORED = "unscored"


class JssStatus(StrEnum):
    """Whether there is an estimate, and if not, why."""

    ESTIMATED = "estimated"
    NOT_ENOUGH_HISTORY = "not_enough_history"
    NO_RATED_JOBS = "no_rated_jobs"


def job_outcome(status: ContractStatus, rating: Decimal | None, billed: Decimal) -> Outcome:
    """How an ended job counts, per the module docstring's assumptions."""
    if status is ContractStatus.ACTIVE:
        raise ValueError("an active contract has no outcome yet")
    if (
        status is ContractStatus.DISPUTED
        or (rating is not None and rating < NEGATIVE_BELOW)
        or (status is ContractStatus.CANCELLED and billed <= 0)
    ):
        return Outcome.NEGATIVE
    if rating is None:
        return Outcome.UNSCORED
    return Outcome.SUCCESS if rating >= SUCCESS_FROM else Outcome.NEUTRAL


def job_weight(billed: Decimal) -> Decimal:
    """A job's size in the score: what it billed, but at least `MIN_JOB_WEIGHT`."""
    return max(billed, MIN_JOB_WEIGHT)


@dataclass(frozen=True, slots=True)
class JssWindow:
    """The estimate over one rolling window; `score` is None without a scored job in it."""

    months: int
    starts_on: date
    jobs: int
    clients: int
    scored_jobs: int
    unscored_jobs: int
    score: int | None
    label: str


@dataclass(frozen=True, slots=True)
class JssEstimate:
    """The estimated score (best window) or why there is none. Every text says it is an estimate."""

    status: JssStatus
    score: int | None
    best_window: JssWindow | None
    windows: tuple[JssWindow, ...]
    summary: str
    note: str = ESTIMATE_NOTE
    source: str = JSS_SOURCE


@dataclass(frozen=True, slots=True)
class TopRatedCheck:
    """One Top Rated requirement: met, not met, or None when Gigwise cannot tell."""

    requirement: str
    met: bool | None
    detail: str


@dataclass(frozen=True, slots=True)
class TopRatedChecklist:
    """The requirements Gigwise can check; `eligible` is None when one of them is unknown and
    none failed. `not_checked` are requirements only the platform can see."""

    checks: tuple[TopRatedCheck, ...]
    eligible: bool | None
    summary: str
    not_checked: tuple[str, ...] = NOT_CHECKED
    source: str = TOP_RATED_SOURCE


def window_score(totals: JssWindowTotals) -> int | None:
    """(success - negative) / scored, as a whole percentage half up and never below 0."""
    if totals.scored_jobs == 0 or totals.scored_weight <= 0:
        return None
    share = (totals.success_weight - totals.negative_weight) / totals.scored_weight
    percent = (share * _HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(int(percent), 0)


def _window_label(totals: JssWindowTotals, score: int | None) -> str:
    jobs = plural(totals.scored_jobs, "rated job")
    if score is None:
        return f"Last {totals.months} months: no rated jobs to estimate from (estimate)."
    return f"Last {totals.months} months: estimated {score}% from {jobs} (estimate)."


def _empty_window(months: int, today: date) -> JssWindowTotals:
    zero = Decimal(0)
    return JssWindowTotals(months, window_start(today, months), 0, 0, 0, 0, zero, zero, zero)


def estimate_jss(windows: tuple[JssWindowTotals, ...], today: date) -> JssEstimate:
    """The best of the 6, 12 and 24-month windows, once the minimum history is there."""
    by_months = {totals.months: totals for totals in windows}
    ordered = tuple(by_months.get(m) or _empty_window(m, today) for m in JSS_WINDOW_MONTHS)
    shown = tuple(
        JssWindow(
            months=totals.months,
            starts_on=totals.starts_on,
            jobs=totals.jobs,
            clients=totals.clients,
            scored_jobs=totals.scored_jobs,
            unscored_jobs=totals.unscored_jobs,
            score=window_score(totals),
            label=_window_label(totals, window_score(totals)),
        )
        for totals in ordered
    )
    history = by_months.get(HISTORY_MONTHS) or _empty_window(HISTORY_MONTHS, today)
    if history.jobs < MIN_JOBS or history.clients < MIN_CLIENTS:
        return JssEstimate(
            status=JssStatus.NOT_ENOUGH_HISTORY,
            score=None,
            best_window=None,
            windows=shown,
            summary=(
                "Not enough history for a Job Success Score estimate: it takes 2 jobs with 2 "
                f"different clients ended in the last 24 months (you have {history.jobs} with "
                f"{history.clients}). This is an estimate of Upwork's rule."
            ),
        )
    scored = [window for window in shown if window.score is not None]
    if not scored:
        return JssEstimate(
            status=JssStatus.NO_RATED_JOBS,
            score=None,
            best_window=None,
            windows=shown,
            summary=(
                "No rated jobs in the last 24 months to estimate a Job Success Score from: "
                "log each job's rating when it ends (estimate)."
            ),
        )
    # Ties go to the shorter window, the one Upwork would list first.
    best = max(scored, key=lambda window: (window.score or 0, -window.months))
    return JssEstimate(
        status=JssStatus.ESTIMATED,
        score=best.score,
        best_window=best,
        windows=shown,
        summary=(
            f"Estimated Job Success Score: {best.score}%, the best of your 6, 12 and 24-month "
            f"windows (the {best.months}-month one). An estimate: Upwork does not publish its "
            "formula."
        ),
    )


def top_rated_checklist(
    jss: JssEstimate,
    earned_last_12_months: Decimal,
    currency: str,
    first_contract_on: date | None,
    today: date,
) -> TopRatedChecklist:
    """Top Rated's three requirements that the ledger can speak to."""
    if jss.score is None:
        score_check = TopRatedCheck(
            "Job Success Score of 90% or more",
            False,
            "No estimated score yet (estimate).",
        )
    else:
        score_check = TopRatedCheck(
            "Job Success Score of 90% or more",
            jss.score >= TOP_RATED_SCORE,
            f"Estimated {jss.score}% (estimate).",
        )

    threshold = format_money(TOP_RATED_EARNINGS, TOP_RATED_EARNINGS_CURRENCY, trim_zero_cents=True)
    earned = format_money(earned_last_12_months, currency)
    if currency == TOP_RATED_EARNINGS_CURRENCY:
        earnings_check = TopRatedCheck(
            f"{threshold} or more earned in the last 12 months",
            earned_last_12_months >= TOP_RATED_EARNINGS,
            f"{earned} billed in the last 12 months.",
        )
    else:
        earnings_check = TopRatedCheck(
            f"{threshold} or more earned in the last 12 months",
            None,
            f"{earned} billed in the last 12 months; Upwork's threshold is in US dollars.",
        )

    if first_contract_on is None:
        first_check = TopRatedCheck(
            "First contract more than 90 days ago", False, "No contract logged yet."
        )
    else:
        days = (today - first_contract_on).days
        met = days > TOP_RATED_FIRST_CONTRACT_DAYS
        when = first_contract_on.isoformat()
        detail = (
            f"First contract on {when}, {days} days ago."
            if met
            else f"First contract on {when}; eligible from "
            f"{(first_contract_on + timedelta(days=TOP_RATED_FIRST_CONTRACT_DAYS + 1)).isoformat()}."
        )
        first_check = TopRatedCheck("First contract more than 90 days ago", met, detail)

    checks = (score_check, earnings_check, first_check)
    if any(check.met is False for check in checks):
        eligible: bool | None = False
        summary = "Not yet on track for Top Rated by the checks Gigwise can make (estimate)."
    elif any(check.met is None for check in checks):
        eligible = None
        summary = "Gigwise can't check every Top Rated requirement from your ledger (estimate)."
    else:
        eligible = True
        summary = (
            "On track for Top Rated by the checks Gigwise can make (estimate); Upwork also wants "
            "90% or more for 13 of the last 16 weeks, a complete profile and no recent ToS issues."
        )
    return TopRatedChecklist(checks=checks, eligible=eligible, summary=summary)
