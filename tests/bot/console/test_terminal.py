"""The console on a real pseudo-terminal: buttons, forms, pasted posts, saved files, Tab, Ctrl-C."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from advisor.fee_calendar import get_rule, schedule_on
from commands.options import PlatformInput
from tests.bot.console.terminal import (
    CTRL_C,
    CTRL_D,
    ENTER,
    ROOT,
    TAB,
    ConsoleSession,
)

CLIENT = "Northwind Traders"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# The evidence a screening quotes, in the typographic quotes only the answer uses (the pasted
# post is shown as it is typed, too).
WESTERN_UNION, A_CHECK = "“Western Union”", "“send a check”"


def job_post(lines: int) -> str:
    """A post of `lines` lines, a red flag in its first line and another in its last."""
    body = [
        f"Page {n}: a section with copy, two images and a contact form." for n in range(2, lines)
    ]
    return "\n".join(
        [
            "Scope: we send a check for the equipment before you start",
            *body,
            "Payment: Western Union only",
        ]
    )


def assert_both_flags_found(shown: str) -> None:
    """The flags of the post's first and last lines: the whole post was screened."""
    assert WESTERN_UNION in shown
    assert A_CHECK in shown


@pytest.fixture
def console(tmp_path: Path) -> Iterator[ConsoleSession]:
    session = ConsoleSession(tmp_path)
    yield session
    session.close()


def log_a_contract(console: ConsoleSession) -> None:
    console.ask(f'/contract add "{CLIENT}" 2500 5', f"from {CLIENT}")


def test_forget_me_confirmed_by_the_buttons_label(console: ConsoleSession) -> None:
    log_a_contract(console)
    asked = console.ask("/forget-me", "[1: Delete everything] [2: Keep my records]")
    assert "Delete all your Gigwise records?" in asked
    console.ask("Delete everything", "Deleted 1 billing, 1 contract, 1 client")
    console.ask("/contract list", "No contracts yet")


def test_forget_me_cancelled_by_the_buttons_number(console: ConsoleSession) -> None:
    log_a_contract(console)
    console.ask("/forget-me", "[2: Keep my records]")
    console.ask("2", "Nothing was deleted")
    console.ask("/contract list", CLIENT)


def test_the_chart_button_saves_a_png_that_opens(console: ConsoleSession, tmp_path: Path) -> None:
    log_a_contract(console)
    console.ask("/momentum", "[1: Chart]")
    console.ask("Chart", "[file saved: gigwise-files/momentum.png]")
    chart = tmp_path / "gigwise-files" / "momentum.png"
    assert chart.read_bytes().startswith(PNG_MAGIC)
    with Image.open(chart) as image:
        image.verify()
    with Image.open(chart) as image:
        width, height = image.size
    assert width > 100
    assert height > 100


def test_export_saves_csv_and_json_files(console: ConsoleSession, tmp_path: Path) -> None:
    log_a_contract(console)
    shown = console.ask("/export", "gigwise-events.json]")
    files = tmp_path / "gigwise-files"
    for name in ("contracts", "billings", "events"):
        for extension in ("csv", "json"):
            assert f"[file saved: gigwise-files/gigwise-{name}.{extension}]" in shown
    contracts = list(
        csv.DictReader(io.StringIO((files / "gigwise-contracts.csv").read_text("utf-8-sig")))
    )
    assert [row["client"] for row in contracts] == [CLIENT]
    [contract] = json.loads((files / "gigwise-contracts.json").read_text())
    assert contract["client"] == CLIENT


def test_screen_with_no_post_opens_a_form_for_a_pasted_30_line_post(
    console: ConsoleSession,
) -> None:
    console.enter("/screen")
    console.expect("Screen a job post")
    console.fill_field(job_post(30))
    assert_both_flags_found(console.answer(WESTERN_UNION))


def test_a_multi_line_paste_after_screen_is_one_command(console: ConsoleSession) -> None:
    console.send("/screen ")
    console.paste(job_post(8))
    console.enter("")
    shown = console.answer(WESTERN_UNION)
    assert_both_flags_found(shown)
    assert "Unknown command" not in shown


def test_the_message_menu_screens_a_pasted_message(console: ConsoleSession) -> None:
    console.enter("Screen job post")
    console.expect("paste the message")
    console.fill_field(job_post(5))
    assert_both_flags_found(console.answer(WESTERN_UNION))


def test_tab_completes_a_command(console: ConsoleSession) -> None:
    console.send("/con" + TAB)
    console.expect("tract")
    console.ask("list", "No contracts yet")


def test_tab_completes_a_members_own_client_from_the_bot(console: ConsoleSession) -> None:
    log_a_contract(console)
    console.send("/fee 1000 client:North" + TAB)
    # The closing quote is in the completed line only (the menu shows the name bare).
    console.expect('Traders"')
    console.ask("", "Already billed to this client: $2,500.00")


def test_tab_completes_a_platform_from_its_display_name(console: ConsoleSession) -> None:
    key, _, word = _a_platform_found_by_its_display_name()
    console.send(f"/fee 1000 platform:{word}" + TAB)
    console.expect(key)
    # The answer's footer names the schedule the fee was priced by: for a dated calendar, the
    # one in force today.
    console.ask("", f"{schedule_on(get_rule(key), date.today()).label} · ")


def _a_platform_found_by_its_display_name() -> tuple[str, str, str]:
    """A platform the bot offers, by key and display name, and a word of that name that no key
    and no other name contains."""
    offered = {str(choice.value): choice.name for choice in PlatformInput().choices}
    for key, name in offered.items():
        for word in re.findall(r"[a-z]{4,}", name.lower()):
            elsewhere = [
                other for other in offered.values() if other != name and word in other.lower()
            ]
            if not elsewhere and not any(word in other_key for other_key in offered):
                return key, name, word
    raise AssertionError("every display name shares its words with a key or another name")


def test_ctrl_c_at_the_prompt_leaves_quietly(console: ConsoleSession) -> None:
    console.send(CTRL_C)
    assert console.finish() == 0
    assert "Traceback" not in console.shown


def test_ctrl_c_drops_a_half_typed_line(console: ConsoleSession) -> None:
    console.send("/fee 99")
    console.expect("99")
    console.send(CTRL_C)
    console.ask("/target 490 upwork-tiered", "Bill $600.00 to take home $490.00")


def test_ctrl_d_leaves(console: ConsoleSession) -> None:
    console.send(CTRL_D)
    assert console.finish() == 0


def test_a_ctrl_c_from_the_terminal_ends_dev_py_run_quietly(tmp_path: Path) -> None:
    # A terminal sends Ctrl-C to the whole foreground process group: dev.py and Gigwise.
    session = ConsoleSession(
        tmp_path, command=[sys.executable, str(ROOT / "dev.py"), "run", "console"]
    )
    try:
        os.killpg(session.child.pid, signal.SIGINT)
        assert session.finish() == 0
    finally:
        session.close()
    assert "Traceback" not in session.shown


def test_the_greeting_says_who_is_typing_and_where_things_are(tmp_path: Path) -> None:
    session = ConsoleSession(tmp_path, "--user", "4242")
    try:
        greeting = session.shown
        assert "member 4242" in greeting
        assert all(flag in greeting for flag in ("--user", "--guild", "--manager", "`help`"))
        assert str(tmp_path / "data" / "gigwise.sqlite3") in greeting
        assert "./gigwise-files/" in greeting
        session.ask("user 77", "You are typing as member 77 in server")
    finally:
        session.close()


def test_history_is_kept_between_runs(tmp_path: Path) -> None:
    first = ConsoleSession(tmp_path)
    try:
        first.ask("/target 490 upwork-tiered", "$600.00")
        first.send(CTRL_D)
        first.finish()
    finally:
        first.close()
    second = ConsoleSession(tmp_path)
    try:
        # The up arrow brings back the line typed in the first run.
        second.send("\x1b[A" + ENTER)
        second.answer("Bill $600.00 to take home $490.00")
    finally:
        second.close()


SCAM_POST = (
    "Data entry, $45/hr, no experience needed. Message me on Telegram @quickhire before "
    "applying. Payment by gift cards."
)


def test_a_post_in_the_jobs_channel_is_answered_in_a_thread(console: ConsoleSession) -> None:
    console.ask("manager on", "Manage Server")
    console.ask("/moderate jobs-channel channel:#jobs", "amber and red posts get a thread")
    console.ask(f"/post #jobs {SCAM_POST}", "Gigwise answered in a thread")


def test_a_post_elsewhere_is_left_alone(console: ConsoleSession) -> None:
    console.ask(f"/post #general {SCAM_POST}", "Gigwise did nothing with it")
