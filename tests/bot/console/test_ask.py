"""`gigwise ask`: long text from standard input, buttons and forms as further arguments, JSON."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import discord.gateway
import discord.http
import pytest

from bot.console import ANSWERED, Identity, answer_json, running_console
from bot.settings import load_settings
from tests.bot.console.terminal import GIGWISE, console_env
from tests.bot.console.test_terminal import A_CHECK, WESTERN_UNION, job_post

CALLBACK_ROUTE = "/interactions/{interaction_id}/{interaction_token}/callback"


def ask(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [GIGWISE, "ask", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=console_env(tmp_path),
        timeout=120,
        check=False,
    )


def test_screen_reads_the_whole_post_from_standard_input(tmp_path: Path) -> None:
    result = ask(tmp_path, "/screen", stdin=job_post(30) + "\n")
    assert result.returncode == 0, result.stderr
    assert WESTERN_UNION in result.stdout
    assert A_CHECK in result.stdout


def test_the_message_menu_reads_its_message_from_standard_input(tmp_path: Path) -> None:
    result = ask(tmp_path, "Screen job post", stdin=job_post(12))
    assert result.returncode == 0, result.stderr
    assert WESTERN_UNION in result.stdout
    assert A_CHECK in result.stdout


def test_a_further_argument_presses_a_button(tmp_path: Path) -> None:
    result = ask(tmp_path, "/forget-me", "Keep my records")
    assert result.returncode == 0, result.stderr
    assert "[2: Keep my records]" in result.stdout
    assert result.stdout.rstrip().endswith("Nothing was deleted")


def test_further_arguments_fill_a_form(tmp_path: Path) -> None:
    result = ask(tmp_path, "/screen", "Scope: a logo\nPayment: Western Union only")
    assert result.returncode == 0, result.stderr
    assert "Screen a job post" in result.stdout
    assert WESTERN_UNION in result.stdout


def test_a_form_without_its_fields_is_refused(tmp_path: Path) -> None:
    result = ask(tmp_path, "/screen")
    assert result.returncode == 2
    assert "give each as one more argument" in result.stdout


def test_a_chart_is_saved_where_asked(tmp_path: Path) -> None:
    result = ask(tmp_path, "--files", "charts", "/momentum", "Chart")
    assert result.returncode == 0, result.stderr
    assert "[file saved: charts/momentum.png]" in result.stdout
    assert (tmp_path / "charts" / "momentum.png").read_bytes().startswith(b"\x89PNG")


def test_json_prints_the_reply_for_scripts(tmp_path: Path) -> None:
    result = ask(tmp_path, "--json", "/fee 15000 platform:upwork-tiered")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert (answer["status"], answer["exit_status"], answer["files"]) == ("answered", 0, [])
    [embed] = answer["message"]["embeds"]
    assert "$13,700.00" in embed["description"]
    assert answer["payloads"][0]["data"]["embeds"] == [embed]


def test_json_prints_one_line_per_answer(tmp_path: Path) -> None:
    result = ask(tmp_path, "--json", "/fee amount", "/fee 1")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["status"] for line in lines] == ["refused"]
    assert result.returncode == 2


async def test_json_is_the_payload_the_sandbox_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The console points discord.py at its sandbox; put it back for the tests after this one.
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    gateway = discord.gateway.DiscordWebSocket
    monkeypatch.setattr(gateway, "DEFAULT_GATEWAY", gateway.DEFAULT_GATEWAY)
    settings = load_settings({"GIGWISE_DATA_DIR": str(tmp_path / "data")})
    identity = Identity(user_id=4242, guild_id=7_000_000_000_000_001)
    async with running_console(settings, identity, tmp_path / "files") as console:
        answer = await console.send("/compare 30 x 500 1 x 15000")
        printed = json.loads(json.dumps(answer_json(answer)))
        recorded = [
            request
            for request in console.sandbox.requests
            if request.route == CALLBACK_ROUTE
            and request.path.startswith(f"/interactions/{printed['interaction_id']}/")
        ]
        stored = console.sandbox.state.messages[int(printed["message"]["id"])]
    assert answer.status == ANSWERED
    assert printed["payloads"] == [request.json for request in recorded]
    # The message as Discord keeps it, with the mentions the bot allowed when it sent it.
    mentions = printed["message"].pop("allowed_mentions")
    assert printed["message"] == json.loads(json.dumps(stored))
    assert mentions == printed["payloads"][0]["data"]["allowed_mentions"]
    assert "$1,700.00" in printed["text"]
