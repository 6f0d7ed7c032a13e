"""/dispute: whether arbitration pays for a fixed-price contract."""

from discord.ext import commands

from commands.disputes._cog import DisputesCog


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(DisputesCog())
