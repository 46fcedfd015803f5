"""Alembic environment: migrations run on the connection handed over by ``yusuan.store.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from yusuan.store.models import Base

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):  # pragma: no cover - misuse
    raise RuntimeError("yusuan 的数据库迁移请通过 yusuan.store.migrate(engine) 运行")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
