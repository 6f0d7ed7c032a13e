"""/profile: a member's own defaults, such as the per-contract fee rate they are usually shown."""

from discord.ext import commands

from commands.profile._cog import ProfileCog
from commands.services import database_of, member_rates_of


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(ProfileCog(database_of(bot), member_rates_of(bot)))
