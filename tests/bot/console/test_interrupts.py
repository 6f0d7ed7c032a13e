"""Ctrl-C while the console waits: only that wait stops, and the console goes on.

The console reads from prompt_toolkit's pipe input here, in the test's own process, so that the
test knows the moment the bot is busy with the command (the command itself says so) and can send
the SIGINT a terminal sends for Ctrl-C at exactly that moment.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator, Iterator

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from bot.console import Console, converse
from bot.console.terminal import PromptTerminal
from tests.bot.console.conftest import ConsoleRehearsalBot

CTRL_C, CTRL_D = "\x03", "\x04"
MODAL_SUBMIT = 5


class Transcript:
    """A text stream the console writes to, which a test can wait on."""

    def __init__(self) -> None:
        self.text = ""
        self._written = asyncio.Event()

    def write(self, text: str) -> int:
        self.text += text
        self._written.set()
        return len(text)

    def flush(self) -> None:
        return None

    async def wait_for(self, expected: str, after: int = 0) -> int:
        """Wait until `expected` is written (after position `after`); where it ends."""
        async with asyncio.timeout(30):
            while (found := self.text.find(expected, after)) == -1:
                self._written.clear()
                await self._written.wait()
        return found + len(expected)


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


@pytest.fixture
async def conversation(
    console: Console, keys: PipeInput
) -> AsyncIterator[tuple[Transcript, asyncio.Task[int]]]:
    shown = Transcript()
    terminal = PromptTerminal(input=keys, output=DummyOutput(), stream=shown)  # type: ignore[arg-type]
    talking = asyncio.create_task(converse(console, terminal))
    yield shown, talking
    if not talking.done():
        keys.send_text(CTRL_D)
        await asyncio.wait_for(talking, 30)


async def test_ctrl_c_while_an_answer_is_awaited_stops_only_that_wait(
    rehearsal: ConsoleRehearsalBot,
    keys: PipeInput,
    conversation: tuple[Transcript, asyncio.Task[int]],
) -> None:
    shown, talking = conversation
    keys.send_text("/hold\r")
    await rehearsal.holding.wait()
    signal.raise_signal(signal.SIGINT)
    stopped = await shown.wait_for("Stopped waiting for that answer")
    keys.send_text("/quote 5\r")
    await shown.wait_for("5 on direct", after=stopped)
    keys.send_text(CTRL_D)
    assert await asyncio.wait_for(talking, 30) == 0


async def test_ctrl_c_in_a_form_closes_it_unsent(
    console: Console,
    keys: PipeInput,
    conversation: tuple[Transcript, asyncio.Task[int]],
) -> None:
    shown, _ = conversation
    keys.send_text("/intake\r")
    await shown.wait_for("Client (Acme Corp)")
    keys.send_text(CTRL_C)
    closed = await shown.wait_for("Form closed; nothing was sent.")
    keys.send_text("/quote 7\r")
    await shown.wait_for("7 on direct", after=closed)
    pending = console.sandbox.state.pending.values()
    assert [p for p in pending if p.interaction_type == MODAL_SUBMIT] == []


async def test_a_required_field_left_empty_is_asked_again(
    keys: PipeInput, conversation: tuple[Transcript, asyncio.Task[int]]
) -> None:
    shown, _ = conversation
    keys.send_text("/intake\r")
    await shown.wait_for("Client (Acme Corp)")
    keys.send_text("\r")
    await shown.wait_for("Client is required")
    keys.send_text("Initech\r")
    await shown.wait_for("Budget")
    keys.send_text("\r")
    await shown.wait_for("Saved Initech (budget unknown)")
