"""ScreenedMessageRepository: a message is screened once, again only when its text changes."""

from __future__ import annotations

from datetime import date

from db.database import Database
from db.repositories.screened_messages import Claim, ScreenedMessageRepository

MESSAGE, CHANNEL, GUILD = 900_000_000_000_000_001, 900_000_000_000_000_002, 900_000_000_000_3
DAY = date(2026, 3, 1)


async def _claim(db: Database, digest: str) -> Claim:
    async with db.write() as writes:
        claim, _ = await ScreenedMessageRepository(writes).claim(
            message_id=MESSAGE, channel_id=CHANNEL, guild_id=GUILD, digest=digest, on=DAY
        )
    return claim


async def test_a_new_message_is_claimed(db: Database) -> None:
    assert await _claim(db, "a") is Claim.NEW


async def test_the_same_message_replayed_is_seen(db: Database) -> None:
    await _claim(db, "a")
    assert await _claim(db, "a") is Claim.SEEN


async def test_an_edited_message_is_claimed_again_once(db: Database) -> None:
    await _claim(db, "a")
    assert await _claim(db, "b") is Claim.CHANGED
    assert await _claim(db, "b") is Claim.SEEN


async def test_a_deleted_message_gives_back_where_its_answer_is(db: Database) -> None:
    await _claim(db, "a")
    async with db.write() as writes:
        repository = ScreenedMessageRepository(writes)
        await repository.answered(
            MESSAGE, verdict="red", answer_channel_id=7, answer_message_id=8, reaction=None
        )
        record = await repository.forget(MESSAGE)
        again = await repository.forget(MESSAGE)
    assert record is not None
    assert (record.answer_channel_id, record.answer_message_id) == (7, 8)
    assert again is None


async def test_pruning_forgets_old_messages(db: Database) -> None:
    await _claim(db, "a")
    async with db.write() as writes:
        assert await ScreenedMessageRepository(writes).prune(date(2026, 4, 1)) == 1
    assert await _claim(db, "a") is Claim.NEW
