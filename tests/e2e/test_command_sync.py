"""Commands are registered when they change, and only then: restarts don't burn Discord's rate limit."""

from __future__ import annotations

import dataclasses

from bot.command_sync import command_payload, payload_hash, scope_key
from bot.sandbox import DEFAULT_GUILD_ID, SandboxDiscord
from bot.settings import Settings
from db.database import Database
from db.repositories.bot_state import BotStateRepository
from tests.e2e.conftest import BotFactory, connected

EXPECTED_COMMANDS = {
    "fee",
    "compare",
    "target",
    "dispute",
    "screen",
    "Screen job post",
    "warn",
    "warnings",
    "never-again",
    "moderate",
    "contract",
    "clients",
    "earnings",
    "momentum",
    "log",
    "import",
    "export",
    "forget-me",
    "profile",
    "settings",
    "help",
}


async def test_first_start_registers_every_command(
    sandbox: SandboxDiscord, make_bot: BotFactory
) -> None:
    async with connected(make_bot(), sandbox.token):
        pass
    [sync] = sandbox.sync_requests
    assert sync.guild_id is None
    assert {command["name"] for command in sync.body} == EXPECTED_COMMANDS


async def test_fee_options_are_the_documented_interface(
    sandbox: SandboxDiscord, make_bot: BotFactory
) -> None:
    async with connected(make_bot(), sandbox.token):
        pass
    fee = next(c for c in sandbox.sync_requests[0].body if c["name"] == "fee")
    options = [(o["name"], o["required"]) for o in fee["options"]]
    assert options == [("amount", True), ("platform", False), ("rate", False), ("client", False)]
    platform = fee["options"][1]
    assert "upwork-tiered" in [choice["value"] for choice in platform["choices"]]


async def test_contract_subcommands_are_the_documented_interface(
    sandbox: SandboxDiscord, make_bot: BotFactory
) -> None:
    async with connected(make_bot(), sandbox.token):
        pass
    contract = next(c for c in sandbox.sync_requests[0].body if c["name"] == "contract")
    subcommands = {
        s["name"]: [(o["name"], o.get("required", False)) for o in s.get("options", [])]
        for s in contract["options"]
    }
    assert list(subcommands) == [
        "add",
        "start",
        "bill",
        "end",
        "list",
        "undo",
        "unbill",
        "edit",
        "delete",
    ]
    assert subcommands["undo"] == []
    assert subcommands["unbill"] == [("contract", True), ("billing", True)]
    assert subcommands["delete"] == [("contract", True)]
    assert subcommands["edit"] == [
        ("contract", True),
        ("client", False),
        ("title", False),
        ("started", False),
        ("ended", False),
        ("rating", False),
        ("kind", False),
        ("platform", False),
        ("rate", False),
    ]


async def test_restart_with_unchanged_commands_does_not_register_again(
    sandbox: SandboxDiscord, make_bot: BotFactory
) -> None:
    async with connected(make_bot(), sandbox.token):
        pass
    async with connected(make_bot(), sandbox.token):
        pass
    assert len(sandbox.sync_requests) == 1


async def test_changed_commands_are_registered_at_start(
    sandbox: SandboxDiscord, make_bot: BotFactory, database: Database
) -> None:
    async with database.write() as writes:
        await BotStateRepository(writes).set(scope_key(None), "hash-of-an-older-version")
    async with connected(make_bot(), sandbox.token):
        pass
    assert len(sandbox.sync_requests) == 1


async def test_forced_sync_registers_even_when_unchanged(
    sandbox: SandboxDiscord, make_bot: BotFactory
) -> None:
    async with connected(make_bot(), sandbox.token) as bot:
        assert await bot.sync_commands(force=True)
    assert len(sandbox.sync_requests) == 2


async def test_guild_setting_registers_in_that_guild_only(
    sandbox: SandboxDiscord, make_bot: BotFactory, settings: Settings
) -> None:
    in_guild = dataclasses.replace(settings, guild_id=DEFAULT_GUILD_ID)
    async with connected(make_bot(settings=in_guild), sandbox.token):
        reply = await sandbox.invoke("fee", {"amount": "600", "platform": "upwork-tiered"})
    [sync] = sandbox.sync_requests
    assert sync.guild_id == DEFAULT_GUILD_ID
    assert {command["name"] for command in sync.body} == EXPECTED_COMMANDS
    assert "$490.00" in reply.embeds[0]["description"]


async def test_sandbox_syncs_are_never_remembered(
    sandbox: SandboxDiscord, make_bot: BotFactory, database: Database
) -> None:
    async with connected(make_bot(remember_sync=False), sandbox.token):
        pass
    async with connected(make_bot(remember_sync=False), sandbox.token):
        pass
    assert len(sandbox.sync_requests) == 2
    async with database.write() as writes:
        assert await BotStateRepository(writes).get(scope_key(None)) is None


async def test_payload_hash_ignores_key_order(
    sandbox: SandboxDiscord, make_bot: BotFactory
) -> None:
    async with connected(make_bot(), sandbox.token) as bot:
        payload = command_payload(bot.tree, None)
    reordered = [dict(reversed(list(command.items()))) for command in payload]
    assert payload_hash(reordered) == payload_hash(payload)
    payload[0]["description"] = "changed"
    assert payload_hash(payload) != payload_hash(reordered)
