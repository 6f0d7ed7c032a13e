"""The community's memory: /warn, /warnings, /never-again, /moderate, and the screened jobs
channel. Client warnings filed by members and reviewed by moderators, shown where they help
(/screen, /contract), never with who filed them."""

from discord.ext import commands

from commands.community._cog import ModerationCog, NeverAgainCog, ReviewButton, WarningsCog
from commands.community._jobs import JobsChannelCog, VerdictButton
from commands.community._memory import memory_of
from commands.screening._screened import ScreenedPosts
from commands.services import database_of


async def setup(bot: commands.Bot) -> None:
    database = database_of(bot)
    memory = memory_of(bot)
    await bot.add_cog(WarningsCog(database, memory))
    await bot.add_cog(NeverAgainCog(database))
    await bot.add_cog(ModerationCog(bot, database, memory))
    bot.add_dynamic_items(ReviewButton, VerdictButton)
    if bot.intents.guild_messages:
        # Screenings are shared with /screen's: a post pasted there and posted in the channel is
        # screened once.
        screening = bot.get_cog("ScreeningCog")
        posts = getattr(screening, "posts", None)
        if not isinstance(posts, ScreenedPosts):
            posts = ScreenedPosts()
        await bot.add_cog(JobsChannelCog(bot, database, memory, posts))
