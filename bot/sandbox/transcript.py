"""Renders the bot's answers as plain text for a terminal.

Markdown stays as the bot typed it: a terminal shows `**bold**` well enough, and the console
is for checking what a member would read, not for looking pretty.

For the console, the controls a member can use (buttons, select menus) can be numbered, so that
`1` presses the first, and a sent file can be shown by where the console saved it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from bot.sandbox.payloads import LOADING

if TYPE_CHECKING:
    from bot.sandbox.reply import Reply

_MODAL = 9
_AUTOCOMPLETE = 8
_BUTTON = 2
_LINK_STYLE = 5
_SELECTS = frozenset({3, 5, 6, 7, 8})


def shown_messages(reply: Reply) -> list[dict[str, Any]]:
    """The messages a reply shows, in order: its own message, then follow-ups not already it."""
    messages = [reply.message] if reply.message is not None else []
    shown = reply.message.get("id") if reply.message is not None else None
    messages.extend(followup for followup in reply.followups if followup.get("id") != shown)
    return messages


def controls(messages: Sequence[Mapping[str, Any]]) -> list[tuple[Mapping[str, Any], Any]]:
    """(message, component) for every button and select menu a member can use, in the order
    they are shown (and numbered)."""
    found: list[tuple[Mapping[str, Any], Any]] = []
    for message in messages:
        if int(message.get("flags") or 0) & LOADING:
            continue
        found.extend((message, c) for c in _shown_components(message.get("components") or ()))
    return [(message, component) for message, component in found if _usable(component)]


def _usable(component: Mapping[str, Any]) -> bool:
    if component.get("disabled") or "custom_id" not in component:
        return False
    return component.get("type") == _BUTTON or component.get("type") in _SELECTS


def _shown_components(components: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    """Buttons and selects in the order `_component_lines` shows them."""
    for component in components:
        kind = component.get("type")
        if kind == 1:
            yield from component.get("components") or ()
        elif kind in (9, 17):
            yield from _shown_components(component.get("components") or ())
            accessory = component.get("accessory")
            if accessory and accessory.get("type") == _BUTTON:
                yield accessory
        elif kind in _SELECTS or kind == _BUTTON:
            yield component


class _Numbers:
    """Hands out the numbers of usable controls as they are rendered (none when not numbering)."""

    def __init__(self, numbered: bool) -> None:
        self.numbered = numbered
        self.next = 1

    def take(self, component: Mapping[str, Any]) -> str:
        if not self.numbered or not _usable(component):
            return ""
        number, self.next = self.next, self.next + 1
        return f"{number}: "


def render_reply(
    reply: Reply, *, numbered: bool = False, saved: Mapping[str, str] | None = None
) -> str:
    """The reply as text; `numbered` numbers its usable controls from 1 across its messages, and
    `saved` (attachment id to path) shows where each sent file was saved."""
    if reply.callback_type == _MODAL and reply.modal is not None:
        return render_modal(reply.modal)
    if reply.callback_type == _AUTOCOMPLETE:
        return "\n".join(str(choice["name"]) for choice in reply.choices)
    numbers = _Numbers(numbered)
    parts = [_render(message, numbers, saved or {}) for message in shown_messages(reply)]
    return "\n\n".join(part for part in parts if part)


def render_message(
    message: Mapping[str, Any], *, numbered: bool = False, saved: Mapping[str, str] | None = None
) -> str:
    return _render(message, _Numbers(numbered), saved or {})


def _render(message: Mapping[str, Any], numbers: _Numbers, saved: Mapping[str, str]) -> str:
    if int(message.get("flags") or 0) & LOADING:
        return "(thinking…)"
    lines: list[str] = []
    if message.get("content"):
        lines.append(str(message["content"]))
    for embed in message.get("embeds") or ():
        if lines:
            lines.append("")
        lines.extend(_embed_lines(embed))
    for attachment in message.get("attachments") or ():
        path = saved.get(str(attachment.get("id")))
        if path is not None:
            lines.append(f"[file saved: {path}]")
        else:
            lines.append(f"[file: {attachment.get('filename', '?')}]")
    component_lines = list(_component_lines(message.get("components") or (), numbers))
    if component_lines:
        if lines:
            lines.append("")
        lines.extend(component_lines)
    return "\n".join(lines)


def _embed_lines(embed: Mapping[str, Any]) -> list[str]:
    lines = []
    author = (embed.get("author") or {}).get("name")
    if author:
        lines.append(str(author))
    if embed.get("title"):
        lines.append(str(embed["title"]))
    if embed.get("description"):
        lines.append(str(embed["description"]))
    for embed_field in embed.get("fields") or ():
        name, value = embed_field.get("name", ""), str(embed_field.get("value", ""))
        if "\n" in value:
            # A multi-line value reads best under its name, indented like a list.
            lines.append(f"{name}:")
            lines.extend(f"  {line}" for line in value.splitlines())
        else:
            lines.append(f"{name}: {value}")
    footer = (embed.get("footer") or {}).get("text")
    if footer:
        lines.append(str(footer))
    return lines


def _component_lines(components: Iterable[Mapping[str, Any]], numbers: _Numbers) -> Iterable[str]:
    for component in components:
        kind = component.get("type")
        if kind == 1:
            children = component.get("components") or ()
            row = " ".join(_control(child, numbers) for child in children)
            if row:
                yield row
        elif kind == 10:
            yield str(component.get("content", ""))
        elif kind == 14:
            yield "---"
        elif kind in (9, 17):
            yield from _component_lines(component.get("components") or (), numbers)
            accessory = component.get("accessory")
            if accessory and accessory.get("type") == _BUTTON:
                yield _control(accessory, numbers)
        elif kind in _SELECTS or kind == _BUTTON:
            yield _control(component, numbers)


def _control(component: Mapping[str, Any], numbers: _Numbers) -> str:
    kind = component.get("type")
    number = numbers.take(component)
    if kind == _BUTTON:
        emoji = (component.get("emoji") or {}).get("name")
        label = component.get("label") or emoji or "button"
        if component.get("style") == _LINK_STYLE and component.get("url"):
            return f"[{label}: {component['url']}]"
        return f"[{number}{label}]"
    if kind in _SELECTS:
        placeholder = component.get("placeholder") or "choose"
        options = " | ".join(str(option.get("label")) for option in component.get("options") or ())
        return f"[{number}{placeholder}: {options}]" if options else f"[{number}{placeholder}]"
    return ""


def render_modal(modal: Mapping[str, Any]) -> str:
    lines = [str(modal.get("title", ""))]
    for field_name, placeholder in _modal_fields(modal.get("components") or ()):
        hint = f" ({placeholder})" if placeholder else ""
        lines.append(f"  {field_name}:{hint}")
    return "\n".join(lines)


def _modal_fields(components: Iterable[Mapping[str, Any]]) -> Iterable[tuple[str, str]]:
    for component in components:
        kind = component.get("type")
        if kind == 1:
            yield from _modal_fields(component.get("components") or ())
        elif kind == 18:
            inner = component.get("component") or {}
            yield str(component.get("label", "")), str(inner.get("placeholder") or "")
        elif kind == 4:
            yield str(component.get("label", "")), str(component.get("placeholder") or "")
        elif kind == 10:
            yield str(component.get("content", "")), ""
