"""Member scoping shared by the repositories: checking the id and making sure the member exists."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Member
from db.repositories._statements import insert_or_ignore

# Discord snowflakes are positive 64-bit integers.
_MAX_SNOWFLAKE = 2**63 - 1


def checked_snowflake(discord_id: int, what: str = "member id") -> int:
    """A Discord id as an int; anything else is a bug in the caller, not a user error."""
    if isinstance(discord_id, bool) or not isinstance(discord_id, int):
        raise TypeError(f"{what} must be an int, not {type(discord_id).__name__}")
    if not 0 < discord_id <= _MAX_SNOWFLAKE:
        raise ValueError(f"{what} must be a Discord id, got {discord_id}")
    return discord_id


async def ensure_member(session: AsyncSession, member_id: int) -> int:
    """Create the member's row if this is the first thing they store; return the id."""
    checked = checked_snowflake(member_id)
    await session.execute(insert_or_ignore(session, Member, {"id": checked}, ["id"]))
    return checked
