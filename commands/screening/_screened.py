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
waits its turn for the screening thread instead of holding every other answer back.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

from advisor.redflags import Screening, screen
from commands.kept import FrozenEmbed, Kept
from commands.screening._render import verdict_embed

# Posts whose screening is kept; a screening is a few kilobytes.
DEFAULT_POSTS_KEPT = 256


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

    def kept(self, post: str, day: date) -> ScreenedPost | None:
        """The verdict on `post` if it was screened on `day`, else None."""
        return self._kept.get(_key(post, day))

    async def screen(self, post: str, day: date) -> ScreenedPost:
        """The post's screening as of `day`; `InputError`s for posts that cannot be screened."""
        key = _key(post, day)
        kept = self._kept.get(key)
        if kept is not None:
            return kept
        loop = asyncio.get_running_loop()
        screened = await loop.run_in_executor(
            self._screener, functools.partial(_screened, post, day)
        )
        self.screened += 1
        return self._kept.put(key, screened)

    def close(self) -> None:
        """Let the screening thread go once the screenings asked for are done."""
        self._screener.shutdown(wait=False)


def _key(post: str, day: date) -> tuple[bytes, date]:
    return hashlib.blake2b(post.encode(), digest_size=16).digest(), day
