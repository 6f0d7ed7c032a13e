"""What Gigwise writes out: one readable line per log record, and never a secret.

Text leaves the process two ways: log records, and whatever is written to the standard streams.
Every other route ends in one of them: an uncaught exception in the main thread or another thread
is printed to `sys.stderr` by `sys.excepthook` or `threading.excepthook`, an exception nobody
could raise by `sys.unraisablehook`, a task's exception nobody retrieved by the event loop's
exception handler, which logs it, a warning by the logging module once captured, and discord.py
and every other library log through the root logger.

`install_output()` runs once at start-up, before anything can fail, and puts one `Redactor` on
both ways: log records are formatted by a `RedactingFormatter`, and `sys.stdout` and `sys.stderr`
become `RedactingStream`s. So no hook needs replacing, and a route nobody thought of (a library
that prints) is covered too. What is redacted: each secret (the bot token, a PostgreSQL password)
and every piece of one at least `PIECE` characters long, since an error page or a websocket close
reason may cut an echoed header short; a secret shorter than that, only where it stands alone.
"""

from __future__ import annotations

import io
import logging
import re
import sys
from collections.abc import Iterable
from typing import TextIO

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
REDACTED = "[redacted]"
# A piece of a secret this long is redacted wherever it appears. A bot token is about 70
# characters; 12 of them are too many to appear by chance and too few to be worth guessing from.
PIECE = 12


class Redactor:
    """Replaces each secret, and each piece of one at least `piece` characters long, in text."""

    def __init__(self, secrets: Iterable[str], piece: int = PIECE) -> None:
        # Longest first, so that a secret holding another is replaced whole.
        self._secrets = tuple(sorted({s for s in secrets if s}, key=len, reverse=True))
        self._piece = piece
        long_ones = [s for s in self._secrets if len(s) >= piece]
        # A short secret (a weak database password, say) is replaced only where it stands as a
        # word of its own: replaced everywhere, a password "pg" would garble every "pg_dump".
        short_ones = [s for s in self._secrets if len(s) < piece]
        self._short = (
            re.compile("|".join(rf"(?<!\w){re.escape(s)}(?!\w)" for s in short_ones))
            if short_ones
            else None
        )
        self._pieces = frozenset(
            secret[start : start + piece]
            for secret in long_ones
            for start in range(len(secret) - piece + 1)
        )
        alphabet = sorted(set("".join(long_ones)))
        # Only runs of the secrets' own characters can hold a piece of one: the search for
        # pieces looks at those runs alone, so an ordinary line costs one regex scan.
        self._runs = (
            re.compile(f"[{''.join(re.escape(c) for c in alphabet)}]{{{piece},}}")
            if long_ones
            else None
        )

    def __bool__(self) -> bool:
        return bool(self._secrets)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            if len(secret) >= self._piece and secret in text:
                text = text.replace(secret, REDACTED)
        if self._short is not None:
            text = self._short.sub(REDACTED, text)
        if self._runs is None:
            return text
        return self._runs.sub(self._without_pieces, text)

    def _without_pieces(self, run: re.Match[str]) -> str:
        text = run.group()
        kept: list[str] = []
        plain_from = start = 0
        while start <= len(text) - self._piece:
            if text[start : start + self._piece] not in self._pieces:
                start += 1
                continue
            end = start + self._piece
            while end < len(text) and any(text[start : end + 1] in s for s in self._secrets):
                end += 1
            kept += [text[plain_from:start], REDACTED]
            plain_from = start = end
        kept.append(text[plain_from:])
        return "".join(kept)


class RedactingStream(io.TextIOBase):
    """A standard stream whose text is redacted a line at a time before it is written out.

    A line is held until it is complete (or the stream is flushed), so a secret written in two
    pieces is still found whole.
    """

    def __init__(self, stream: TextIO, redactor: Redactor) -> None:
        super().__init__()
        self.wrapped = stream
        self._redactor = redactor
        self._pending = ""

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.wrapped.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self.wrapped.errors

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.wrapped.isatty()

    def fileno(self) -> int:
        return self.wrapped.fileno()

    def write(self, text: str) -> int:
        self._pending += text
        if "\n" in text:
            lines, _, self._pending = self._pending.rpartition("\n")
            self.wrapped.write(self._redactor.redact(lines + "\n"))
        return len(text)

    def flush(self) -> None:
        if self._pending:
            pending, self._pending = self._pending, ""
            self.wrapped.write(self._redactor.redact(pending))
        self.wrapped.flush()

    def close(self) -> None:
        # Never closes the stream below: it is the process's own stdout or stderr.
        if not self.closed:
            self.flush()
        super().close()


class _GuildsIntentLeftOff(logging.Filter):
    """discord.py warns at every start when the GUILDS intent is off; Gigwise leaves it off on
    purpose (see `bot.client`), so the warning says nothing to whoever runs it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Guilds intent seems to be disabled")


_GUILDS_INTENT_LEFT_OFF = _GuildsIntentLeftOff()


class RedactingFormatter(logging.Formatter):
    """Redacts every secret in the finished line, tracebacks included, whatever the handler."""

    def __init__(self, secrets: Redactor | Iterable[str], fmt: str = FORMAT) -> None:
        super().__init__(fmt)
        self._redactor = secrets if isinstance(secrets, Redactor) else Redactor(secrets)

    def format(self, record: logging.LogRecord) -> str:
        return self._redactor.redact(super().format(record))


def configure_logging(level: str, secrets: Redactor | Iterable[str] = ()) -> None:
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


def install_output(level: str, secrets: Iterable[str]) -> Redactor:
    """Redact `secrets` from everything the process writes, and log at `level`; once, at start-up.

    See the module docstring for the routes this covers.
    """
    redactor = Redactor(secrets)
    if redactor:
        for name in ("stdout", "stderr"):
            stream = getattr(sys, name)
            if stream is not None and not isinstance(stream, RedactingStream):
                setattr(sys, name, RedactingStream(stream, redactor))
    # Warnings become log records, in the same format as everything else on stderr.
    logging.captureWarnings(True)
    configure_logging(level, redactor)
    return redactor
