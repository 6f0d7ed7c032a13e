"""What the console makes of each line: commands, buttons, menus, forms, context menus, files."""

from __future__ import annotations

from pathlib import Path

from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from bot.console import ANSWERED, REFUSED, Console
from bot.console.completion import ConsoleCompleter
from bot.sandbox import SandboxDiscord
from bot.sandbox.commandline import line_context
from tests.bot.sandbox.rehearsal_bot import REPORT

AUTOCOMPLETE_CALLBACK = 8


async def test_a_menu_option_is_picked_by_its_label(console: Console) -> None:
    shown = await console.send("/pick")
    assert "[1: Platform: Fiverr | Upwork]" in shown.text
    picked = await console.send("upwork")
    assert (picked.status, picked.text) == (ANSWERED, "Picked upwork")


async def test_menu_options_are_picked_by_the_menus_number_and_labels(console: Console) -> None:
    await console.send("/pick")
    picked = await console.send("1 Fiverr, Upwork")
    assert picked.text == "Picked fiverr, upwork"


async def test_a_menus_number_alone_says_how_to_choose(console: Console) -> None:
    await console.send("/pick")
    refused = await console.send("1")
    assert refused.status == REFUSED
    assert "Fiverr, Upwork" in refused.text


async def test_a_disabled_button_is_shown_without_a_number_and_cannot_be_pressed(
    console: Console,
) -> None:
    offer = await console.send("/offer")
    assert "[1: Accept] [2: Details] [Gone]" in offer.text
    refused = await console.send("Gone")
    assert refused.status == REFUSED


async def test_a_button_edits_its_message(console: Console) -> None:
    await console.send("/offer")
    accepted = await console.send("accept")
    assert accepted.text.startswith("Accepted by freelancer")


async def test_a_modal_is_a_form_sent_as_a_modal_submit(console: Console) -> None:
    opened = await console.send("/intake")
    assert opened.form is not None
    client, budget = opened.form.fields
    assert (client.label, client.required, budget.label, budget.required) == (
        "Client",
        True,
        "Budget",
        False,
    )
    saved = await opened.form.submit({client.key: "Acme Corp"})
    assert saved.text == "Saved Acme Corp (budget unknown)"


async def test_a_message_menu_takes_the_message_after_its_name(console: Console) -> None:
    screened = await console.send("Screen post: Need a logo\nby Friday")
    assert screened.text.endswith("21 characters from job-poster")


async def test_a_message_menu_alone_asks_for_the_message(console: Console) -> None:
    asked = await console.send("screen post")
    assert asked.form is not None
    [message] = asked.form.fields
    assert message.multiline
    screened = await asked.form.submit({message.key: "Need a logo"})
    assert screened.text.endswith("11 characters from job-poster")


async def test_a_user_menu_takes_a_member_id(console: Console) -> None:
    profile = await console.send("Client profile <@4242>")
    assert profile.text == "Profile of member4242"


async def test_sent_files_are_saved_and_never_overwritten(console: Console) -> None:
    first = await console.send("/report")
    second = await console.send("/report")
    assert [path.name for path in (*first.saved, *second.saved)] == ["report.txt", "report-2.txt"]
    assert all(path.read_bytes() == REPORT for path in (*first.saved, *second.saved))
    assert f"[file saved: {second.saved[0]}]" in second.text


async def test_a_file_option_takes_a_path(console: Console, tmp_path: Path) -> None:
    statement = tmp_path / "statement.csv"
    statement.write_bytes(b"12345")
    counted = await console.send(f"/upload {statement}")
    assert counted.text == "statement.csv: 5 bytes"


async def test_a_line_that_is_nothing_to_send_is_refused_with_a_pointer(console: Console) -> None:
    refused = await console.send("hello there")
    assert refused.status == REFUSED
    assert "/help" in refused.text
    assert "Screen post" in refused.text


async def test_a_choice_is_typed_by_its_display_name(console: Console) -> None:
    painted = await console.send('/paint "deep sea BLUE"')
    assert painted.text == "Painted navy"


async def test_standard_input_fills_a_message_menus_message(console: Console) -> None:
    assert console.wants_long_text("Screen post")
    screened = await console.send("Screen post", more_text="Line one\nLine two\n")
    assert screened.text.endswith("17 characters from job-poster")


async def test_switching_member_changes_who_presses_the_buttons(console: Console) -> None:
    await console.send("/offer")
    console.switch(user_id=4242)
    refused = await console.send("Details")
    # The rehearsal bot lets anyone press; what matters is who Discord says pressed.
    assert refused.reply is not None
    pending = console.sandbox.state.pending[refused.reply.interaction_id]
    assert pending.invoker["id"] == "4242"


async def test_autocomplete_suggestions_come_from_the_bot(
    console: Console, sandbox: SandboxDiscord
) -> None:
    context = line_context("/platform name:up", console.commands)
    assert context is not None
    assert await console.suggestions(context) == [("upwork", "Upwork")]
    assert AUTOCOMPLETE_CALLBACK in [
        request.json["type"]
        for request in sandbox.requests
        if request.route.endswith("/callback") and isinstance(request.json, dict)
    ]


async def completions(console: Console, text: str) -> list[str]:
    completer = ConsoleCompleter(console)
    found = completer.get_completions_async(
        Document(text), CompleteEvent(completion_requested=True)
    )
    return [completion.text async for completion in found]


async def test_tab_offers_subcommands(console: Console) -> None:
    assert await completions(console, "/contract re") == ["reminder "]


async def test_tab_offers_option_names_not_given_yet(console: Console) -> None:
    assert await completions(console, "/quote 5 r") == ["rush:"]


async def test_tab_offers_a_choice_by_a_word_of_its_display_name(console: Console) -> None:
    assert await completions(console, "/paint sea") == ["navy"]


async def test_tab_offers_the_labels_of_the_latest_buttons(console: Console) -> None:
    await console.send("/offer")
    assert "Accept" in await completions(console, "Acc")
