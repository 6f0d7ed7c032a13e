"""The review window: the ten most recent reviews a client sees, and what one more review does.

From the seed (#2): "When a client looks at your profile, they see your 10 most-recent reviews."
A bad review stays in that window until ten more jobs are done, so every review under
`LOW_RATING` carries how many more reviews it takes to push it out. What is at stake is the
seed's arithmetic: a review is worth at least ten times a job, so ten jobs at the member's
average job size.

The window is ordered by the day a job ended, latest first; jobs that ended on the same day keep
the order they were logged in (the later-logged one is the more recent review).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from advisor.ledger import check_rating
from advisor.momentum.inputs import REVIEW_WINDOW_SIZE, RatedJob, require_count, require_decimal
from advisor.money import cents

# Reviews below this drag the window down; the seed's example is a 2.5 among 5s.
LOW_RATING = Decimal("4.5")
# The seed: "a review is worth AT LEAST 10x" the job's earnings.
REVIEW_WORTH_IN_JOBS = 10
_TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class WindowReview:
    """A review in the window. `position` 0 is the newest; `leaves_after` is how many more
    reviews push it out of the window (10 for the newest, 1 for the oldest of a full window)."""

    job: RatedJob
    position: int
    leaves_after: int

    @property
    def rating(self) -> Decimal:
        return self.job.rating

    @property
    def low(self) -> bool:
        """A review under 4.5 stars, which drags the window down until it leaves."""
        return self.job.rating < LOW_RATING


@dataclass(frozen=True, slots=True)
class ReviewWindow:
    """The reviews clients see, newest first, and their average to two decimals (None: none)."""

    reviews: tuple[WindowReview, ...]
    average: Decimal | None

    @property
    def low_reviews(self) -> tuple[WindowReview, ...]:
        """The reviews under 4.5 stars, each with how many more reviews push it out."""
        return tuple(review for review in self.reviews if review.low)

    @property
    def full(self) -> bool:
        return len(self.reviews) == REVIEW_WINDOW_SIZE

    def after(self, stars: Decimal, ended_on: date | None = None) -> ReviewWindow:
        """The window after one more review of `stars` (1.00 to 5.00).

        The new review takes position 0 and the oldest drops out when the window is full.
        `ended_on` dates the hypothetical job (default: the newest review's day).
        """
        rating = check_stars(stars)
        day = ended_on or (self.reviews[0].job.ended_on if self.reviews else date.min)
        job = RatedJob(contract_id=0, ended_on=day, rating=rating, client_name="", title=None)
        return review_window((job, *(review.job for review in self.reviews)))


@dataclass(frozen=True, slots=True)
class AtStake:
    """The seed's arithmetic: a review decides the next ten jobs, so it is worth ten times the
    member's average job size. None when no job has been billed yet."""

    jobs: int
    average_job_size: Decimal | None
    at_stake: Decimal | None
    currency: str


@dataclass(frozen=True, slots=True)
class WhatIf:
    """The window after a next review of `stars`, against the window now.

    `pushed_out` is the review that would leave a full window. `change` is the new average minus
    the current one (None when there is no current average).
    """

    stars: Decimal
    before: ReviewWindow
    after: ReviewWindow
    average_before: Decimal | None
    average_after: Decimal
    change: Decimal | None
    pushed_out: WindowReview | None
    at_stake: AtStake


def check_stars(stars: Decimal) -> Decimal:
    """A what-if rating from 1.00 to 5.00 with at most two decimals; says how to type one."""
    rating = check_rating(require_decimal(stars, "stars"))
    if rating is None:
        raise TypeError("stars must be a Decimal, not None")
    return rating


def window_average(ratings: tuple[Decimal, ...]) -> Decimal | None:
    """The mean rating to two decimals, rounded half up; None for no ratings."""
    if not ratings:
        return None
    mean = sum(ratings, Decimal(0)) / len(ratings)
    return mean.quantize(_TWO_PLACES, rounding=ROUND_HALF_UP)


def review_window(latest_reviews: tuple[RatedJob, ...]) -> ReviewWindow:
    """The window from the most recent rated jobs, given newest first (extra ones are ignored)."""
    for job in latest_reviews:
        if not isinstance(job, RatedJob):
            raise TypeError(f"reviews must be RatedJob, not {type(job).__name__}")
    shown = latest_reviews[:REVIEW_WINDOW_SIZE]
    reviews = tuple(
        WindowReview(job=job, position=position, leaves_after=REVIEW_WINDOW_SIZE - position)
        for position, job in enumerate(shown)
    )
    return ReviewWindow(reviews=reviews, average=window_average(tuple(j.rating for j in shown)))


def at_stake(jobs: int, lifetime_billed: Decimal, currency: str) -> AtStake:
    """Ten jobs at the member's average job size (lifetime billed over jobs billed)."""
    require_count(jobs, "jobs")
    require_decimal(lifetime_billed, "lifetime billed")
    if jobs == 0:
        return AtStake(jobs=0, average_job_size=None, at_stake=None, currency=currency)
    average = cents(lifetime_billed / jobs)
    return AtStake(
        jobs=jobs,
        average_job_size=average,
        at_stake=cents(average * REVIEW_WORTH_IN_JOBS),
        currency=currency,
    )


def what_if(window: ReviewWindow, stars: Decimal, stake: AtStake) -> WhatIf:
    """What a next review of `stars` would do to the window clients see."""
    rating = check_stars(stars)
    after = window.after(rating)
    average_after = after.average
    if average_after is None:
        raise AssertionError("a window holding the new review always has an average")
    return WhatIf(
        stars=rating,
        before=window,
        after=after,
        average_before=window.average,
        average_after=average_after,
        change=average_after - window.average if window.average is not None else None,
        pushed_out=window.reviews[-1] if window.full else None,
        at_stake=stake,
    )
