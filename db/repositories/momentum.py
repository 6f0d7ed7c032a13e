"""The momentum report's inputs and chart data, from bounded queries and aggregates only.

Nothing here loads a member's history row by row: the report takes seven statements whatever the
history, each returning a handful of rows (at most one per day and signal for the last 180 days),
and its inputs are the same size for a member with ten contracts as for one with 10,000 and a
million billings. Every statement is scoped by member id and, where it reads a time range, by an
indexed date (the indexes come with revision 0003):

- the review window: the last 10 rated jobs (`ORDER BY ended_on DESC, id DESC LIMIT 10`);
- lifetime billing: per-client totals (each contract's billings summed from the
  (member, contract, amount) index alone) read twice in one statement: summed into job, client
  and repeat-client counts, the total and the amount in each fee band (`SUM(CASE ...)`), and
  sorted for the clients closest to their next band (`ORDER BY remaining LIMIT 3`);
- ranking signals: per-day counts over the last 180 days of jobs started, repeat hires, billings,
  5-star completions and logged events, in one `UNION ALL`; and the last day of each own action;
- the Job Success Score estimate: one pass over the jobs that ended in the last 24 months, each
  job's size and outcome worked out once, then conditional sums for the 6, 12 and 24 months;
- the last 12 months: the first contract's start, the amount billed and the fees recorded.

Lifetime totals are the one part whose cost grows with the member's history (they are sums over
every billing, as fee tiers require); everything else reads a fixed window.

Money figures cover the member's clients in one currency (the one most of their clients use,
unless the caller names one); the others are named in the inputs so the report can say so.
The rules for outcomes, bands and windows come from `advisor.momentum`; this module only turns
them into SQL.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    String,
    and_,
    bindparam,
    case,
    cast,
    exists,
    extract,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, aliased

from advisor.fees import DEFAULT_SCHEDULE_KEY, Band, FeeSchedule
from advisor.ledger import ContractStatus, from_minor_units, normalise_currency, to_minor_units
from advisor.momentum import (
    CHART_RATINGS,
    CLIENTS_NEAR_NEXT_TIER,
    JSS_WINDOW_MONTHS,
    MIN_JOB_WEIGHT,
    NEGATIVE_BELOW,
    REVIEW_WINDOW_SIZE,
    SIGNAL_DAYS,
    SIGNAL_ORDER,
    SUCCESS_FROM,
    ChartInputs,
    ClientCounts,
    ClientLifetime,
    ClientMonth,
    EventKind,
    JssWindowTotals,
    LastDone,
    LifetimeBilling,
    MomentumChart,
    MomentumInputs,
    MomentumReport,
    RatedJob,
    RecordedFees,
    Signal,
    SignalHistory,
    banded_schedule,
    build_momentum_report,
    chart_months,
    momentum_chart,
    signal_start,
    window_start,
)
from db.models import Billing, Client, Contract, Member, MemberEvent
from db.repositories._scope import Repository, UnitT, checked_snowflake
from db.units import Prepared, Reads, Row

_FIVE_STARS = Decimal("5.00")
_SIGNALS = {signal.value: signal for signal in Signal}
# Outcome codes inside the Job Success Score statement (see advisor.momentum.jss.Outcome).
_UNSCORED, _SUCCESS, _NEUTRAL, _NEGATIVE = 0, 1, 2, 3


def _int(value: Any) -> int:
    # PostgreSQL's SUM over BIGINT is NUMERIC (a Decimal); SQLite's is an int; both may be NULL.
    return int(value or 0)


def _bound(amount: int) -> ColumnElement[int]:
    return literal(amount, BigInteger)


def in_band(
    amount: ColumnElement[Any] | InstrumentedAttribute[int], start: int, end: int | None
) -> ColumnElement[Any]:
    """The part of `amount` (minor units) that falls between `start` and `end` (None: no end)."""
    if end is None:
        return case((amount > _bound(start), amount - _bound(start)), else_=_bound(0))
    return case(
        (amount >= _bound(end), _bound(end - start)),
        (amount > _bound(start), amount - _bound(start)),
        else_=_bound(0),
    )


def _band_bounds(bands: tuple[Band, ...], currency: str) -> list[tuple[int, int | None]]:
    return [
        (
            to_minor_units(band.start, currency),
            to_minor_units(band.end, currency) if band.end is not None else None,
        )
        for band in bands
    ]


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _one(row: Row | None) -> Row:
    # An aggregate without GROUP BY always returns a row.
    assert row is not None
    return row


def _label(value: str) -> ColumnElement[str]:
    # Typed, so PostgreSQL can tell a UNION's column is text.
    return cast(literal(value), String(32))


_REVISION = Prepared(select(Member.revision).where(Member.id == bindparam("member_id")))


async def member_revision(unit: Reads, member_id: int) -> int | None:
    """See `MomentumRepository.revision`."""
    found = await unit.scalar(_REVISION, {"member_id": checked_snowflake(member_id)})
    return None if found is None else int(found)


class MomentumRepository(Repository[UnitT]):
    """Reading what one member's momentum report and chart need."""

    async def revision(self, member_id: int) -> int | None:
        """A number that changes whenever any of the member's records change (None: no records).

        The database moves it itself (revision 0004's triggers), so a report computed at one
        revision is the report for as long as the number stays the same.
        """
        return await member_revision(self.unit, member_id)

    async def report(
        self,
        member_id: int,
        today: date,
        *,
        schedule: str | FeeSchedule = DEFAULT_SCHEDULE_KEY,
        currency: str | None = None,
    ) -> MomentumReport:
        """The member's momentum report for `today` (inputs and report in one call)."""
        gathered = await self.inputs(member_id, today, schedule=schedule, currency=currency)
        return build_momentum_report(gathered, today=today)

    async def inputs(
        self,
        member_id: int,
        today: date,
        *,
        schedule: str | FeeSchedule = DEFAULT_SCHEDULE_KEY,
        currency: str | None = None,
    ) -> MomentumInputs:
        """Everything the report needs about the member as of `today`.

        `schedule` is the fee schedule the billings are banded by (it must have set bands);
        `currency` picks which clients' money is counted (default: the member's main currency).
        """
        member_id = checked_snowflake(member_id)
        fee_schedule = banded_schedule(schedule)
        main, others = await self._currencies(member_id, currency, fee_schedule.currency)
        lifetime, client_counts, near = await self._clients(member_id, main, fee_schedule)
        first_contract_on, earned, recorded_fees = await self._last_year(member_id, main, today)
        return MomentumInputs(
            currency=main,
            other_currencies=others,
            schedule=fee_schedule,
            latest_reviews=await self._rated_jobs(member_id, today, REVIEW_WINDOW_SIZE),
            lifetime=lifetime,
            client_counts=client_counts,
            clients_near_next_tier=near,
            signals=await self._signals(member_id, today),
            last_done=await self._last_done(member_id, today),
            jss_windows=await self._jss_windows(member_id, main, today),
            first_contract_on=first_contract_on,
            earned_last_12_months=earned,
            recorded_fees_last_12_months=recorded_fees,
        )

    async def chart_data(
        self,
        member_id: int,
        today: date,
        *,
        schedule: str | FeeSchedule = DEFAULT_SCHEDULE_KEY,
        currency: str | None = None,
    ) -> MomentumChart:
        """The chart's numbers: the last 50 ratings and 24 months of billings by fee band."""
        member_id = checked_snowflake(member_id)
        fee_schedule = banded_schedule(schedule)
        main, _ = await self._currencies(member_id, currency, fee_schedule.currency)
        ratings = await self._rated_jobs(member_id, today, CHART_RATINGS)
        if fee_schedule.per_client:
            client_months, billed_before = await self._client_months(member_id, main, today)
            chart_inputs = ChartInputs(
                currency=main,
                schedule=fee_schedule,
                ratings=ratings,
                client_months=client_months,
                billed_before=billed_before,
            )
        else:
            chart_inputs = ChartInputs(
                currency=main,
                schedule=fee_schedule,
                ratings=ratings,
                month_bands=await self._month_bands(member_id, main, fee_schedule, today),
            )
        return momentum_chart(chart_inputs, today)

    async def _currencies(
        self, member_id: int, wanted: str | None, fallback: str
    ) -> tuple[str, tuple[str, ...]]:
        """The report's currency and the member's other clients' currencies."""
        count = func.count()
        rows = await self.unit.rows(
            select(Client.currency, count)
            .where(Client.member_id == member_id)
            .group_by(Client.currency)
            .order_by(count.desc(), Client.currency)
        )
        found = [str(currency) for currency, _ in rows]
        main = normalise_currency(wanted) if wanted is not None else (found or [fallback])[0]
        return main, tuple(currency for currency in found if currency != main)

    async def _rated_jobs(self, member_id: int, today: date, limit: int) -> tuple[RatedJob, ...]:
        """The member's most recent rated jobs, newest first; same-day ones by logging order."""
        rows = await self.unit.rows(
            select(Contract.id, Contract.ended_on, Contract.rating, Client.name, Contract.title)
            .join(
                Client,
                and_(Client.id == Contract.client_id, Client.member_id == Contract.member_id),
            )
            .where(
                Contract.member_id == member_id,
                Contract.rating.is_not(None),
                Contract.ended_on.is_not(None),
                Contract.ended_on <= today,
            )
            .order_by(Contract.ended_on.desc(), Contract.id.desc())
            .limit(limit)
        )
        return tuple(
            RatedJob(
                contract_id=contract_id,
                ended_on=ended_on,
                rating=Decimal(rating).quantize(Decimal("0.01")),
                client_name=name,
                title=title,
            )
            for contract_id, ended_on, rating, name, title in rows
            # Never None after the WHERE above; the check tells the type checker so.
            if ended_on is not None and rating is not None
        )

    async def _clients(
        self, member_id: int, currency: str, schedule: FeeSchedule
    ) -> tuple[LifetimeBilling, ClientCounts, tuple[ClientLifetime, ...]]:
        """Lifetime sums, client counts and the clients nearest their next band, in one statement.

        Contracts' totals (kept by the database, revision 0005) are summed per client from the
        (member, client, total) index alone; that per-client table is read twice, once for the
        sums over all clients and once for the `CLIENTS_NEAR_NEXT_TIER` with the least left to
        bill before a cheaper band.
        """
        hired = (
            select(
                Contract.client_id.label("client_id"),
                func.count().label("contracts"),
                # Billings are more than zero, so a contract with a total has been billed.
                func.sum(case((Contract.billed_minor > 0, 1), else_=0)).label("jobs"),
                func.sum(Contract.billed_minor).label("total"),
            )
            .where(Contract.member_id == member_id)
            .group_by(Contract.client_id)
            .subquery()
        )
        per_client = (
            select(
                hired.c.client_id,
                hired.c.contracts,
                hired.c.jobs,
                hired.c.total,
                Client.name.label("name"),
            )
            .join(Client, Client.id == hired.c.client_id)
            .where(Client.member_id == member_id, Client.currency == currency)
            .cte("per_client")
        )
        total = per_client.c.total
        bounds = _band_bounds(schedule.bands, currency)
        band_sums = [
            func.sum(in_band(total, start, end)) if schedule.per_client else _bound(0)
            for start, end in bounds
        ]
        blank = cast(null(), BigInteger)
        sums = select(
            _label("sums").label("row"),
            blank.label("client_id"),
            cast(null(), String).label("name"),
            func.count().label("clients"),
            func.sum(case((total > 0, 1), else_=0)).label("billed_clients"),
            func.sum(per_client.c.jobs).label("jobs"),
            func.sum(total).label("total"),
            func.sum(case((per_client.c.contracts >= 2, 1), else_=0)).label("repeat_clients"),
            *[band.label(f"band_{index}") for index, band in enumerate(band_sums)],
        )
        ends = [end for _, end in bounds if end is not None]
        if schedule.per_client and ends:
            remaining = case(*[(total < _bound(end), _bound(end) - total) for end in ends])
            nearest = (
                select(
                    _label("near").label("row"),
                    per_client.c.client_id,
                    per_client.c.name,
                    blank.label("clients"),
                    blank.label("billed_clients"),
                    blank.label("jobs"),
                    total,
                    blank.label("repeat_clients"),
                    *[blank.label(f"band_{index}") for index in range(len(band_sums))],
                )
                .where(total > 0, total < _bound(ends[-1]))
                .order_by(remaining, per_client.c.name, per_client.c.client_id)
                .limit(CLIENTS_NEAR_NEXT_TIER)
                .subquery()
            )
            statement: Any = union_all(sums, select(nearest))
        else:
            statement = sums
        near: list[ClientLifetime] = []
        totals: Any = None
        for row in await self.unit.rows(statement):
            if row[0] == "sums":
                totals = row
            else:
                near.append(
                    ClientLifetime(
                        client_id=row[1],
                        client_name=row[2],
                        lifetime_billed=from_minor_units(_int(row[6]), currency),
                    )
                )
        _, _, _, clients, billed_clients, jobs, lifetime_total, repeat, *in_bands = totals
        if not schedule.per_client:
            in_bands = await self._bands_per_billing(
                member_id, currency, bounds, _int(lifetime_total)
            )
        lifetime = LifetimeBilling(
            jobs=_int(jobs),
            clients=_int(billed_clients),
            total=from_minor_units(_int(lifetime_total), currency),
            billed_in_band=tuple(from_minor_units(_int(part), currency) for part in in_bands),
        )
        counts = ClientCounts(clients=_int(clients), repeat_clients=_int(repeat))

        def left_to_bill(client: ClientLifetime) -> tuple[int, str, int]:
            so_far = to_minor_units(client.lifetime_billed, currency)
            return (
                min(end - so_far for end in ends if end > so_far),
                client.client_name,
                client.client_id,
            )

        # SQL keeps no order across a UNION, so the few rows are put back in order here.
        return lifetime, counts, tuple(sorted(near, key=left_to_bill))

    async def _bands_per_billing(
        self, member_id: int, currency: str, bounds: list[tuple[int, int | None]], total: int
    ) -> list[Any]:
        """Band sums where each billing is banded on its own (schedules not tiered per client)."""
        if bounds == [(0, None)]:
            # One flat band holds everything.
            return [total]
        row = _one(
            await self.unit.first(
                select(
                    *[func.sum(in_band(Billing.amount_minor, start, end)) for start, end in bounds]
                ).where(Billing.member_id == member_id, Billing.currency == currency)
            )
        )
        return list(row)

    async def _signals(self, member_id: int, today: date) -> SignalHistory:
        """Per-day counts of every ranking signal over the last 180 days, in one statement."""
        since = signal_start(today)
        earlier = aliased(Contract)
        rehired = exists().where(
            earlier.member_id == Contract.member_id,
            earlier.client_id == Contract.client_id,
            or_(
                earlier.started_on < Contract.started_on,
                and_(earlier.started_on == Contract.started_on, earlier.id < Contract.id),
            ),
        )
        started_in_range = and_(
            Contract.member_id == member_id,
            Contract.started_on >= since,
            Contract.started_on <= today,
        )
        day = self._day
        rows = await self.unit.rows(
            union_all(
                select(day(Contract.started_on), _label(Signal.JOB_STARTED.value), func.count())
                .where(started_in_range)
                .group_by(Contract.started_on),
                select(day(Contract.started_on), _label(Signal.REPEAT_HIRE.value), func.count())
                .where(started_in_range, rehired)
                .group_by(Contract.started_on),
                select(
                    day(Billing.billed_on), _label(Signal.MILESTONE_APPROVED.value), func.count()
                )
                .where(
                    Billing.member_id == member_id,
                    Billing.billed_on >= since,
                    Billing.billed_on <= today,
                )
                .group_by(Billing.billed_on),
                select(day(Contract.ended_on), _label(Signal.FIVE_STAR_JOB.value), func.count())
                .where(
                    Contract.member_id == member_id,
                    Contract.ended_on >= since,
                    Contract.ended_on <= today,
                    Contract.rating >= _FIVE_STARS,
                )
                .group_by(Contract.ended_on),
                select(day(MemberEvent.occurred_on), MemberEvent.kind, func.sum(MemberEvent.count))
                .where(
                    MemberEvent.member_id == member_id,
                    MemberEvent.occurred_on >= since,
                    MemberEvent.occurred_on <= today,
                )
                .group_by(MemberEvent.occurred_on, MemberEvent.kind),
            )
        )
        # Up to 180 days x 9 signals of rows go straight into the grid, with no object per row.
        grid = {signal: [0] * SIGNAL_DAYS for signal in SIGNAL_ORDER}
        for on, signal, count in rows:
            grid[_SIGNALS[signal]][(today - _as_date(on)).days] += _int(count)
        return SignalHistory(today, tuple(tuple(grid[signal]) for signal in SIGNAL_ORDER))

    def _day(self, column: InstrumentedAttribute[Any]) -> Any:
        """A date column as the fastest form to read back in bulk: SQLite keeps dates as ISO
        text, which `date.fromisoformat` reads several times faster than the generic date type;
        PostgreSQL's driver returns dates as they are."""
        return cast(column, String) if self.unit.backend.dates_as_text else column

    async def _last_done(self, member_id: int, today: date) -> tuple[LastDone, ...]:
        """The last day the member logged each kind of event, up to today."""
        rows = await self.unit.rows(
            select(MemberEvent.kind, func.max(MemberEvent.occurred_on))
            .where(MemberEvent.member_id == member_id, MemberEvent.occurred_on <= today)
            .group_by(MemberEvent.kind)
        )
        return tuple(LastDone(kind=EventKind(kind), on=last) for kind, last in rows)

    async def _jss_windows(
        self, member_id: int, currency: str, today: date
    ) -> tuple[JssWindowTotals, ...]:
        """Outcome totals for the 6, 12 and 24-month windows in one pass over ended jobs."""
        starts = {months: window_start(today, months) for months in JSS_WINDOW_MONTHS}
        # Both steps are MATERIALIZED so that each job's size and outcome are worked out once,
        # not once for every window and column of the final sums.
        in_currency = select(Client.id).where(
            Client.member_id == member_id, Client.currency == currency
        )
        jobs = (
            select(
                Contract.client_id.label("client_id"),
                Contract.ended_on.label("ended_on"),
                Contract.status.label("status"),
                Contract.rating.label("rating"),
                Contract.billed_minor.label("billed"),
            )
            .where(
                Contract.member_id == member_id,
                Contract.client_id.in_(in_currency),
                Contract.status != ContractStatus.ACTIVE.value,
                Contract.ended_on >= min(starts.values()),
                Contract.ended_on <= today,
            )
            .cte("jobs")
            .prefix_with("MATERIALIZED")
        )
        rating, status, amount = jobs.c.rating, jobs.c.status, jobs.c.billed
        floor = to_minor_units(MIN_JOB_WEIGHT, currency)
        scored_jobs = (
            select(
                jobs.c.client_id,
                jobs.c.ended_on,
                case(
                    (
                        or_(
                            status == ContractStatus.DISPUTED.value,
                            and_(rating.is_not(None), rating < NEGATIVE_BELOW),
                            and_(status == ContractStatus.CANCELLED.value, amount <= 0),
                        ),
                        _bound(_NEGATIVE),
                    ),
                    (rating.is_(None), _bound(_UNSCORED)),
                    (rating >= SUCCESS_FROM, _bound(_SUCCESS)),
                    else_=_bound(_NEUTRAL),
                ).label("outcome"),
                case((amount > _bound(floor), amount), else_=_bound(floor)).label("weight"),
            )
            .cte("scored_jobs")
            .prefix_with("MATERIALIZED")
        )
        outcome, weight = scored_jobs.c.outcome, scored_jobs.c.weight
        columns: list[ColumnElement[Any]] = []
        for months in JSS_WINDOW_MONTHS:
            inside = scored_jobs.c.ended_on >= starts[months]
            counted = and_(inside, outcome != _UNSCORED)
            columns += [
                func.sum(case((inside, 1), else_=0)),
                func.count(func.distinct(case((inside, scored_jobs.c.client_id)))),
                func.sum(case((counted, 1), else_=0)),
                func.sum(case((and_(inside, outcome == _UNSCORED), 1), else_=0)),
                func.sum(case((and_(inside, outcome == _SUCCESS), weight), else_=_bound(0))),
                func.sum(case((and_(inside, outcome == _NEGATIVE), weight), else_=_bound(0))),
                func.sum(case((counted, weight), else_=_bound(0))),
            ]
        row = _one(await self.unit.first(select(*columns).select_from(scored_jobs)))
        windows = []
        for index, months in enumerate(JSS_WINDOW_MONTHS):
            job_count, clients, scored_jobs, unscored, good, bad, total = row[
                7 * index : 7 * index + 7
            ]
            windows.append(
                JssWindowTotals(
                    months=months,
                    starts_on=starts[months],
                    jobs=_int(job_count),
                    clients=_int(clients),
                    scored_jobs=_int(scored_jobs),
                    unscored_jobs=_int(unscored),
                    success_weight=from_minor_units(_int(good), currency),
                    negative_weight=from_minor_units(_int(bad), currency),
                    scored_weight=from_minor_units(_int(total), currency),
                )
            )
        return tuple(windows)

    async def _last_year(
        self, member_id: int, currency: str, today: date
    ) -> tuple[date | None, Decimal, RecordedFees]:
        """The first contract's start (any currency), what was billed in the last 12 months, and
        the fees recorded on those billings."""
        first = (
            select(func.min(Contract.started_on))
            .where(Contract.member_id == member_id, Contract.started_on <= today)
            .scalar_subquery()
        )
        recorded = Billing.fee_charged_minor.is_not(None)
        first_on, earned, fees, billed_with_fee = _one(
            await self.unit.first(
                select(
                    first,
                    func.sum(Billing.amount_minor),
                    func.sum(Billing.fee_charged_minor),
                    func.sum(case((recorded, Billing.amount_minor), else_=_bound(0))),
                ).where(
                    Billing.member_id == member_id,
                    Billing.currency == currency,
                    Billing.billed_on >= window_start(today, 12),
                    Billing.billed_on <= today,
                )
            )
        )
        return (
            first_on,
            from_minor_units(_int(earned), currency),
            RecordedFees(
                fees=from_minor_units(_int(fees), currency),
                billed=from_minor_units(_int(billed_with_fee), currency),
            ),
        )

    async def _client_months(
        self, member_id: int, currency: str, today: date
    ) -> tuple[tuple[ClientMonth, ...], tuple[ClientLifetime, ...]]:
        """Per-client monthly sums over the chart's months, and those clients' earlier totals.

        A client's total before the chart is its lifetime total (summed per contract from the
        index alone) less what it was billed from the chart's first month on, so no billing older
        than the chart is read from the table.
        """
        first_month = chart_months(today)[0]
        year, month = extract("year", Billing.billed_on), extract("month", Billing.billed_on)
        on_contract = and_(
            Contract.id == Billing.contract_id, Contract.member_id == Billing.member_id
        )
        from_first_month = and_(
            Billing.member_id == member_id,
            Billing.currency == currency,
            Billing.billed_on >= first_month,
        )
        monthly = await self.unit.rows(
            select(Contract.client_id, year, month, func.sum(Billing.amount_minor))
            .join(Contract, on_contract)
            .where(from_first_month, Billing.billed_on <= today)
            .group_by(Contract.client_id, year, month)
        )
        client_months = tuple(
            ClientMonth(
                client_id=client_id,
                month=date(int(y), int(m), 1),
                billed=from_minor_units(_int(billed), currency),
            )
            for client_id, y, m, billed in monthly
        )
        if not client_months:
            return (), ()
        # Billed from the first month on = the months above + anything dated after today.
        since_first: dict[int, int] = {}
        for entry in client_months:
            since_first[entry.client_id] = since_first.get(entry.client_id, 0) + to_minor_units(
                entry.billed, currency
            )
        # Driven from the billings' date range (rarely any row), never from the contracts.
        client_of = (
            select(Contract.client_id)
            .where(Contract.id == Billing.contract_id, Contract.member_id == Billing.member_id)
            .scalar_subquery()
        )
        for client_id, billed in await self.unit.rows(
            select(client_of, func.sum(Billing.amount_minor))
            .where(from_first_month, Billing.billed_on > today)
            .group_by(client_of)
        ):
            since_first[client_id] = since_first.get(client_id, 0) + _int(billed)
        # Lifetime per client, walking the member's contracts in client order and summing each
        # one's billings from the (member, contract, amount) index alone.
        lifetime = await self.unit.rows(
            select(Contract.client_id, func.sum(Billing.amount_minor))
            .select_from(Contract)
            .join(Billing, on_contract)
            .where(Contract.member_id == member_id)
            .group_by(Contract.client_id)
        )
        billed_before = tuple(
            ClientLifetime(
                client_id=client_id,
                client_name="",
                lifetime_billed=from_minor_units(_int(total) - since_first[client_id], currency),
            )
            for client_id, total in lifetime
            if client_id in since_first and _int(total) > since_first[client_id]
        )
        return client_months, billed_before

    async def _month_bands(
        self, member_id: int, currency: str, schedule: FeeSchedule, today: date
    ) -> tuple[tuple[date, tuple[Decimal, ...]], ...]:
        """Each chart month's billed per band, each billing banded on its own."""
        first_month = chart_months(today)[0]
        year, month = extract("year", Billing.billed_on), extract("month", Billing.billed_on)
        bounds = _band_bounds(schedule.bands, currency)
        rows = await self.unit.rows(
            select(
                year,
                month,
                *[func.sum(in_band(Billing.amount_minor, start, end)) for start, end in bounds],
            )
            .where(
                Billing.member_id == member_id,
                Billing.currency == currency,
                Billing.billed_on >= first_month,
                Billing.billed_on <= today,
            )
            .group_by(year, month)
        )
        return tuple(
            (
                date(int(y), int(m), 1),
                tuple(from_minor_units(_int(part), currency) for part in parts),
            )
            for y, m, *parts in rows
        )
