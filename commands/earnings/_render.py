"""The /earnings embed: per currency, the totals, each platform's and the top clients', within
Discord's embed limits (25 fields, 1024 characters a field, 6000 in all)."""

from __future__ import annotations

import functools
from collections.abc import Sequence

import discord

from advisor.earnings import CurrencyEarnings, Earnings, Period, Totals
from advisor.money import format_money
from advisor.wording import human_join, plural
from commands.embeds import GOOD, NEUTRAL, inert

# Discord's limits on one embed.
FIELD_LIMIT = 1024
EMBED_LIMIT = 6000
# Room kept under EMBED_LIMIT: Discord refuses an embed over it whole, and a margin costs nothing.
_MARGIN = 100
# Each currency takes three fields; six of them and the note on the rest stay under 25.
SHOWN_CURRENCIES = 6
TOP_CLIENTS = 10

FOOTER = (
    "Net = billed − refunds − fees, from the billings you logged or imported. "
    "Amounts in different currencies are never added together."
)


def _when(period: Period) -> str:
    """`in 2025`, `on 2025-02-01` or `from 2025-04-06 to 2026-04-05`."""
    if period.year is not None:
        return f"in {period.year}"
    if period.start == period.end:
        return f"on {period.start.isoformat()}"
    return f"from {period.start.isoformat()} to {period.end.isoformat()}"


def nothing_billed_embed(period: Period) -> discord.Embed:
    """The friendly answer for a period with no billings."""
    return discord.Embed(
        title=f"Nothing billed {_when(period)}",
        description=(
            f"You have no billings dated {_when(period)}. Log finished work with "
            "`/contract add` (it takes a `date:`), bill a running contract with `/contract bill`, "
            "or bring in your Upwork history with `/import`."
        ),
        colour=NEUTRAL,
    )


def _less(amount: str, what: str, negative: bool) -> str:
    # A period holding only a refund can hand back more fees than it charged.
    return f"+ {amount} {what} handed back" if negative else f"− {amount} {what}"


def _sum_line(totals: Totals, currency: str) -> str:
    """`$1,200.00 billed − $50.00 refunded − $110.00 fees = **$1,040.00** net`."""
    money = functools.partial(format_money, currency=currency)
    parts = [f"{money(totals.gross)} billed"]
    if totals.refunds:
        parts.append(f"− {money(totals.refunds)} refunded")
    parts.append(_less(money(abs(totals.fees)), "fees", totals.fees < 0))
    return f"{' '.join(parts)} = **{money(totals.net)}** net"


def _totals_text(found: CurrencyEarnings) -> str:
    total, currency = found.total, found.currency
    money = functools.partial(format_money, currency=currency)
    lines = [_sum_line(total, currency)]
    counted = plural(total.billings - total.refund_count, "billing")
    if total.refund_count:
        counted += f" and {plural(total.refund_count, 'refund')}"
    lines.append(f"From {counted}.")
    if total.fees_returned:
        lines.append(f"Fees are after {money(total.fees_returned)} handed back with refunds.")
    sources = [
        f"{found.fees_computed} worked out by Gigwise",
        f"{found.fees_recorded} recorded from a statement or by you",
    ]
    if found.fees_unknown:
        sources.append(f"{found.fees_unknown} not known (counted as none)")
    lines.append(f"Fees on these: {', '.join(sources)}.")
    return "\n".join(lines)


def fit(lines: Sequence[str], limit: int, hidden: int = 0) -> str:
    """As many lines as fit in `limit` characters, then `… and N more` for the rest (and for
    `hidden` lines left out before)."""
    if not hidden and len("\n".join(lines)) <= limit:
        return "\n".join(lines)
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        more = f"… and {hidden + len(lines) - index - 1} more"
        # Room for this line, and for the note on those after it.
        if used + len(line) + 1 + len(more) > limit:
            break
        kept.append(line)
        used += len(line) + 1
    note = f"… and {hidden + len(lines) - len(kept)} more"
    return "\n".join([*kept, note])[:limit]


def _platform_lines(found: CurrencyEarnings) -> list[str]:
    return [
        f"**{inert(platform.platform, 40)}**: {_sum_line(platform.totals, found.currency)}"
        for platform in found.platforms
    ]


def _client_lines(found: CurrencyEarnings) -> list[str]:
    """The clients most billed, named by platform too when the currency has several."""
    several_platforms = len(found.platforms) > 1
    lines = []
    for client in found.clients[:TOP_CLIENTS]:
        where = f" ({inert(client.platform, 40)})" if several_platforms else ""
        name = inert(client.client, 100)
        lines.append(f"**{name}**{where}: {_sum_line(client.totals, found.currency)}")
    return lines


def _shown(earnings: Earnings) -> tuple[list[CurrencyEarnings], list[CurrencyEarnings]]:
    """The currencies given fields (those with the most billings, in code order) and the rest."""
    if len(earnings.currencies) <= SHOWN_CURRENCIES:
        return list(earnings.currencies), []
    busiest = sorted(earnings.currencies, key=lambda c: (-c.total.billings, c.currency))
    chosen = {c.currency for c in busiest[:SHOWN_CURRENCIES]}
    return (
        [c for c in earnings.currencies if c.currency in chosen],
        [c for c in earnings.currencies if c.currency not in chosen],
    )


def earnings_embed(earnings: Earnings) -> discord.Embed:
    """Per currency: the totals, each platform's, and the clients most billed."""
    shown, rest = _shown(earnings)
    embed = discord.Embed(title=f"Your earnings {_when(earnings.period)}", colour=GOOD)
    embed.set_footer(text=FOOTER)
    # (name, text) for the totals, (name, lines, lines left out) for the lists to fit.
    fields: list[tuple[str, str | tuple[list[str], int]]] = []
    for found in shown:
        code = found.currency
        fields.append((f"Totals ({code})", _totals_text(found)))
        fields.append((f"By platform ({code})", (_platform_lines(found), 0)))
        left_out = max(0, len(found.clients) - TOP_CLIENTS)
        top = "Top clients" if left_out else "Clients"
        fields.append((f"{top} ({code})", (_client_lines(found), left_out)))
    if rest:
        codes = human_join(c.currency for c in rest)
        fields.append(
            (
                "More currencies",
                f"Your billings in {codes} are not shown here: `/export` has every billing.",
            )
        )
    # What the lists may use once everything else is counted, shared out between them.
    fixed = len(embed) + sum(
        len(name) + (len(value) if isinstance(value, str) else 0) for name, value in fields
    )
    lists = sum(1 for _, value in fields if not isinstance(value, str))
    each = min(FIELD_LIMIT, (EMBED_LIMIT - _MARGIN - fixed) // max(lists, 1))
    for name, value in fields:
        text = value if isinstance(value, str) else fit(value[0], each, value[1])
        embed.add_field(name=name, value=text or "—", inline=False)
    return embed
