"""How much a benchmark run measures: the counts behind the default, `--quick` and test runs.

The default run is sized to finish in about five minutes on two cores; `--quick` in about one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

SECTIONS = ("interactions", "startup", "memory", "momentum", "scale-out", "neighbour")


@dataclass(frozen=True)
class Plan:
    """Counts for one run; every section reads only its own."""

    # Interactions: each round runs, for the ceiling and then Gigwise, `sequential` calls one
    # after the other and one burst of `burst` calls dispatched at once.
    rounds: int = 2
    warmup: int = 40
    sequential: int = 200
    burst: int = 1_000
    # Start-up: timed starts of `gigwise run`, and runs of `gigwise ask "/fee 15000"`.
    cold_starts: int = 3
    asks: int = 3
    # A bare discord.py bot's start to on_ready, for comparison.
    reference_start: bool = True
    # Memory: guilds the bot is in when its resident memory is read; with `memory_baselines`,
    # each bot is also measured in one guild, and a bare discord.py bot is measured as well.
    guilds: int = 2_000
    memory_baselines: bool = True
    # Momentum: contracts of the small and the large member, timed calls each, and billings
    # seeded across other members for the "full database" figure (0 skips it).
    small_member_contracts: int = 100
    large_member_contracts: int = 10_000
    momentum_calls: int = 20
    database_billings: int = 1_000_000
    # Scale-out: rounds of (one process, two processes), each measured with one burst.
    scale_rounds: int = 2
    scale_burst: int = 500
    # Neighbour: other members' /contract bill, `neighbour_calls` calls with no import, then for
    # as long as one member's import of `neighbour_import_rows` rows (over
    # `neighbour_import_clients` clients) takes; and an import of `single_contract_rows` rows for
    # one contract, on SQLite and on PostgreSQL.
    neighbour_import_rows: int = 100_000
    neighbour_import_clients: int = 20
    neighbour_calls: int = 200
    single_contract_rows: int = 40_000
    sections: tuple[str, ...] = SECTIONS

    def only(self, sections: tuple[str, ...]) -> Plan:
        unknown = sorted(set(sections) - set(SECTIONS))
        if unknown:
            raise ValueError(
                f"unknown section(s) {', '.join(unknown)}; known: {', '.join(SECTIONS)}"
            )
        return replace(self, sections=tuple(s for s in SECTIONS if s in sections))


DEFAULT = Plan()

QUICK = Plan(
    rounds=1,
    warmup=20,
    sequential=100,
    burst=300,
    cold_starts=1,
    asks=1,
    reference_start=False,
    guilds=2_000,
    memory_baselines=False,
    momentum_calls=8,
    database_billings=0,
    scale_rounds=1,
    scale_burst=300,
    neighbour_import_rows=20_000,
    neighbour_calls=100,
    single_contract_rows=10_000,
)

# For the harness's own tests: every piece runs, none of it long enough to mean anything.
TINY = Plan(
    rounds=1,
    warmup=2,
    sequential=5,
    burst=10,
    cold_starts=1,
    asks=1,
    guilds=3,
    small_member_contracts=2,
    large_member_contracts=5,
    momentum_calls=2,
    database_billings=0,
    scale_rounds=1,
    scale_burst=10,
    neighbour_import_rows=200,
    neighbour_import_clients=2,
    neighbour_calls=10,
    single_contract_rows=100,
)
