"""The `gigwise` command: run the bot, open the local console, ask once, sync commands, migrate.

`gigwise` alone connects to Discord when DISCORD_TOKEN is set and opens the local console when it is
not, so a newcomer can try every command before creating a Discord application.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

# Only what reads the command line and the settings is imported here: discord.py and the bot load
# in main(), where Ctrl-C during their second of loading ends quietly like at any other moment.
from bot.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from bot.console import Identity

# Exit statuses: 2 means "fix your settings or your input", as argparse does for bad arguments;
# 130 that Ctrl-C stopped it, as shells report.
OK, FAILED, BAD_SETUP, INTERRUPTED = 0, 1, 2, 130
# The gateway's close code for a token it does not accept.
GATEWAY_AUTHENTICATION_FAILED = 4004

DEFAULT_USER_ID = 100_000_000_000_000_001
DEFAULT_GUILD_ID = 200_000_000_000_000_001
# Relative to where Gigwise runs, so a member finds what it saved beside them.
DEFAULT_FILES_DIR = Path("gigwise-files")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gigwise",
        description="Gigwise, the Discord advisor for freelancer communities. With no command it "
        "connects to Discord when DISCORD_TOKEN is set, and opens the local console otherwise.",
    )
    # `gigwise` alone may open the console, which needs an identity too.
    parser.set_defaults(
        user=DEFAULT_USER_ID, guild=DEFAULT_GUILD_ID, manager=False, files=DEFAULT_FILES_DIR
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="connect to Discord with DISCORD_TOKEN and answer commands")
    sub.add_parser("console", help="try every command locally, on the sandbox Discord")
    ask = sub.add_parser(
        "ask",
        help='answer one command locally and exit, e.g. gigwise ask "/fee 15000"',
        description="Answer a command on the local sandbox Discord and exit. Each further LINE is "
        "used on the answer before it: a button's number or label, a menu option, or a form's "
        "fields, one LINE each. Standard input, when it is not a terminal, fills the long text "
        'the command leaves out: gigwise ask "/screen" < post.txt screens the whole file.',
    )
    ask.add_argument("line", help="the command as you would type it in Discord")
    ask.add_argument("more", nargs="*", metavar="LINE", help="what to do with the answer next")
    ask.add_argument(
        "--json", action="store_true", help="print each answer as one line of JSON, for scripts"
    )
    for command_parser in (ask, sub.choices["console"]):
        command_parser.add_argument("--user", type=int, default=DEFAULT_USER_ID, help="member id")
        command_parser.add_argument(
            "--guild", type=int, default=DEFAULT_GUILD_ID, help="server id (0 for a direct message)"
        )
        command_parser.add_argument(
            "--manager", action="store_true", help="type as a member with Manage Server (/settings)"
        )
        command_parser.add_argument(
            "--files",
            type=Path,
            default=DEFAULT_FILES_DIR,
            metavar="DIR",
            help="where files Gigwise sends are saved (default: ./gigwise-files)",
        )
    sync = sub.add_parser("sync", help="register the slash commands with Discord now")
    sync.add_argument("--guild", type=int, help="register in this server only (instant)")
    sub.add_parser("migrate", help="upgrade the database to this version of Gigwise")
    backup = sub.add_parser(
        "backup",
        help="copy the SQLite database to PATH, consistent even while the bot runs",
        description="Copy the SQLite database to PATH (a new file, or a directory to put a dated "
        "copy in), consistent as of one moment even while Gigwise writes to it. For PostgreSQL, "
        "use pg_dump.",
    )
    backup.add_argument("path", metavar="PATH", help="the copy to make, or a directory for it")
    return parser


def _identity(args: argparse.Namespace) -> Identity:
    from bot.console import Identity

    return Identity(user_id=args.user, guild_id=args.guild or None, manager=args.manager)


async def _sync(settings: Settings, guild_id: int | None) -> int:
    from bot.client import GigwiseBot
    from bot.runner import point_discord_at
    from db.startup import open_database

    if settings.discord_token is None:
        raise SettingsError("DISCORD_TOKEN", "is not set: syncing registers commands with Discord")
    point_discord_at(settings)
    database = await open_database(settings.database_url, lock_wait=settings.database_lock_wait)
    bot = GigwiseBot(settings, database, sync_on_start=False)
    try:
        await bot.login(settings.discord_token.reveal())
        await bot.sync_commands(guild_id=guild_id, force=True)
    finally:
        await bot.close()
        await database.dispose()
    print("Commands registered" + (f" in server {guild_id}." if guild_id else " globally."))
    return OK


async def _migrate(settings: Settings) -> int:
    from db.startup import open_database

    database = await open_database(
        settings.database_url, upgrade=True, lock_wait=settings.database_lock_wait
    )
    await database.dispose()
    print("The database is up to date.")
    return OK


def _backup(settings: Settings, path: str) -> int:
    from db.backup import backup_database

    made = backup_database(settings.database_url, path, busy_timeout=settings.database_lock_wait)
    print(f"Backed up the database to {made.path} ({made.size:,} bytes).")
    return OK


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    command = args.command or ("run" if settings.discord_token else "console")
    if command == "run":
        from bot.runner import serve

        asyncio.run(serve(settings))
        return OK
    if command == "backup":
        return _backup(settings, args.path)
    # The console and its sandbox are imported only when used: `gigwise run` starts without them.
    from bot.console import ask_once, interactive

    if command == "console":
        return asyncio.run(interactive(settings, _identity(args), args.files))
    if command == "ask":
        return asyncio.run(
            ask_once(
                settings,
                [args.line, *args.more],
                _identity(args),
                as_json=args.json,
                files_dir=args.files,
            )
        )
    if command == "sync":
        return asyncio.run(_sync(settings, args.guild))
    return asyncio.run(_migrate(settings))


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:
        # Ctrl-C before the console took over (or during `ask`): stopped, without a traceback.
        return INTERRUPTED


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    import discord

    from bot.logs import install_output
    from db.errors import DatabaseTooNew, DatabaseTooOld, DatabaseUnusable

    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"gigwise: {error}", file=sys.stderr)
        return BAD_SETUP
    local = args.command in {"console", "ask"} or (
        args.command is None and not settings.discord_token
    )
    # The console's output is the conversation; only warnings belong beside it unless asked for.
    level = settings.log_level if not local or "LOG_LEVEL" in os.environ else "WARNING"
    install_output(level, settings.secrets())
    try:
        return _dispatch(args, settings)
    except SettingsError as error:
        print(f"gigwise: {error}", file=sys.stderr)
        return BAD_SETUP
    except (DatabaseTooNew, DatabaseTooOld, DatabaseUnusable) as error:
        print(f"gigwise: {error}", file=sys.stderr)
        return BAD_SETUP
    except discord.ConnectionClosed as error:
        if error.code != GATEWAY_AUTHENTICATION_FAILED:
            raise
        print("gigwise: DISCORD_TOKEN: Discord's gateway refused this token.", file=sys.stderr)
        return BAD_SETUP
    except OSError as error:
        # File-system errors name their file; a network error (also an OSError) does not.
        if error.filename is None:
            raise
        setting = "DATABASE_URL" if os.environ.get("DATABASE_URL") else "GIGWISE_DATA_DIR"
        print(f"gigwise: {setting}: cannot use {error.filename}: {error.strerror}", file=sys.stderr)
        return BAD_SETUP
    except discord.PrivilegedIntentsRequired:
        print(
            "gigwise: GIGWISE_JOBS_CHANNELS is on, but Discord refused the Message Content intent: "
            "switch it on in the developer portal (Bot > Privileged Gateway Intents), "
            "or set GIGWISE_JOBS_CHANNELS=off.",
            file=sys.stderr,
        )
        return BAD_SETUP
    except discord.LoginFailure:
        print(
            "gigwise: DISCORD_TOKEN: Discord refused this token; copy it again from the portal.",
            file=sys.stderr,
        )
        return BAD_SETUP


if __name__ == "__main__":
    sys.exit(main())
