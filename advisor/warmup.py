"""Work the advisor puts off at import, so that the bot is ready sooner, done ahead of the first
member who needs it: compiling the screening patterns and reading Babel's currency table."""

from __future__ import annotations

from advisor.ledger import known_currencies
from advisor.redflags.patterns import compile_patterns


def warm_up() -> None:
    """Do now what the first screening and the first currency check would otherwise wait for."""
    compile_patterns()
    known_currencies()
