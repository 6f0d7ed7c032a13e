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


class DatabaseUnusable(Exception):
    """The database cannot be opened or brought up to date, for a reason whoever runs Gigwise
    has to fix; the message says what is wrong and what to do, in one line."""


class DatabaseLocked(DatabaseUnusable):
    """Another process held the database's lock for longer than start-up waits."""

    def __init__(self, where: str, waited: float) -> None:
        super().__init__(
            f"The database {where} stayed locked by another process for {waited:g} s. Let that "
            "process finish (another Gigwise starting or migrating, a backup, a sqlite3 shell) "
            "or stop it, then start again."
        )


class DatabaseDamaged(DatabaseUnusable):
    """The file is not a SQLite database, or SQLite found it damaged; it is left as it is."""

    def __init__(self, file: str, detail: str) -> None:
        super().__init__(
            f"{file} is not a SQLite database, or it is damaged ({detail}). Gigwise left it as "
            "it is: restore it from a backup (see the README's Backups) or set DATABASE_URL to "
            "another file."
        )


class DatabaseUnreadable(DatabaseUnusable):
    """The database file exists but this process may not read it."""

    def __init__(self, file: str, detail: str) -> None:
        super().__init__(
            f"Cannot read the database {file} ({detail}): give the user that runs Gigwise "
            "read and write access to it."
        )


class DatabaseReadOnly(DatabaseUnusable):
    """The database file, or the directory it lives in, cannot be written."""

    def __init__(self, path: str, detail: str, *, directory: bool) -> None:
        if directory:
            advice = (
                f"The directory {path} is read-only ({detail}), and Gigwise must write its "
                "database and SQLite's -wal and -shm files there. Make it writable, or set "
                "GIGWISE_DATA_DIR (or DATABASE_URL) to a writable place."
            )
        else:
            advice = (
                f"The database {path} is read-only ({detail}): give the user that runs Gigwise "
                "write access to it."
            )
        super().__init__(advice)


class DiskFull(DatabaseUnusable):
    """The disk that holds the database has no room left."""

    def __init__(self, folder: str, detail: str) -> None:
        super().__init__(
            f"The disk that holds {folder} is full ({detail}). Free some space on it and start "
            "again; the database was left as it was."
        )


class DatabaseUnreachable(DatabaseUnusable):
    """The database server did not answer."""

    def __init__(self, where: str, detail: str) -> None:
        super().__init__(
            f"Cannot reach the database server at {where} ({detail}): check that it runs and "
            "that DATABASE_URL names its host and port."
        )
