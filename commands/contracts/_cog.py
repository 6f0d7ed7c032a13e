"""The contract commands: read the options, ask the repositories and advisor.fees, render."""

from __future__ import annotations

from decimal import Decimal

import discord
from discord import app_commands
from discord.ext import commands

from advisor.fees import FeeBreakdown, FeeSchedule, fee_for, schedule_or_default
from advisor.ledger import BillingSource, ContractKind, ContractRecord, ContractStatus
from commands.contracts import _render
from commands.options import (
    Amount,
    ClientName,
    ContractChoice,
    ContractId,
    Day,
    Platform,
    Rate,
    Rating,
    active_contract_choices,
    client_choices,
)
from commands.replies import interaction_key
from commands.services import ServerDefaults, today
from db.database import Database
from db.repositories.billings import BillingRepository
from db.repositories.clients import ClientRepository
from db.repositories.contracts import ContractRepository

KINDS = [
    app_commands.Choice(name="Hourly", value=ContractKind.HOURLY.value),
    app_commands.Choice(name="Fixed price", value=ContractKind.FIXED.value),
]
OUTCOMES = [
    app_commands.Choice(name="Completed", value=ContractStatus.COMPLETED.value),
    app_commands.Choice(name="Cancelled", value=ContractStatus.CANCELLED.value),
    app_commands.Choice(name="Disputed", value=ContractStatus.DISPUTED.value),
]
STATUSES = [app_commands.Choice(name="Active", value=ContractStatus.ACTIVE.value), *OUTCOMES]


def _kind(choice: app_commands.Choice[str] | None) -> ContractKind | None:
    return ContractKind(choice.value) if choice is not None else None


def _contract_schedule(contract: ContractRecord) -> FeeSchedule:
    return schedule_or_default(contract.fee_schedule)


def _contract_fee(
    amount: Decimal, contract: ContractRecord, lifetime_before: Decimal
) -> FeeBreakdown:
    """The fee on a billing of the contract, under its terms."""
    return _fee_at_tier(
        amount, _contract_schedule(contract), lifetime_before, contract.fee_rate, contract.kind
    )


def _fee_at_tier(
    amount: Decimal,
    schedule: FeeSchedule,
    lifetime_before: Decimal,
    rate: Decimal | None,
    kind: ContractKind | None,
) -> FeeBreakdown:
    return fee_for(amount, schedule, lifetime_before, rate, hourly=kind is ContractKind.HOURLY)


class ContractsCog(commands.Cog):
    """Each member's clients, contracts and billings."""

    contract = app_commands.Group(
        name="contract",
        description="Log your contracts and billings to track every client's fee tier.",
    )

    def __init__(self, database: Database, defaults: ServerDefaults) -> None:
        self.database = database
        self.defaults = defaults

    @contract.command(name="add", description="Log a finished job in one step.")
    @app_commands.describe(
        client="The client's name (new names are added)",
        amount="What you billed in all, e.g. 1200",
        rating="The client's star rating, 1.00 to 5.00",
        title="What the job was",
        kind="Hourly or fixed price",
        date="When it finished (default today), e.g. 2026-11-28 or 3 days ago",
        platform="Fee schedule (default: the server's)",
        rate="Fee rate in percent, for Upwork variable or custom",
    )
    @app_commands.choices(kind=KINDS)
    @app_commands.autocomplete(client=client_choices)
    async def add(
        self,
        interaction: discord.Interaction,
        client: ClientName,
        amount: Amount,
        rating: Rating | None = None,
        title: app_commands.Range[str, 1, 200] | None = None,
        kind: app_commands.Choice[str] | None = None,
        date: Day | None = None,
        platform: Platform | None = None,
        rate: Rate | None = None,
    ) -> None:
        schedule = await self.defaults.schedule(interaction.guild_id, platform)
        finished_on = date or today(interaction)
        member_id = interaction.user.id
        async with self.database.write() as writes:
            record = await ClientRepository(writes).get_or_create(
                member_id, client, schedule.ledger_platform, schedule.currency
            )
            before = await ClientRepository(writes).lifetime_billed(
                member_id, record.id, to_bill=True
            )
            breakdown = _fee_at_tier(amount, schedule, before, rate, _kind(kind))
            finished = await ContractRepository(writes).add_finished(
                member_id,
                record.id,
                amount=amount,
                currency=record.currency,
                finished_on=finished_on,
                fee_charged=breakdown.fee,
                idempotency_key=interaction_key(interaction),
                title=title,
                kind=_kind(kind),
                rating=rating,
                fee_schedule=schedule.key,
                fee_rate=rate,
            )
        embed = _render.finished_embed(finished, breakdown)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @contract.command(name="start", description="Open a contract with a client, to bill as you go.")
    @app_commands.describe(
        client="The client's name (new names are added)",
        title="What the contract is for",
        kind="Hourly or fixed price",
        rate="Fee rate in percent, for Upwork variable or custom",
        platform="Fee schedule (default: the server's)",
        date="When it started (default today)",
    )
    @app_commands.choices(kind=KINDS)
    @app_commands.autocomplete(client=client_choices)
    async def start(
        self,
        interaction: discord.Interaction,
        client: ClientName,
        title: app_commands.Range[str, 1, 200],
        kind: app_commands.Choice[str] | None = None,
        rate: Rate | None = None,
        platform: Platform | None = None,
        date: Day | None = None,
    ) -> None:
        schedule = await self.defaults.schedule(interaction.guild_id, platform)
        # Checks the rate against the schedule now, not at the first billing.
        fee_for(Decimal(1), schedule, rate=rate)
        member_id = interaction.user.id
        async with self.database.write() as writes:
            record = await ClientRepository(writes).get_or_create(
                member_id, client, schedule.ledger_platform, schedule.currency
            )
            contract = await ContractRepository(writes).start(
                member_id,
                record.id,
                title=title,
                started_on=date or today(interaction),
                kind=_kind(kind),
                fee_schedule=schedule.key,
                fee_rate=rate,
            )
        await interaction.response.send_message(
            embed=_render.started_embed(contract, schedule),
            ephemeral=True,
        )

    @contract.command(name="bill", description="Record hours invoiced or a milestone approved.")
    @app_commands.describe(
        contract="The contract (pick from the list)",
        amount="What was billed, e.g. 750",
        date="When (default today)",
    )
    @app_commands.autocomplete(contract=active_contract_choices)
    async def bill(
        self,
        interaction: discord.Interaction,
        contract: ContractId,
        amount: Amount,
        date: Day | None = None,
    ) -> None:
        def fee_at_tier(record: ContractRecord, lifetime_before: Decimal) -> Decimal:
            return _contract_fee(amount, record, lifetime_before).fee

        # Every statement of a billing runs on the driver path, so it needs no session; the
        # contract is read once, inside it.
        async with self.database.write() as writes:
            priced = await BillingRepository(writes).record_priced(
                interaction.user.id,
                contract,
                amount,
                date or today(interaction),
                fee_at_tier,
                BillingSource.TYPED,
                interaction_key(interaction),
            )
        breakdown = _contract_fee(amount, priced.contract, priced.result.lifetime_before)
        await interaction.response.send_message(
            embed=_render.billed_embed(priced.contract, priced.result, breakdown),
            ephemeral=True,
        )

    @contract.command(name="end", description="Close a contract, with the client's rating if any.")
    @app_commands.describe(
        contract="The contract (pick from the list)",
        rating="The client's star rating, 1.00 to 5.00",
        feedback="What the client wrote",
        outcome="How it ended (default: completed)",
        date="When it ended (default today)",
    )
    @app_commands.choices(outcome=OUTCOMES)
    @app_commands.autocomplete(contract=active_contract_choices)
    async def end(
        self,
        interaction: discord.Interaction,
        contract: ContractChoice,
        rating: Rating | None = None,
        feedback: app_commands.Range[str, 1, 2000] | None = None,
        outcome: app_commands.Choice[str] | None = None,
        date: Day | None = None,
    ) -> None:
        status = ContractStatus(outcome.value) if outcome is not None else ContractStatus.COMPLETED
        async with self.database.write() as writes:
            ended = await ContractRepository(writes).end(
                interaction.user.id,
                contract.id,
                ended_on=date or today(interaction),
                status=status,
                rating=rating,
                feedback=feedback,
            )
        await interaction.response.send_message(embed=_render.ended_embed(ended), ephemeral=True)

    @contract.command(name="list", description="Your contracts, active first.")
    @app_commands.describe(
        status="Only contracts with this status", share="Show the list to the channel"
    )
    @app_commands.choices(status=STATUSES)
    async def list_contracts(
        self,
        interaction: discord.Interaction,
        status: app_commands.Choice[str] | None = None,
        share: bool = False,
    ) -> None:
        wanted = ContractStatus(status.value) if status is not None else None
        async with self.database.read() as reads:
            contracts = await ContractRepository(reads).list(interaction.user.id, wanted)
        await interaction.response.send_message(
            embed=_render.list_embed(contracts, wanted),
            ephemeral=not share,
        )
