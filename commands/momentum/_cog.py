"""The /momentum and /log commands, and the chart button.

The chart is drawn by matplotlib in a thread, and matplotlib is imported only then: most processes
never draw one, and it is the heaviest import Gigwise has.
"""

from __future__ import annotations

import asyncio
import io
import re
from datetime import date
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from advisor.momentum import MomentumReport
from advisor.momentum.events import EventKind
from advisor.wording import plural
from commands.answering import answer, defer, expect
from commands.cooldowns import PerMemberCooldown
from commands.embeds import GOOD
from commands.kept import FrozenEmbed, Kept
from commands.momentum._render import momentum_embed
from commands.momentum._reports import DEFAULT_MEMBERS_KEPT, MomentumReports
from commands.options import Day, Rating
from commands.replies import interaction_key
from commands.services import ServerDefaults, today
from commands.views import OwnedButton
from db.database import Database
from db.repositories.events import EventRepository
from db.repositories.momentum import MomentumRepository

EVENTS = [app_commands.Choice(name=kind.label.capitalize(), value=kind.value) for kind in EventKind]
# Drawing a chart costs a few hundred milliseconds of CPU: two per member a minute.
CHARTS_PER_WINDOW, WINDOW_SECONDS = 2, 60.0


class ChartButton(
    OwnedButton,
    # Buttons sent before reports stopped depending on a fee schedule carry one's key too.
    template=r"gigwise:chart:(?P<owner>[0-9]{1,20})(?::[a-z0-9-]{1,40})?:(?P<public>[01])",
):
    """The button under a report that draws its chart.

    Everything it needs is in its custom id (whose report, shown to whom),
    so the bot keeps nothing per report: the button works however many reports were sent, and
    after a restart as well.
    """

    def __init__(self, owner_id: int, public: bool) -> None:
        super().__init__(
            discord.ui.Button(
                label="Chart",
                emoji="📈",
                style=discord.ButtonStyle.secondary,
                custom_id=f"gigwise:chart:{owner_id}:{int(public)}",
            )
        )
        self.owner_id = owner_id
        self.public = public

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ChartButton:
        return cls(int(match["owner"]), match["public"] == "1")

    async def press(self, interaction: discord.Interaction) -> None:
        cog = interaction.client.get_cog(MomentumCog.__cog_name__)  # type: ignore[attr-defined]
        if not isinstance(cog, MomentumCog):
            raise RuntimeError("the chart button was clicked without the momentum commands")
        cog.chart_cooldown.hit(interaction)
        await defer(interaction, private=not self.public)
        png = await cog.chart_png(interaction.user.id, today(interaction))
        await interaction.followup.send(
            file=discord.File(io.BytesIO(png), "momentum.png"), ephemeral=not self.public
        )


def chart_button(owner_id: int, public: bool) -> discord.ui.View:
    """The view carrying a report's chart button, ready to send.

    It is stopped before it is sent: discord.py would otherwise keep it, with a timer, for every
    report, while the button needs nothing kept (see `ChartButton`).
    """
    view = discord.ui.View(timeout=None)
    view.add_item(ChartButton(owner_id, public))
    view.stop()
    return view


class MomentumCog(commands.Cog):
    """A member's momentum, and the events only they know about."""

    def __init__(self, database: Database, defaults: ServerDefaults) -> None:
        self.database = database
        self.defaults = defaults
        self.chart_cooldown = PerMemberCooldown(CHARTS_PER_WINDOW, WINDOW_SECONDS)
        self.reports = MomentumReports(database)
        self._embeds: Kept[int, tuple[MomentumReport, FrozenEmbed]] = Kept(
            "momentum embeds", DEFAULT_MEMBERS_KEPT
        )

    async def chart_png(self, member_id: int, day: date) -> bytes:
        from commands.momentum._chart import render_momentum_chart

        async with self.database.read() as reads:
            data = await MomentumRepository(reads).chart_data(member_id, day)
        return await asyncio.to_thread(render_momentum_chart, data)

    @app_commands.command(
        name="momentum",
        description="The reviews clients see, what a bad one costs, and whether your momentum is building.",
        extras={"example": "/momentum what_if:3"},
    )
    @app_commands.describe(
        what_if="See the reviews clients see after a next review of this many stars",
        public="Show the report to the channel (default: only you)",
    )
    async def momentum(
        self, interaction: discord.Interaction, what_if: Rating | None = None, public: bool = False
    ) -> None:
        expect(interaction, private=not public)
        report = await self.reports.report(interaction.user.id, today(interaction))
        embed = (
            self._plain_embed(interaction.user.id, report)
            if what_if is None
            else momentum_embed(report, report.what_if(what_if))
        )
        await answer(
            interaction,
            embed=embed,
            view=chart_button(interaction.user.id, public),
            ephemeral=not public,
        )

    def _plain_embed(self, member_id: int, report: MomentumReport) -> discord.Embed:
        """The report's embed without a what-if, drawn once for each report kept."""
        kept = self._embeds.get(member_id)
        if kept is None or kept[0] is not report:
            kept = self._embeds.put(
                member_id, (report, FrozenEmbed.of(momentum_embed(report, None)))
            )
        return kept[1]

    @app_commands.command(
        name="log",
        description="Log what the ledger can't see: invites, proposals, profile and portfolio updates.",
        extras={"example": "/log invite count:3"},
    )
    @app_commands.describe(
        event="What happened",
        count="How many that day (default 1)",
        date="When (default today)",
        note="A few words to remember it by",
    )
    @app_commands.choices(event=EVENTS)
    async def log(
        self,
        interaction: discord.Interaction,
        event: app_commands.Choice[str],
        count: app_commands.Range[int, 1, 1000] = 1,
        date: Day | None = None,
        note: app_commands.Range[str, 1, 200] | None = None,
    ) -> None:
        async with self.database.write() as writes:
            logged = await EventRepository(writes).log(
                interaction.user.id,
                event.value,
                count,
                date or today(interaction),
                note,
                interaction_key(interaction),
            )
        record = logged.event
        embed = discord.Embed(
            title=(
                f"{'Already logged' if logged.replayed else 'Logged'}: "
                f"{plural(record.count, record.kind.label)}"
            ),
            description=f"On {record.occurred_on.isoformat()}. See where it leaves you with `/momentum`.",
            colour=GOOD,
        )
        await answer(interaction, embed=embed, ephemeral=True)
