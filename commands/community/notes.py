"""What /contract start and /contract add say about a client new to the member: the server's
approved warnings about it, and the member's own never-again entry. Said privately, after the
contract's own reply, so that logging work is never held up or changed by it."""

from __future__ import annotations

import discord

from commands.community._memory import memory_of
from commands.community._render import new_client_embed
from commands.services import today


async def warnings_for_new_client(
    interaction: discord.Interaction, client: str
) -> discord.Embed | None:
    """The note to add for `client`, or None: asked before the contract is written, since only
    then can a client be told apart as new."""
    memory = memory_of(interaction.client)
    summary, entry = await memory.about_new_client(
        interaction.guild_id, interaction.user.id, client, today(interaction)
    )
    if summary is None and entry is None:
        return None
    return new_client_embed(summary, entry)


async def mention_warnings(interaction: discord.Interaction, note: discord.Embed | None) -> None:
    if note is not None:
        await interaction.followup.send(embed=note, ephemeral=True)
