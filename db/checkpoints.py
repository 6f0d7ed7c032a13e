"""Write-ahead log checkpoints for the inline SQLite connections, run on a thread of their own.

SQLite copies its write-ahead log back into the database file once the log passes 1,000 pages,
inside whichever commit crossed that line. On an inline connection that commit runs on the event
loop's thread, so the copy and its fsync held every interaction back for a few milliseconds: the
slowest one percent of `/contract bill` answers were those commits. Inline connections therefore
never checkpoint; `Checkpointer` does, every `every` write transactions of the process, with a
connection of its own on a thread of its own. A PASSIVE checkpoint waits for nobody: readers
and writers carry on meanwhile, and with the copy off the loop's thread it uses the other core.

SQLite writes the log from its start again only when a write begins after a checkpoint copied
all of it. While writes keep coming, one always lands during the checkpoint, and the log grew
by every write, tens of megabytes in a minute's burst, each read of the file searching more of
it. So once the log is `restart_at_frames` long, the next checkpoint ends with the process's
writers held back: a PASSIVE one copies what it can while they carry on, then a TRUNCATE copies
the few frames written meanwhile and empties the log, which the next write starts again.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager
from pathlib import Path

from db.errors import DatabaseBusy

log = logging.getLogger(__name__)

# Write transactions between checkpoints: a billing writes about seven pages, so the log stays
# near SQLite's own 1,000-page mark.
DEFAULT_CHECKPOINT_EVERY = 150
# Frames (pages) in the log past which it is emptied: several checkpoints' worth of billings,
# so only a log that has stopped starting again reaches it.
DEFAULT_RESTART_AT_FRAMES = 4_000
# How long emptying the log waits for readers still reading it, writers held back meanwhile.
_TRUNCATE_WAIT_SECONDS = 0.05

# (busy, frames in the log, frames copied), as SQLite answers a checkpoint.
Outcome = tuple[int, int, int]


class Checkpointer:
    """Checkpoints one SQLite file's log after every `every` writes, off the event loop.

    `hold_writers` keeps the process's writers waiting while its block runs; without it the log
    is never emptied.
    """

    def __init__(
        self,
        file: Path,
        *,
        every: int = DEFAULT_CHECKPOINT_EVERY,
        restart_at_frames: int = DEFAULT_RESTART_AT_FRAMES,
        hold_writers: Callable[[], AbstractAsyncContextManager[None]] | None = None,
    ) -> None:
        self.file = file
        self.every = every
        self.restart_at_frames = restart_at_frames
        self._hold_writers = hold_writers
        self._writes = 0
        self._running: asyncio.Future[Outcome] | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="checkpoint")
        self._connection: sqlite3.Connection | None = None
        self._closed = False
        # SQLite's answer to the last checkpoint: (busy, frames in the log, frames copied).
        self.last: tuple[int, int, int] | None = None

    def wrote(self) -> None:
        """Count a committed write; start a checkpoint when enough have piled up."""
        self._writes += 1
        if self._closed or self._writes < self.every:
            return
        if self._running is not None and not self._running.done():
            return
        self._writes = 0
        if self._hold_writers is not None and self._log_is_long():
            self._running = asyncio.ensure_future(self._empty_the_log(self._hold_writers))
        else:
            self._running = self._on_thread("PASSIVE")
        self._running.add_done_callback(self._done)

    def _log_is_long(self) -> bool:
        """Whether the last checkpoint found `restart_at_frames` or more in the log."""
        return self.last is not None and self.last[1] >= self.restart_at_frames

    def _on_thread(self, mode: str) -> asyncio.Future[Outcome]:
        return asyncio.get_running_loop().run_in_executor(self._thread, self._checkpoint, mode)

    async def _empty_the_log(
        self, hold_writers: Callable[[], AbstractAsyncContextManager[None]]
    ) -> Outcome:
        copied = await self._on_thread("PASSIVE")
        try:
            async with hold_writers():
                return await self._on_thread("TRUNCATE")
        except DatabaseBusy:
            # Writers queued past their timeout already; the next checkpoint tries again.
            return copied

    async def idle(self) -> None:
        """Wait for a checkpoint under way, if any."""
        if self._running is not None:
            await asyncio.wait([self._running])

    async def close(self) -> None:
        """Let a checkpoint under way finish, then close the connection and the thread."""
        await self.idle()
        if self._closed:
            return
        self._closed = True
        await asyncio.get_running_loop().run_in_executor(self._thread, self._close_connection)
        self._thread.shutdown(wait=False)

    def _checkpoint(self, mode: str) -> Outcome:
        if self._connection is None:
            # The timeout is how long a TRUNCATE waits for readers; a PASSIVE one never waits.
            self._connection = sqlite3.connect(
                self.file, isolation_level=None, timeout=_TRUNCATE_WAIT_SECONDS
            )
        busy, frames, copied = self._connection.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
        return int(busy), int(frames), int(copied)

    def _done(self, finished: asyncio.Future[Outcome]) -> None:
        if finished.cancelled():
            return
        error = finished.exception()
        if error is not None:
            # The log keeps growing until a checkpoint succeeds; nothing written is at risk.
            log.warning("Checkpointing %s failed: %s", self.file.name, error)
            return
        self.last = finished.result()

    def _close_connection(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
