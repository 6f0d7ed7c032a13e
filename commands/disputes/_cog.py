"""The /dispute command: what a win leaves of what you're owed, after the service fee and the
arbitration fee, and the free steps to try first.

Privacy: a bare amount is a general question, answered to the channel like /fee. Naming one of
your contracts prices the answer on your own record, so that answer is private by default, as
every reply about a member's records is. `private` overrides either way.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from advisor.disputes import (
    DEFAULT_ARBITRATION_FEE,
    RECORD_CURRENCY,
    dispute_advice,
    terms_of_contract,
    terms_today,
)
from advisor.errors import CurrencyConversion
from advisor.ledger import require_currency
from commands.answering import answer, expect
from commands.disputes._render import dispute_embed
from commands.options import Amount, ContractChoice, Rate, any_contract_choices
from commands.services import MemberRates, ServerDefaults, today
from db.database import Database
from db.repositories.clients import ClientRepository


class DisputesCog(commands.Cog):
    """Whether a fixed-price dispute is worth taking to arbitration."""

    def __init__(self, database: Database, defaults: ServerDefaults, rates: MemberRates) -> None:
        self.database = database
        self.defaults = defaults
        self.rates = rates

    @app_commands.command(
        name="dispute",
        description="Does arbitration pay? What a win leaves after the service and arbitration fees.",
        extras={"example": "/dispute 1200"},
    )
    @app_commands.describe(
        owed="What the client owes you on the fixed-price contract, e.g. 1200",
        arbitration_fee=(
            "Your arbitration fee, if quoted "
            f"(default: the server's, else ${DEFAULT_ARBITRATION_FEE} and the other fees on record)"
        ),
        contract="One of your contracts: the service fee at its own terms (answer private)",
        rate="The fee rate on your contract in percent, for Upwork's per-contract fee (e.g. 15)",
        private="Answer only you (default: private when you name a contract)",
    )
    @app_commands.autocomplete(contract=any_contract_choices)
    async def dispute(
        self,
        interaction: discord.Interaction,
        owed: Amount,
        arbitration_fee: Amount | None = None,
        contract: ContractChoice | None = None,
        rate: Rate | None = None,
        private: bool | None = None,
    ) -> None:
        ephemeral = private if private is not None else contract is not None
        expect(interaction, private=ephemeral)
        settings = await self.defaults.get(interaction.guild_id)
        day = today(interaction)
        member_rate = await self.rates.get(interaction.user.id) if rate is None else None
        server_rate = settings.default_fee_rate if settings is not None else None
        if contract is None:
            terms = terms_today(
                settings.default_platform if settings is not None else None,
                day,
                typed_rate=rate,
                member_rate=member_rate,
                server_rate=server_rate,
                currency=owed.currency,
                default_currency=settings.currency if settings is not None else None,
            )
        else:
            require_currency(contract.client_name, contract.currency, owed.currency)
            async with self.database.read() as reads:
                lifetime = await ClientRepository(reads).lifetime_billed(
                    interaction.user.id, contract.client_id
                )
            # Released today: the calendar's switch days all lie before 2024, so no lifetime
            # at a switch day is needed.
            terms = terms_of_contract(
                contract,
                day,
                lifetime_billed=lifetime,
                typed_rate=rate,
                member_rate=member_rate,
                server_rate=server_rate,
            )
        if arbitration_fee is not None and arbitration_fee.currency not in (None, terms.currency):
            raise CurrencyConversion(
                f"The amount owed is in {terms.currency} and the arbitration fee in "
                f"{arbitration_fee.currency}; Gigwise doesn't convert currencies, so give both "
                "in the same one."
            )
        advice = dispute_advice(
            owed.amount,
            terms,
            typed_fee=arbitration_fee.amount if arbitration_fee is not None else None,
            server_fee=settings.arbitration_fee if settings is not None else None,
            server_fee_currency=settings.currency if settings is not None else RECORD_CURRENCY,
        )
        await answer(interaction, embed=dispute_embed(advice, contract), ephemeral=ephemeral)
