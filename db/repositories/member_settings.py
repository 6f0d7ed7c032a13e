"""A member's own defaults: the per-contract fee rate they are usually shown."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import bindparam, delete, select

from advisor.ledger import check_fee_rate
from db.models import MemberSetting
from db.repositories._scope import Repository, UnitT, checked_snowflake, ensure_member
from db.units import Prepared, Writes

_RATE = Prepared(
    select(MemberSetting.default_fee_rate).where(MemberSetting.member_id == bindparam("member_id"))
)


class MemberSettingsRepository(Repository[UnitT]):
    """Reading and saving one member's defaults."""

    async def default_rate(self, member_id: int) -> Decimal | None:
        """The per-contract rate the member saved, if any."""
        found = await self.unit.scalar(_RATE, {"member_id": checked_snowflake(member_id)})
        return None if found is None else Decimal(found)

    async def save_default_rate(
        self: MemberSettingsRepository[Writes], member_id: int, rate: Decimal | None
    ) -> Decimal | None:
        """Save (or, None, forget) the member's per-contract rate; return it as stored."""
        if rate is None:
            # Forgetting keeps nothing: no row is made for a member who only says "none".
            await self.unit.run(
                delete(MemberSetting).where(MemberSetting.member_id == checked_snowflake(member_id))
            )
            return None
        member_id = await ensure_member(self.unit, member_id)
        row = {"member_id": member_id, "default_fee_rate": check_fee_rate(rate)}
        await self.unit.run(self.unit.upsert(MemberSetting, row, ["member_id"]))
        return await self.default_rate(member_id)
