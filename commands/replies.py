"""How every reply leaves Gigwise: private when it should be, never pinging, and errors explained kindly.

The command tree's error handler and the views' error handlers both turn an exception into a member-facing
message here, so a refused input reads the same whichever way it arrived.
"""

from __future__ import annotations

import logging
import math
import secrets

import discord
from discord import app_commands

from advisor.errors import InputError
from db.errors import DatabaseBusy

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()


# Discord's API names a few permissions differently from what members see in the app.
_PERMISSION_NAMES = {"manage_guild": "Manage Server", "administrator": "Administrator"}


def _permission_name(permission: str) -> str:
    return _PERMISSION_NAMES.get(permission, permission.replace("_", " ").title())


def interaction_key(interaction: discord.Interaction) -> str:
    """The idempotency key of a write: Discord re-delivers an interaction with the same id."""
    return f"discord:{interaction.id}"


def unwrap(error: BaseException) -> BaseException:
    """The exception a command really raised, under discord.py's wrappers."""
    while isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError):
        cause = error.__cause__
        if cause is None:
            break
        error = cause
    return error


def member_message(error: BaseException) -> str | None:
    """The message to show for an error the member can act on, or None for a bug."""
    error = unwrap(error)
    if isinstance(error, InputError):
        return error.message
    if isinstance(error, app_commands.CommandOnCooldown):
        # Rounded up: "try again in 0 seconds" would be refused again if taken at its word.
        seconds = max(1, math.ceil(error.retry_after))
        return f"Slow down a little: try this again in {seconds} second{'s' * (seconds != 1)}."
    if isinstance(error, app_commands.MissingPermissions):
        needed = ", ".join(_permission_name(p) for p in error.missing_permissions)
        return f"You need the {needed} permission on this server to do that."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That command works in a server, not in direct messages."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use that command here."
    if isinstance(error, app_commands.TransformerError):
        return f"That value doesn't fit the {error.type.name} option: check it and try again."
    if isinstance(error, DatabaseBusy):
        return "Gigwise is busy right now and nothing was changed: try again in a moment."
    return None


async def send_private(interaction: discord.Interaction, text: str) -> None:
    """Answer (or follow up) privately, whatever state the interaction is in."""
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
    else:
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)


async def report_failure(
    interaction: discord.Interaction, error: BaseException, message: str | None
) -> None:
    """Tell the member what went wrong: `message` (from member_message) or, for a bug, an error id."""
    if message is None:
        error_id = secrets.token_hex(4)
        command = interaction.command.qualified_name if interaction.command else "?"
        log.error(
            "Unexpected error %s in /%s (user %s)",
            error_id,
            command,
            interaction.user.id,
            exc_info=unwrap(error),
        )
        text = (
            f"Something went wrong on our side and nothing was changed. "
            f"If it keeps happening, quote error id `{error_id}` to the server staff."
        )
    else:
        text = message
    try:
        await send_private(interaction, text)
    except discord.HTTPException:
        log.warning("Could not deliver an error reply for interaction %s", interaction.id)
