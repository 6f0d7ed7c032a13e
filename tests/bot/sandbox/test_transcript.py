"""Reply.text(): the bot's answers as a terminal shows them."""

from __future__ import annotations

from typing import Any

from bot.sandbox import Reply, render_message


def reply(
    message: dict[str, Any] | None = None,
    *,
    callback_type: int = 4,
    modal: dict[str, Any] | None = None,
    followups: list[dict[str, Any]] | None = None,
    choices: list[dict[str, Any]] | None = None,
) -> Reply:
    return Reply(
        interaction_id=1,
        callback_type=callback_type,
        message=message,
        ephemeral=False,
        modal=modal,
        followups=followups or [],
        bodies=[],
        files=[],
        choices=choices or [],
    )


def test_content_then_embed_title_description_fields_footer() -> None:
    message = {
        "id": "1",
        "content": "**Fee** for 15000",
        "embeds": [
            {
                "title": "Fiverr",
                "description": "Fiverr keeps 20%",
                "fields": [{"name": "You get", "value": "$12,000.00"}],
                "footer": {"text": "Rates as of 2025"},
            }
        ],
    }
    assert reply(message).text() == (
        "**Fee** for 15000\n\nFiverr\nFiverr keeps 20%\nYou get: $12,000.00\nRates as of 2025"
    )


def test_buttons_render_as_bracketed_labels() -> None:
    message = {
        "id": "1",
        "content": "Offer",
        "components": [
            {
                "type": 1,
                "components": [
                    {"type": 2, "label": "Accept", "custom_id": "a"},
                    {"type": 2, "label": "Decline", "custom_id": "d"},
                ],
            }
        ],
    }
    assert reply(message).text() == "Offer\n\n[Accept] [Decline]"


def test_select_menu_shows_placeholder_and_options() -> None:
    select = {
        "type": 3,
        "custom_id": "p",
        "placeholder": "Platform",
        "options": [{"label": "Fiverr", "value": "f"}, {"label": "Upwork", "value": "u"}],
    }
    message = {"id": "1", "components": [{"type": 1, "components": [select]}]}
    assert reply(message).text() == "[Platform: Fiverr | Upwork]"


def test_text_display_components_are_shown() -> None:
    message = {
        "id": "1",
        "flags": 1 << 15,
        "components": [{"type": 17, "components": [{"type": 10, "content": "## Momentum"}]}],
    }
    assert reply(message).text() == "## Momentum"


def test_modal_shows_title_and_fields() -> None:
    modal = {
        "custom_id": "m",
        "title": "New client",
        "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": "c", "label": "Client"}]},
            {
                "type": 18,
                "label": "Budget",
                "component": {"type": 4, "custom_id": "b", "placeholder": "500"},
            },
        ],
    }
    assert reply(callback_type=9, modal=modal).text() == "New client\n  Client:\n  Budget: (500)"


def test_follow_ups_come_after_the_answer() -> None:
    answer = {"id": "1", "content": "first"}
    followups = [{"id": "2", "content": "second"}]
    assert reply(answer, followups=followups).text() == "first\n\nsecond"


def test_follow_up_that_filled_the_answer_is_shown_once() -> None:
    answer = {"id": "1", "content": "filled"}
    assert reply(answer, callback_type=5, followups=[answer]).text() == "filled"


def test_unfilled_deferral_shows_thinking() -> None:
    message = {"id": "1", "content": "", "flags": 128}
    assert reply(message, callback_type=5).text() == "(thinking…)"


def test_autocomplete_lists_choice_names() -> None:
    choices = [{"name": "Fiverr", "value": "f"}, {"name": "Upwork", "value": "u"}]
    assert reply(callback_type=8, choices=choices).text() == "Fiverr\nUpwork"


def test_attachments_are_named() -> None:
    message = {"id": "1", "content": "Report", "attachments": [{"filename": "fees.csv"}]}
    assert reply(message).text() == "Report\n[file: fees.csv]"


def test_multi_line_field_values_are_indented_under_their_name() -> None:
    message = {
        "embeds": [
            {"fields": [{"name": "Breakdown", "value": "a\nb"}, {"name": "N", "value": "1"}]}
        ]
    }
    assert render_message(message).splitlines() == ["Breakdown:", "  a", "  b", "N: 1"]
