"""What can go wrong when talking to the sandbox Discord, as exceptions a caller can catch."""


class SandboxError(Exception):
    """The sandbox could not do what it was asked (no bot connected, no such command, ...)."""


class SandboxTimeout(SandboxError, TimeoutError):
    """The bot did not answer an interaction in time."""


class AnsweredTooLate(SandboxError):
    """The bot's first response to an interaction came after Discord's 3-second deadline, and was
    refused as Discord refuses it ("Unknown interaction")."""


class CommandLineError(SandboxError, ValueError):
    """A typed command line (or invoke() call) does not fit the synced command definition.

    The message is meant for the person at the console: it says what was wrong and how to type it.
    """
