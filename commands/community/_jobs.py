"""The screened jobs channel: every new post in the channel a server chose is screened, and an
amber or red one is answered in a thread on it (or with a reaction and a button that shows the
verdict privately), pinging nobody.

Each message is screened at most once: its id and a digest of its text are claimed in the
database before it is screened, so a MESSAGE_CREATE the gateway replays after a RESUME, or that
another process also received, finds it taken. An edit changes the digest and is screened again,
its answer edited in place; a deleted post takes its answer with it. Posts are never stored,
and the bot keeps no message cache.
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import date, timedelta
from typing import Any, Literal

import discord
from discord.ext import commands

from advisor.community import WarningSummary
from advisor.community.settings import CommunitySettings, JobsAnswer, JobsGreen
from advisor.errors import InputError
from advisor.redflags import MAX_POST_CHARS, Verdict
from commands.answering import answer
from commands.community._memory import CommunityMemory
from commands.community._render import warnings_embed
from commands.replies import handle_error
from commands.screening._screened import ScreenedPost, ScreenedPosts
from db.database import Database
from db.repositories.screened_messages import Claim, ScreenedMessageRepository, ScreenedRecord

log = logging.getLogger(__name__)

# Screened messages are remembered this long: an edit later than that is screened as new.
REMEMBERED_DAYS = 30
THREAD_ARCHIVE_MINUTES: Literal[1440] = 1440
_REACTIONS = {Verdict.AMBER: "⚠️", Verdict.RED: "⛔", Verdict.GREEN: "✅"}
_THREAD_NAMES = {
    Verdict.AMBER: "Gigwise: ask questions before you apply",
    Verdict.RED: "Gigwise: likely scam, don't apply",
    Verdict.GREEN: "Gigwise: no sign of a scam",
}
_NOTES = {
    Verdict.AMBER: "Gigwise screened this post: ask questions before you apply.",
    Verdict.RED: "Gigwise screened this post: likely a scam. Don't apply; report it.",
    Verdict.GREEN: "Gigwise screened this post again after an edit: no sign of a scam now.",
}


def post_text(message: discord.Message) -> str:
    """What is screened of a message: its text and its embeds' descriptions."""
    parts = [message.content, *(embed.description or "" for embed in message.embeds)]
    return "\n\n".join(part for part in parts if part)[:MAX_POST_CHARS]


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _shown_verdict(screened: ScreenedPost, warnings: list[WarningSummary]) -> Verdict:
    """A post naming a warned client is answered even when its text looks clean."""
    verdict = screened.screening.verdict
    return Verdict.AMBER if verdict is Verdict.GREEN and warnings else verdict


_VERDICT_BUTTON = re.compile(r"gigwise:jobpost:(?P<channel>[0-9]{1,20}):(?P<message>[0-9]{1,20})")


class VerdictButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=_VERDICT_BUTTON.pattern
):
    """Shows the verdict on a jobs-channel post privately to whoever presses it. It holds only
    the post's address: the post is read again and its screening is kept by text."""

    def __init__(self, channel_id: int, message_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Show me the verdict",
                style=discord.ButtonStyle.secondary,
                custom_id=f"gigwise:jobpost:{channel_id}:{message_id}",
            )
        )
        self.channel_id = channel_id
        self.message_id = message_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> VerdictButton:
        return cls(int(match["channel"]), int(match["message"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            cog = interaction.client.get_cog("JobsChannelCog")  # type: ignore[attr-defined]
            assert isinstance(cog, JobsChannelCog)
            await cog.show_verdict(interaction, self.channel_id, self.message_id)
        except Exception as error:
            await handle_error(interaction, error)


class JobsChannelCog(commands.Cog):
    """Screens the posts of each server's jobs channel."""

    def __init__(
        self,
        bot: commands.Bot,
        database: Database,
        memory: CommunityMemory,
        posts: ScreenedPosts,
    ) -> None:
        self.bot = bot
        self.database = database
        self.memory = memory
        self.posts = posts
        self.screened = 0
        self._pruned_on: date | None = None

    # -- gateway events -----------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        await self._safely(self._on_post, message)

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        await self._safely(self._on_post, payload.message)

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        await self._safely(self._on_delete, payload)

    async def _safely(self, handler: Any, event: Any) -> None:
        # An event listener's error would only be printed by discord.py; a post that cannot be
        # answered must never stop the next one.
        try:
            await handler(event)
        except Exception:
            log.exception("Could not answer a jobs-channel event")

    async def _on_post(self, message: discord.Message) -> None:
        guild_id = getattr(message.channel, "guild_id", None) or (
            message.guild.id if message.guild else None
        )
        if guild_id is None or message.author.bot or message.webhook_id is not None:
            return
        settings = await self.memory.jobs_channel(message.channel.id)
        if settings is None or settings.guild_id != guild_id:
            return
        text = post_text(message)
        if not text.strip():
            # Without the message-content intent every post arrives empty.
            return
        day = message.created_at.date()
        async with self.database.write() as writes:
            repository = ScreenedMessageRepository(writes)
            if self._pruned_on != day:
                await repository.prune(day - timedelta(days=REMEMBERED_DAYS))
            claim, earlier = await repository.claim(
                message_id=message.id,
                channel_id=message.channel.id,
                guild_id=guild_id,
                digest=_digest(text),
                on=day,
            )
        self._pruned_on = day
        if claim is Claim.SEEN:
            return
        await self._answer(message.channel.id, message.id, guild_id, text, settings, earlier, day)

    async def _answer(
        self,
        channel_id: int,
        message_id: int,
        guild_id: int,
        text: str,
        settings: CommunitySettings,
        earlier: ScreenedRecord | None,
        day: date,
    ) -> None:
        try:
            screened = await self.posts.screen(text, day)
        except InputError:
            return
        self.screened += 1
        warnings = await self.memory.about_post(guild_id, text, None, day)
        verdict = _shown_verdict(screened, warnings)
        embeds = [screened.embed, *([warnings_embed(warnings)] if warnings else [])]
        post = self.bot.get_partial_messageable(channel_id).get_partial_message(message_id)
        reaction = None
        answer_channel = earlier.answer_channel_id if earlier else None
        answer_message = earlier.answer_message_id if earlier else None
        if earlier is not None and earlier.reaction:
            await _quietly(post.remove_reaction(earlier.reaction, self.bot.user))  # type: ignore[arg-type]
        if answer_message is not None and answer_channel is not None:
            # An edited post: its answer says the new verdict where the old one was.
            answer = self.bot.get_partial_messageable(answer_channel).get_partial_message(
                answer_message
            )
            if settings.jobs_answer is JobsAnswer.THREAD and answer_channel != channel_id:
                await answer.edit(embeds=embeds)
            else:
                await answer.edit(content=_NOTES[verdict])
        elif verdict is not Verdict.GREEN:
            if settings.jobs_answer is JobsAnswer.THREAD:
                thread = await self.bot.http.start_thread_with_message(
                    channel_id,
                    message_id,
                    name=_THREAD_NAMES[verdict],
                    auto_archive_duration=THREAD_ARCHIVE_MINUTES,
                )
                answer_channel = int(thread["id"])
                sent = await self.bot.get_partial_messageable(answer_channel).send(embeds=embeds)
            else:
                view = discord.ui.View(timeout=None)
                view.add_item(VerdictButton(channel_id, message_id))
                answer_channel = channel_id
                sent = await self.bot.get_partial_messageable(channel_id).send(
                    _NOTES[verdict], view=view, reference=post, mention_author=False
                )
            answer_message = sent.id
        if settings.jobs_answer is JobsAnswer.REACTION and verdict is not Verdict.GREEN:
            reaction = _REACTIONS[verdict]
        elif verdict is Verdict.GREEN and settings.jobs_green is JobsGreen.REACTION:
            reaction = _REACTIONS[Verdict.GREEN]
        if reaction is not None:
            await post.add_reaction(reaction)
        async with self.database.write() as writes:
            await ScreenedMessageRepository(writes).answered(
                message_id,
                verdict=verdict.value,
                answer_channel_id=answer_channel,
                answer_message_id=answer_message,
                reaction=reaction,
            )

    async def _on_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        if payload.guild_id is None or await self.memory.jobs_channel(payload.channel_id) is None:
            return
        async with self.database.write() as writes:
            record = await ScreenedMessageRepository(writes).forget(payload.message_id)
        if record is None or record.answer_channel_id is None:
            return
        if record.answer_channel_id != record.channel_id:
            # The thread the answer opened goes with the post.
            await _quietly(self.bot.http.delete_channel(record.answer_channel_id))
        elif record.answer_message_id is not None:
            answer = self.bot.get_partial_messageable(record.channel_id).get_partial_message(
                record.answer_message_id
            )
            await _quietly(answer.delete())

    # -- the verdict button -------------------------------------------------------------------

    async def show_verdict(
        self, interaction: discord.Interaction, channel_id: int, message_id: int
    ) -> None:
        try:
            message = await self.bot.get_partial_messageable(channel_id).fetch_message(message_id)
        except discord.NotFound:
            raise InputError("That post was deleted, so there is no verdict to show.") from None
        day = interaction.created_at.date()
        text = post_text(message)
        screened = await self.posts.screen(text, day)
        warnings = await self.memory.about_post(interaction.guild_id, text, None, day)
        embeds = [screened.embed, *([warnings_embed(warnings)] if warnings else [])]
        await answer(interaction, embeds=embeds, ephemeral=True)


async def _quietly(action: Any) -> None:
    """Tidy-up that may fail without harm (the thread already gone, a permission missing)."""
    try:
        await action
    except discord.HTTPException as error:
        log.info("Could not tidy a jobs-channel answer: %s", error.status)
