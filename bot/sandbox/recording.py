"""What the bot sent to the sandbox, kept for tests to read back and validate."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RecordedRequest:
    """One REST request as the bot sent it.

    `route` is the path template as Discord's OpenAPI description spells it
    ("/interactions/{interaction_id}/{interaction_token}/callback"), `path` the actual path; both
    without the "/api/v10" prefix. `json` is the JSON body, or the `payload_json` part of a
    multipart body; `files` the uploaded files as (filename, bytes). `received_at` is when the
    request arrived (`time.monotonic()`), so a test can see that a retry waited as told.
    """

    method: str
    route: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str]
    json: Any = None
    files: list[tuple[str, bytes]] = field(default_factory=list)
    status: int = 0
    received_at: float = field(default_factory=time.monotonic)


@dataclass(frozen=True)
class SyncRequest:
    """One PUT of the command list: `guild_id` None for global commands, and the body as sent."""

    guild_id: int | None
    body: list[dict[str, Any]]
