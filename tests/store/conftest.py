"""Store tests run on SQLite and on a real PostgreSQL server (see ``pg_server.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_server import fresh_database, postgres_server
from sqlalchemy import Engine

from yusuan.store import make_engine, migrate


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty store on SQLite (a file) and on a real PostgreSQL server."""
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'store.sqlite'}")
        migrate(eng)
        yield eng
        eng.dispose()
        return
    server = request.getfixturevalue("pg_server")
    with fresh_database(server) as url:
        eng = make_engine(url)
        migrate(eng)
        yield eng
        eng.dispose()
