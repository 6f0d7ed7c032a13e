"""One interaction in flight: what the bot has sent for it so far, and who is waiting for it."""

# ruff: noqa: ASYNC109
from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any

from bot.sandbox.errors import SandboxTimeout
from bot.sandbox.payloads import LOADING
from bot.sandbox.reply import (
    CALLBACK_AUTOCOMPLETE,
    CALLBACK_DEFERRED_MESSAGE,
    CALLBACK_DEFERRED_UPDATE,
    CALLBACK_MESSAGE,
    CALLBACK_MODAL,
    CALLBACK_UPDATE_MESSAGE,
    Reply,
    is_ephemeral,
)

_FINAL_CALLBACKS = frozenset(
    {CALLBACK_MESSAGE, CALLBACK_UPDATE_MESSAGE, CALLBACK_AUTOCOMPLETE, CALLBACK_MODAL}
)
_DEFERRED_CALLBACKS = frozenset({CALLBACK_DEFERRED_MESSAGE, CALLBACK_DEFERRED_UPDATE})


class PendingInteraction:
    """The sandbox's record of an interaction it dispatched, updated by each REST call."""

    __slots__ = (
        "acknowledged_at",
        "bodies",
        "callback_attempts",
        "callback_type",
        "channel",
        "choices",
        "command_type",
        "component_message_id",
        "dispatched_at",
        "files",
        "filled",
        "followup_ids",
        "guild_id",
        "interaction_id",
        "interaction_type",
        "invoker",
        "late",
        "modal",
        "name",
        "original_id",
        "payload",
        "token",
        "waiters",
    )

    def __init__(
        self,
        *,
        interaction_id: int,
        interaction_type: int,
        token: str,
        name: str,
        guild_id: int | None,
        channel: Mapping[str, Any],
        invoker: Mapping[str, Any],
        component_message_id: int | None = None,
        command_type: int = 1,
        dispatched_at: float = 0.0,
    ) -> None:
        self.interaction_id = interaction_id
        # When it was sent to the bot, on the sandbox's clock (`SandboxState.now`).
        self.dispatched_at = dispatched_at
        # Its first response came after Discord's deadline and was refused.
        self.late = False
        self.interaction_type = interaction_type
        self.token = token
        self.name = name
        self.guild_id = guild_id
        self.channel = channel
        self.invoker = invoker
        # The message a clicked component (or a modal opened from one) sits on.
        self.component_message_id = component_message_id
        # For application commands: 1 slash, 2 user menu, 3 message menu.
        self.command_type = command_type
        self.callback_type: int | None = None
        # When (time.perf_counter) the interaction was acknowledged: its first accepted
        # callback. Discord's 3-second limit is on this; a deferred answer may follow later.
        self.acknowledged_at: float | None = None
        # Every callback the bot tried, refused ones included: a redelivered interaction is
        # answered a second time, and Discord refuses the second answer.
        self.callback_attempts = 0
        # The INTERACTION_CREATE payload as dispatched, so it can be delivered again.
        self.payload: dict[str, Any] = {}
        self.original_id: int | None = None
        self.filled = False
        self.bodies: list[dict[str, Any]] = []
        self.files: list[tuple[str, bytes]] = []
        self.followup_ids: list[int] = []
        self.modal: dict[str, Any] | None = None
        self.choices: list[dict[str, Any]] = []
        self.waiters: list[tuple[Callable[[PendingInteraction], bool], asyncio.Future[None]]] = []

    @property
    def answered(self) -> bool:
        """The bot's answer is complete enough to show: a final callback, or a filled deferral."""
        if self.callback_type in _FINAL_CALLBACKS:
            return True
        return self.callback_type in _DEFERRED_CALLBACKS and self.filled

    def notify(self) -> None:
        if not self.waiters:
            return
        still_waiting = []
        for condition, future in self.waiters:
            if future.done():
                continue
            if condition(self):
                future.set_result(None)
            else:
                still_waiting.append((condition, future))
        self.waiters = still_waiting

    async def wait(self, condition: Callable[[PendingInteraction], bool], timeout: float) -> None:
        if condition(self):
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiters.append((condition, future))
        try:
            async with asyncio.timeout(timeout):
                await future
        except TimeoutError:
            raise SandboxTimeout(self._timeout_message(timeout)) from None

    def _timeout_message(self, timeout: float) -> str:
        if self.callback_type is None:
            got = "no response at all"
        elif not self.answered:
            got = f"a deferral (type {self.callback_type}) but no edit or follow-up"
        else:
            got = f"{len(self.followup_ids)} follow-up(s), fewer than expected"
        return f"The bot did not answer '{self.name}' within {timeout:g} s: it sent {got}."

    def snapshot(
        self,
        messages: Mapping[int, dict[str, Any]],
        allowed_mentions: Mapping[int, Any],
    ) -> Reply:
        message = self._with_mentions(self.original_id, messages, allowed_mentions)
        followups = [
            shown
            for message_id in self.followup_ids
            if (shown := self._with_mentions(message_id, messages, allowed_mentions)) is not None
        ]
        ephemeral = is_ephemeral(message)
        if message is None and self.callback_type == CALLBACK_DEFERRED_MESSAGE:
            ephemeral = bool(self.bodies and _flags(self.bodies[0]) & 64)
        return Reply(
            interaction_id=self.interaction_id,
            callback_type=self.callback_type or 0,
            message=message,
            ephemeral=ephemeral,
            modal=self.modal,
            followups=followups,
            bodies=list(self.bodies),
            files=list(self.files),
            name=self.name,
            choices=list(self.choices),
            acknowledged_at=self.acknowledged_at,
        )

    @staticmethod
    def _with_mentions(
        message_id: int | None,
        messages: Mapping[int, dict[str, Any]],
        allowed_mentions: Mapping[int, Any],
    ) -> dict[str, Any] | None:
        if message_id is None or message_id not in messages:
            return None
        shown = dict(messages[message_id])
        if message_id in allowed_mentions:
            shown["allowed_mentions"] = allowed_mentions[message_id]
        return shown


def _flags(body: Mapping[str, Any]) -> int:
    return int((body.get("data") or {}).get("flags") or 0)


def is_loading(message: Mapping[str, Any]) -> bool:
    return bool(int(message.get("flags") or 0) & LOADING)
