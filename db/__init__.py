"""Persistence for Gigwise: the engine and sessions, the tables, their migrations and the
repositories that read and write a member's ledger as `advisor.ledger` records."""
