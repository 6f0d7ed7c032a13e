"""The `/compare` scenario option: `30x500`, `1x15000`, `3 x $5k`."""

from __future__ import annotations

import discord
from discord import app_commands

from advisor.fees import Scenario, parse_scenario


class ScenarioInput(app_commands.Transformer[discord.Client]):
    """A number of jobs and the amount of each, every job with a new client."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.string

    @property
    def max_value(self) -> int:
        return 40

    async def transform(self, interaction: discord.Interaction, value: str) -> Scenario:
        return parse_scenario(value)


ScenarioOption = app_commands.Transform[Scenario, ScenarioInput]
