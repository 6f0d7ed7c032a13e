"""WarningRepository: one server's warnings, reviewed only there, erased without losing the
community's approved record."""

from __future__ import annotations

from datetime import date

import pytest

from advisor.community import DuplicateWarning, UnknownClient, WarningReason, WarningStatus
from advisor.community.warnings import ModerationKind
from db.database import Database
from db.repositories import MemberRepository
from db.repositories.warnings import WarningRepository
from tests.db.ledger_seeding import ALICE, BOB

HERE = 500_000_000_000_000_001
ELSEWHERE = 500_000_000_000_000_002
MODERATOR = 600_000_000_000_000_001
DAY = date(2026, 3, 1)


async def _file(db: Database, member: int = ALICE, guild: int = HERE, name: str = "Acme Corp."):
    async with db.write() as writes:
        return await WarningRepository(writes).file(
            guild,
            member,
            client_name=name,
            reasons=(WarningReason.NON_PAYMENT, WarningReason.SCOPE_CREEP),
            details="Stopped answering after delivery.",
            share_details=True,
            profile_link="upwork.com/companies/~01acme",
            filed_on=DAY,
        )


async def _review(db: Database, warning_id: int, guild: int = HERE, approve: bool = True):
    async with db.write() as writes:
        return await WarningRepository(writes).review(
            guild, warning_id, approve=approve, moderator_id=MODERATOR, on=DAY
        )


async def test_a_filed_warning_is_pending_and_not_among_the_approved(db: Database) -> None:
    warning = await _file(db)
    assert warning.status is WarningStatus.PENDING
    assert warning.client_key == "acme"
    async with db.read() as reads:
        assert await WarningRepository(reads).approved(HERE) == []


async def test_an_approved_warning_is_listed_in_its_server_only(db: Database) -> None:
    warning = await _file(db)
    assert await _review(db, warning.id) is not None
    async with db.read() as reads:
        repository = WarningRepository(reads)
        assert [w.id for w in await repository.approved(HERE)] == [warning.id]
        assert await repository.approved(ELSEWHERE) == []


async def test_a_rejected_warning_is_never_listed(db: Database) -> None:
    warning = await _file(db)
    await _review(db, warning.id, approve=False)
    async with db.read() as reads:
        assert await WarningRepository(reads).approved(HERE) == []


async def test_a_moderator_of_another_server_cannot_review_it(db: Database) -> None:
    warning = await _file(db)
    assert await _review(db, warning.id, guild=ELSEWHERE) is None
    async with db.read() as reads:
        [pending] = await WarningRepository(reads).pending(HERE)
    assert pending.warning.status is WarningStatus.PENDING


async def test_a_moderator_of_another_server_cannot_delete_it(db: Database) -> None:
    warning = await _file(db)
    async with db.write() as writes:
        gone = await WarningRepository(writes).delete(
            ELSEWHERE, warning.id, moderator_id=MODERATOR, on=DAY
        )
    assert gone is None
    async with db.read() as reads:
        assert len(await WarningRepository(reads).pending(HERE)) == 1


async def test_a_second_warning_about_the_same_client_is_refused(db: Database) -> None:
    await _file(db, name="Acme Corp.")
    with pytest.raises(DuplicateWarning):
        await _file(db, name="ACME corporation")


async def test_another_member_may_warn_about_the_same_client(db: Database) -> None:
    await _file(db, member=ALICE)
    assert (await _file(db, member=BOB)).client_key == "acme"


async def test_the_reporter_can_withdraw_their_warning(db: Database) -> None:
    warning = await _file(db)
    await _review(db, warning.id)
    async with db.write() as writes:
        await WarningRepository(writes).withdraw(HERE, ALICE, "acme", DAY)
    async with db.read() as reads:
        assert await WarningRepository(reads).approved(HERE) == []
        [withdrawn, approved] = await WarningRepository(reads).log(HERE)
    assert (withdrawn.action, withdrawn.moderator_id) == (ModerationKind.WITHDRAWN, None)
    assert (approved.action, approved.moderator_id) == (ModerationKind.APPROVED, MODERATOR)


async def test_withdrawing_someone_elses_warning_is_an_unknown_client(db: Database) -> None:
    await _file(db, member=ALICE)
    with pytest.raises(UnknownClient):
        async with db.write() as writes:
            await WarningRepository(writes).withdraw(HERE, BOB, "Acme Corp.", DAY)


async def test_erasure_keeps_an_approved_warning_without_its_reporter_or_words(
    db: Database,
) -> None:
    approved = await _file(db, name="Acme")
    await _review(db, approved.id)
    await _file(db, name="Globex")
    async with db.write() as writes:
        await MemberRepository(writes).forget_member(ALICE)
    async with db.read() as reads:
        [kept] = await WarningRepository(reads).approved(HERE)
        [queued] = await WarningRepository(reads).for_moderators(HERE)
    assert (kept.client_name, kept.details) == ("Acme", None)
    assert queued.reporter_id is None


async def test_erasure_of_a_moderator_unnames_them_in_the_log(db: Database) -> None:
    warning = await _file(db)
    await _review(db, warning.id)
    async with db.write() as writes:
        await MemberRepository(writes).forget_member(MODERATOR)
    async with db.read() as reads:
        [entry] = await WarningRepository(reads).log(HERE)
    assert entry.moderator_id is None
