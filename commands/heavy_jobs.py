"""Heavy jobs (imports, exports) take turns in a few slots, so that a crowd of them never takes
every database connection or holds up the members doing light work.

`HeavyJobs` holds `slots` places (`GIGWISE_HEAVY_JOBS`, 2 by default); a job waits for one in the
order it came, and the member sees where they are in the queue and how far the job has got
(`JobProgress` edits their deferred reply). A member has one import at a time, and while it is
unfinished their ledger commands wait for it (`ledger_busy`): the import's rows are written a
slice at a time (`db.import_slices`), and nobody should see half a file.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field

import discord

from advisor.errors import InputError

DEFAULT_HEAVY_JOBS = 2
# Seconds between two edits of a member's progress message: within Discord's rate limit on
# editing one message, and often enough to show the job moving.
PROGRESS_EVERY = 2.0
# A job that ends sooner shows no progress at all, only its result.
PROGRESS_AFTER = 2.0
# Seconds a job waits for a slot before it gives up: its member's reply can be edited for 15
# minutes after the command, and the job itself needs time after the wait.
QUEUE_PATIENCE = 10 * 60.0
# Root commands that read or change a member's ledger: they wait for the member's import.
LEDGER_COMMANDS = frozenset({"contract", "clients", "earnings", "momentum", "export", "forget-me"})


class ImportInProgress(InputError):
    """The member already has an import queued or running."""

    def __init__(self) -> None:
        super().__init__(
            "Your import is still running: Gigwise edits its message with the result when it "
            "finishes. Import the next file after that."
        )


class LedgerBusy(InputError):
    """A ledger command from a member whose import is unfinished."""

    def __init__(self) -> None:
        super().__init__(
            "Your import is still running, and your contracts and clients are being added: "
            "try this again when its message shows the result."
        )


class QueueTooLong(InputError):
    """A heavy job waited so long for a slot that its answer could come too late for Discord."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"Gigwise is working through many imports and exports right now, so your {what} "
            "did not start and nothing was changed. Try again in a few minutes."
        )


@dataclass(eq=False)
class _Ticket:
    granted: asyncio.Future[None]


@dataclass
class HeavyJobs:
    """The process's slots for heavy jobs, and the members whose import is unfinished."""

    slots: int = DEFAULT_HEAVY_JOBS
    _running: int = 0
    _waiting: deque[_Ticket] = field(default_factory=deque)
    _importing: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        if self.slots < 1:
            raise ValueError("heavy jobs need at least one slot")

    @property
    def running(self) -> int:
        return self._running

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def ledger_busy(self, member_id: int) -> bool:
        """Whether the member's ledger is being imported into."""
        return member_id in self._importing

    @contextlib.contextmanager
    def importing(self, member_id: int) -> Iterator[None]:
        """The member's one import, from queueing to its end; `ImportInProgress` if they have
        one already."""
        if member_id in self._importing:
            raise ImportInProgress()
        self._importing.add(member_id)
        try:
            yield
        finally:
            self._importing.discard(member_id)

    @contextlib.asynccontextmanager
    async def slot(
        self,
        on_wait: Callable[[int, int], Awaitable[None]] | None = None,
        *,
        what: str = "job",
        patience: float = QUEUE_PATIENCE,
    ) -> AsyncIterator[None]:
        """Hold one slot for the block, after waiting in turn; `on_wait(place, waiting)` is told
        where the job stands, first at once and then every `PROGRESS_EVERY` seconds it moved.
        `QueueTooLong` (naming the job as `what`) after `patience` seconds of waiting."""
        if self._running < self.slots and not self._waiting:
            self._running += 1
        else:
            try:
                async with asyncio.timeout(patience):
                    await self._wait_in_turn(on_wait)
            except TimeoutError:
                raise QueueTooLong(what) from None
        try:
            yield
        finally:
            self._let_go()

    async def _wait_in_turn(self, on_wait: Callable[[int, int], Awaitable[None]] | None) -> None:
        ticket = _Ticket(asyncio.get_running_loop().create_future())
        self._waiting.append(ticket)
        shown: tuple[int, int] | None = None
        try:
            while not ticket.granted.done():
                place = (self._waiting.index(ticket) + 1, len(self._waiting))
                if on_wait is not None and place != shown:
                    shown = place
                    await on_wait(*place)
                if ticket.granted.done():
                    break
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(ticket.granted), PROGRESS_EVERY)
        except BaseException:
            if ticket.granted.done():
                # The slot came as the waiter was cancelled: hand it on.
                self._let_go()
            else:
                self._waiting.remove(ticket)
            raise

    def _let_go(self) -> None:
        while self._waiting:
            ticket = self._waiting.popleft()
            if not ticket.granted.done():
                # The slot passes straight to the next job: `_running` stays as it is.
                ticket.granted.set_result(None)
                return
        self._running -= 1


class JobProgress:
    """A heavy job's progress, shown by editing the member's deferred reply.

    Nothing is shown for a job that ends within `PROGRESS_AFTER` seconds; after that the message
    is edited at most every `PROGRESS_EVERY` seconds, in the background, so the job never waits
    for Discord."""

    def __init__(
        self,
        interaction: discord.Interaction,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interaction = interaction
        self.clock = clock
        self.started = clock()
        self.shown = False
        self._text: str | None = None
        self._sent: str | None = None
        self._task: asyncio.Task[None] | None = None
        self._not_editing = asyncio.Event()
        self._not_editing.set()

    def show(self, text: str) -> None:
        """What the message should say now; shown by the next edit."""
        self._text = text
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._edits())

    async def show_now(self, text: str) -> None:
        """Show `text` at once (a job waiting in the queue)."""
        self._text = text
        await self._edit()

    async def _edits(self) -> None:
        delay = max(0.0, self.started + PROGRESS_AFTER - self.clock())
        while True:
            await asyncio.sleep(delay)
            await self._edit()
            delay = PROGRESS_EVERY

    async def _edit(self) -> None:
        text = self._text
        if text is None or text == self._sent:
            return
        self._sent = text
        self.shown = True
        self._not_editing.clear()
        try:
            with contextlib.suppress(discord.HTTPException):
                await self.interaction.edit_original_response(content=text)
        finally:
            self._not_editing.set()

    async def stop(self) -> None:
        """No more progress: the result comes next. An edit under way is let finish rather than
        cut off, so that the result is always the last thing the message says."""
        self._text = None
        await self._not_editing.wait()
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
