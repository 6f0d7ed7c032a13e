"""The /dispute embed: mediation first, then what a win leaves at each arbitration fee.

Every number comes from advisor.disputes; this module only words and formats it.
"""

from __future__ import annotations

from decimal import Decimal

import discord

from advisor.disputes import (
    ARBITRATION,
    AUTO_APPROVAL,
    FEE_CAVEAT,
    MEDIATION,
    ArbitrationOutcome,
    DisputeAdvice,
    FeeBasis,
    FeeFigure,
    RateOrigin,
    ReleaseTerms,
    Verdict,
)
from advisor.ledger import ContractRecord
from advisor.money import format_money, format_rate
from commands.embeds import BAD, CAUTION, GOOD, inert

_COLOURS = {
    Verdict.WORTH_CONSIDERING: GOOD,
    Verdict.PROBABLY_NOT: CAUTION,
    Verdict.NOT_WORTH_IT: BAD,
}
# Platforms whose disputes the Upwork rules and fees here describe (a rate of one's own is
# usually an Upwork rate typed by hand).
_UPWORK_LIKE = frozenset({"upwork", "custom"})


def _title(advice: DisputeAdvice, owed: str) -> str:
    primary = advice.primary
    fee = format_money(primary.fee.amount, advice.terms.currency)
    if primary.fee.figure is FeeFigure.TYPED:
        return f"Arbitration on {owed}: {primary.verdict.value} at your {fee} fee"
    if primary.fee.figure is FeeFigure.SERVER:
        return f"Arbitration on {owed}: {primary.verdict.value} at this server's {fee} fee"
    if len(advice.verdicts) > 1:
        return f"Arbitration on {owed}: it depends on the fee"
    where = "every" if primary.verdict is Verdict.WORTH_CONSIDERING else "any"
    return f"Arbitration on {owed}: {primary.verdict.value} at {where} fee on record"


def _colour(advice: DisputeAdvice) -> discord.Colour:
    on_record = advice.primary.fee.figure not in (FeeFigure.TYPED, FeeFigure.SERVER)
    if on_record and len(advice.verdicts) > 1:
        return CAUTION
    return _COLOURS[advice.primary.verdict]


def _outcome_line(outcome: ArbitrationOutcome, currency: str) -> str:
    fee = format_money(outcome.fee.amount, currency)
    if outcome.kept < 0:
        left = f"you're **{format_money(-outcome.kept, currency)}** out of pocket"
    else:
        left = f"you keep **{format_money(outcome.kept, currency)}**"
    return f"{fee} fee ({outcome.fee.note}): {left}, {outcome.verdict.value}"


def _schedule_words(terms: ReleaseTerms) -> str:
    schedule = terms.schedule
    if terms.basis is FeeBasis.TODAY:
        if not terms.in_force:
            return (
                f"this server's platform, {schedule.era_name or schedule.label}, which no longer "
                "applies to new work"
            )
        return f"the fee in force today on this server's platform, {schedule.label}"
    return schedule.label


def _rate_words(terms: ReleaseTerms) -> str:
    if terms.rate is None:
        return ""
    rate = format_rate(terms.rate)
    low, high = terms.schedule.rate_range or (Decimal(0), Decimal(1))
    match terms.rate_origin:
        case RateOrigin.TYPED:
            return f" The rate is the {rate} you gave."
        case RateOrigin.CONTRACT:
            return f" The rate is the {rate} recorded on the contract."
        case RateOrigin.MEMBER:
            return f" The rate is your saved {rate}."
        case RateOrigin.SERVER:
            return f" The rate is this server's default, {rate}."
        case RateOrigin.ASSUMED:
            how = (
                "add rate: with the percentage on your contract"
                if terms.basis is FeeBasis.CONTRACT
                else "name your contract or add rate: with its percentage"
            )
            return (
                f" Its rate is set per contract, {format_rate(low)} to {format_rate(high)}; "
                f"{rate}, the most common, is assumed: {how} for the real figure."
            )
        case _:
            return ""


def _service_fee_text(advice: DisputeAdvice, contract: ContractRecord | None) -> str:
    terms = advice.terms
    currency = terms.currency
    breakdown = advice.service_fee
    shown = (
        f"{format_money(breakdown.fee, currency)} "
        f"({format_rate(breakdown.effective_rate)}) of {format_money(advice.owed, currency)}, "
        f"so a win pays you {format_money(advice.released, currency)} before the arbitration fee."
    )
    if contract is not None:
        basis = f"Priced on your contract {inert(contract.label, 200)}: {_schedule_words(terms)}"
    else:
        basis = f"Priced at {_schedule_words(terms)}"
    if terms.schedule.per_client:
        if terms.basis is FeeBasis.TODAY:
            basis += ", as a first bill with a new client"
        else:
            billed = format_money(terms.lifetime_billed_before, currency)
            basis += f", after the {billed} already billed to the client"
    return f"{shown}\n{basis}.{_rate_words(terms)}"


def _amount_or_never(amount: Decimal | None, currency: str) -> str:
    return f"from {format_money(amount, currency)} owed" if amount is not None else "at no amount"


def _break_even_text(advice: DisputeAdvice) -> str:
    primary = advice.primary
    currency = advice.terms.currency
    fee = format_money(primary.fee.amount, currency)
    return (
        f"At the {fee} fee, a win leaves you anything "
        f"{_amount_or_never(primary.pays_from, currency)}, and at least the fee you put at risk "
        f"{_amount_or_never(primary.worth_considering_from, currency)}."
    )


def dispute_embed(advice: DisputeAdvice, contract: ContractRecord | None = None) -> discord.Embed:
    """The reply to /dispute; `contract` is the member's contract it was priced on, if named."""
    currency = advice.terms.currency
    owed = format_money(advice.owed, currency)
    embed = discord.Embed(
        title=_title(advice, owed),
        description=(
            f"**1. Mediation first: it's free.** {MEDIATION}\n"
            f"**Milestone submitted?** {AUTO_APPROVAL}\n"
            f"**2. Then arbitration.** {ARBITRATION}"
        ),
        colour=_colour(advice),
    )
    embed.add_field(
        name=f"If you win the {owed} you're owed",
        value="\n".join(_outcome_line(outcome, currency) for outcome in advice.outcomes),
        inline=False,
    )
    embed.add_field(
        name="Service fee on the money released",
        value=_service_fee_text(advice, contract),
        inline=False,
    )
    embed.add_field(name="Break-even", value=_break_even_text(advice), inline=False)
    platform = advice.terms.schedule
    if platform.ledger_platform not in _UPWORK_LIKE:
        embed.add_field(
            name="Platform",
            value=(
                f"The dispute steps and arbitration fees here are Upwork's; {platform.platform} "
                "settles disputes its own way."
            ),
            inline=False,
        )
    embed.set_footer(text=FEE_CAVEAT)
    return embed
