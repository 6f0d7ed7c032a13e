"""The shared look: progress bars and user text made inert."""

from decimal import Decimal

import pytest

from commands.embeds import BAR_WIDTH, inert, progress_bar


@pytest.mark.parametrize(
    ("fraction", "filled", "percent"),
    [
        (Decimal(0), 0, 0),
        (Decimal("0.25"), 3, 25),
        (Decimal("0.999"), 11, 99),
        (Decimal(1), 12, 100),
        (Decimal(-1), 0, 0),
        (Decimal(2), 12, 100),
    ],
)
def test_progress_bar(fraction: Decimal, filled: int, percent: int) -> None:
    bar = progress_bar(fraction)
    assert bar == "▰" * filled + "▱" * (BAR_WIDTH - filled) + f" {percent}%"


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
