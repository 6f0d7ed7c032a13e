"""What each optimisation bought, as this benchmark measured it when the optimisation landed.

Kept beside the code so that the reason for each less obvious part (statements run on the event
loop's thread, reports kept in memory, a frozen garbage collector) stays next to its price, and
printed at the end of every run. The figures are from a 2-core machine at the time; other
hardware gives other numbers, and `--compare` against a saved run shows what later changes moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True)
class Optimisation:
    change: str
    # The files holding it, comma-separated.
    where: str
    figure: str
    before: str
    after: str


BOUGHT = (
    Optimisation(
        "server settings kept for a minute; common amounts formatted without Babel",
        "commands/services.py, advisor/money.py",
        "/fee throughput / ceiling's",
        "0.18",
        "0.73",
    ),
    Optimisation(
        "an interaction's SQLite statements run on the event loop's thread",
        "db/inline_sqlite.py",
        "CPU per billing, repositories alone",
        "13.4 ms",
        "5.3 ms",
    ),
    Optimisation(
        "a billing in three statements, built once",
        "db/repositories/_records.py, db/repositories/billings.py",
        "CPU per billing, repositories alone",
        "5.3 ms",
        "1.6 ms",
    ),
    Optimisation(
        "each member's momentum report kept until their records change",
        "commands/momentum/_reports.py",
        "/momentum answers per second, one member, bursts of 300",
        "22/s",
        "673/s",
    ),
    Optimisation(
        "start-up objects frozen out of the garbage collector",
        "bot/interpreter.py",
        "/momentum median latency, one call at a time",
        "3.54 ms",
        "1.44 ms",
    ),
    Optimisation(
        "new posts screened on a thread, the interpreter switching threads every 0.5 ms",
        "commands/screening/_screened.py, bot/interpreter.py",
        "/screen, 1,000 new posts at once: acknowledged after Discord's 3 s",
        "305",
        "0",
    ),
    Optimisation(
        "a job post's verdict kept for the day",
        "commands/screening/_screened.py",
        "/screen answers per second, one post, bursts of 300",
        "178/s",
        "497/s",
    ),
    Optimisation(
        "one-statement reads without a session",
        "db/database.py",
        "/momentum from the kept report, CPU in-process",
        "0.38 ms",
        "0.07 ms",
    ),
    Optimisation(
        "contracts keep their billed total, kept by triggers on billings",
        "db/migrations/versions/0005_contract_billed_totals.py",
        "/momentum at 10,000 contracts, computed, through the bot",
        "52 ms",
        "30 ms",
    ),
    Optimisation(
        "no gateway intents",
        "bot/client.py",
        "resident memory in 2,000 guilds",
        "123.8 MiB",
        "91.8 MiB",
    ),
    Optimisation(
        "a fixed pool of PostgreSQL connections",
        "db/database.py",
        "/contract bill per second, one process on PostgreSQL",
        "260/s",
        "307/s",
    ),
    Optimisation(
        "a member's billed jobs read from contract totals by index, not by scanning billings "
        "that ANALYZE had judged one member's",
        "db/repositories/clients.py",
        "/screen answers per second, the bench's seeded database, bursts of 1,000",
        "430/s",
        "1,100/s",
    ),
    Optimisation(
        "a post's rendered verdict kept with its screening",
        "commands/screening/_screened.py, commands/screening/_render.py",
        "/screen answers per second, the bench's seeded database, bursts of 1,000",
        "1,100/s",
        "1,800/s",
    ),
    Optimisation(
        "screening walks the post's words by splitting it once; whole-post patterns start with a "
        "character class the engine jumps to, or run only where a plain check finds their words",
        "advisor/redflags/patterns.py, advisor/redflags/normalise.py, "
        "advisor/redflags/client_panel.py, advisor/redflags/money.py, advisor/redflags/contact.py",
        "CPU to screen a new 4,000-character post, best of 8 alternating runs, a loaded machine",
        "2.76 ms",
        "1.98 ms",
    ),
    Optimisation(
        "quotes of plain words shown as they are, without the escapes that would leave them so",
        "commands/embeds.py",
        "a screening's embed, 15 flags quoting 21 pieces of evidence",
        "183 µs",
        "41 µs",
    ),
    Optimisation(
        "a new post answered at once while the screening thread is free, deferred first only "
        "behind a queue",
        "commands/screening/_cog.py, commands/screening/_screened.py",
        "requests per /screen answer for a new post, one call at a time",
        "2",
        "1",
    ),
    Optimisation(
        "a billing's INSERT built once, run on the session's connection",
        "db/repositories/billings.py, db/units.py",
        "CPU per billing, repositories alone",
        "1.15 ms",
        "0.80 ms",
    ),
    Optimisation(
        "one-statement reads straight on the SQLite driver, with SQLAlchemy's SQL and conversions",
        "db/inline_sqlite.py",
        "one revision or billed-jobs lookup",
        "78 µs",
        "15 µs",
    ),
    Optimisation(
        "payloads read and written with orjson (discord.py's own choice when installed)",
        "pyproject.toml",
        "/screen CPU per answer in a burst, bot and sandbox in one process",
        "1.11 ms",
        "1.02 ms",
    ),
    Optimisation(
        "plain /fee answers kept per question",
        "commands/fees/_answers.py",
        "/fee throughput / ceiling's",
        "0.80",
        "1.02",
    ),
    Optimisation(
        "inline writes take turns on one connection kept for them",
        "db/database.py",
        "Gigwise CPU per /contract bill in a burst",
        "1.38 ms",
        "1.29 ms",
    ),
    Optimisation(
        "write-ahead log checkpoints on a thread, never inside a commit",
        "db/checkpoints.py",
        "p99 of a billing one at a time, repositories alone",
        "1.5 ms",
        "1.2 ms",
    ),
    Optimisation(
        "a contract's read and a billing's insert straight on the SQLite driver",
        "db/inline_sqlite.py, db/repositories/_records.py",
        "CPU per billing, repositories alone",
        "0.77 ms",
        "0.56 ms",
    ),
    Optimisation(
        "a billing written in a transaction begun and committed on the SQLite driver, no session",
        "db/database.py, db/repositories/billings.py",
        "CPU per billing, repositories alone",
        "0.96 ms",
        "0.35 ms",
    ),
    Optimisation(
        "/contract bill reads its contract once, inside its transaction, not also in the option",
        "commands/options.py, commands/contracts/_cog.py",
        "/contract bill answers per second in bursts of 1,000",
        "470/s",
        "522/s",
    ),
    Optimisation(
        "ready without waiting for servers, which never come without the GUILDS intent",
        "bot/client.py",
        "gigwise run: process start to on_ready",
        "1.30 s",
        "0.70 s",
    ),
    Optimisation(
        "screening patterns compiled and the currency table read after ready, not at import",
        "advisor/redflags/patterns.py, advisor/ledger.py, advisor/warmup.py, bot/client.py",
        "gigwise run: process start to on_ready (a slower machine than the line above)",
        "1.75 s",
        "1.59 s",
    ),
    Optimisation(
        "a write-ahead log that stopped starting again is emptied, writers held back meanwhile",
        "db/checkpoints.py, db/database.py",
        "SQLite write-ahead log after 1,200 billings one at a time through the bot",
        "43 MB and growing",
        "under 23 MB",
    ),
    Optimisation(
        "gigwise run points discord.py at its Discord without loading the sandbox's web server",
        "bot/endpoints.py, bot/runner.py",
        "Gigwise's resident memory in 2,000 guilds",
        "80.6 MiB",
        "78.1 MiB",
    ),
    Optimisation(
        "garbage collected when no interaction is in flight, the collector's own trigger only a "
        "backstop",
        "bot/interpreter.py, bot/tree.py, bot/runner.py",
        "Gigwise's time in the collector over the interactions section (bursts of 1,000)",
        "1.7-2.3 s",
        "0.62-0.75 s",
    ),
)


def print_bought(out: TextIO) -> None:
    """The table of `BOUGHT`, after a run's figures."""
    print("\n== what each optimisation bought, measured when it landed ==", file=out)
    for item in BOUGHT:
        print(f"  {item.change} ({item.where})", file=out)
        print(f"      {item.figure}: {item.before} -> {item.after}", file=out)
