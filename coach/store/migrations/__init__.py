"""Alembic migrations of the coach schema, run programmatically (no ``alembic.ini``)."""
