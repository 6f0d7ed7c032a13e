"""Alembic's environment and revisions for Gigwise's schema; run them through `db.migrate`."""
