"""The member's own actions that the ledger cannot see, logged with `/log`: invites received,
proposals sent, profile updates, portfolio work added and responses to client feedback.

The seed names these as what a freelancer controls (profile, portfolio, proposals, feedback
responses) and what shows that ranking works (invites). This module holds their vocabulary and
the rules for a logged event; the database stores them and returns `MemberEventRecord`s.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from advisor.errors import InputError
from advisor.ledger import clean_text

# A day's worth of proposals or invites is far below this; more is a typo.
MAX_EVENT_COUNT = 1000
MAX_EVENT_NOTE_LENGTH = 200


class EventKind(StrEnum):
    """What the member did (or received), in the words `/log` offers."""

    INVITE = "invite"
    PROPOSAL = "proposal"
    PROFILE_UPDATE = "profile_update"
    PORTFOLIO = "portfolio"
    FEEDBACK_RESPONSE = "feedback_response"

    @property
    def label(self) -> str:
        """How the kind reads in a sentence: `profile update`."""
        return _LABELS[self]


_LABELS = {
    EventKind.INVITE: "invite",
    EventKind.PROPOSAL: "proposal",
    EventKind.PROFILE_UPDATE: "profile update",
    EventKind.PORTFOLIO: "portfolio work",
    EventKind.FEEDBACK_RESPONSE: "feedback response",
}


class EventError(InputError):
    """A logged event that cannot be recorded as given."""


def parse_event_kind(text: str | EventKind) -> EventKind:
    """Read a kind as typed (`profile update`, `Profile-Update`, `profile_update`)."""
    if isinstance(text, EventKind):
        return text
    key = "_".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
    try:
        return EventKind(key)
    except ValueError:
        kinds = ", ".join(kind.label for kind in EventKind)
        raise EventError(f"Log one of: {kinds}.") from None


def check_event_count(count: int) -> int:
    """How many happened that day: a whole number from 1 to `MAX_EVENT_COUNT`."""
    if isinstance(count, bool) or not isinstance(count, int):
        raise TypeError(f"an event count must be an int, not {type(count).__name__}")
    if count < 1:
        raise EventError("Log at least 1: type how many happened that day.")
    if count > MAX_EVENT_COUNT:
        raise EventError(f"Log at most {MAX_EVENT_COUNT:,} at once: type the count for one day.")
    return count


def check_event_day(occurred_on: date) -> date:
    """The day it happened, as a date (a datetime is a bug in the caller, not a user error)."""
    if isinstance(occurred_on, datetime) or not isinstance(occurred_on, date):
        raise TypeError(f"occurred_on must be a date, not {type(occurred_on).__name__}")
    return occurred_on


def clean_event_note(note: str | None) -> str | None:
    """A short note tidied for display; an empty note means none."""
    if note is None:
        return None
    cleaned = clean_text(note)
    if len(cleaned) > MAX_EVENT_NOTE_LENGTH:
        raise EventError(f"Keep the note to {MAX_EVENT_NOTE_LENGTH} characters.")
    return cleaned or None


@dataclass(frozen=True, slots=True)
class MemberEventRecord:
    """One logged event: `count` of `kind` on `occurred_on`."""

    id: int
    member_id: int
    kind: EventKind
    count: int
    occurred_on: date
    note: str | None
    idempotency_key: str


@dataclass(frozen=True, slots=True)
class EventLogResult:
    """The outcome of logging an event; `replayed` means the key was already used and `event`
    is the first one logged under it (nothing was added)."""

    event: MemberEventRecord
    replayed: bool
