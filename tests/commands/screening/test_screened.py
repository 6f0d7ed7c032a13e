"""Screenings kept by the post's text: one screening per post and day, the same verdict each time."""

from __future__ import annotations

import asyncio
import threading
from datetime import date

import pytest

from advisor.errors import InputError
from advisor.redflags import screen
from commands.screening._render import verdict_embed
from commands.screening._screened import FIRST_ESTIMATE_SECONDS, ScreenedPosts

DAY = date(2026, 11, 29)
POST = (
    "Need a logo by tomorrow. Budget $20. Message me on WhatsApp +1 555 0100 to start, "
    "payment outside Upwork after the test task."
)


async def test_a_post_is_screened_as_the_advisor_screens_it() -> None:
    assert (await ScreenedPosts().screen(POST, DAY)).screening == screen(POST, today=DAY)


async def test_a_post_is_kept_with_the_embed_of_its_verdict() -> None:
    screened = await ScreenedPosts().screen(POST, DAY)
    assert screened.embed.to_dict() == verdict_embed(screened.screening).to_dict()


async def test_a_kept_post_is_the_one_screened() -> None:
    posts = ScreenedPosts()
    screened = await posts.screen(POST, DAY)
    assert (posts.kept(POST, DAY), posts.kept(POST + "!", DAY)) == (screened, None)


async def test_the_same_post_is_screened_once() -> None:
    posts = ScreenedPosts()
    first = await posts.screen(POST, DAY)
    assert await posts.screen(POST, DAY) is first
    assert posts.screened == 1


async def test_a_post_differing_by_one_character_is_screened_anew() -> None:
    posts = ScreenedPosts()
    await posts.screen(POST, DAY)
    await posts.screen(POST + "!", DAY)
    assert posts.screened == 2


async def test_another_day_screens_again() -> None:
    posts = ScreenedPosts()
    await posts.screen(POST, DAY)
    await posts.screen(POST, date(2026, 11, 30))
    assert posts.screened == 2


async def test_only_the_most_recent_posts_are_kept() -> None:
    posts = ScreenedPosts(maxsize=2)
    for n in range(3):
        await posts.screen(f"{POST} ({n})", DAY)
    await posts.screen(f"{POST} (0)", DAY)
    assert posts.screened == 4


async def test_a_post_that_cannot_be_screened_is_refused_every_time() -> None:
    posts = ScreenedPosts()
    for _ in range(2):
        with pytest.raises(InputError):
            await posts.screen("   ", DAY)


async def test_a_new_post_waits_one_screening_while_none_is_queued() -> None:
    posts = ScreenedPosts()
    assert posts.wait_for_new_post() == FIRST_ESTIMATE_SECONDS
    await posts.screen(POST, DAY)
    # The estimate follows the screenings timed since: a short post takes far less than 10 ms.
    assert 0 < posts.wait_for_new_post() < FIRST_ESTIMATE_SECONDS


async def test_a_new_post_waits_for_every_screening_queued_before_it() -> None:
    posts = ScreenedPosts()
    idle = posts.wait_for_new_post()
    # The screening thread is held busy, so the three posts stay queued while the wait is read.
    release = threading.Event()
    held = asyncio.get_running_loop().run_in_executor(posts._screener, release.wait)
    queued = [asyncio.ensure_future(posts.screen(f"{POST} ({n})", DAY)) for n in range(3)]
    await asyncio.sleep(0)
    assert posts.wait_for_new_post() == 4 * idle
    release.set()
    await asyncio.gather(held, *queued)
    assert posts.wait_for_new_post() < idle


async def test_a_refused_post_leaves_the_queue() -> None:
    posts = ScreenedPosts()
    with pytest.raises(InputError):
        await posts.screen("   ", DAY)
    assert posts.wait_for_new_post() <= FIRST_ESTIMATE_SECONDS
