"""Errors caused by what a member typed: the only exceptions whose message is shown to users as-is."""


class InputError(ValueError):
    """Something the member gave us cannot be used; the message says what to type instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class AmountError(InputError):
    """An amount of money that cannot be read or is out of range."""


class ScheduleError(InputError):
    """An unknown fee schedule, or one used without the rate it needs."""


class CurrencyConversion(InputError):
    """Amounts in two currencies, or an amount in a currency its schedule is not set in: Gigwise
    never converts between currencies."""


class ScenarioError(InputError):
    """A comparison scenario such as `30x500` that cannot be read."""
