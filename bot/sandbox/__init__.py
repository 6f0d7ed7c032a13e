"""The sandbox Discord: a local Discord REST API and gateway that the real discord.py client uses.

It drives the bot for the local console (`gigwise ask "/fee 15000"`), end-to-end tests and
benchmarks, through the bot's real command tree.
"""

from bot.sandbox.commandline import TypedCommand, parse_line
from bot.sandbox.errors import AnsweredTooLate, CommandLineError, SandboxError, SandboxTimeout
from bot.sandbox.options import usage
from bot.sandbox.payloads import (
    DEFAULT_APPLICATION_ID,
    DEFAULT_BOT_USER_ID,
    DEFAULT_GUILD_ID,
    DEFAULT_USER_ID,
    MANAGER_PERMISSIONS,
    MEMBER_PERMISSIONS,
    shard_of,
)
from bot.sandbox.recording import RecordedRequest, SyncRequest
from bot.sandbox.reply import Reply
from bot.sandbox.running import connected
from bot.sandbox.server import SandboxDiscord
from bot.sandbox.transcript import render_message, render_reply

__all__ = [
    "DEFAULT_APPLICATION_ID",
    "DEFAULT_BOT_USER_ID",
    "DEFAULT_GUILD_ID",
    "DEFAULT_USER_ID",
    "MANAGER_PERMISSIONS",
    "MEMBER_PERMISSIONS",
    "AnsweredTooLate",
    "CommandLineError",
    "RecordedRequest",
    "Reply",
    "SandboxDiscord",
    "SandboxError",
    "SandboxTimeout",
    "SyncRequest",
    "TypedCommand",
    "connected",
    "parse_line",
    "render_message",
    "render_reply",
    "shard_of",
    "usage",
]
