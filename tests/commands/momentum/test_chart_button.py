"""The chart button's custom id carries everything a click needs, for every fee schedule."""

from __future__ import annotations

import pytest

from advisor.fees import SCHEDULES, get_schedule
from commands.momentum._cog import ChartButton

LARGEST_SNOWFLAKE = 2**63 - 1


@pytest.mark.parametrize("key", sorted(SCHEDULES))
@pytest.mark.parametrize("public", [True, False])
def test_every_schedule_fits_the_custom_id(key: str, public: bool) -> None:
    button = ChartButton(LARGEST_SNOWFLAKE, get_schedule(key), public)
    found = ChartButton.__discord_ui_compiled_template__.fullmatch(button.custom_id)
    assert found is not None
    assert (int(found["owner"]), found["schedule"], found["public"] == "1") == (
        LARGEST_SNOWFLAKE,
        key,
        public,
    )
    # Discord's limit on a custom id.
    assert len(button.custom_id) <= 100
