"""Client warnings: the reasons a member may give, what a warning must hold, when it expires, and
what other members are shown of it.

A warning is pending until a moderator approves it; only approved, unexpired warnings are ever
shown, and never who filed them: members see the client, the reasons, how many members warned
and when, and the details only where the reporter allowed it.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from advisor.community.names import client_key
from advisor.errors import InputError

MAX_DETAILS_LENGTH = 1000
DEFAULT_EXPIRY_MONTHS = 12
MAX_EXPIRY_MONTHS = 60


class UnknownReason(InputError):
    """A reason that is not on the list."""


class DetailsTooLong(InputError):
    """Details longer than a warning may hold."""


class SelfWarning(InputError):
    """A member warning about themselves."""


class DuplicateWarning(InputError):
    """A second warning by the same member about the same client."""


class UnknownClient(InputError):
    """No warning (or list entry) about the client named."""


class WarningReason(Enum):
    """Why a member warns about a client: a fixed list, so warnings compare and count."""

    NON_PAYMENT = "non-payment"
    SCOPE_CREEP = "scope creep"
    ABUSIVE = "abusive"
    FREE_WORK = "asked for free work"
    SCAM = "scam attempt"
    OFF_PLATFORM = "asked to move off the platform"
    OTHER = "other"


class WarningStatus(Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


REASON_LIST = ", ".join(reason.value for reason in WarningReason)
_SEPARATORS = re.compile(r"[,;/+]|\band\b")


def _reason_key(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.casefold())


_REASONS_BY_KEY = {_reason_key(reason.value): reason for reason in WarningReason} | {
    _reason_key(reason.name): reason for reason in WarningReason
}


def parse_reasons(text: str) -> tuple[WarningReason, ...]:
    """Reasons typed as a list, e.g. "non-payment, scope creep"; each once, in the list's order."""
    parts = [part for part in _SEPARATORS.split(text) if part.strip()]
    if not parts:
        raise UnknownReason(f"Give at least one reason: {REASON_LIST}.")
    chosen = set()
    for part in parts:
        reason = _REASONS_BY_KEY.get(_reason_key(part))
        if reason is None:
            shown = part.strip()[:40]
            raise UnknownReason(
                f"“{shown}” is not one of the reasons. Pick from: {REASON_LIST} "
                "(separate several with commas)."
            )
        chosen.add(reason)
    return tuple(reason for reason in WarningReason if reason in chosen)


def check_details(details: str) -> str:
    """The details as stored: trimmed, at most `MAX_DETAILS_LENGTH` characters."""
    details = details.strip()
    if not details:
        raise DetailsTooLong("Say in a sentence or two what happened with this client.")
    if len(details) > MAX_DETAILS_LENGTH:
        raise DetailsTooLong(
            f"Keep the details to {MAX_DETAILS_LENGTH} characters (you wrote {len(details)}): "
            "what happened, when, and what it cost you is enough."
        )
    return details


def check_not_self(client_name: str, own_names: Iterable[str]) -> None:
    """Refuse a warning whose client is the member themselves (by any of their names)."""
    key = client_key(client_name)
    if any(key and key == client_key(name) for name in own_names if name):
        raise SelfWarning("That is your own name: a warning is about a client, not about you.")


def expires_on(filed_on: date, months: int) -> date:
    """The day a warning filed on `filed_on` stops being shown, `months` later."""
    month_index = filed_on.month - 1 + months
    year, month = filed_on.year + month_index // 12, month_index % 12 + 1
    day = min(filed_on.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def is_current(filed_on: date, today: date, months: int) -> bool:
    """Whether a warning filed on `filed_on` is still shown on `today`."""
    return today < expires_on(filed_on, months)


@dataclass(frozen=True)
class ClientWarning:
    """One member's warning about one client in one server, without who filed it."""

    id: int
    guild_id: int
    client_name: str
    client_key: str
    profile_link: str | None
    reasons: tuple[WarningReason, ...]
    details: str | None
    share_details: bool
    status: WarningStatus
    filed_on: date


@dataclass(frozen=True)
class WarningSummary:
    """What members are shown about a client: reasons with how many gave each, how many
    members warned, the span of dates, and the details their writers allowed to be shown."""

    client_name: str
    client_key: str
    reasons: tuple[tuple[WarningReason, int], ...]
    members: int
    first_on: date
    last_on: date
    details: tuple[str, ...]


def summarise(
    warnings: Sequence[ClientWarning], today: date, expiry_months: int
) -> list[WarningSummary]:
    """Approved, unexpired warnings grouped by client, most warned first.

    Pending and rejected warnings are dropped here too, whatever the caller passed.
    """
    groups: dict[str, list[ClientWarning]] = {}
    for warning in warnings:
        if warning.status is not WarningStatus.APPROVED:
            continue
        if not is_current(warning.filed_on, today, expiry_months):
            continue
        groups.setdefault(warning.client_key, []).append(warning)
    summaries = []
    for key, group in groups.items():
        counts = Counter(reason for warning in group for reason in warning.reasons)
        newest = max(group, key=lambda warning: (warning.filed_on, warning.id))
        summaries.append(
            WarningSummary(
                client_name=newest.client_name,
                client_key=key,
                reasons=tuple((r, counts[r]) for r in WarningReason if counts[r]),
                members=len(group),
                first_on=min(warning.filed_on for warning in group),
                last_on=newest.filed_on,
                details=tuple(
                    warning.details
                    for warning in sorted(group, key=lambda w: w.filed_on, reverse=True)
                    if warning.share_details and warning.details
                ),
            )
        )
    return sorted(summaries, key=lambda summary: (-summary.members, summary.client_key))


MAX_NOTE_LENGTH = 200


@dataclass(frozen=True)
class NeverAgainEntry:
    """A client on a member's own "never again" list, which only they see."""

    id: int
    client_name: str
    client_key: str
    note: str | None
    added_on: date


def check_note(note: str | None) -> str | None:
    """A never-again note as stored: trimmed, at most `MAX_NOTE_LENGTH` characters."""
    if note is None or not note.strip():
        return None
    note = note.strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise DetailsTooLong(f"Keep the note to {MAX_NOTE_LENGTH} characters.")
    return note


@dataclass(frozen=True)
class WarningForModerators:
    """A warning as a server's moderators review it: with who filed it (None once forgotten)."""

    warning: ClientWarning
    reporter_id: int | None


class ModerationKind(Enum):
    APPROVED = "approved"
    REJECTED = "rejected"
    DELETED = "deleted"
    WITHDRAWN = "withdrawn"
    SETTINGS = "settings"


@dataclass(frozen=True)
class ModerationEntry:
    """One line of a server's moderation log."""

    id: int
    moderator_id: int | None
    action: ModerationKind
    warning_id: int | None
    client_name: str | None
    acted_on: date
