"""A server's community settings: how long warnings last, who moderates them beside Manage
Server, and its screened jobs channel."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from advisor.community.warnings import DEFAULT_EXPIRY_MONTHS, MAX_EXPIRY_MONTHS
from advisor.errors import InputError


class JobsAnswer(Enum):
    """How an amber or red post in the jobs channel is answered."""

    THREAD = "thread"
    REACTION = "reaction"


class JobsGreen(Enum):
    """What a green post in the jobs channel gets."""

    NOTHING = "nothing"
    REACTION = "reaction"


@dataclass(frozen=True)
class CommunitySettings:
    guild_id: int
    expiry_months: int = DEFAULT_EXPIRY_MONTHS
    moderator_role_id: int | None = None
    jobs_channel_id: int | None = None
    jobs_answer: JobsAnswer = JobsAnswer.THREAD
    jobs_green: JobsGreen = JobsGreen.NOTHING


def check_expiry_months(months: int) -> int:
    if not 1 <= months <= MAX_EXPIRY_MONTHS:
        raise InputError(
            f"Warnings can last from 1 to {MAX_EXPIRY_MONTHS} months; "
            f"{DEFAULT_EXPIRY_MONTHS} is the default."
        )
    return months


def may_moderate(manage_server: bool, role_ids: set[int], moderator_role_id: int | None) -> bool:
    """Whether a member may review and delete warnings: Manage Server, or the server's named
    moderator role."""
    return manage_server or (moderator_role_id is not None and moderator_role_id in role_ids)
