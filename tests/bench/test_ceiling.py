"""The reference bot: one command with one ignored option, a fixed answer, two cache settings."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest

from bench.ceiling import ANSWER_TITLE, COMMAND_NAME, CeilingBot
from bot.client import GigwiseBot
from bot.sandbox import SandboxDiscord
from bot.settings import load_settings
from db.database import Database


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
