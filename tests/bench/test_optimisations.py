"""The record of what each optimisation bought: complete entries, printed in full."""

from __future__ import annotations

import io
from pathlib import Path

from bench.optimisations import BOUGHT, print_bought

ROOT = Path(__file__).resolve().parents[2]


def test_every_entry_names_files_that_exist() -> None:
    for item in BOUGHT:
        for path in item.where.split(","):
            assert (ROOT / path.strip()).is_file(), f"{item.change}: no {path.strip()}"


def test_every_entry_has_both_figures() -> None:
    for item in BOUGHT:
        assert (item.change, item.figure) != ("", "")
        assert item.before != item.after


def test_every_entry_is_printed() -> None:
    out = io.StringIO()
    print_bought(out)
    printed = out.getvalue()
    assert all(f"{item.before} -> {item.after}" in printed for item in BOUGHT)
