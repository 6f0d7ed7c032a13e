"""The /forget-me command and its confirmation buttons."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from advisor.wording import human_join, plural
from commands.answering import answer, update
from commands.embeds import BAD, NEUTRAL
from commands.views import MembersOwnView
from db.database import Database
from db.repositories.members import MemberRepository


def _deleted_text(deleted: dict[str, int]) -> str:
    counts = human_join(
        [
            plural(deleted.get("billings", 0), "billing"),
            plural(deleted.get("contracts", 0), "contract"),
            plural(deleted.get("clients", 0), "client"),
            plural(deleted.get("events", 0), "logged event"),
        ]
    )
    return f"Deleted {counts}. Gigwise keeps nothing more about you."


class ForgetMeView(MembersOwnView):
    """Confirm or cancel; either way the buttons go away so nothing is clicked twice."""

    def __init__(self, database: Database, owner_id: int) -> None:
        super().__init__(owner_id)
        self.database = database

    @discord.ui.button(label="Delete everything", style=discord.ButtonStyle.danger)
    async def confirm(
        self, interaction: discord.Interaction, button: discord.ui.Button[ForgetMeView]
    ) -> None:
        async with self.database.bulk_write() as writes:
            deleted = await MemberRepository(writes).forget_member(interaction.user.id)
        self.stop()
        embed = discord.Embed(
            title="Your records are gone", description=_deleted_text(deleted), colour=NEUTRAL
        )
        await update(interaction, embed=embed, view=None)

    @discord.ui.button(label="Keep my records", style=discord.ButtonStyle.secondary)
    async def cancel(
        self, interaction: discord.Interaction, button: discord.ui.Button[ForgetMeView]
    ) -> None:
        self.stop()
        embed = discord.Embed(title="Nothing was deleted", colour=NEUTRAL)
        await update(interaction, embed=embed, view=None)


class PrivacyCog(commands.Cog):
    """A member's right to be forgotten."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @app_commands.command(
        name="forget-me",
        description="Delete every record Gigwise keeps about you (asks first).",
        extras={"example": "/forget-me"},
    )
    async def forget_me(self, interaction: discord.Interaction) -> None:
        embed = discord.Embed(
            title="Delete all your Gigwise records?",
            description=(
                "Every client, contract, billing and event you logged or imported will be deleted "
                "for good. "
                "`/export` first if you want a copy."
            ),
            colour=BAD,
        )
        await answer(
            interaction,
            embed=embed,
            view=ForgetMeView(self.database, interaction.user.id),
            ephemeral=True,
        )
