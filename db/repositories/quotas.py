"""Counting what a member keeps, for the caps of `advisor.quotas`.

A count walks the member's own rows of an index, so it costs in proportion to what that member
keeps, which the cap bounds.
"""

from __future__ import annotations

from sqlalchemy import bindparam, func, select

from advisor.quotas import MemberQuotas
from db.models import Billing, Contract
from db.units import Prepared, Reads

_BILLINGS_KEPT = Prepared(
    select(func.count()).select_from(Billing).where(Billing.member_id == bindparam("member_id"))
)
_CONTRACTS_KEPT = Prepared(
    select(func.count()).select_from(Contract).where(Contract.member_id == bindparam("member_id"))
)


async def billings_kept(unit: Reads, member_id: int) -> int:
    """How many billings the member has stored."""
    return int(await unit.scalar(_BILLINGS_KEPT, {"member_id": member_id}) or 0)


async def contracts_kept(unit: Reads, member_id: int) -> int:
    """How many contracts the member has stored."""
    return int(await unit.scalar(_CONTRACTS_KEPT, {"member_id": member_id}) or 0)


async def check_room_for_billing(unit: Reads, member_id: int, quotas: MemberQuotas) -> None:
    """`QuotaReached` if the member keeps as many billings as `quotas` allow."""
    quotas.check_typed(billings=await billings_kept(unit, member_id), adding="billing")


async def check_room_for_contract(unit: Reads, member_id: int, quotas: MemberQuotas) -> None:
    """`QuotaReached` if the member keeps as many contracts as `quotas` allow."""
    quotas.check_typed(contracts=await contracts_kept(unit, member_id), adding="contract")
