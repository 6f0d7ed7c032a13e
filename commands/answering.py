"""Answering within Discord's deadlines: every interaction is acknowledged in time.

Discord drops an interaction that gets no first response within 3 seconds ("The application did
not respond"); after a first response, the bot may follow up for 15 minutes. Most answers take
milliseconds, and a deferral would cost each of them a second request, so none is sent up front.
Instead `watch` arms a deadline on every interaction: if the handler has not answered after
`DEFER_AFTER` seconds (it is waiting on the database, an import, a chart), the timer defers, and the
handler's answer then follows up on the deferral. A "busy" answer after a long wait for the
database is delivered that way too.

Whoever answers goes through `answer` or `update`, which check and respond under one lock per
interaction, so the timer's deferral and the handler's answer never race each other into a
second acknowledgement.

A deferral fixes whether the answer is private. Commands that answer the channel say so early with
`expect(interaction, private=False)`; without it a deferred answer is private, the safe side.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import discord

# Seconds after which a silent handler is deferred: well inside Discord's 3, leaving time for the
# deferral's own request on a slow connection.
DEFER_AFTER = 1.5
_KEY = "gigwise.answering"


@dataclass
class _Answering:
    """One interaction's acknowledgement: who may respond, and how a deferral would look."""

    interaction: discord.Interaction
    private: bool
    # A component's deferral updates the message it sits on rather than posting a new one.
    update: bool
    # When the loop's clock reaches this, a handler still silent is deferred.
    due: float
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    deferral: asyncio.Task[None] | None = None


class _Watch:
    """The interactions of one event loop waiting for their first response, oldest first.

    Every interaction waits the same `DEFER_AFTER`, so the order they were armed in is the order
    they fall due: one timer, set for the oldest, serves them all, where a timer each would cost
    every answer a push into (and a cancelled entry left in) the loop's timer heap.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.waiting: dict[int, _Answering] = {}
        self.timer: asyncio.TimerHandle | None = None

    def arm(self, state: _Answering) -> None:
        self.waiting[id(state)] = state
        if self.timer is None:
            self.timer = self.loop.call_at(state.due, self.sweep)

    def disarm(self, state: _Answering) -> None:
        self.waiting.pop(id(state), None)

    def sweep(self) -> None:
        self.timer = None
        now = self.loop.time()
        while self.waiting:
            key, state = next(iter(self.waiting.items()))
            if state.due > now:
                self.timer = self.loop.call_at(state.due, self.sweep)
                return
            del self.waiting[key]
            state.deferral = self.loop.create_task(_defer_if_silent(state.interaction, state))


_watches: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Watch] = weakref.WeakKeyDictionary()


def _watch_of(loop: asyncio.AbstractEventLoop) -> _Watch:
    found = _watches.get(loop)
    if found is None:
        found = _watches[loop] = _Watch(loop)
    return found


def watch(interaction: discord.Interaction, *, private: bool = True, update: bool = False) -> None:
    """Defer `interaction` if nothing answers it within `DEFER_AFTER` seconds."""
    if _KEY in interaction.extras:
        return
    loop = asyncio.get_running_loop()
    state = _Answering(interaction, private, update, loop.time() + DEFER_AFTER)
    interaction.extras[_KEY] = state
    _watch_of(loop).arm(state)


def expect(interaction: discord.Interaction, *, private: bool) -> None:
    """Say whether the answer will be private, for a deferral that may come first."""
    state = interaction.extras.get(_KEY)
    if isinstance(state, _Answering):
        state.private = private


def settle(interaction: discord.Interaction) -> None:
    """The handler has finished: no deferral is needed any more."""
    state = interaction.extras.get(_KEY)
    if isinstance(state, _Answering):
        _watch_of(asyncio.get_running_loop()).disarm(state)


async def _defer_if_silent(interaction: discord.Interaction, state: _Answering) -> None:
    async with state.lock:
        if interaction.response.is_done():
            return
        if state.update:
            await interaction.response.defer()
        else:
            await interaction.response.defer(ephemeral=state.private, thinking=True)


def _lock_of(interaction: discord.Interaction) -> asyncio.Lock:
    state = interaction.extras.get(_KEY)
    if isinstance(state, _Answering):
        return state.lock
    # Not watched (a handler called directly): nothing else responds to it.
    return asyncio.Lock()


async def defer(interaction: discord.Interaction, *, private: bool) -> None:
    """Acknowledge now, before work that may take a while (unless already acknowledged)."""
    expect(interaction, private=private)
    async with _lock_of(interaction):
        if not interaction.response.is_done():
            await interaction.response.defer(ephemeral=private, thinking=True)


async def answer(
    interaction: discord.Interaction,
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    embeds: Sequence[discord.Embed] | None = None,
    file: discord.File | None = None,
    view: discord.ui.View | None = None,
    ephemeral: bool = False,
) -> None:
    """Send the interaction's answer: its first response, or a follow-up on a deferral."""
    async with _lock_of(interaction):
        extra: dict[str, Any] = {}
        if embed is not None:
            extra["embed"] = embed
        if embeds is not None:
            extra["embeds"] = list(embeds)
        if view is not None:
            extra["view"] = view
        if file is not None:
            extra["file"] = file
        if not interaction.response.is_done():
            await interaction.response.send_message(content, ephemeral=ephemeral, **extra)
        else:
            await interaction.followup.send(
                content or discord.utils.MISSING, ephemeral=ephemeral, **extra
            )


async def update(
    interaction: discord.Interaction,
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    embeds: Sequence[discord.Embed] | None = None,
    view: discord.ui.View | None = None,
) -> None:
    """Change the message a component sits on: in the response, or after a deferral."""
    async with _lock_of(interaction):
        extra: dict[str, Any] = {"view": view}
        if content is not None:
            extra["content"] = content
        if embed is not None:
            extra["embed"] = embed
        if embeds is not None:
            extra["embeds"] = list(embeds)
        if not interaction.response.is_done():
            await interaction.response.edit_message(**extra)
        else:
            await interaction.edit_original_response(**extra)
