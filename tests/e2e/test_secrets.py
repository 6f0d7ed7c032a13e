"""The bot token never shows: not in logs (at DEBUG), errors, reprs, or anything sent to Discord.

`gigwise run` is started as a separate process with LOG_LEVEL=DEBUG and made to fail in several
ways: Discord refuses the token at login or at the gateway, a callback is refused or rate limited,
an answer is lost, the connection drops, the settings or the database are bad. Its whole output is
then searched for the token, and for any long piece of it.

Discord, or a proxy in front of it, may answer an error that repeats the request's Authorization
header; the bot then holds its own token inside an exception. That is tried at each place such an
exception ends up somewhere different: at login (it ends the process), at command sync (it ends
start-up), during an interaction (the tree's error handler logs it), and in a gateway close reason
(discord.py logs the closing frame at DEBUG).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import secrets
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from bot.sandbox import SandboxDiscord
from bot.settings import Settings, SettingsError, load_settings

GIGWISE = str(Path(sys.executable).parent / "gigwise")
# A piece this long of the token anywhere is a leak; shorter ones could be chance.
PIECE = 12
CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"
# What the sandbox's echoing error shows once the token in it is redacted.
ECHO_REDACTED = "Authorization: Bot [redacted]"


def _token() -> str:
    return "MTMwMDAwMDAwMDAwMDAwMDAw." + secrets.token_urlsafe(6) + "." + secrets.token_urlsafe(27)


def _leaks(output: str, token: str) -> list[str]:
    return sorted(
        {
            token[i : i + PIECE]
            for i in range(len(token) - PIECE + 1)
            if token[i : i + PIECE] in output
        }
    )


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DISCORD_", "GIGWISE_", "DATABASE_", "LOG_LEVEL"))
    }
    env.update({"GIGWISE_DATA_DIR": str(tmp_path / "data"), "LOG_LEVEL": "DEBUG"})
    env.update(extra)
    return env


async def _gigwise_run(
    tmp_path: Path,
    sandbox: SandboxDiscord,
    token: str,
    while_running: Callable[[], Awaitable[None]] | None = None,
    **env: str,
) -> tuple[int, str]:
    """Run `gigwise run` against the sandbox; once ready, do `while_running` and stop it."""
    process = await asyncio.create_subprocess_exec(
        GIGWISE,
        "run",
        env=_env(
            tmp_path,
            **{
                "DISCORD_TOKEN": token,
                "DISCORD_API_URL": sandbox.api_url,
                "DISCORD_GATEWAY_URL": sandbox.gateway_url,
                **env,
            },
        ),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output = asyncio.create_task(process.communicate())
    try:
        if while_running is not None:
            await sandbox.wait_until_ready(timeout=30)
            await while_running()
            # The process may have stopped by itself meanwhile (a refused gateway, say).
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
        stdout, _ = await asyncio.wait_for(output, 30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return process.returncode, stdout.decode(errors="replace")


async def _gigwise(
    tmp_path: Path, sandbox: SandboxDiscord, token: str, *args: str
) -> tuple[int, str]:
    """Run a `gigwise` command that ends by itself against the sandbox; its status and output."""
    process = await asyncio.create_subprocess_exec(
        GIGWISE,
        *args,
        env=_env(
            tmp_path,
            DISCORD_TOKEN=token,
            DISCORD_API_URL=sandbox.api_url,
            DISCORD_GATEWAY_URL=sandbox.gateway_url,
        ),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    stdout, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode is not None
    return process.returncode, stdout.decode(errors="replace")


def _sent_to_discord(sandbox: SandboxDiscord) -> str:
    """Everything the bot sent, bar the Authorization header that must carry the token."""
    return "\n".join(
        f"{r.path} {r.query} {r.json!r} {r.files!r} "
        + repr({k: v for k, v in r.headers.items() if k.lower() != "authorization"})
        for r in sandbox.requests
    )


async def test_serving_through_faults_never_shows_the_token(tmp_path: Path) -> None:
    token = _token()
    async with SandboxDiscord(token=token) as sandbox:

        async def faults() -> None:
            await sandbox.invoke("fee", {"amount": "15000"})
            sandbox.fail_next_callback(400)
            failed = await sandbox.invoke("fee", {"amount": "15000"})
            assert "Something went wrong" in failed.text()
            sandbox.rate_limit_next_callback(0.1)
            await sandbox.invoke("screen", {"post": "Pay me on Telegram"})
            sandbox.lose_next_callback_answer()
            lost = await sandbox.invoke("dispute", {"owed": "1200"})
            await sandbox.wait_for_callback_attempts(lost, 2)
            sandbox.disconnect(4000)
            await sandbox.invoke("contract", {"client": "Acme", "amount": "1"}, subcommand="add")
            await sandbox.request_reconnect()
            await sandbox.invoke("export")
            await sandbox.invoke("import", attachments={"file": ("x.csv", b"\x00", "text/csv")})

        status, output = await _gigwise_run(tmp_path, sandbox, token, faults)
        sent = _sent_to_discord(sandbox)
    assert status == 0, output
    assert "DEBUG" in output
    assert "Unexpected error" in output
    assert _leaks(output, token) == []
    assert _leaks(sent, token) == []


async def test_a_refused_token_never_shows(tmp_path: Path) -> None:
    token = _token()
    async with SandboxDiscord(token=_token()) as sandbox:
        status, output = await _gigwise_run(tmp_path, sandbox, token)
    assert status == 2, output
    assert "DISCORD_TOKEN" in output
    assert _leaks(output, token) == []


async def test_a_token_the_gateway_refuses_never_shows(tmp_path: Path) -> None:
    token = _token()
    async with SandboxDiscord(token=token) as sandbox:
        sandbox.gateway.token = _token()
        status, output = await _gigwise_run(tmp_path, sandbox, token)
    assert status != 0
    assert _leaks(output, token) == []


@pytest.mark.parametrize(
    "setting",
    [
        {"LOG_LEVEL": "LOUD"},
        {"DATABASE_URL": "mysql://root:pw@db/gigwise"},
        {"DISCORD_API_URL": "not a url"},
        {"SHARD_IDS": "7"},
    ],
)
async def test_a_bad_setting_never_shows_the_token(tmp_path: Path, setting: dict[str, str]) -> None:
    token = _token()
    async with SandboxDiscord(token=token) as sandbox:
        status, output = await _gigwise_run(tmp_path, sandbox, token, **setting)
    assert status == 2, output
    assert _leaks(output, token) == []


async def test_an_unusable_database_never_shows_the_token(tmp_path: Path) -> None:
    token = _token()
    (tmp_path / "data").write_text("a file where the data folder should be")
    async with SandboxDiscord(token=token) as sandbox:
        status, output = await _gigwise_run(tmp_path, sandbox, token)
    assert status != 0
    assert _leaks(output, token) == []


def test_a_malformed_token_is_refused_without_repeating_it() -> None:
    token = _token()
    malformed = token[:30] + " " + token[30:]
    with pytest.raises(SettingsError) as refused:
        load_settings({"DISCORD_TOKEN": malformed})
    shown = str(refused.value) + repr(refused.value)
    assert _leaks(shown, token) == []


def test_settings_never_show_the_token_in_a_repr() -> None:
    token = _token()
    settings = load_settings({"DISCORD_TOKEN": token})
    assert settings.discord_token is not None
    shown = [
        repr(settings),
        str(settings),
        f"{settings}",
        "%s %r" % (settings.discord_token, settings.discord_token),  # noqa: UP031
        repr(dataclasses.asdict(settings)),
        repr(dataclasses.replace(settings)),
    ]
    assert _leaks("\n".join(shown), token) == []
    assert settings.discord_token.reveal() == token


def test_settings_never_show_the_database_password_in_a_repr() -> None:
    settings: Settings = load_settings(
        {"DATABASE_URL": "postgresql+asyncpg://gigwise:s3cret-db-pass@db/gigwise"}
    )
    assert "s3cret-db-pass" not in repr(settings)


async def test_a_token_the_gateway_refuses_is_named_in_one_line(tmp_path: Path) -> None:
    token = _token()
    async with SandboxDiscord(token=token) as sandbox:
        sandbox.gateway.token = _token()
        status, output = await _gigwise_run(tmp_path, sandbox, token, LOG_LEVEL="WARNING")
    assert "Traceback" not in output
    assert status == 2
    assert output.strip().splitlines()[-1].startswith("gigwise: DISCORD_TOKEN:")


async def test_an_unusable_data_folder_is_named_in_one_line(tmp_path: Path) -> None:
    token = _token()
    (tmp_path / "data").write_text("a file where the data folder should be")
    async with SandboxDiscord(token=token) as sandbox:
        status, output = await _gigwise_run(tmp_path, sandbox, token, LOG_LEVEL="WARNING")
    assert "Traceback" not in output
    assert status == 2
    assert "GIGWISE_DATA_DIR" in output or "DATABASE_URL" in output


async def test_an_error_echoing_the_token_at_login_never_shows_it(tmp_path: Path) -> None:
    token = _token()
    async with SandboxDiscord(token=token) as sandbox:
        sandbox.fail_next_request("GET", "/users/@me", 403, echo_token=True)
        status, output = await _gigwise_run(tmp_path, sandbox, token)
    assert status != 0, output
    assert _leaks(output, token) == []
    assert ECHO_REDACTED in output


@pytest.mark.parametrize("command", ["run", "sync"])
async def test_an_error_echoing_the_token_at_command_sync_never_shows_it(
    tmp_path: Path, command: str
) -> None:
    token = _token()
    async with SandboxDiscord(token=token) as sandbox:
        route = "/applications/{application_id}/commands"
        sandbox.fail_next_request("PUT", route, 400, echo_token=True)
        if command == "run":
            status, output = await _gigwise_run(tmp_path, sandbox, token)
        else:
            status, output = await _gigwise(tmp_path, sandbox, token, "sync")
    assert status != 0, output
    assert _leaks(output, token) == []
    assert ECHO_REDACTED in output


async def test_an_error_echoing_the_token_during_an_interaction_never_shows_it(
    tmp_path: Path,
) -> None:
    token = _token()
    async with SandboxDiscord(token=token) as sandbox:

        async def refused_callback() -> None:
            sandbox.fail_next_request("POST", CALLBACK, 400, echo_token=True)
            failed = await sandbox.invoke("fee", {"amount": "15000"})
            assert "Something went wrong" in failed.text()

        status, output = await _gigwise_run(tmp_path, sandbox, token, refused_callback)
    assert status == 0, output
    assert _leaks(output, token) == []
    assert ECHO_REDACTED in output


async def test_a_gateway_close_reason_holding_the_token_never_shows_it(tmp_path: Path) -> None:
    token = _token()
    async with SandboxDiscord(token=token) as sandbox:

        async def closed() -> None:
            sandbox.disconnect(4000, reason=f"Closed for Bot {token}")
            # A reconnect: the bot resumes and keeps answering.
            await sandbox.gateway.resumed.wait()
            await sandbox.invoke("fee", {"amount": "15000"})

        status, output = await _gigwise_run(tmp_path, sandbox, token, closed)
    assert status == 0, output
    assert _leaks(output, token) == []
    assert "Closed for Bot [redacted]" in output


async def test_a_gateway_refusal_holding_the_token_never_shows_it(tmp_path: Path) -> None:
    token = _token()
    async with SandboxDiscord(token=token) as sandbox:
        sandbox.gateway.token = _token()
        sandbox.gateway.refusal_reason = f"Authentication failed for {token}"
        status, output = await _gigwise_run(tmp_path, sandbox, token)
    assert status == 2, output
    assert _leaks(output, token) == []
    assert "Authentication failed for [redacted]" in output
