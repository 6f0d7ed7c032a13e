"""Embeds for /import and /export."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from advisor.ledger import ImportSummary as LedgerChanges
from advisor.ledger_export import MemberExport
from advisor.wording import plural
from commands.embeds import GOOD, NEUTRAL

if TYPE_CHECKING:
    from advisor.upwork_csv import ImportSummary as ParsedFile


def import_embed(parsed: ParsedFile, changes: LedgerChanges) -> discord.Embed:
    added = changes.billings_added
    title = f"Imported {plural(added, 'billing')}" if added else "Nothing new to import"
    embed = discord.Embed(title=title, colour=GOOD if added else NEUTRAL)
    embed.add_field(name="Rows read", value=str(parsed.rows_read), inline=True)
    embed.add_field(name="New clients", value=str(changes.clients_added), inline=True)
    embed.add_field(name="New contracts", value=str(changes.contracts_added), inline=True)
    if changes.billings_already_present:
        embed.add_field(
            name="Already imported",
            value=f"{changes.billings_already_present} billings were in an earlier import; nothing doubled.",
            inline=False,
        )
    if parsed.skipped:
        skipped = ", ".join(f"{kind}: {count}" for kind, count in sorted(parsed.skipped.items()))
        embed.add_field(name="Skipped (not earnings)", value=skipped[:1024], inline=False)
    embed.set_footer(text="See where each client stands with /clients.")
    return embed


def export_embed(records: MemberExport) -> discord.Embed:
    return discord.Embed(
        title="Your Gigwise data",
        description=(
            f"{len(records.clients)} clients, {len(records.contracts)} contracts, "
            f"{len(records.billings)} billings and {len(records.events)} logged events, as CSV (for "
            "spreadsheets) and JSON."
        ),
        colour=NEUTRAL,
    )


def queued_text(what: str, place: int, waiting: int) -> str:
    """A job waiting for a slot: `Import queued: 3 of 5 waiting…`."""
    return f"{what} queued: {place} of {waiting} waiting. This message changes when it starts."


def importing_text(done: int, total: int) -> str:
    """An import under way: `Importing… 40,000 of 100,000 rows`."""
    return f"Importing… {done:,} of {total:,} rows. This message shows the result when it ends."


STOPPED = "Import stopped: nothing from this file was kept. The reason follows."
EXPORT_READY = "Your export is ready: the files follow."
