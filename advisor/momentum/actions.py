"""What is in the member's own hands: actions that are overdue, and invites week by week.

The seed (#3) lists what a freelancer can do to rank higher while waiting for the next job. Three
of them are worth a reminder when they lapse; how often each is due is Gigwise's reading of the
seed's "regularly" (the seed gives no numbers):

- sending proposals: every `PROPOSAL_DUE_DAYS` days (weekly);
- updating the profile and re-checking its skill tags: every `PROFILE_DUE_DAYS` days (monthly);
- adding portfolio work: every `PORTFOLIO_DUE_DAYS` days (every two months, since superstar-quality
  work takes longer to finish than a profile edit).

An action never logged is overdue. Invites are the sign that ranking works (the seed's #5), so the
report counts them for each of the last `INVITE_WEEKS` weeks, the last week ending today.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from advisor.momentum.events import EventKind
from advisor.momentum.inputs import LastDone, Signal, SignalHistory

PROPOSAL_DUE_DAYS = 7
PROFILE_DUE_DAYS = 30
PORTFOLIO_DUE_DAYS = 60
INVITE_WEEKS = 8

DUE_EVERY_DAYS: Mapping[EventKind, int] = MappingProxyType(
    {
        EventKind.PROPOSAL: PROPOSAL_DUE_DAYS,
        EventKind.PROFILE_UPDATE: PROFILE_DUE_DAYS,
        EventKind.PORTFOLIO: PORTFOLIO_DUE_DAYS,
    }
)

# The seed's own words for each action (#3).
ADVICE: Mapping[EventKind, str] = MappingProxyType(
    {
        EventKind.PROPOSAL: (
            "Send proposals regularly: steady proposals keep you in front of clients while you "
            "wait for invites."
        ),
        EventKind.PROFILE_UPDATE: (
            "Update your profile regularly, and re-check and adjust your profile skill tags."
        ),
        EventKind.PORTFOLIO: (
            "Upload new portfolio work that shows superstar-quality work, and tag it with job "
            "skill tags."
        ),
    }
)


@dataclass(frozen=True, slots=True)
class OwnAction:
    """One of the member's own actions: when it was last logged and whether it is overdue.

    `days_since` is None when it was never logged. `advice` is the seed's advice for it.
    """

    kind: EventKind
    last_done_on: date | None
    days_since: int | None
    due_every_days: int
    overdue: bool
    advice: str


@dataclass(frozen=True, slots=True)
class InviteWeek:
    """Invites logged from `starts_on` to `ends_on`, both included."""

    starts_on: date
    ends_on: date
    invites: int


def own_actions(last_done: Iterable[LastDone], today: date) -> tuple[OwnAction, ...]:
    """Each tracked action with its lapse, most overdue first (never done counts as most)."""
    latest: dict[EventKind, date] = {}
    for done in last_done:
        if done.kind in latest:
            latest[done.kind] = max(latest[done.kind], done.on)
        else:
            latest[done.kind] = done.on
    actions = []
    for kind, due in DUE_EVERY_DAYS.items():
        last = latest.get(kind)
        # A day logged after `today` (another time zone) counts as done today.
        days = max((today - last).days, 0) if last is not None else None
        actions.append(
            OwnAction(
                kind=kind,
                last_done_on=last,
                days_since=days,
                due_every_days=due,
                overdue=days is None or days > due,
                advice=ADVICE[kind],
            )
        )

    def lapse(action: OwnAction) -> float:
        if action.days_since is None:
            return float("inf")
        return action.days_since / action.due_every_days

    return tuple(sorted(actions, key=lapse, reverse=True))


def invites_per_week(history: SignalHistory, today: date) -> tuple[InviteWeek, ...]:
    """Invites in each of the last eight weeks, oldest first; the last week ends today."""
    invites = [0] * INVITE_WEEKS
    shift = (today - history.ends_on).days
    for back, count in enumerate(history.row(Signal.INVITE)):
        weeks_back = (back + shift) // 7
        if count and back + shift >= 0 and weeks_back < INVITE_WEEKS:
            invites[INVITE_WEEKS - 1 - weeks_back] += count
    return tuple(
        InviteWeek(
            starts_on=today - timedelta(days=7 * back + 6),
            ends_on=today - timedelta(days=7 * back),
            invites=invites[INVITE_WEEKS - 1 - back],
        )
        for back in range(INVITE_WEEKS - 1, -1, -1)
    )
