"""Embeds for corrections: what a confirmation is about to change, and what the change did,
with every computed fee it worked out again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import discord

from advisor.ledger import BillingRecord, BillingSource, ContractRecord, FeeSource
from advisor.money import format_money, format_rate
from advisor.wording import plural
from commands.contracts._render import add_repriced, label, schedule_of
from commands.embeds import BAD, CAUTION, GOOD, NEUTRAL, inert
from db.repositories.billing_corrections import BillingOnContract, DeletedBilling
from db.repositories.contract_corrections import (
    ContractEdit,
    ContractToDelete,
    DeletedContract,
    EditedContract,
)

REPRICED_HEADING = "Fees worked out again"
_RECOMPUTED = (
    "Fees Gigwise worked out for this client's billings are worked out again, in date order; "
    "fees from your statements stay as they are."
)


def nothing_changed() -> discord.Embed:
    return discord.Embed(title="Nothing was changed", colour=NEUTRAL)


def _billing_line(billing: BillingRecord) -> str:
    what = "Refund" if billing.is_refund else "Billing"
    fee = (
        "fee not known"
        if billing.fee_charged is None
        else f"fee {format_money(billing.fee_charged, billing.currency)} "
        + ("as recorded" if billing.fee_source is FeeSource.RECORDED else "worked out by Gigwise")
    )
    source = "imported" if billing.source is BillingSource.IMPORTED else "typed"
    return (
        f"{what} of {format_money(billing.amount, billing.currency)} on "
        f"{billing.billed_on.isoformat()} ({fee}; {source})"
    )


def billing_question(found: BillingOnContract, *, last: bool) -> discord.Embed:
    what = "the last billing you typed" if last else "this billing"
    return discord.Embed(
        title=f"Take back {what}?",
        description=(
            f"{_billing_line(found.billing)} on {label(found.contract, 200)}.\n\n"
            f"It will be deleted for good. {_RECOMPUTED}"
        ),
        colour=CAUTION,
    )


def billing_deleted(deleted: DeletedBilling) -> discord.Embed:
    contract, billing = deleted.contract, deleted.billing
    lines = [f"{_billing_line(billing)} is deleted from {label(contract, 200)}."]
    if deleted.billings_left == 0:
        lines.append(
            f"Contract #{contract.number} has no billings left: `/contract delete` removes it, "
            "or bill it again with `/contract bill`."
        )
    embed = discord.Embed(
        title=f"Billing taken back: {format_money(billing.amount, billing.currency)}",
        description="\n".join(lines),
        colour=GOOD,
    )
    embed.add_field(
        name="Contract total",
        value=format_money(contract.billed, contract.currency),
        inline=True,
    )
    embed.add_field(
        name="Lifetime with this client",
        value=format_money(deleted.lifetime_billed, contract.currency),
        inline=True,
    )
    add_repriced(embed, deleted.repriced, contract.currency, REPRICED_HEADING)
    return embed


def _terms(contract: ContractRecord) -> str:
    rate = f" at {format_rate(contract.fee_rate)}" if contract.fee_rate is not None else ""
    return f"{schedule_of(contract).label}{rate}"


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else "none"


def _rating(value: Decimal | None) -> str:
    return f"{value} ★" if value is not None else "none"


def _changes(before: ContractRecord, after: ContractRecord) -> Iterator[str]:
    """One line per field the edit changes: `Title: Logo → Logo redesign`."""
    if (before.client_id, before.client_name, before.platform) != (
        after.client_id,
        after.client_name,
        after.platform,
    ):
        new = " (a new client)" if not after.client_id else ""
        yield (
            f"Client: {inert(before.client_name, 100)} ({before.platform}) → "
            f"{inert(after.client_name, 100)} ({after.platform}){new}"
        )
    if before.title != after.title:
        yield (
            f"Title: {inert(before.title or 'untitled', 200)} → "
            f"{inert(after.title or 'untitled', 200)}"
        )
    if before.started_on != after.started_on:
        yield f"Started: {_day(before.started_on)} → {_day(after.started_on)}"
    if before.ended_on != after.ended_on:
        yield f"Ended: {_day(before.ended_on)} → {_day(after.ended_on)}"
    if before.rating != after.rating:
        yield f"Rating: {_rating(before.rating)} → {_rating(after.rating)}"
    if before.kind != after.kind:
        old = before.kind.value if before.kind is not None else "not given"
        yield f"Kind: {old} → {after.kind.value if after.kind is not None else 'not given'}"
    if _terms(before) != _terms(after):
        yield f"Fees: {_terms(before)} → {_terms(after)}"


def edit_question(planned: ContractEdit) -> discord.Embed:
    lines = list(_changes(planned.before, planned.after))
    if planned.billings:
        lines += ["", f"It has {plural(planned.billings, 'billing')}. {_RECOMPUTED}"]
    return discord.Embed(
        title=f"Change contract #{planned.before.number}?",
        description="\n".join(lines)[:4096],
        colour=CAUTION,
    )


def contract_edited(edited: EditedContract) -> discord.Embed:
    after = edited.after
    lines = list(_changes(edited.before, after))
    if edited.client_removed is not None:
        lines.append(
            f"{inert(edited.client_removed, 100)} has no other contract, so it is gone from "
            "/clients too."
        )
    embed = discord.Embed(
        title=f"Contract changed: {label(after, 200)}",
        description="\n".join(lines)[:4096] or "Nothing changed.",
        colour=GOOD,
    )
    add_repriced(embed, edited.repriced, after.currency, REPRICED_HEADING)
    embed.set_footer(text=f"Contract #{after.number} · {_terms(after)}"[:2048])
    return embed


def delete_question(found: ContractToDelete) -> discord.Embed:
    contract = found.contract
    billed = (
        f" and its {plural(found.billings, 'billing')} "
        f"({format_money(contract.billed, contract.currency)} in all)"
        if found.billings
        else ""
    )
    lines = [
        f"{label(contract, 200)}{billed} will be deleted for good, and #{contract.number} is "
        "never given to another contract."
    ]
    if found.client_goes:
        lines.append(f"{inert(contract.client_name, 100)} has no other contract, so it goes too.")
    elif found.billings:
        lines.append(_RECOMPUTED)
    return discord.Embed(
        title=f"Delete contract #{contract.number}?",
        description="\n\n".join(lines),
        colour=BAD,
    )


def contract_deleted(deleted: DeletedContract) -> discord.Embed:
    contract = deleted.contract
    lines = [f"{label(contract, 200)} is deleted, with {plural(deleted.billings, 'billing')}."]
    if deleted.client_removed:
        lines.append(
            f"{inert(contract.client_name, 100)} has no other contract, so it is gone from "
            "/clients too."
        )
    embed = discord.Embed(
        title=f"Contract #{contract.number} deleted",
        description="\n".join(lines),
        colour=GOOD,
    )
    if not deleted.client_removed:
        embed.add_field(
            name="Lifetime with this client",
            value=format_money(deleted.lifetime_billed, contract.currency),
            inline=True,
        )
    add_repriced(embed, deleted.repriced, contract.currency, REPRICED_HEADING)
    return embed
