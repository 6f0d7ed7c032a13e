"""Answers to plain /fee questions, kept by the question: the same bill on the same schedule.

A fee answer depends only on the amount, the schedule and the currency it is priced in, the rate
(and where it came from) and whether the schedule is still in force, when no client is named; and
the same few amounts come up again and again (a workshop where everyone checks the seed's $15,000,
a channel comparing one job offer). Working out the bands and rendering the embed is most of what
such an answer costs, so each question's embed is kept (frozen) and shared by everyone who asks
it. `commands.kept` lists every cache.
"""

from __future__ import annotations

from decimal import Decimal

from advisor.fee_calendar import FeeQuote
from commands.fees._render import quote_embed
from commands.kept import FrozenEmbed, Kept

# Questions kept; an embed is a couple of kilobytes.
DEFAULT_ANSWERS_KEPT = 1024


class FeeAnswers:
    """Embeds of /fee answers for bills not priced at a client, kept by question."""

    def __init__(self, *, maxsize: int = DEFAULT_ANSWERS_KEPT) -> None:
        # Schedules are keyed by their registry key: hashing a whole schedule costs more than
        # the lookup saves, and every schedule comes from the registry (a flat one may be priced
        # in the member's currency, so that is part of the key).
        self._kept: Kept[tuple[Decimal, str, str, Decimal | None, str, bool], FrozenEmbed] = Kept(
            "fee answers", maxsize
        )

    def embed(self, quote: FeeQuote) -> FrozenEmbed:
        """The answer's embed, shared by everyone whose question is priced the same."""
        breakdown = quote.breakdown
        key = (
            breakdown.amount,
            breakdown.schedule.key,
            breakdown.schedule.currency,
            quote.rate.rate,
            quote.rate.source.value,
            quote.in_force,
        )
        kept = self._kept.get(key)
        if kept is None:
            kept = self._kept.put(key, FrozenEmbed.of(quote_embed(quote)))
        return kept
