"""The contract commands: read the options, ask the repositories and advisor.fees, render;
the corrections (undo, unbill, edit, delete) ask first, in `_corrections`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal

import discord
from discord import app_commands
from discord.ext import commands

from advisor.errors import CurrencyConversion
from advisor.fee_calendar import currency_on
from advisor.ledger import ContractKind, ContractStatus, require_currency
from advisor.money import Money
from advisor.quotas import MemberQuotas
from commands.answering import answer, expect, update
from commands.community.notes import mention_warnings, warnings_for_new_client
from commands.contracts import _corrections, _render
from commands.options import (
    Amount,
    ClientName,
    ContractChoice,
    ContractNumber,
    Day,
    Platform,
    Rate,
    Rating,
    active_contract_choices,
    any_contract_choices,
    billing_choices,
    client_choices,
)
from commands.replies import interaction_key
from commands.services import ServerDefaults, today
from commands.views import MembersOwnView
from db.database import Database
from db.repositories.billings import (
    BillingRepository,
    ContractAlreadyEnded,
    PricedBilling,
    recorded_fee,
)
from db.repositories.clients import ClientRepository
from db.repositories.contract_corrections import ContractChanges
from db.repositories.contracts import ContractRepository, DuplicateJob, LoggedJob
from db.repositories.quotas import QuotaCheck

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


def _fee_in(fee: Money | None, currency: str | None) -> Decimal | None:
    """The fee a member typed for a bill in `currency`: typed in another, it is refused."""
    if fee is None:
        return None
    if fee.currency and currency and fee.currency != currency:
        raise CurrencyConversion(
            f"The fee is in {fee.currency} and the bill in {currency}; Gigwise doesn't convert "
            "currencies, so give both in the same one."
        )
    return fee.amount


def _kind(choice: app_commands.Choice[str] | None) -> ContractKind | None:
    return ContractKind(choice.value) if choice is not None else None


class LogAgainView(MembersOwnView):
    """Asks before logging a job just like one logged the same day."""

    def __init__(self, owner_id: int, log_again: Callable[[discord.Interaction], Awaitable[None]]):
        super().__init__(owner_id)
        self.log_again = log_again

    @discord.ui.button(label="Log it again", style=discord.ButtonStyle.primary)
    async def confirm(
        self, interaction: discord.Interaction, button: discord.ui.Button[LogAgainView]
    ) -> None:
        self.stop()
        await self.log_again(interaction)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(
        self, interaction: discord.Interaction, button: discord.ui.Button[LogAgainView]
    ) -> None:
        self.stop()
        await update(interaction, embed=_render.nothing_logged(), view=None)


class BillEndedView(MembersOwnView):
    """Asks before recording a billing on a contract that has ended."""

    def __init__(self, owner_id: int, record: Callable[[discord.Interaction], Awaitable[None]]):
        super().__init__(owner_id)
        self.record = record

    @discord.ui.button(label="Record it anyway", style=discord.ButtonStyle.primary)
    async def confirm(
        self, interaction: discord.Interaction, button: discord.ui.Button[BillEndedView]
    ) -> None:
        self.stop()
        await self.record(interaction)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(
        self, interaction: discord.Interaction, button: discord.ui.Button[BillEndedView]
    ) -> None:
        self.stop()
        await update(interaction, embed=_render.nothing_logged(), view=None)


class ContractsCog(commands.Cog):
    """Each member's clients, contracts and billings."""

    contract = app_commands.Group(
        name="contract",
        description="Log your contracts and billings to track every client's fee tier.",
    )

    def __init__(
        self, database: Database, defaults: ServerDefaults, quotas: QuotaCheck | None = None
    ) -> None:
        self.database = database
        self.defaults = defaults
        # What one member may keep: typed contracts and billings count as imported ones do.
        self.quotas = quotas if quotas is not None else QuotaCheck(MemberQuotas())

    @contract.command(name="add", description="Log a finished job in one step.")
    @app_commands.describe(
        client="The client's name (new names are added)",
        amount="What you billed in all, e.g. 1200",
        rating="The client's star rating, 1.00 to 5.00",
        title="What the job was",
        kind="Hourly or fixed price",
        date="When it finished (default today), e.g. 2026-11-28 or 3 days ago",
        platform="Fee rule (default: the server's, Upwork's fee in force on each date)",
        rate="Your contract's fee rate in percent, where it has its own (e.g. 12.5)",
        fee="The fee the platform charged, if your statement shows it",
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
        fee: Amount | None = None,
    ) -> None:
        rule = await self.defaults.rule(interaction.guild_id, platform)
        server_rate = await self.defaults.rate(interaction.guild_id)
        finished_on = date or today(interaction)
        new_client_currency = currency_on(
            rule, finished_on, amount.currency, await self.defaults.currency(interaction.guild_id)
        )

        async def log(answering: discord.Interaction, *, again: bool) -> LoggedJob:
            async with self.database.write() as writes:
                record = await ClientRepository(writes).get_or_create(
                    interaction.user.id, client, rule.ledger_platform, new_client_currency
                )
                currency = require_currency(record.name, record.currency, amount.currency)
                return await ContractRepository(writes).add_finished(
                    interaction.user.id,
                    record.id,
                    amount=amount.amount,
                    currency=currency,
                    finished_on=finished_on,
                    fee_charged=_fee_in(fee, currency),
                    idempotency_key=interaction_key(answering),
                    title=title,
                    kind=_kind(kind),
                    rating=rating,
                    fee_schedule=rule.key,
                    fee_rate=rate,
                    server_rate=server_rate,
                    again=again,
                    quotas=self.quotas,
                )

        async def log_again(pressed: discord.Interaction) -> None:
            logged = await log(pressed, again=True)
            await update(
                pressed, embed=_render.finished_embed(logged, today(interaction)), view=None
            )

        warned = await warnings_for_new_client(interaction, client)
        try:
            logged = await log(interaction, again=False)
        except DuplicateJob as same:
            await answer(
                interaction,
                embed=_render.same_job_embed(same),
                view=LogAgainView(interaction.user.id, log_again),
                ephemeral=True,
            )
            return
        await answer(
            interaction, embed=_render.finished_embed(logged, today(interaction)), ephemeral=True
        )
        await mention_warnings(interaction, warned)

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
        rule = await self.defaults.rule(interaction.guild_id, platform)
        server_rate = await self.defaults.rate(interaction.guild_id)
        member_id = interaction.user.id
        started_on = date or today(interaction)
        new_client_currency = currency_on(
            rule, started_on, None, await self.defaults.currency(interaction.guild_id)
        )
        warned = await warnings_for_new_client(interaction, client)
        async with self.database.write() as writes:
            record = await ClientRepository(writes).get_or_create(
                member_id, client, rule.ledger_platform, new_client_currency
            )
            contract = await ContractRepository(writes).start(
                member_id,
                record.id,
                title=title,
                started_on=started_on,
                kind=_kind(kind),
                fee_schedule=rule.key,
                fee_rate=rate,
                server_rate=server_rate,
                quotas=self.quotas,
            )
        await answer(interaction, embed=_render.started_embed(contract), ephemeral=True)
        await mention_warnings(interaction, warned)

    @contract.command(name="bill", description="Record hours invoiced or a milestone approved.")
    @app_commands.describe(
        contract="The contract (pick from the list, or type its number like #3)",
        amount="What was billed, e.g. 750",
        date="When (default today)",
        fee="The fee the platform charged, if your statement shows it",
    )
    @app_commands.autocomplete(contract=active_contract_choices)
    async def bill(
        self,
        interaction: discord.Interaction,
        contract: ContractNumber,
        amount: Amount,
        date: Day | None = None,
        fee: Amount | None = None,
    ) -> None:
        billed_on = date or today(interaction)

        async def record(answering: discord.Interaction, *, after_end: bool) -> PricedBilling:
            async with self.database.write() as writes:
                return await BillingRepository(writes).bill(
                    interaction.user.id,
                    contract,
                    amount=amount.amount,
                    currency=amount.currency or (fee.currency if fee is not None else None),
                    billed_on=billed_on,
                    idempotency_key=interaction_key(answering),
                    fee=recorded_fee(_fee_in(fee, amount.currency)) if fee is not None else None,
                    by_number=True,
                    after_end=after_end,
                    quotas=self.quotas,
                )

        async def record_anyway(pressed: discord.Interaction) -> None:
            priced = await record(pressed, after_end=True)
            await update(pressed, embed=_render.billed_embed(priced, today(interaction)), view=None)

        try:
            priced = await record(interaction, after_end=False)
        except ContractAlreadyEnded as ended:
            await answer(
                interaction,
                embed=_render.ended_contract_embed(ended),
                view=BillEndedView(interaction.user.id, record_anyway),
                ephemeral=True,
            )
            return
        await answer(
            interaction, embed=_render.billed_embed(priced, today(interaction)), ephemeral=True
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
        await answer(interaction, embed=_render.ended_embed(ended), ephemeral=True)

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
        expect(interaction, private=not share)
        wanted = ContractStatus(status.value) if status is not None else None
        async with self.database.read() as reads:
            contracts = await ContractRepository(reads).list(interaction.user.id, wanted)
        await answer(
            interaction,
            embed=_render.list_embed(contracts, wanted),
            ephemeral=not share,
        )

    @contract.command(name="undo", description="Take back the last billing you typed (asks first).")
    async def undo(self, interaction: discord.Interaction) -> None:
        await _corrections.undo(self.database, interaction)

    @contract.command(
        name="unbill", description="Take back one billing of a contract (asks first)."
    )
    @app_commands.describe(
        contract="The contract (pick from the list, or type its number like #3)",
        billing="The billing (pick from the list, or type its date or amount)",
    )
    @app_commands.autocomplete(contract=any_contract_choices, billing=billing_choices)
    async def unbill(
        self,
        interaction: discord.Interaction,
        contract: ContractChoice,
        billing: app_commands.Range[str, 1, 100],
    ) -> None:
        await _corrections.unbill(self.database, interaction, contract, billing)

    @contract.command(
        name="edit",
        description="Change a contract's client, title, dates, rating or fees (asks first).",
    )
    @app_commands.describe(
        contract="The contract (pick from the list, or type its number like #3)",
        client="Move it to this client (new names are added)",
        title="Its new title",
        started="When it started, e.g. 2026-11-28",
        ended="When it ended (a contract that has ended)",
        rating="The client's star rating, 1.00 to 5.00 (a contract that has ended)",
        kind="Hourly or fixed price",
        platform="Fee schedule it was priced by",
        rate="Its fee rate in percent, where its schedule has one per contract (e.g. 12.5)",
    )
    @app_commands.choices(kind=KINDS)
    @app_commands.autocomplete(contract=any_contract_choices, client=client_choices)
    async def edit(
        self,
        interaction: discord.Interaction,
        contract: ContractChoice,
        client: ClientName | None = None,
        title: app_commands.Range[str, 1, 200] | None = None,
        started: Day | None = None,
        ended: Day | None = None,
        rating: Rating | None = None,
        kind: app_commands.Choice[str] | None = None,
        platform: Platform | None = None,
        rate: Rate | None = None,
    ) -> None:
        changes = ContractChanges(
            client=client,
            title=title,
            started_on=started,
            ended_on=ended,
            rating=rating,
            kind=_kind(kind),
            fee_schedule=platform.key if platform is not None else None,
            fee_rate=rate,
        )
        server_rate = await self.defaults.rate(interaction.guild_id)
        warned = await warnings_for_new_client(interaction, client) if client else None
        await _corrections.edit(self.database, interaction, contract, changes, server_rate)
        await mention_warnings(interaction, warned)

    @contract.command(name="delete", description="Delete a contract and its billings (asks first).")
    @app_commands.describe(contract="The contract (pick from the list, or type its number like #3)")
    @app_commands.autocomplete(contract=any_contract_choices)
    async def delete(self, interaction: discord.Interaction, contract: ContractChoice) -> None:
        await _corrections.delete(self.database, interaction, contract)
