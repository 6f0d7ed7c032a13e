"""Reading the days members type."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.days import DayError, parse_day

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-11-28", TODAY),
        ("2025-01-31", date(2025, 1, 31)),
        ("today", TODAY),
        (" Today ", TODAY),
        ("yesterday", date(2026, 11, 27)),
        ("3 days ago", date(2026, 11, 25)),
        ("1 day ago", date(2026, 11, 27)),
        ("2000-01-01", date(2000, 1, 1)),
    ],
)
def test_reads_a_day(typed: str, expected: date) -> None:
    assert parse_day(typed, TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "No date"),
        ("tomorrow", "can't be read"),
        ("2026-11-29", "future"),
        ("1999-12-31", "too long ago"),
        ("2026-02-30", "can't be read"),
        ("28/11/2026", "can't be read"),
        ("9999 days ago", "too long ago"),
    ],
)
def test_refuses_a_day_with_a_reason(typed: str, message: str) -> None:
    with pytest.raises(DayError, match=message):
        parse_day(typed, TODAY)


@given(st.dates(min_value=date(2000, 1, 1), max_value=TODAY))
def test_iso_round_trip(day: date) -> None:
    assert parse_day(day.isoformat(), TODAY) == day


@given(st.integers(min_value=0, max_value=9000))
def test_days_ago_counts_back_from_today(days: int) -> None:
    assert parse_day(f"{days} days ago", TODAY) == TODAY - timedelta(days=days)


@given(st.text(max_size=30))
def test_any_text_is_a_day_or_a_day_error(text: str) -> None:
    try:
        day = parse_day(text, TODAY)
    except DayError:
        return
    assert date(2000, 1, 1) <= day <= TODAY


def test_a_future_day_is_read_where_a_period_may_still_be_running() -> None:
    assert parse_day("2027-04-05", TODAY, future=True) == date(2027, 4, 5)
    with pytest.raises(DayError, match="future"):
        parse_day("2027-04-05", TODAY)
