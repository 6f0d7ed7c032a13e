"""The sandbox REST API as plain HTTP: headers, errors, recording, fault knobs."""

from __future__ import annotations

import aiohttp
import pytest

from bot.sandbox import SandboxDiscord


def bot_headers(sandbox: SandboxDiscord) -> dict[str, str]:
    return {"Authorization": f"Bot {sandbox.token}"}


async def test_json_content_type_is_exactly_application_json(sandbox: SandboxDiscord) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{sandbox.api_url}/users/@me", headers=bot_headers(sandbox)) as response,
    ):
        assert response.headers["Content-Type"] == "application/json"
        assert (await response.json())["bot"] is True


@pytest.mark.parametrize("token", ["wrong", ""])
async def test_a_wrong_token_is_unauthorized(sandbox: SandboxDiscord, token: str) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.get(
            f"{sandbox.api_url}/users/@me", headers={"Authorization": f"Bot {token}"}
        ) as response,
    ):
        assert response.status == 401
        assert await response.json() == {"message": "401: Unauthorized", "code": 0}


async def test_unknown_route_is_json_404_and_recorded(sandbox: SandboxDiscord) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{sandbox.api_url}/guilds/1/bans", json={"why": "test"}, headers=bot_headers(sandbox)
        ) as response,
    ):
        assert response.status == 404
        assert response.headers["Content-Type"] == "application/json"
    [unknown] = sandbox.unknown_routes
    assert (unknown.method, unknown.path, unknown.json) == (
        "POST",
        "/guilds/1/bans",
        {"why": "test"},
    )


async def test_requests_are_recorded_with_template_query_and_headers(
    sandbox: SandboxDiscord,
) -> None:
    url = f"{sandbox.api_url}/applications/{sandbox.application_id}/commands?with_localizations=1"
    async with (
        aiohttp.ClientSession() as http,
        http.get(url, headers=bot_headers(sandbox)) as response,
    ):
        assert await response.json() == []
    [recorded] = sandbox.requests
    assert recorded.route == "/applications/{application_id}/commands"
    assert recorded.path == f"/applications/{sandbox.application_id}/commands"
    assert recorded.query == {"with_localizations": "1"}
    assert recorded.headers["Authorization"] == f"Bot {sandbox.token}"
    assert recorded.status == 200


async def test_gateway_bot_points_at_the_sandbox(sandbox: SandboxDiscord) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{sandbox.api_url}/gateway/bot", headers=bot_headers(sandbox)) as response,
    ):
        body = await response.json()
    assert body["url"] == sandbox.gateway_url
    assert body["shards"] == 1


async def test_callback_for_an_unknown_interaction_is_discord_error(
    sandbox: SandboxDiscord,
) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{sandbox.api_url}/interactions/1/nope/callback", json={"type": 4}) as response,
    ):
        assert response.status == 404
        assert (await response.json())["code"] == 10062


async def test_rate_limit_knob_answers_429_discord_py_can_retry(sandbox: SandboxDiscord) -> None:
    sandbox.rate_limit_next_callback(1.5)
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{sandbox.api_url}/interactions/1/t/callback", json={"type": 4}) as response,
    ):
        body = await response.json()
        headers = response.headers
    assert response.status == 429
    assert headers["Via"] == "1.1 google"
    assert headers["X-RateLimit-Remaining"] == "0"
    assert headers["X-RateLimit-Reset-After"] == "1.500"
    assert body["retry_after"] == 1.5
    assert body["global"] is False


async def test_failure_knob_applies_to_the_next_callback_only(sandbox: SandboxDiscord) -> None:
    sandbox.fail_next_callback(403)
    url = f"{sandbox.api_url}/interactions/1/t/callback"
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json={"type": 4}) as first:
            assert first.status == 403
        async with http.post(url, json={"type": 4}) as second:
            assert second.status == 404
