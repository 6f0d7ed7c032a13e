"""The community's embeds: warnings as members see them (never who filed them), the review
queue and log as moderators see them, and a member's own never-again list.

Every name, link and detail a member typed is shown inert.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import discord

from advisor.community import NeverAgainEntry, WarningSummary
from advisor.community.settings import CommunitySettings, JobsAnswer, JobsGreen
from advisor.community.warnings import (
    ModerationEntry,
    ModerationKind,
    WarningForModerators,
)
from advisor.wording import plural
from commands.embeds import BAD, CAUTION, NEUTRAL, inert

SHOWN_CLIENTS = 5
SHOWN_DETAILS = 3


def _when(summary: WarningSummary) -> str:
    if summary.first_on == summary.last_on:
        return f"on {summary.last_on.isoformat()}"
    return f"from {summary.first_on.isoformat()} to {summary.last_on.isoformat()}"


def summary_text(summary: WarningSummary) -> str:
    """Reasons with their counts, how many members warned and when, then the details shared."""
    reasons = ", ".join(
        f"{reason.value} ({count})" if count > 1 else reason.value
        for reason, count in summary.reasons
    )
    lines = [
        f"**{plural(summary.members, 'member')}** warned {_when(summary)}: {reasons}.",
        *(f"> {inert(detail, 300)}" for detail in summary.details[:SHOWN_DETAILS]),
    ]
    return "\n".join(lines)[:1024]


def warnings_embed(summaries: Sequence[WarningSummary]) -> discord.Embed:
    """Approved warnings about the clients a post names, as an embed beside the verdict."""
    embed = discord.Embed(
        title="Members of this server warned about this client"
        if len(summaries) == 1
        else "Members of this server warned about these clients",
        colour=BAD,
    )
    for summary in summaries[:SHOWN_CLIENTS]:
        embed.add_field(
            name=inert(summary.client_name, 200), value=summary_text(summary), inline=False
        )
    embed.set_footer(
        text="Warnings are checked by this server's moderators; who filed them is never shown."
    )
    return embed


def lookup_embed(
    name: str, summary: WarningSummary | None, entry: NeverAgainEntry | None
) -> discord.Embed:
    if summary is None:
        embed = discord.Embed(
            title=f"No warnings about {inert(name, 200)}",
            description="No member of this server has a current warning about this client. "
            "That is not a guarantee: screen their job post with /screen too.",
            colour=NEUTRAL,
        )
    else:
        embed = discord.Embed(
            title=f"Warnings about {inert(summary.client_name, 200)}",
            description=summary_text(summary),
            colour=BAD,
        )
        embed.set_footer(text="Checked by this server's moderators; who warned is never shown.")
    if entry is not None:
        embed.add_field(name="On your never-again list", value=_entry_text(entry), inline=False)
    return embed


def _entry_text(entry: NeverAgainEntry) -> str:
    note = f": {inert(entry.note, 200)}" if entry.note else ""
    return f"Added {entry.added_on.isoformat()}{note}"


def new_client_embed(
    summary: WarningSummary | None, entry: NeverAgainEntry | None
) -> discord.Embed:
    """Said once, privately, when a member logs work with a client that is new to them."""
    embed = discord.Embed(title="Before you go on with this client", colour=CAUTION)
    if entry is not None:
        embed.add_field(
            name="You put them on your never-again list", value=_entry_text(entry), inline=False
        )
    if summary is not None:
        embed.add_field(
            name=f"Members of this server warned about {inert(summary.client_name, 150)}",
            value=summary_text(summary),
            inline=False,
        )
    return embed


def filed_embed(client_name: str) -> discord.Embed:
    return discord.Embed(
        title="Warning received",
        description=(
            f"Your warning about {inert(client_name, 200)} waits for a moderator's review. "
            "Once approved, members see the client, the reasons and the date, never your name; "
            "the details only if you allowed it. `/warnings withdraw` takes it back."
        ),
        colour=NEUTRAL,
    )


def queue_embed(item: WarningForModerators, waiting: int) -> discord.Embed:
    warning = item.warning
    reporter = f"<@{item.reporter_id}>" if item.reporter_id else "a member who has since left"
    embed = discord.Embed(
        title=f"Review warning #{warning.id}: {inert(warning.client_name, 200)}",
        colour=CAUTION,
    )
    embed.add_field(name="Filed by", value=f"{reporter} on {warning.filed_on}", inline=True)
    embed.add_field(name="Reasons", value=", ".join(r.value for r in warning.reasons), inline=True)
    if warning.profile_link:
        embed.add_field(name="Profile link", value=inert(warning.profile_link, 300), inline=False)
    embed.add_field(
        name="Details" + (" (shown to members)" if warning.share_details else " (moderators only)"),
        value=inert(warning.details or "(none)", 1000),
        inline=False,
    )
    embed.set_footer(text=f"{plural(waiting, 'warning')} waiting, this one included.")
    return embed


def empty_queue_embed() -> discord.Embed:
    return discord.Embed(
        title="No warnings wait for review", description="The queue is empty.", colour=NEUTRAL
    )


_DONE = {
    ModerationKind.APPROVED: "approved",
    ModerationKind.REJECTED: "rejected",
    ModerationKind.DELETED: "deleted",
    ModerationKind.WITHDRAWN: "withdrawn by its reporter",
    ModerationKind.SETTINGS: "changed the settings",
}


def log_embed(entries: Sequence[ModerationEntry]) -> discord.Embed:
    embed = discord.Embed(title="Moderation log", colour=NEUTRAL)
    if not entries:
        embed.description = "Nothing has been moderated in this server yet."
        return embed
    lines = []
    for entry in entries:
        who = f"<@{entry.moderator_id}>" if entry.moderator_id else "—"
        what = (
            f"warning #{entry.warning_id} ({inert(entry.client_name or '', 80)})"
            if entry.warning_id is not None
            else ""
        )
        lines.append(f"{entry.acted_on.isoformat()} · {who} · {_DONE[entry.action]} {what}".strip())
    embed.description = "\n".join(lines)[:4096]
    return embed


def never_again_embed(entries: Sequence[NeverAgainEntry]) -> discord.Embed:
    embed = discord.Embed(title="Your never-again list", colour=NEUTRAL)
    if not entries:
        embed.description = "Empty. `/never-again add` puts a client on it; only you see it."
        return embed
    embed.description = "\n".join(
        f"• {inert(entry.client_name, 100)} · {_entry_text(entry)}" for entry in entries
    )[:4096]
    embed.set_footer(text="Only you see this list. /contract mentions it when you log a client.")
    return embed


def settings_embed(
    settings: CommunitySettings, *, changed: bool, reading_messages: bool
) -> discord.Embed:
    embed = discord.Embed(
        title="Community settings saved" if changed else "Community settings", colour=NEUTRAL
    )
    embed.add_field(name="Warnings last", value=plural(settings.expiry_months, "month"))
    role = settings.moderator_role_id
    embed.add_field(
        name="Moderators",
        value=f"Manage Server, and <@&{role}>" if role else "Members with Manage Server",
    )
    embed.add_field(name="Jobs channel", value=jobs_text(settings, reading_messages), inline=False)
    return embed


_ANSWERS = {
    JobsAnswer.THREAD: "a thread on the post",
    JobsAnswer.REACTION: "a reaction and a button that shows the verdict privately",
}
_GREENS = {JobsGreen.NOTHING: "nothing", JobsGreen.REACTION: "a quiet ✅ reaction"}


def jobs_text(settings: CommunitySettings, reading_messages: bool) -> str:
    if settings.jobs_channel_id is None:
        return "Off. `/moderate jobs-channel channel:#jobs` screens every post there."
    text = (
        f"<#{settings.jobs_channel_id}>: amber and red posts get {_ANSWERS[settings.jobs_answer]}; "
        f"green posts get {_GREENS[settings.jobs_green]}."
    )
    if not reading_messages:
        text += (
            "\n**Not working yet:** this Gigwise was started without the message-content "
            "intent, so it cannot read posts. Whoever runs it must switch on Message Content "
            "Intent in the Discord developer portal and start it with "
            "`GIGWISE_JOBS_CHANNELS=on` (see the README)."
        )
    return text


def reviewed_text(client_name: str, approved: bool, on: date) -> str:
    verb = "approved: members now see it" if approved else "rejected: nobody sees it"
    return f"Warning about {inert(client_name, 100)} {verb} ({on.isoformat()})."
