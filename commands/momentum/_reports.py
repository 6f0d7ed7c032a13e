"""Momentum reports kept in memory until the member's records change.

A report for a long history reads every contract and billing of the member: tens of milliseconds
at 10,000 contracts, and a member checks it again and again while nothing has changed. Each
answer first reads the member's revision, which the database moves whenever any of their records
change (from this process or any other), and reuses the report computed at that revision for
the same day. A report is computed in one transaction with the revision it is
filed under, so it is never filed under a revision older than the records it was computed from;
the check before reuse is a single lookup, without a transaction of its own.
"""

from __future__ import annotations

from datetime import date

from advisor.momentum import MomentumReport
from commands.kept import Kept
from db.database import Database
from db.repositories.momentum import MomentumRepository

# Members whose latest report is kept; a report is a few kilobytes whatever the history's length.
DEFAULT_MEMBERS_KEPT = 1_000

_Key = tuple[int, date]


class MomentumReports:
    """Each member's latest momentum report, recomputed only when their records changed."""

    def __init__(self, database: Database, *, maxsize: int = DEFAULT_MEMBERS_KEPT) -> None:
        self.database = database
        self._reports: Kept[_Key, tuple[int, MomentumReport]] = Kept("momentum reports", maxsize)
        self.computed = 0

    async def report(self, member_id: int, day: date) -> MomentumReport:
        """The member's report as of `day`."""
        key = (member_id, day)
        kept = self._reports.get(key)
        if kept is not None:
            async with self.database.read() as reads:
                if await MomentumRepository(reads).revision(member_id) == kept[0]:
                    return kept[1]
        async with self.database.read() as reads:
            repository = MomentumRepository(reads)
            revision = await repository.revision(member_id)
            report = await repository.report(member_id, day)
        self.computed += 1
        if revision is not None:
            self._reports.put(key, (revision, report))
        return report
