"""Answers to plain /fee questions, kept by the question: the same bill on the same schedule.

A fee answer depends only on the amount, the schedule and the rate when no client is named, and
the same few amounts come up again and again (a workshop where everyone checks the seed's $15,000,
a channel comparing one job offer). Working out the bands and rendering the embed is most of what
such an answer costs, so each question's embed is kept (frozen) and shared by everyone who asks
it. `commands.kept` lists every cache.
"""

from __future__ import annotations

from decimal import Decimal

from advisor.fees import FeeSchedule, fee_for
from commands.fees._render import fee_embed
from commands.kept import FrozenEmbed, Kept

# Questions kept; an embed is a couple of kilobytes.
DEFAULT_ANSWERS_KEPT = 1024


class FeeAnswers:
    """Embeds of /fee answers for bills not priced at a client, kept by question."""

    def __init__(self, *, maxsize: int = DEFAULT_ANSWERS_KEPT) -> None:
        # Schedules are keyed by their registry key: hashing a whole schedule costs more than
        # the lookup saves, and every schedule comes from the registry.
        self._kept: Kept[tuple[Decimal, str, Decimal | None], FrozenEmbed] = Kept(
            "fee answers", maxsize
        )

    def embed(self, amount: Decimal, schedule: FeeSchedule, rate: Decimal | None) -> FrozenEmbed:
        """The answer's embed, shared by everyone who asks.

        Raises what `fee_for` raises for a bill it cannot price; nothing is kept then.
        """
        key = (amount, schedule.key, rate)
        kept = self._kept.get(key)
        if kept is None:
            answer = fee_embed(fee_for(amount, schedule, Decimal(0), rate=rate))
            kept = self._kept.put(key, FrozenEmbed.of(answer))
        return kept
