"""Alembic migrations of the yusuan store (run through :func:`yusuan.store.migrate`)."""
