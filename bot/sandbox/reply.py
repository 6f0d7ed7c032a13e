"""The bot's answer to one interaction, as a test or the console sees it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.payloads import EPHEMERAL
from bot.sandbox.transcript import render_reply

CALLBACK_MESSAGE = 4
CALLBACK_DEFERRED_MESSAGE = 5
CALLBACK_DEFERRED_UPDATE = 6
CALLBACK_UPDATE_MESSAGE = 7
CALLBACK_AUTOCOMPLETE = 8
CALLBACK_MODAL = 9


@dataclass(frozen=True)
class Reply:
    """A snapshot of everything the bot sent for one interaction, taken when it was answered.

    `message` is the interaction's message after the edits and the follow-up that fill in a
    deferred answer, with the `allowed_mentions` the bot asked for; `bodies` are the raw request
    bodies in the order they arrived (callback, PATCHes, follow-ups).
    """

    interaction_id: int
    callback_type: int
    message: dict[str, Any] | None
    ephemeral: bool
    modal: dict[str, Any] | None
    followups: list[dict[str, Any]]
    bodies: list[dict[str, Any]]
    files: list[tuple[str, bytes]]
    name: str = ""
    choices: list[dict[str, Any]] = field(default_factory=list)
    # time.perf_counter() when the interaction was acknowledged (its first callback).
    acknowledged_at: float | None = None

    @property
    def message_id(self) -> int | None:
        return int(self.message["id"]) if self.message else None

    @property
    def content(self) -> str:
        return str(self.message.get("content") or "") if self.message else ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return list(self.message.get("embeds") or []) if self.message else []

    def text(self) -> str:
        """Plain text for a terminal: content, embeds, buttons as [label], a modal's fields."""
        return render_reply(self)


def is_ephemeral(message: dict[str, Any] | None) -> bool:
    return bool(message and int(message.get("flags") or 0) & EPHEMERAL)
