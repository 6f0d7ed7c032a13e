"""Write-ahead log checkpoints for the inline SQLite connections, run on a thread of their own.

SQLite copies its write-ahead log back into the database file once the log passes 1,000 pages,
inside whichever commit crossed that line. On an inline connection that commit runs on the event
loop's thread, so the copy and its fsync held every interaction back for a few milliseconds: the
slowest one percent of `/contract bill` answers were those commits. Inline connections therefore
never checkpoint; `Checkpointer` does, every `every` write transactions of the process, with a
connection of its own on a thread of its own. A PASSIVE checkpoint waits for nobody: readers
and writers carry on meanwhile, and with the copy off the loop's thread it uses the other core.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

log = logging.getLogger(__name__)

# Write transactions between checkpoints: a billing writes about seven pages, so the log stays
# near SQLite's own 1,000-page mark.
DEFAULT_CHECKPOINT_EVERY = 150


class Checkpointer:
    """Checkpoints one SQLite file's log after every `every` writes, off the event loop."""

    def __init__(self, file: Path, *, every: int = DEFAULT_CHECKPOINT_EVERY) -> None:
        self.file = file
        self.every = every
        self._writes = 0
        self._running: asyncio.Future[tuple[int, int, int]] | None = None
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
        self._running = asyncio.get_running_loop().run_in_executor(self._thread, self._checkpoint)
        self._running.add_done_callback(self._done)

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

    def _checkpoint(self) -> tuple[int, int, int]:
        if self._connection is None:
            self._connection = sqlite3.connect(self.file, isolation_level=None)
        busy, frames, copied = self._connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return int(busy), int(frames), int(copied)

    def _done(self, finished: asyncio.Future[tuple[int, int, int]]) -> None:
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
