"""Tab completion for the console, from the command definitions the bot synced and from the bot.

Commands, subcommands, option names (`platform:`) and choices come from the definitions, so a
choice completes from its key or from any part of its display name (`flat` finds `upwork-flat`).
An option the bot autocompletes (a member's clients and contracts) is completed by sending the
bot a real autocomplete interaction, exactly as Discord does while the member types.
"""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator, Iterable, Mapping
from typing import Any

from prompt_toolkit.completion import CompleteEvent, Completer, Completion, PathCompleter
from prompt_toolkit.document import Document

from bot.console.session import Console
from bot.sandbox.commandline import LineContext, line_context
from bot.sandbox.options import ATTACHMENT, BOOLEAN, CHAT_INPUT, SUB_COMMAND_GROUP, choice_words

# Words the console itself understands (see `help`).
CONSOLE_WORDS = ("help", "whoami", "user", "guild", "manager", "quit")


class ConsoleCompleter(Completer):
    """Completes the line being typed at the console's prompt."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._paths = PathCompleter(expanduser=True)

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterable[Completion]:
        # Every completion may need the bot, so only the asynchronous path completes.
        return ()

    async def get_completions_async(
        self, document: Document, complete_event: CompleteEvent
    ) -> AsyncGenerator[Completion, None]:
        text = document.text_before_cursor
        if not text.lstrip().startswith("/"):
            for completion in self._words(text):
                yield completion
            return
        context = line_context(text, self.console.commands)
        if context is None:
            return
        replace = len(text) - context.start
        if context.kind == "command":
            for completion in self._commands(context.prefix):
                yield completion
        elif context.kind == "subcommand":
            for option in context.subcommands:
                if option["name"].startswith(context.prefix.casefold()):
                    kind = "group" if option["type"] == SUB_COMMAND_GROUP else "subcommand"
                    meta = option.get("description") or kind
                    yield Completion(f"{option['name']} ", -replace, option["name"], meta)
        else:
            async for completion in self._values(context, replace, complete_event):
                yield completion

    def _commands(self, prefix: str) -> Iterable[Completion]:
        typed = prefix.removeprefix("/").casefold()
        for command in self.console.commands:
            name = str(command["name"])
            if command.get("type", CHAT_INPUT) == CHAT_INPUT and name.startswith(typed):
                yield Completion(
                    f"/{name} ", -len(prefix), f"/{name}", command.get("description") or ""
                )

    def _words(self, text: str) -> Iterable[Completion]:
        """At the start of a line without a slash: the console's words, the message menus, and
        what can be typed to use the latest buttons and menus."""
        typed = text.lstrip().casefold()
        candidates = [
            *((word, "console") for word in CONSOLE_WORDS),
            *((name, "message menu") for name in self.console.menus()),
            *((label, "button or option") for label in self.console.control_labels()),
        ]
        for word, meta in candidates:
            if word.casefold().startswith(typed):
                yield Completion(word, -len(text.lstrip()), word, meta)

    async def _values(
        self, context: LineContext, replace: int, event: CompleteEvent
    ) -> AsyncGenerator[Completion, None]:
        option = context.option
        if option is not None:
            if option.get("choices"):
                for completion in _choices(option["choices"], context.prefix, replace):
                    yield completion
            elif option.get("autocomplete"):
                for value, name in await self.console.suggestions(context):
                    yield Completion(_quoted(value), -replace, name, _meta(value, name))
            elif option["type"] == BOOLEAN:
                for word in ("true", "false"):
                    if word.startswith(context.prefix.casefold()):
                        yield Completion(word, -replace, word)
            elif option["type"] == ATTACHMENT:
                for completion in self._paths.get_completions(Document(context.prefix), event):
                    yield completion
        if not context.named and ":" not in context.prefix:
            for left in context.options_left:
                name = str(left["name"])
                if name.startswith(context.prefix.casefold()):
                    yield Completion(f"{name}:", -replace, f"{name}:", left.get("description"))


def _choices(
    choices: Iterable[Mapping[str, Any]], prefix: str, replace: int
) -> Iterable[Completion]:
    """Choices whose key starts with what was typed, or with a word of the display name that
    does (`flat` finds "Upwork's flat 10% fee")."""
    typed = choice_words(prefix.lstrip("\"'"))
    at_a_word = re.compile(r"(?:^|\W)" + re.escape(typed))
    for choice in choices:
        value, name = str(choice["value"]), str(choice["name"])
        if choice_words(value).startswith(typed) or at_a_word.search(choice_words(name)):
            yield Completion(_quoted(value), -replace, value, _meta(value, name))


def _meta(value: str, name: str) -> str:
    return "" if choice_words(value) == choice_words(name) else name


def _quoted(value: str) -> str:
    """The value as it can be typed back: quoted when it has spaces or quotes of its own."""
    if value and not any(char.isspace() or char in "\"'" for char in value):
        return value
    return f"'{value}'" if '"' in value else f'"{value}"'
