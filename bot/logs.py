"""Logging set-up: one readable line per record, and no secret ever written out."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class _GuildsIntentLeftOff(logging.Filter):
    """discord.py warns at every start when the GUILDS intent is off; Gigwise leaves it off on
    purpose (see `bot.client`), so the warning says nothing to whoever runs it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Guilds intent seems to be disabled")


_GUILDS_INTENT_LEFT_OFF = _GuildsIntentLeftOff()


class RedactingFormatter(logging.Formatter):
    """Replaces every secret (the bot token) in the finished line, tracebacks included."""

    def __init__(self, secrets: Iterable[str], fmt: str = FORMAT) -> None:
        super().__init__(fmt)
        self._secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        for secret in self._secrets:
            line = line.replace(secret, "[redacted]")
        return line


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    """Send logs to stderr at `level`; discord.py's chatty gateway logs stay at WARNING unless DEBUG."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    chatty = logging.NOTSET if level == "DEBUG" else logging.WARNING
    for noisy in ("discord.gateway", "discord.client", "discord.http", "discord.state"):
        logging.getLogger(noisy).setLevel(chatty)
    # The database drivers log each statement with its parameters: members' records, which no log
    # level should write out (and a flood that fills a pipe read only at exit).
    for statements in ("sqlalchemy.engine", "aiosqlite"):
        logging.getLogger(statements).setLevel(logging.WARNING)
    logging.getLogger("discord.state").addFilter(_GUILDS_INTENT_LEFT_OFF)
