"""The noisy-neighbour section: its made-up statements, its figures, and a tiny run of it."""

from __future__ import annotations

from advisor.upwork_csv import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, parse_upwork_csv
from bench import harness
from bench.driver import CpuUse
from bench.neighbour import (
    P99_GOAL,
    RATIO_GOAL,
    BackendResult,
    Bills,
    Imported,
    backend_figures,
    ratio_figure,
)
from bench.plan import DEFAULT, QUICK, TINY
from bench.statements import client_name, statement_csv


def test_a_statement_is_read_by_the_importer_as_one_contract_per_client() -> None:
    parsed = parse_upwork_csv(statement_csv(1_000, clients=3), "statements.csv")
    assert len(parsed.billings) == 1_000
    assert {b.client for b in parsed.billings} == {client_name(n) for n in range(3)}
    assert {b.contract_title for b in parsed.billings} == {None}
    assert len({b.key for b in parsed.billings}) == 1_000
    assert parsed.skipped == {}


def test_the_largest_statement_fits_the_importers_limits() -> None:
    content = statement_csv(DEFAULT.neighbour_import_rows, clients=DEFAULT.neighbour_import_clients)
    assert DEFAULT.neighbour_import_rows <= MAX_IMPORT_ROWS
    assert len(content) <= MAX_IMPORT_BYTES
    assert len(parse_upwork_csv(content, "statements.csv").billings) == MAX_IMPORT_ROWS


def test_statements_of_two_members_share_no_key() -> None:
    first = parse_upwork_csv(statement_csv(100, first_ref_id=1_000_000))
    second = parse_upwork_csv(statement_csv(100, first_ref_id=5_000_000))
    assert not {b.key for b in first.billings} & {b.key for b in second.billings}


def test_quick_runs_import_less() -> None:
    assert QUICK.neighbour_import_rows < DEFAULT.neighbour_import_rows
    assert QUICK.single_contract_rows < DEFAULT.single_contract_rows
    assert DEFAULT.single_contract_rows == 40_000


def _bills(latencies: list[float], **counts: int) -> Bills:
    return Bills(latencies=latencies, cpu=CpuUse(), **counts)


def test_busy_and_late_bills_miss_their_goals_without_invalidating_the_latency() -> None:
    result = BackendResult(
        "SQLite",
        quiet=_bills([0.01] * 100),
        one_contract=Imported(100, 1.0, True),
        noisy_import=Imported(1_000, 40.0, True),
        during=_bills([0.01] * 97 + [31.0] * 3, busy=3, late=1, lost=1),
    )
    p99, quiet, busy, late = backend_figures(result, 1_000, 2)
    assert (p99.value, p99.goal, p99.verdict) == (31.0, P99_GOAL, "MISSED")
    assert "with no import: p99 0.010 s" in p99.detail
    assert quiet.verdict == ""
    assert (busy.value, busy.verdict) == (3, "MISSED")
    assert (late.value, late.verdict) == (2, "MISSED")


def test_a_failed_import_invalidates_the_figure_measured_beside_it() -> None:
    result = BackendResult(
        "PostgreSQL",
        quiet=_bills([0.01]),
        one_contract=Imported(100, 1.0, True),
        noisy_import=Imported(1_000, None, False, "Gigwise is busy"),
        during=_bills([0.01]),
    )
    p99 = backend_figures(result, 1_000, 2)[0]
    assert p99.verdict == "INVALID"
    assert "the import failed (Gigwise is busy)" in p99.detail


def test_the_ratio_is_postgres_time_over_sqlite_time() -> None:
    figure = ratio_figure(Imported(40_000, 10.0, True), Imported(40_000, 25.0, True))
    assert (figure.value, figure.goal, figure.verdict) == (2.5, RATIO_GOAL, "ok")
    missing = ratio_figure(Imported(40_000, 10.0, True), Imported(40_000, None, False))
    assert missing.verdict == "n/a"


async def test_a_tiny_run_measures_sqlite_and_says_why_postgres_is_missing() -> None:
    report, _ = await harness.run(
        TINY.only(("neighbour",)),
        postgres_url="postgresql+asyncpg://nobody@127.0.0.1:1/none",
        quiet=True,
    )
    figures = {f.key: f for f in report.figures}
    assert [f for f in report.figures if f.error or f.wrong_answers] == []
    assert figures["neighbour.sqlite.bill_p99_without_import"].value is not None
    assert figures["neighbour.import_one_contract.sqlite_seconds"].value is not None
    assert figures["neighbour.postgresql.bill_p99_during_import"].verdict == "n/a"
    assert (
        "cannot reach PostgreSQL" in figures["neighbour.postgresql.bill_p99_during_import"].detail
    )
