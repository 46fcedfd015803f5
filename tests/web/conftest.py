from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():  # starlette suggests httpx2; httpx 0.28 is what we pin
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient
from web_support import TOKEN

from yusuan.web import Settings, create_app

MakeClient = Callable[..., TestClient]


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[MakeClient]:
    clients: list[TestClient] = []

    def make(**overrides: Any) -> TestClient:
        values: dict[str, Any] = {
            "database_url": f"sqlite:///{tmp_path / 'web.sqlite'}",
            "admin_token": TOKEN,
            "secret": "test-secret",
        }
        values.update(overrides)
        client = TestClient(create_app(Settings(**values)), base_url="http://testserver")
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    return make_client()
