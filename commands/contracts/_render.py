"""Embeds for the contract commands: what was logged, the fee at the client's tier, the way to the next."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import discord

from advisor.fee_calendar import FeeCalendar, RateSource, rule_or_default, schedule_on
from advisor.fees import FeeBreakdown, FeeSchedule
from advisor.ledger import ContractRecord, ContractStatus, FeeSource, contract_label
from advisor.money import format_money, format_rate
from commands.embeds import BAD, CAUTION, GOOD, NEUTRAL, inert, tier_after_text
from db.repositories.billings import ContractAlreadyEnded, PricedBilling, Repriced
from db.repositories.contracts import DuplicateJob, LoggedJob

LIST_LIMIT = 20

_STATUS_COLOUR = {
    ContractStatus.ACTIVE: NEUTRAL,
    ContractStatus.COMPLETED: GOOD,
    ContractStatus.CANCELLED: CAUTION,
    ContractStatus.DISPUTED: BAD,
}


def _fee_line(amount: Decimal, fee: Decimal | None, currency: str, recorded: bool) -> str:
    if fee is None:
        return "Fee not known: add it with `fee:` when your statement shows it."
    rate = format_rate((fee / amount).quantize(Decimal("0.0001"))) if amount else "0%"
    how = "as your statement shows it" if recorded else f"({rate})"
    return (
        f"Fee {format_money(fee, currency)} {how}, you keep "
        f"**{format_money(amount - fee, currency)}**."
    )


def schedule_of(contract: ContractRecord) -> FeeSchedule:
    return schedule_on(rule_or_default(contract.fee_schedule), contract.started_on or date.min)


def _rate_note(contract: ContractRecord) -> str | None:
    """Where a per-contract rate came from, when the member did not give it."""
    if contract.fee_rate is None or contract.fee_rate_source in (None, RateSource.GIVEN.value):
        return None
    rate = format_rate(contract.fee_rate)
    if contract.fee_rate_source == RateSource.ASSUMED.value:
        low, high = schedule_of(contract).rate_range or (Decimal(0), Decimal(1))
        return (
            f"Assumed {rate}: this fee is set per contract ({format_rate(low)} to "
            f"{format_rate(high)}) and shown on your offer. Give it with `rate:`, or save yours "
            "with `/profile rate:`."
        )
    whose = (
        "your saved rate"
        if contract.fee_rate_source == RateSource.MEMBER.value
        else ("this server's usual rate")
    )
    return f"{rate}, {whose}: give `rate:` when your offer shows another."


def _add_fee_fields(
    embed: discord.Embed,
    contract: ContractRecord,
    breakdown: FeeBreakdown | None,
    repriced: Sequence[Repriced],
    today: date,
) -> None:
    if (
        breakdown is not None
        and breakdown.schedule.per_client
        and len(breakdown.schedule.bands) > 1
    ):
        # A contract that named its schedule is priced by it whatever the date; one on the
        # dated calendar has moved on once its schedule's era is over.
        named = not isinstance(rule_or_default(contract.fee_schedule), FeeCalendar)
        in_force = named or breakdown.schedule.in_force_on(today)
        embed.add_field(
            name="Fee tier", value=tier_after_text(breakdown, in_force=in_force), inline=False
        )
    note = _rate_note(contract)
    if note is not None:
        embed.add_field(name="Fee rate", value=note, inline=False)
    add_repriced(
        embed,
        repriced,
        contract.currency,
        "Later fees worked out again (this billing comes before them)",
    )


def add_repriced(
    embed: discord.Embed, repriced: Sequence[Repriced], currency: str, heading: str
) -> None:
    """The computed fees a change worked out again, old → new, as a field (none: no field)."""
    if not repriced:
        return
    lines = [
        f"#{change.contract_number} {change.billed_on.isoformat()} "
        f"{format_money(change.amount, currency)}: fee "
        f"{format_money(change.old_fee, currency) if change.old_fee is not None else 'unknown'}"
        f" → {format_money(change.new_fee, currency)}"
        for change in repriced[:10]
    ]
    if len(repriced) > 10:
        lines.append(f"… and {len(repriced) - 10} more.")
    embed.add_field(name=heading, value="\n".join(lines), inline=False)


def label(contract: ContractRecord, limit: int) -> str:
    """`#3 Logo design · Acme (active)`, the member's text made inert but not the number."""
    unnumbered = contract_label(
        contract.title, contract.client_name, contract.status, contract.started_on
    )
    return f"#{contract.number} {inert(unnumbered, limit)}"


def _footer(contract: ContractRecord, breakdown: FeeBreakdown | None) -> str:
    schedule = breakdown.schedule if breakdown is not None else schedule_of(contract)
    return f"Contract #{contract.number} · {schedule.label}"


def finished_embed(logged: LoggedJob, today: date) -> discord.Embed:
    finished = logged.finished
    contract, billing = finished.contract, finished.billing
    title = "Already logged" if finished.replayed else "Job logged"
    embed = discord.Embed(
        title=f"{title}: {format_money(billing.amount, contract.currency)} from "
        f"{inert(contract.client_name, 100)}",
        description=_fee_line(
            billing.amount,
            billing.fee_charged,
            contract.currency,
            billing.fee_source is FeeSource.RECORDED,
        ),
        colour=GOOD,
    )
    if contract.rating is not None:
        embed.add_field(name="Rating", value=f"{contract.rating} ★", inline=True)
    embed.add_field(
        name="Lifetime with this client",
        value=format_money(finished.lifetime_billed, contract.currency),
        inline=True,
    )
    _add_fee_fields(embed, contract, logged.breakdown, logged.repriced, today)
    embed.set_footer(text=_footer(contract, logged.breakdown))
    return embed


def same_job_embed(same: DuplicateJob) -> discord.Embed:
    existing = same.existing
    return discord.Embed(
        title="Log this job again?",
        description=f"You logged the same job (#{existing.number}, "
        f"{inert(existing.client_name, 100)}, "
        f"{format_money(existing.billed, existing.currency)}) on that day already. "
        "Log it again only if it is a second job.",
        colour=CAUTION,
    )


def nothing_logged() -> discord.Embed:
    return discord.Embed(title="Nothing was recorded", colour=NEUTRAL)


def started_embed(contract: ContractRecord) -> discord.Embed:
    schedule = schedule_of(contract)
    rate = f" at {format_rate(contract.fee_rate)}" if contract.fee_rate is not None else ""
    embed = discord.Embed(
        title=f"Contract #{contract.number} started with {inert(contract.client_name, 100)}",
        description=f"{inert(contract.title or 'Untitled', 200)}\nFees: {schedule.label}{rate}.",
        colour=NEUTRAL,
    )
    note = _rate_note(contract)
    if note is not None:
        embed.add_field(name="Fee rate", value=note, inline=False)
    embed.set_footer(text=f"Contract #{contract.number} · bill it with /contract bill")
    return embed


def billed_embed(priced: PricedBilling, today: date) -> discord.Embed:
    contract, result = priced.contract, priced.result
    billing = result.billing
    currency = contract.currency
    title = "Already recorded" if result.replayed else "Billing recorded"
    embed = discord.Embed(
        title=f"{title}: {format_money(billing.amount, currency)} on {label(contract, 150)}",
        description=_fee_line(
            billing.amount, billing.fee_charged, currency, billing.fee_source is FeeSource.RECORDED
        ),
        colour=GOOD,
    )
    embed.add_field(
        name="Lifetime with this client",
        value=format_money(result.lifetime_billed, currency),
        inline=True,
    )
    _add_fee_fields(embed, contract, priced.breakdown, priced.repriced, today)
    embed.set_footer(text=_footer(contract, priced.breakdown))
    return embed


def ended_contract_embed(ended: ContractAlreadyEnded) -> discord.Embed:
    return discord.Embed(
        title="Record a billing on an ended contract?",
        description=(
            f"{ended.message} Record it if this payment belongs to the work it covered; for new "
            "work, start a new contract with `/contract start`."
        ),
        colour=CAUTION,
    )


def ended_embed(contract: ContractRecord) -> discord.Embed:
    embed = discord.Embed(
        title=f"Contract {contract.status.value}: {label(contract, 200)}",
        colour=_STATUS_COLOUR[contract.status],
    )
    embed.add_field(
        name="Billed", value=format_money(contract.billed, contract.currency), inline=True
    )
    if contract.rating is not None:
        embed.add_field(name="Rating", value=f"{contract.rating} ★", inline=True)
    if contract.feedback:
        embed.add_field(name="Feedback", value=inert(contract.feedback, 1024), inline=False)
    return embed


def _contract_line(contract: ContractRecord) -> str:
    rating = f" · {contract.rating} ★" if contract.rating is not None else ""
    return f"{label(contract, 120)} · {format_money(contract.billed, contract.currency)}{rating}"


def list_embed(contracts: Sequence[ContractRecord], status: ContractStatus | None) -> discord.Embed:
    which = f"{status.value} contracts" if status is not None else "contracts"
    if not contracts:
        return discord.Embed(
            title=f"No {which} yet",
            description="Log a finished job with `/contract add` or open one with `/contract start`.",
            colour=NEUTRAL,
        )
    lines = [_contract_line(contract) for contract in contracts[:LIST_LIMIT]]
    if len(contracts) > LIST_LIMIT:
        lines.append(f"… and {len(contracts) - LIST_LIMIT} more (`/export` has them all).")
    return discord.Embed(
        title=f"Your {which} ({len(contracts)})",
        description="\n".join(lines)[:4096],
        colour=NEUTRAL,
    )
