"""/dispute: whether arbitration pays for a fixed-price contract."""

from discord.ext import commands

from commands.disputes._cog import DisputesCog
from commands.services import database_of, member_rates_of, server_defaults_of


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(DisputesCog(database_of(bot), server_defaults_of(bot), member_rates_of(bot)))
