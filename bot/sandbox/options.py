"""Application command options, read from the definitions the bot synced.

Both `SandboxDiscord.invoke` and the console's command line go through here, so a value is
typed and checked against the very definition Discord would use (option type, choices, bounds),
and no command is described twice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bot.sandbox.errors import CommandLineError

SUB_COMMAND = 1
SUB_COMMAND_GROUP = 2
STRING = 3
INTEGER = 4
BOOLEAN = 5
USER = 6
CHANNEL = 7
ROLE = 8
MENTIONABLE = 9
NUMBER = 10
ATTACHMENT = 11

CHAT_INPUT = 1
USER_COMMAND = 2
MESSAGE_COMMAND = 3

_TYPE_WORDS = {
    STRING: "text",
    INTEGER: "whole number",
    BOOLEAN: "yes/no",
    USER: "user (@mention or id)",
    CHANNEL: "channel (#mention or id)",
    ROLE: "role (@mention or id)",
    MENTIONABLE: "user or role (@mention or id)",
    NUMBER: "number",
    ATTACHMENT: "file",
}
_TRUE_WORDS = frozenset({"true", "yes", "y", "on", "1"})
_FALSE_WORDS = frozenset({"false", "no", "n", "off", "0"})
_MENTION = re.compile(r"^<(?:@!?|@&|#)(\d+)>$")


@dataclass(frozen=True)
class OptionValue:
    """One leaf option as the interaction carries it, with the definition that typed it."""

    definition: Mapping[str, Any]
    value: Any


def find_command(
    commands: Sequence[Mapping[str, Any]], name: str, command_type: int = CHAT_INPUT
) -> Mapping[str, Any] | None:
    wanted = name.casefold()
    for command in commands:
        if command.get("type", CHAT_INPUT) == command_type and command["name"].casefold() == wanted:
            return command
    return None


def is_grouped(definition: Mapping[str, Any]) -> bool:
    """Whether the command is only a parent of subcommands (Discord cannot invoke it alone)."""
    return any(
        option["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)
        for option in definition.get("options", ())
    )


def leaf_options(
    definition: Mapping[str, Any], group: str | None, subcommand: str | None
) -> list[Mapping[str, Any]]:
    """The value options of the command, subcommand or grouped subcommand being invoked."""
    options: Sequence[Mapping[str, Any]] = definition.get("options", ())
    if not is_grouped(definition):
        if group or subcommand:
            raise CommandLineError(f"/{definition['name']} has no subcommands.")
        return list(options)
    if group is not None:
        group_definition = _named(options, group, SUB_COMMAND_GROUP)
        if group_definition is None:
            raise CommandLineError(
                f"/{definition['name']} has no group '{group}'.\n{usage(definition)}"
            )
        options = group_definition.get("options", ())
    if subcommand is None:
        raise CommandLineError(f"Choose a subcommand.\n{usage(definition)}")
    subcommand_definition = _named(options, subcommand, SUB_COMMAND)
    if subcommand_definition is None:
        raise CommandLineError(
            f"/{definition['name']} has no subcommand '{subcommand}'.\n{usage(definition)}"
        )
    return list(subcommand_definition.get("options", ()))


def _named(
    options: Sequence[Mapping[str, Any]], name: str, option_type: int
) -> Mapping[str, Any] | None:
    for option in options:
        if option["type"] == option_type and option["name"] == name:
            return option
    return None


def usage(definition: Mapping[str, Any]) -> str:
    """How to type the command, one line per subcommand: `/fee amount [platform] [rate]`."""
    return "Usage: " + "\n       ".join(_usage_lines(definition))


def _usage_lines(definition: Mapping[str, Any]) -> list[str]:
    name = f"/{definition['name']}"
    options: Sequence[Mapping[str, Any]] = definition.get("options", ())
    if not is_grouped(definition):
        return [_usage_line(name, options)]
    lines = []
    for option in options:
        if option["type"] == SUB_COMMAND:
            lines.append(_usage_line(f"{name} {option['name']}", option.get("options", ())))
        elif option["type"] == SUB_COMMAND_GROUP:
            for sub in option.get("options", ()):
                path = f"{name} {option['name']} {sub['name']}"
                lines.append(_usage_line(path, sub.get("options", ())))
    return lines


def _usage_line(path: str, options: Sequence[Mapping[str, Any]]) -> str:
    words = [path]
    for option in options:
        words.append(option["name"] if option.get("required") else f"[{option['name']}]")
    return " ".join(words)


def describe_options(options: Sequence[Mapping[str, Any]]) -> str:
    """One line per option: its name, what it takes, and its description."""
    if not options:
        return ""
    width = max(len(option["name"]) for option in options)
    lines = []
    for option in options:
        choices = option.get("choices")
        takes = (
            " | ".join(str(choice["value"]) for choice in choices)
            if choices
            else _TYPE_WORDS.get(option["type"], "value")
        )
        required = ", required" if option.get("required") else ""
        description = option.get("description") or ""
        lines.append(f"  {option['name']:<{width}}  {takes}{required}  {description}".rstrip())
    return "\n".join(lines)


def help_text(definition: Mapping[str, Any], group: str | None, subcommand: str | None) -> str:
    """Usage plus the option list, for the end of an error message."""
    text = usage(definition)
    try:
        options = leaf_options(definition, group, subcommand)
    except CommandLineError:
        return text
    described = describe_options(options)
    return f"{text}\n{described}" if described else text


def coerce(option: Mapping[str, Any], value: object) -> Any:
    """The JSON value Discord would send for `value` typed into `option`.

    Accepts Python values (15000, True) and typed text ("15000", "yes", "<@123>").
    Raises CommandLineError saying what the option takes.
    """
    option_type = option["type"]
    name = option["name"]
    choices = option.get("choices")
    if choices:
        return _match_choice(option, value)
    if option_type == STRING:
        text = str(value)
        _check_length(option, text)
        return text
    if option_type == INTEGER:
        whole = _to_int(name, value)
        _check_bounds(option, whole)
        return whole
    if option_type == NUMBER:
        number = _to_number(name, value)
        _check_bounds(option, number)
        return number
    if option_type == BOOLEAN:
        return _to_bool(name, value)
    if option_type in (USER, CHANNEL, ROLE, MENTIONABLE):
        return str(_to_snowflake(option, value))
    if option_type == ATTACHMENT:
        return str(value)
    raise CommandLineError(f"Option '{name}' has a type the sandbox does not know: {option_type}.")


def _match_choice(option: Mapping[str, Any], value: object) -> Any:
    """The choice typed by its value (`upwork-flat`) or its display name ("Upwork's flat 10%
    fee"), either in any case, with spaces, hyphens and underscores alike."""
    wanted = choice_words(str(value))
    for choice in option["choices"]:
        if choice["value"] == value and not isinstance(value, bool):
            return choice["value"]
        if wanted in (choice_words(str(choice["name"])), choice_words(str(choice["value"]))):
            return choice["value"]
    raise CommandLineError(
        f"'{value}' is not a choice for '{option['name']}'. "
        f"Type one of: {typeable_choices(option['choices'])}."
    )


def choice_words(text: str) -> str:
    """A choice's key or display name as compared with what was typed."""
    text = text.strip().casefold().replace("\u2019", "'")
    return re.sub(r"[\s_-]+", " ", text)


def typeable_choices(choices: Sequence[Mapping[str, Any]]) -> str:
    """Each choice as it can be typed (its value), with its display name where that differs."""
    shown = []
    for choice in choices:
        value, name = str(choice["value"]), str(choice["name"])
        shown.append(value if choice_words(value) == choice_words(name) else f"{value} ({name})")
    return ", ".join(shown)


def _to_int(name: str, value: object) -> int:
    if isinstance(value, bool):
        raise CommandLineError(f"'{name}' takes a whole number, not {value}.")
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal | float) and value == int(value):
        return int(value)
    text = str(value).strip().replace(",", "").replace("_", "")
    try:
        return int(text)
    except ValueError:
        raise CommandLineError(
            f"'{name}' takes a whole number, like 15000; got '{value}'."
        ) from None


def _to_number(name: str, value: object) -> int | float:
    if isinstance(value, bool):
        raise CommandLineError(f"'{name}' takes a number, not {value}.")
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    text = str(value).strip().replace(",", "").replace("_", "")
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        raise CommandLineError(f"'{name}' takes a number, like 12.5; got '{value}'.") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise CommandLineError(f"'{name}' takes a finite number; got '{value}'.")
    return number


def _to_bool(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().casefold()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise CommandLineError(f"'{name}' takes true or false (or yes/no); got '{value}'.")


def _to_snowflake(option: Mapping[str, Any], value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    mention = _MENTION.match(text)
    if mention:
        return int(mention.group(1))
    if text.isdigit():
        return int(text)
    takes = _TYPE_WORDS[option["type"]]
    raise CommandLineError(f"'{option['name']}' takes a {takes}; got '{value}'.")


def _check_length(option: Mapping[str, Any], text: str) -> None:
    low, high = option.get("min_length"), option.get("max_length")
    if low is not None and len(text) < low:
        raise CommandLineError(f"'{option['name']}' needs at least {low} characters.")
    if high is not None and len(text) > high:
        raise CommandLineError(f"'{option['name']}' takes at most {high} characters.")


def _check_bounds(option: Mapping[str, Any], number: float) -> None:
    low, high = option.get("min_value"), option.get("max_value")
    if low is not None and number < low:
        raise CommandLineError(f"'{option['name']}' must be at least {low}; got {number}.")
    if high is not None and number > high:
        raise CommandLineError(f"'{option['name']}' must be at most {high}; got {number}.")


def build_options(
    definition: Mapping[str, Any],
    values: Mapping[str, object],
    *,
    group: str | None = None,
    subcommand: str | None = None,
    focused: str | None = None,
) -> tuple[list[dict[str, Any]], list[OptionValue]]:
    """The `data.options` tree of an interaction, and its typed leaf values.

    With `focused` (an autocomplete request) the focused value is sent as typed text and
    required options may be missing, as Discord does while the user is still typing.
    """
    leaves = leaf_options(definition, group, subcommand)
    known = {option["name"]: option for option in leaves}
    for name in values:
        if name not in known:
            raise CommandLineError(
                f"/{definition['name']} has no option '{name}'.\n"
                f"{help_text(definition, group, subcommand)}"
            )
    if focused is not None and focused not in known:
        raise CommandLineError(f"/{definition['name']} has no option '{focused}' to complete.")
    data_options: list[dict[str, Any]] = []
    typed: list[OptionValue] = []
    for option in leaves:
        name = option["name"]
        if name == focused:
            raw = values.get(name, "")
            data_options.append(
                {"name": name, "type": option["type"], "value": str(raw), "focused": True}
            )
            continue
        if name not in values:
            if option.get("required") and focused is None:
                raise CommandLineError(
                    f"Missing required option '{name}'.\n{help_text(definition, group, subcommand)}"
                )
            continue
        try:
            value = coerce(option, values[name])
        except CommandLineError as error:
            raise CommandLineError(f"{error}\n{help_text(definition, group, subcommand)}") from None
        data_options.append({"name": name, "type": option["type"], "value": value})
        typed.append(OptionValue(definition=option, value=value))
    if subcommand is not None:
        data_options = [{"name": subcommand, "type": SUB_COMMAND, "options": data_options}]
        if group is not None:
            data_options = [{"name": group, "type": SUB_COMMAND_GROUP, "options": data_options}]
    return data_options, typed
