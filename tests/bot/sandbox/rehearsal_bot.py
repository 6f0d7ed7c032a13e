"""A tiny discord.py bot with one command of each kind, to exercise the sandbox Discord.

It is not Gigwise: it only has to use every interaction path (options, subcommand groups,
context menus, deferrals, follow-ups, modals, buttons, autocomplete, files) the way a real bot
does.
"""

from __future__ import annotations

import asyncio
import io
from typing import Any

import discord
from discord import app_commands

PLATFORMS = ["Fiverr", "Upwork", "Toptal", "Freelancer.com"]
REPORT = b"lifetime_billed,12000\n"


class RehearsalBot(discord.Client):
    def __init__(self, *, sync_guild_id: int | None = None, **options: Any) -> None:
        options.setdefault("intents", discord.Intents.default())
        options.setdefault("guild_ready_timeout", 0.05)
        super().__init__(**options)
        self.tree = app_commands.CommandTree(self)
        self.sync_guild_id = sync_guild_id
        # What /wait_release and /wait_release_later wait for before answering: set by a test, when it wants.
        self.released = asyncio.Event()
        add_commands(self.tree)

    async def setup_hook(self) -> None:
        await self.tree.sync()
        if self.sync_guild_id is not None:
            guild = discord.Object(id=self.sync_guild_id)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        # discord.py waits 5 s between IDENTIFYs to respect Discord's limit; the sandbox has none.
        return None


class ShardedRehearsalBot(discord.AutoShardedClient):
    def __init__(self, **options: Any) -> None:
        options.setdefault("intents", discord.Intents.default())
        options.setdefault("guild_ready_timeout", 0.05)
        super().__init__(**options)
        self.tree = app_commands.CommandTree(self)
        add_commands(self.tree)

    async def setup_hook(self) -> None:
        await self.tree.sync()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None


class Intake(discord.ui.Modal, title="New client"):
    client: discord.ui.TextInput[Intake] = discord.ui.TextInput(
        label="Client", placeholder="Acme Corp"
    )
    budget: discord.ui.TextInput[Intake] = discord.ui.TextInput(label="Budget", required=False)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        budget = self.budget.value or "unknown"
        await interaction.response.send_message(f"Saved {self.client.value} (budget {budget})")


class Offer(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=30)

    @discord.ui.button(label="Accept", custom_id="accept", style=discord.ButtonStyle.success)
    async def accept(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        await interaction.response.edit_message(content="Accepted by " + interaction.user.name)

    @discord.ui.button(label="Details", custom_id="details")
    async def details(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        await interaction.response.send_message("Net 30, 50% upfront", ephemeral=True)

    @discord.ui.button(label="Gone", custom_id="gone", disabled=True)
    async def gone(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await interaction.response.send_message("unreachable")


def add_commands(tree: app_commands.CommandTree[Any]) -> None:
    @tree.command(description="Quote a fee")
    @app_commands.describe(amount="What the client pays", platform="Where the job is")
    @app_commands.choices(
        platform=[
            app_commands.Choice(name="Fiverr", value="fiverr"),
            app_commands.Choice(name="Upwork", value="upwork"),
        ]
    )
    async def quote(
        interaction: discord.Interaction,
        amount: int,
        platform: app_commands.Choice[str] | None = None,
        rush: bool = False,
    ) -> None:
        where = platform.value if platform else "direct"
        embed = discord.Embed(title="Quote", description=f"{amount} on {where}")
        embed.add_field(name="Rush", value="yes" if rush else "no")
        embed.set_footer(text="Fees change; check the platform.")
        await interaction.response.send_message(f"**{amount}**", embed=embed)

    @tree.command(description="Who am I to the bot")
    async def whoami(interaction: discord.Interaction) -> None:
        permissions = interaction.permissions
        await interaction.response.send_message(
            f"{interaction.user.name} manage_guild={permissions.manage_guild} "
            f"locale={interaction.locale.value} guild={interaction.guild_id}",
            ephemeral=True,
        )

    @tree.command(description="Think, then answer")
    async def slow(interaction: discord.Interaction, secret: bool = False) -> None:
        await interaction.response.defer(thinking=True, ephemeral=secret)
        await interaction.edit_original_response(content="Done thinking")

    @tree.command(description="Think, then follow up")
    async def slowfollow(interaction: discord.Interaction) -> None:
        await interaction.response.defer()
        await interaction.followup.send("Filled by a follow-up")

    @tree.command(description="Answer, then follow up twice")
    async def chatty(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("first")
        await interaction.followup.send("second")
        await interaction.followup.send("third", ephemeral=True)

    @tree.command(description="Answer, read it back, edit a follow-up")
    async def tidy(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("answer")
        original = await interaction.original_response()
        draft = await interaction.followup.send(f"draft after {original.content}", wait=True)
        await draft.edit(content="final")
        await interaction.followup.send("done")

    @tree.command(description="Post in the channel, then answer")
    async def announce(interaction: discord.Interaction) -> None:
        assert isinstance(interaction.channel, discord.TextChannel)
        await interaction.channel.send("Heads up: rates change Monday")
        await interaction.response.send_message("Announced", ephemeral=True)

    @tree.command(description="Open the intake form")
    async def intake(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(Intake())

    @tree.command(description="Make an offer")
    async def offer(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Offer: 1200", view=Offer())

    @tree.command(description="Look up a platform")
    async def platform(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(f"Platform: {name}")

    @platform.autocomplete("name")
    async def platform_names(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=name, value=name.lower())
            for name in PLATFORMS
            if current.casefold() in name.casefold()
        ]

    @tree.command(description="Count a file's bytes")
    async def upload(interaction: discord.Interaction, file: discord.Attachment) -> None:
        content = await file.read()
        await interaction.response.send_message(f"{file.filename}: {len(content)} bytes")

    @tree.command(description="Send a report file")
    async def report(interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            "Your report", file=discord.File(io.BytesIO(REPORT), filename="report.txt")
        )

    @tree.command(description="Ping a member")
    async def poke(interaction: discord.Interaction, member: discord.User) -> None:
        await interaction.response.send_message(
            f"Poked {member.name}", allowed_mentions=discord.AllowedMentions.none()
        )

    @tree.command(description="Answer once released")
    async def wait_release(interaction: discord.Interaction) -> None:
        await interaction.client.released.wait()  # type: ignore[attr-defined]
        await interaction.response.send_message("Released")

    @tree.command(description="Think, then answer once released")
    async def wait_release_later(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.client.released.wait()  # type: ignore[attr-defined]
        await interaction.followup.send("Released later")

    @tree.command(description="Never answers")
    async def silent(interaction: discord.Interaction) -> None:
        return None

    @tree.command(description="List the commands")
    async def help(interaction: discord.Interaction) -> None:
        names = sorted(command.name for command in tree.get_commands())
        await interaction.response.send_message(" ".join(f"/{name}" for name in names))

    contract = app_commands.Group(name="contract", description="Your contracts")
    reminder = app_commands.Group(name="reminder", description="Reminders", parent=contract)

    @contract.command(name="add", description="Log a contract")
    async def contract_add(
        interaction: discord.Interaction, client: str, amount: int, note: str | None = None
    ) -> None:
        await interaction.response.send_message(f"Added {client}: {amount} ({note or 'no note'})")

    @contract.command(name="list", description="List contracts")
    async def contract_list(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("No contracts yet")

    @reminder.command(name="set", description="Set a reminder")
    async def reminder_set(interaction: discord.Interaction, days: int) -> None:
        await interaction.response.send_message(f"Reminder in {days} days")

    tree.add_command(contract)

    @tree.context_menu(name="Screen post")
    async def screen_post(interaction: discord.Interaction, message: discord.Message) -> None:
        await interaction.response.send_message(
            f"{len(message.content)} characters from {message.author.name}", ephemeral=True
        )

    @tree.context_menu(name="Client profile")
    async def client_profile(interaction: discord.Interaction, user: discord.User) -> None:
        await interaction.response.send_message(f"Profile of {user.name}")
