"""The review window clients see, what a next review does to it, and what a review is worth."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.errors import InputError
from advisor.momentum import (
    REVIEW_WINDOW_SIZE,
    RatedJob,
    ReviewWindow,
    at_stake,
    review_window,
    what_if,
)

D = Decimal
DAY_ONE = date(2025, 1, 1)


def jobs_newest_first(*ratings: str) -> tuple[RatedJob, ...]:
    """Rated jobs given oldest first, returned newest first as the database hands them over."""
    jobs = [
        RatedJob(n, DAY_ONE + timedelta(days=n), D(rating), f"Client {n}", None)
        for n, rating in enumerate(ratings, start=1)
    ]
    return tuple(reversed(jobs))


def seed_window(further_fives: int) -> ReviewWindow:
    """Ten 5-star jobs, then a 2.5-star review, then `further_fives` more 5-star reviews."""
    return review_window(jobs_newest_first(*["5"] * 10, "2.5", *["5"] * further_fives))


def test_seed_bad_review_brings_the_window_to_4_75() -> None:
    assert seed_window(0).average == D("4.75")


def test_seed_bad_review_leaves_after_10_more_reviews() -> None:
    [low] = seed_window(0).low_reviews
    assert (low.rating, low.position, low.leaves_after) == (D("2.5"), 0, 10)


@pytest.mark.parametrize(("further_fives", "leaves_after"), [(k, 10 - k) for k in range(10)])
def test_each_further_five_star_review_brings_the_bad_one_closer_to_leaving(
    further_fives: int, leaves_after: int
) -> None:
    [low] = seed_window(further_fives).low_reviews
    assert low.leaves_after == leaves_after


def test_bad_review_is_gone_after_10_further_reviews() -> None:
    window = seed_window(10)
    assert (window.low_reviews, window.average) == ((), D("5.00"))


def test_window_holds_the_10_most_recent_reviews_in_the_order_given() -> None:
    jobs = jobs_newest_first(*[str(n % 5 + 1) for n in range(15)])
    window = review_window(jobs)
    assert [review.job for review in window.reviews] == list(jobs[:REVIEW_WINDOW_SIZE])
    assert [review.position for review in window.reviews] == list(range(10))


@pytest.mark.parametrize(
    ("ratings", "average"),
    [
        (["5"], "5.00"),
        (["4", "4.01"], "4.01"),  # 4.005 rounds half up
        (["4.5", "4", "4"], "4.17"),
        (["4.99", "5", "5"], "5.00"),
        (["1", "5"], "3.00"),
        (["4.85"] * 10, "4.85"),
    ],
)
def test_average_is_rounded_half_up_to_two_decimals(ratings: list[str], average: str) -> None:
    assert review_window(jobs_newest_first(*ratings)).average == D(average)


def test_no_reviews_means_no_average() -> None:
    window = review_window(())
    assert (window.reviews, window.average, window.low_reviews) == ((), None, ())


@pytest.mark.parametrize(("rating", "low"), [("4.49", True), ("4.5", False), ("1", True)])
def test_low_reviews_are_those_under_4_5_stars(rating: str, low: bool) -> None:
    window = review_window(jobs_newest_first("5", rating, "5"))
    assert [review.rating for review in window.low_reviews] == ([D(rating)] if low else [])


def test_reviews_in_a_window_not_yet_full_still_leave_after_10_minus_position() -> None:
    window = review_window(jobs_newest_first("2", "5", "5"))
    assert [review.leaves_after for review in window.reviews] == [10, 9, 8]


@pytest.mark.parametrize(
    ("ratings", "stars", "after", "change"),
    [
        (["5"] * 10, "2.5", "4.75", "-0.25"),
        (["5"] * 10, "5", "5.00", "0.00"),
        (["2.5"] + ["5"] * 9, "5", "5.00", "0.25"),  # the 2.5 is the oldest and leaves
        (["5"] * 9 + ["2.5"], "5", "4.75", "0.00"),  # a 5 leaves, the 2.5 stays
        (["5", "5"], "2", "4.00", "-1.00"),
    ],
)
def test_what_if_gives_the_window_average_after_a_next_review(
    ratings: list[str], stars: str, after: str, change: str
) -> None:
    window = review_window(jobs_newest_first(*ratings))
    outcome = what_if(window, D(stars), at_stake(0, D(0), "USD"))
    assert (outcome.average_after, outcome.change) == (D(after), D(change))


def test_what_if_names_the_review_a_full_window_pushes_out() -> None:
    window = review_window(jobs_newest_first("1.5", *["5"] * 9))
    outcome = what_if(window, D(5), at_stake(0, D(0), "USD"))
    assert outcome.pushed_out is not None
    assert outcome.pushed_out.rating == D("1.5")
    assert outcome.after.low_reviews == ()


def test_what_if_on_an_empty_window_has_no_change() -> None:
    outcome = what_if(review_window(()), D("4.5"), at_stake(0, D(0), "USD"))
    assert (outcome.average_before, outcome.average_after, outcome.change) == (
        None,
        D("4.50"),
        None,
    )
    assert outcome.pushed_out is None


@pytest.mark.parametrize("stars", ["0.5", "5.01", "4.555", "0"])
def test_what_if_refuses_stars_outside_1_to_5(stars: str) -> None:
    with pytest.raises(InputError, match=r"rating from 1\.00 to 5\.00"):
        seed_window(0).after(D(stars))


def test_what_if_refuses_a_float() -> None:
    with pytest.raises(TypeError):
        seed_window(0).after(4.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("jobs", "billed", "average", "stake"),
    [
        (10, "10000", "1000.00", "10000.00"),  # the seed's $1,000 average job
        (3, "1000", "333.33", "3333.30"),
        (2, "0.05", "0.03", "0.30"),  # half a cent rounds up
        (1, "15000", "15000.00", "150000.00"),
    ],
)
def test_at_stake_is_ten_times_the_average_job_size(
    jobs: int, billed: str, average: str, stake: str
) -> None:
    result = at_stake(jobs, D(billed), "USD")
    assert (result.average_job_size, result.at_stake) == (D(average), D(stake))


def test_nothing_is_at_stake_before_the_first_billed_job() -> None:
    result = at_stake(0, D(0), "USD")
    assert (result.average_job_size, result.at_stake) == (None, None)


def test_at_stake_refuses_float_money() -> None:
    with pytest.raises(TypeError):
        at_stake(3, 1000.0, "USD")  # type: ignore[arg-type]


def test_rated_job_refuses_a_float_rating() -> None:
    with pytest.raises(TypeError):
        RatedJob(1, DAY_ONE, 4.5, "Acme", None)  # type: ignore[arg-type]


ratings = st.integers(min_value=100, max_value=500).map(lambda n: D(n).scaleb(-2))


@given(st.lists(ratings, max_size=40))
def test_window_never_holds_more_than_10_reviews(history: list[Decimal]) -> None:
    window = review_window(jobs_newest_first(*map(str, history)))
    assert len(window.reviews) == min(len(history), REVIEW_WINDOW_SIZE)


@given(st.lists(ratings, min_size=1, max_size=40))
def test_adding_a_five_star_review_never_lowers_the_average(history: list[Decimal]) -> None:
    window = review_window(jobs_newest_first(*map(str, history)))
    after = window.after(D(5))
    assert window.average is not None
    assert after.average is not None
    assert after.average >= window.average


@given(st.lists(ratings, max_size=20), ratings)
def test_a_new_review_brings_every_kept_review_one_step_closer_to_leaving(
    history: list[Decimal], stars: Decimal
) -> None:
    window = review_window(jobs_newest_first(*map(str, history)))
    after = window.after(stars)
    kept = {review.job: review.leaves_after for review in after.reviews[1:]}
    for review in window.reviews:
        if review.job in kept:
            assert kept[review.job] == review.leaves_after - 1
        else:
            assert review.leaves_after == 1
