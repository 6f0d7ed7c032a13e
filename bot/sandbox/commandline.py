"""Reads a command line as a person types it into the console: `/fee 15000 platform:fiverr`.

The line is matched against the command definitions the bot synced, so the console knows every
command the moment it is registered and never describes one itself. Values may be given as
`name:value` or by position in the order of the definition; quotes group words, as in a shell.

Three rules let a member type what they would paste into Discord's option boxes:
- The last text option takes the rest of the line as it was typed, line breaks and all, so a
  pasted job post is one value (`/screen <post>`).
- `name:value` sets an option only when `name` is one of the command's options; a post's
  "Scope: ..." line is text.
- A count, an `x` and an amount are one value, spaces or not: `/compare 30 x 500 1 x 15000`.
"""

from __future__ import annotations

import re
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

__all__ = [
    "CommandLineError",
    "LineContext",
    "TypedCommand",
    "Word",
    "line_context",
    "long_text_option",
    "parse_line",
    "tokenize",
    "usage",
]

_NAMED_VALUE = re.compile(r"^([A-Za-z][\w-]*):(.*)$", re.DOTALL)
_QUOTES = "\"'"
# What may stand just before an opening quote inside a word: `client:"Acme Corp"`.
_BEFORE_QUOTE = ":="
_TIMES = frozenset({"x", "X", "×", "*"})
# Standard input fills a text option only if it takes at least this much: a post, not a name.
LONG_TEXT = 1000


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


@dataclass(frozen=True)
class Word:
    """One word of a line: its text without grouping quotes, and where it stands in the line."""

    text: str
    start: int
    end: int
    # An opening quote with no closing one (only while completing: the member is typing it).
    open_quote: str = ""


def tokenize(line: str, *, typing: bool = False) -> list[Word]:
    """Shell-style words with their places in the line.

    A quote groups words only where a shell user would open one: at the start of a word or after
    `name:`, closed before a space or the end. Any other quote is text, so "Don't" is a word.
    With `typing`, a quote still open at the end of the line runs to the end (the member is
    typing a quoted value).
    """
    words: list[Word] = []
    index, length = 0, len(line)
    while index < length:
        if line[index].isspace():
            index += 1
            continue
        start = index
        parts: list[str] = []
        open_quote = ""
        while index < length and not line[index].isspace():
            char = line[index]
            opens = char in _QUOTES and (index == start or line[index - 1] in _BEFORE_QUOTE)
            if opens:
                close = _closing_quote(line, index)
                if close is not None:
                    parts.append(line[index + 1 : close])
                    index = close + 1
                    continue
                if typing:
                    parts.append(line[index + 1 :])
                    open_quote = char
                    index = length
                    break
            parts.append(char)
            index += 1
        words.append(Word("".join(parts), start, index, open_quote))
    return words


def _closing_quote(line: str, opening: int) -> int | None:
    quote = line[opening]
    close = line.find(quote, opening + 1)
    while close != -1:
        if close + 1 == len(line) or line[close + 1].isspace():
            return close
        close = line.find(quote, close + 1)
    return None


@dataclass
class _Read:
    """A line read as far as its words go, before any value is checked."""

    name: str
    definition: Mapping[str, Any]
    group: str | None
    subcommand: str | None
    options: list[Mapping[str, Any]]
    values: dict[str, object]


def parse_line(
    line: str, commands: Sequence[Mapping[str, Any]], *, more_text: str | None = None
) -> TypedCommand:
    """Read a command line; `more_text` (standard input) fills its long text option, if any."""
    read = _read(line, commands)
    if more_text is not None:
        target = _long_text_target(read)
        if target is None:
            raise CommandLineError(
                f"/{read.name} has no long text option left for standard input to fill.\n"
                f"{help_text(read.definition, read.group, read.subcommand)}"
            )
        read.values[target] = more_text
    by_name = {option["name"]: option for option in read.options}
    attachment_paths = {
        name: str(value)
        for name, value in read.values.items()
        if by_name[name]["type"] == ATTACHMENT
    }
    # Type-check now so the person sees the usage with the error, before anything is sent.
    # An attachment's value is a file path here; the file itself is read when it is uploaded.
    build_options(read.definition, read.values, group=read.group, subcommand=read.subcommand)
    return TypedCommand(
        name=read.name,
        definition=read.definition,
        group=read.group,
        subcommand=read.subcommand,
        options=read.values,
        attachment_paths=attachment_paths,
    )


def long_text_option(line: str, commands: Sequence[Mapping[str, Any]]) -> str | None:
    """The option standard input would fill for this line: its longest free-text option that the
    line leaves empty (the post of `/screen`), if it takes a long text. None otherwise, or when
    the line cannot be read (parse_line will say why)."""
    try:
        return _long_text_target(_read(line, commands))
    except CommandLineError:
        return None


def _long_text_target(read: _Read) -> str | None:
    candidates = [
        option
        for option in read.options
        if _is_free_text(option)
        and option["name"] not in read.values
        and (option.get("max_length") or LONG_TEXT) >= LONG_TEXT
    ]
    if not candidates:
        return None
    longest = max(candidates, key=lambda option: option.get("max_length") or float("inf"))
    return str(longest["name"])


def _read(line: str, commands: Sequence[Mapping[str, Any]]) -> _Read:
    words = tokenize(line)
    if not words or words[0].text in ("/", ""):
        raise CommandLineError("Type a command, like /help.")
    name = words[0].text.removeprefix("/").casefold()
    definition = find_command(commands, name, CHAT_INPUT)
    if definition is None:
        raise CommandLineError(f"Unknown command /{name}. {_known_commands(commands)}")
    group, subcommand, rest = _take_subcommand(definition, words[1:])
    options = leaf_options(definition, group, subcommand)
    values = _assign_values(definition, options, rest, group, subcommand, line)
    return _Read(name, definition, group, subcommand, options, values)


def _known_commands(commands: Sequence[Mapping[str, Any]]) -> str:
    names = sorted(
        f"/{command['name']}"
        for command in commands
        if command.get("type", CHAT_INPUT) == CHAT_INPUT
    )
    return f"Commands: {', '.join(names)}." if names else "No commands are registered yet."


def _take_subcommand(
    definition: Mapping[str, Any], words: list[Word]
) -> tuple[str | None, str | None, list[Word]]:
    if not is_grouped(definition):
        return None, None, words
    if not words:
        raise CommandLineError(f"/{definition['name']} needs a subcommand.\n{usage(definition)}")
    first = words[0].text.casefold()
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
            return first, words[1].text.casefold(), words[2:]
    raise CommandLineError(
        f"/{definition['name']} has no subcommand '{words[0].text}'.\n{usage(definition)}"
    )


def _is_free_text(option: Mapping[str, Any]) -> bool:
    return option["type"] == STRING and not option.get("choices") and not option.get("autocomplete")


def _named(word: Word, by_name: Mapping[str, Mapping[str, Any]]) -> tuple[str, str] | None:
    """(option, value) when the word sets one of the command's options by name."""
    named = _NAMED_VALUE.match(word.text)
    if named is None or named.group(2).startswith("//"):
        return None
    key = named.group(1).casefold()
    return (key, named.group(2)) if key in by_name else None


def _looks_named(word: Word) -> str | None:
    named = _NAMED_VALUE.match(word.text)
    if named is None or named.group(2).startswith("//"):
        return None
    return named.group(1).casefold()


def _split_named(
    words: Sequence[Word], by_name: Mapping[str, Mapping[str, Any]]
) -> tuple[dict[str, object], list[Word], list[Word]]:
    """Values set by name, the positional words, and the words that set a value by name."""
    values: dict[str, object] = {}
    positional: list[Word] = []
    named_words: list[Word] = []
    for word in words:
        named = _named(word, by_name)
        if named is None:
            positional.append(word)
            continue
        key, value = named
        if key in values:
            raise CommandLineError(f"Option '{key}' is given twice.")
        values[key] = value
        named_words.append(word)
    return values, positional, named_words


def _glue_counts(words: list[Word], line: str) -> list[Word]:
    """`30 x 500`, `30x 500` and `30 x500` as one value, as `30x500` is."""
    glued: list[Word] = []
    index = 0
    while index < len(words):
        word = words[index]
        after = words[index + 1 : index + 3]
        if word.text.isdigit() and len(after) == 2 and after[0].text in _TIMES:
            glued.append(_joined(word, after[1], line))
            index += 3
        elif after and (_times_after(word, after[0]) or _times_before(word)):
            glued.append(_joined(word, after[0], line))
            index += 2
        else:
            glued.append(word)
            index += 1
    return glued


def _times_after(count: Word, next_word: Word) -> bool:
    """`30` then `x500`."""
    return count.text.isdigit() and next_word.text[:1] in _TIMES and len(next_word.text) > 1


def _times_before(word: Word) -> bool:
    """`30x` (then `500`)."""
    return word.text[:-1].isdigit() and word.text[-1:] in _TIMES


def _joined(first: Word, last: Word, line: str) -> Word:
    return Word(line[first.start : last.end], first.start, last.end)


def _assign_values(
    definition: Mapping[str, Any],
    options: Sequence[Mapping[str, Any]],
    words: Sequence[Word],
    group: str | None,
    subcommand: str | None,
    line: str,
) -> dict[str, object]:
    by_name = {option["name"]: option for option in options}
    values, positional, named_words = _split_named(words, by_name)
    positional = _glue_counts(positional, line)
    free = [option for option in options if option["name"] not in values]
    for index, word in enumerate(positional):
        if index >= len(free):
            raise CommandLineError(
                f"Too many values: '{word.text}' has no option left to go to.\n"
                f"{help_text(definition, group, subcommand)}"
            )
        option = free[index]
        last = index == len(free) - 1
        long_text = option.get("max_length", 0) >= LONG_TEXT and _is_free_text(option)
        overflowing = len(positional) > len(free) and (last or long_text)
        if overflowing and _is_free_text(option):
            # Unquoted free text (a pasted job post) runs to the end of the line as typed; an
            # option declared for long text does so even before others, then given by name.
            values[option["name"]] = _raw_text(line, positional[index:], named_words)
            break
        unknown = _looks_named(word)
        if unknown is not None and not _is_free_text(option):
            raise CommandLineError(
                f"/{definition['name']} has no option '{unknown}'.\n"
                f"{help_text(definition, group, subcommand)}"
            )
        values[option["name"]] = word.text
    return values


def _raw_text(line: str, words: Sequence[Word], named_words: Sequence[Word]) -> str:
    """The line from the first of `words` to the last, as typed, less any `name:value` between."""
    start, end = words[0].start, words[-1].end
    pieces = []
    for named in sorted(named_words, key=lambda word: word.start):
        if start <= named.start < end:
            pieces.append(line[start : named.start].rstrip())
            start = named.end
    pieces.append(line[start:end].strip())
    return " ".join(piece for piece in pieces if piece)


# -- what is being typed, for completion -------------------------------------------------------


@dataclass(frozen=True)
class LineContext:
    """Where the end of a half-typed line stands, for completing it.

    `kind` is "command" (the command's name), "subcommand", or "value"; for a value, `option` is
    the option whose value is being typed (by name or by position), `options_left` the options
    that could still be named, and `values` what the line already gives. `prefix` is the text
    of the word being typed (without an opening quote) and `start` where it begins.
    """

    kind: str
    prefix: str
    start: int
    definition: Mapping[str, Any] | None = None
    group: str | None = None
    subcommand: str | None = None
    option: Mapping[str, Any] | None = None
    named: bool = False
    options_left: tuple[Mapping[str, Any], ...] = ()
    subcommands: tuple[Mapping[str, Any], ...] = ()
    values: Mapping[str, object] = field(default_factory=dict)


def line_context(text: str, commands: Sequence[Mapping[str, Any]]) -> LineContext | None:
    """What the member is typing at the end of `text`, or None when nothing can be completed."""
    words = tokenize(text, typing=True)
    typing_word = bool(words) and (words[-1].open_quote != "" or not text[-1:].isspace())
    current = words[-1] if typing_word else None
    done = words[:-1] if typing_word else words
    prefix = current.text if current else ""
    start = current.start if current else len(text)
    if not done:
        return LineContext(kind="command", prefix=prefix, start=start)
    definition = find_command(commands, done[0].text.removeprefix("/"), CHAT_INPUT)
    if definition is None:
        return None
    rest = list(done[1:])
    group = subcommand = None
    if is_grouped(definition):
        level: Sequence[Mapping[str, Any]] = definition.get("options", ())
        while True:
            if not rest:
                return LineContext(
                    kind="subcommand",
                    prefix=prefix,
                    start=start,
                    definition=definition,
                    group=group,
                    subcommands=tuple(level),
                )
            chosen = next((o for o in level if o["name"] == rest[0].text.casefold()), None)
            if chosen is None:
                return None
            rest = rest[1:]
            if chosen["type"] == SUB_COMMAND:
                subcommand = chosen["name"]
                break
            group = chosen["name"]
            level = chosen.get("options", ())
    options = leaf_options(definition, group, subcommand)
    by_name = {option["name"]: option for option in options}
    try:
        values, positional, _ = _split_named(rest, by_name)
    except CommandLineError:
        return None
    positional = _glue_counts(positional, text)
    free = [option for option in options if option["name"] not in values]
    for word, assigned in zip(positional, free, strict=False):
        values[assigned["name"]] = word.text
    option: Mapping[str, Any] | None = None
    named = False
    if current is not None and (typed := _named(current, by_name)) is not None:
        option, named, prefix = by_name[typed[0]], True, typed[1]
        # The value is replaced from just after `name:`, its opening quote included.
        start = current.start + current.text.index(":") + 1
    elif len(positional) < len(free):
        option = free[len(positional)]
    left = tuple(option for option in options if option["name"] not in values)
    return LineContext(
        kind="value",
        prefix=prefix,
        start=start,
        definition=definition,
        group=group,
        subcommand=subcommand,
        option=option,
        named=named,
        options_left=left,
        values=values,
    )
