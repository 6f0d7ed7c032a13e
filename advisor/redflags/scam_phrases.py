"""Scam phrases, from Upwork's own list of scam patterns (see domain facts, section 6).

Leaving the platform, paying or being paid off it, cheques and reimbursed purchases, fees to apply,
moving money or crypto, asking for bank details, IDs or logins, and free sample work. Some words
are only red flags in context: "Telegram" in "build a Telegram bot" is the work, not a way to leave
Upwork; "PayPal" in "worked at PayPal" is an employer. The checks for that read a bounded window
around the match.
"""

from __future__ import annotations

import re

from advisor.redflags.negation import clause_before, sentence_around
from advisor.redflags.normalise import WORD_START
from advisor.redflags.phrase_rules import GAP, Lead, PhraseRule, any_of

_TECH_AFTER = re.compile(
    r"[\s-]?(?:bots?|api|apis|business|cloud api|integrations?|channels?|groups?|communit(?:y|ies)"
    r"|mini[\s-]?apps?|sdk|clones?|automation|chatbots?|webhooks?|ads|scrapers?|marketing"
    r"|stickers?|templates?|server|servers)\b"
)
_WORK_IN_SENTENCE = re.compile(
    WORD_START
    + r"(?:build|building|develop|developing|developer|create|creating|integrate|integrating"
    r"|integration|automate|automating|automation|program|scrape|scraping|migrate|migrating"
    r"|moving from|switching from|previously used|used to use|replace|replacing|grow|growing"
    r"|moderate|moderating|moderator|experience with|familiar with|knowledge of|api|sdk)\b"
)
_CONTACT_BEFORE = re.compile(
    WORD_START + r"(?:on|via|through|at|in|to|using|my|your|add me|text me|message me|dm me|ping me"
    r"|contact (?:me|us)|reach (?:me|us))\s?$"
)
_CONTACT_BEFORE_STRICT = re.compile(
    WORD_START
    + r"(?:on|via|through|at|using|my|add me|text me|message me|dm me|ping me|contact (?:me|us)"
    r"|reach (?:me|us)|chat)\s?$"
)
_CONTACT_AFTER = re.compile(r"\s?(?:app\b|messenger|id\b|handle|username|number|:|@)")
_EMPLOYER_OR_TECH = re.compile(
    WORD_START
    + r"(?:worked|work at|working at|ex-|former|formerly|alumni|fintech|such as|companies like"
    r"|integrat\w{0,8}|add|adding|implement\w{0,6}|set ?up|setting up|checkout|gateways?|sdk"
    r"|api|plugin|button|webhooks?|sandbox|stripe|providers?|payment methods?)\b"
)


def _as_contact_app(text: str, start: int, end: int) -> bool:
    """Telegram, WhatsApp, Skype...: a way to leave Upwork unless the app is the work itself."""
    if _TECH_AFTER.match(text, end, min(len(text), end + 24)):
        return False
    if _CONTACT_BEFORE.search(clause_before(text, start, 24)):
        return True
    return not _WORK_IN_SENTENCE.search(sentence_around(text, start, end))


def _as_contact_channel(text: str, start: int, end: int) -> bool:
    """Signal, Discord: ordinary words unless they are clearly where to reach someone."""
    if _TECH_AFTER.match(text, end, min(len(text), end + 24)):
        return False
    if _CONTACT_AFTER.match(text, end, min(len(text), end + 12)):
        return True
    return _CONTACT_BEFORE_STRICT.search(clause_before(text, start, 24)) is not None


_TELEGRAM = r"t[e3][l1|i][e3]" + GAP + r"gr[a4@]m"
_WHATSAPP = r"wh?[a4@]t{1,2}'?s?" + GAP + r"[a4@]pp?"
_APPS = any_of(
    _TELEGRAM,
    _WHATSAPP,
    r"sk[yi]pe",
    r"we" + GAP + r"chat",
    r"viber",
    r"google (?:chat|hangouts?)",
    r"hangouts",
    r"snapchat",
    r"kik messenger",
)
_CONTACT_LINKS = any_of(
    r"t\.me/[\w+/-]{0,64}",
    r"telegram\.(?:me|dog)/[\w+/-]{0,64}",
    r"wa\.me/[\w+/-]{0,64}",
    r"api\.whatsapp\.com/[\w?=&+/-]{0,64}",
    r"chat\.whatsapp\.com/[\w+/-]{0,64}",
    r"join\.skype\.com/[\w+/-]{0,64}",
    r"discord\.gg/[\w+/-]{0,64}",
    r"signal\.me/[\w#+/-]{0,64}",
)
_PAY_METHODS = any_of(
    r"pay" + GAP + r"p[a4@][l1|i]",
    r"stripe",
    r"venmo",
    r"z[e3]ll[e3]",
    r"c[a4@]sh" + GAP + r"[a4@]pp",
    r"wise",
    r"payoneer",
    r"skrill",
    r"revolut",
    r"western union",
    r"moneygram",
    r"(?:bank|wire) transfers?",
    r"wire",
    r"gift ?cards?",
)
_COINS = any_of(
    r"bitcoins?",
    r"btc",
    r"crypto(?:currency|currencies)?",
    r"usdt",
    r"usdc",
    r"tether",
    r"ethereum",
    r"eth",
    r"coins",
)
_ID_AND_BANK = any_of(
    r"bank (?:account|details|info(?:rmation)?|login|statements?|card)",
    r"account (?:number|details)",
    r"routing number",
    r"iban",
    r"swift code",
    r"sort code",
    r"ssn",
    r"social security(?: number)?",
    r"passport",
    r"driver'?s? licen[cs]e",
    r"national id",
    r"id card",
    r"(?:photo|copy|scan|picture) of (?:your )?(?:id|identity)",
)
_SECRETS = any_of(
    r"password",
    r"passwords",
    r"(?:gmail|email|paypal|upwork|apple id|facebook|bank) (?:login|password|credentials)",
    r"login (?:details|credentials|and password)",
    r"credit card(?: number| details)?",
    r"debit card(?: number| details)?",
    r"card (?:number|details)",
    r"otp",
    r"one[- ]time (?:code|password)",
    r"verification code",
)
_PAYER = any_of(
    r"pay you",
    r"pay u",
    r"paid",
    r"i pay",
    r"we pay",
    r"i will pay",
    r"we will pay",
    r"i'll pay",
    r"we'll pay",
    r"your (?:payment|salary|pay|wages?)",
    r"payments? (?:is|are|will be)",
    r"salary (?:is|will be)",
)

_PAYER_LEAD = _PAYER + r"\b[^.!?\n]{0,30}\b(?:via|through|by|with|over|using|on|in|to) $"
_PAYER_BEFORE = re.compile(_PAYER_LEAD)


def _as_payment_method(text: str, start: int, end: int) -> bool:
    """PayPal as a way to be paid, not as an employer or a checkout to integrate."""
    if _PAYER_BEFORE.search(clause_before(text, start, 64)):
        return True
    return not _EMPLOYER_OR_TECH.search(sentence_around(text, start, end, 80))


SCAM_RULES: tuple[PhraseRule, ...] = (
    # off-platform payment first: "pay you outside Upwork" is about money, not chat
    PhraseRule(
        "off_platform_payment",
        r"(?:pay|paid|payment|payments|payout|payouts|invoice|invoicing|salary)[a-z ]{0,30}"
        r"(?:outside|off) (?:of )?(?:upwork|the platform|this platform)\b",
    ),
    PhraseRule(
        "off_platform_payment",
        r"(?:avoid|save on|skip|bypass|get around) (?:the |paying )?(?:upwork(?:'s)? )?"
        r"(?:fees?|commission|cut)\b",
    ),
    PhraseRule(
        "off_platform_payment", r"pay" + GAP + r"p[a4@][l1|i]\b", accepts=_as_payment_method
    ),
    PhraseRule(
        "off_platform_payment",
        any_of(
            r"z[e3]ll[e3]",
            r"c[a4@]sh" + GAP + r"[a4@]pp",
            r"venmo",
            r"western union",
            r"moneygram",
            r"direct deposit",
            r"(?:gift|itunes|google play|steam|vanilla) ?cards?",
            r"(?:apple|amazon|ebay|google play|steam|target|walmart) gift ?cards?",
        )
        + r"\b",
    ),
    PhraseRule(
        "off_platform_payment",
        r"(?:your |a |the )?(?:usdt|btc|bitcoin|crypto|eth|trc-?20|erc-?20|bep-?20) "
        r"(?:wallet(?: address)?|address)\b",
    ),
    PhraseRule(
        "off_platform_payment",
        _PAY_METHODS + r"\b",
        leads=(Lead("off_platform_payment", _PAYER_LEAD, 64),),
    ),
    # off-platform contact
    PhraseRule("off_platform_contact", _CONTACT_LINKS),
    PhraseRule("off_platform_contact", _APPS + r"\b", accepts=_as_contact_app),
    PhraseRule("off_platform_contact", r"(?:signal|discord)\b", accepts=_as_contact_channel),
    PhraseRule(
        "off_platform_contact",
        r"(?:text|txt|sms|whatsapp|telegram|email|e-mail|mail) (?:me|us)\b",
    ),
    PhraseRule("off_platform_contact", r"(?:call|ring) (?:me|us) (?:at|on)\b"),
    PhraseRule(
        "off_platform_contact",
        r"(?:contact|reach|message|msg|ping|find|add|write to|hit) (?:me|us)(?: up)?"
        r" (?:at|on|via|through|in|using|by)\b(?! upwork| here| the upwork| this platform)",
    ),
    PhraseRule(
        "off_platform_contact",
        r"send (?:me |us )?(?:your |a |an )?(?:cv|resume|résumé|portfolio|proposal|application"
        r"|details|samples?|contact details|number|phone number|email address)s? (?:to|at)\b"
        r"(?! upwork| this post| the job)",
    ),
    PhraseRule(
        "off_platform_contact",
        r"(?:outside|off) (?:of )?(?:upwork|the platform|this platform|this site)\b",
    ),
    PhraseRule("off_platform_contact", r"off[- ]?platform\b"),
    PhraseRule(
        "off_platform_contact",
        r"(?:my|our) (?:phone|cell|mobile|whatsapp|telegram|skype|contact) (?:number|no|id|handle"
        r"|is)\b",
    ),
    PhraseRule(
        "off_platform_contact",
        r"your (?:phone|mobile|cell|whatsapp|telegram|skype|personal email|email|contact)"
        r" (?:number|no|id|handle|username|address|details)\b",
    ),
    # cheques, equipment and reimbursement
    PhraseRule("cheque_or_reimbursement", r"cheques?\b"),
    PhraseRule(
        "cheque_or_reimbursement",
        r"(?:send|mail|deposit|cash|post|courier|give)(?: you)? (?:a |the |your |this )?"
        r"(?:cashier'?s |certified |company |bank )?checks?\b",
    ),
    PhraseRule("cheque_or_reimbursement", r"cashier'?s checks?\b"),
    PhraseRule("cheque_or_reimbursement", r"checks? (?:for|of|worth) \$"),
    PhraseRule("cheque_or_reimbursement", r"(?:mobile|check|remote) deposit\b"),
    PhraseRule(
        "cheque_or_reimbursement",
        r"reimburs[a-z]{0,6}\b[^.!?\n]{0,60}\b(?:buy|purchase|equipment|supplies|laptop|gift cards?"
        r"|devices?)\b",
    ),
    PhraseRule(
        "cheque_or_reimbursement",
        r"reimburs[a-z]{0,6}\b",
        leads=(
            Lead("cheque_or_reimbursement", r"\b(?:buy|purchase|order|pay for|get)\b", 130, True),
        ),
    ),
    PhraseRule(
        "cheque_or_reimbursement",
        r"(?:send|refund|return|forward|wire|transfer)(?: back)? (?:the |any )?(?:excess"
        r"|difference|overpayment|extra (?:money|funds|amount)|remaining (?:funds|money))\b",
    ),
    PhraseRule(
        "cheque_or_reimbursement",
        r"leave (?:a |us )?(?:5[- ]star |positive |good )?reviews?\b",
        leads=(Lead("cheque_or_reimbursement", r"\b(?:buy|purchase|order)\b", 80, True),),
    ),
    # pay to apply or to train
    PhraseRule(
        "pay_to_apply",
        r"(?:registration|application|applying|training|onboarding|membership|enrol?ment"
        r"|processing|activation|verification|joining|account setup|background check"
        r"|certification|starter kit|kit) (?:fee|fees|deposit|charge|cost)\b",
    ),
    PhraseRule(
        "pay_to_apply",
        r"(?:pay|send|deposit|transfer)(?: us| me)? (?:a |an |the )?(?:small |one[- ]time "
        r"|refundable |security |upfront |registration )?(?:fee|deposit)\b",
    ),
    PhraseRule(
        "pay_to_apply",
        r"(?:purchase|buy|pay for) (?:our |the |a |your )?(?:own )?(?:training|course|starter kit"
        r"|kit|software licen[cs]e|licen[cs]e|membership|program|package|certification)\b",
    ),
    PhraseRule("pay_to_apply", r"refundable (?:deposit|fee)\b"),
    PhraseRule("pay_to_apply", r"pay to (?:apply|work|join|start|get started)\b"),
    # currency and crypto
    PhraseRule(
        "currency_transfer",
        _COINS + r"\b",
        leads=(
            Lead(
                "currency_transfer",
                r"\b(?:buy|purchase|sell|send|transfer|move|exchange|convert|deposit)\b",
                32,
            ),
            Lead("off_platform_payment", _PAYER_LEAD, 64),
        ),
    ),
    PhraseRule(
        "currency_transfer",
        r"(?:(?:into|to) your (?:own )?(?:personal )?(?:bank )?account|on (?:our|my) behalf"
        r"|and (?:forward|send|transfer))\b",
        leads=(
            Lead(
                "currency_transfer",
                r"\b(?:receive|accept|process|collect)\b[^.!?\n]{0,30}\b(?:payments?|funds|money"
                r"|transfers?)\b",
                80,
            ),
        ),
    ),
    PhraseRule(
        "currency_transfer",
        r"(?:payment|financial|money transfer|transfer|funds) (?:processing )?agents?\b",
    ),
    PhraseRule("currency_transfer", r"money (?:mule|transmitter)s?\b"),
    PhraseRule("currency_transfer", r"forward (?:the |our |my )?(?:funds|money|payments?)\b"),
    PhraseRule("currency_transfer", r"(?:bitcoin|crypto|btc) atm\b"),
    # bank, ID, logins, remote access
    PhraseRule(
        "personal_details_request",
        r"(?:" + _ID_AND_BANK + r"|your (?:[a-z]{2,12} )?" + _SECRETS + r")\b",
        leads=(
            Lead(
                "personal_details_request",
                r"\b(?:send|share|provide|give|submit|upload|need|require|enter|entering|forward"
                r"|email|ask)\b",
                48,
            ),
        ),
    ),
    PhraseRule("personal_details_request", r"verify your (?:identity|bank|account with)\b"),
    PhraseRule(
        "personal_details_request",
        r"(?:install|download|run|use)\b[^.!?\n]{0,30}\b(?:anydesk|teamviewer|ultraviewer|rustdesk"
        r"|remote (?:access|desktop) (?:app|software|tool))\b",
    ),
    PhraseRule(
        "personal_details_request",
        r"download (?:and install )?(?:our|the|this|my) (?:[a-z-]{2,20} )?(?:app|software|program"
        r"|application|tool|extension|file)\b[^.!?\n]{0,20}(?:from (?:our|this|my|the) (?:website"
        r"|site|link|portal)|\.exe|\.apk|\.msi|\.dmg)",
    ),
    # free work
    PhraseRule(
        "free_sample_work",
        r"(?:unpaid|free|non[- ]paid|no[- ]pay) (?:test|tests|trial task|test task|test project"
        r"|sample|samples|sample article|sample work|assignment|task|article|design|logo|work"
        r"|mockup|translation|draft)\b",
    ),
    PhraseRule(
        "free_sample_work",
        r"(?:test|sample|trial task|assignment|draft)(?: (?:article|task|project|piece|design"
        r"|translation|video|work|job))?s? (?:is|are|will be|would be) (?:unpaid|not paid|free"
        r"|without pay|at your own expense)\b",
    ),
    PhraseRule(
        "free_sample_work",
        r"(?:sample|test|draft|part|piece|portion) of (?:the |our |your )?(?:final|actual|real)"
        r" (?:deliverable|project|work|product|design|logo)\b",
    ),
    PhraseRule(
        "free_sample_work",
        r"as part of (?:your|the) (?:proposal|application|bid)[^.!?\n]{0,15}\b(?:design|write"
        r"|create|translate|build|record|edit|draw|complete|make|do|code|produce|develop)\b",
    ),
    PhraseRule("free_sample_work", r"only (?:the )?winners? (?:is |are |will be |gets? )?paid\b"),
    PhraseRule("free_sample_work", r"winner takes all\b"),
    PhraseRule(
        "free_sample_work",
        r"(?:only|just) pay (?:the |for the )?(?:one|winner|winning|freelancer|designer"
        r"|illustrator|writer|artist|developer|entry|design|person)\b[a-z ]{0,20}\b(?:we|i)"
        r" (?:select|choose|pick|like)\b",
    ),
    PhraseRule(
        "free_sample_work",
        r"pay (?:only )?(?:if|once|after) (?:we|i) (?:like|approve|choose|select|pick) (?:the |your )?"
        r"(?:sample|test|draft|work|design)\b",
    ),
)
