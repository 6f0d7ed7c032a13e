"""/dispute: whether arbitration pays for a fixed-price contract."""

from discord.ext import commands

from commands.disputes._cog import DisputesCog
from commands.services import database_of, server_defaults_of


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(DisputesCog(database_of(bot), server_defaults_of(bot)))
