"""Nothing Gigwise writes out carries a secret or a member's records: log lines, tracebacks in
any thread, the event loop's reports, warnings, and anything printed; warnings that say nothing
are left out.

The routes are tried in a real Python process that installs the output as `gigwise` does, so
what is checked is the process's own stderr and stdout, through Python's own hooks.
"""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.logs import (
    PIECE,
    REDACTED,
    RedactingFormatter,
    RedactingStream,
    Redactor,
    configure_logging,
)
from bot.settings import load_settings

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.secretsecretsecret-0123456789_abcdefghij"


def pieces_of(secret: str, text: str, length: int = PIECE) -> list[str]:
    """The pieces of `secret` at least `length` long found in `text`."""
    return [
        secret[i : i + length]
        for i in range(len(secret) - length + 1)
        if secret[i : i + length] in text
    ]


def _record(message: str, exc_info: object = None) -> logging.LogRecord:
    return logging.LogRecord("t", logging.ERROR, __file__, 1, message, (), exc_info)  # type: ignore[arg-type]


def test_token_in_a_message_is_redacted() -> None:
    line = RedactingFormatter([TOKEN]).format(_record(f"token is {TOKEN}"))
    assert TOKEN not in line
    assert "[redacted]" in line


def test_token_in_a_traceback_is_redacted() -> None:
    try:
        raise RuntimeError(f"bad {TOKEN}")
    except RuntimeError:
        line = RedactingFormatter([TOKEN]).format(_record("failed", sys.exc_info()))
    assert TOKEN not in line
    assert "RuntimeError" in line


def test_empty_secrets_change_nothing() -> None:
    assert RedactingFormatter([""]).format(_record("plain")).endswith("plain")


@pytest.mark.parametrize(
    "shown",
    [TOKEN[:PIECE], TOKEN[:40], TOKEN[-PIECE:], TOKEN[20:60], f"Bot {TOKEN[:50]}…"],
)
def test_a_long_piece_of_the_token_is_redacted(shown: str) -> None:
    redacted = Redactor([TOKEN]).redact(f"Authorization: {shown} was refused")
    assert pieces_of(TOKEN, redacted) == []
    assert redacted.startswith("Authorization: ")
    assert redacted.endswith(" was refused")


def test_a_short_piece_is_left_alone() -> None:
    text = f"id {TOKEN[: PIECE - 1]} and words"
    assert Redactor([TOKEN]).redact(text) == text


def test_text_without_secrets_is_unchanged() -> None:
    text = "2025-01-02 INFO discord.gateway: Shard ID 0 has connected (Session ID: 6cb5eb3a55114)"
    assert Redactor([TOKEN]).redact(text) == text


def test_a_short_secret_is_redacted_only_where_it_stands_alone() -> None:
    redactor = Redactor(["pg"])
    shown = redactor.redact("postgresql+asyncpg://gigwise:pg@db/x: use pg_dump, pg.")
    assert shown == f"postgresql+asyncpg://gigwise:{REDACTED}@db/x: use pg_dump, {REDACTED}."


def test_no_secrets_redact_nothing() -> None:
    assert not Redactor(["", ""])
    assert Redactor([]).redact(TOKEN) == TOKEN


@given(
    st.lists(
        st.one_of(
            st.text(max_size=20),
            st.tuples(st.integers(0, len(TOKEN)), st.integers(0, len(TOKEN))).map(
                lambda bounds: TOKEN[min(bounds) : max(bounds)]
            ),
        ),
        max_size=8,
    )
)
def test_no_long_piece_of_a_secret_survives_any_mixture(parts: list[str]) -> None:
    assert pieces_of(TOKEN, Redactor([TOKEN]).redact("".join(parts))) == []


def test_the_database_password_is_a_secret_too() -> None:
    settings = load_settings(
        {
            "DISCORD_TOKEN": TOKEN,
            "DATABASE_URL": "postgresql+asyncpg://gigwise:s3cret%40pass@db/gigwise",
        }
    )
    assert set(settings.secrets()) == {TOKEN, "s3cret%40pass", "s3cret@pass"}


def test_a_secret_written_in_two_pieces_is_redacted_whole() -> None:
    below = io.StringIO()
    stream = RedactingStream(below, Redactor([TOKEN]))
    stream.write(f"token {TOKEN[:30]}")
    stream.write(f"{TOKEN[30:]} end\nnext")
    assert below.getvalue() == f"token {REDACTED} end\n"
    stream.flush()
    assert below.getvalue() == f"token {REDACTED} end\nnext"


def test_closing_a_redacting_stream_leaves_the_stream_below_open() -> None:
    below = io.StringIO()
    stream = RedactingStream(below, Redactor([TOKEN]))
    stream.write("held")
    stream.close()
    assert below.getvalue() == "held"
    assert not below.closed


# Each route text takes out of a process, tried in a process of its own.
ROUTES = {
    "main thread": "raise RuntimeError(f'main thread {TOKEN}')",
    "other thread": """
        def fail():
            raise RuntimeError(f'other thread {TOKEN}')
        thread = threading.Thread(target=fail)
        thread.start()
        thread.join()
    """,
    "task never awaited": """
        async def fail():
            raise RuntimeError(f'task never awaited {TOKEN}')
        async def main():
            task = asyncio.get_running_loop().create_task(fail())
            await asyncio.wait([task])
            del task
            gc.collect()
        asyncio.run(main())
    """,
    "loop callback": """
        def fail():
            raise RuntimeError(f'loop callback {TOKEN}')
        async def main():
            loop = asyncio.get_running_loop()
            done = loop.create_future()
            loop.call_soon(fail)
            loop.call_soon(done.set_result, None)
            await done
        asyncio.run(main())
    """,
    "unraisable": """
        class Leaky:
            def __del__(self):
                raise RuntimeError(f'unraisable {TOKEN}')
        Leaky()
        gc.collect()
    """,
    "warning": "warnings.warn(f'warning {TOKEN}')",
    "discord.py log": "logging.getLogger('discord.http').warning('discord.py log %s', TOKEN)",
    "print to stderr": "print('print to stderr', TOKEN, file=sys.stderr)",
    "print to stdout": "print('print to stdout', TOKEN)",
}


@pytest.mark.parametrize("route", ROUTES)
def test_every_route_out_of_the_process_is_redacted(route: str) -> None:
    script = "\n".join(
        [
            "import asyncio, gc, logging, sys, threading, warnings",
            "from bot.logs import install_output",
            f"TOKEN = {TOKEN!r}",
            "install_output('INFO', [TOKEN])",
            textwrap.dedent(ROUTES[route]),
        ]
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    shown = result.stdout + result.stderr
    assert f"{route} {REDACTED}" in shown, shown
    assert pieces_of(TOKEN, shown) == []


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_the_guilds_intent_warning_is_left_out() -> None:
    configure_logging("INFO")
    state = logging.getLogger("discord.state")
    kept = _Kept()
    state.addHandler(kept)
    try:
        state.warning("Guilds intent seems to be disabled. This may cause state related issues.")
        state.warning("A guild's channel went missing")
    finally:
        state.removeHandler(kept)
    assert kept.messages == ["A guild's channel went missing"]


def test_statements_and_their_parameters_stay_out_of_debug_logs() -> None:
    configure_logging("DEBUG")
    for driver in ("sqlalchemy.engine", "aiosqlite"):
        assert not logging.getLogger(driver).isEnabledFor(logging.DEBUG)
        assert not logging.getLogger(driver).isEnabledFor(logging.INFO)
    assert logging.getLogger("discord.gateway").isEnabledFor(logging.DEBUG)
