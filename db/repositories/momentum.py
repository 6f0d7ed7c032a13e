"""The momentum report's inputs and chart data, from bounded queries and aggregates only.

Nothing here loads a member's history row by row: the report takes seven statements whatever the
history, each returning a handful of rows (at most one per day and signal for the last 180 days),
and its inputs are the same size for a member with ten contracts as for one with 10,000 and a
million billings. Every statement is scoped by member id and, where it reads a time range, by an
indexed date (the indexes come with revision 0003):

- the review window: the last 10 rated jobs (`ORDER BY ended_on DESC, id DESC LIMIT 10`);
- lifetime billing: per-client totals (each contract's total, kept by the database) summed into
  job, client and repeat-client counts and the total; and the clients whose latest contract is
  priced by a schedule tiered per client, with their totals, for the nearest next bands;
- the fees paid: the stored fees summed by the rate each billing paid (in half percents), and
  in all;
- ranking signals: per-day counts over the last 180 days of jobs started, repeat hires, billings,
  5-star completions and logged events, in one `UNION ALL`; and the last day of each own action;
- the Job Success Score estimate: one pass over the jobs that ended in the last 24 months, each
  job's size and outcome worked out once, then conditional sums for the 6, 12 and 24 months;
- the last 12 months: the first contract's start, the amount billed and the fees recorded.

Lifetime totals and fees are the parts whose cost grows with the member's history (they are sums
over every billing); everything else reads a fixed window.

Money figures cover the member's clients in one currency (the one most of their clients use,
unless the caller names one); the others are named in the inputs so the report can say so.
The rules for outcomes, rates and windows come from `advisor.momentum`; this module only turns
them into SQL. Nothing here depends on the server's settings: the fees are the ones stored.
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
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, aliased

from advisor.fees import SCHEDULES, fee_tier
from advisor.ledger import (
    DEFAULT_CURRENCY,
    ContractStatus,
    from_minor_units,
    normalise_currency,
    to_minor_units,
)
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
    EventKind,
    JssWindowTotals,
    LastDone,
    LifetimeBilling,
    MomentumChart,
    MomentumInputs,
    MomentumReport,
    MonthRate,
    PaidRate,
    RatedJob,
    RecordedFees,
    Signal,
    SignalHistory,
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
        self, member_id: int, today: date, *, currency: str | None = None
    ) -> MomentumReport:
        """The member's momentum report for `today` (inputs and report in one call)."""
        gathered = await self.inputs(member_id, today, currency=currency)
        return build_momentum_report(gathered, today=today)

    async def inputs(
        self, member_id: int, today: date, *, currency: str | None = None
    ) -> MomentumInputs:
        """Everything the report needs about the member as of `today`.

        `currency` picks which clients' money is counted (default: the member's main currency).
        """
        member_id = checked_snowflake(member_id)
        main, others = await self._currencies(member_id, currency, DEFAULT_CURRENCY)
        lifetime, client_counts = await self._clients(member_id, main)
        first_contract_on, earned, recorded_fees = await self._last_year(member_id, main, today)
        paid_rates, lifetime_fees = await self._paid_rates(member_id, main)
        return MomentumInputs(
            currency=main,
            other_currencies=others,
            latest_reviews=await self._rated_jobs(member_id, today, REVIEW_WINDOW_SIZE),
            lifetime=lifetime,
            client_counts=client_counts,
            clients_near_next_tier=await self._tiered_clients(member_id, main),
            signals=await self._signals(member_id, today),
            last_done=await self._last_done(member_id, today),
            jss_windows=await self._jss_windows(member_id, main, today),
            first_contract_on=first_contract_on,
            earned_last_12_months=earned,
            recorded_fees_last_12_months=recorded_fees,
            paid_rates=paid_rates,
            lifetime_fees=lifetime_fees,
        )

    async def chart_data(
        self, member_id: int, today: date, *, currency: str | None = None
    ) -> MomentumChart:
        """The chart's numbers: the last 50 ratings and 24 months of billings by the rate paid."""
        member_id = checked_snowflake(member_id)
        main, _ = await self._currencies(member_id, currency, DEFAULT_CURRENCY)
        chart_inputs = ChartInputs(
            currency=main,
            ratings=await self._rated_jobs(member_id, today, CHART_RATINGS),
            month_rates=await self._month_rates(member_id, main, today),
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

    async def _clients(self, member_id: int, currency: str) -> tuple[LifetimeBilling, ClientCounts]:
        """Lifetime sums and client counts, in one statement.

        Contracts' totals (kept by the database, revision 0005) are summed per client from the
        (member, client, total) index alone.
        """
        hired = (
            select(
                Contract.client_id.label("client_id"),
                func.count().label("contracts"),
                func.sum(case((Contract.billed_minor > 0, 1), else_=0)).label("jobs"),
                func.sum(Contract.billed_minor).label("total"),
            )
            .where(Contract.member_id == member_id)
            .group_by(Contract.client_id)
            .subquery()
        )
        per_client = (
            select(hired.c.contracts, hired.c.jobs, hired.c.total)
            .join(Client, Client.id == hired.c.client_id)
            .where(Client.member_id == member_id, Client.currency == currency)
            .subquery()
        )
        total = per_client.c.total
        row = _one(
            await self.unit.first(
                select(
                    func.count(),
                    func.sum(case((total > 0, 1), else_=0)),
                    func.sum(per_client.c.jobs),
                    func.sum(total),
                    func.sum(case((per_client.c.contracts >= 2, 1), else_=0)),
                )
            )
        )
        clients, billed_clients, jobs, lifetime_total, repeat = row
        lifetime = LifetimeBilling(
            jobs=_int(jobs),
            clients=_int(billed_clients),
            total=from_minor_units(_int(lifetime_total), currency),
        )
        return lifetime, ClientCounts(clients=_int(clients), repeat_clients=_int(repeat))

    async def _tiered_clients(self, member_id: int, currency: str) -> tuple[ClientLifetime, ...]:
        """Clients whose latest contract is priced by a schedule tiered per client, with their
        lifetime billed: the few whose next band is nearest."""
        tiered = [
            key
            for key, schedule in SCHEDULES.items()
            if schedule.per_client and len(schedule.bands) > 1
        ]
        newer = aliased(Contract)
        latest_terms = (
            select(Contract.client_id, Contract.fee_schedule)
            .where(
                Contract.member_id == member_id,
                Contract.fee_schedule.in_(tiered),
                ~exists().where(
                    newer.member_id == Contract.member_id,
                    newer.client_id == Contract.client_id,
                    newer.id > Contract.id,
                ),
            )
            .subquery()
        )
        rows = await self.unit.rows(
            select(
                Client.id,
                Client.name,
                latest_terms.c.fee_schedule,
                select(func.coalesce(func.sum(Contract.billed_minor), 0))
                .where(Contract.member_id == member_id, Contract.client_id == Client.id)
                .scalar_subquery()
                .label("lifetime"),
            )
            .join(latest_terms, latest_terms.c.client_id == Client.id)
            .where(Client.member_id == member_id, Client.currency == currency)
        )
        candidates = []
        for row in rows:
            client = ClientLifetime(
                client_id=row.id,
                client_name=row.name,
                lifetime_billed=from_minor_units(_int(row.lifetime), currency),
                schedule_key=row.fee_schedule,
            )
            tier = fee_tier(SCHEDULES[client.schedule_key], max(client.lifetime_billed, Decimal(0)))
            if tier.next_band is not None:
                candidates.append((tier.next_band.remaining, client.client_name, client))
        candidates.sort(key=lambda found: (found[0], found[1], found[2].client_id))
        return tuple(client for _, _, client in candidates[:CLIENTS_NEAR_NEXT_TIER])

    def _rate_bucket(self) -> Any:
        """Each billing's rate of fee in half percents (the fee is rounded to the cent, so the
        exact quotient is not a rate anyone was charged), by integer arithmetic on both backends."""
        return (Billing.fee_charged_minor * 200 + Billing.amount_minor // 2) // Billing.amount_minor

    async def _paid_rates(
        self, member_id: int, currency: str
    ) -> tuple[tuple[PaidRate, ...], RecordedFees]:
        """Money billed at each rate of fee paid, and every stored fee with what it was on."""
        bucket = self._rate_bucket().label("bucket")
        mine = and_(Billing.member_id == member_id, Billing.currency == currency)
        rows = await self.unit.rows(
            select(bucket, func.sum(Billing.amount_minor), func.sum(Billing.fee_charged_minor))
            .where(mine, Billing.amount_minor > 0, Billing.fee_charged_minor.is_not(None))
            .group_by(bucket)
        )
        paid = [
            PaidRate(
                rate=Decimal(_int(half_percents)) / 200,
                billed=from_minor_units(_int(billed), currency),
                fees=from_minor_units(_int(fees), currency),
            )
            for half_percents, billed, fees in rows
        ]
        unknown, fees, billed_with_fee = _one(
            await self.unit.first(
                select(
                    func.sum(
                        case(
                            (
                                and_(Billing.fee_charged_minor.is_(None), Billing.amount_minor > 0),
                                Billing.amount_minor,
                            ),
                            else_=_bound(0),
                        )
                    ),
                    func.sum(Billing.fee_charged_minor),
                    func.sum(
                        case(
                            (Billing.fee_charged_minor.is_not(None), Billing.amount_minor),
                            else_=_bound(0),
                        )
                    ),
                ).where(mine)
            )
        )
        if _int(unknown):
            paid.append(PaidRate(None, from_minor_units(_int(unknown), currency), Decimal(0)))
        lifetime_fees = RecordedFees(
            fees=from_minor_units(_int(fees), currency),
            billed=from_minor_units(_int(billed_with_fee), currency),
        )
        return tuple(paid), lifetime_fees

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

    async def _month_rates(
        self, member_id: int, currency: str, today: date
    ) -> tuple[MonthRate, ...]:
        """Each chart month's billings by the rate of fee they paid."""
        first_month = chart_months(today)[0]
        year, month = extract("year", Billing.billed_on), extract("month", Billing.billed_on)
        known = Billing.fee_charged_minor.is_not(None)
        bucket = case((known, self._rate_bucket()), else_=literal(-1, BigInteger)).label("bucket")
        rows = await self.unit.rows(
            select(year, month, bucket, func.sum(Billing.amount_minor))
            .where(
                Billing.member_id == member_id,
                Billing.currency == currency,
                Billing.amount_minor > 0,
                Billing.billed_on >= first_month,
                Billing.billed_on <= today,
            )
            .group_by(year, month, bucket)
        )
        return tuple(
            MonthRate(
                month=date(int(y), int(m), 1),
                rate=None if _int(half_percents) < 0 else Decimal(_int(half_percents)) / 200,
                billed=from_minor_units(_int(billed), currency),
            )
            for y, m, half_percents, billed in rows
        )
