"""Views (buttons) that answer only the member who asked, and report errors like the tree does."""

from __future__ import annotations

from typing import Any

import discord

from commands.replies import NO_MENTIONS, member_message, report_failure


async def answer_only_the_owner(interaction: discord.Interaction, owner_id: int) -> bool:
    """Whether the member clicking is `owner_id`; anyone else is told so, privately."""
    if interaction.user.id == owner_id:
        return True
    await interaction.response.send_message(
        "Those buttons belong to the member who asked.",
        ephemeral=True,
        allowed_mentions=NO_MENTIONS,
    )
    return False


class MembersOwnView(discord.ui.View):
    """A view whose buttons only work for `owner_id`; anyone else is told so, privately."""

    def __init__(self, owner_id: int, *, timeout: float = 120) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await answer_only_the_owner(interaction, self.owner_id)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any], /
    ) -> None:
        await report_failure(interaction, error, member_message(error))
