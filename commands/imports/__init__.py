"""/import and /export: a member's history in from an Upwork CSV, and all of it out again."""

from discord.ext import commands

from commands.imports._cog import ImportsCog
from commands.services import database_of, heavy_jobs_of, quotas_of


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(ImportsCog(database_of(bot), heavy_jobs_of(bot), quotas_of(bot)))
