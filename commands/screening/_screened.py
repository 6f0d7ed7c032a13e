"""Screenings of recent job posts, kept by the post's text.

A job post lands in a community's job-board channel and many members screen that same post,
from the message's "Screen job post" menu or by pasting it; a scam post is pasted in server
after server. Screening is pure CPU (a few milliseconds for a long post) and its verdict
depends only on the text and the day, so each post is screened once a day and the verdict is
reused. The cache is keyed by a digest of the text rather than the text, so it never holds
the posts themselves.
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import date

from cachetools import LRUCache

from advisor.redflags import Screening, screen

# Posts whose screening is kept; a screening is a few kilobytes.
DEFAULT_POSTS_KEPT = 256
# Screening is pure CPU; posts past this size run in a thread so the gateway keeps answering.
THREAD_ABOVE_CHARS = 20_000


class ScreenedPosts:
    """Screens posts, reusing the verdict on a post already screened today."""

    def __init__(self, *, maxsize: int = DEFAULT_POSTS_KEPT) -> None:
        self._kept: LRUCache[tuple[bytes, date], Screening] = LRUCache(maxsize=maxsize)
        self.screened = 0

    async def screen(self, post: str, day: date) -> Screening:
        """The post's screening as of `day`; `InputError`s for posts that cannot be screened."""
        key = (hashlib.blake2b(post.encode(), digest_size=16).digest(), day)
        kept = self._kept.get(key)
        if kept is not None:
            return kept
        if len(post) > THREAD_ABOVE_CHARS:
            screening = await asyncio.to_thread(screen, post, today=day)
        else:
            screening = screen(post, today=day)
        self.screened += 1
        self._kept[key] = screening
        return screening
