"""The reference bot: one command with one ignored option, a fixed answer, two cache settings,
and on request a database opened the way Gigwise's stack opens one."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest

from bench.ceiling import ANSWER_TITLE, COMMAND_NAME, CeilingBot
from bench.processes import reference_command
from bot.client import GigwiseBot
from bot.sandbox import SandboxDiscord
from bot.settings import load_settings
from db.database import Database
from tests.bot.sandbox.conftest import connected
from tests.loaded_modules import loaded_after


async def test_registers_one_command_whose_text_option_is_optional(
    sandbox: SandboxDiscord, ceiling_bot: CeilingBot
) -> None:
    [command] = sandbox.commands()
    assert command["name"] == COMMAND_NAME
    assert [(o["name"], o.get("required", False)) for o in command["options"]] == [("text", False)]


@pytest.mark.parametrize("options", [{}, {"text": "a long post " * 300}])
async def test_answers_the_fixed_embed_whatever_it_is_given(
    sandbox: SandboxDiscord, ceiling_bot: CeilingBot, options: dict[str, str]
) -> None:
    reply = await sandbox.invoke(COMMAND_NAME, options)
    assert [embed["title"] for embed in reply.embeds] == [ANSWER_TITLE]


def test_bare_caches_are_gigwises_and_default_caches_are_discord_pys(tmp_path: Path) -> None:
    bare, default = CeilingBot("bare"), CeilingBot("default")
    gigwise = GigwiseBot(load_settings({}), Database(f"sqlite+aiosqlite:///{tmp_path / 'g.db'}"))
    assert bare.intents == gigwise.intents == discord.Intents.none()
    assert bare._connection.member_cache_flags == discord.MemberCacheFlags.none()
    assert bare._connection.max_messages is None
    assert default.intents == discord.Intents.default()
    assert default._connection.max_messages == 1000


def test_unknown_cache_setting_is_refused() -> None:
    with pytest.raises(ValueError, match="bare, default"):
        CeilingBot("none")


async def test_with_a_database_it_holds_a_connection_while_it_runs_and_closes_it_after(
    sandbox: SandboxDiscord,
) -> None:
    bot = CeilingBot("bare", database=True, guild_ready_timeout=0.01)
    async with connected(bot, sandbox.token):
        assert bot.connection.dialect.name == "sqlite"
        assert not bot.connection.closed
        reply = await sandbox.invoke(COMMAND_NAME, {})
        assert [embed["title"] for embed in reply.embeds] == [ANSWER_TITLE]
    assert bot.connection.closed


def test_without_a_database_it_holds_no_connection() -> None:
    assert CeilingBot("bare").connection is None


def test_without_a_database_it_loads_discord_py_alone() -> None:
    assert loaded_after("import bench.ceiling", ("sqlalchemy", "aiosqlite", "bot")) == ""


def test_the_database_option_reaches_the_process_command_line() -> None:
    assert reference_command("bare", database=True)[-1] == "--database"
    assert "--database" not in reference_command("bare")
