"""The inline SQLite driver's dependence on aiosqlite's internals is checked, pinned and said."""

from __future__ import annotations

import tomllib
from pathlib import Path

import aiosqlite
import pytest
from packaging.requirements import Requirement

from db.inline_sqlite import CHECKED_AIOSQLITE, check_aiosqlite_internals

ROOT = Path(__file__).resolve().parents[2]


def test_the_installed_aiosqlite_has_what_inline_connections_rely_on() -> None:
    check_aiosqlite_internals()


def test_a_missing_internal_is_named_with_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(aiosqlite.Connection, "_connect")
    with pytest.raises(RuntimeError, match=r"has no method _connect.*Pin aiosqlite"):
        check_aiosqlite_internals()


def test_an_unchecked_release_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aiosqlite, "__version__", "0.30.0")
    with pytest.raises(RuntimeError, match=r"aiosqlite 0\.30\.0 is outside the checked releases"):
        check_aiosqlite_internals()


def test_pyproject_pins_the_checked_releases() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = [Requirement(text) for text in project["dependencies"]]
    (pin,) = [pin for pin in pins if pin.name == "aiosqlite"]
    low, high = (".".join(map(str, version)) for version in CHECKED_AIOSQLITE)
    assert str(pin.specifier) == f"<{high},>={low}"
