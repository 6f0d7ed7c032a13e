"""The screening commands: a slash command, a modal for long posts, a message menu."""

from __future__ import annotations

from decimal import Decimal

import discord
from discord import app_commands
from discord.ext import commands

from advisor.ledger import DEFAULT_CURRENCY
from advisor.momentum.reviews import at_stake
from advisor.redflags import MAX_POST_CHARS, Verdict
from commands.answering import DEFER_AFTER, answer, defer
from commands.community._memory import memory_of
from commands.community._render import warnings_embed
from commands.cooldowns import per_member_cooldown
from commands.screening._render import SHARED_NOTE, with_at_stake
from commands.screening._screened import ScreenedPosts
from commands.services import today
from commands.views import Form
from db.database import Database
from db.repositories.clients import ClientRepository

MODAL_MAX_CHARS = 4000
# Screening is the heaviest everyday command: a member may screen a few posts in a row, not a flood.
SCREENS_PER_WINDOW, WINDOW_SECONDS = 4, 10.0
# Expected wait for a new post's verdict beyond which the interaction is acknowledged first: a
# third of `DEFER_AFTER`, so that an estimate off by a few times is still caught in time.
DEFER_BEHIND_SECONDS = DEFER_AFTER / 3


class ScreenPostModal(Form, title="Screen a job post"):
    """A paragraph field for a post too long for a slash-command option."""

    post: discord.ui.TextInput[ScreenPostModal] = discord.ui.TextInput(
        label="The job post (and the About the client panel)",
        style=discord.TextStyle.paragraph,
        max_length=MODAL_MAX_CHARS,
        placeholder="Paste the whole post here.",
    )

    def __init__(
        self, cog: ScreeningCog, *, share: bool = False, client: str | None = None
    ) -> None:
        super().__init__()
        self.cog = cog
        self.share = share
        self.client = client

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self.cog.answer(interaction, self.post.value, share=self.share, client=self.client)


class ScreeningCog(commands.Cog):
    """Red flags in a job post, with the evidence for each."""

    def __init__(self, bot: commands.Bot, database: Database) -> None:
        self.bot = bot
        self.database = database
        self.posts = ScreenedPosts()
        self.menu = app_commands.ContextMenu(name="Screen job post", callback=self.screen_message)
        per_member_cooldown(SCREENS_PER_WINDOW, WINDOW_SECONDS)(self.menu)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)
        self.posts.close()

    async def at_stake(self, member_id: int) -> Decimal | None:
        """The seed's price of one bad review, as /momentum shows it (None without history)."""
        async with self.database.read() as reads:
            jobs, billed = await ClientRepository(reads).billed_jobs(member_id)
        return at_stake(jobs, billed, DEFAULT_CURRENCY).at_stake

    async def answer(
        self,
        interaction: discord.Interaction,
        post: str,
        *,
        share: bool = False,
        client: str | None = None,
    ) -> None:
        day = today(interaction)
        screened = self.posts.kept(post, day)
        if screened is None:
            # A new post takes a millisecond or two of CPU to screen: answered at once when the
            # screening thread is free. Behind a burst of them an answer could miss Discord's
            # 3 s, so a post that would wait long is acknowledged first (and any answer still
            # silent after `DEFER_AFTER` is deferred by the watch on every interaction).
            if self.posts.wait_for_new_post() > DEFER_BEHIND_SECONDS:
                await defer(interaction, private=True)
            screened = await self.posts.screen(post, day)
        verdict = screened.screening.verdict
        # The price is shown only beside red flags; a clean post needs no lookup.
        at_stake = None if verdict is Verdict.GREEN else await self.at_stake(interaction.user.id)
        embed = with_at_stake(screened.embed, verdict, at_stake)
        # The server's approved warnings about any client the post names or links.
        warned = await memory_of(self.bot).about_post(interaction.guild_id, post, client, day)
        await answer(
            interaction,
            embeds=[embed, *([warnings_embed(warned)] if warned else [])],
            ephemeral=True,
        )
        if share:
            await self.share(interaction, screened.embed)

    async def share(self, interaction: discord.Interaction, embed: discord.Embed) -> None:
        """Post the verdict to the channel as the bot's own message, so it names no member.

        The shared embed is the one every member sees, without anyone's price of a bad review.
        """
        channel = interaction.channel
        if channel is None or not hasattr(channel, "send"):
            return
        try:
            # The client's AllowedMentions.none() applies here too: a shared verdict pings no one.
            await channel.send(SHARED_NOTE, embed=embed)
        except discord.HTTPException:
            await interaction.followup.send(
                "I couldn't post the verdict in this channel (I may lack permission to send "
                "messages here). Your own reply above is unchanged.",
                ephemeral=True,
            )

    @app_commands.command(
        name="screen",
        description="Check a job post for scams and headache clients before you apply.",
        extras={"example": "/screen post:<paste the job post>"},
    )
    @app_commands.describe(
        post="The job post; leave empty to paste a long one in a form",
        share="Also post the verdict in this channel to warn others (your name is not shown)",
        client="The client's name, to check it against this server's warnings too",
    )
    @per_member_cooldown(SCREENS_PER_WINDOW, WINDOW_SECONDS)
    async def screen_command(
        self,
        interaction: discord.Interaction,
        post: app_commands.Range[str, 1, 6000] | None = None,
        share: bool = False,
        client: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        if post is None:
            await interaction.response.send_modal(ScreenPostModal(self, share=share, client=client))
            return
        await self.answer(interaction, post, share=share, client=client)

    async def screen_message(
        self, interaction: discord.Interaction, message: discord.Message
    ) -> None:
        text = "\n\n".join(
            part
            for part in [message.content, *(e.description or "" for e in message.embeds)]
            if part
        )
        await self.answer(interaction, text[:MAX_POST_CHARS])
