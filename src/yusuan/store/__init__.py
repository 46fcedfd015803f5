"""Store: budgets, their versions, source documents, parse reports and findings in a database.

SQLite by default (a file), PostgreSQL for a shared installation (``DATABASE_URL``).  The
schema is managed by Alembic migrations inside this package (:func:`migrate`); an import is
one transaction (:func:`import_disclosure`).
"""

from yusuan.store import queries
from yusuan.store.db import database_url, make_engine, migrate
from yusuan.store.imports import (
    COMBINED,
    CombinedSource,
    ImportResult,
    Source,
    SourceFile,
    StoreError,
    import_disclosure,
)
from yusuan.store.queries import BudgetSummary, Document, FileInfo, FindingInfo, VersionInfo

__all__ = [
    "COMBINED",
    "BudgetSummary",
    "CombinedSource",
    "Document",
    "FileInfo",
    "FindingInfo",
    "ImportResult",
    "Source",
    "SourceFile",
    "StoreError",
    "VersionInfo",
    "database_url",
    "import_disclosure",
    "make_engine",
    "migrate",
    "queries",
]
