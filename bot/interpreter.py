"""Interpreter settings for a long-running bot: the garbage collector and thread switching.

At start-up the bot loads discord.py, SQLAlchemy, its fee schedules and its screening rules:
hundreds of thousands of objects that live as long as the process. CPython's collector walks
all of them in every full collection, and with its default thresholds an interaction that makes
a few thousand short-lived objects (a billing through the ORM, a report) sets one off every few
interactions: measured in the benchmark, about a third of /momentum's median latency.
`gc.freeze()` moves what exists once the bot is ready out of the collector's sight, and a higher
first threshold lets an interaction finish before the youngest generation is collected. Cycles
are still collected; they just cost less to find.

In a burst, a thousand interactions are in flight at once, and every collection walks all their
objects, which are alive, only to move them to an older generation. Measured in the benchmark,
each burst of 1,000 spent 20 to 120 ms in collections, among them a middle-generation collection
of 30 to 130 ms that held up every interaction in flight. So the collections the thresholds call
for wait until no interaction is being handled (`collect_if_due`, which the command tree runs when
the last one ends): by then the burst's objects are gone, and one collection of 10 to 70 ms finds
the cycles they left. The collector's own trigger stays as a backstop, far higher, for load that
never pauses. Over the benchmark's bursts the collector's time fell by about two thirds, and
/contract bill's throughput rose from about 0.39 of the ceiling to about 0.46.

New job posts are screened on a thread of their own while the event loop reads the gateway.
A thread that wants the interpreter lock waits up to the switch interval for it, 5 ms by
default: every turn of the event loop then waited behind the screening thread, and in a burst
of 1,000 new posts about 300 interactions were acknowledged after Discord's 3 seconds. At
0.5 ms none were, for the same throughput.
"""

from __future__ import annotations

import gc
import sys

# Allocations (net) before the youngest generation is collected; CPython's default is 700.
YOUNG_THRESHOLD = 10_000
OLDER_THRESHOLDS = (20, 50)
# Allocations (net) at which the collector runs by itself, interactions in flight or not: above
# what a burst of 1,000 keeps alive, so that only load that never pauses reaches it.
BACKSTOP_THRESHOLD = 200_000
# Seconds a thread may hold the interpreter lock while another waits for it (default 0.005).
SWITCH_INTERVAL = 0.0005


def tune_for_serving() -> None:
    """Collect once, keep what start-up made out of every later collection, switch threads often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(BACKSTOP_THRESHOLD, *OLDER_THRESHOLDS)
    sys.setswitchinterval(SWITCH_INTERVAL)


def collect_if_due() -> None:
    """Run the collection that the thresholds call for by now, if any: for when no interaction is
    being handled.

    The counts are CPython's own: allocations since the last young collection, young collections
    since the last middle one, middle collections since the last full one.
    """
    young, middle, old = gc.get_count()
    if young < YOUNG_THRESHOLD:
        return
    generation = 0
    if middle >= OLDER_THRESHOLDS[0]:
        generation = 2 if old >= OLDER_THRESHOLDS[1] else 1
    gc.collect(generation)
