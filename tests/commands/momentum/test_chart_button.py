"""The chart button's custom id carries everything a click needs, and buttons sent before
reports stopped naming a fee schedule still work."""

import pytest

from commands.momentum._cog import ChartButton

LARGEST_SNOWFLAKE = 2**63 - 1


@pytest.mark.parametrize("public", [True, False])
def test_the_custom_id_carries_whose_chart_and_for_whom(public: bool) -> None:
    button = ChartButton(LARGEST_SNOWFLAKE, public)
    found = ChartButton.__discord_ui_compiled_template__.fullmatch(button.custom_id)
    assert found is not None
    assert (int(found["owner"]), found["public"] == "1") == (LARGEST_SNOWFLAKE, public)
    assert len(button.custom_id) <= 100


def test_a_button_sent_with_a_schedule_in_its_id_still_matches() -> None:
    found = ChartButton.__discord_ui_compiled_template__.fullmatch(
        "gigwise:chart:123456789:upwork-tiered:1"
    )
    assert found is not None
    assert (found["owner"], found["public"]) == ("123456789", "1")
