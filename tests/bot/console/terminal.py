"""`gigwise console` in a real pseudo-terminal, typed into as a member would type."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect

GIGWISE = str(Path(sys.executable).parent / "gigwise")
ROOT = Path(__file__).resolve().parents[3]
PROMPT = "gigwise>"
# Where a form field is typed: its prompt, drawn once the line editor is reading.
FIELD_PROMPT = "  >"
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
CTRL_C, CTRL_D, TAB, ENTER = "\x03", "\x04", "\t", "\r"


def console_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DISCORD_", "GIGWISE_", "DATABASE_", "LOG_LEVEL"))
    }
    env["GIGWISE_DATA_DIR"] = str(tmp_path / "data")
    env["TERM"] = "xterm"
    # pexpect is not a terminal emulator: it never answers prompt_toolkit's question about where
    # the cursor is, which prompt_toolkit would otherwise wait for and warn about.
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    return env


class ConsoleSession:
    """A running `gigwise console` on a pseudo-terminal, and what it has shown."""

    def __init__(self, tmp_path: Path, *args: str, command: list[str] | None = None) -> None:
        argv = command or [GIGWISE, "console", *args]
        self.child = pexpect.spawn(
            argv[0],
            argv[1:],
            cwd=str(tmp_path),
            env=console_env(tmp_path),
            encoding="utf-8",
            timeout=90,
            dimensions=(60, 220),
        )
        self.shown = ""
        self.expect(PROMPT)

    def expect(self, text: str) -> str:
        """Wait until the terminal shows `text`; return what it showed before it, plain."""
        self.child.expect_exact(text)
        before = _plain(self.child.before or "")
        self.shown += before + text
        return before

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def enter(self, line: str) -> None:
        self.child.send(line + ENTER)

    def paste(self, text: str) -> None:
        """Paste as a terminal does when its program asked for bracketed paste."""
        self.child.send(PASTE_START + text + PASTE_END)

    def ask(self, line: str, *expected: str) -> str:
        """Enter a line and wait for each expected text of its answer, then for the prompt."""
        self.enter(line)
        return self.answer(*expected)

    def answer(self, *expected: str) -> str:
        shown = "".join(self.expect(text) + text for text in expected)
        return shown + self.expect(PROMPT)

    def fill_field(self, text: str) -> None:
        """Wait for a form field, paste `text` into it and end it with an empty line."""
        self.expect(FIELD_PROMPT)
        self.paste(text)
        self.send(ENTER + ENTER)

    def finish(self) -> int:
        """Wait for the console to end; its exit status."""
        self.child.expect(pexpect.EOF)
        self.shown += _plain(self.child.before or "")
        self.child.close()
        assert self.child.exitstatus is not None, f"ended by signal {self.child.signalstatus}"
        return int(self.child.exitstatus)

    def close(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)


def _plain(text: str) -> str:
    return _ESCAPES.sub("", text)
