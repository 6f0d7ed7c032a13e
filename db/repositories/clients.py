"""Clients: who a member works for, and what they have billed each one over its lifetime.

A client's lifetime billed decides its fee tier, so it is always a SUM across all the client's
contracts, computed when asked, over the totals that triggers on billings keep per contract.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import and_, bindparam, case, func, select

from advisor.ledger import (
    DEFAULT_CURRENCY,
    ClientRecord,
    ClientSummary,
    clean_client_name,
    fold_for_matching,
    from_minor_units,
    normalise_client_name,
    normalise_currency,
    normalise_platform,
)
from db.models import Billing, Client, Contract
from db.repositories._records import (
    CLIENT_COLUMNS,
    client_lifetime_minor,
    client_record,
    owned_client,
)
from db.repositories._scope import Repository, UnitT, checked_snowflake, ensure_member
from db.units import Prepared, Reads, Writes

# Discord accepts at most 25 autocomplete choices.
MAX_CHOICES = 25


# Read from the contract totals the billings' triggers keep (a billing is always in its client's
# currency), summed per client through the covering (member_id, client_id, billed_minor) index,
# then kept to the clients in the currency by primary key. Every other plan leans on SQLite's
# statistics: once ANALYZE has seen one member holding most of the billings (or clients), it
# judges `member_id = ?` unselective for everyone and scans the whole table.
_PER_CLIENT = (
    select(
        Contract.client_id.label("client_id"),
        func.sum(case((Contract.billed_minor > 0, 1), else_=0)).label("jobs"),
        func.sum(Contract.billed_minor).label("billed"),
    )
    .where(Contract.member_id == bindparam("member_id"))
    .group_by(Contract.client_id)
    .subquery()
)
BILLED_JOBS = Prepared(
    select(
        func.coalesce(func.sum(_PER_CLIENT.c.jobs), 0),
        func.coalesce(func.sum(_PER_CLIENT.c.billed), 0),
    )
    .join_from(_PER_CLIENT, Client, Client.id == _PER_CLIENT.c.client_id)
    .where(Client.currency == bindparam("currency"))
)

_CLIENT_BY_NAME = Prepared(
    select(*CLIENT_COLUMNS).where(
        Client.member_id == bindparam("member_id"),
        Client.platform == bindparam("platform"),
        Client.normalised_name == bindparam("normalised_name"),
    )
)


async def billed_jobs(
    unit: Reads, member_id: int, currency: str = DEFAULT_CURRENCY
) -> tuple[int, Decimal]:
    """How many of the member's contracts billed in `currency`, and their total."""
    member_id = checked_snowflake(member_id)
    currency = normalise_currency(currency)
    row = await unit.first(BILLED_JOBS, {"member_id": member_id, "currency": currency})
    # An aggregate without GROUP BY always has a row.
    assert row is not None
    return int(row[0]), from_minor_units(int(row[1]), currency)


class ClientRepository(Repository[UnitT]):
    """One member's clients."""

    async def get_or_create(
        self: ClientRepository[Writes],
        member_id: int,
        name: str,
        platform: str,
        currency: str = DEFAULT_CURRENCY,
        *,
        import_id: int | None = None,
    ) -> ClientRecord:
        """The member's client of this name on this platform, created if new.

        Names match however they are spaced or capitalised. `currency` is used only when the
        client is created; an existing client keeps its own. `import_id` marks a client an
        import creates, so that undoing the import takes it away.
        """
        member_id = await ensure_member(self.unit, member_id)
        display_name = clean_client_name(name)
        values = {
            "member_id": member_id,
            "platform": normalise_platform(platform),
            "name": display_name,
            "normalised_name": normalise_client_name(display_name),
            "currency": normalise_currency(currency),
        }
        if import_id is not None:
            values["import_id"] = import_id
        await self.unit.run(
            self.unit.insert_or_ignore(Client, values, ["member_id", "platform", "normalised_name"])
        )
        row = await self.unit.first(
            _CLIENT_BY_NAME,
            {
                "member_id": member_id,
                "platform": values["platform"],
                "normalised_name": values["normalised_name"],
            },
        )
        if row is None:
            raise RuntimeError("a client was inserted or found but cannot be read back")
        return client_record(row)

    async def get(self, member_id: int, client_id: int) -> ClientRecord:
        """The member's client with this id; `UnknownClient` if there is none."""
        member_id = checked_snowflake(member_id)
        return await owned_client(self.unit, member_id, client_id)

    async def find(
        self, member_id: int, name: str, platform: str | None = None
    ) -> ClientRecord | None:
        """The member's client with this name (on this platform, if given), if any."""
        member_id = checked_snowflake(member_id)
        query = select(*CLIENT_COLUMNS).where(
            Client.member_id == member_id,
            Client.normalised_name == normalise_client_name(name),
        )
        if platform is not None:
            query = query.where(Client.platform == normalise_platform(platform))
        row = await self.unit.first(query.order_by(Client.id).limit(1))
        return client_record(row) if row is not None else None

    async def lifetime_billed(
        self, member_id: int, client_id: int, *, to_bill: bool = False
    ) -> Decimal:
        """What the member has billed this client over all contracts, in the client's currency.

        `to_bill=True` is for a transaction about to add a billing priced on this total: until
        it ends, any other such transaction for the same client waits, and then reads a total
        with this transaction's billing in it.
        """
        member_id = checked_snowflake(member_id)
        client = await owned_client(self.unit, member_id, client_id, to_bill=to_bill)
        total = await client_lifetime_minor(self.unit, member_id, client.id)
        return from_minor_units(total, client.currency)

    async def billed_jobs(
        self, member_id: int, currency: str = DEFAULT_CURRENCY
    ) -> tuple[int, Decimal]:
        """How many contracts billed in `currency`, and their total: one aggregate, whatever the
        history's length (the basis of an average job, which the seed prices a bad review at)."""
        return await billed_jobs(self.unit, member_id, currency)

    async def list_with_totals(self, member_id: int) -> list[ClientSummary]:
        """The member's clients, most billed first, each with its lifetime billed and contracts."""
        member_id = checked_snowflake(member_id)
        billed = (
            select(
                Contract.client_id.label("client_id"),
                func.sum(Billing.amount_minor).label("total"),
                func.max(Billing.billed_on).label("last_billed_on"),
                func.sum(case((Billing.amount_minor < 0, -Billing.amount_minor), else_=0)).label(
                    "refunded"
                ),
                func.sum(Billing.fee_charged_minor).label("fees"),
                func.sum(
                    case((Billing.fee_charged_minor.is_not(None), Billing.amount_minor), else_=0)
                ).label("billed_with_fee"),
            )
            .join(
                Contract,
                and_(Contract.id == Billing.contract_id, Contract.member_id == Billing.member_id),
            )
            .where(Billing.member_id == member_id)
            .group_by(Contract.client_id)
            .subquery()
        )
        contracts = (
            select(Contract.client_id.label("client_id"), func.count().label("count"))
            .where(Contract.member_id == member_id)
            .group_by(Contract.client_id)
            .subquery()
        )
        total = func.coalesce(billed.c.total, 0).label("lifetime")
        rows = await self.unit.rows(
            select(
                *CLIENT_COLUMNS,
                total,
                func.coalesce(contracts.c.count, 0).label("contracts"),
                billed.c.last_billed_on,
                func.coalesce(billed.c.refunded, 0).label("refunded"),
                func.coalesce(billed.c.fees, 0).label("fees"),
                func.coalesce(billed.c.billed_with_fee, 0).label("billed_with_fee"),
            )
            .outerjoin(billed, billed.c.client_id == Client.id)
            .outerjoin(contracts, contracts.c.client_id == Client.id)
            .where(Client.member_id == member_id)
            .order_by(total.desc(), Client.normalised_name, Client.id)
        )
        return [
            ClientSummary(
                client=client_record(row),
                lifetime_billed=from_minor_units(int(row.lifetime), row.currency),
                contracts=int(row.contracts),
                last_billed_on=row.last_billed_on,
                refunded=from_minor_units(int(row.refunded), row.currency),
                fees=from_minor_units(int(row.fees), row.currency),
                billed_with_fee=from_minor_units(int(row.billed_with_fee), row.currency),
            )
            for row in rows
        ]

    async def search(
        self, member_id: int, prefix: str, limit: int = MAX_CHOICES
    ) -> Sequence[ClientRecord]:
        """The member's clients whose name contains what was typed, names starting with it first.

        For autocomplete: never more than `limit` (at most 25), and never another member's.
        """
        member_id = checked_snowflake(member_id)
        typed = fold_for_matching(prefix)
        query = select(*CLIENT_COLUMNS).where(Client.member_id == member_id)
        by_name = (Client.normalised_name, Client.id)
        if typed:
            query = query.where(Client.normalised_name.contains(typed, autoescape=True))
            starts = case((Client.normalised_name.startswith(typed, autoescape=True), 0), else_=1)
            query = query.order_by(starts)
        rows = await self.unit.rows(query.order_by(*by_name).limit(min(limit, MAX_CHOICES)))
        return [client_record(row) for row in rows]
