"""The screening reply: the verdict's embed, shared by every member, and each member's price."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

from advisor.redflags import Verdict, screen
from commands.screening._render import verdict_embed, with_at_stake

DAY = date(2026, 11, 29)
RED_POST = (
    "Need a logo by tomorrow. Budget $20. Message me on WhatsApp +1 555 0100 to start, "
    "payment outside Upwork after the test task."
)
CLEAN_POST = (
    "We are a small bakery looking for a designer to refresh our logo. Fixed price $600, "
    "two rounds of revisions, files delivered through Upwork. Timeline: three weeks."
)
PRICE_FIELD = "What a bad review would cost you"


def _field_names(embed_data: dict[str, object]) -> list[str]:
    fields = embed_data.get("fields", [])
    assert isinstance(fields, list)
    return [field["name"] for field in fields]


def test_a_price_is_added_to_a_copy_and_the_shared_embed_is_left_as_it_was() -> None:
    screening = screen(RED_POST, today=DAY)
    shared = verdict_embed(screening)
    # to_dict() hands out the embed's own lists: only a deep copy stays as it was.
    before = copy.deepcopy(shared.to_dict())
    priced = with_at_stake(shared, screening.verdict, Decimal("2500"))
    assert _field_names(priced.to_dict())[-1] == PRICE_FIELD
    assert shared.to_dict() == before


def test_the_price_reads_in_money() -> None:
    screening = screen(RED_POST, today=DAY)
    priced = with_at_stake(verdict_embed(screening), screening.verdict, Decimal("2500"))
    assert "About $2,500.00 of work" in priced.fields[-1].value


def test_no_history_means_no_price() -> None:
    screening = screen(RED_POST, today=DAY)
    shared = verdict_embed(screening)
    assert with_at_stake(shared, screening.verdict, None) is shared


def test_a_clean_post_shows_no_price() -> None:
    screening = screen(CLEAN_POST, today=DAY)
    assert screening.verdict is Verdict.GREEN
    priced = with_at_stake(verdict_embed(screening), screening.verdict, Decimal("2500"))
    assert PRICE_FIELD not in _field_names(priced.to_dict())
