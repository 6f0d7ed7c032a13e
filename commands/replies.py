"""How every reply leaves Gigwise: private when it should be, and errors explained kindly.

`handle_error` is the one path every failure takes, whether it came from a slash command, a
context menu, a button, a select or a form (`bot.tree`, `commands.views`): an error the member can
act on becomes a private message saying what to do, anything else a private apology with an id to
quote and a logged traceback, and each outcome is recorded in `Outcomes` for the console.

Mentions need no argument here: the bot is built with `AllowedMentions.none()`, which discord.py
applies to every message, follow-up and edit it sends.
"""

from __future__ import annotations

import logging
import math
import secrets
from collections import deque

import discord
from discord import app_commands

from advisor.errors import InputError
from advisor.wording import human_join, plural
from commands.answering import answer
from db.errors import DatabaseBusy

log = logging.getLogger(__name__)

# Discord's code for a second answer to one interaction: what a redelivered interaction gets.
ALREADY_ACKNOWLEDGED = 40060

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
        return f"Slow down a little: try this again in {plural(seconds, 'second')}."
    if isinstance(error, app_commands.MissingPermissions):
        needed = human_join(_permission_name(p) for p in error.missing_permissions)
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
    await answer(interaction, text, ephemeral=True)


class Outcomes:
    """Recent interactions refused because of the member's input, and those that failed on a bug.

    The console reads them to choose its exit status. Bounded, so a long-running bot does not
    grow them forever.
    """

    def __init__(self, kept: int = 1024) -> None:
        self.refused: deque[int] = deque(maxlen=kept)
        self.failed: deque[int] = deque(maxlen=kept)


def outcomes_of(client: discord.Client) -> Outcomes | None:
    """Where the bot records outcomes (its command tree keeps them), if it does."""
    outcomes = getattr(getattr(client, "tree", None), "outcomes", None)
    return outcomes if isinstance(outcomes, Outcomes) else None


async def handle_error(interaction: discord.Interaction, error: BaseException) -> None:
    """The one path of every error an interaction raised: see the module docstring."""
    cause = unwrap(error)
    if isinstance(cause, discord.HTTPException) and cause.code == ALREADY_ACKNOWLEDGED:
        # Discord delivered the interaction twice, or lost its answer to a first try that had
        # gone through and refused discord.py's retry; either way the member was answered,
        # and every write is keyed by the interaction id, so the second run changed nothing.
        log.info("Interaction %s had already been answered; nothing was done twice", interaction.id)
        return
    message = member_message(error)
    outcomes = outcomes_of(interaction.client)
    if outcomes is not None:
        # Recorded before replying: whoever waits for the reply may look as soon as it arrives.
        (outcomes.refused if message is not None else outcomes.failed).append(interaction.id)
    await _report_failure(interaction, error, message)


def _what_was_used(interaction: discord.Interaction) -> str:
    """`/contract bill`, or the component or form by its custom id."""
    if interaction.command is not None:
        return f"/{interaction.command.qualified_name}"
    data: dict[str, object] = dict(interaction.data or {})
    custom_id = data.get("custom_id", "?")
    kind = "form" if interaction.type is discord.InteractionType.modal_submit else "component"
    return f"{kind} {custom_id}"


async def _report_failure(
    interaction: discord.Interaction, error: BaseException, message: str | None
) -> None:
    """Tell the member what went wrong: `message` (from member_message) or, for a bug, an error id."""
    if message is None:
        error_id = secrets.token_hex(4)
        log.error(
            "Unexpected error %s in %s (user %s)",
            error_id,
            _what_was_used(interaction),
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
