"""Failures of the database itself (not of what a member typed) that the bot answers specially."""


class DatabaseBusy(Exception):
    """Another writer held the database for longer than the busy timeout; nothing was written.

    The interaction can simply be tried again, so the bot says so instead of reporting a bug.
    """

    def __init__(self) -> None:
        super().__init__("The database is busy right now; nothing was saved. Please try again.")


class DatabaseTooNew(Exception):
    """The database was migrated by a newer Gigwise than this one; running would risk its data."""

    def __init__(self, database_revision: str, code_revision: str) -> None:
        super().__init__(
            f"The database is at schema revision {database_revision}, newer than this Gigwise "
            f"knows (its newest is {code_revision}); upgrade Gigwise before starting it."
        )
        self.database_revision = database_revision
        self.code_revision = code_revision


class DatabaseTooOld(Exception):
    """The database needs migrating and this start-up was told not to do it."""

    def __init__(self, database_revision: str | None, code_revision: str) -> None:
        shown = database_revision or "empty"
        super().__init__(
            f"The database is at schema revision {shown} but this Gigwise needs {code_revision}; "
            "run `gigwise migrate` first."
        )
        self.database_revision = database_revision
        self.code_revision = code_revision
