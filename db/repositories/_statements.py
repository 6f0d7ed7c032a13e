"""Statements whose SQL differs between SQLite and PostgreSQL: insert-unless-present and upsert.

Both rely on a UNIQUE constraint and `ON CONFLICT`, so two concurrent writers of the same row can
never both succeed, unlike a read-then-write check.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert

from db.models import Base

Row = Mapping[str, Any]


def _dialect(session: AsyncSession) -> str:
    if session.bind is None:
        raise RuntimeError("repositories need a session bound to the database's engine")
    return session.bind.dialect.name


def insert_or_ignore(
    session: AsyncSession,
    model: type[Base],
    rows: Row | Sequence[Row],
    conflict_columns: Sequence[str],
) -> Insert:
    """INSERT that silently skips rows clashing with the unique key on `conflict_columns`."""
    # One row goes in as `values(row)`, not as a list of one: SQLAlchemy caches the compiled
    # form of the first and compiles the multi-row form again on every execution.
    values: Row | list[Row] = (
        dict(rows) if isinstance(rows, Mapping) else [dict(row) for row in rows]
    )
    if _dialect(session) == "postgresql":
        return (
            postgresql.insert(model)
            .values(values)
            .on_conflict_do_nothing(index_elements=list(conflict_columns))
        )
    return (
        sqlite.insert(model)
        .values(values)
        .on_conflict_do_nothing(index_elements=list(conflict_columns))
    )


@functools.cache
def prepared_insert_or_ignore(
    dialect: str,
    model: type[Base],
    columns: tuple[str, ...],
    conflict_columns: tuple[str, ...],
    returning: str,
) -> Insert:
    """`insert_or_ignore` of one row, its values bound by column name when it runs, returning
    the `returning` column of the row inserted (none when the row was skipped).

    Built once per dialect: on the path of a command, building and fingerprinting an INSERT for
    SQLAlchemy's statement cache cost more than running it.
    """
    table = model.__table__
    values = {column: bindparam(column, type_=table.c[column].type) for column in columns}
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert(model)
        .values(values)
        .on_conflict_do_nothing(index_elements=list(conflict_columns))
        .returning(table.c[returning])
    )


def upsert(
    session: AsyncSession, model: type[Base], row: Row, key_columns: Sequence[str]
) -> Insert:
    """INSERT, or UPDATE every other column of the row already holding this key."""
    changed = [column for column in row if column not in key_columns]
    if _dialect(session) == "postgresql":
        pg_statement = postgresql.insert(model).values(dict(row))
        return pg_statement.on_conflict_do_update(
            index_elements=list(key_columns),
            set_={column: pg_statement.excluded[column] for column in changed},
        )
    lite_statement = sqlite.insert(model).values(dict(row))
    return lite_statement.on_conflict_do_update(
        index_elements=list(key_columns),
        set_={column: lite_statement.excluded[column] for column in changed},
    )
