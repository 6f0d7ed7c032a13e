"""Log lines never carry the token, not even inside a traceback, nor members' records; warnings that
say nothing are left out."""

import logging

from bot.logs import RedactingFormatter, configure_logging

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.secretsecretsecret"


def _record(message: str, exc_info: object = None) -> logging.LogRecord:
    return logging.LogRecord("t", logging.ERROR, __file__, 1, message, (), exc_info)  # type: ignore[arg-type]


def test_token_in_a_message_is_redacted() -> None:
    line = RedactingFormatter([TOKEN]).format(_record(f"token is {TOKEN}"))
    assert TOKEN not in line
    assert "[redacted]" in line


def test_token_in_a_traceback_is_redacted() -> None:
    try:
        raise RuntimeError(f"bad {TOKEN}")
    except RuntimeError:
        import sys

        line = RedactingFormatter([TOKEN]).format(_record("failed", sys.exc_info()))
    assert TOKEN not in line
    assert "RuntimeError" in line


def test_empty_secrets_change_nothing() -> None:
    assert RedactingFormatter([""]).format(_record("plain")).endswith("plain")


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_the_guilds_intent_warning_is_left_out() -> None:
    configure_logging("INFO")
    state = logging.getLogger("discord.state")
    kept = _Kept()
    state.addHandler(kept)
    try:
        state.warning("Guilds intent seems to be disabled. This may cause state related issues.")
        state.warning("A guild's channel went missing")
    finally:
        state.removeHandler(kept)
    assert kept.messages == ["A guild's channel went missing"]


def test_statements_and_their_parameters_stay_out_of_debug_logs() -> None:
    configure_logging("DEBUG")
    for driver in ("sqlalchemy.engine", "aiosqlite"):
        assert not logging.getLogger(driver).isEnabledFor(logging.DEBUG)
        assert not logging.getLogger(driver).isEnabledFor(logging.INFO)
    assert logging.getLogger("discord.gateway").isEnabledFor(logging.DEBUG)
