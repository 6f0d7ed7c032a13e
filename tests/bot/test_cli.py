"""The `gigwise` command as a newcomer meets it: real processes, real exit statuses, real output."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.sandbox import SandboxDiscord

GIGWISE = str(Path(sys.executable).parent / "gigwise")
TOKEN = "sandbox." + "t0k3n" * 8


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DISCORD_", "GIGWISE_", "DATABASE_"))
    }
    env.pop("LOG_LEVEL", None)
    env["GIGWISE_DATA_DIR"] = str(tmp_path / "data")
    env.update(extra)
    return env


def gigwise(
    tmp_path: Path, *args: str, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [GIGWISE, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=_env(tmp_path, **env),
        timeout=60,
        check=False,
    )


def test_ask_answers_the_seed_articles_question(tmp_path: Path) -> None:
    result = gigwise(tmp_path, "ask", "/fee 15000 platform:upwork-tiered")
    assert result.returncode == 0, result.stderr
    assert "Upwork's 2016–2023 tiers kept $1,300.00 of $15,000.00" in result.stdout
    assert "$13,700.00" in result.stdout
    assert result.stderr == ""


def test_ask_takes_named_options(tmp_path: Path) -> None:
    result = gigwise(tmp_path, "ask", "/fee amount:15000 platform:fiverr")
    assert result.returncode == 0, result.stderr
    assert "Fiverr keeps $3,000.00" in result.stdout


def test_ask_refuses_bad_input_with_status_2(tmp_path: Path) -> None:
    result = gigwise(tmp_path, "ask", "/fee fifteen")
    assert result.returncode == 2
    assert "Type an amount like 15000" in result.stdout
    assert "Traceback" not in result.stderr


def test_ask_refuses_an_unknown_command_with_status_2(tmp_path: Path) -> None:
    result = gigwise(tmp_path, "ask", "/feee 15000")
    assert result.returncode == 2
    assert "/fee" in result.stdout


def test_console_answers_typed_commands(tmp_path: Path) -> None:
    result = gigwise(
        tmp_path, "console", stdin="/fee 600 upwork-tiered\n\n/target 490 upwork-tiered\nquit\n"
    )
    assert result.returncode == 0, result.stderr
    assert "That left you **$490.00**" in result.stdout
    assert "Bill $600.00 to take home $490.00" in result.stdout


def test_no_token_and_no_command_opens_the_console(tmp_path: Path) -> None:
    result = gigwise(tmp_path, stdin="/fee 15000 platform:upwork-tiered\n")
    assert result.returncode == 0, result.stderr
    assert "Gigwise console" in result.stdout
    assert "$13,700.00" in result.stdout


def test_run_without_a_token_names_the_setting(tmp_path: Path) -> None:
    result = gigwise(tmp_path, "run")
    assert result.returncode == 2
    assert result.stderr.startswith("gigwise: DISCORD_TOKEN: ")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("name", "value"),
    [("LOG_LEVEL", "LOUD"), ("DATABASE_URL", "mysql://x"), ("DISCORD_API_URL", "nope")],
)
def test_malformed_setting_is_one_line_and_status_2(tmp_path: Path, name: str, value: str) -> None:
    result = gigwise(tmp_path, "ask", "/fee 1", **{name: value})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(f"gigwise: {name}: ")


def test_migrate_brings_the_database_up_to_date(tmp_path: Path) -> None:
    result = gigwise(tmp_path, "migrate")
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
    assert (tmp_path / "data" / "gigwise.sqlite3").exists()


async def _start_run(
    tmp_path: Path, sandbox: SandboxDiscord, **settings: str
) -> asyncio.subprocess.Process:
    """`gigwise run` against the sandbox, with its token unless `settings` give another."""
    chosen = {
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_URL": sandbox.api_url,
        "DISCORD_GATEWAY_URL": sandbox.gateway_url,
        **settings,
    }
    return await asyncio.create_subprocess_exec(
        GIGWISE,
        "run",
        env=_env(tmp_path, **chosen),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_run_serves_discord_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    async with SandboxDiscord(token=TOKEN) as sandbox:
        process = await _start_run(tmp_path, sandbox, LOG_LEVEL="DEBUG")
        try:
            await sandbox.wait_until_ready(timeout=30)
            reply = await sandbox.invoke("fee", {"amount": "15000", "platform": "upwork-tiered"})
            assert "$13,700.00" in reply.embeds[0]["description"]
            process.send_signal(signal.SIGTERM)
            stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    log = stderr.decode()
    assert process.returncode == 0, log
    assert "Traceback" not in log
    assert TOKEN not in log + stdout.decode()
    assert "Shutting down" in log


async def test_sync_registers_commands_in_one_guild_now(tmp_path: Path) -> None:
    async with SandboxDiscord(token=TOKEN) as sandbox:
        process = await asyncio.create_subprocess_exec(
            GIGWISE,
            "sync",
            "--guild",
            "200000000000000001",
            env=_env(
                tmp_path,
                DISCORD_TOKEN=TOKEN,
                DISCORD_API_URL=sandbox.api_url,
                DISCORD_GATEWAY_URL=sandbox.gateway_url,
            ),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
        assert process.returncode == 0, stderr.decode()
        [sync] = sandbox.sync_requests
    assert sync.guild_id == 200000000000000001
    assert "fee" in {command["name"] for command in sync.body}
    assert "registered in server 200000000000000001" in stdout.decode()


async def test_run_with_a_refused_token_names_the_setting(tmp_path: Path) -> None:
    async with SandboxDiscord(token=TOKEN) as sandbox:
        process = await _start_run(tmp_path, sandbox, DISCORD_TOKEN="wrong." + "x" * 30)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert stderr.decode().strip().splitlines()[-1].startswith("gigwise: DISCORD_TOKEN:")
    assert "Traceback" not in stderr.decode()


async def test_jobs_channels_without_the_portals_intent_say_what_to_switch_on(
    tmp_path: Path,
) -> None:
    async with SandboxDiscord(token=TOKEN, privileged_intents=False) as sandbox:
        process = await _start_run(tmp_path, sandbox, GIGWISE_JOBS_CHANNELS="on")
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    log = stderr.decode()
    assert process.returncode == 2, log
    assert "Traceback" not in log
    last = log.strip().splitlines()[-1]
    assert last.startswith("gigwise: GIGWISE_JOBS_CHANNELS is on")
    assert "Message Content intent" in last


async def test_without_jobs_channels_the_portals_intents_are_not_needed(tmp_path: Path) -> None:
    async with SandboxDiscord(token=TOKEN, privileged_intents=False) as sandbox:
        process = await _start_run(tmp_path, sandbox)
        try:
            await sandbox.wait_until_ready(timeout=30)
            reply = await sandbox.invoke("fee", {"amount": "100", "platform": "upwork-flat"})
            assert "$90.00" in reply.embeds[0]["description"]
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.communicate(), 30)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    assert process.returncode == 0


def test_a_database_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    import sqlite3

    assert gigwise(tmp_path, "migrate").returncode == 0
    with sqlite3.connect(tmp_path / "data" / "gigwise.sqlite3") as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    result = gigwise(tmp_path, "ask", "/fee 100")
    assert result.returncode == 2
    assert "9999_from_the_future" in result.stderr
    assert "Traceback" not in result.stderr


def test_ask_as_a_manager_can_change_the_servers_settings(tmp_path: Path) -> None:
    refused = gigwise(tmp_path, "ask", "/settings platform:fiverr")
    assert refused.returncode == 2
    assert "Manage Server" in refused.stdout
    saved = gigwise(tmp_path, "ask", "--manager", "/settings platform:fiverr")
    assert saved.returncode == 0, saved.stderr
    fee = gigwise(tmp_path, "ask", "/fee 100")
    assert "Fiverr keeps $20.00" in fee.stdout
