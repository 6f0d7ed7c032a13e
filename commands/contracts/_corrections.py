"""/contract undo, unbill, edit and delete: each shows what it is about to change and asks the
member who asked; only their confirmation changes anything, in one transaction.

The confirmation holds what it showed (a billing's id and key, a contract's id and number), so a
button pressed later can only ever apply to that record, and a record gone meanwhile is answered
privately as unknown.
"""

from __future__ import annotations

from decimal import Decimal

import discord

from advisor.days import DayError, parse_day
from advisor.errors import AmountError
from advisor.ledger import ContractRecord
from advisor.money import parse_money
from commands.answering import answer, update
from commands.contracts import _corrections_render as render
from commands.options import billing_id_in
from commands.services import today
from commands.views import ConfirmView
from db.database import Database
from db.repositories.billing_corrections import (
    BillingCorrectionRepository,
    BillingOnContract,
    UnknownBilling,
)
from db.repositories.contract_corrections import ContractChanges, ContractCorrectionRepository
from db.units import Reads


async def _ask(interaction: discord.Interaction, embed: discord.Embed, view: ConfirmView) -> None:
    await answer(interaction, embed=embed, view=view, ephemeral=True)


def _take_back(database: Database, member_id: int, found: BillingOnContract) -> ConfirmView:
    async def confirmed(pressed: discord.Interaction) -> None:
        async with database.write() as writes:
            deleted = await BillingCorrectionRepository(writes).delete(member_id, found.billing)
        await update(pressed, embed=render.billing_deleted(deleted), view=None)

    return ConfirmView(member_id, "Take it back", confirmed, cancel_label="Keep it")


async def undo(database: Database, interaction: discord.Interaction) -> None:
    """Ask before taking back the last billing the member typed."""
    member_id = interaction.user.id
    async with database.read() as reads:
        found = await BillingCorrectionRepository(reads).last_typed(member_id)
    await _ask(
        interaction,
        render.billing_question(found, last=True),
        _take_back(database, member_id, found),
    )


async def _billing_named(
    reads: Reads,
    member_id: int,
    contract: ContractRecord,
    value: str,
    interaction: discord.Interaction,
) -> BillingOnContract:
    """The contract's billing that `value` names: a choice from the list, a date or an amount."""
    corrections = BillingCorrectionRepository(reads)
    billing_id = billing_id_in(value)
    if billing_id is not None:
        found = await corrections.get(member_id, billing_id)
        if found.contract.id != contract.id:
            raise UnknownBilling()
        return found
    try:
        day = parse_day(value, today(interaction))
    except DayError:
        try:
            money = parse_money(value)
        except AmountError:
            raise UnknownBilling() from None
        return await corrections.matching(member_id, contract, amount=money.amount)
    return await corrections.matching(member_id, contract, on=day)


async def unbill(
    database: Database, interaction: discord.Interaction, contract: ContractRecord, billing: str
) -> None:
    """Ask before taking back one billing of the member's contract."""
    member_id = interaction.user.id
    async with database.read() as reads:
        found = await _billing_named(reads, member_id, contract, billing, interaction)
    await _ask(
        interaction,
        render.billing_question(found, last=False),
        _take_back(database, member_id, found),
    )


async def edit(
    database: Database,
    interaction: discord.Interaction,
    contract: ContractRecord,
    changes: ContractChanges,
    server_rate: Decimal | None,
) -> None:
    """Ask before applying the member's edit of their contract, showing each change."""
    member_id = interaction.user.id
    async with database.read() as reads:
        planned = await ContractCorrectionRepository(reads).plan(
            member_id, contract.id, changes, server_rate
        )

    async def confirmed(pressed: discord.Interaction) -> None:
        async with database.write() as writes:
            edited = await ContractCorrectionRepository(writes).edit(
                member_id, contract.id, contract.number, changes, server_rate
            )
        await update(pressed, embed=render.contract_edited(edited), view=None)

    await _ask(
        interaction,
        render.edit_question(planned),
        ConfirmView(member_id, "Save changes", confirmed),
    )


async def delete(
    database: Database, interaction: discord.Interaction, contract: ContractRecord
) -> None:
    """Ask before deleting the member's contract with its billings."""
    member_id = interaction.user.id
    async with database.read() as reads:
        found = await ContractCorrectionRepository(reads).to_delete(member_id, contract.id)

    async def confirmed(pressed: discord.Interaction) -> None:
        async with database.write() as writes:
            deleted = await ContractCorrectionRepository(writes).delete(
                member_id, contract.id, contract.number
            )
        await update(pressed, embed=render.contract_deleted(deleted), view=None)

    await _ask(
        interaction,
        render.delete_question(found),
        ConfirmView(member_id, "Delete it", confirmed, cancel_label="Keep it"),
    )
