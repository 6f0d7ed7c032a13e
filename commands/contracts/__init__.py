"""/contract add, start, bill, end and list, and undo, unbill, edit and delete to correct them:
each member's own contract ledger."""

from discord.ext import commands

from commands.contracts._cog import ContractsCog
from commands.services import database_of, quotas_of, server_defaults_of


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(ContractsCog(database_of(bot), server_defaults_of(bot), quotas_of(bot)))
