"""/clients: every client by lifetime billed, with its fee tier and the way to the next."""

from discord.ext import commands

from commands.clients._cog import ClientsCog
from commands.services import database_of, server_defaults_of


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(ClientsCog(database_of(bot), server_defaults_of(bot)))
