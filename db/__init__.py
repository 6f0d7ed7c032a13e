"""Persistence for Gigwise: the database and its four units of work, the tables, their migrations
and the repositories that read and write a member's ledger as `advisor.ledger` records.

See db/README.md for how to add a table, a column, a hot query or a migration."""
