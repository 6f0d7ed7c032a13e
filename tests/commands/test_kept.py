"""The caches' one helper, and kept embeds that no reader can change."""

from __future__ import annotations

import inspect

import discord
import pytest

from commands.kept import FrozenEmbed, FrozenEmbedError, Kept

# What an embed offers that only reads it.
_READERS = {"copy", "to_dict", "from_dict", "fields", "footer", "image", "thumbnail", "video"}
_READERS |= {"provider", "author", "flags", "colour", "color", "timestamp"}


def _answer() -> discord.Embed:
    embed = discord.Embed(title="Upwork keeps $1,300.00", description="of $15,000.00", colour=1)
    embed.add_field(name="Breakdown", value="$500.00 at 20%")
    embed.set_footer(text="Fees as of today")
    embed.set_author(name="Gigwise")
    return embed


def test_a_value_is_kept_until_forgotten() -> None:
    kept: Kept[str, int] = Kept("test", 10)
    assert kept.get("a") is None
    assert kept.put("a", 1) == 1
    assert kept.get("a") == 1
    kept.forget("a")
    assert kept.get("a") is None
    assert (kept.hits, kept.misses) == (1, 2)


def test_the_least_recently_used_goes_first() -> None:
    kept: Kept[str, int] = Kept("test", 2)
    kept.put("a", 1)
    kept.put("b", 2)
    kept.get("a")
    kept.put("c", 3)
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (1, None, 3)


def test_a_value_with_a_lifetime_goes_when_it_ends() -> None:
    now = [0.0]
    kept: Kept[str, int] = Kept("test", 10, ttl=60, timer=lambda: now[0])
    kept.put("a", 1)
    now[0] = 59.9
    assert kept.get("a") == 1
    now[0] = 60.1
    assert kept.get("a") is None


def test_a_frozen_embed_sends_what_the_embed_said() -> None:
    embed = _answer()
    assert FrozenEmbed.of(embed).to_dict() == embed.to_dict()


def test_changing_the_original_afterwards_does_not_reach_the_frozen_copy() -> None:
    embed = _answer()
    frozen = FrozenEmbed.of(embed)
    before = frozen.to_dict()
    embed.add_field(name="Extra", value="x")
    embed.set_footer(text="changed")
    embed.title = "changed"
    assert frozen.to_dict() == before


def test_changing_what_to_dict_gave_does_not_reach_the_embed() -> None:
    frozen = FrozenEmbed.of(_answer())
    before = frozen.to_dict()
    sent = frozen.to_dict()
    sent["fields"].append({"name": "x", "value": "y"})
    sent["footer"]["text"] = "changed"
    sent["title"] = "changed"
    assert frozen.to_dict() == before


def _methods_that_would_change_an_embed() -> list[str]:
    return sorted(
        name
        for name, member in inspect.getmembers(discord.Embed)
        if not name.startswith("_") and callable(member) and name not in _READERS
    )


def test_every_method_that_changes_an_embed_is_refused() -> None:
    # A discord.py release that adds a way to change an embed fails here until it is refused.
    changers = _methods_that_would_change_an_embed()
    assert "add_field" in changers
    frozen = FrozenEmbed.of(_answer())
    for name in changers:
        with pytest.raises(FrozenEmbedError):
            getattr(frozen, name)(*_arguments(name))


def _arguments(method: str) -> list[object]:
    # Positional arguments of the right count; keyword-only ones have defaults or are refused
    # before they are read.
    parameters = inspect.signature(getattr(discord.Embed, method)).parameters.values()
    return [0 for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD and p.name != "self"]


@pytest.mark.parametrize("attribute", ["title", "description", "url", "type", "colour", "color"])
def test_setting_an_attribute_is_refused(attribute: str) -> None:
    frozen = FrozenEmbed.of(_answer())
    with pytest.raises(FrozenEmbedError):
        setattr(frozen, attribute, discord.Colour(2) if "col" in attribute else "changed")


def test_a_field_cannot_be_changed_through_its_container() -> None:
    frozen = FrozenEmbed.of(_answer())
    with pytest.raises(TypeError):
        frozen._fields[0]["name"] = "changed"  # type: ignore[index]
    with pytest.raises(AttributeError):
        frozen._fields.append({})  # type: ignore[attr-defined]


def test_a_copy_can_be_changed_and_the_kept_one_stays() -> None:
    frozen = FrozenEmbed.of(_answer())
    before = frozen.to_dict()
    changed = frozen.copy()
    changed.add_field(name="Your price", value="$1,000.00")
    assert len(changed.fields) == 2
    assert frozen.to_dict() == before
