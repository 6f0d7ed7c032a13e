"""The fee commands: parse the options, ask advisor.fees, hand the result to the renderer."""

from __future__ import annotations

from decimal import Decimal

import discord
from discord import app_commands
from discord.ext import commands

from advisor.fee_calendar import (
    FeeQuote,
    FeeRule,
    price_bill,
    quote,
    schedule_on,
    seed_schedule,
)
from advisor.fees import FeeBreakdown, compare, gross_for_net, scenarios_currency
from advisor.ledger import UnknownClient, require_currency
from advisor.money import Money
from commands.answering import answer, expect
from commands.fees import _render
from commands.fees._answers import FeeAnswers
from commands.fees._inputs import ScenarioOption
from commands.options import Amount, ClientName, Platform, Rate, client_choices
from commands.services import MemberRates, ServerDefaults, today
from db.database import Database
from db.repositories.billings import terms_of
from db.repositories.clients import ClientRepository
from db.repositories.contracts import ContractRepository


class FeesCog(commands.Cog):
    """What a platform keeps of a bill."""

    def __init__(self, database: Database, defaults: ServerDefaults, rates: MemberRates) -> None:
        self.database = database
        self.defaults = defaults
        self.rates = rates
        self.answers = FeeAnswers()

    async def _quote(
        self,
        interaction: discord.Interaction,
        amount: Decimal,
        currency: str | None,
        platform: FeeRule | None,
        rate: Decimal | None,
    ) -> FeeQuote:
        rule = await self.defaults.rule(interaction.guild_id, platform)
        day = today(interaction)
        server_currency = await self.defaults.currency(interaction.guild_id)
        member_rate = server_rate = None
        if rate is None and schedule_on(rule, day).needs_rate:
            member_rate = await self.rates.get(interaction.user.id)
            server_rate = await self.defaults.rate(interaction.guild_id)
        return quote(
            amount,
            rule,
            day,
            rate,
            member_rate,
            server_rate,
            currency=currency,
            default_currency=server_currency,
        )

    async def _client_fee(
        self, interaction: discord.Interaction, amount: Money, client: str
    ) -> FeeBreakdown:
        """The fee on a bill to one of the member's clients, on the terms of their latest
        contract, at what was already billed to them, in the client's currency."""
        async with self.database.read() as reads:
            clients = ClientRepository(reads)
            record = await clients.find(interaction.user.id, client)
            if record is None:
                raise UnknownClient()
            lifetime = await clients.lifetime_billed(interaction.user.id, record.id)
            latest = await ContractRepository(reads).latest_for_client(
                interaction.user.id, record.id
            )
        require_currency(record.name, record.currency, amount.currency)
        day = today(interaction)
        if latest is None:
            rule = await self.defaults.rule(interaction.guild_id)
            return quote(
                amount.amount, rule, day, lifetime_before=lifetime, currency=record.currency
            ).breakdown
        return price_bill(terms_of(latest), amount.amount, day, lifetime)

    @app_commands.command(
        name="fee",
        description="See what the platform keeps of a bill and what you take home.",
        extras={"example": "/fee 15000"},
    )
    @app_commands.describe(
        amount="What you bill, e.g. 15000, $2,500.50 or 15k",
        platform="Fee rule (default: the server's, Upwork's fee in force today)",
        rate="Your contract's fee rate in percent, where it has its own (e.g. 12.5)",
        client="One of your clients: the fee on their contract's terms, at what you've billed them",
    )
    @app_commands.autocomplete(client=client_choices)
    async def fee(
        self,
        interaction: discord.Interaction,
        amount: Amount,
        platform: Platform | None = None,
        rate: Rate | None = None,
        client: ClientName | None = None,
    ) -> None:
        expect(interaction, private=bool(client))
        if client:
            breakdown = await self._client_fee(interaction, amount, client)
            # What a member billed a client is theirs: priced at a client, the answer is private.
            await answer(interaction, embed=_render.fee_embed(breakdown), ephemeral=True)
            return
        embed = self.answers.embed(
            await self._quote(interaction, amount.amount, amount.currency, platform, rate)
        )
        await answer(interaction, embed=embed)

    @app_commands.command(
        name="compare",
        description="Compare two ways to bill the same work: many small jobs or a few big ones.",
        extras={"example": "/compare 30x500 1x15000"},
    )
    @app_commands.describe(
        first="Jobs x amount, each with a new client, e.g. 30x500",
        second="Jobs x amount, each with a new client, e.g. 1x15000",
        platform="Fee rule (default: the server's, Upwork's fee in force today)",
        rate="Your contract's fee rate in percent, where it has its own",
    )
    async def compare(
        self,
        interaction: discord.Interaction,
        first: ScenarioOption,
        second: ScenarioOption,
        platform: Platform | None = None,
        rate: Rate | None = None,
    ) -> None:
        expect(interaction, private=False)
        currency = scenarios_currency(first, second)
        priced = await self._quote(interaction, first.job_amount, currency, platform, rate)
        schedule = priced.breakdown.schedule
        comparison = compare(first, second, schedule, rate=priced.rate.rate)
        seed = compare(first, second, seed_schedule()) if priced.seed is not None else None
        await answer(
            interaction,
            embed=_render.comparison_embed(
                comparison, schedule, in_force=priced.in_force, seed=seed
            ),
        )

    @app_commands.command(
        name="target",
        description="What to bill a new client to take home a given amount.",
        extras={"example": "/target 5000"},
    )
    @app_commands.describe(
        net="What you want to take home, e.g. 5000",
        platform="Fee rule (default: the server's, Upwork's fee in force today)",
        rate="Your contract's fee rate in percent, where it has its own",
    )
    async def target(
        self,
        interaction: discord.Interaction,
        net: Amount,
        platform: Platform | None = None,
        rate: Rate | None = None,
    ) -> None:
        expect(interaction, private=False)
        priced = await self._quote(interaction, net.amount, net.currency, platform, rate)
        breakdown = gross_for_net(net.amount, priced.breakdown.schedule, rate=priced.rate.rate)
        seed = gross_for_net(net.amount, seed_schedule()) if priced.seed is not None else None
        await answer(
            interaction,
            embed=_render.target_embed(
                net.amount,
                breakdown,
                in_force=priced.in_force,
                seed=seed,
                rate_note=_render.rate_note(priced),
            ),
        )
