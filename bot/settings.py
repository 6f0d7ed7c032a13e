"""Settings read from the environment when `main()` runs (never at import), each checked with a clear error.

A setting that is missing or malformed stops start-up with one line naming it, so a member of staff who
deploys Gigwise sees what to fix instead of a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from advisor.quotas import DEFAULT_MAX_BILLINGS, DEFAULT_MAX_CONTRACTS, MemberQuotas

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Seconds start-up waits for another process to let go of the database (db.startup's default).
DEFAULT_DATABASE_LOCK_WAIT = 30.0
# Heavy jobs (imports, exports) each process runs at once (commands.heavy_jobs).
DEFAULT_HEAVY_JOBS = 2


class SettingsError(Exception):
    """A setting that cannot be used; the message names it and says what is expected."""

    def __init__(self, setting: str, problem: str) -> None:
        super().__init__(f"{setting}: {problem}")
        self.setting = setting


class Secret:
    """A string that never shows itself in a repr, a log line or an f-string."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class Settings:
    """Everything Gigwise reads from its environment."""

    discord_token: Secret | None
    data_dir: Path
    # Kept out of the repr: a PostgreSQL URL carries its password.
    database_url: str = field(repr=False)
    log_level: str = "INFO"
    discord_api_url: str | None = None
    discord_gateway_url: str | None = None
    guild_id: int | None = None
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = field(default=None)
    database_lock_wait: float = DEFAULT_DATABASE_LOCK_WAIT
    # Whether the screened jobs channel can work: it needs Discord's message-content intent,
    # which the bot's owner switches on in the developer portal (README, "The jobs channel").
    jobs_channels: bool = False
    # How many heavy jobs (imports, exports) run at once; the rest queue.
    heavy_jobs: int = DEFAULT_HEAVY_JOBS
    # What one member may keep.
    quotas: MemberQuotas = field(default_factory=MemberQuotas)

    def secrets(self) -> list[str]:
        """What must never be written out: the bot token and the database's password."""
        found = [self.discord_token.reveal()] if self.discord_token else []
        password = urlsplit(self.database_url).password
        if password:
            # As written in the URL and as the server knows it: an error may show either.
            found += {password, unquote(password)}
        return found


def default_data_dir(environ: Mapping[str, str]) -> Path:
    """Where the SQLite file lives unless told otherwise: XDG's data folder, as desktop tools expect."""
    xdg = environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "gigwise"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read and check every setting; raise SettingsError naming the first bad one."""
    env = dict(os.environ if environ is None else environ)

    token = env.get("DISCORD_TOKEN", "").strip()
    if token and (any(c.isspace() for c in token) or len(token) < 20):
        raise SettingsError(
            "DISCORD_TOKEN", "does not look like a bot token (copy it again from the portal)"
        )

    data_dir_text = env.get("GIGWISE_DATA_DIR", "").strip()
    data_dir = Path(data_dir_text).expanduser() if data_dir_text else default_data_dir(env)

    database_url = _database_url(
        env.get("DATABASE_URL", "").strip() or f"sqlite+aiosqlite:///{data_dir / 'gigwise.sqlite3'}"
    )

    log_level = env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if log_level not in LOG_LEVELS:
        raise SettingsError("LOG_LEVEL", f"must be one of {', '.join(LOG_LEVELS)}")

    shard_count = _optional_int(env, "SHARD_COUNT", minimum=1)
    shard_ids = _shard_ids(env, shard_count)

    return Settings(
        discord_token=Secret(token) if token else None,
        data_dir=data_dir,
        database_url=database_url,
        log_level=log_level,
        discord_api_url=_optional_url(env, "DISCORD_API_URL", ("http", "https")),
        discord_gateway_url=_optional_url(env, "DISCORD_GATEWAY_URL", ("ws", "wss")),
        guild_id=_optional_int(env, "DISCORD_GUILD_ID", minimum=1),
        shard_count=shard_count,
        shard_ids=shard_ids,
        database_lock_wait=_optional_seconds(env, "DATABASE_LOCK_WAIT", DEFAULT_DATABASE_LOCK_WAIT),
        jobs_channels=_switch(env, "GIGWISE_JOBS_CHANNELS"),
        heavy_jobs=_optional_int(env, "GIGWISE_HEAVY_JOBS", minimum=1) or DEFAULT_HEAVY_JOBS,
        quotas=MemberQuotas(
            billings=_optional_int(env, "GIGWISE_MAX_BILLINGS_PER_MEMBER", minimum=1)
            or DEFAULT_MAX_BILLINGS,
            contracts=_optional_int(env, "GIGWISE_MAX_CONTRACTS_PER_MEMBER", minimum=1)
            or DEFAULT_MAX_CONTRACTS,
        ),
    )


_ON, _OFF = ("on", "1", "true", "yes"), ("off", "0", "false", "no", "")


def _switch(env: Mapping[str, str], name: str) -> bool:
    value = env.get(name, "").strip().lower()
    if value not in _ON + _OFF:
        raise SettingsError(name, "must be on or off")
    return value in _ON


_DATABASE_URL_EXAMPLES = (
    "e.g. sqlite+aiosqlite:////var/lib/gigwise/gigwise.sqlite3 or "
    "postgresql+asyncpg://user:password@host:5432/gigwise"
)


def _database_url(value: str) -> str:
    # What is wrong is said without repeating the URL: it may carry a password.
    if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
        raise SettingsError(
            "DATABASE_URL",
            "must start with sqlite+aiosqlite:/// or postgresql+asyncpg://",
        )
    bad_port = f"has a port that is not a number from 1 to 65535; {_DATABASE_URL_EXAMPLES}"
    try:
        port = urlsplit(value).port
    except ValueError as error:
        if "Port" in str(error):
            raise SettingsError("DATABASE_URL", bad_port) from None
        raise SettingsError(
            "DATABASE_URL", f"is not a valid URL ({error}); {_DATABASE_URL_EXAMPLES}"
        ) from None
    if port == 0:
        raise SettingsError("DATABASE_URL", bad_port)
    if value.startswith("sqlite") and urlsplit(value).path.lstrip("/") in ("", ":memory:"):
        raise SettingsError("DATABASE_URL", f"names no database file; {_DATABASE_URL_EXAMPLES}")
    return value


def _optional_seconds(env: Mapping[str, str], name: str, default: float) -> float:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise SettingsError(name, "must be a number of seconds, e.g. 30")
    return seconds


def _optional_url(env: Mapping[str, str], name: str, schemes: tuple[str, ...]) -> str | None:
    value = env.get(name, "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in schemes or not parts.netloc:
        raise SettingsError(name, f"must be a {' or '.join(s + '://' for s in schemes)} URL")
    return value.rstrip("/") if parts.scheme.startswith("http") else value


def _optional_int(env: Mapping[str, str], name: str, *, minimum: int) -> int | None:
    value = env.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < minimum:
        raise SettingsError(name, f"must be a whole number of at least {minimum}")
    return int(value)


def _shard_ids(env: Mapping[str, str], shard_count: int | None) -> tuple[int, ...] | None:
    value = env.get("SHARD_IDS", "").strip()
    if not value:
        return None
    if shard_count is None:
        raise SettingsError("SHARD_IDS", "needs SHARD_COUNT as well")
    parts = [p.strip() for p in value.split(",")]
    if not all(p.isdigit() for p in parts) or any(int(p) >= shard_count for p in parts):
        raise SettingsError(
            "SHARD_IDS", f"must be comma-separated shard numbers below {shard_count}"
        )
    return tuple(sorted({int(p) for p in parts}))
