"""The /import and /export commands.

The CSV importer is loaded when the first file arrives, not at start-up: most processes never
import anything. Both are heavy jobs: they wait for one of the bot's few slots
(`commands.heavy_jobs`), and the member's deferred reply shows where the job stands. An import
is written a slice at a time (`db.import_slices`), so other members' writes go on meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import io

import discord
from discord import app_commands
from discord.ext import commands

from advisor.ledger_export import export_files
from commands.answering import defer
from commands.cooldowns import per_member_cooldown
from commands.heavy_jobs import HeavyJobs, JobProgress
from commands.imports._render import (
    EXPORT_READY,
    STOPPED,
    export_embed,
    import_embed,
    importing_text,
    queued_text,
)
from db.database import Database
from db.import_slices import import_in_slices
from db.repositories.members import MemberRepository
from db.repositories.quotas import QuotaCheck

FILES_PER_MESSAGE = 10
TOO_LARGE = "That file is larger than 5 MB: export a shorter date range and import each part."
# A member's imports take turns anyway (one at a time); the cooldown spaces out the uploads
# Gigwise downloads and parses before that rule is checked in the database.
IMPORT_COOLDOWN = 30.0


class ImportsCog(commands.Cog):
    """Bringing a member's history in, and handing it back."""

    def __init__(self, database: Database, jobs: HeavyJobs, quotas: QuotaCheck) -> None:
        self.database = database
        self.jobs = jobs
        self.quotas = quotas

    @app_commands.command(
        name="import",
        description="Import your Upwork transaction history (CSV export) to fill in your clients.",
        extras={"example": "/import file:statements.csv"},
    )
    @app_commands.describe(
        file="The CSV file from Upwork: Reports › Transaction history › Download CSV"
    )
    @per_member_cooldown(1, IMPORT_COOLDOWN)
    async def import_file(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        from advisor.upwork_csv import MAX_IMPORT_BYTES, ImportFileError, parse_upwork_csv

        if file.size > MAX_IMPORT_BYTES:
            raise ImportFileError(TOO_LARGE)
        member_id = interaction.user.id
        # Refused at once, before anything is downloaded, when the member's last import runs on.
        with self.jobs.importing(member_id):
            await defer(interaction, private=True)
            content = await file.read()
            if len(content) > MAX_IMPORT_BYTES:
                raise ImportFileError(TOO_LARGE)
            # Parsing a large export takes a moment of CPU; a thread keeps the gateway answering.
            parsed = await asyncio.to_thread(parse_upwork_csv, content, file.filename)
            rows = [billing.for_ledger() for billing in parsed.billings]
            progress = JobProgress(interaction)
            try:
                async with self.jobs.slot(
                    lambda place, waiting: progress.show_now(queued_text("Import", place, waiting)),
                    what="import",
                ):
                    summary = await import_in_slices(
                        self.database,
                        member_id,
                        rows,
                        quotas=self.quotas.quotas,
                        on_progress=lambda done, total: progress.show(importing_text(done, total)),
                    )
            except BaseException:
                self.quotas.forget(member_id)
                await progress.stop()
                if progress.shown:
                    with contextlib.suppress(discord.HTTPException):
                        await interaction.edit_original_response(content=STOPPED)
                raise
            self.quotas.forget(member_id)
            await progress.stop()
        embed = import_embed(parsed, summary)
        if progress.shown:
            await interaction.edit_original_response(content="", embed=embed)
        else:
            await interaction.followup.send(embed=embed, ephemeral=True)

    @app_commands.command(
        name="export",
        description="Download everything Gigwise keeps about you, as CSV and JSON files.",
        extras={"example": "/export"},
    )
    async def export(self, interaction: discord.Interaction) -> None:
        await defer(interaction, private=True)
        progress = JobProgress(interaction)
        async with (
            self.jobs.slot(
                lambda place, waiting: progress.show_now(queued_text("Export", place, waiting))
            ),
            self.database.bulk_read() as reads,
        ):
            records = await MemberRepository(reads).export(interaction.user.id)
        files = [discord.File(io.BytesIO(content), name) for name, content in export_files(records)]
        if progress.shown:
            await interaction.edit_original_response(content=EXPORT_READY)
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
