"""What every repository shares: the unit of work it runs on, checked member ids, and making
sure a member exists before their first record."""

from __future__ import annotations

from typing import Generic, TypeVar

from db.models import Member, starting_revision
from db.units import Reads, Writes, prepared_insert_or_ignore

# Discord snowflakes are positive 64-bit integers.
_MAX_SNOWFLAKE = 2**63 - 1

UnitT = TypeVar("UnitT", bound=Reads)


class Repository(Generic[UnitT]):
    """Reads and writes of one kind of record, on one unit of work.

    Built on a `Reads` it offers only its reading methods to the type checker: every method
    that changes anything declares `self: XRepository[Writes]`, so calling it inside
    `database.read()` is a type error.
    """

    def __init__(self, unit: UnitT) -> None:
        self.unit = unit


def checked_snowflake(discord_id: int, what: str = "member id") -> int:
    """A Discord id as an int; anything else is a bug in the caller, not a user error."""
    if isinstance(discord_id, bool) or not isinstance(discord_id, int):
        raise TypeError(f"{what} must be an int, not {type(discord_id).__name__}")
    if not 0 < discord_id <= _MAX_SNOWFLAKE:
        raise ValueError(f"{what} must be a Discord id, got {discord_id}")
    return discord_id


async def ensure_member(writes: Writes, member_id: int) -> int:
    """Create the member's row if this is the first thing they store; return the id."""
    checked = checked_snowflake(member_id)
    statement = prepared_insert_or_ignore(
        writes, Member, ("id", "revision"), ("id",), returning="id"
    )
    await writes.first(statement, {"id": checked, "revision": starting_revision()})
    return checked
