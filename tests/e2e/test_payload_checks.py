"""The payload checks themselves catch what Discord would refuse (a check that cannot fail proves nothing)."""

from bot.sandbox import RecordedRequest
from tests.e2e.conftest import payload_problems

CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"
SAFE = {"parse": [], "users": [], "roles": []}


def _callback(body: dict) -> RecordedRequest:
    return RecordedRequest("POST", CALLBACK, "/interactions/1/t/callback", {}, {}, json=body)


def test_a_valid_message_callback_passes() -> None:
    body = {"type": 4, "data": {"content": "hi", "allowed_mentions": SAFE, "flags": 64}}
    assert payload_problems(_callback(body)) == []


def test_a_message_that_may_ping_is_caught() -> None:
    body = {"type": 4, "data": {"content": "hi", "allowed_mentions": {"parse": ["everyone"]}}}
    assert any("allowed_mentions" in p for p in payload_problems(_callback(body)))


def test_a_message_without_allowed_mentions_is_caught() -> None:
    body = {"type": 4, "data": {"content": "hi"}}
    assert any("allowed_mentions" in p for p in payload_problems(_callback(body)))


def test_an_unknown_key_is_caught() -> None:
    body = {"type": 4, "data": {"contents": "typo", "allowed_mentions": SAFE}}
    assert any("contents" in p for p in payload_problems(_callback(body)))


def test_an_oversized_embed_title_is_caught() -> None:
    embed = {"title": "x" * 300}
    body = {"type": 4, "data": {"embeds": [embed], "allowed_mentions": SAFE}}
    assert payload_problems(_callback(body)) != []


def test_a_command_with_a_too_long_name_is_caught() -> None:
    route = "/applications/{application_id}/commands"
    body = [{"name": "x" * 40, "description": "d", "type": 1}]
    request = RecordedRequest("PUT", route, "/applications/1/commands", {}, {}, json=body)
    assert payload_problems(request) != []
