"""Tests for advisor.warmup: what start-up puts off is ready once warmed up."""

from __future__ import annotations

import subprocess
import sys

from advisor.ledger import known_currencies
from advisor.redflags import patterns
from advisor.warmup import warm_up


def test_warming_up_compiles_the_patterns_and_reads_the_currencies() -> None:
    patterns._tables.cache_clear()
    known_currencies.cache_clear()
    warm_up()
    assert patterns._tables.cache_info().currsize == 1
    assert known_currencies.cache_info().currsize == 1


def test_importing_the_screener_compiles_nothing_yet() -> None:
    # In a fresh interpreter: this one has screened posts already.
    check = (
        "import advisor.redflags, advisor.ledger\n"
        "from advisor.redflags import patterns\n"
        "print(patterns._tables.cache_info().currsize,"
        " advisor.ledger.known_currencies.cache_info().currsize)"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "0"]


def test_a_screening_compiles_the_patterns_when_nothing_warmed_them_up() -> None:
    patterns._tables.cache_clear()
    patterns.find_phrases("no red flags here")
    assert patterns._tables.cache_info().currsize == 1
