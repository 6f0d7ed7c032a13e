"""Renders the bot's answers as plain text for a terminal.

Markdown stays as the bot typed it: a terminal shows `**bold**` well enough, and the console
is for checking what a member would read, not for looking pretty.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from bot.sandbox.payloads import LOADING

if TYPE_CHECKING:
    from bot.sandbox.reply import Reply

_MODAL = 9
_AUTOCOMPLETE = 8
_SELECTS = frozenset({3, 5, 6, 7, 8})


def render_reply(reply: Reply) -> str:
    if reply.callback_type == _MODAL and reply.modal is not None:
        return render_modal(reply.modal)
    if reply.callback_type == _AUTOCOMPLETE:
        return "\n".join(str(choice["name"]) for choice in reply.choices)
    parts = []
    shown = None
    if reply.message is not None:
        parts.append(render_message(reply.message))
        shown = reply.message.get("id")
    parts.extend(
        render_message(followup) for followup in reply.followups if followup.get("id") != shown
    )
    return "\n\n".join(part for part in parts if part)


def render_message(message: Mapping[str, Any]) -> str:
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
        lines.append(f"[file: {attachment.get('filename', '?')}]")
    component_lines = list(_component_lines(message.get("components") or ()))
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


def _component_lines(components: Iterable[Mapping[str, Any]]) -> Iterable[str]:
    for component in components:
        kind = component.get("type")
        if kind == 1:
            row = " ".join(_control(child) for child in component.get("components") or ())
            if row:
                yield row
        elif kind == 10:
            yield str(component.get("content", ""))
        elif kind == 14:
            yield "---"
        elif kind in (9, 17):
            yield from _component_lines(component.get("components") or ())
            accessory = component.get("accessory")
            if accessory and accessory.get("type") == 2:
                yield _control(accessory)
        elif kind in _SELECTS or kind == 2:
            yield _control(component)


def _control(component: Mapping[str, Any]) -> str:
    kind = component.get("type")
    if kind == 2:
        emoji = (component.get("emoji") or {}).get("name")
        label = component.get("label") or emoji or "button"
        return f"[{label}]"
    if kind in _SELECTS:
        placeholder = component.get("placeholder") or "choose"
        options = " | ".join(str(option.get("label")) for option in component.get("options") or ())
        return f"[{placeholder}: {options}]" if options else f"[{placeholder}]"
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
