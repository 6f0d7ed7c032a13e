"""What Gigwise keeps in memory between answers, and what makes each of those stale.

Every cache of the bot is a `Kept`, and this table is the one place that lists them:

- fee answers (`commands/fees/_answers.py`), by amount, schedule and rate: never stale, as the
  answer is a pure function of its key; 1,024 kept.
- screened posts (`commands/screening/_screened.py`), by a digest of the post and the day: never
  stale, as the day is part of the key; 256 kept.
- server settings (`commands/services.py`), by guild id: replaced at once when saved here, else
  stale after 60 s (another process may have saved them); 10,000 kept.
- member rates (`commands/services.py`), by member: replaced at once when saved here, else stale
  after 60 s; 10,000 kept.
- momentum reports (`commands/momentum/_reports.py`), by member, day and fee schedule: stale
  when the member's revision moves, which the database does on any change to their records;
  1,000 kept.
- momentum embeds (`commands/momentum/_cog.py`), by member: stale when the report they show is
  replaced; 1,000 kept.
- stored counts (`commands/services.py`, `db/repositories/quotas.py`), by member and kind: the
  number of billings or contracts a member keeps, for their quota, counted up as this process
  writes; counted afresh near the cap, after an import, and after 60 s; 10,000 kept.

Per-member cooldowns (`commands.cooldowns`) count uses rather than keep answers, and are not here.

An answer kept in a cache is shared by every member who gets it, so what is kept must not be
changeable: records are frozen dataclasses, and embeds are kept as `FrozenEmbed`, which refuses
every change and hands discord.py a fresh copy of its contents each time it is sent.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Hashable
from types import MappingProxyType
from typing import Any, Generic, TypeVar

import discord
from cachetools import Cache, LRUCache, TTLCache

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Kept(Generic[K, V]):
    """Values kept by key, least recently used dropped first past `maxsize`, and each dropped
    `ttl` seconds after it was kept when a `ttl` is given. Counts its hits and misses."""

    def __init__(
        self,
        name: str,
        maxsize: int,
        *,
        ttl: float | None = None,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self._values: Cache[K, V] = (
            TTLCache(maxsize=maxsize, ttl=ttl, timer=timer)
            if ttl is not None
            else LRUCache(maxsize=maxsize)
        )
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Kept({self.name!r}, {len(self)} kept, {self.hits} hits, {self.misses} misses)"

    def get(self, key: K) -> V | None:
        """The value kept under `key`, or None."""
        found = self._values.get(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, key: K, value: V) -> V:
        """Keep `value` under `key`, replacing what was there; returns it."""
        self._values[key] = value
        return value

    def forget(self, key: K) -> None:
        """Drop what is kept under `key`, if anything."""
        self._values.pop(key, None)


class FrozenEmbedError(TypeError):
    """Something tried to change an embed that is shared by everyone who gets the answer."""

    def __init__(self) -> None:
        super().__init__(
            "this embed is kept and shared by every member who gets it; change a copy() instead"
        )


def _frozen(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({key: _frozen(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    return value


def _thawed(value: Any) -> Any:
    if isinstance(value, MappingProxyType):
        return {key: _thawed(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_thawed(item) for item in value]
    return value


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _unless_frozen(method: _Method) -> _Method:
    """`method`, refused on a frozen embed (a `copy()` of one may change)."""

    @functools.wraps(method)
    def guarded(self: discord.Embed, /, *args: Any, **kwargs: Any) -> Any:
        if getattr(self, "_frozen", False):
            raise FrozenEmbedError()
        return method(self, *args, **kwargs)

    return guarded  # type: ignore[return-value]


class FrozenEmbed(discord.Embed):
    """An embed that can be sent any number of times and never changed.

    Its parts are held as tuples and read-only mappings, every method and attribute that would
    change it raises `FrozenEmbedError`, and `to_dict()` (what discord.py sends) builds plain
    containers anew each call, so nothing a reader does to them reaches the kept embed.
    `copy()` gives an ordinary embed to change.
    """

    __slots__ = ("_frozen",)

    @classmethod
    def of(cls, embed: discord.Embed) -> FrozenEmbed:
        """A frozen copy of `embed`; later changes to `embed` do not reach it."""
        frozen = cls.__new__(cls)
        for slot in discord.Embed.__slots__:
            if hasattr(embed, slot):
                # Copied as it is frozen: nothing is shared with `embed`.
                object.__setattr__(frozen, slot, _frozen(getattr(embed, slot)))
        object.__setattr__(frozen, "_frozen", True)
        return frozen

    def __setattr__(self, name: str, value: Any) -> None:
        if getattr(self, "_frozen", False):
            raise FrozenEmbedError()
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        if getattr(self, "_frozen", False):
            raise FrozenEmbedError()
        super().__delattr__(name)

    def to_dict(self) -> Any:
        return {key: _thawed(value) for key, value in super().to_dict().items()}

    set_footer = _unless_frozen(discord.Embed.set_footer)
    remove_footer = _unless_frozen(discord.Embed.remove_footer)
    set_image = _unless_frozen(discord.Embed.set_image)
    set_thumbnail = _unless_frozen(discord.Embed.set_thumbnail)
    set_author = _unless_frozen(discord.Embed.set_author)
    remove_author = _unless_frozen(discord.Embed.remove_author)
    add_field = _unless_frozen(discord.Embed.add_field)
    insert_field_at = _unless_frozen(discord.Embed.insert_field_at)
    clear_fields = _unless_frozen(discord.Embed.clear_fields)
    remove_field = _unless_frozen(discord.Embed.remove_field)
    set_field_at = _unless_frozen(discord.Embed.set_field_at)
