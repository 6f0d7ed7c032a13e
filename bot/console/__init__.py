"""The local console: the real bot and command tree, answering on the sandbox Discord.

`gigwise console` reads what a member would do in Discord (`/fee 15000`, a button's label, a form's
fields) and prints each reply as text; `gigwise ask "/fee 15000"` answers once. Both go through
the full discord.py stack, so what the console shows is what Discord would show: there is no
second implementation of any command.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import re
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from bot.client import GigwiseBot
from bot.console.session import (
    ANSWERED,
    FAILED,
    REFUSED,
    STATUS_WORDS,
    Answer,
    Console,
    Form,
    Identity,
)
from bot.runner import point_discord_at
from bot.sandbox import Reply, SandboxDiscord, connected
from bot.settings import Settings
from db.startup import open_database

if TYPE_CHECKING:
    # prompt_toolkit is imported only where a terminal is read.
    from bot.console.terminal import Terminal

__all__ = [
    "ANSWERED",
    "FAILED",
    "INTERRUPTED",
    "REFUSED",
    "Answer",
    "Console",
    "Identity",
    "answer_json",
    "ask_once",
    "converse",
    "greeting",
    "interactive",
    "running_console",
]

PROMPT = "gigwise> "
DEFAULT_FILES_DIR = Path("gigwise-files")
HISTORY_FILE = "console-history"
# Exit status after Ctrl-C stopped `gigwise ask`, as shells report a SIGINT.
INTERRUPTED = 130
# Seconds after which a wait for an answer says how to stop it: Discord's time to acknowledge.
SLOW_ANSWER = 3.0
_SWITCH = re.compile(r"^(user|guild|manager)(?:\s+(\S+))?$", re.IGNORECASE)
_LEAVE = frozenset({"quit", "exit", "q"})
T = TypeVar("T")


@contextlib.asynccontextmanager
async def running_console(
    settings: Settings,
    identity: Identity,
    files_dir: Path = DEFAULT_FILES_DIR,
    *,
    warm_up: bool = True,
) -> AsyncIterator[Console]:
    """Start the sandbox, open the database, connect the bot; tear all three down afterwards.

    `warm_up` False leaves what start-up puts off to the first command that needs it: right for
    one command answered and gone.
    """
    database = await open_database(settings.database_url, lock_wait=settings.database_lock_wait)
    try:
        # The console is a person at a keyboard: interactions carry the real time, so "today",
        # dates like "3 days ago" and cooldowns behave as they would in Discord.
        async with SandboxDiscord(real_clock=True) as sandbox:
            sandbox_settings = dataclasses.replace(
                settings,
                discord_api_url=sandbox.api_url,
                discord_gateway_url=sandbox.gateway_url,
                guild_id=None,
                # The sandbox grants every intent, so /post shows the screened jobs channel.
                jobs_channels=True,
            )
            point_discord_at(sandbox_settings)
            bot = GigwiseBot(
                sandbox_settings,
                database,
                remember_sync=False,
                warm_up_when_ready=warm_up,
                guild_ready_timeout=0.01,
            )
            async with connected(bot, sandbox.token):
                yield Console(
                    sandbox, identity, files_dir, outcome=lambda reply: _outcome(bot, reply)
                )
    finally:
        await database.dispose()


def _outcome(bot: GigwiseBot, reply: Reply) -> int:
    if reply.interaction_id in bot.tree.refused:
        return REFUSED
    if reply.interaction_id in bot.tree.failed:
        return FAILED
    return ANSWERED


# -- what the member reads ---------------------------------------------------------------------


def data_location(settings: Settings) -> str:
    """Where the member's records are kept, without any password."""
    url = settings.database_url
    if url.startswith("sqlite"):
        return _home_relative(url.split(":///", 1)[-1])
    parts = urlsplit(url)
    return f"the PostgreSQL database {parts.path.lstrip('/')} on {parts.hostname}"


def _home_relative(path: str) -> str:
    home = str(Path.home())
    return "~" + path[len(home) :] if path.startswith(home + "/") else path


def _folder(path: Path) -> str:
    shown = str(path)
    if not path.is_absolute() and not shown.startswith("."):
        shown = f"./{shown}"
    return shown.rstrip("/") + "/"


def greeting(settings: Settings, identity: Identity, files_dir: Path) -> str:
    return (
        "Gigwise console: the real bot, answering on a local sandbox Discord.\n"
        f"You are typing as {identity.describe()}. Switch here with `user ID`, `guild ID`\n"
        "(`guild dm` for a direct message) and `manager on` (Manage Server, for /settings),\n"
        "or start with --user ID, --guild ID and --manager.\n"
        f"Your records are kept in {data_location(settings)};\n"
        f"files Gigwise sends you are saved in {_folder(files_dir)}\n"
        "Type commands as in Discord (/fee 15000); Tab completes; press a button by its number\n"
        "or label. `help` explains the rest, /help lists Gigwise's commands, Ctrl-D leaves.\n"
    )


def console_help(console: Console) -> str:
    menus = console.menus()
    menu_lines = (
        f"Message menus ({', '.join(menus)}): type the menu's name, then paste the message when\n"
        "  asked (or put the message after the name).\n"
        if menus
        else ""
    )
    return (
        "Commands: as in Discord, values by position or by name: /fee 15000 or\n"
        '  /fee amount:15000. Quotes group words ("Acme Corp"); the last text option takes the\n'
        "  rest of the line, line breaks and all, so /screen <post> needs no quotes. A choice is\n"
        "  typed by its key or by its display name; Tab lists them.\n"
        "Long text: paste it (a multi-line paste stays one command), or end a line with \\ to go\n"
        "  on on the next one.\n"
        "Buttons and menus: type the number or the label in brackets (1, or Delete everything);\n"
        "  a menu's option by its label, or the menu's number then the label (2 Fiverr).\n"
        "Forms: each field is asked in turn; end a long one with an empty line or Ctrl-D;\n"
        "  Ctrl-C closes the form without sending it.\n"
        f"{menu_lines}"
        f"Files: a file option takes a path (/import ~/statements.csv); files Gigwise sends are\n"
        f"  saved in {_folder(console.files_dir)}\n"
        "Who you are: whoami; user ID; guild ID (guild dm: a direct message); manager on|off.\n"
        "Tab completes commands, options, choices, and your own clients and contracts.\n"
        "Ctrl-C stops waiting for an answer; Ctrl-D or quit leaves."
    )


def _switch(console: Console, word: str, value: str | None) -> str:
    """Handle `user ID`, `guild ID|dm` and `manager on|off`; with no value, say who is typing."""
    word = word.casefold()
    if value is not None:
        if word == "user":
            if not value.isdigit() or int(value) == 0:
                return "Type a member id: user 1234."
            console.switch(user_id=int(value))
        elif word == "guild":
            if value.casefold() in {"dm", "0", "none"}:
                console.switch(guild_id=None)
            elif value.isdigit():
                console.switch(guild_id=int(value))
            else:
                return "Type a server id, or dm: guild 1234."
        else:
            if value.casefold() not in {"on", "off", "yes", "no"}:
                return "Type manager on or manager off."
            console.switch(manager=value.casefold() in {"on", "yes"})
    return f"You are typing as {console.identity.describe()}."


# -- the interactive console -------------------------------------------------------------------


class Interrupted(Exception):
    """Ctrl-C stopped what the console was waiting for."""


class Interrupts:
    """Ctrl-C (SIGINT) while the console waits cancels only what it waits for."""

    def __init__(self) -> None:
        self._waiting: asyncio.Future[Any] | None = None
        self._hit = False

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        loop = asyncio.get_running_loop()
        try:
            loop.add_signal_handler(signal.SIGINT, self._on_sigint)
        except (NotImplementedError, RuntimeError, ValueError):
            # No signal handlers here (another thread, or Windows): Ctrl-C keeps its default.
            yield
            return
        try:
            yield
        finally:
            loop.remove_signal_handler(signal.SIGINT)

    def _on_sigint(self) -> None:
        if self._waiting is not None and not self._waiting.done():
            self._hit = True
            self._waiting.cancel()

    async def run(self, awaitable: Awaitable[T]) -> T:
        waiting = asyncio.ensure_future(_ctrl_c_as_exception(awaitable))
        self._waiting, self._hit = waiting, False
        try:
            return await waiting
        except asyncio.CancelledError:
            if self._hit and waiting.cancelled():
                raise Interrupted from None
            raise
        except _CtrlC:
            raise KeyboardInterrupt from None
        finally:
            self._waiting = None


class _CtrlC(Exception):
    """Ctrl-C pressed as a key at a prompt, carried out of the task that read it."""


async def _ctrl_c_as_exception(awaitable: Awaitable[T]) -> T:
    # A task that raises KeyboardInterrupt stops the whole event loop (asyncio re-raises it
    # from the loop); carried as an ordinary exception, it reaches only the one waiting.
    try:
        return await awaitable
    except KeyboardInterrupt:
        raise _CtrlC from None


async def converse(console: Console, terminal: Terminal, intro: str = "") -> int:
    """Read and answer lines until the member leaves (Ctrl-D, quit, Ctrl-C at the prompt)."""
    if intro:
        terminal.write(intro)
    interrupts = Interrupts()
    with interrupts.installed():
        while True:
            try:
                line = await interrupts.run(terminal.read_line(PROMPT))
            except (EOFError, KeyboardInterrupt, Interrupted):
                terminal.write("")
                return ANSWERED
            text = line.strip()
            if not text:
                continue
            if text.casefold() in _LEAVE:
                return ANSWERED
            reply = _console_word(console, text)
            if reply is None:
                reply = await _exchange(console, terminal, interrupts, line)
            terminal.write(reply + "\n")


def _console_word(console: Console, text: str) -> str | None:
    if text.casefold() == "help":
        return console_help(console)
    if text.casefold() == "whoami":
        return f"You are typing as {console.identity.describe()}."
    switch = _SWITCH.match(text)
    if switch is not None:
        return _switch(console, switch.group(1), switch.group(2))
    return None


async def _exchange(console: Console, terminal: Terminal, interrupts: Interrupts, line: str) -> str:
    """Send a line, fill in any form it opens, and return the text of the final answer."""
    try:
        answer = await _awaited(terminal, interrupts, console.send(line))
        while answer.form is not None:
            # Each field is shown as it is asked for; the form's title says what it is for.
            terminal.write(answer.form.title)
            try:
                values = await _fill(answer.form, terminal, interrupts)
            except (KeyboardInterrupt, EOFError, Interrupted):
                return "Form closed; nothing was sent."
            answer = await _awaited(terminal, interrupts, answer.form.submit(values))
    except Interrupted:
        return "Stopped waiting for that answer (Gigwise may still finish it unseen)."
    return answer.text


async def _awaited(
    terminal: Terminal, interrupts: Interrupts, sending: Awaitable[Answer]
) -> Answer:
    """The answer; past Discord's 3 seconds to acknowledge, the member is told how to stop."""
    hint = asyncio.get_running_loop().call_later(
        SLOW_ANSWER, terminal.write, "(still waiting for Gigwise; Ctrl-C stops waiting)"
    )
    try:
        return await interrupts.run(sending)
    finally:
        hint.cancel()


async def _fill(form: Form, terminal: Terminal, interrupts: Interrupts) -> dict[str, str]:
    values: dict[str, str] = {}
    for field in form.fields:
        while True:
            value = await interrupts.run(terminal.read_field(field))
            if value.strip() or not field.required:
                break
            terminal.write(f"{field.label} is required (Ctrl-C closes the form).")
        if value.strip():
            values[field.key] = value
    return values


async def interactive(
    settings: Settings, identity: Identity, files_dir: Path = DEFAULT_FILES_DIR
) -> int:
    async with running_console(settings, identity, files_dir) as console:
        terminal = _terminal_for(console, settings)
        return await converse(console, terminal, greeting(settings, identity, files_dir))


def _terminal_for(console: Console, settings: Settings) -> Terminal:
    from bot.console.terminal import PlainTerminal, PromptTerminal

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return PlainTerminal()
    from bot.console.completion import ConsoleCompleter

    return PromptTerminal(
        completer=ConsoleCompleter(console), history_path=settings.data_dir / HISTORY_FILE
    )


# -- answering once ------------------------------------------------------------------------------


def answer_json(answer: Answer) -> dict[str, Any]:
    """An answer for scripts: the status, the text, and the reply as the bot sent it."""
    data: dict[str, Any] = {
        "status": STATUS_WORDS[answer.status],
        "exit_status": answer.status,
        "text": answer.text,
        "files": [str(path) for path in answer.saved],
    }
    reply = answer.reply
    if reply is not None:
        data.update(
            interaction_id=str(reply.interaction_id),
            callback_type=reply.callback_type,
            ephemeral=reply.ephemeral,
            message=reply.message,
            followups=reply.followups,
            modal=reply.modal,
            # The bodies the bot sent, as it sent them: the callback, then edits and follow-ups.
            payloads=reply.bodies,
        )
    return data


async def ask_once(
    settings: Settings,
    lines: Sequence[str],
    identity: Identity,
    *,
    as_json: bool = False,
    files_dir: Path = DEFAULT_FILES_DIR,
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
) -> int:
    """Answer the first line, then use each further one on the answer before it (a button's
    label, or a form's fields, one line each); print every answer. Standard input, when it is
    not a terminal, fills the long text the first line leaves out (`/screen` < post.txt)."""
    source = stdin or sys.stdin
    out = stdout or sys.stdout
    async with running_console(settings, identity, files_dir, warm_up=False) as console:
        queue = list(lines)
        piped = _read_piped(source, console, queue[0]) if queue else None
        answers: list[Answer] = []
        while queue and (not answers or answers[-1].status == ANSWERED):
            line = queue.pop(0)
            more_text = await piped if piped is not None else None
            piped = None
            answer = await console.send(line, more_text=more_text or None)
            while (form := answer.form) is not None and answer.status == ANSWERED:
                _print(answer, as_json, out, first=not answers)
                answers.append(answer)
                values = await _form_values(form, queue, source)
                if isinstance(values, str):
                    answer = Answer(REFUSED, values)
                    break
                answer = await form.submit(values)
            _print(answer, as_json, out, first=not answers)
            answers.append(answer)
    return answers[-1].status if answers else ANSWERED


def _read_piped(source: IO[str], console: Console, line: str) -> Awaitable[str] | None:
    if _is_terminal(source) or not console.wants_long_text(line):
        return None
    return asyncio.to_thread(_read_all, source)


def _read_all(source: IO[str]) -> str:
    try:
        return source.read()
    except (OSError, ValueError):
        # Standard input closed, as under some service managers: there is nothing to read.
        return ""


def _is_terminal(source: IO[str]) -> bool:
    try:
        return source.isatty()
    except (OSError, ValueError):
        return False


async def _form_values(form: Form, queue: list[str], source: IO[str]) -> dict[str, str] | str:
    """A form's fields from the next arguments, one each; asked for on a terminal otherwise."""
    values: dict[str, str] = {}
    terminal: Terminal | None = None
    for field in form.fields:
        if queue:
            value = queue.pop(0)
        elif _is_terminal(source):
            from bot.console.terminal import PromptTerminal

            terminal = terminal or PromptTerminal()
            try:
                value = await terminal.read_field(field)
            except (KeyboardInterrupt, EOFError):
                return "Form closed; nothing was sent."
        elif field.required:
            names = ", ".join(f.label for f in form.fields)
            return (
                f"The form '{form.title}' has fields to fill in ({names}): give each as one more "
                "argument after the command."
            )
        else:
            value = ""
        if value.strip():
            values[field.key] = value
    return values


def _print(answer: Answer, as_json: bool, out: IO[str], *, first: bool) -> None:
    if as_json:
        # One line of JSON per answer (JSON Lines): a single answer is a single document.
        out.write(json.dumps(answer_json(answer), ensure_ascii=False) + "\n")
    else:
        out.write(("" if first else "\n") + answer.text + "\n")
    out.flush()
