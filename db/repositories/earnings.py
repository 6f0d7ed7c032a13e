"""Earnings: one member's stored billings over a period, each with its client's name and platform,
for `advisor.earnings` to total.

Only the facts the totals need are read, and the record is built here rather than in `_records`:
no other query returns it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import and_, bindparam, select

from advisor.earnings import BilledFact
from advisor.ledger import FeeSource, from_minor_units
from db.models import Billing, Client, Contract
from db.repositories._scope import Repository, UnitT, checked_snowflake
from db.units import Row

# Every join also matches on member_id: the composite keys already keep a member's billings on
# their own contracts and clients, and saying so lets the (member_id, billed_on) index lead.
_BILLED_BETWEEN = (
    select(
        Client.name.label("client_name"),
        Client.platform,
        Billing.currency,
        Billing.billed_on,
        Billing.amount_minor,
        Billing.fee_charged_minor,
        Billing.fee_source,
    )
    .join(
        Contract, and_(Contract.id == Billing.contract_id, Contract.member_id == Billing.member_id)
    )
    .join(Client, and_(Client.id == Contract.client_id, Client.member_id == Contract.member_id))
    .where(
        Billing.member_id == bindparam("member_id"),
        Billing.billed_on >= bindparam("start"),
        Billing.billed_on <= bindparam("end"),
    )
    .order_by(Billing.billed_on, Billing.id)
)


def billed_fact(row: Row) -> BilledFact:
    """A billing as the totals need it, from a row of `_BILLED_BETWEEN`."""
    currency = row.currency
    fee = row.fee_charged_minor
    return BilledFact(
        client=row.client_name,
        platform=row.platform,
        currency=currency,
        billed_on=row.billed_on,
        amount=from_minor_units(row.amount_minor, currency),
        fee=from_minor_units(fee, currency) if fee is not None else None,
        fee_source=FeeSource(row.fee_source),
    )


class EarningsRepository(Repository[UnitT]):
    """Reading what one member billed over a period."""

    async def billed_between(self, member_id: int, start: date, end: date) -> Sequence[BilledFact]:
        """The member's billings (refunds included) dated from `start` to `end`, both included,
        oldest first; nobody else's."""
        member_id = checked_snowflake(member_id)
        rows = await self.unit.rows(
            _BILLED_BETWEEN, {"member_id": member_id, "start": start, "end": end}
        )
        return [billed_fact(row) for row in rows]
