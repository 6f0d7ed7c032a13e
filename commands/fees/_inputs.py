"""The `/compare` scenario option: `30x500`, `1x15000`, `3 x $5k`."""

from __future__ import annotations

import discord
from discord import app_commands

from advisor.fees import Scenario, parse_scenario
from commands.options import TypedText


class ScenarioInput(TypedText):
    """A number of jobs and the amount of each, every job with a new client."""

    max_length = 40

    async def transform(self, interaction: discord.Interaction, value: str) -> Scenario:
        return parse_scenario(value)


ScenarioOption = app_commands.Transform[Scenario, ScenarioInput]
