"""Screenings of recent job posts, kept by the post's text, and screened off the event loop.

A job post lands in a community's job-board channel and many members screen that same post,
from the message's "Screen job post" menu or by pasting it; a scam post is pasted in server
after server. Screening is pure CPU (a few milliseconds for a long post) and its verdict
depends only on the text and the day, so each post is screened once a day and the verdict is
reused, with the embed that shows it (making every quote inert is most of a reply's cost). The
cache is keyed by a digest of the text rather than the text, so it never holds the posts
themselves.

A post not screened yet is screened on a thread of its own, so that the event loop keeps
reading the gateway and acknowledging interactions while it runs: a burst of new posts then
waits its turn for the screening thread instead of holding every other answer back. How long a
new post would wait for its verdict (the screenings queued before it, at the pace the recent ones
took) tells the command whether to acknowledge the interaction first: a deferral is a request of
its own, worth sending only when the answer could be late without it.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

from advisor.redflags import Screening, screen
from commands.kept import FrozenEmbed, Kept
from commands.screening._render import verdict_embed

# Posts whose screening is kept; a screening is a few kilobytes.
DEFAULT_POSTS_KEPT = 256
# Seconds one screening is taken to need before any has been timed: a long post's few
# milliseconds, rounded up, so that the first estimates err towards deferring.
FIRST_ESTIMATE_SECONDS = 0.01
# Weight of the latest screening in the running estimate of the time each one takes.
ESTIMATE_WEIGHT = 0.2


@dataclass(frozen=True)
class ScreenedPost:
    """A post's screening and its embed, shared by every member who screens the post
    (`with_at_stake` adds to a copy)."""

    screening: Screening
    embed: FrozenEmbed


def _screened(post: str, day: date) -> ScreenedPost:
    screening = screen(post, today=day)
    return ScreenedPost(screening, FrozenEmbed.of(verdict_embed(screening)))


class ScreenedPosts:
    """Screens posts, reusing the verdict on a post already screened today."""

    def __init__(self, *, maxsize: int = DEFAULT_POSTS_KEPT) -> None:
        self._kept: Kept[tuple[bytes, date], ScreenedPost] = Kept("screened posts", maxsize)
        # One thread: screenings are CPU-bound, so more threads would only take turns with
        # each other and with the event loop for the interpreter.
        self._screener = ThreadPoolExecutor(max_workers=1, thread_name_prefix="screening")
        self.screened = 0
        # Screenings handed to the thread and not finished, and the wall time each recent one
        # took on the thread (waits for the interpreter lock included, as a queued post sees it).
        self._waiting = 0
        self._seconds_each = FIRST_ESTIMATE_SECONDS

    def kept(self, post: str, day: date) -> ScreenedPost | None:
        """The verdict on `post` if it was screened on `day`, else None."""
        return self._kept.get(_key(post, day))

    def wait_for_new_post(self) -> float:
        """Seconds a post not screened yet would wait for its verdict: the screenings already
        queued and its own, at the pace of the recent ones."""
        return (self._waiting + 1) * self._seconds_each

    async def screen(self, post: str, day: date) -> ScreenedPost:
        """The post's screening as of `day`; `InputError`s for posts that cannot be screened."""
        key = _key(post, day)
        kept = self._kept.get(key)
        if kept is not None:
            return kept
        loop = asyncio.get_running_loop()
        self._waiting += 1
        try:
            screened = await loop.run_in_executor(
                self._screener, functools.partial(self._timed, post, day)
            )
        finally:
            self._waiting -= 1
        self.screened += 1
        return self._kept.put(key, screened)

    def _timed(self, post: str, day: date) -> ScreenedPost:
        """`_screened`, on the screening thread, keeping the estimate of its time up to date."""
        started = time.perf_counter()
        try:
            return _screened(post, day)
        finally:
            took = time.perf_counter() - started
            self._seconds_each += (took - self._seconds_each) * ESTIMATE_WEIGHT

    def close(self) -> None:
        """Let the screening thread go once the screenings asked for are done."""
        self._screener.shutdown(wait=False)


def _key(post: str, day: date) -> tuple[bytes, date]:
    return hashlib.blake2b(post.encode(), digest_size=16).digest(), day
