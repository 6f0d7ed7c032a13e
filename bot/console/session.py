"""One member's conversation with the bot on the sandbox Discord, as the console carries it.

A line is whatever the member would do in Discord: a slash command, the name of a message menu
followed by the message it is used on, or the number or label of a button or menu option on an
earlier answer. Each goes to the bot as the interaction Discord would send (a command, a
component click, a modal submit), so the bot cannot tell the console from Discord. Files the
bot sends are saved where the member can open them.
"""

# A member may wait as long as Discord lets a bot follow up; Ctrl-C is how they stop waiting.
from __future__ import annotations

import dataclasses
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.sandbox import (
    MANAGER_PERMISSIONS,
    MEMBER_PERMISSIONS,
    CommandLineError,
    Reply,
    SandboxDiscord,
    SandboxError,
    SandboxTimeout,
)
from bot.sandbox.commandline import LineContext, long_text_option
from bot.sandbox.options import MESSAGE_COMMAND, USER_COMMAND
from bot.sandbox.transcript import controls, render_modal, render_reply, shown_messages

# Exit statuses of `gigwise ask`, and the status of each answer.
ANSWERED, FAILED, REFUSED = 0, 1, 2
STATUS_WORDS = {ANSWERED: "answered", FAILED: "failed", REFUSED: "refused"}
# Discord lets a bot follow up on an interaction for 15 minutes.
ANSWER_TIMEOUT = 15 * 60.0
# Who wrote the messages pasted for a message menu: a job post is someone else's message.
POSTER_ID = 100_000_000_000_000_999
_TEXT_INPUT, _SELECT, _LABEL, _ROW = 4, 3, 18, 1
_PARAGRAPH = 2
_NUMBERED = re.compile(r"^\[?(\d{1,3})(?::|\]|\s|$)\s*(.*?)\]?$", re.DOTALL)
_MENTION = re.compile(r"^<@!?(\d+)>$")


@dataclass(frozen=True)
class Identity:
    """Who the console types as: a member of a server, or a direct message when guild_id is None;
    `manager` adds Manage Server, for `/settings`."""

    user_id: int
    guild_id: int | None
    manager: bool = False

    @property
    def permissions(self) -> int:
        return MANAGER_PERMISSIONS if self.manager else MEMBER_PERMISSIONS

    def describe(self) -> str:
        where = f"in server {self.guild_id}" if self.guild_id else "in a direct message"
        rights = ", with Manage Server" if self.manager else ""
        return f"member {self.user_id} {where}{rights}"


@dataclass(frozen=True)
class FormField:
    """One field of a form: a text box (one line, or several) or a menu inside a modal."""

    key: str
    label: str
    placeholder: str = ""
    required: bool = True
    multiline: bool = False
    # A menu's options as (label, value); empty for a text box.
    options: tuple[tuple[str, str], ...] = ()
    max_values: int = 1


@dataclass(frozen=True)
class Form:
    """Something to fill in before anything is sent: a modal the bot opened, or the message a
    message menu is used on. `submit` sends the values, by field key."""

    title: str
    fields: tuple[FormField, ...]
    submit: Callable[[Mapping[str, str]], Awaitable[Answer]]


# `/post #channel text`: not a slash command but a member's message, typed the same way.
_POST = re.compile(r"/post(?:\s+#(?P<channel>[\w-]{1,100}))?(?:\s+(?P<text>.*))?\Z", re.DOTALL)
# How long the console waits for the bot to answer a post (a clean post may get nothing).
POST_ANSWER_WAIT = 3.0


@dataclass(frozen=True)
class Answer:
    """What one line came to: the status, the text to show, and the bot's reply if it had one."""

    status: int
    text: str
    reply: Reply | None = None
    saved: tuple[Path, ...] = ()
    form: Form | None = None


class Console:
    """A member typing to the bot through a running sandbox."""

    def __init__(
        self,
        sandbox: SandboxDiscord,
        identity: Identity,
        files_dir: Path,
        *,
        outcome: Callable[[Reply], int] | None = None,
        timeout: float = ANSWER_TIMEOUT,
    ) -> None:
        self.sandbox = sandbox
        self.identity = identity
        self.files_dir = files_dir
        self.timeout = timeout
        # Whether the bot refused or failed an interaction; every answer counts as answered
        # without it.
        self._outcome = outcome
        # The latest reply that showed controls: a number or label typed next uses them.
        self._controls_reply: Reply | None = None
        self._saved: dict[str, Path] = {}
        sandbox.add_user(POSTER_ID, "job-poster")

    # -- what the member can type -----------------------------------------------------------

    @property
    def commands(self) -> list[dict[str, Any]]:
        """The command definitions the member's server (or DM) sees, as the bot synced them."""
        return self.sandbox.state.commands_visible_in(self.identity.guild_id)

    def menus(self, command_type: int = MESSAGE_COMMAND) -> list[str]:
        return [c["name"] for c in self.commands if c.get("type") == command_type]

    def control_labels(self) -> list[str]:
        """What can be typed to use the current controls: button labels and menu options."""
        labels: list[str] = []
        for _, component in self._current_controls():
            if component.get("type") == 2:
                labels.append(_button_label(component))
            else:
                labels.extend(label for label, _ in _menu_options(component))
        return labels

    def wants_long_text(self, line: str) -> bool:
        """Whether the line leaves a long text to standard input: `/screen` without its post,
        or a message menu without its message."""
        text = line.strip()
        if text.startswith("/"):
            return long_text_option(text, self.commands) is not None
        menu = self._menu(text, MESSAGE_COMMAND)
        return menu is not None and not menu[1]

    # -- sending ----------------------------------------------------------------------------

    async def send(self, line: str, more_text: str | None = None) -> Answer:
        """Do what the line says; `more_text` (standard input) fills a long text it leaves out."""
        text = line.strip()
        if not text:
            return Answer(REFUSED, "Type a command, like /help.")
        if _POST.match(text):
            return await self._post(text, more_text)
        if text.startswith("/"):
            return await self._command(text, more_text)
        message_menu = self._menu(text, MESSAGE_COMMAND)
        if message_menu is not None:
            name, message = message_menu
            return await self._message_menu(name, message or (more_text or "").strip())
        user_menu = self._menu(text, USER_COMMAND)
        if user_menu is not None:
            return await self._user_menu(*user_menu)
        return await self._control(text)

    async def suggestions(self, context: LineContext) -> list[tuple[str, str]]:
        """(value, name) pairs the bot suggests for the option being typed, by a real
        autocomplete interaction; none when the line cannot be sent as it stands."""
        if context.definition is None or context.option is None:
            return []
        values = dict(context.values)
        focused = str(context.option["name"])
        values[focused] = context.prefix
        try:
            choices = await self.sandbox.autocomplete(
                str(context.definition["name"]),
                values,
                focused,
                group=context.group,
                subcommand=context.subcommand,
                user_id=self.identity.user_id,
                guild_id=self.identity.guild_id,
            )
        except (CommandLineError, SandboxError):
            return []
        return [(str(choice["value"]), str(choice["name"])) for choice in choices]

    async def _command(self, line: str, more_text: str | None) -> Answer:
        identity = self.identity
        return await self._answer(
            lambda: self.sandbox.run_line(
                line,
                user_id=identity.user_id,
                guild_id=identity.guild_id,
                permissions=identity.permissions,
                more_text=more_text,
                timeout=self.timeout,
            )
        )

    async def _post(self, line: str, more_text: str | None) -> Answer:
        """`/post #jobs <text>`: a member posts in a channel, as in Discord, and what the bot did
        with the post (a thread, a reaction, a reply) is shown."""
        found = _POST.match(line)
        assert found is not None
        content = (found["text"] or more_text or "").strip()
        if found["channel"] is None or not content:
            return Answer(REFUSED, "Type /post #channel and the message, e.g. /post #jobs <post>.")
        guild_id = self.identity.guild_id
        if guild_id is None:
            return Answer(REFUSED, "Posting needs a server: switch to one first.")
        channel_id = self.sandbox.channel_named(found["channel"], guild_id)
        posted = await self.sandbox.post_message(
            content, channel_id=channel_id, guild_id=guild_id, author_id=POSTER_ID
        )
        message_id = int(posted["id"])
        try:
            await self.sandbox.wait_until(
                lambda: self._answer_to_post(channel_id, message_id) is not None,
                timeout=POST_ANSWER_WAIT,
            )
        except TimeoutError:
            return Answer(
                ANSWERED,
                f"Posted in #{found['channel']}. Gigwise did nothing with it (not a jobs "
                "channel? set one with /moderate jobs-channel channel:#jobs).",
            )
        return Answer(ANSWERED, str(self._answer_to_post(channel_id, message_id)))

    def _answer_to_post(self, channel_id: int, message_id: int) -> str | None:
        thread = self.sandbox.thread_on(message_id)
        if thread is not None:
            answers = self.sandbox.messages_in(int(thread["id"]))
            if answers:
                embeds = answers[0].get("embeds") or [{}]
                return f"Gigwise answered in a thread, {thread['name']!r}:\n" + "\n".join(
                    str(e.get("title", "")) for e in embeds
                )
        message = self.sandbox.message(message_id) or {}
        replies = [
            m
            for m in self.sandbox.messages_in(channel_id)
            if (m.get("message_reference") or {}).get("message_id") == str(message_id)
        ]
        reactions = " ".join(r["emoji"]["name"] for r in message.get("reactions") or ())
        if replies:
            return f"Gigwise reacted {reactions} and replied: {replies[0]['content']}"
        if reactions:
            return f"Gigwise reacted {reactions}"
        return None

    def _menu(self, text: str, command_type: int) -> tuple[str, str] | None:
        """(menu name, what follows it) when the line starts with a context menu's name."""
        folded = text.casefold()
        for name in self.menus(command_type):
            if folded == name.casefold():
                return name, ""
            if folded.startswith(name.casefold()) and text[len(name)] in ": \t\n":
                return name, text[len(name) :].lstrip(":").strip()
        return None

    async def _message_menu(self, name: str, message: str) -> Answer:
        if not message:
            form = Form(
                title=f"{name}: paste the message to use it on",
                fields=(FormField(key="message", label="The message", multiline=True),),
                submit=lambda values: self._message_menu(name, values.get("message", "").strip()),
            )
            return Answer(ANSWERED, form.title, form=form)
        identity = self.identity
        return await self._answer(
            lambda: self.sandbox.invoke_message_command(
                name,
                message,
                author_id=POSTER_ID,
                user_id=identity.user_id,
                guild_id=identity.guild_id,
                permissions=identity.permissions,
                timeout=self.timeout,
            )
        )

    async def _user_menu(self, name: str, target: str) -> Answer:
        mention = _MENTION.match(target)
        target_id = mention.group(1) if mention else target
        if not target_id.isdigit():
            return Answer(REFUSED, f"Type the member's id after the menu's name: {name} 1234.")
        identity = self.identity
        return await self._answer(
            lambda: self.sandbox.invoke_user_command(
                name,
                int(target_id),
                user_id=identity.user_id,
                guild_id=identity.guild_id,
                permissions=identity.permissions,
                timeout=self.timeout,
            )
        )

    # -- buttons and menus ------------------------------------------------------------------

    def _current_controls(self) -> list[tuple[Mapping[str, Any], Any]]:
        if self._controls_reply is None:
            return []
        try:
            latest = self.sandbox.latest(self._controls_reply)
        except SandboxError:
            return []
        return controls(shown_messages(latest))

    async def _control(self, text: str) -> Answer:
        usable = self._current_controls()
        if not usable:
            return Answer(REFUSED, _not_understood(text, self))
        chosen = _choose_control(text, usable)
        if isinstance(chosen, str):
            return Answer(REFUSED, chosen)
        component, values = chosen
        origin = self._controls_reply
        assert origin is not None
        user_id = self.identity.user_id
        return await self._answer(
            lambda: self.sandbox.click(
                self.sandbox.latest(origin),
                str(component["custom_id"]),
                user_id=user_id,
                values=values,
                timeout=self.timeout,
            )
        )

    # -- answers ----------------------------------------------------------------------------

    async def _answer(self, interact: Callable[[], Awaitable[Reply]]) -> Answer:
        try:
            reply = await interact()
        except CommandLineError as error:
            return Answer(REFUSED, str(error))
        except SandboxTimeout:
            return Answer(FAILED, "Gigwise did not answer in time.")
        except SandboxError as error:
            return Answer(REFUSED, str(error))
        return self._received(reply)

    def _received(self, reply: Reply) -> Answer:
        status = self._outcome(reply) if self._outcome is not None else ANSWERED
        if reply.modal is not None and reply.callback_type == 9:
            form = _modal_form(reply, self._submit_modal)
            return Answer(status, render_modal(reply.modal), reply=reply, form=form)
        saved = self._save_files(reply)
        if controls(shown_messages(reply)):
            self._controls_reply = reply
        shown = {key: _shown_path(path) for key, path in self._saved.items()}
        text = render_reply(reply, numbered=True, saved=shown)
        if reply.ephemeral:
            text = f"(only you can see this)\n{text}"
        return Answer(status, text, reply=reply, saved=tuple(saved))

    async def _submit_modal(self, reply: Reply, values: Mapping[str, str]) -> Answer:
        user_id = self.identity.user_id
        return await self._answer(
            lambda: self.sandbox.submit_modal(reply, values, user_id=user_id, timeout=self.timeout)
        )

    def _save_files(self, reply: Reply) -> list[Path]:
        """Save each file the reply carries (once), where the member can open it."""
        saved = []
        for message in shown_messages(reply):
            for attachment in message.get("attachments") or ():
                key = str(attachment.get("id"))
                stored = self.sandbox.state.files.get(int(key)) if key.isdigit() else None
                if key in self._saved or stored is None:
                    continue
                self.files_dir.mkdir(parents=True, exist_ok=True)
                path = _free_path(self.files_dir, _safe_name(stored.filename))
                path.write_bytes(stored.content)
                self._saved[key] = path
                saved.append(path)
        return saved

    def switch(self, **changes: Any) -> None:
        """Type as another member or in another server from now on."""
        self.identity = dataclasses.replace(self.identity, **changes)


def _button_label(component: Mapping[str, Any]) -> str:
    return str(component.get("label") or (component.get("emoji") or {}).get("name") or "button")


def _menu_options(component: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [
        (str(option.get("label", option.get("value"))), str(option.get("value")))
        for option in component.get("options") or ()
    ]


def _choose_control(
    text: str, usable: Sequence[tuple[Mapping[str, Any], Any]]
) -> tuple[Mapping[str, Any], list[str] | None] | str:
    """The control the member means, and the values picked in a menu; or why none is."""
    numbered = _NUMBERED.match(text)
    if numbered is not None:
        number, rest = int(numbered.group(1)), numbered.group(2).strip()
        if not 1 <= number <= len(usable):
            return f"There is no control {number}: type 1 to {len(usable)}."
        component = usable[number - 1][1]
        if component.get("type") == 2:
            return component, None
        if not rest:
            options = ", ".join(label for label, _ in _menu_options(component))
            return f"Choose from menu {number} by typing its number and an option: {options}."
        return _pick(component, rest)
    wanted = text.strip("[]").strip().casefold()
    for _, component in usable:
        if component.get("type") == 2 and _button_label(component).casefold() == wanted:
            return component, None
    for _, component in usable:
        if component.get("type") != 2:
            picked = _pick(component, text)
            if not isinstance(picked, str):
                return picked
    labels = ", ".join(
        _button_label(c) if c.get("type") == 2 else f"an option of {c.get('placeholder', 'a menu')}"
        for _, c in usable
    )
    return f"'{text}' is neither a command nor a control here. Type a number, or one of: {labels}."


def _pick(component: Mapping[str, Any], text: str) -> tuple[Mapping[str, Any], list[str]] | str:
    options = _menu_options(component)
    wanted = [part.strip().casefold() for part in text.split(",") if part.strip()]
    picked = []
    for item in wanted:
        match = next(
            (value for label, value in options if item in (label.casefold(), value.casefold())),
            None,
        )
        if match is None:
            listed = ", ".join(label for label, _ in options)
            return f"'{item}' is not an option of this menu. Options: {listed}."
        picked.append(match)
    low, high = int(component.get("min_values", 1)), int(component.get("max_values", 1))
    if not low <= len(picked) <= high:
        return f"Choose {low} to {high} options, separated by commas."
    return component, picked


def _not_understood(text: str, console: Console) -> str:
    menus = console.menus()
    menu_hint = f" or a message menu ({', '.join(menus)})" if menus else ""
    return (
        f"'{text.splitlines()[0][:60]}' is not something to send. Type a command like /help"
        f"{menu_hint}; `help` shows what the console understands."
    )


def _modal_form(
    reply: Reply, submit: Callable[[Reply, Mapping[str, str]], Awaitable[Answer]]
) -> Form:
    assert reply.modal is not None
    fields = tuple(_modal_fields(reply.modal.get("components") or ()))
    return Form(
        title=str(reply.modal.get("title", "")),
        fields=fields,
        submit=lambda values: submit(reply, values),
    )


def _modal_fields(components: Sequence[Mapping[str, Any]], label: str = "") -> list[FormField]:
    fields: list[FormField] = []
    for component in components:
        kind = component.get("type")
        if kind == _ROW:
            fields.extend(_modal_fields(component.get("components") or ()))
        elif kind == _LABEL:
            inner = component.get("component") or {}
            fields.extend(_modal_fields([inner], str(component.get("label", ""))))
        elif kind == _TEXT_INPUT:
            fields.append(
                FormField(
                    key=str(component["custom_id"]),
                    label=label or str(component.get("label", "")),
                    placeholder=str(component.get("placeholder") or ""),
                    required=bool(component.get("required", True)),
                    multiline=component.get("style") == _PARAGRAPH,
                )
            )
        elif kind == _SELECT:
            fields.append(
                FormField(
                    key=str(component["custom_id"]),
                    label=label or str(component.get("placeholder", "")),
                    placeholder=str(component.get("placeholder") or ""),
                    required=bool(component.get("required", True)),
                    options=tuple(_menu_options(component)),
                    max_values=int(component.get("max_values", 1)),
                )
            )
    return fields


def _safe_name(filename: str) -> str:
    """A sent file's name as a plain file name: no folders, nothing hidden."""
    name = re.sub(r"[^\w.-]+", "_", Path(filename.replace("\\", "/")).name).lstrip(".")
    return name or "file"


def _free_path(folder: Path, name: str) -> Path:
    """`folder/name`, or `name-2`, `name-3`... when a file of that name is already there."""
    path = folder / name
    stem, suffix = path.stem, path.suffix
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}{suffix}"
        number += 1
    return path


def _shown_path(path: Path) -> str:
    """The path as the member can type it: relative to where they are, when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


__all__ = [
    "ANSWERED",
    "FAILED",
    "REFUSED",
    "STATUS_WORDS",
    "Answer",
    "Console",
    "Form",
    "FormField",
    "Identity",
]
