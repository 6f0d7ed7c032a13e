"""Headache phrases, from the seed article's list of clients who crush momentum.

Rush, open-ended scope, a history of failed freelancers, hostile tone, unpaid trials, pay deferred
to a launch or paid in "exposure", shopping for the cheapest bid, and details left for a chat.
Tone rules cannot be negated: "no time wasters" is a negative statement itself.
"""

from __future__ import annotations

import re

from advisor.redflags.negation import clause_before
from advisor.redflags.normalise import WORD_START
from advisor.redflags.phrase_rules import PhraseRule, any_of

_REPLY_TIME = re.compile(
    WORD_START + r"(?:reply|replies|respond|responds|get back|answer|hear back|review)\b"
)


def _not_reply_time(text: str, start: int, end: int) -> bool:
    """ "We reply within 24 hours" is the client's promise, not a deadline."""
    return not _REPLY_TIME.search(clause_before(text, start, 40))


_FEW = any_of(r"\d{1,2}", "one", "two", "three", "four", "six", "a few", "few", "a couple of")

HEADACHE_RULES: tuple[PhraseRule, ...] = (
    PhraseRule(
        "rush",
        any_of(
            r"asap",
            r"a\.s\.a\.p\.?",
            r"urgent(?:ly)?",
            r"immediately",
            r"right away",
            r"right now",
            r"as soon as possible",
            r"time[- ]sensitive",
            r"rush(?:ed)?",
            r"tight deadline",
            r"last[- ]minute",
        )
        + r"\b",
    ),
    PhraseRule(
        "rush",
        r"(?:need|needed|want|wanted|done|finish|finished|complete|completed|deliver|delivered"
        r"|ready|start|fixed|live|by|before)(?: it| this| them| the [a-z]{2,15})? "
        r"(?:today|tonight|tomorrow)\b",
    ),
    PhraseRule(
        "rush",
        r"(?:within|in|under) (?:24|12|48|six|a few|few|2|3|6|one|two|three) ?(?:hours|hrs|h)\b",
        accepts=_not_reply_time,
    ),
    PhraseRule("rush", r"(?:24|12|48)[- ]?(?:hour|hr|h) turnaround\b"),
    PhraseRule(
        "open_ended_scope",
        r"(?:and|plus) (?:much |many |a lot |lots |so much )?more\b(?! than| info| details)",
    ),
    PhraseRule(
        "open_ended_scope",
        r"(?:and|or|plus|with) (?:any |some )?(?:other|additional|extra|misc(?:ellaneous)?"
        r"|various|random) (?:tasks|duties|things|stuff|projects|work|jobs|requests|errands)\b",
    ),
    PhraseRule(
        "open_ended_scope",
        r"(?:other|various|miscellaneous|misc|random|ad[- ]hoc) (?:tasks|duties|things|stuff"
        r"|requests|errands) (?:as )?(?:needed|required|assigned|requested)\b",
    ),
    PhraseRule("open_ended_scope", r"various (?:other )?(?:tasks|duties|things)\b"),
    PhraseRule(
        "open_ended_scope",
        r"whatever (?:else )?(?:comes up|is needed|we need|i need|needs doing|needs to be done)\b",
    ),
    PhraseRule("open_ended_scope", r"anything (?:else )?(?:we|i) (?:need|ask|want)\b"),
    PhraseRule("open_ended_scope", r"unlimited (?:revisions?|changes|edits|rounds)\b"),
    PhraseRule(
        "open_ended_scope",
        r"until (?:i am|i'm|we are|we're|i'm|i feel) (?:100% |completely |fully )?(?:happy"
        r"|satisfied)\b",
    ),
    PhraseRule("open_ended_scope", r"wear (?:many|multiple|a lot of) hats\b"),
    PhraseRule("open_ended_scope", r"and so on\b"),
    PhraseRule(
        "redo_history",
        r"(?:previous|last|former|old|original|prior) (?:freelancers?|developers?|devs?|designers?"
        r"|writers?|programmers?|agency|agencies|contractors?|coders?|editors?|vas?|assistants?"
        r"|team)\b",
    ),
    PhraseRule(
        "redo_history",
        r"(?:finish|complete|fix|take over|pick up|clean up|continue|salvage|rescue)(?: what"
        r"| the work| the project| the code| the app| work)? (?:someone|somebody|another|a previous"
        r"|the previous|the last|my last|our last|the other)\b",
    ),
    PhraseRule(
        "redo_history",
        r"(?:half[- ]?(?:finished|done|built|complete|completed)|halfway through"
        r"|unfinished (?:project|app|website|site|code|work)"
        r"|abandoned (?:project|app|website|code))\b",
    ),
    PhraseRule("redo_history", r"(?:fix|clean up|sort out) (?:the |this |a |our |their )?mess\b"),
    PhraseRule("redo_history", r"(?:redo|re-do|start over)\b"),
    PhraseRule(
        "redo_history",
        r"(?:\d{1,2}|two|three|four|five|several|multiple|many) (?:freelancers|developers|designers"
        r"|writers|agencies|editors|programmers)(?: have)?(?: already)? (?:tried|failed|quit"
        r"|gave up|couldn'?t|could not)\b",
    ),
    PhraseRule(
        "redo_history",
        r"(?:hired|fired|tried|went through|burned through) (?:\d{1,2}|two|three|four|five|several"
        r"|multiple|many) (?:freelancers|developers|designers|writers|agencies|editors"
        r"|programmers)\b",
    ),
    PhraseRule(
        "redo_history",
        r"(?:burned|burnt|scammed|ripped off|let down) by (?:freelancers|developers|designers"
        r"|writers|agencies|contractors)\b",
    ),
    PhraseRule(
        "redo_history",
        r"(?:disappeared|ghosted|vanished) (?:on us|on me|halfway|mid[- ]project)\b",
    ),
    PhraseRule("hostile_tone", r"(?:no )?time[- ]?wasters?\b", negatable=False),
    PhraseRule(
        "hostile_tone",
        r"(?:don'?t|do not|dont) waste (?:my|our) time\b",
        negatable=False,
    ),
    PhraseRule(
        "hostile_tone",
        r"(?:don'?t|do not|dont) (?:even )?bother(?: applying| bidding| to apply)?\b",
        negatable=False,
    ),
    PhraseRule("hostile_tone", r"(?:don'?t|do not|dont) apply unless\b", negatable=False),
    PhraseRule(
        "hostile_tone",
        r"(?:i|we) (?:will|'ll) (?:leave|give|post) (?:you )?(?:a )?(?:bad|negative|1[- ]star"
        r"|one[- ]star|low|terrible) (?:review|feedback|rating)s?\b",
        negatable=False,
    ),
    PhraseRule("hostile_tone", r"(?:no|zero) (?:excuses|tolerance|nonsense|bs)\b", negatable=False),
    PhraseRule(
        "hostile_tone",
        r"(?:i|we) (?:will|'ll) (?:report|block|sue|dispute) you\b",
        negatable=False,
    ),
    PhraseRule(
        "hostile_tone",
        r"(?:were|are|was|is) (?:all )?(?:useless|incompetent|idiots|morons|lazy|liars|scammers"
        r"|clowns|stupid)\b(?![- ]load)",
        negatable=False,
    ),
    PhraseRule(
        "unpaid_trial",
        r"(?:unpaid|non[- ]paid) (?:trial|probation|internship|training period|trial period"
        r"|probation period|first (?:week|month))\b",
    ),
    PhraseRule(
        "unpaid_trial",
        r"(?:trial|probation)(?: period)?[a-z0-9 ]{0,20} (?:is|will be|are) (?:unpaid|not paid|free"
        r"|without pay|voluntary)\b",
    ),
    PhraseRule(
        "unpaid_trial",
        r"(?:first|1st) (?:" + _FEW + r" )?(?:days?|weeks?|months?) (?:is |are |will be )?"
        r"(?:unpaid|free|without pay|not paid|voluntary)\b",
    ),
    PhraseRule(
        "unpaid_trial",
        r"(?:unpaid|for free|without pay|for no pay) (?:for|during) (?:the )?(?:first )?(?:"
        + _FEW
        + r" )?(?:days?|weeks?|months?)\b",
    ),
    PhraseRule(
        "unpaid_trial",
        r"(?:pay|paid|payment) (?:starts |begins )?(?:only )?(?:after|once) (?:the )?"
        r"(?:trial|probation)\b",
    ),
    PhraseRule("deferred_pay", r"(?:equity only|for equity|sweat equity)\b"),
    PhraseRule(
        "deferred_pay",
        r"(?:pay|paid|payment)(?: you)?(?: only)? (?:once|when|after|if) (?:we|i|the|it|our)\b"
        r"[a-z ]{0,30}\b(?:funding|funded|investment|investors|launch|launches|launched|live"
        r"|revenue|profit|profits|sales|sell|finished|money|earning|earnings)\b",
    ),
    PhraseRule(
        "deferred_pay",
        r"(?:pay|paid) (?:you )?(?:from|out of|with) (?:the |our )?(?:ticket |future |app )?"
        r"(?:revenue|profits?|sales|proceeds)\b",
    ),
    PhraseRule("deferred_pay", r"(?:revenue|rev|profit)[- ]shar(?:e|ing)\b"),
    PhraseRule("deferred_pay", r"(?:a |our )?share of (?:the |our )?(?:profits?|revenue|sales)\b"),
    PhraseRule(
        "deferred_pay",
        r"(?:can'?t|cannot|can not|unable to|won'?t be able to) pay (?:you )?(?:now|yet|upfront"
        r"|right now|at the moment|at first|until)\b",
        negatable=False,
    ),
    PhraseRule("deferred_pay", r"(?:great|good|lots of|in exchange for|for the) exposure\b"),
    PhraseRule(
        "deferred_pay",
        r"(?:unpaid for now|no budget (?:right now|yet|at the moment|for now|currently)"
        r"|will pay (?:you )?later|pay you later|payment later)\b",
    ),
    PhraseRule(
        "deferred_pay",
        r"(?:great|good|nice) (?:for|addition to) your portfolio\b",
    ),
    PhraseRule("wants_cheap", r"cheapest\b"),
    PhraseRule("wants_cheap", r"lowest (?:bid|price|rate|quote|offer|cost)s?\b"),
    PhraseRule(
        "wants_cheap",
        r"cheap (?:freelancers?|developers?|designers?|writers?|work|rates?|prices?|labou?r|help"
        r"|option)\b",
    ),
    PhraseRule("wants_cheap", r"low[- ]budget\b"),
    PhraseRule("wants_cheap", r"tight budget\b"),
    PhraseRule(
        "wants_cheap",
        r"(?:budget|rate|price|pay) is (?:very |super |extremely |quite )?(?:low|tight|limited)\b",
    ),
    PhraseRule(
        "missing_details",
        r"details (?:will be |to be )?(?:shared |discussed |provided |given |explained |sent )?"
        r"(?:later|in (?:the )?(?:chat|interview|dms?|messages?|inbox|private|pm))\b",
    ),
    PhraseRule(
        "missing_details",
        r"(?:will|to|let'?s|we can|we'll|i'll) (?:discuss|explain|share|talk about|go over) "
        r"(?:the )?(?:details|more|everything|specifics|scope|rest)(?: later| in (?:the )?"
        r"(?:chat|interview|private|dms?|messages?|inbox|call))?\b",
    ),
    PhraseRule(
        "missing_details",
        r"(?:dm|message|text|contact|call|email|inbox) (?:me|us) for (?:more )?(?:details|info)\b",
    ),
    PhraseRule(
        "missing_details",
        r"budget:? (?:tbd|tba|to be (?:determined|discussed|decided)|negotiable|open|flexible)\b",
    ),
    PhraseRule("missing_details", r"let'?s talk\b"),
)
