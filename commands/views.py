"""Buttons, selects and forms: each answers only the member who asked, and every error they raise
takes the one error path (`commands.replies.handle_error`), as a command's does.

discord.py hands a component's or a form's error to its view's or modal's `on_error`, and only
logs what a dynamic item raises; these bases send all three to `handle_error`.
"""

from __future__ import annotations

import abc
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from commands.answering import answer, update, watch
from commands.embeds import NEUTRAL
from commands.heavy_jobs import HeavyJobs, LedgerBusy
from commands.replies import handle_error


async def answer_only_the_owner(interaction: discord.Interaction, owner_id: int) -> bool:
    """Whether the member clicking is `owner_id`; anyone else is told so, privately, and so is
    the owner while their import runs. The owner's press is acknowledged in time whatever it
    waits on (`commands.answering`)."""
    if interaction.user.id == owner_id:
        watch(interaction, update=interaction.type is discord.InteractionType.component)
        jobs = getattr(interaction.client, "heavy_jobs", None)
        if isinstance(jobs, HeavyJobs) and jobs.ledger_busy(owner_id):
            # A confirmation or a "do it anyway" would change a ledger still being imported
            # into, a slice at a time (`commands.heavy_jobs`).
            await handle_error(interaction, LedgerBusy())
            return False
        return True
    await answer(interaction, "Those buttons belong to the member who asked.", ephemeral=True)
    return False


class MembersOwnView(discord.ui.View):
    """A view whose buttons and selects only work for `owner_id`; anyone else is told so,
    privately."""

    def __init__(self, owner_id: int, *, timeout: float = 120) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await answer_only_the_owner(interaction, self.owner_id)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any], /
    ) -> None:
        await handle_error(interaction, error)


class ConfirmView(MembersOwnView):
    """Asks the member who asked before a change: `confirm` (labelled `confirm_label`) runs
    `on_confirm`, which answers by editing the message; the other button changes nothing.

    The view listens until one of them has done its work: a confirmation refused (a limit, a
    record gone meanwhile) is answered privately and leaves the buttons to try again or cancel.
    """

    def __init__(
        self,
        owner_id: int,
        confirm_label: str,
        on_confirm: Callable[[discord.Interaction], Awaitable[None]],
        *,
        cancel_label: str = "Cancel",
        cancelled: Callable[[], discord.Embed] | None = None,
    ) -> None:
        super().__init__(owner_id)
        self.on_confirm = on_confirm
        self.cancelled = cancelled or (
            lambda: discord.Embed(title="Nothing was changed", colour=NEUTRAL)
        )
        self.confirm.label = confirm_label
        self.cancel.label = cancel_label

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.danger)
    async def confirm(
        self, interaction: discord.Interaction, button: discord.ui.Button[ConfirmView]
    ) -> None:
        await self.on_confirm(interaction)
        self.stop()

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(
        self, interaction: discord.Interaction, button: discord.ui.Button[ConfirmView]
    ) -> None:
        self.stop()
        await update(interaction, embed=self.cancelled(), view=None)


class Form(discord.ui.Modal):
    """A modal whose errors take the one error path, acknowledged in time once submitted."""

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        watch(interaction)
        return True

    # discord.py's Modal takes (interaction, error) where its base view also passes the item.
    async def on_error(
        self, interaction: discord.Interaction, error: Exception, /, *_item: Any
    ) -> None:
        await handle_error(interaction, error)


# discord.py wants a template on every subclass; this base matches nothing and is never added.
_NO_CUSTOM_ID = r"(?!)"


class OwnedButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], abc.ABC, template=_NO_CUSTOM_ID
):
    """A button that keeps what it needs in its custom id (so it works after a restart) and
    answers only `owner_id`. Subclasses give a `template`, `from_custom_id` and `press`."""

    owner_id: int

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return await answer_only_the_owner(interaction, self.owner_id)

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self.press(interaction)
        except Exception as error:
            await handle_error(interaction, error)

    @abc.abstractmethod
    async def press(self, interaction: discord.Interaction) -> None:
        """What the button does."""
