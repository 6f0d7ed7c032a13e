"""Overdue own actions with the seed's advice, and invites per week."""

from datetime import date, timedelta
from itertools import pairwise

import pytest

from advisor.momentum import (
    ADVICE,
    INVITE_WEEKS,
    EventKind,
    LastDone,
    OwnAction,
    Signal,
    SignalCount,
    SignalHistory,
    invites_per_week,
    own_actions,
)

TODAY = date(2025, 6, 30)


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def action(kind: EventKind, last_done: list[LastDone]) -> OwnAction:
    [found] = [item for item in own_actions(last_done, TODAY) if item.kind is kind]
    return found


def test_actions_never_logged_are_overdue() -> None:
    actions = own_actions([], TODAY)
    assert {item.kind for item in actions} == {
        EventKind.PROPOSAL,
        EventKind.PROFILE_UPDATE,
        EventKind.PORTFOLIO,
    }
    assert all(item.overdue and item.days_since is None for item in actions)


@pytest.mark.parametrize(
    ("kind", "days", "overdue"),
    [
        (EventKind.PROPOSAL, 7, False),
        (EventKind.PROPOSAL, 8, True),
        (EventKind.PROFILE_UPDATE, 30, False),
        (EventKind.PROFILE_UPDATE, 31, True),
        (EventKind.PORTFOLIO, 60, False),
        (EventKind.PORTFOLIO, 61, True),
        (EventKind.PROPOSAL, 0, False),
    ],
)
def test_action_is_overdue_once_past_its_interval(
    kind: EventKind, days: int, overdue: bool
) -> None:
    found = action(kind, [LastDone(kind, days_ago(days))])
    assert (found.days_since, found.overdue) == (days, overdue)


def test_latest_day_of_a_kind_counts() -> None:
    found = action(
        EventKind.PROPOSAL,
        [LastDone(EventKind.PROPOSAL, days_ago(20)), LastDone(EventKind.PROPOSAL, days_ago(2))],
    )
    assert (found.last_done_on, found.days_since) == (days_ago(2), 2)


def test_a_day_after_today_counts_as_today() -> None:
    found = action(EventKind.PROPOSAL, [LastDone(EventKind.PROPOSAL, TODAY + timedelta(days=1))])
    assert (found.days_since, found.overdue) == (0, False)


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (EventKind.PROPOSAL, "Send proposals regularly"),
        (EventKind.PROFILE_UPDATE, "skill tags"),
        (EventKind.PORTFOLIO, "superstar-quality"),
    ],
)
def test_each_action_carries_the_seeds_advice(kind: EventKind, words: str) -> None:
    assert words in action(kind, []).advice
    assert action(kind, []).advice == ADVICE[kind]


def test_most_overdue_comes_first() -> None:
    actions = own_actions(
        [
            LastDone(EventKind.PROPOSAL, days_ago(14)),  # twice its interval
            LastDone(EventKind.PROFILE_UPDATE, days_ago(3)),
        ],
        TODAY,
    )
    assert [item.kind for item in actions] == [
        EventKind.PORTFOLIO,
        EventKind.PROPOSAL,
        EventKind.PROFILE_UPDATE,
    ]


def invites(days: int, count: int = 1) -> SignalCount:
    return SignalCount(days_ago(days), Signal.INVITE, count)


def test_invites_come_in_eight_weeks_oldest_first_the_last_ending_today() -> None:
    weeks = invites_per_week(SignalHistory.from_counts(TODAY, []), TODAY)
    assert len(weeks) == INVITE_WEEKS
    assert (weeks[-1].starts_on, weeks[-1].ends_on) == (days_ago(6), TODAY)
    assert (weeks[0].starts_on, weeks[0].ends_on) == (days_ago(55), days_ago(49))
    assert all(later.starts_on > earlier.ends_on for earlier, later in pairwise(weeks))


@pytest.mark.parametrize(
    ("days", "week"),
    [(0, 7), (6, 7), (7, 6), (13, 6), (49, 0), (55, 0)],
)
def test_invites_fall_in_the_week_they_arrived(days: int, week: int) -> None:
    weeks = invites_per_week(SignalHistory.from_counts(TODAY, [invites(days, 3)]), TODAY)
    assert [w.invites for w in weeks] == [3 if i == week else 0 for i in range(INVITE_WEEKS)]


@pytest.mark.parametrize("days", [56, -1])
def test_invites_outside_the_eight_weeks_are_left_out(days: int) -> None:
    weeks = invites_per_week(SignalHistory.from_counts(TODAY, [invites(days)]), TODAY)
    assert sum(week.invites for week in weeks) == 0


def test_only_invites_are_counted_per_week() -> None:
    signals = [SignalCount(TODAY, Signal.PROPOSAL, 4), invites(1, 2)]
    weeks = invites_per_week(SignalHistory.from_counts(TODAY, signals), TODAY)
    assert weeks[-1].invites == 2
