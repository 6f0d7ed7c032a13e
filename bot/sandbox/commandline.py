"""Reads a command line as a person types it into the console: `/fee 15000 platform:fiverr`.

The line is matched against the command definitions the bot synced, so the console knows every
command the moment it is registered and never describes one itself. Values may be given as
`name:value` or by position in the order of the definition; quotes group words (shell rules).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.errors import CommandLineError
from bot.sandbox.options import (
    ATTACHMENT,
    CHAT_INPUT,
    STRING,
    SUB_COMMAND,
    SUB_COMMAND_GROUP,
    build_options,
    find_command,
    help_text,
    is_grouped,
    leaf_options,
    usage,
)

__all__ = ["CommandLineError", "TypedCommand", "parse_line", "usage"]

_NAMED_VALUE = re.compile(r"^([A-Za-z][\w-]*):(.*)$", re.DOTALL)


@dataclass(frozen=True)
class TypedCommand:
    """A command line read against its definition, ready for `SandboxDiscord.invoke`."""

    name: str
    definition: Mapping[str, Any]
    group: str | None = None
    subcommand: str | None = None
    options: Mapping[str, object] = field(default_factory=dict)
    # Attachment options name a local file; the console reads it and uploads it.
    attachment_paths: Mapping[str, str] = field(default_factory=dict)


def split_words(line: str) -> list[str]:
    """Shell-style words; a stray apostrophe ("don't") is kept as text rather than refused."""
    try:
        return shlex.split(line)
    except ValueError:
        return line.split()


def parse_line(line: str, commands: Sequence[Mapping[str, Any]]) -> TypedCommand:
    words = split_words(line.strip())
    if not words or words[0] in ("/", ""):
        raise CommandLineError("Type a command, like /help.")
    name = words[0].removeprefix("/").casefold()
    definition = find_command(commands, name, CHAT_INPUT)
    if definition is None:
        raise CommandLineError(f"Unknown command /{name}. {_known_commands(commands)}")
    rest = words[1:]
    group, subcommand, rest = _take_subcommand(definition, rest)
    options = leaf_options(definition, group, subcommand)
    values, attachment_paths = _assign_values(definition, options, rest, group, subcommand)
    # Type-check now so the person sees the usage with the error, before anything is sent.
    # An attachment's value is a file path here; the file itself is read when it is uploaded.
    build_options(definition, values, group=group, subcommand=subcommand)
    return TypedCommand(
        name=name,
        definition=definition,
        group=group,
        subcommand=subcommand,
        options=values,
        attachment_paths=attachment_paths,
    )


def _known_commands(commands: Sequence[Mapping[str, Any]]) -> str:
    names = sorted(
        f"/{command['name']}"
        for command in commands
        if command.get("type", CHAT_INPUT) == CHAT_INPUT
    )
    return f"Commands: {', '.join(names)}." if names else "No commands are registered yet."


def _take_subcommand(
    definition: Mapping[str, Any], words: list[str]
) -> tuple[str | None, str | None, list[str]]:
    if not is_grouped(definition):
        return None, None, words
    if not words:
        raise CommandLineError(f"/{definition['name']} needs a subcommand.\n{usage(definition)}")
    first = words[0].casefold()
    for option in definition.get("options", ()):
        if option["name"] != first:
            continue
        if option["type"] == SUB_COMMAND:
            return None, first, words[1:]
        if option["type"] == SUB_COMMAND_GROUP:
            if len(words) < 2:
                raise CommandLineError(
                    f"/{definition['name']} {first} needs a subcommand.\n{usage(definition)}"
                )
            return first, words[1].casefold(), words[2:]
    raise CommandLineError(
        f"/{definition['name']} has no subcommand '{words[0]}'.\n{usage(definition)}"
    )


def _assign_values(
    definition: Mapping[str, Any],
    options: Sequence[Mapping[str, Any]],
    words: Sequence[str],
    group: str | None,
    subcommand: str | None,
) -> tuple[dict[str, object], dict[str, str]]:
    by_name = {option["name"]: option for option in options}
    values: dict[str, object] = {}
    positional: list[str] = []
    for word in words:
        named = _NAMED_VALUE.match(word)
        if named is None or named.group(2).startswith("//"):
            positional.append(word)
            continue
        key = named.group(1).casefold()
        if key not in by_name:
            raise CommandLineError(
                f"/{definition['name']} has no option '{key}'.\n"
                f"{help_text(definition, group, subcommand)}"
            )
        if key in values:
            raise CommandLineError(f"Option '{key}' is given twice.")
        values[key] = named.group(2)
    free = [option for option in options if option["name"] not in values]
    for index, word in enumerate(positional):
        if index >= len(free):
            last = free[-1] if free else None
            # Unquoted free text (a pasted job post) runs to the end of the line.
            if last is not None and last["type"] == STRING and not last.get("choices"):
                values[last["name"]] = f"{values[last['name']]} {' '.join(positional[index:])}"
                break
            raise CommandLineError(
                f"Too many values: '{word}' has no option left to go to.\n"
                f"{help_text(definition, group, subcommand)}"
            )
        values[free[index]["name"]] = word
    attachment_paths = {
        name: str(value) for name, value in values.items() if by_name[name]["type"] == ATTACHMENT
    }
    return values, attachment_paths
