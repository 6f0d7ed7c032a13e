"""The interactions the benchmark sends, and the answers it accepts as real ones."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from advisor.redflags import MAX_POST_CHARS
from bench.calls import (
    POST_CHARS,
    bill_call,
    ceiling_call,
    distinct_fee_call,
    distinct_screen_call,
    fee_call,
    job_post,
    screen_call,
)
from bot.sandbox import Reply


def _reply(content: str = "", embeds: list[dict[str, Any]] | None = None) -> Reply:
    message = {"id": "1", "content": content, "embeds": embeds or [], "flags": 0}
    return Reply(1, 4, message, False, None, [], [], [])


@pytest.mark.parametrize(
    ("reply", "accepted"),
    [
        (_reply(embeds=[{"title": "Upwork's 2016–2023 tiers kept $1,300.00 of $15,000.00"}]), True),
        (_reply(embeds=[{"title": "Upwork keeps $1,500.00 of $15,000.00"}]), False),
        (_reply(embeds=[{"title": "Fiverr keeps $3,000.00 of $15,000.00"}]), False),
        (
            _reply("Gigwise is busy right now and nothing was changed: try again in a moment."),
            False,
        ),
        (_reply(), False),
    ],
)
def test_fee_accepts_only_the_seed_articles_answer(reply: Reply, accepted: bool) -> None:
    assert fee_call().expected(reply) is accepted


@pytest.mark.parametrize(
    ("reply", "accepted"),
    [
        (_reply(embeds=[{"title": "Billing recorded: $250.00 on Monthly retainer"}]), True),
        (_reply(embeds=[{"title": "Already recorded: $250.00 on Monthly retainer"}]), False),
        (_reply("I can't find that contract."), False),
    ],
)
def test_bill_accepts_only_a_new_billing(reply: Reply, accepted: bool) -> None:
    assert bill_call({1: 2}).expected(reply) is accepted


def test_screen_refusal_without_an_embed_is_not_an_answer() -> None:
    call = screen_call("post")
    assert call.expected(_reply(embeds=[{"title": "Looks fine · score 0/100"}]))
    assert not call.expected(_reply("Slow down: try again in 9 seconds."))


def test_bills_take_turns_among_members_each_on_their_own_contract() -> None:
    call = bill_call({20: 200, 10: 100}, guild_ids=[7, 8])
    sent = [call.next_invocation() for _ in range(3)]
    assert [(i.user_id, i.options["contract"], i.guild_id) for i in sent] == [
        (10, "100", 7),
        (20, "200", 8),
        (10, "100", 7),
    ]


def test_every_screen_comes_from_a_new_member() -> None:
    call = screen_call("post")
    members = [call.next_invocation().user_id for _ in range(5)]
    assert len(set(members)) == 5


def test_repeated_screens_send_one_post() -> None:
    call = screen_call("post")
    assert {call.next_invocation().options["post"] for _ in range(3)} == {"post"}


def test_new_post_screens_send_a_post_never_sent_before_each_time() -> None:
    post = job_post()
    call = distinct_screen_call(post)
    posts = [str(call.next_invocation().options["post"]) for _ in range(1_000)]
    assert len(set(posts)) == len(posts)
    assert all(p.startswith(post) and len(p) <= MAX_POST_CHARS for p in posts)


def test_the_ceiling_carries_the_text_it_stands_in_for() -> None:
    assert ceiling_call("long post").next_invocation().options == {"text": "long post"}
    assert ceiling_call().next_invocation().options == {}


def test_fee_asks_the_same_question_every_time() -> None:
    asked = {str(i.options) for i in itertools.islice(fee_call().invocations, 3)}
    assert asked == {"{'amount': '15000', 'platform': 'upwork-tiered'}"}


def test_new_amount_fees_ask_about_an_amount_never_asked_before_each_time() -> None:
    amounts = [
        str(i.options["amount"]) for i in itertools.islice(distinct_fee_call().invocations, 1_000)
    ]
    assert len(set(amounts)) == len(amounts)


def test_new_amount_fees_accept_any_upwork_answer_but_no_refusal() -> None:
    call = distinct_fee_call()
    assert call.expected(_reply(embeds=[{"title": "Upwork keeps $1,300.04 of $15,000.51"}]))
    assert not call.expected(_reply("That amount can't be read."))


def test_job_post_is_a_real_post_close_to_the_wanted_length() -> None:
    post = job_post()
    assert POST_CHARS // 2 < len(post) <= POST_CHARS
    assert not post.endswith(" ")
