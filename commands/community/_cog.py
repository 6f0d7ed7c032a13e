"""The community commands: /warn, /warnings, /never-again and /moderate.

Members file warnings and look clients up; moderators (Manage Server, or the role the server
names) review the queue, delete warnings, read the log and set the server's choices. Every reply
is private, and a moderator's power reaches only the server the command ran in.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from advisor.community import (
    WarningReason,
    check_details,
    check_not_self,
    link_key,
    parse_reasons,
)
from advisor.community.settings import CommunitySettings, JobsAnswer, JobsGreen
from advisor.community.warnings import ModerationKind
from advisor.errors import InputError
from commands import answering
from commands.answering import answer, update
from commands.community import _render
from commands.community._memory import CommunityMemory, is_moderator
from commands.embeds import inert
from commands.options import ClientName
from commands.replies import handle_error
from commands.services import today
from db.database import Database
from db.repositories.community_settings import CommunitySettingsRepository
from db.repositories.never_again import NeverAgainRepository
from db.repositories.warnings import WarningRepository

MAX_CHOICES = 25


class NotModerator(InputError):
    """A member without moderation rights tried to moderate."""


NOT_MODERATOR = (
    "Only this server's moderators can do that: members with Manage Server, or the moderator "
    "role the server named with `/moderate settings`."
)


class BadLink(InputError):
    """A profile link that is not a web link."""


async def _require_moderator(memory: CommunityMemory, interaction: discord.Interaction) -> int:
    """The server's id, once the member is known to moderate it."""
    if interaction.guild_id is None or not await is_moderator(memory, interaction):
        raise NotModerator(NOT_MODERATOR)
    return interaction.guild_id


def _own_names(user: discord.abc.User) -> list[str]:
    return [name for name in (user.name, user.global_name, user.display_name) if name]


async def reason_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """The reasons, completing the last of a comma-separated list."""
    done, _, typing = current.rpartition(",")
    chosen = {part.strip().casefold() for part in done.split(",") if part.strip()}
    prefix = f"{done.strip()}, " if done.strip() else ""
    choices = []
    for reason in WarningReason:
        if reason.value in chosen or not reason.value.startswith(typing.strip().casefold()):
            continue
        value = f"{prefix}{reason.value}"
        if len(value) <= 100:
            choices.append(app_commands.Choice(name=value, value=value))
    return choices[:MAX_CHOICES]


class WarningsCog(commands.Cog):
    """Warnings members file about clients, and looking a client up."""

    warnings = app_commands.Group(
        name="warnings",
        description="Look up a client's warnings in this server, or withdraw your own.",
        guild_only=True,
    )

    def __init__(self, database: Database, memory: CommunityMemory) -> None:
        self.database = database
        self.memory = memory

    @app_commands.command(
        name="warn",
        description="Warn this server's members about a client (a moderator checks it first).",
        extras={"example": "/warn client:Acme Corp reasons:non-payment details:Never paid"},
    )
    @app_commands.describe(
        client="The client's name as the platform shows it",
        reasons=f"One or more, with commas: {', '.join(r.value for r in WarningReason)}"[:100],
        details="What happened (moderators read it; members only if you allow it)",
        link="The client's profile link, if you have it",
        show_details="Let members read your details too (your name is never shown)",
    )
    @app_commands.autocomplete(reasons=reason_choices)
    @app_commands.guild_only()
    async def warn(
        self,
        interaction: discord.Interaction,
        client: ClientName,
        reasons: app_commands.Range[str, 1, 300],
        details: str,
        link: app_commands.Range[str, 1, 300] | None = None,
        show_details: bool = False,
    ) -> None:
        if interaction.guild_id is None:
            # Discord offers /warn only in servers; a client that shows it in a DM is told so.
            raise InputError("Warnings belong to a server: use /warn in your community's server.")
        chosen = parse_reasons(reasons)
        written = check_details(details)
        check_not_self(client, _own_names(interaction.user))
        profile = None
        if link is not None:
            profile = link_key(link)
            if profile is None:
                raise BadLink(
                    "That doesn't look like a link: paste the client's profile address, "
                    "e.g. https://www.upwork.com/..."
                )
        async with self.database.write() as writes:
            warning = await WarningRepository(writes).file(
                interaction.guild_id,
                interaction.user.id,
                client_name=client,
                reasons=chosen,
                details=written,
                share_details=show_details,
                profile_link=profile,
                filed_on=today(interaction),
            )
        await answer(interaction, embed=_render.filed_embed(warning.client_name), ephemeral=True)

    @warnings.command(
        name="lookup", description="See what members of this server warned about a client."
    )
    @app_commands.describe(client="The client's name as the platform shows it")
    async def lookup(self, interaction: discord.Interaction, client: ClientName) -> None:
        assert interaction.guild_id is not None
        summary = await self.memory.about_client(interaction.guild_id, client, today(interaction))
        async with self.database.read() as reads:
            entry = await NeverAgainRepository(reads).find(interaction.user.id, client)
        await answer(
            interaction, embed=_render.lookup_embed(client, summary, entry), ephemeral=True
        )

    async def own_warning_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        async with self.database.read() as reads:
            own = await WarningRepository(reads).own(interaction.guild_id, interaction.user.id)
        typed = current.casefold()
        return [
            app_commands.Choice(name=w.client_name[:100], value=w.client_name[:100])
            for w in own
            if typed in w.client_name.casefold()
        ][:MAX_CHOICES]

    @warnings.command(name="withdraw", description="Take back a warning you filed in this server.")
    @app_commands.describe(client="The client you warned about")
    async def withdraw(self, interaction: discord.Interaction, client: ClientName) -> None:
        assert interaction.guild_id is not None
        async with self.database.write() as writes:
            warning = await WarningRepository(writes).withdraw(
                interaction.guild_id, interaction.user.id, client, today(interaction)
            )
        self.memory.changed(interaction.guild_id)
        await answer(
            interaction,
            f"Your warning about {inert(warning.client_name, 100)} is withdrawn: "
            "nobody sees it any more.",
            ephemeral=True,
        )

    withdraw.autocomplete("client")(own_warning_choices)


class NeverAgainCog(commands.Cog):
    """Each member's private list of clients they will not work with again."""

    never_again = app_commands.Group(
        name="never-again",
        description="Your private list of clients you won't work with again (only you see it).",
    )

    def __init__(self, database: Database) -> None:
        self.database = database

    @never_again.command(name="add", description="Put a client on your private never-again list.")
    @app_commands.describe(client="The client's name", note="Why, to remind yourself")
    async def add(
        self,
        interaction: discord.Interaction,
        client: ClientName,
        note: str | None = None,
    ) -> None:
        async with self.database.write() as writes:
            entry, new = await NeverAgainRepository(writes).add(
                interaction.user.id, client, note, today(interaction)
            )
        name = inert(entry.client_name, 100)
        text = (
            f"{name} is on your never-again list. Only you see it; /contract reminds you."
            if new
            else f"{name} was already on your never-again list"
            + (": note updated." if note else ".")
        )
        await answer(interaction, text, ephemeral=True)

    async def listed_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        async with self.database.read() as reads:
            entries = await NeverAgainRepository(reads).entries(interaction.user.id)
        typed = current.casefold()
        return [
            app_commands.Choice(name=e.client_name[:100], value=e.client_name[:100])
            for e in entries
            if typed in e.client_name.casefold()
        ][:MAX_CHOICES]

    @never_again.command(name="remove", description="Take a client off your never-again list.")
    @app_commands.describe(client="The client to take off")
    async def remove(self, interaction: discord.Interaction, client: ClientName) -> None:
        async with self.database.write() as writes:
            name = await NeverAgainRepository(writes).remove(interaction.user.id, client)
        await answer(
            interaction, f"{inert(name, 100)} is off your never-again list.", ephemeral=True
        )

    remove.autocomplete("client")(listed_choices)

    @never_again.command(name="list", description="See your never-again list.")
    async def list_(self, interaction: discord.Interaction) -> None:
        async with self.database.read() as reads:
            entries = await NeverAgainRepository(reads).entries(interaction.user.id)
        await answer(interaction, embed=_render.never_again_embed(entries), ephemeral=True)


_REVIEW = re.compile(r"gigwise:review:(?P<warning>[0-9]{1,18}):(?P<verdict>approve|reject)")


class ReviewButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=_REVIEW.pattern
):
    """Approve or reject a warning in the queue. The warning's id is in the custom id, so the
    button works after a restart; the press is checked against the presser's rights and server,
    never the message's."""

    def __init__(self, warning_id: int, approve: bool) -> None:
        verdict = "approve" if approve else "reject"
        super().__init__(
            discord.ui.Button(
                label="Approve" if approve else "Reject",
                style=discord.ButtonStyle.success if approve else discord.ButtonStyle.danger,
                custom_id=f"gigwise:review:{warning_id}:{verdict}",
            )
        )
        self.warning_id = warning_id
        self.approve = approve

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReviewButton:
        return cls(int(match["warning"]), match["verdict"] == "approve")

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            cog = interaction.client.get_cog("ModerationCog")  # type: ignore[attr-defined]
            assert isinstance(cog, ModerationCog)
            await cog.review(interaction, self.warning_id, self.approve)
        except Exception as error:
            await handle_error(interaction, error)


def queue_view(warning_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ReviewButton(warning_id, approve=True))
    view.add_item(ReviewButton(warning_id, approve=False))
    return view


class _TextChannelInput(app_commands.Transformer):
    """A text channel, as Discord resolved it: Gigwise keeps no server's channels, so discord.py's
    own channel types (which look the channel up in that cache) would refuse every one."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return [discord.ChannelType.text, discord.ChannelType.news]

    async def transform(
        self, interaction: discord.Interaction, value: Any, /
    ) -> app_commands.AppCommandChannel:
        if not isinstance(value, app_commands.AppCommandChannel):
            raise InputError("Pick a text channel, where members post job offers.")
        return value


JobsChannel = app_commands.Transform[app_commands.AppCommandChannel, _TextChannelInput]

ANSWERS = [
    app_commands.Choice(name="A thread on the post", value=JobsAnswer.THREAD.value),
    app_commands.Choice(
        name="A reaction and a private-verdict button", value=JobsAnswer.REACTION.value
    ),
]
GREENS = [
    app_commands.Choice(name="Nothing", value=JobsGreen.NOTHING.value),
    app_commands.Choice(name="A quiet ✅ reaction", value=JobsGreen.REACTION.value),
]


class ModerationCog(commands.Cog):
    """The review queue, deletions, the log and the server's community settings."""

    moderate = app_commands.Group(
        name="moderate",
        description="For moderators: review client warnings and set up the jobs channel.",
        guild_only=True,
    )

    def __init__(self, bot: commands.Bot, database: Database, memory: CommunityMemory) -> None:
        self.bot = bot
        self.database = database
        self.memory = memory

    async def _queue_reply(self, guild_id: int) -> dict[str, Any]:
        async with self.database.read() as reads:
            pending = await WarningRepository(reads).pending(guild_id)
        if not pending:
            return {"embed": _render.empty_queue_embed(), "view": None}
        first = pending[0]
        return {
            "embed": _render.queue_embed(first, len(pending)),
            "view": queue_view(first.warning.id),
        }

    @moderate.command(name="queue", description="Review the warnings members filed.")
    async def queue(self, interaction: discord.Interaction) -> None:
        guild_id = await _require_moderator(self.memory, interaction)
        reply = await self._queue_reply(guild_id)
        if reply["view"] is None:
            del reply["view"]
        await answer(interaction, **reply, ephemeral=True)

    async def review(
        self, interaction: discord.Interaction, warning_id: int, approve: bool
    ) -> None:
        guild_id = await _require_moderator(self.memory, interaction)
        day = today(interaction)
        async with self.database.write() as writes:
            warning = await WarningRepository(writes).review(
                guild_id, warning_id, approve=approve, moderator_id=interaction.user.id, on=day
            )
        if warning is None:
            raise InputError(
                "That warning is no longer waiting in this server's queue (another moderator "
                "may have reviewed it)."
            )
        self.memory.changed(guild_id)
        reply = await self._queue_reply(guild_id)
        await update(
            interaction, content=_render.reviewed_text(warning.client_name, approve, day), **reply
        )

    async def warning_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None or not await is_moderator(self.memory, interaction):
            return []
        async with self.database.read() as reads:
            every = await WarningRepository(reads).for_moderators(interaction.guild_id)
        typed = current.casefold()
        return [
            app_commands.Choice(
                name=f"#{item.warning.id} {item.warning.client_name} ({item.warning.status.value})"[
                    :100
                ],
                value=str(item.warning.id),
            )
            for item in every
            if typed in f"#{item.warning.id} {item.warning.client_name}".casefold()
        ][:MAX_CHOICES]

    @moderate.command(name="delete", description="Delete a warning of this server for good.")
    @app_commands.describe(warning="The warning (pick from the list, or type its number)")
    async def delete(self, interaction: discord.Interaction, warning: str) -> None:
        guild_id = await _require_moderator(self.memory, interaction)
        number = warning.strip().lstrip("#")
        if not number.isdigit() or len(number) > 18:
            raise InputError("Pick the warning from the list, or type its number such as #12.")
        async with self.database.write() as writes:
            gone = await WarningRepository(writes).delete(
                guild_id, int(number), moderator_id=interaction.user.id, on=today(interaction)
            )
        if gone is None:
            raise InputError(f"This server has no warning #{number}.")
        self.memory.changed(guild_id)
        await answer(
            interaction,
            f"Warning #{gone.id} about {inert(gone.client_name, 100)} is deleted.",
            ephemeral=True,
        )

    delete.autocomplete("warning")(warning_choices)

    @moderate.command(name="log", description="See what moderators did with warnings here.")
    async def log(self, interaction: discord.Interaction) -> None:
        guild_id = await _require_moderator(self.memory, interaction)
        async with self.database.read() as reads:
            entries = await WarningRepository(reads).log(guild_id)
        await answer(interaction, embed=_render.log_embed(entries), ephemeral=True)

    async def _save(
        self, interaction: discord.Interaction, guild_id: int, changes: dict[str, Any]
    ) -> CommunitySettings:
        async with self.database.write() as writes:
            repository = CommunitySettingsRepository(writes)
            current = await repository.get(guild_id)
            if changes:
                current = await repository.save(dataclasses.replace(current, **changes))
                await WarningRepository(writes).log_action(
                    guild_id,
                    interaction.user.id,
                    ModerationKind.SETTINGS,
                    None,
                    today(interaction),
                )
        if changes:
            self.memory.remember(current)
            self.memory.changed(guild_id)
        return current

    @moderate.command(name="settings", description="How long warnings last, and who moderates.")
    @app_commands.describe(
        expiry_months="Months a warning is shown (default 12)",
        moderator_role="A role whose members may moderate warnings (needs Manage Server)",
        no_moderator_role="Take the moderator role away (needs Manage Server)",
    )
    async def settings(
        self,
        interaction: discord.Interaction,
        expiry_months: app_commands.Range[int, 1, 60] | None = None,
        moderator_role: discord.Role | None = None,
        no_moderator_role: bool = False,
    ) -> None:
        guild_id = await _require_moderator(self.memory, interaction)
        changes: dict[str, Any] = {}
        if moderator_role is not None or no_moderator_role:
            # Who may moderate is the server's owners' choice, not the moderators' own.
            if not interaction.permissions.manage_guild:
                raise NotModerator("Naming the moderator role needs the Manage Server permission.")
            changes["moderator_role_id"] = None if no_moderator_role else moderator_role.id  # type: ignore[union-attr]
        if expiry_months is not None:
            changes["expiry_months"] = expiry_months
        current = await self._save(interaction, guild_id, changes)
        await answer(
            interaction,
            embed=_render.settings_embed(
                current, changed=bool(changes), reading_messages=self.bot.intents.message_content
            ),
            ephemeral=True,
        )

    @moderate.command(name="jobs-channel", description="Screen every job post in a channel.")
    @app_commands.describe(
        channel="The channel members share job posts in",
        answer="How amber and red posts are answered (default: a thread)",
        green="What green posts get (default: nothing)",
        off="Stop screening the jobs channel",
    )
    @app_commands.choices(answer=ANSWERS, green=GREENS)
    async def jobs_channel(
        self,
        interaction: discord.Interaction,
        channel: JobsChannel | None = None,
        answer: app_commands.Choice[str] | None = None,
        green: app_commands.Choice[str] | None = None,
        off: bool = False,
    ) -> None:
        guild_id = await _require_moderator(self.memory, interaction)
        changes: dict[str, Any] = {}
        if off:
            changes["jobs_channel_id"] = None
        elif channel is not None:
            changes["jobs_channel_id"] = channel.id
        if answer is not None:
            changes["jobs_answer"] = JobsAnswer(answer.value)
        if green is not None:
            changes["jobs_green"] = JobsGreen(green.value)
        current = await self._save(interaction, guild_id, changes)
        # `answer` is this command's option here, so the helper is named by its module.
        await answering.answer(
            interaction,
            embed=_render.settings_embed(
                current, changed=bool(changes), reading_messages=self.bot.intents.message_content
            ),
            ephemeral=True,
        )
