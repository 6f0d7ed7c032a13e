"""Noisy neighbours: what one member's large import costs every other member, on each backend.

For SQLite and then PostgreSQL, one Gigwise process is started on a database of its own, with
members who each have an active contract to bill. Those members bill from a few streams at once
(each call as soon as the stream's last one was answered, after a short pause):

1. with nothing else going on, for `neighbour_calls` calls: the figure to compare against;
2. while one member imports `single_contract_rows` rows for one contract (timed alone);
3. while another member imports `neighbour_import_rows` rows over several clients, for as long
   as that import takes: the noisy-neighbour figure.

Both imports go through `/import` with the statement uploaded as a member uploads it, so what is
measured is whatever import the bot has. The goals: other members' p99 under a second while the
large import runs, no "busy" answer, every interaction acknowledged within Discord's 3 seconds;
and PostgreSQL's one-contract import within three times SQLite's.
"""

from __future__ import annotations

import asyncio
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bench.calls import CommandCall, bill_call, import_call
from bench.context import BOT_TOKEN, RunContext
from bench.driver import ANSWER_DEADLINE, CpuUse, Driver, cpu_meter, noise, percentile
from bench.postgres import PostgresUnavailable, scratch_database, server_pids
from bench.processes import start_gigwise
from bench.report import Figure, Goal, unavailable
from bench.seeding import billing_members, seed_active_contracts
from bench.statements import statement_csv
from bot.sandbox import AnsweredTooLate, SandboxDiscord, SandboxTimeout

SECTION = "neighbour"
# Members billing while the import runs, and the streams they bill from at once: a busy server's
# trickle of bills, not a burst (the interactions section measures bursts).
BILLING_MEMBERS = 40
STREAMS = 4
PAUSE = 0.05
# A bill that waits for the database gives up after the bot's lock wait (30 s) with "busy".
BILL_TIMEOUT = 60.0
# Long enough for an import that grows with the square of its rows to show it rather than fail.
IMPORT_TIMEOUT = 1_800.0
SINGLE_IMPORTER = 320_000_000_000_000_001
NOISY_IMPORTER = 320_000_000_000_000_002

P99_GOAL = Goal("<", 1.0)
NONE_GOAL = Goal("<=", 0)
RATIO_GOAL = Goal("<=", 3.0)
RATIO_KEY = "neighbour.import_one_contract.postgres_over_sqlite"


@dataclass
class Bills:
    """Other members' /contract bill calls over one stretch of time."""

    latencies: list[float] = field(default_factory=list)
    # Answered, but refused for a reason other than the database being busy.
    wrong: int = 0
    busy: int = 0
    # Acknowledged after Discord's deadline, or refused by the sandbox for being late.
    late: int = 0
    # Of those, the ones refused: their latency is unknown, and counts as the deadline itself (a
    # lower bound), so that a stall long enough to lose calls still shows in the percentiles.
    refused: int = 0
    # Never answered at all within BILL_TIMEOUT.
    lost: int = 0
    cpu: CpuUse = field(default_factory=CpuUse)

    @property
    def calls(self) -> int:
        return len(self.latencies) + self.lost

    @property
    def p99(self) -> float | None:
        return percentile(self.latencies, 0.99) if self.latencies else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.latencies) if self.latencies else None

    def summary(self) -> str:
        if not self.latencies:
            return f"no call answered of {self.calls}"
        return (
            f"p99 {self.p99:.3f} s, median {self.median:.3f} s over {self.calls:,} calls"
            + (f", {self.busy} busy" if self.busy else "")
            + (f", {self.late} late" if self.late else "")
            + (f", {self.lost} lost" if self.lost else "")
        )


@dataclass(frozen=True)
class Imported:
    """One /import: seconds from dispatch to the answer, and whether it was a real one."""

    rows: int
    seconds: float | None
    ok: bool
    answer: str = ""


@dataclass(frozen=True)
class BackendResult:
    name: str
    quiet: Bills
    one_contract: Imported
    noisy_import: Imported
    during: Bills


def _busy_answers(driver: Driver) -> int:
    return sum(n for gist, n in driver.wrong_answers.items() if "busy" in gist.casefold())


async def _bill_stream(
    driver: Driver, call: CommandCall, bills: Bills, more: Callable[[], bool]
) -> None:
    while more():
        busy_before = _busy_answers(driver)
        try:
            ok, latency, acknowledged = await driver.timed_call(call, BILL_TIMEOUT)
        except AnsweredTooLate:
            bills.late += 1
            bills.refused += 1
            bills.latencies.append(ANSWER_DEADLINE)
            continue
        except SandboxTimeout:
            bills.lost += 1
            continue
        bills.latencies.append(latency)
        bills.late += acknowledged > ANSWER_DEADLINE
        if not ok:
            if _busy_answers(driver) > busy_before:
                bills.busy += 1
            else:
                bills.wrong += 1
        await asyncio.sleep(PAUSE)


async def _bills_while(driver: Driver, call: CommandCall, more: Callable[[], bool]) -> Bills:
    bills = Bills()
    with cpu_meter(driver.bot_pids, driver.database_pids) as cpu:
        await asyncio.gather(*(_bill_stream(driver, call, bills, more) for _ in range(STREAMS)))
    bills.cpu = cpu[0]
    return bills


async def _import(
    driver: Driver, member_id: int, rows: int, clients: int, first_ref: int
) -> Imported:
    statement = statement_csv(rows, clients=clients, first_ref_id=first_ref)
    call = import_call(member_id, statement)
    wrong_before = Counter(driver.wrong_answers)
    try:
        # Its answer says where it waits and how far it got, then gives the result as an embed.
        ok, seconds = await driver.timed_job(call, lambda reply: bool(reply.embeds), IMPORT_TIMEOUT)
    except (AnsweredTooLate, SandboxTimeout) as error:
        return Imported(rows, None, False, str(error))
    said = driver.wrong_answers - wrong_before
    return Imported(rows, seconds, ok, "" if ok else ", ".join(said))


async def _measure_backend(
    context: RunContext, name: str, database_url: str, database_pids: Callable[[], Sequence[int]]
) -> BackendResult:
    plan = context.plan
    context.progress(f"neighbour: seeding {name}")
    contracts = await seed_active_contracts(database_url, billing_members(BILLING_MEMBERS))
    bill = bill_call(contracts)
    async with SandboxDiscord(token=BOT_TOKEN) as sandbox:
        bot = await start_gigwise(
            f"gigwise ({name})",
            token=BOT_TOKEN,
            api_url=sandbox.api_url,
            gateway_url=sandbox.gateway_url,
            data_dir=context.scratch(f"neighbour-{name.lower()}"),
            database_url=database_url,
        )
        try:
            await bot.wait_ready()
            driver = Driver(sandbox, [bot.pid], database_pids)
            await driver.warm_up(bill, plan.warmup)
            context.progress(f"neighbour: {name}, bills with no import")
            quiet_left = iter(range(plan.neighbour_calls))
            quiet = await _bills_while(driver, bill, lambda: next(quiet_left, None) is not None)

            context.progress(f"neighbour: {name}, {plan.single_contract_rows:,} rows, one contract")
            one_contract = await _import(
                driver, SINGLE_IMPORTER, plan.single_contract_rows, 1, 1_000_000
            )

            context.progress(
                f"neighbour: {name}, bills while a member imports "
                f"{plan.neighbour_import_rows:,} rows"
            )
            importing = asyncio.create_task(
                _import(
                    driver,
                    NOISY_IMPORTER,
                    plan.neighbour_import_rows,
                    plan.neighbour_import_clients,
                    5_000_000,
                )
            )
            during = await _bills_while(driver, bill, lambda: not importing.done())
            noisy_import = await importing
        finally:
            await bot.stop()
    return BackendResult(name, quiet, one_contract, noisy_import, during)


def _key(name: str) -> str:
    return name.lower()


def backend_figures(result: BackendResult, plan_rows: int, clients: int) -> list[Figure]:
    """The noisy-neighbour figures of one backend: p99 while importing (with and without), busy
    answers and late acknowledgements while importing, and the import's own time."""
    key, name = _key(result.name), result.name
    during, quiet, noisy = result.during, result.quiet, result.noisy_import
    import_said = (
        f"the import took {noisy.seconds:.1f} s"
        if noisy.seconds is not None and noisy.ok
        else f"the import failed ({noisy.answer or 'no answer'})"
    )
    what = f"while a member imported {plan_rows:,} rows over {clients} clients"
    return [
        Figure(
            SECTION,
            f"neighbour.{key}.bill_p99_during_import",
            f"{name}: others' /contract bill p99, {plan_rows:,}-row import running",
            during.p99,
            " s",
            P99_GOAL,
            f"{during.summary()} {what} ({import_said}); with no import: {quiet.summary()}"
            + noise(during.cpu),
            during.wrong + quiet.wrong + (0 if noisy.ok else 1),
        ),
        Figure(
            SECTION,
            f"neighbour.{key}.bill_p99_without_import",
            f"{name}: others' /contract bill p99, no import",
            quiet.p99,
            " s",
            None,
            quiet.summary() + noise(quiet.cpu),
        ),
        Figure(
            SECTION,
            f"neighbour.{key}.busy_during_import",
            f"{name}: 'busy' answers, import running",
            float(during.busy),
            "",
            NONE_GOAL,
            f"of {during.calls:,} bills {what}",
        ),
        Figure(
            SECTION,
            f"neighbour.{key}.late_during_import",
            f"{name}: acknowledged after {ANSWER_DEADLINE:g} s, import running",
            float(during.late + during.lost),
            "",
            NONE_GOAL,
            f"{during.late} acknowledged late ({during.refused} of them refused, counted in "
            f"the latencies as {ANSWER_DEADLINE:g} s), {during.lost} never answered, of "
            f"{during.calls:,} bills {what}",
        ),
    ]


def _import_figure(result: BackendResult) -> Figure:
    imported = result.one_contract
    return Figure(
        SECTION,
        f"neighbour.import_one_contract.{_key(result.name)}_seconds",
        f"{result.name}: /import, {imported.rows:,} rows, one contract",
        imported.seconds,
        " s",
        None,
        "" if imported.ok else f"the import failed: {imported.answer or 'no answer'}",
        0 if imported.ok else 1,
    )


def ratio_figure(sqlite: Imported, postgres: Imported) -> Figure:
    label = f"PostgreSQL / SQLite: /import, {sqlite.rows:,} rows, one contract"
    if not (sqlite.ok and postgres.ok) or not sqlite.seconds or postgres.seconds is None:
        return Figure(
            SECTION,
            RATIO_KEY,
            label,
            None,
            detail="not measured: an import failed (see its figure)",
        )
    return Figure(
        SECTION,
        RATIO_KEY,
        label,
        postgres.seconds / sqlite.seconds,
        "x",
        RATIO_GOAL,
        f"PostgreSQL {postgres.seconds:.1f} s, SQLite {sqlite.seconds:.1f} s",
    )


async def measure(context: RunContext) -> None:
    plan = context.plan
    rows, clients = plan.neighbour_import_rows, plan.neighbour_import_clients
    sqlite_url = f"sqlite+aiosqlite:///{context.scratch('neighbour-sqlite') / 'gigwise.sqlite3'}"
    sqlite = await _measure_backend(context, "SQLite", sqlite_url, tuple)
    context.report.add(*backend_figures(sqlite, rows, clients), _import_figure(sqlite))
    results = [sqlite]
    try:
        async with scratch_database(context.postgres_url) as database_url:
            postgres = await _measure_backend(context, "PostgreSQL", database_url, server_pids)
    except PostgresUnavailable as error:
        reason = f"not available: {error}"
        context.report.add(
            unavailable(
                SECTION,
                "neighbour.postgresql.bill_p99_during_import",
                "PostgreSQL: others' /contract bill p99, import running",
                reason,
            ),
            unavailable(SECTION, RATIO_KEY, "PostgreSQL / SQLite: /import, one contract", reason),
        )
    else:
        results.append(postgres)
        context.report.add(
            *backend_figures(postgres, rows, clients),
            _import_figure(postgres),
            ratio_figure(sqlite.one_contract, postgres.one_contract),
        )
    context.report.details[SECTION] = {
        result.name: {
            "quiet_p99_s": result.quiet.p99,
            "during_p99_s": result.during.p99,
            "during_calls": result.during.calls,
            "one_contract_import_s": result.one_contract.seconds,
            "noisy_import_s": result.noisy_import.seconds,
        }
        for result in results
    }
