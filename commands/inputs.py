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


class TypedText(app_commands.Transformer[discord.Client]):
    """A string option, at most `max_length` characters, that `transform` turns into a value.

    Members type amounts, rates and dates as text (`15k`, `7.5%`, `3 days ago`), which Discord's
    number options would refuse; the advisor reads them instead.
    """

    max_length: int | None = None

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.string

    @property
    def max_value(self) -> int | None:
        # For a string option discord.py sends this as Discord's `max_length`.
        return self.max_length


class AmountInput(TypedText):
    """`15000`, `$15,000.50`, `15k`: a positive amount of money."""

    max_length = 40

    async def transform(self, interaction: discord.Interaction, value: str) -> Decimal:
        return parse_amount(value)


class RateInput(TypedText):
    """`10`, `10%`, `7.5%`: a fee rate as a percentage."""

    max_length = 10

    async def transform(self, interaction: discord.Interaction, value: str) -> Decimal:
        return parse_rate(value)


class PlatformInput(TypedText):
    """One of the fee schedules Gigwise knows, picked from a list."""

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
