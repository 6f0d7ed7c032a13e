"""The /earnings reply: totals per currency, platform and client, inert names, Discord's limits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import discord
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.earnings import BilledFact, Period, earnings
from advisor.ledger import FeeSource
from commands.earnings._render import earnings_embed, fit, nothing_billed_embed

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31), year=2025)
DAY = date(2025, 6, 1)
D = Decimal


def billed(
    amount: str,
    fee: str | None = None,
    *,
    client: str = "Acme Corp",
    platform: str = "upwork",
    currency: str = "USD",
    source: FeeSource = FeeSource.COMPUTED,
) -> BilledFact:
    return BilledFact(
        client, platform, currency, DAY, D(amount), D(fee) if fee is not None else None, source
    )


def fields(embed: discord.Embed) -> dict[str, str]:
    return {str(field.name): str(field.value) for field in embed.fields}


def within_discords_limits(embed: discord.Embed) -> bool:
    return (
        len(embed) <= 6000
        and len(embed.fields) <= 25
        and all(0 < len(str(field.value)) <= 1024 for field in embed.fields)
        and all(len(str(field.name)) <= 256 for field in embed.fields)
    )


def test_the_totals_read_as_billed_less_refunds_and_fees_equals_net() -> None:
    embed = earnings_embed(
        earnings([billed("1200.00", "110.00"), billed("-150.00", "-15.00")], YEAR)
    )
    totals = fields(embed)["Totals (USD)"]
    assert "$1,200.00 billed − $150.00 refunded − $95.00 fees = **$955.00** net" in totals
    assert "From 1 billing and 1 refund." in totals
    assert "after $15.00 handed back with refunds" in totals


def test_fees_handed_back_beyond_those_charged_are_added_not_subtracted() -> None:
    embed = earnings_embed(earnings([billed("-100.00", "-10.00")], YEAR))
    assert "+ $10.00 fees handed back = **-$90.00** net" in fields(embed)["Totals (USD)"]


def test_the_totals_say_where_the_fees_came_from() -> None:
    facts = [
        billed("100.00", "10.00"),
        billed("100.00", "12.00", source=FeeSource.RECORDED),
        billed("100.00", None, source=FeeSource.RECORDED),
    ]
    totals = fields(earnings_embed(earnings(facts, YEAR)))["Totals (USD)"]
    assert (
        "Fees on these: 1 worked out by Gigwise, 1 recorded from a statement or by you, "
        "1 not known (counted as none)." in totals
    )


def test_each_currency_has_its_own_fields() -> None:
    embed = earnings_embed(
        earnings([billed("100.00", currency="USD"), billed("80.00", currency="GBP")], YEAR)
    )
    assert list(fields(embed)) == [
        "Totals (GBP)",
        "By platform (GBP)",
        "Clients (GBP)",
        "Totals (USD)",
        "By platform (USD)",
        "Clients (USD)",
    ]
    assert "£80.00 billed" in fields(embed)["Totals (GBP)"]


def test_clients_are_named_by_platform_when_a_currency_has_several() -> None:
    embed = earnings_embed(
        earnings([billed("100.00", platform="upwork"), billed("50.00", platform="fiverr")], YEAR)
    )
    assert fields(embed)["Clients (USD)"].splitlines() == [
        "**Acme Corp** (upwork): $100.00 billed − $0.00 fees = **$100.00** net",
        "**Acme Corp** (fiverr): $50.00 billed − $0.00 fees = **$50.00** net",
    ]


def test_client_names_are_shown_inert() -> None:
    embed = earnings_embed(earnings([billed("100.00", client="**@everyone** <@123>")], YEAR))
    shown = fields(embed)["Clients (USD)"]
    assert "@everyone" not in shown.replace("@\u200beveryone", "")
    assert "\\*\\*" in shown


def test_many_clients_are_trimmed_to_the_top_with_how_many_more() -> None:
    facts = [billed(f"{1000 - n}.00", client=f"Client {n:02}") for n in range(30)]
    embed = earnings_embed(earnings(facts, YEAR))
    clients = fields(embed)["Top clients (USD)"].splitlines()
    assert clients[0].startswith("**Client 00**")
    assert clients[-1] == "… and 20 more"


CODES = ["USD", "GBP", "EUR", "JPY", "AUD", "CAD", "CHF", "SEK", "NOK"]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(min_size=1, max_size=100),
            st.sampled_from(CODES),
            st.sampled_from(["upwork", "fiverr", "freelancer.com", "x" * 32]),
            st.booleans(),
        ),
        min_size=1,
        max_size=120,
    )
)
def test_any_earnings_fit_in_one_embed(rows: list[tuple[str, str, str, bool]]) -> None:
    facts = [
        billed("-999999999.99", "-1.00", client=name, currency=code, platform=platform)
        if refund
        else billed("999999999999.99", "12.34", client=name, currency=code, platform=platform)
        for name, code, platform, refund in rows
    ]
    assert within_discords_limits(earnings_embed(earnings(facts, YEAR)))


def test_currencies_past_six_are_named_and_left_to_the_export() -> None:
    codes = ["AUD", "CAD", "CHF", "EUR", "GBP", "JPY", "SEK", "USD"]
    facts = [billed("10.00", currency=code) for code in codes] + [billed("10.00")] * 3
    shown = fields(earnings_embed(earnings(facts, YEAR)))
    assert "Totals (USD)" in shown
    assert "Your billings in JPY and SEK" in shown["More currencies"]
    assert len([name for name in shown if name.startswith("Totals")]) == 6


def test_fit_keeps_what_fits_and_counts_the_rest() -> None:
    assert fit(["a" * 10, "b" * 10, "c" * 10], 30) == f"{'a' * 10}\n… and 2 more"


def test_fit_counts_lines_left_out_before() -> None:
    assert fit(["one", "two"], 100, hidden=5) == "one\ntwo\n… and 5 more"


def test_an_empty_period_says_how_to_log_work() -> None:
    embed = nothing_billed_embed(YEAR)
    assert embed.title == "Nothing billed in 2025"
    assert "/contract add" in str(embed.description)
    assert "/import" in str(embed.description)


def test_a_range_is_named_by_its_first_and_last_day() -> None:
    period = Period(date(2024, 4, 6), date(2025, 4, 5))
    assert earnings_embed(earnings([billed("1.00")], period)).title == (
        "Your earnings from 2024-04-06 to 2025-04-05"
    )
