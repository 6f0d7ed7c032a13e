"""/help: every command with an example, read from the command tree itself."""

from discord.ext import commands

from commands.help._cog import HelpCog


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(HelpCog(bot))
