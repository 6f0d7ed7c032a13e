"""The /import and /export commands.

The CSV importer is loaded when the first file arrives, not at start-up: most processes never
import anything.
"""

from __future__ import annotations

import asyncio
import io

import discord
from discord import app_commands
from discord.ext import commands

from advisor.ledger_export import export_files
from commands.answering import defer
from commands.cooldowns import per_member_cooldown
from commands.imports._render import export_embed, import_embed
from db.database import Database
from db.repositories.imports import ImportRepository
from db.repositories.members import MemberRepository

FILES_PER_MESSAGE = 10
TOO_LARGE = "That file is larger than 5 MB: export a shorter date range and import each part."


class ImportsCog(commands.Cog):
    """Bringing a member's history in, and handing it back."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @app_commands.command(
        name="import",
        description="Import your Upwork transaction history (CSV export) to fill in your clients.",
        extras={"example": "/import file:statements.csv"},
    )
    @app_commands.describe(
        file="The CSV file from Upwork: Reports › Transaction history › Download CSV"
    )
    @per_member_cooldown(1, 10.0)
    async def import_file(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        from advisor.upwork_csv import MAX_IMPORT_BYTES, ImportFileError, parse_upwork_csv

        if file.size > MAX_IMPORT_BYTES:
            raise ImportFileError(TOO_LARGE)
        await defer(interaction, private=True)
        content = await file.read()
        if len(content) > MAX_IMPORT_BYTES:
            raise ImportFileError(TOO_LARGE)
        # Parsing a large export takes a moment of CPU; a thread keeps the gateway answering.
        parsed = await asyncio.to_thread(parse_upwork_csv, content, file.filename)
        async with self.database.bulk_write() as writes:
            summary = await ImportRepository(writes).import_billings(
                interaction.user.id, [billing.for_ledger() for billing in parsed.billings]
            )
        await interaction.followup.send(embed=import_embed(parsed, summary), ephemeral=True)

    @app_commands.command(
        name="export",
        description="Download everything Gigwise keeps about you, as CSV and JSON files.",
        extras={"example": "/export"},
    )
    async def export(self, interaction: discord.Interaction) -> None:
        await defer(interaction, private=True)
        async with self.database.bulk_read() as reads:
            records = await MemberRepository(reads).export(interaction.user.id)
        files = [discord.File(io.BytesIO(content), name) for name, content in export_files(records)]
        await interaction.followup.send(
            embed=export_embed(records),
            files=files[:FILES_PER_MESSAGE],
            ephemeral=True,
        )
        # Discord takes at most 10 files a message: the rest follow in messages of their own.
        for first in range(FILES_PER_MESSAGE, len(files), FILES_PER_MESSAGE):
            await interaction.followup.send(
                files=files[first : first + FILES_PER_MESSAGE], ephemeral=True
            )
