"""Bot processes: started with the benchmark's own settings, ready on their line, stopped cleanly."""

from __future__ import annotations

import os
import sys

import pytest

from bench.ceiling import READY_MARKER
from bench.processes import ROOT, BotProcess, BotProcessError, bot_environment

WAITS_FOR_SIGTERM = (
    "import signal, sys\n"
    "signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))\n"
    f"print('starting'); print({READY_MARKER!r}, flush=True)\n"
    "signal.pause()\n"
)


def test_environment_drops_inherited_gigwise_settings_and_adds_the_given_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("DISCORD_TOKEN", "DATABASE_URL", "GIGWISE_DATA_DIR", "SHARD_IDS", "LOG_LEVEL"):
        monkeypatch.setenv(name, "inherited")
    env = bot_environment(LOG_LEVEL="INFO")
    assert env["LOG_LEVEL"] == "INFO"
    assert not {"DISCORD_TOKEN", "DATABASE_URL", "GIGWISE_DATA_DIR", "SHARD_IDS"} & set(env)
    assert env["PYTHONPATH"].split(os.pathsep)[0] == str(ROOT)


async def test_a_process_is_ready_on_its_line_and_stops_on_sigterm() -> None:
    bot = await BotProcess.start(
        "sleeper", [sys.executable, "-c", WAITS_FOR_SIGTERM], bot_environment(), READY_MARKER
    )
    try:
        assert await bot.wait_ready(within=20) > 0
        assert bot.memory_kib()["VmRSS"] > 0
    finally:
        status = await bot.stop()
    assert status == 0
    assert list(bot.output) == ["starting", READY_MARKER]


async def test_a_process_that_exits_before_ready_reports_its_output() -> None:
    bot = await BotProcess.start(
        "quitter",
        [sys.executable, "-c", "print('gigwise: DISCORD_TOKEN: is not set'); raise SystemExit(2)"],
        bot_environment(),
        READY_MARKER,
    )
    with pytest.raises(BotProcessError, match="exited with status 2") as raised:
        await bot.wait_ready(within=20)
    assert "DISCORD_TOKEN: is not set" in str(raised.value)
    await bot.stop()


async def test_the_last_line_of_each_logged_traceback_is_counted() -> None:
    logs = (
        "print('2026-11-29 ERROR commands.replies: Unexpected error 1f in /momentum')\n"
        "print('Traceback (most recent call last):')\n"
        "print('sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached')\n"
        "print('TimeoutError')\n"
    )
    bot = await BotProcess.start(
        "logger", [sys.executable, "-c", logs], bot_environment(), READY_MARKER
    )
    await bot.process.wait()
    await bot.stop()
    assert bot.exceptions == {
        "sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached": 1,
        "TimeoutError": 1,
    }
