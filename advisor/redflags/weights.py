"""The fitted weights of the scam score: data written by `python -m bench.fit_screening`.

Do not edit by hand: change the priors or the data and fit again. Each weight is the log-odds
that one flag adds to the scam score; the thresholds are on the 0-100 scale of
`scoring.scam_score`. Fitted on the catalogue's development split and half of the shared
legitimate posts; the held-out split was not used.
"""

INTERCEPT = -1.97

SCAM_WEIGHTS: dict[str, float] = {
    "cheque_or_reimbursement": 4.4,
    "paid_tasks": 3.92,
    "account_rental": 3.7,
    "currency_transfer": 3.66,
    "pay_to_apply": 3.62,
    "reshipping": 3.57,
    "off_platform_contact": 3.11,
    "off_platform_payment": 2.79,
    "personal_details_request": 2.52,
    "free_sample_work": 2.44,
    "run_their_code": 2.41,
    "too_good_to_be_true": 2.02,
    "unsolicited_offer": 1.66,
    "free_mail_company": 1.02,
    "recruiting_lure": 1.01,
    "contact_details": 0.83,
    "new_account": 0.4,
    "payment_unverified": 0.2,
    "zero_spend": 0.11,
}

RED_SCORE = 60
AMBER_SCORE = 20
