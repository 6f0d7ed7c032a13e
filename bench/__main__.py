"""`python -m bench` (or `python3 dev.py bench`): Gigwise measured against discord.py's own ceiling.

One run starts the sandbox Discord in this process and every bot in a process of its own, and
prints each figure with its goal and verdict:

  interactions  /fee, /screen (a 4,000-character post), /momentum (10,000 contracts) and
                /contract bill (a SQLite write): median and p99 latency of calls one after
                another, and answers per second in bursts, each against a bare discord.py bot
                whose one command answers a fixed embed, measured in turns with Gigwise
  start-up      `gigwise run` from process start to on_ready, what it imports at start-up,
                and the wall time of `gigwise ask "/fee 15000"`
  memory        resident memory in 2,000 guilds against a default-configured discord.py bot
  momentum      /momentum for a member with 10,000 contracts against one with 100, and again
                with 1,000,000 billings in the database
  scale-out     two processes with one shard each against one process, on PostgreSQL
  neighbour     other members' /contract bill while one member imports 100,000 rows, on
                SQLite and PostgreSQL, against the same bills with no import; and /import of
                40,000 rows for one contract, PostgreSQL against SQLite

The exit status is 1 when a goal is missed (or a figure was measured on wrong answers, or a
section broke), unless --no-fail is given; 0 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path

from bench import harness
from bench.context import DEFAULT_POSTGRES_URL
from bench.optimisations import print_bought
from bench.plan import DEFAULT, QUICK, SECTIONS
from bench.report import earlier_values, print_report, write_json


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__.rsplit("\n\n", 1)[0],
        epilog=__doc__.rsplit("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a short run (about a minute): one round, bursts of 300, no million-billing database",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures to PATH")
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="PATH",
        help="show each figure's value from an earlier run's --json file beside it",
    )
    parser.add_argument(
        "--no-fail", action="store_true", help="exit 0 even when a goal is missed: only report"
    )
    parser.add_argument(
        "--only",
        metavar="SECTIONS",
        help=f"comma-separated sections to run (default: all of {','.join(SECTIONS)})",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="record Gigwise with py-spy while each command is measured; collapsed stacks go to "
        "DIR/<command>.txt and a summary of the hot functions is printed",
    )
    parser.add_argument(
        "--postgres",
        default=DEFAULT_POSTGRES_URL,
        metavar="URL",
        help="PostgreSQL server for the scale-out section; a scratch database is created on it "
        "and dropped afterwards (default: %(default)s)",
    )
    parser.add_argument("--burst", type=int, metavar="N", help="interactions per burst")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else DEFAULT
    if args.only:
        try:
            plan = plan.only(tuple(s.strip() for s in args.only.split(",") if s.strip()))
        except ValueError as error:
            parser.error(str(error))
    if args.burst is not None:
        if args.burst < 1:
            parser.error("--burst must be at least 1")
        plan = dataclasses.replace(plan, burst=args.burst, scale_burst=args.burst)
    earlier = earlier_values(args.compare) if args.compare else None
    if args.profile is not None:
        from bench.profiling import py_spy

        if py_spy() is None:
            parser.error("--profile needs py-spy: pip install py-spy")

    report, context = asyncio.run(
        harness.run(plan, profile_dir=args.profile, postgres_url=args.postgres, quiet=args.quiet)
    )
    print_bought(sys.stdout)
    print_report(report, earlier=earlier)
    for summary in context.profiler.summaries:
        print("\n" + "\n".join(summary.lines()))
    if args.json:
        write_json(args.json, report, dataclasses.asdict(plan))
    return 1 if report.failed and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
