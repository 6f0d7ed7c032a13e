"""Client warnings and their moderation log: filed by members, reviewed by a server's moderators.

Every query names the server: a warning, a review or a log line of one server is never reached
from another, whatever id a command is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update

from advisor.community.names import client_key
from advisor.community.warnings import (
    ClientWarning,
    DuplicateWarning,
    ModerationEntry,
    ModerationKind,
    UnknownClient,
    WarningForModerators,
    WarningReason,
    WarningStatus,
)
from advisor.ledger import clean_client_name
from db.models import ClientWarning as WarningRow
from db.models import ModerationAction
from db.repositories._scope import Repository, UnitT, checked_snowflake, ensure_member
from db.units import Prepared, Reads, Writes

WARNING_COLUMNS = (
    WarningRow.id,
    WarningRow.guild_id,
    WarningRow.client_name,
    WarningRow.client_key,
    WarningRow.profile_link,
    WarningRow.reasons,
    WarningRow.details,
    WarningRow.share_details,
    WarningRow.status,
    WarningRow.filed_on,
)
_APPROVED_IN = Prepared(
    select(*WARNING_COLUMNS)
    .where(
        WarningRow.guild_id == bindparam("guild_id"),
        WarningRow.status == WarningStatus.APPROVED.value,
    )
    .order_by(WarningRow.id)
)


def warning_record(row: Any) -> ClientWarning:
    return ClientWarning(
        id=row.id,
        guild_id=row.guild_id,
        client_name=row.client_name,
        client_key=row.client_key,
        profile_link=row.profile_link,
        reasons=tuple(WarningReason[name] for name in row.reasons.split(",") if name),
        details=row.details,
        share_details=bool(row.share_details),
        status=WarningStatus(row.status),
        filed_on=row.filed_on,
    )


async def own_warnings(unit: Reads, member_id: int) -> tuple[ClientWarning, ...]:
    """Every warning the member filed, in any server, for their export."""
    rows = await unit.rows(
        select(*WARNING_COLUMNS).where(WarningRow.member_id == member_id).order_by(WarningRow.id)
    )
    return tuple(warning_record(row) for row in rows)


class WarningRepository(Repository[UnitT]):
    """One server's client warnings."""

    async def file(
        self: WarningRepository[Writes],
        guild_id: int,
        member_id: int,
        *,
        client_name: str,
        reasons: Sequence[WarningReason],
        details: str,
        share_details: bool,
        profile_link: str | None,
        filed_on: date,
    ) -> ClientWarning:
        """A new pending warning; `DuplicateWarning` if the member already warned about this
        client in this server."""
        guild_id = checked_snowflake(guild_id, "guild id")
        member_id = await ensure_member(self.unit, member_id)
        name = clean_client_name(client_name)
        values = {
            "guild_id": guild_id,
            "member_id": member_id,
            "client_name": name,
            "client_key": client_key(name) or name.casefold(),
            "profile_link": profile_link,
            "reasons": ",".join(reason.name for reason in reasons),
            "details": details,
            "share_details": share_details,
            "status": WarningStatus.PENDING.value,
            "filed_on": filed_on,
        }
        statement = self.unit.insert_or_ignore(
            WarningRow, values, ["guild_id", "member_id", "client_key"]
        ).returning(WarningRow.id)
        warning_id = await self.unit.scalar(statement)
        if warning_id is None:
            raise DuplicateWarning(
                f"You have already warned this server about {name}. One warning per client: "
                "withdraw it with `/warnings withdraw` to file it again."
            )
        return await self._get(guild_id, warning_id)

    async def _get(self, guild_id: int, warning_id: int) -> ClientWarning:
        row = await self.unit.first(
            select(*WARNING_COLUMNS).where(
                WarningRow.guild_id == guild_id, WarningRow.id == warning_id
            )
        )
        assert row is not None
        return warning_record(row)

    async def approved(self, guild_id: int) -> list[ClientWarning]:
        """The server's approved warnings (expired ones too: expiry is the server's setting)."""
        guild_id = checked_snowflake(guild_id, "guild id")
        return [
            warning_record(r) for r in await self.unit.rows(_APPROVED_IN, {"guild_id": guild_id})
        ]

    async def own(self, guild_id: int, member_id: int) -> list[ClientWarning]:
        """The warnings the member filed in this server, whatever their status."""
        rows = await self.unit.rows(
            select(*WARNING_COLUMNS)
            .where(WarningRow.guild_id == guild_id, WarningRow.member_id == member_id)
            .order_by(WarningRow.client_key)
        )
        return [warning_record(row) for row in rows]

    async def pending(self, guild_id: int, limit: int = 25) -> list[WarningForModerators]:
        """The review queue, oldest first, with who filed each warning."""
        guild_id = checked_snowflake(guild_id, "guild id")
        rows = await self.unit.rows(
            select(*WARNING_COLUMNS, WarningRow.member_id)
            .where(
                WarningRow.guild_id == guild_id, WarningRow.status == WarningStatus.PENDING.value
            )
            .order_by(WarningRow.id)
            .limit(limit)
        )
        return [WarningForModerators(warning_record(row), row.member_id) for row in rows]

    async def for_moderators(self, guild_id: int) -> list[WarningForModerators]:
        """Every warning of the server, newest first, for a moderator choosing one to delete."""
        rows = await self.unit.rows(
            select(*WARNING_COLUMNS, WarningRow.member_id)
            .where(WarningRow.guild_id == guild_id)
            .order_by(WarningRow.id.desc())
        )
        return [WarningForModerators(warning_record(row), row.member_id) for row in rows]

    async def review(
        self: WarningRepository[Writes],
        guild_id: int,
        warning_id: int,
        *,
        approve: bool,
        moderator_id: int,
        on: date,
    ) -> ClientWarning | None:
        """Approve or reject a pending warning of this server; None if there is no such
        pending warning here (another server's, or already reviewed)."""
        guild_id = checked_snowflake(guild_id, "guild id")
        status = WarningStatus.APPROVED if approve else WarningStatus.REJECTED
        changed = await self.unit.run(
            update(WarningRow)
            .where(
                WarningRow.guild_id == guild_id,
                WarningRow.id == warning_id,
                WarningRow.status == WarningStatus.PENDING.value,
            )
            .values(status=status.value, reviewed_on=on)
        )
        if not changed:
            return None
        warning = await self._get(guild_id, warning_id)
        kind = ModerationKind.APPROVED if approve else ModerationKind.REJECTED
        await self.log_action(guild_id, moderator_id, kind, warning, on)
        return warning

    async def delete(
        self: WarningRepository[Writes],
        guild_id: int,
        warning_id: int,
        *,
        moderator_id: int,
        on: date,
    ) -> ClientWarning | None:
        """Delete any warning of this server; None if it has no such warning."""
        guild_id = checked_snowflake(guild_id, "guild id")
        row = await self.unit.first(
            select(*WARNING_COLUMNS).where(
                WarningRow.guild_id == guild_id, WarningRow.id == warning_id
            )
        )
        if row is None:
            return None
        await self.unit.run(
            delete(WarningRow).where(WarningRow.guild_id == guild_id, WarningRow.id == warning_id)
        )
        warning = warning_record(row)
        await self.log_action(guild_id, moderator_id, ModerationKind.DELETED, warning, on)
        return warning

    async def withdraw(
        self: WarningRepository[Writes], guild_id: int, member_id: int, client_name: str, on: date
    ) -> ClientWarning:
        """Delete the member's own warning about the client; `UnknownClient` if they have none."""
        guild_id = checked_snowflake(guild_id, "guild id")
        key = client_key(client_name)
        row = await self.unit.first(
            select(*WARNING_COLUMNS).where(
                WarningRow.guild_id == guild_id,
                WarningRow.member_id == member_id,
                WarningRow.client_key == key,
            )
        )
        if row is None:
            raise UnknownClient(
                f"You have no warning about {client_name.strip()[:100]} in this server: pick one "
                "from the list."
            )
        await self.unit.run(delete(WarningRow).where(WarningRow.id == row.id))
        warning = warning_record(row)
        # The log keeps that a warning went, not who withdrew it: the reporter stays unnamed.
        await self.log_action(guild_id, None, ModerationKind.WITHDRAWN, warning, on)
        return warning

    async def log_action(
        self: WarningRepository[Writes],
        guild_id: int,
        moderator_id: int | None,
        kind: ModerationKind,
        warning: ClientWarning | None,
        on: date,
    ) -> None:
        await self.unit.run(
            insert(ModerationAction).values(
                guild_id=guild_id,
                moderator_id=moderator_id,
                action=kind.value,
                warning_id=warning.id if warning else None,
                client_name=warning.client_name if warning else None,
                acted_on=on,
            )
        )

    async def log(self, guild_id: int, limit: int = 20) -> list[ModerationEntry]:
        """The server's latest moderation actions, newest first."""
        guild_id = checked_snowflake(guild_id, "guild id")
        rows = await self.unit.rows(
            select(ModerationAction)
            .where(ModerationAction.guild_id == guild_id)
            .order_by(ModerationAction.id.desc())
            .limit(limit)
        )
        return [
            ModerationEntry(
                id=row.id,
                moderator_id=row.moderator_id,
                action=ModerationKind(row.action),
                warning_id=row.warning_id,
                client_name=row.client_name,
                acted_on=row.acted_on,
            )
            for row in rows
        ]
