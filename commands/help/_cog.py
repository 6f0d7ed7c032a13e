"""The /help command: lists what the tree holds, so it can never fall out of date."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from commands.answering import answer
from commands.embeds import NEUTRAL

INTRO = (
    "Gigwise helps you keep more of what you earn: see what a platform keeps, compare a few big "
    "projects with many small ones, and decide whether a dispute is worth it."
)


def _entries(tree: app_commands.CommandTree[discord.Client]) -> list[tuple[str, str]]:
    """(usage, description + example) for every slash command and subcommand, in registration order."""
    entries: list[tuple[str, str]] = []
    for command in tree.walk_commands():
        if isinstance(command, app_commands.Group):
            continue
        options = " ".join(
            p.display_name if p.required else f"[{p.display_name}]" for p in command.parameters
        )
        usage = f"/{command.qualified_name} {options}".strip()
        example = command.extras.get("example")
        text = command.description + (f"\nExample: `{example}`" if example else "")
        entries.append((usage, text))
    for menu in tree.get_commands(type=discord.AppCommandType.message):
        entries.append((menu.name, "On any message: ⋯ (More) › Apps › " + menu.name + "."))
    return entries


class HelpCog(commands.Cog):
    """Every command with an example."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="Every Gigwise command, with an example.")
    async def help(self, interaction: discord.Interaction) -> None:
        # One description rather than fields: Discord caps an embed at 25 fields, not at 25 commands.
        lines = [INTRO, ""]
        lines += [f"**{usage}**\n{text}\n" for usage, text in _entries(self.bot.tree)]
        embed = discord.Embed(
            title="Gigwise commands", description="\n".join(lines)[:4096], colour=NEUTRAL
        )
        embed.set_footer(
            text="Options in [brackets] are optional. Replies about your own records are private."
        )
        await answer(interaction, embed=embed, ephemeral=True)
