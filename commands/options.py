"""Every option type a command takes, and the autocomplete behind the ones that name a member's records.

Each Transformer turns the raw option string into a typed value or raises the advisor's InputError,
which the error path shows privately, word for word. Members type amounts, rates and dates as text
(`15k`, `7.5%`, `3 days ago`), which Discord's number options would refuse.

Autocomplete is a suggestion, not a guarantee: a member can type anything, so every value that
names a client or a contract is looked up again, scoped to the member, when the command runs.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

import discord
from discord import app_commands

from advisor.days import parse_day
from advisor.fee_calendar import FeeRule, get_rule, rule_keys
from advisor.ledger import (
    ContractRecord,
    ContractStatus,
    RatingError,
    UnknownContract,
    check_rating,
    clean_client_name,
)
from advisor.money import Money, parse_money, parse_rate
from commands.services import database_of, today
from db.repositories.billing_corrections import BillingCorrectionRepository
from db.repositories.clients import ClientRepository
from db.repositories.contracts import ContractRepository


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
    """`15000`, `$15,000.50`, `£1,200`, `15k EUR`: a positive amount of money, with the currency
    it was typed in if it names one (a bare number takes the server's or the record's)."""

    max_length = 40

    async def transform(self, interaction: discord.Interaction, value: str) -> Money:
        return parse_money(value)


class RateInput(TypedText):
    """`10`, `10%`, `7.5%`: a fee rate as a percentage."""

    max_length = 10

    async def transform(self, interaction: discord.Interaction, value: str) -> Decimal:
        return parse_rate(value)


class PlatformInput(TypedText):
    """A fee rule picked from a list: Upwork's dated calendar (`upwork`) or one schedule."""

    @property
    def choices(self) -> list[app_commands.Choice[int | float | str]]:
        return [
            app_commands.Choice(name=get_rule(key).label[:100], value=key) for key in rule_keys()
        ]

    async def transform(self, interaction: discord.Interaction, value: str) -> FeeRule:
        return get_rule(value)


Amount = app_commands.Transform[Money, AmountInput]
Rate = app_commands.Transform[Decimal, RateInput]
Platform = app_commands.Transform[FeeRule, PlatformInput]


RATING_HINT = "Give a rating from 1.00 to 5.00 with at most two decimals, like 4.85."


async def client_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """The member's own clients whose name contains what they typed."""
    database = database_of(interaction.client)  # type: ignore[arg-type]
    async with database.read() as reads:
        clients = await ClientRepository(reads).search(interaction.user.id, current[:100])
    return [
        app_commands.Choice(name=client.name[:100], value=client.name[:100]) for client in clients
    ]


async def _contract_choices(
    interaction: discord.Interaction, current: str, statuses: frozenset[ContractStatus] | None
) -> list[app_commands.Choice[str]]:
    database = database_of(interaction.client)  # type: ignore[arg-type]
    async with database.read() as reads:
        found = await ContractRepository(reads).search(
            interaction.user.id, current[:100], statuses=statuses
        )
    return [
        app_commands.Choice(name=choice.label[:100], value=str(choice.number)) for choice in found
    ]


async def active_contract_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return await _contract_choices(interaction, current, frozenset({ContractStatus.ACTIVE}))


async def any_contract_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return await _contract_choices(interaction, current, None)


# What a billing choice sends back: its id, marked so that a date or an amount typed in its
# place is never read as one.
BILLING_VALUE_PREFIX = "id:"


def billing_value(billing_id: int) -> str:
    """The value a billing choice sends back."""
    return f"{BILLING_VALUE_PREFIX}{billing_id}"


def billing_id_in(value: str) -> int | None:
    """The billing id a choice sent back, if `value` is one."""
    digits = value.strip().removeprefix(BILLING_VALUE_PREFIX)
    if digits == value.strip() or not digits.isdecimal() or len(digits) > 10:
        return None
    return int(digits)


async def billing_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """The member's own billings, newest first: of the contract already given, if any."""
    database = database_of(interaction.client)  # type: ignore[arg-type]
    typed_contract = str(getattr(interaction.namespace, "contract", None) or "").strip()
    contract_id = None
    async with database.read() as reads:
        if typed_contract:
            contracts = ContractRepository(reads)
            number = _typed_number(typed_contract)
            if number is None:
                found = await contracts.search(interaction.user.id, typed_contract[:100], limit=2)
                number = found[0].number if len(found) == 1 else None
            if number is None:
                return []
            try:
                contract_id = (await contracts.get(interaction.user.id, number, by_number=True)).id
            except UnknownContract:
                return []
        billings = await BillingCorrectionRepository(reads).choices(
            interaction.user.id, current[:100], contract_id
        )
    return [
        app_commands.Choice(name=choice.label, value=billing_value(choice.id))
        for choice in billings
    ]


class ClientNameInput(TypedText):
    """A client's name, cleaned; new names are welcome where a command creates clients."""

    max_length = 100

    async def transform(self, interaction: discord.Interaction, value: str) -> str:
        return clean_client_name(value)


def _typed_number(value: str) -> int | None:
    """The member's contract number in `#24` or `24` (what autocomplete sends), if it is one."""
    digits = value.strip().removeprefix("#").strip()
    return int(digits) if digits.isdecimal() and len(digits) <= 10 else None


async def _titled_contract_number(interaction: discord.Interaction, value: str) -> int:
    """The number of the member's one contract whose title or client matches what they typed."""
    database = database_of(interaction.client)  # type: ignore[arg-type]
    async with database.read() as reads:
        found = await ContractRepository(reads).search(interaction.user.id, value[:100], limit=2)
    if len(found) != 1:
        raise UnknownContract()
    return found[0].number


async def _contract_number(interaction: discord.Interaction, value: str) -> int:
    number = _typed_number(value)
    return number if number is not None else await _titled_contract_number(interaction, value)


class ContractInput(TypedText):
    """One of the member's contracts: its number (`#24` or `24`, what autocomplete sends), or a
    title typed in full."""

    max_length = 100

    async def transform(self, interaction: discord.Interaction, value: str) -> ContractRecord:
        number = await _contract_number(interaction, value)
        database = database_of(interaction.client)  # type: ignore[arg-type]
        async with database.read() as reads:
            return await ContractRepository(reads).get(interaction.user.id, number, by_number=True)


class ContractNumberInput(TypedText):
    """As `ContractInput`, for a command that reads the contract in its own transaction: only
    the member's number for it, so what autocomplete sends costs no read here. Whether the
    member has such a contract is the command's to check."""

    max_length = 100

    async def transform(self, interaction: discord.Interaction, value: str) -> int:
        return await _contract_number(interaction, value)


class DayInput(TypedText):
    """`2026-11-28`, `today`, `yesterday`, `3 days ago`."""

    max_length = 20

    async def transform(self, interaction: discord.Interaction, value: str) -> date:
        return parse_day(value, today(interaction))


class PeriodEndInput(DayInput):
    """A day as `DayInput` reads it, which may lie ahead: the end of a period still running."""

    async def transform(self, interaction: discord.Interaction, value: str) -> date:
        return parse_day(value, today(interaction), future=True)


class RatingInput(TypedText):
    """A star rating as the platform shows it: `5`, `4.85`."""

    max_length = 10

    async def transform(self, interaction: discord.Interaction, value: str) -> Decimal:
        text = value.strip().removesuffix("stars").removesuffix("★").strip()
        try:
            rating = Decimal(text)
        except InvalidOperation:
            raise RatingError(RATING_HINT) from None
        if not rating.is_finite():
            raise RatingError(RATING_HINT)
        checked = check_rating(rating)
        assert checked is not None
        return checked


ClientName = app_commands.Transform[str, ClientNameInput]
ContractChoice = app_commands.Transform[ContractRecord, ContractInput]
ContractNumber = app_commands.Transform[int, ContractNumberInput]
Day = app_commands.Transform[date, DayInput]
PeriodEnd = app_commands.Transform[date, PeriodEndInput]
Rating = app_commands.Transform[Decimal, RatingInput]
