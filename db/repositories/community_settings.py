"""Each server's community settings: warning expiry, moderator role, screened jobs channel."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from advisor.community.settings import (
    CommunitySettings,
    JobsAnswer,
    JobsGreen,
    check_expiry_months,
)
from db.models import CommunitySetting
from db.repositories._scope import Repository, UnitT, checked_snowflake
from db.units import Writes


def _settings(row: Any) -> CommunitySettings:
    return CommunitySettings(
        guild_id=row.guild_id,
        expiry_months=row.expiry_months,
        moderator_role_id=row.moderator_role_id,
        jobs_channel_id=row.jobs_channel_id,
        jobs_answer=JobsAnswer(row.jobs_answer),
        jobs_green=JobsGreen(row.jobs_green),
    )


class CommunitySettingsRepository(Repository[UnitT]):
    async def get(self, guild_id: int) -> CommunitySettings:
        """The server's settings, or the defaults if none were saved."""
        guild_id = checked_snowflake(guild_id, "guild id")
        row = await self.unit.first(
            select(CommunitySetting).where(CommunitySetting.guild_id == guild_id)
        )
        return CommunitySettings(guild_id) if row is None else _settings(row)

    async def save(
        self: CommunitySettingsRepository[Writes], settings: CommunitySettings
    ) -> CommunitySettings:
        row = {
            "guild_id": checked_snowflake(settings.guild_id, "guild id"),
            "expiry_months": check_expiry_months(settings.expiry_months),
            "moderator_role_id": settings.moderator_role_id,
            "jobs_channel_id": settings.jobs_channel_id,
            "jobs_answer": settings.jobs_answer.value,
            "jobs_green": settings.jobs_green.value,
        }
        await self.unit.run(self.unit.upsert(CommunitySetting, row, ["guild_id"]))
        return await self.get(settings.guild_id)

    async def jobs_channels(self) -> dict[int, CommunitySettings]:
        """Every server's jobs channel, by channel id: what a message is checked against."""
        rows = await self.unit.rows(
            select(CommunitySetting).where(CommunitySetting.jobs_channel_id.is_not(None))
        )
        return {row.jobs_channel_id: _settings(row) for row in rows}
