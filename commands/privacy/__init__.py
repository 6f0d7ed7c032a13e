"""/forget-me: erase every record Gigwise keeps about a member, after they confirm."""

from discord.ext import commands

from commands.privacy._cog import PrivacyCog
from commands.services import database_of


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(PrivacyCog(database_of(bot)))
