"""Option types shared by several features: amounts, rates and fee schedules as members type them.

Each Transformer turns the raw option string into a typed value or raises the advisor's InputError, which
the command tree shows privately, word for word.
"""

from __future__ import annotations

from decimal import Decimal

import discord
from discord import app_commands

from advisor.fees import SCHEDULES, FeeSchedule, get_schedule
from advisor.money import parse_amount, parse_rate


class AmountInput(app_commands.Transformer[discord.Client]):
    """`15000`, `$15,000.50`, `15k`: a positive amount of money."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.string

    @property
    def max_value(self) -> int:
        # Discord's limit on a string option's length; long enough for any real amount.
        return 40

    async def transform(self, interaction: discord.Interaction, value: str) -> Decimal:
        return parse_amount(value)


class RateInput(app_commands.Transformer[discord.Client]):
    """`10`, `10%`, `7.5%`: a fee rate as a percentage."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.string

    @property
    def max_value(self) -> int:
        return 10

    async def transform(self, interaction: discord.Interaction, value: str) -> Decimal:
        return parse_rate(value)


class PlatformInput(app_commands.Transformer[discord.Client]):
    """One of the fee schedules Gigwise knows, picked from a list."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.string

    @property
    def choices(self) -> list[app_commands.Choice[int | float | str]]:
        return [
            app_commands.Choice(name=schedule.label[:100], value=key)
            for key, schedule in SCHEDULES.items()
        ]

    async def transform(self, interaction: discord.Interaction, value: str) -> FeeSchedule:
        return get_schedule(value)


Amount = app_commands.Transform[Decimal, AmountInput]
Rate = app_commands.Transform[Decimal, RateInput]
Platform = app_commands.Transform[FeeSchedule, PlatformInput]
