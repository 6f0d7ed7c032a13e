"""/settings: a server's default platform, currency and arbitration fee (Manage Server only)."""

from discord.ext import commands

from commands.server_settings._cog import ServerSettingsCog
from commands.services import database_of, server_defaults_of


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(ServerSettingsCog(database_of(bot), server_defaults_of(bot)))
