"""Reading what the member types: a line editor on a terminal, plain lines from a pipe.

On a terminal, prompt_toolkit (the editor of pgcli, litecli and IPython) gives history kept
between runs, Tab completion, and bracketed paste, so a pasted multi-line job post stays one
command. Read from a pipe or a file, each line is a command.

Either way a line that ends with a backslash goes on on the next line (the backslash becomes a
line break), and a long form field ends at an empty line or at the end of the input (Ctrl-D).
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from pathlib import Path
from typing import IO, Protocol

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import Completer
from prompt_toolkit.filters import Condition
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.output import Output

from bot.console.session import FormField

CONTINUATION = "\\"


class Terminal(Protocol):
    """Where the console reads lines and form fields, and writes answers."""

    async def read_line(self, prompt: str) -> str:
        """The next command; EOFError at the end of input (Ctrl-D), KeyboardInterrupt for
        Ctrl-C at an empty prompt."""
        ...

    async def read_field(self, field: FormField) -> str:
        """A form field's value; KeyboardInterrupt (Ctrl-C) closes the form."""
        ...

    def write(self, text: str) -> None: ...


def field_heading(field: FormField) -> str:
    """What a form field asks for, and how to end it."""
    parts = [field.label]
    if field.placeholder and field.placeholder != field.label:
        parts.append(f"({field.placeholder})")
    if field.options:
        listed = ", ".join(label for label, _ in field.options)
        parts.append(f"- one of: {listed}" if field.max_values == 1 else f"- any of: {listed}")
    if field.multiline:
        parts.append("- end with an empty line or Ctrl-D")
    if not field.required:
        parts.append("- optional: an empty answer skips it")
    return " ".join(parts)


class PromptTerminal:
    """A terminal with a real line editor."""

    def __init__(
        self,
        *,
        completer: Completer | None = None,
        history_path: Path | None = None,
        input: Input | None = None,
        output: Output | None = None,
        stream: IO[str] | None = None,
    ) -> None:
        self.stream = stream
        self.commands: PromptSession[str] = PromptSession(
            history=_history(history_path),
            completer=completer,
            # Completing asks the bot (autocomplete interactions), so only on Tab, as a shell does.
            complete_while_typing=False,
            key_bindings=_command_keys(),
            prompt_continuation=lambda width, *_: "." * (width - 1) + " ",
            input=input,
            output=output,
        )
        self.fields: PromptSession[str] = PromptSession(
            history=InMemoryHistory(),
            key_bindings=_field_keys(),
            prompt_continuation=lambda width, *_: " " * (width - 2) + ". ",
            input=input,
            output=output,
        )

    async def read_line(self, prompt: str) -> str:
        # The console handles SIGINT itself (Ctrl-C while an answer is awaited); at the prompt
        # the terminal is in raw mode and Ctrl-C is a key, bound below.
        return await self.commands.prompt_async(prompt, handle_sigint=False)

    async def read_field(self, field: FormField) -> str:
        self.write(field_heading(field))
        return await self.fields.prompt_async(
            "  > ", multiline=field.multiline, handle_sigint=False
        )

    def write(self, text: str) -> None:
        print(text, file=self.stream or sys.stdout, flush=True)


def _history(path: Path | None) -> History:
    if path is None:
        return InMemoryHistory()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    except OSError:
        # A read-only data folder costs the history, not the console.
        return InMemoryHistory()
    return FileHistory(str(path))


def _command_keys() -> KeyBindings:
    keys = KeyBindings()

    @Condition
    def continued() -> bool:
        from prompt_toolkit.application import get_app

        return get_app().current_buffer.document.text_before_cursor.endswith(CONTINUATION)

    @keys.add("enter", filter=continued)
    def _go_on(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        buffer.delete_before_cursor(len(CONTINUATION))
        buffer.insert_text("\n")

    @keys.add("c-c")
    def _interrupt(event: KeyPressEvent) -> None:
        # Ctrl-C drops what was typed; at an empty prompt it leaves, as Ctrl-D does.
        buffer = event.current_buffer
        if buffer.text:
            buffer.reset()
        else:
            event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    return keys


def _field_keys() -> KeyBindings:
    keys = KeyBindings()

    @Condition
    def at_empty_line() -> bool:
        from prompt_toolkit.application import get_app

        document = get_app().current_buffer.document
        return document.is_cursor_at_the_end and document.current_line == ""

    @keys.add("enter", filter=at_empty_line)
    def _finish(event: KeyPressEvent) -> None:
        event.app.exit(result=event.current_buffer.text.rstrip("\n"))

    @keys.add("c-d")
    def _end(event: KeyPressEvent) -> None:
        event.app.exit(result=event.current_buffer.text.rstrip("\n"))

    @keys.add("c-c")
    def _close(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    return keys


class PlainTerminal:
    """Lines from a pipe or a file (or anything not a terminal), answers to standard output."""

    def __init__(self, source: IO[str] | None = None, stream: IO[str] | None = None) -> None:
        self.source = source or sys.stdin
        self.stream = stream
        self._lines: asyncio.Queue[str | None] | None = None

    async def _next(self) -> str:
        if self._lines is None:
            self._lines = asyncio.Queue()
            loop = asyncio.get_running_loop()
            # A thread of its own, never joined: a read blocked on the input must not keep the
            # console from closing when the member leaves by Ctrl-C.
            threading.Thread(
                target=self._pump, args=(loop, self._lines), name="console-input", daemon=True
            ).start()
        line = await self._lines.get()
        if line is None:
            self._lines.put_nowait(None)
            raise EOFError
        return line

    def _pump(self, loop: asyncio.AbstractEventLoop, lines: asyncio.Queue[str | None]) -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed first: nobody is reading
            for line in iter(self.source.readline, ""):
                loop.call_soon_threadsafe(lines.put_nowait, line.rstrip("\r\n"))
            loop.call_soon_threadsafe(lines.put_nowait, None)

    async def read_line(self, prompt: str) -> str:
        line = await self._next()
        parts = []
        while line.endswith(CONTINUATION):
            parts.append(line[: -len(CONTINUATION)])
            try:
                line = await self._next()
            except EOFError:
                line = ""
                break
        parts.append(line)
        return "\n".join(parts)

    async def read_field(self, field: FormField) -> str:
        if not field.multiline:
            try:
                return await self._next()
            except EOFError:
                return ""
        lines: list[str] = []
        while True:
            try:
                line = await self._next()
            except EOFError:
                break
            if not line:
                break
            lines.append(line)
        return "\n".join(lines)

    def write(self, text: str) -> None:
        print(text, file=self.stream or sys.stdout, flush=True)
