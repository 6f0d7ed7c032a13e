"""The shared look: progress bars and user text made inert."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.fees import SCHEDULES, FeeSchedule, fee_for
from advisor.money import format_rate
from commands.embeds import BAR_WIDTH, inert, progress_bar, tier_after_text
from tests.e2e.inert_text import LINE_START_MARKUP, as_rendered


@pytest.mark.parametrize(
    ("fraction", "filled"),
    [
        (Decimal(0), 0),
        (Decimal("0.25"), 3),
        (Decimal("0.999"), 11),
        (Decimal(1), 12),
        (Decimal(-1), 0),
        (Decimal(2), 12),
    ],
)
def test_progress_bar_has_no_percentage_to_mistake_for_a_fee(
    fraction: Decimal, filled: int
) -> None:
    assert progress_bar(fraction) == "▰" * filled + "▱" * (BAR_WIDTH - filled)


def test_a_bar_is_labelled_with_the_money_billed_toward_the_band() -> None:
    text = tier_after_text(fee_for(Decimal(400), SCHEDULES["upwork-tiered"]))
    assert "$400.00 of $500.00 toward the 10% band" in text
    assert "%" not in text.split("\n")[0].split(" toward")[0]


tiered_schedules = st.sampled_from(
    [s for s in SCHEDULES.values() if s.per_client and len(s.bands) > 1]
)
cents = st.integers(min_value=1, max_value=3_000_000).map(lambda n: Decimal(n).scaleb(-2))


@given(schedule=tiered_schedules, before=cents | st.just(Decimal(0)), amount=cents)
def test_the_next_tier_names_the_rate_the_next_cent_pays(
    schedule: FeeSchedule, before: Decimal, amount: Decimal
) -> None:
    # At every band edge too: the rate named is the one a further cent is charged.
    breakdown = fee_for(amount, schedule, before)
    following = fee_for(Decimal("0.01"), schedule, before + amount)
    paid = following.lines[0].band.rate
    assert f"pays {format_rate(paid)}" in tier_after_text(breakdown) or (
        f"lowest rate, {format_rate(paid)}" in tier_after_text(breakdown)
    )


@pytest.mark.parametrize("edge", ["500", "10000"])
def test_at_a_band_edge_the_cheaper_rate_is_named(edge: str) -> None:
    text = tier_after_text(fee_for(Decimal(edge), SCHEDULES["upwork-tiered"]))
    assert ("10%" if edge == "500" else "5%") in text.split(";")[0]
    assert "lowest rate, 10%" not in text


@pytest.mark.parametrize(
    "text",
    ["@everyone", "<@123456789012345678>", "**bold**", "https://evil.example", "discord.gg/abc"],
)
def test_inert_text_cannot_ping_format_or_link(text: str) -> None:
    shown = inert(text)
    assert "@everyone" not in shown or "@\u200beveryone" in shown
    assert "**" not in shown.replace("\\*", "")
    assert "https://" not in shown
    assert "discord.gg/" not in shown


def test_inert_text_is_cut_to_the_limit() -> None:
    assert len(inert("x" * 5000, limit=100)) == 100


@pytest.mark.parametrize("markup", ["# ", "## ", "### ", "-# ", "> ", ">>> "])
def test_line_markup_after_a_blank_line_stays_plain(markup: str) -> None:
    shown = inert(f"first line\n\n{markup}second")
    assert not any(line.startswith(markup) for line in shown.splitlines())


# Text dense in what Discord reads at a line's start, and in the breaks that start a line.
_MARKUP_HEAVY = st.text(
    alphabet=st.sampled_from(list("#->*+.)0123456789 \t\n\r\u2028\u00a0_~|`\\[]()@<:/ab")),
    max_size=60,
)
_INDENTS = st.sampled_from(["", " ", "  ", "\t", "\u00a0", "    "])
_MARKS = st.sampled_from(["#", "##", "###", "####", "-#", ">", ">>>", "-", "*", "+", "1.", "10)"])
_LINES = st.lists(
    st.tuples(_INDENTS, _MARKS, st.sampled_from([" ", "", "\t"]), st.text(max_size=12)).map(
        "".join
    ),
    max_size=6,
).map("\n".join)
_MEMBER_TEXT = st.one_of(st.text(max_size=200), _MARKUP_HEAVY, _LINES)


@given(_MEMBER_TEXT)
def test_no_line_of_inert_text_starts_with_markup(text: str) -> None:
    for line in inert(text, limit=10_000).splitlines():
        assert not LINE_START_MARKUP.match(line), line


@given(_MEMBER_TEXT)
def test_inert_text_reads_as_typed(text: str) -> None:
    assert as_rendered(inert(text, limit=10_000)) == text.replace("\u200b", "")


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("1. Great to work with", "1\\. Great to work with"),
        ("10) again", "10\\) again"),
        ("  - nested", "  \\- nested"),
        ("+ plus", "\\+ plus"),
        (">", "\\>"),
        ("1.5 stars is fine", "1.5 stars is fine"),
    ],
)
def test_list_markup_is_escaped_where_it_starts_a_line(typed: str, shown: str) -> None:
    assert inert(f"Feedback:\n{typed}") == f"Feedback:\n{shown}"


@pytest.mark.parametrize("typed", ["1. Great to work with", "10) again", "  2. indented"])
def test_a_plain_quote_that_opens_with_a_list_number_is_still_escaped(typed: str) -> None:
    assert "\\" in inert(typed)


# Words, digits and everyday punctuation: what most quoted evidence is made of.
_PLAIN_TEXT = st.lists(st.sampled_from([*"aZ09 ,.'\"!?$%&;=()", "1. ", "2) "])).map("".join)


@given(_PLAIN_TEXT)
def test_plain_text_is_shown_exactly_as_typed_and_still_reads_as_typed(text: str) -> None:
    shown = inert(text, limit=10_000)
    assert as_rendered(shown) == text
    if not text.lstrip(" ")[:1].isdigit():
        assert shown == text
