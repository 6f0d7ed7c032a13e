"""The member-facing messages of the one error path: what each kind of refusal says."""

from __future__ import annotations

import discord
import pytest
from discord import app_commands

from advisor.errors import InputError
from commands.replies import member_message, unwrap
from db.errors import DatabaseBusy


def test_an_input_error_says_its_own_message() -> None:
    assert member_message(InputError("Give an amount like 1200.")) == "Give an amount like 1200."


async def _fee(interaction: discord.Interaction) -> None:
    """A command for errors to come from."""


def test_a_wrapped_input_error_is_unwrapped() -> None:
    cause = InputError("Give a date like 2026-11-28.")
    command = app_commands.Command(name="fee", description="Fees.", callback=_fee)
    wrapper = app_commands.CommandInvokeError(command, cause)
    wrapper.__cause__ = cause
    assert unwrap(wrapper) is cause
    assert member_message(wrapper) == "Give a date like 2026-11-28."


@pytest.mark.parametrize(
    ("retry_after", "said"),
    [(0.01, "1 second."), (1.0, "1 second."), (1.2, "2 seconds."), (9.5, "10 seconds.")],
)
def test_a_cooldown_says_when_to_try_again_rounded_up(retry_after: float, said: str) -> None:
    cooldown = app_commands.Cooldown(1, 10)
    message = member_message(app_commands.CommandOnCooldown(cooldown, retry_after))
    assert message is not None
    assert message.endswith(said)


def test_a_missing_permission_is_named_as_members_see_it() -> None:
    message = member_message(app_commands.MissingPermissions(["manage_guild"]))
    assert message == "You need the Manage Server permission on this server to do that."


def test_a_server_only_command_in_a_direct_message_says_so() -> None:
    assert member_message(app_commands.NoPrivateMessage()) == (
        "That command works in a server, not in direct messages."
    )


def test_a_busy_database_says_nothing_changed() -> None:
    message = member_message(DatabaseBusy())
    assert message is not None
    assert "nothing was changed" in message


@pytest.mark.parametrize("bug", [RuntimeError("x"), KeyError("y"), ZeroDivisionError()])
def test_a_bug_has_no_member_message(bug: Exception) -> None:
    assert member_message(bug) is None
